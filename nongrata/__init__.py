"""nongrata: news monitoring and alerting for counter-intelligence news.

One folder per stage of a run, each mapped into this import root (README, "Architecture"):
``nongrata.net`` (the guarded HTTP edge), ``nongrata.ingest`` (poll, fetch, clean),
``nongrata.extractors`` (text → events), ``nongrata.watchlists`` (the match stage and the
bundled lists), ``nongrata.events`` (record, cluster, rematch), ``nongrata.alerts``,
``nongrata.pipeline`` (the run as plain functions), ``nongrata.flows`` (Prefect),
``nongrata.evaluation``, ``nongrata.db``, ``nongrata.cli`` and ``nongrata.demo``. This
package itself holds the core: settings, errors and the shared vocabulary (``types``).
"""

__version__ = "0.1.0"
