"""Is an event fresh news or background? Judged against the article's publication date.

A mention's time cues (explicit and relative dates, "last month", "in 2018", "a year ago",
"hours after", weekdays), its tense ("had expelled" outside reported speech), background
adverbs ("previously", "in the past") and first-disclosure verbs ("revealed", "disclosed",
"it emerged") each give a verdict; :func:`classify_time` and :func:`clause_cues` turn them into
a :class:`TimeVerdict`.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

import dateparser

from nongrata.extractors.english.lexicon import LEXICON, MONTHS, WEEKDAYS

Status = Literal["new", "old", "future", "none"]
# An event this many days before publication (or fewer) is fresh news.
FRESH_DAYS = 7

_FRESH_RE = LEXICON.patterns["fresh"]
_OLD_RE = LEXICON.patterns["old"]
_FUTURE_RE = LEXICON.patterns["future"]
_LAST_MONTH_RE = LEXICON.patterns["last_month"]
_SAME_RE = LEXICON.patterns["same"]
_YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass(frozen=True)
class TimeVerdict:
    status: Status
    when: date | None = None
    explicit: bool = False  # a date or relative expression decided it (not tense or default)


NONE = TimeVerdict("none")


def classify_time(text: str, reference: date | None) -> TimeVerdict:
    """What a time expression says about an event reported on ``reference``."""
    lowered = text.lower().strip()
    if not lowered:
        return NONE
    if _SAME_RE.search(lowered):
        return TimeVerdict("none")
    if _FUTURE_RE.search(lowered):
        return TimeVerdict("future", explicit=True)
    if _OLD_RE.search(lowered):
        return TimeVerdict("old", explicit=True)
    last_month = _LAST_MONTH_RE.search(lowered)
    if last_month is not None and not _YEAR_RE.search(lowered):
        return _last_named_month(MONTHS[last_month.group(1)], reference)
    words = set(re.findall(r"[a-z]+", lowered))
    has_month = any(w in MONTHS for w in words) and not (words & {"may"} and len(words) == 1)
    years = [int(y) for y in _YEAR_RE.findall(lowered)]
    if (words & WEEKDAYS) and not has_month and not years:
        return TimeVerdict("new", _weekday_date(words & WEEKDAYS, reference), explicit=True)
    if _FRESH_RE.search(lowered) and not has_month and not years:
        if re.search(r"\b(weeks|months|years)\b", lowered):
            return TimeVerdict("old", explicit=True)
        return TimeVerdict("new", reference, explicit=True)
    if has_month or years:
        return _absolute(lowered, years, reference)
    return NONE


def _last_named_month(month: int, reference: date | None) -> TimeVerdict:
    """ "last November": the latest November before the publication month (always over)."""
    if reference is None:
        return TimeVerdict("old", explicit=True)
    year = reference.year if month < reference.month else reference.year - 1
    return TimeVerdict("old", date(year, month, 1), explicit=True)


def _absolute(text: str, years: list[int], reference: date | None) -> TimeVerdict:
    parsed = _parse_date(text, reference)
    if reference is None:
        return TimeVerdict("old", parsed, explicit=True)
    has_day = bool(re.search(r"\b\d{1,2}(st|nd|rd|th)?\b", _YEAR_RE.sub("", text)))
    if parsed is None:
        if years and max(years) < reference.year:
            return TimeVerdict("old", None, explicit=True)
        return NONE
    if parsed > reference + timedelta(days=1):
        if years or parsed.year > reference.year:
            return TimeVerdict("future", parsed, explicit=True)
        # "in March" in an October article names the past March
        parsed = parsed.replace(year=parsed.year - 1)
    age = (reference - parsed).days
    if has_day or "late" in text or "end of" in text:
        return TimeVerdict("new" if age <= FRESH_DAYS else "old", parsed, explicit=True)
    if years and not any(w in text for w in MONTHS):
        # a bare year: old when before the publication year, otherwise undecided
        return TimeVerdict("old" if parsed.year < reference.year else "none", parsed, True)
    # a month: old when the month is over, undecided for the current month
    if (parsed.year, parsed.month) < (reference.year, reference.month):
        return TimeVerdict("old", parsed, explicit=True)
    return TimeVerdict("none", parsed)


def _parse_date(text: str, reference: date | None) -> date | None:
    cleaned = re.sub(r"\b(in|on|since|by|during|early|late|mid|the end of|end of|of)\b", " ", text)
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" ,.-")
    if not cleaned:
        return None
    settings: dict[str, object] = {"PREFER_DAY_OF_MONTH": "first", "PREFER_DATES_FROM": "past"}
    if reference is not None:
        settings["RELATIVE_BASE"] = datetime(reference.year, reference.month, reference.day)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = dateparser.parse(cleaned, languages=["en"], settings=settings)
    return parsed.date() if parsed is not None else None


def _weekday_date(days: set[str], reference: date | None) -> date | None:
    if reference is None:
        return None
    names = [d for d in days if d != "weekend"]
    if not names:
        return None
    target = _weekday_index(names[0])
    delta = (reference.weekday() - target) % 7
    return reference - timedelta(days=delta)


def _weekday_index(name: str) -> int:
    return ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].index(
        name
    )


def parse_reference_date(text: str | None) -> date | None:
    """A dateline's date ("13 April 2023", "June 2023") as the article's reference date."""
    if not text:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = dateparser.parse(
            text,
            languages=["en"],
            settings={"PREFER_DAY_OF_MONTH": "last", "REQUIRE_PARTS": ["year"]},
        )
    return parsed.date() if parsed is not None else None


def combine(verdicts: list[TimeVerdict]) -> TimeVerdict:
    """The verdict of a mention from its own cues: explicit old beats fresh weekday cues
    only when it names a date; the first decisive cue wins otherwise."""
    decisive = [v for v in verdicts if v.status != "none"]
    if not decisive:
        return NONE
    for status in ("future", "old", "new"):
        for verdict in decisive:
            if verdict.status == status and verdict.explicit:
                return verdict
    return decisive[0]
