"""nongrata.watchlists: the bundled watchlists (data only).

``agencies.yaml``, ``countries.yaml`` and ``persons.yaml`` follow the format in SPEC.md and
``watchlist.schema.json`` (generated from ``nongrata.matching.model``); read them with
``nongrata.matching.load_watchlists``. Copy them with ``nongrata watchlist init DIR`` to edit.
"""
