"""Helpers shared by the English extraction tests (one Extractor per test session)."""

from __future__ import annotations

from datetime import date
from functools import cache

from nongrata.extractors.extract import Extractor
from nongrata.types import ArticleExtraction, ArticleInput, ExtractedEvent

PUBLISHED = date(2025, 3, 14)  # a Friday


@cache
def shared_extractor() -> Extractor:
    return Extractor()


def extract_text(text: str, published: date | None = PUBLISHED) -> ArticleExtraction:
    return shared_extractor().extract_one(
        ArticleInput(id="t", text=text, published=published, lang="en")
    )


def events_of(text: str, published: date | None = PUBLISHED) -> list[ExtractedEvent]:
    return list(extract_text(text, published).events)


def triples(
    text: str, published: date | None = PUBLISHED
) -> set[tuple[str, str | None, str | None]]:
    return {(e.type, e.actor_iso, e.target_iso) for e in events_of(text, published)}
