"""Newness of an event from the date cues around it, in the article's language.

An event is new when the temporal cue nearest to its trigger says so: a fresh cue (today,
yesterday, a weekday, a date within a week of publication) makes it new; a background cue
(last year, months ago, a past year, a pluperfect verb, a date more than a week before
publication) makes it old. With no cue at all, the event is reported as news: new.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from nongrata.extractors.multilingual.lexicon import LanguageLexicon

FRESH_DAYS = 7  # an event up to this many days before publication is news
FUTURE_SLACK_DAYS = 3  # a date this far after publication is a scheduled hearing: no cue
AHEAD_DAYS = 90  # a day and month this soon after publication is ahead, not last year's

_YEAR = r"((?:19|20)\d{2})"
# Full-width digits (Japanese and Chinese press: "２０１７年５月") read as ASCII ones; one
# character for one, so offsets stay those of the text
_ASCII_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


@dataclass(frozen=True)
class DatePatterns:
    full_date: re.Pattern[str]  # 6 avril 2023, 16. März 2022, 5 de marzo de 2024
    numeric_date: re.Pattern[str]  # 16.03.2022, 2022-03-16
    year_first: re.Pattern[str]  # 2024. március 5., 2024 m. kovo 5 d.
    east_asian: re.Pattern[str]  # 2024年3月5日, 3月5日, 2024년 3월 5일, 2024年3月
    month: re.Pattern[str]  # im März 2022, fin janvier
    year: re.Pattern[str]
    range_year: re.Pattern[str]
    past: re.Pattern[str]
    fresh: re.Pattern[str]


def _month_alternation(lexicon: LanguageLexicon) -> str:
    return "|".join(f"(?P<m{i}>{p})" for i, p in enumerate(lexicon.months, start=1))


@cache
def date_patterns(lexicon: LanguageLexicon) -> DatePatterns:
    months = _month_alternation(lexicon)
    flags = re.IGNORECASE
    return DatePatterns(
        full_date=re.compile(
            rf"(?<!\d)(?P<day>\d{{1,2}})\.?\s+(?:de\s+)?(?:{months})(?!\w)"
            rf"(?:,?\s+(?:de\s+)?(?P<year>(?:19|20)\d{{2}}))?",
            flags,
        ),
        numeric_date=re.compile(
            r"(?<!\d)(?:(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d{2})"
            r"|(?P<iy>(?:19|20)\d{2})-(?P<im>\d{2})-(?P<id>\d{2}))(?!\d)"
        ),
        year_first=re.compile(
            rf"(?<![\d.])(?P<year>(?:19|20)\d{{2}})\.?\s+(?:m\.\s+|gada\s+)?(?:{months})"
            rf"\s+(?P<day>\d{{1,2}})(?!\d)",
            flags,
        ),
        east_asian=re.compile(
            r"(?:(?P<year>(?:19|20)\d{2})\s*[年년]\s*)?(?P<month>\d{1,2})\s*[月월]"
            r"(?:\s*(?P<day>\d{1,2})\s*[日일])?"
        ),
        month=re.compile(
            # After its prefix ("im März"), or opening the sentence ("Novembrī …").
            rf"(?:(?<!\w){lexicon.month_prefix}\s+|^\W*)(?:{months})(?!\w)"
            # A short word may join month and year ("diciembre de 2017", "Δεκέμβριο του 2020").
            rf"(?:\s+(?:\w{{1,4}}\s+)?(?P<year>(?:19|20)\d{{2}}))?",
            flags,
        ),
        # A year, not part of a number, a date or a span ("2019-2021"); after a letter and a
        # hyphen it is still a year ("ב-2012", "w 2012").
        year=re.compile(rf"(?<![\d./])(?<!\d-){_YEAR}(?![\d\-/])"),
        range_year=re.compile(
            rf"(?<!\w){lexicon.range_prefix}\s+(?:\w+\s+)?{_YEAR}|{_YEAR}\s*[-–]\s*{_YEAR}",
            flags,
        ),
        past=re.compile(lexicon.wrap(lexicon.past), flags),
        fresh=re.compile(lexicon.wrap(lexicon.fresh), flags),
    )


def _month_number(match: re.Match[str]) -> int:
    for i in range(1, 13):
        if match.group(f"m{i}"):
            return i
    raise ValueError("a month pattern matched without a month group")


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _resolve_year(month: int, day: int, reference: date) -> date | None:
    """A day and month without a year: this year's, unless that is well in the future (then
    last year's). A date up to ``AHEAD_DAYS`` ahead is a deadline or hearing: ``None``."""
    found = _safe_date(reference.year, month, day)
    if found is not None and found > reference + timedelta(days=FUTURE_SLACK_DAYS):
        if found <= reference + timedelta(days=AHEAD_DAYS):
            return None
        found = _safe_date(reference.year - 1, month, day)
    return found


def _judge_date(found: date, reference: date) -> bool | None:
    if found > reference + timedelta(days=FUTURE_SLACK_DAYS):
        return None
    return (reference - found).days <= FRESH_DAYS


def dates_in(text: str, lexicon: LanguageLexicon) -> list[tuple[int, int, date]]:
    """Full calendar dates written in ``text`` (year taken from the text when given)."""
    patterns = date_patterns(lexicon)
    text = text.translate(_ASCII_DIGITS)
    found: list[tuple[int, int, date]] = []
    for match in patterns.full_date.finditer(text):
        if match.group("year"):
            when = _safe_date(int(match.group("year")), _month_number(match), int(match["day"]))
            if when is not None:
                found.append((match.start(), match.end(), when))
    for match in patterns.year_first.finditer(text):
        when = _safe_date(int(match["year"]), _month_number(match), int(match["day"]))
        if when is not None:
            found.append((match.start(), match.end(), when))
    for match in patterns.east_asian.finditer(text):
        if match["year"] and match["day"]:
            when = _safe_date(int(match["year"]), int(match["month"]), int(match["day"]))
            if when is not None:
                found.append((match.start(), match.end(), when))
    for match in patterns.numeric_date.finditer(text):
        if match.group("y"):
            when = _safe_date(int(match["y"]), int(match["m"]), int(match["d"]))
        else:
            when = _safe_date(int(match["iy"]), int(match["im"]), int(match["id"]))
        if when is not None:
            found.append((match.start(), match.end(), when))
    return sorted(found, key=lambda item: item[0])


def _cues(
    sentence: str, lexicon: LanguageLexicon, reference: date | None
) -> list[tuple[int, int, bool]]:
    """(start, end, is_fresh) for every temporal cue in the sentence that decides something."""
    sentence = sentence.translate(_ASCII_DIGITS)
    patterns = date_patterns(lexicon)
    cues: list[tuple[int, int, bool]] = []
    covered: list[tuple[int, int]] = []
    for match in patterns.fresh.finditer(sentence):
        cues.append((match.start(), match.end(), True))
    for match in patterns.past.finditer(sentence):
        cues.append((match.start(), match.end(), False))
    for start, end, when in dates_in(sentence, lexicon):
        covered.append((start, end))
        verdict = _judge_date(when, reference) if reference else None
        if verdict is not None:
            cues.append((start, end, verdict))
    for match in patterns.full_date.finditer(sentence):
        if any(s <= match.start() < e for s, e in covered):
            continue
        covered.append((match.start(), match.end()))
        if reference is not None:
            resolved = _resolve_year(_month_number(match), int(match["day"]), reference)
            verdict = _judge_date(resolved, reference) if resolved else None
            if verdict is not None:
                cues.append((match.start(), match.end(), verdict))
    for match in patterns.east_asian.finditer(sentence):
        if any(s <= match.start() < e for s, e in covered) or reference is None:
            continue
        covered.append((match.start(), match.end()))
        month = int(match["month"])
        if not 1 <= month <= 12:
            continue
        if match["day"] and not match["year"]:
            resolved = _resolve_year(month, int(match["day"]), reference)
            verdict = _judge_date(resolved, reference) if resolved else None
        else:
            verdict = _judge_month(month, match["year"], reference)
        if verdict is not None:
            cues.append((match.start(), match.end(), verdict))
    for match in patterns.month.finditer(sentence):
        if any(s <= match.start() < e for s, e in covered) or reference is None:
            continue
        covered.append((match.start(), match.end()))
        verdict = _judge_month(_month_number(match), match.group("year"), reference)
        if verdict is not None:
            cues.append((match.start(), match.end(), verdict))
    ranges = [(m.start(), m.end()) for m in patterns.range_year.finditer(sentence)]
    for match in patterns.year.finditer(sentence):
        inside = covered + ranges
        if reference is None or any(s <= match.start() < e for s, e in inside):
            continue
        if int(match.group(1)) < reference.year:
            cues.append((match.start(), match.end(), False))
    return cues


def _judge_month(month: int, year_text: str | None, reference: date) -> bool | None:
    year = int(year_text) if year_text else reference.year
    if not year_text and month > reference.month:
        year -= 1
    if (year, month) == (reference.year, reference.month):
        return True
    if (year, month) > (reference.year, reference.month):
        return None
    last_day = date(year, month, calendar.monthrange(year, month)[1])
    return False if (reference - last_day).days > FRESH_DAYS else None


def has_cue(sentence: str, lexicon: LanguageLexicon, reference: date | None) -> bool:
    """Whether the sentence holds a temporal cue that decides newness."""
    return bool(_cues(sentence, lexicon, reference))


def is_new(
    sentence: str,
    trigger: tuple[int, int],
    lexicon: LanguageLexicon,
    reference: date | None,
    before: Sequence[str] = (),
) -> bool:
    """Whether the event triggered at ``trigger`` (offsets in ``sentence``) is fresh news.

    In a language whose lexicon sets ``paragraph_time``, a sentence without a cue of its own
    keeps a background time of the paragraph it continues: when the nearest sentence of
    ``before`` (the paragraph's earlier sentences, in order) with a cue ends on an old one and
    names a past year or a past-cue phrase ("He was arrested in February 2019. The diplomat
    later had to leave."), the event is old. Else it is reported as news: new."""
    cues = _cues(sentence, lexicon, reference)
    if not cues:
        for earlier in reversed(before if lexicon.paragraph_time else ()):
            found = _cues(earlier, lexicon, reference)
            if found:
                last = max(found, key=lambda cue: cue[1])
                return last[2] or not _background(earlier, lexicon, reference)
        return True
    t_start, t_end = trigger

    def distance(cue: tuple[int, int, bool]) -> tuple[int, int]:
        start, end, fresh = cue
        gap = 0 if start < t_end and t_start < end else min(abs(start - t_end), abs(t_start - end))
        return (gap, 0 if fresh else 1)

    return min(cues, key=distance)[2]


def _background(sentence: str, lexicon: LanguageLexicon, reference: date | None) -> bool:
    """Whether ``sentence`` sets a background time a following sentence keeps: a past-cue
    phrase ("last year", a pluperfect) or an earlier year. A month of this year ("in April")
    does not: the next sentence may be the news of it made public now."""
    patterns = date_patterns(lexicon)
    if patterns.past.search(sentence):
        return True
    return reference is not None and any(
        int(year) < reference.year for year in patterns.year.findall(sentence)
    )


def reference_date(text: str, lexicon: LanguageLexicon, published: date | None) -> date | None:
    """``published``, or else the first full date of the article's opening (its dateline)."""
    if published is not None:
        return published
    found = dates_in(text[:400], lexicon)
    return found[0][2] if found else None
