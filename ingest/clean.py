"""Article page → clean text and metadata (trafilatura; the date comes from htmldate, which
trafilatura runs with the parameters given here)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import trafilatura

from nongrata.errors import ExtractionError
from nongrata.extractors.language import detect_language
from nongrata.ingest.feeds import clean_text

# htmldate parameters: the original publication date (not the last update), searched
# thoroughly; htmldate refuses dates after today by itself.
DATE_PARAMS = {"original_date": True, "extensive_search": True, "outputformat": "%Y-%m-%d"}
_WHITESPACE = re.compile(r"\s+")
# Less main text than this is page furniture ("Home", a cookie notice), not an article.
MIN_TEXT_CHARS = 50


@dataclass(frozen=True)
class CleanedPage:
    text: str
    title: str | None
    published: date | None
    author: str | None
    language: str | None  # ISO 639-1
    content_hash: str  # sha256 hex of the normalised text


def normalise_text(text: str) -> str:
    """The form two copies of one article share: NFKC, case-folded, single spaces."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def _decode(html: bytes | str, charset: str | None) -> bytes | str:
    if isinstance(html, str) or not charset:
        return html
    try:
        return html.decode(charset, errors="replace")
    except LookupError:  # an unknown charset name: let trafilatura detect the encoding
        return html


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def clean_page(
    html: bytes | str,
    *,
    url: str | None = None,
    charset: str | None = None,
    metadata: bool = True,
    language: bool = True,
) -> CleanedPage:
    """Main text, title, publication date, author and language of an article page.

    Without ``metadata`` the title, date and author are not looked for (they stay None):
    reading them (htmldate above all) costs more than the main text, and a feed entry
    usually gives them already. The main text is the same either way. Without
    ``language``, the language is not detected (None): the caller detects it, where the
    model is loaded already.
    Raises :class:`ExtractionError` when the page holds no main text.
    """
    content = _decode(html, charset)
    if not content or (isinstance(content, str) and not content.strip()):
        raise ExtractionError("empty page")
    try:
        document = trafilatura.bare_extraction(
            content,
            url=url,
            with_metadata=metadata,
            include_comments=False,
            include_tables=True,
            date_extraction_params=dict(DATE_PARAMS),
        )
    except (ValueError, TypeError, RecursionError) as exc:
        raise ExtractionError(f"page could not be parsed: {type(exc).__name__}: {exc}") from exc
    if document is None or isinstance(document, dict):
        raise ExtractionError("no main text found in the page")
    text = clean_text(document.text)
    if text is None:
        raise ExtractionError("no main text found in the page")
    if len(text) < MIN_TEXT_CHARS:
        raise ExtractionError(f"too little main text in the page ({len(text)} characters)")
    return CleanedPage(
        text=text,
        title=clean_text(document.title),
        published=_parse_date(document.date),
        author=clean_text(document.author),
        language=detect_language(text) if language else None,
        content_hash=content_hash(text),
    )
