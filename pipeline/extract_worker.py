"""What an extraction worker process runs: spaCy and the extraction rules over articles.

The workers are spawned by ``nongrata.pipeline.nlp_workers`` and import only this module and
the extractors (spaCy, the lexicons), not the pipeline, the database or the HTTP client. Each
builds its extractor and loads its spaCy pipeline as it starts, while the run goes on.
"""

from __future__ import annotations

from typing import Any

from nongrata.errors import ExtractionError
from nongrata.extractors.extract import Extractor
from nongrata.types import ArticleExtraction, ArticleInput

_extractor: Extractor | None = None
_failure: str | None = None

# Extracted once as each worker starts: the first extraction also loads what the rules load
# on first use (date parsing), not only the spaCy pipeline.
# Its language is given, as the pipeline gives the candidates' (``extract_prefiltered``):
# detecting it would load the language model, which a worker never needs.
_WARM_UP = ArticleInput(
    id="warm-up",
    text="Russia expelled two British diplomats on Monday, the foreign ministry said.",
    lang="en",
)


def start(model: str, patterns: list[dict[str, Any]], batch_size: int, focus: bool) -> None:
    """The pool's initializer: the extractor the parent described (the watchlists' entity
    patterns given as such; whole articles are never matched), loaded now. A pipeline that
    cannot be loaded is remembered, and reported by ``ready`` and ``extract_job``."""
    global _extractor, _failure
    extractor = Extractor(
        model=model,
        entity_patterns=patterns,
        batch_size=batch_size,
        article_matches=False,
        focus=focus,
    )
    try:
        extractor.extract([_WARM_UP])
    except ExtractionError as exc:
        _failure = str(exc)
    _extractor = extractor


def ready() -> str | None:
    """Why this worker cannot extract, or None once it can."""
    return _failure


def extract_job(articles: list[ArticleInput]) -> list[ArticleExtraction]:
    """``Extractor.extract`` in this worker."""
    if _failure is not None:
        raise ExtractionError(_failure)
    if _extractor is None:
        raise ExtractionError("the extraction worker was not started")
    return _extractor.extract(articles)
