"""Read ``nongrata extract`` PATH arguments into :class:`ArticleInput` objects.

- ``.txt``: the file's text; id = file name without extension; ``published`` = the
  ``published`` argument (``--published``) or None.
- ``.html`` / ``.htm``: the page's main text through ``clean_page``; id = file stem;
  ``published`` = the page's date (else the ``published`` argument); title and language
  from the page.
- ``.jsonl``: one article object a line, ``{"id", "text", "published"?, "title"?, "url"?,
  "lang"?}``; blank lines are skipped; a bad line fails as ``file:line: reason``.

Every problem raises :class:`nongrata.errors.ExtractionError` with one clear line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from nongrata.errors import ExtractionError
from nongrata.ingest.clean import clean_page
from nongrata.types import ArticleInput

TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
_JSONL_FIELDS = frozenset({"id", "text", "published", "title", "url", "lang"})


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ExtractionError(f"{path}: no such file") from exc
    except UnicodeDecodeError as exc:
        raise ExtractionError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    except OSError as exc:
        raise ExtractionError(f"{path}: cannot be read: {exc.strerror or exc}") from exc


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise ExtractionError(f"{path}: no such file") from exc
    except OSError as exc:
        raise ExtractionError(f"{path}: cannot be read: {exc.strerror or exc}") from exc


def read_text_file(path: Path, *, published: date | None = None) -> ArticleInput:
    text = _read_text(path)
    if not text.strip():
        raise ExtractionError(f"{path}: the file is empty")
    return ArticleInput(id=path.stem, text=text, published=published)


def read_html_file(path: Path, *, published: date | None = None) -> ArticleInput:
    html = _read_bytes(path)
    try:
        page = clean_page(html, url=None)
    except ExtractionError as exc:
        raise ExtractionError(f"{path}: {exc}") from exc
    return ArticleInput(
        id=path.stem,
        text=page.text,
        published=page.published or published,
        title=page.title,
        lang=page.language,
    )


def _optional_string(raw: dict[str, Any], key: str, where: str) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ExtractionError(f"{where}: {key!r} must be a string")
    return value or None


def parse_jsonl_line(line: str, where: str) -> ArticleInput:
    """One ``.jsonl`` article; ``where`` (``file:line``) prefixes any error."""
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ExtractionError(f"{where}: not valid JSON: {exc.msg} (column {exc.colno})") from exc
    if not isinstance(raw, dict):
        raise ExtractionError(f"{where}: expected a JSON object, got {type(raw).__name__}")
    unknown = sorted(set(raw) - _JSONL_FIELDS)
    if unknown:
        allowed = ", ".join(sorted(_JSONL_FIELDS))
        raise ExtractionError(
            f"{where}: unknown field(s) {', '.join(unknown)} (allowed: {allowed})"
        )
    article_id = raw.get("id")
    if isinstance(article_id, int) and not isinstance(article_id, bool):
        article_id = str(article_id)
    if not isinstance(article_id, str) or not article_id.strip():
        raise ExtractionError(f"{where}: 'id' is missing or not a non-empty string")
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ExtractionError(f"{where}: 'text' is missing or empty")
    published_text = _optional_string(raw, "published", where)
    published: date | None = None
    if published_text is not None:
        try:
            published = date.fromisoformat(published_text)
        except ValueError as exc:
            raise ExtractionError(
                f"{where}: 'published' must be a date YYYY-MM-DD, got {published_text!r}"
            ) from exc
    return ArticleInput(
        id=article_id,
        text=text,
        published=published,
        title=_optional_string(raw, "title", where),
        url=_optional_string(raw, "url", where),
        lang=_optional_string(raw, "lang", where),
    )


def read_jsonl_file(path: Path) -> list[ArticleInput]:
    articles: list[ArticleInput] = []
    for number, line in enumerate(_read_text(path).splitlines(), start=1):
        if line.strip():
            articles.append(parse_jsonl_line(line, f"{path}:{number}"))
    return articles


def read_inputs(paths: Iterable[Path], *, published: date | None = None) -> list[ArticleInput]:
    """Every article of ``paths`` in argument order (a ``.jsonl`` file's in line order)."""
    articles: list[ArticleInput] = []
    for path in paths:
        suffix = path.suffix.lower()
        if path.is_dir():
            raise ExtractionError(
                f"{path}: is a directory; pass .txt, .html or .jsonl files (e.g. {path}/*.txt)"
            )
        if suffix in TEXT_SUFFIXES:
            articles.append(read_text_file(path, published=published))
        elif suffix in HTML_SUFFIXES:
            articles.append(read_html_file(path, published=published))
        elif suffix in JSONL_SUFFIXES:
            articles.extend(read_jsonl_file(path))
        else:
            kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
            raise ExtractionError(f"{path}: unsupported file type {suffix or '(none)'!r} ({kinds})")
    return articles
