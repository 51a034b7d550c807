"""Page furniture: the lines of a page that are not the article's running text.

Related-link headlines, captions, newsletter and subscription prompts, "Read more" lines,
tag lists, bylines, and paragraphs repeated by the page template must not create events.
They are recognised by their shape (a short title-case line with no sentence punctuation, a
``Label:`` prefix, a line seen before, a photo credit), never by their wording as a whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nongrata.extractors.english.lexicon import LEXICON

FURNITURE_LABELS = LEXICON.furniture.labels  # "Read more:" prefixes, lower-cased
_LABEL_RE = re.compile(r"^\s*([A-Za-z][A-Za-z ]{0,24}?)\s*[:|]\s+")
_CAPTION_RE = LEXICON.furniture.caption
_PROMPT_RE = LEXICON.furniture.prompt
_SENTENCE_END_RE = re.compile(r"[.!?…。！？؟][\"'”’)\]」』）]*$")
# Scripts written without spaces (Chinese, Japanese): two characters count as one word.
_UNSPACED_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")  # a word in any script
_SMALL_WORDS = LEXICON.furniture.small_words
# A dateline: a place in capitals and/or a date, alone on a line or opening the first
# paragraph ("OSLO, 13 April 2023 — Norway is …").
_DATE = (
    r"\d{1,2} [A-Z][a-z]+,? \d{4}|[A-Z][a-z]+ \d{1,2},? \d{4}|[A-Z][a-z]+ \d{4}"
    r"|\d{4}-\d{2}-\d{2}"
)
_PLACE = r"[A-Z][A-Z.'/-]+(?: [A-Z][A-Z.'/-]+)*"
_DATELINE_ONLY_RE = re.compile(rf"(?:(?P<place>{_PLACE})\s*(?:,|—|–|-)?\s*)?(?P<date>{_DATE})?\.?")
_DATELINE_PREFIX_RE = re.compile(
    rf"^(?:(?P<place>{_PLACE})(?:\s*,\s*(?P<date>{_DATE}))?|(?P<date_only>{_DATE}))"
    r"\s*(?:—|–| - )\s*"
)


@dataclass(frozen=True)
class Block:
    """One line (paragraph) of the page, and whether it is running text."""

    text: str
    furniture: str | None  # why the block is furniture, or None for running text
    headline: bool = False


@dataclass(frozen=True)
class Dateline:
    place: str | None
    date_text: str | None


def is_title_case(line: str) -> bool:
    """Most content words capitalised: a headline or link, not running text."""
    words = [w for w in _WORD_RE.findall(line) if w.lower() not in _SMALL_WORDS]
    if len(words) < 3:
        return False
    capitalised = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    return capitalised / len(words) >= 0.75


def _word_count(line: str) -> int:
    unspaced = len(_UNSPACED_RE.findall(line))
    if not unspaced:
        return len(_WORD_RE.findall(line))
    return len(_WORD_RE.findall(_UNSPACED_RE.sub(" ", line))) + unspaced // 2


def classify_line(line: str, *, seen: set[str], headline_found: bool) -> str | None:
    """Why ``line`` is furniture, or None when it is running text (or the headline)."""
    key = re.sub(r"\W+", " ", line).strip().lower()
    if not key:
        return "empty"
    if key in seen:
        return "repeated"
    label = _LABEL_RE.match(line)
    if label and label.group(1).strip().lower() in FURNITURE_LABELS:
        return "label"
    if " | " in line and not _SENTENCE_END_RE.search(line):
        return "tag-list"
    if _CAPTION_RE.search(line):
        return "caption"
    words = _word_count(line)
    if _PROMPT_RE.search(line) and words <= 30:
        return "prompt"
    sentence_like = bool(_SENTENCE_END_RE.search(line))
    if not sentence_like and headline_found and words <= 20:
        return "title-case" if is_title_case(line) else "fragment"
    if sentence_like and words <= 4:
        return "fragment"
    if not headline_found and not sentence_like and words < 4:
        return "fragment"
    return None


def split_blocks(text: str, title: str | None = None) -> list[Block]:
    """The page's lines, each marked as running text, headline or furniture."""
    blocks: list[Block] = []
    seen: set[str] = set()
    headline_found = title is not None
    if title:
        seen.add(re.sub(r"\W+", " ", title).strip().lower())
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if dateline_only(line):
            blocks.append(Block(line, "dateline"))
            continue
        why = classify_line(line, seen=seen, headline_found=headline_found)
        key = re.sub(r"\W+", " ", line).strip().lower()
        if key:
            seen.add(key)
        if why is None and not headline_found and not _SENTENCE_END_RE.search(line):
            headline_found = True
            blocks.append(Block(line, None, headline=True))
            continue
        if why is None:
            headline_found = True
        blocks.append(Block(line, why))
    return blocks


def dateline_only(line: str) -> bool:
    """A line holding only a place and/or a date ("LONDON, 7 March 2025", "June 2023")."""
    m = _DATELINE_ONLY_RE.fullmatch(line.strip())
    if not m or not (m.group("date") or m.group("place")):
        return False
    return bool(m.group("date")) or len(m.group("place") or "") > 2


def split_dateline(line: str) -> tuple[Dateline | None, str]:
    """A dateline opening ``line`` ("NEW DELHI, 19 September 2023 — India on …"), and the rest."""
    stripped = line.strip()
    if dateline_only(stripped):
        m = _DATELINE_ONLY_RE.fullmatch(stripped)
        assert m is not None
        return Dateline(m.group("place"), m.group("date")), ""
    m = _DATELINE_PREFIX_RE.match(stripped)
    if not m:
        return None, line
    place = m.group("place")
    if place is not None and len(place) <= 2:
        return None, line
    return Dateline(place, m.group("date") or m.group("date_only")), stripped[m.end() :]
