"""nongrata: news monitoring and alerting for counter-intelligence news.

The package is laid out by the design card: ``nongrata.flows`` (Prefect wiring),
``nongrata.extractors`` (pure fetch/clean/NLP functions), ``nongrata.db`` (models, sessions,
migrations), ``nongrata.watchlists`` (bundled YAML data), plus ``nongrata.net`` (the guarded
HTTP edge), ``nongrata.pipeline`` (the stages the flows wire), ``nongrata.watchlists``
(watchlist model and name matching), ``nongrata.alerts`` and ``nongrata.cli``.
"""

__version__ = "0.1.0"
