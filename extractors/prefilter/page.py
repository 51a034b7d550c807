"""The prefilter for a whole page, before it is cleaned: can any event be in it at all?

Cleaning a page (trafilatura) costs far more than reading its text once, and nearly every
page a feed links to holds no event trigger in any language. ``page_reason`` reads every
piece of text the page shows (``page_text``: a superset of the main text the cleaner keeps)
with the article prefilter's test for an unknown language; a page it skips could not produce
an event from its cleaned text either.

The regular expressions are written for speed (a page is ~150 kB of HTML), each equal in
what it matches to a plain form kept in its comment; the tests check the two agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from html import unescape
from re import _casefix  # type: ignore[attr-defined]
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

from nongrata.extractors.multilingual.lexicon import lexicon_languages
from nongrata.extractors.multilingual.mentions import agency_patterns, find_agencies
from nongrata.extractors.prefilter.anchors import INDEXED_TEXT, TextIndex, anchors, text_index
from nongrata.extractors.prefilter.article import LanguageTest, language_test
from nongrata.extractors.prefilter.english import english_test
from nongrata.extractors.prefilter.names import agency_named
from nongrata.ingest.clean import MIN_TEXT_CHARS

# Scripts, styles, templates, SVG and comments. Plain form (a lazy ``.*?`` tries the closing
# tag after every character; here runs without "<" or "-" are skipped at once, and the
# lookahead spares the alternation at other tags):
#   <(script|style|template|svg)\b.*?</\1\s*>|<!--.*?-->   (IGNORECASE, DOTALL)
# What can follow "<" there, case-sensitively: "!", and what re.IGNORECASE takes for "s" or
# "t" (a test checks every character).
INVISIBLE_FIRST = "[sStT!\u017f]"
_INVISIBLE = re.compile(
    rf"<(?={INVISIBLE_FIRST})"
    r"(?:(script|style|template|svg)\b[^<]*(?:<(?!/\1\s*>)[^<]*)*</\1\s*>"
    r"|!--[^-]*(?:-(?!->)[^-]*)*-->)",
    re.IGNORECASE,
)
# Inline tags can split a word ("ex<b>pel</b>led"): removed without a space, as the
# cleaner joins their text; every other tag becomes a space.
# Plain form: </?(?:a|abbr|…|u)\b[^>]*>   (IGNORECASE); the lookahead on the first letter
# spares the alternation at most other tags.
_INLINE_TAG = re.compile(
    r"<(?=/?[abcefimqstu])"
    r"/?(?:a|abbr|b|bdi|cite|em|font|i|mark|q|s|small|span|strong|sub|sup|time|u)\b[^>]*>",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^>]*>")


def page_text(html: str) -> str:
    """Every piece of text a page shows (scripts, styles and comments aside): a superset of
    the main text the cleaner keeps."""
    return unescape(_TAG.sub(" ", _INLINE_TAG.sub("", _INVISIBLE.sub(" ", html))))


def page_reason(html: str) -> str | None:
    """``prefilter_reason`` for a whole page before cleaning, in every language (the page's
    language is not known yet): None when its text may hold an event, else why not.

    A page skipped here could not produce an event from its cleaned text either, which is
    a part of the page's text. Watchlist terms and agency names are not looked for: without
    an event, nothing of an article is recorded beyond its text.
    """
    text = page_text(html)
    if len(text) - text.count(" ") < MIN_TEXT_CHARS * 2:
        return None  # next to no text: left to the cleaner, which records why there is none
    return None if may_hold_event(text, text.lower()) else "page-no-trigger:unknown"


def may_hold_event(text: str, low: str) -> bool:
    """Whether ``_any_language_reason(text, low, None, None)`` (``prefilter``) is None: some
    language's test passes for ``text`` (``low``: its lower case).

    The same tests in a cheaper order: the patterns first, then agency names, looked for at
    most once per text and only when a trigger lacks its espionage context. It must follow
    ``_english_reason`` and ``_lexicon_reason``; a test compares the two on many texts.
    """
    english = english_test()
    english_law = english.law_triggers.search(low) is not None
    if (
        english.expulsion_or_recall.search(low)
        or (english.closure.search(low) and english.premises.search(low))
        or (english_law and english.espionage.search(low))
    ):
        return True
    law_languages: list[str] = []  # a law trigger without espionage words: agencies decide
    index = text_index(low) if len(low) >= INDEXED_TEXT else None
    for lang in sorted(lexicon_languages()):
        test = language_test(lang)
        if not _may_trigger(test, low, index):
            continue
        law = test.law_triggers.search(low) is not None
        if (law and test.espionage.search(low)) or (
            test.other_triggers.search(low) and test.other_context.search(low)
        ):
            return True
        if law:
            law_languages.append(lang)
    if english_law and agency_named(text):
        return True
    return any(any_agency(text, low, lang) for lang in law_languages)


def _may_trigger(test: LanguageTest, low: str, index: TextIndex | None) -> bool:
    """``test.may_trigger(low)``; looked up in the text's characters and tokens when it is
    indexed (``index``), not searched in the whole text."""
    if test.script is None:
        return True
    letters = _class_letters(test.script)
    if index is None or letters is None:
        return test.may_trigger(low)
    if not letters.isdisjoint(index.characters):
        return True
    return any(word in index for word in test.latin_words)


@cache
def _class_letters(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The characters of ``pattern`` when it is one class of single characters (``[αβγ]``)
    without flags that change what they match; else None."""
    if pattern.flags & (re.IGNORECASE | re.LOCALE):
        return None
    items = list(sre_parse.parse(pattern.pattern, pattern.flags))
    if len(items) != 1 or items[0][0] is not sre.IN:
        return None
    members = items[0][1]
    if any(op is not sre.LITERAL for op, _ in members):
        return None
    return frozenset(chr(code) for _, code in members)


# Agencies named in any language (``find_agencies``), on a long text ---------------------


@dataclass(frozen=True)
class _AgencyProbe:
    """One agency's pattern as ``find_agencies`` searches it, and strings one of which is in
    the text whenever it matches: an acronym (as written), or a literal of its names
    (lower-cased, in the lower-cased text; None when its names cannot be anchored)."""

    pattern: re.Pattern[str]
    acronyms: tuple[str, ...]
    names: frozenset[str] | None


@cache
def _agency_probes(lang: str | None) -> tuple[tuple[_AgencyProbe, ...], frozenset[str]]:
    """(a probe per agency, with ``lang``'s local names, the characters that match a letter
    of the names' literals case-insensitively but lower-case to another: a text holding one
    is searched plainly)."""
    probes: list[_AgencyProbe] = []
    letters: set[str] = set()
    for agency in agency_patterns(lang):
        form, pattern = agency.form, agency.pattern
        names = anchors(re.compile(agency.names)) if agency.names else frozenset()
        if names is not None:
            lowered = frozenset(n.lower() for n in names)
            names = lowered if all(len(n) == len(n.lower()) for n in names) else None
        letters.update(*(names or ()))
        probes.append(_AgencyProbe(pattern, form.acronyms, names))
    extra = _casefix._EXTRA_CASES
    unsafe = {chr(c) for letter in letters for c in extra.get(ord(letter), ())}
    return tuple(probes), frozenset(unsafe | {"\u0130", "\u03a3"})  # İ and Σ lower-case apart


def any_agency(text: str, low: str, lang: str | None = None) -> bool:
    """``bool(find_agencies(text, lang))`` (``low``: ``text`` lower-cased), searching only the
    agencies whose acronym or a literal of whose names is in the text.

    The names match case-insensitively: as ``re`` folds case, a match's letters lower-case
    to the literal's own unless the text holds a character folded otherwise (``ſ`` is "s"
    to ``re``; ``İ`` lower-cases to two characters); such a text is searched plainly.
    """
    probes, unsafe = _agency_probes(lang)
    written = text_index(text)
    if any(char in written for char in unsafe):
        return bool(find_agencies(text, lang))
    lowered = text_index(low)
    for probe in probes:
        if (
            probe.names is None
            or any(acronym in written for acronym in probe.acronyms)
            or any(name in lowered for name in probe.names)
        ) and probe.pattern.search(text):
            return True
    return False
