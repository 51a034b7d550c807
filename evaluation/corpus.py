"""A labeled corpus (``nongrata eval``, ``scripts/eval_gate.py``): ``DIR/articles/<id>.txt``
plus ``DIR/labels.jsonl`` (SPEC.md, corpus README), read as extraction inputs and gold labels
(scored by :mod:`nongrata.evaluation.evaluate`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from nongrata.errors import ExtractionError
from nongrata.types import EVENT_TYPES, ArticleInput

LABELS_FILE = "labels.jsonl"
ARTICLES_DIR = "articles"


@dataclass(frozen=True)
class GoldEvent:
    """A labelled event: what of an event is scored (a prediction is reduced to the same)."""

    type: str
    new: bool
    actor: str | None
    actor_iso: str | None
    target: str | None
    target_iso: str | None

    def describe(self) -> str:
        flag = "new" if self.new else "old"
        return f"{self.type}({self.actor or '?'} -> {self.target or '?'}, {flag})"


@dataclass(frozen=True)
class GoldArticle:
    id: str
    lang: str | None
    published: date | None
    alert: bool
    events: tuple[GoldEvent, ...] = ()
    agencies: tuple[str, ...] = ()
    persons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Corpus:
    path: Path
    articles: tuple[ArticleInput, ...]
    gold: tuple[GoldArticle, ...]


# Loading ---------------------------------------------------------------------------------


def _optional_date(value: Any, where: str) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ExtractionError(f"{where}: 'published' must be a YYYY-MM-DD string or null")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ExtractionError(f"{where}: 'published' is not a YYYY-MM-DD date: {value!r}") from exc


def _optional_str(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _gold_event(raw: Any, where: str) -> GoldEvent:
    if not isinstance(raw, dict) or raw.get("type") not in EVENT_TYPES:
        raise ExtractionError(f"{where}: every event needs a 'type' among {', '.join(EVENT_TYPES)}")
    return GoldEvent(
        type=str(raw["type"]),
        new=bool(raw.get("new", False)),
        actor=_optional_str(raw.get("actor")),
        actor_iso=_optional_str(raw.get("actor_iso")),
        target=_optional_str(raw.get("target")),
        target_iso=_optional_str(raw.get("target_iso")),
    )


def _string_list(value: Any, name: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ExtractionError(f"{where}: {name!r} must be a list of strings")
    return tuple(value)


def parse_label(line: str, where: str) -> GoldArticle:
    """One ``labels.jsonl`` line; ``where`` is ``file:line`` for the error message."""
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ExtractionError(f"{where}: not valid JSON: {exc.msg}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not raw["id"]:
        raise ExtractionError(f"{where}: each label needs a non-empty string 'id'")
    events = raw.get("events") or []
    if not isinstance(events, list):
        raise ExtractionError(f"{where}: 'events' must be a list")
    return GoldArticle(
        id=raw["id"],
        lang=_optional_str(raw.get("lang")),
        published=_optional_date(raw.get("published"), where),
        alert=bool(raw.get("alert", False)),
        events=tuple(_gold_event(e, where) for e in events),
        agencies=_string_list(raw.get("agencies"), "agencies", where),
        persons=_string_list(raw.get("persons"), "persons", where),
    )


def load_corpus(directory: Path) -> Corpus:
    """The articles (as extraction inputs, with the labels' ``published`` and ``lang``) and
    their labels, in label order. Raises :class:`ExtractionError` naming what is wrong."""
    labels_path = directory / LABELS_FILE
    if not labels_path.is_file():
        raise ExtractionError(f"{directory}: not a labeled corpus (no {LABELS_FILE})")
    try:
        lines = labels_path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ExtractionError(f"{labels_path}: cannot be read: {exc}") from exc
    gold: list[GoldArticle] = []
    articles: list[ArticleInput] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{labels_path}:{number}"
        label = parse_label(line, where)
        if label.id in seen:
            raise ExtractionError(f"{where}: duplicate id {label.id!r}")
        seen.add(label.id)
        text_path = directory / ARTICLES_DIR / f"{label.id}.txt"
        try:
            text = text_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ExtractionError(f"{where}: article {text_path} cannot be read: {exc}") from exc
        gold.append(label)
        articles.append(
            ArticleInput(id=label.id, text=text, published=label.published, lang=label.lang)
        )
    return Corpus(directory, tuple(articles), tuple(gold))
