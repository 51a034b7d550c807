"""The names the prefilter looks for: watchlist terms, intelligence agencies and states.

An article naming an agency is always extracted (extraction reports an article's agencies
even when it holds no event); an English article naming fewer than two states holds no
event (every English event is between an acting and a target state).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from unidecode import unidecode

from nongrata.extractors.english.gazetteer import gazetteer
from nongrata.extractors.prefilter.anchors import MIN_ANCHOR, AnchoredPattern

_FLAGS = re.IGNORECASE
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_WORD = re.compile(r"\w+")


def compile_lower(pattern: str) -> AnchoredPattern:
    """A pattern for lower-cased text: case-insensitive matching only where the pattern has
    capitals (lower-casing the text once is much cheaper than ``re.IGNORECASE``), searched
    only in texts that hold one of its literal anchors."""
    letters = re.sub(r"\\.", "", pattern)
    return AnchoredPattern(re.compile(pattern, 0 if letters == letters.lower() else _FLAGS))


class WatchTerms:
    """Whether any watchlist name is in a text, built once per set of names.

    A name is present when its words, folded (transliterated to Latin, lower-cased), appear
    in a row in the folded text; a name written in capitals (an acronym: "BIS", "MIT")
    only as written, so that German "bis" or "mit" is not a watched agency. The text's words
    are first looked up in a set of each name's longest word, so most texts cost one pass.
    """

    def __init__(self, names: Iterable[str]) -> None:
        self._by_key: dict[str, list[tuple[str, re.Pattern[str] | None]]] = {}
        for name in names:
            tokens = fold_words(name)
            if not tokens:
                continue
            acronym = name.strip().isupper() and " " not in name.strip()
            exact = re.compile(rf"(?<!\w){re.escape(name.strip())}(?!\w)") if acronym else None
            phrase = f" {' '.join(tokens)} "
            self._by_key.setdefault(max(tokens, key=len), []).append((phrase, exact))
        self.keys: frozenset[str] = frozenset(self._by_key)

    @classmethod
    def from_names(cls, names: Iterable[str]) -> WatchTerms:
        return cls(names)

    def present(self, text: str) -> bool:
        unique = set(_WORD.findall(text.lower()))
        folded_unique = unique | {w for u in unique if not u.isascii() for w in fold_words(u)}
        candidates = self.keys & folded_unique
        if not candidates:
            return False
        folded = f" {' '.join(fold_words(text))} "
        for key in candidates:
            for phrase, exact in self._by_key[key]:
                if exact is not None:
                    if exact.search(text):
                        return True
                elif phrase in folded:
                    return True
        return False

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_key.values())


def fold_words(text: str) -> list[str]:
    """The words of ``text`` in Latin letters, lower-cased (``Мікалай`` → ``mikalai``)."""
    return _NON_ALNUM.sub(" ", unidecode(text).lower()).split()


@cache
def _agency_descriptors() -> AnchoredPattern:
    """Every agency descriptor ("military intelligence", "spy agency"), lower-cased: the
    extractors find descriptors in any case."""
    descriptors = {d.lower() for a in gazetteer().agencies.values() for d in a.descriptors}
    return compile_lower(_alternation(descriptors))


@cache
def _agency_names_as_written() -> tuple[AnchoredPattern, re.Pattern[str]]:
    names: set[str] = set()
    for agency in gazetteer().agencies.values():
        names.update((agency.short, *agency.aliases, *agency.context_aliases))
    long_names = {n for n in names if len(n) >= MIN_ANCHOR}
    return (
        AnchoredPattern(re.compile(_alternation(long_names))),
        re.compile(_alternation(names - long_names)),
    )


def agency_named(text: str) -> bool:
    """Is an agency named in ``text`` as the gazetteer writes it ("BfV", "MI5", "GRU")?"""
    long_names, short_names = _agency_names_as_written()
    return long_names.search(text) is not None or short_names.search(text) is not None


def _alternation(names: Iterable[str]) -> str:
    escaped = sorted((re.escape(n) for n in names if n.strip()), key=len, reverse=True)
    return rf"(?<!\w)(?:{'|'.join(escaped) or '(?!)'})(?!\w)"


def names_agency(text: str, low: str | None = None) -> bool:
    """Does ``text`` name or describe an intelligence agency as the extractors find them (a
    name or alias as written, a descriptor in any case)? ``low``: ``text`` lower-cased.
    Extraction lists an article's agencies even when it holds no event."""
    if agency_named(text):
        return True
    return _agency_descriptors().search(low if low is not None else text.lower()) is not None


def english_states_reason(text: str) -> str | None:
    """None when ``text`` names two or more states; else why no English event can be in it.

    Every English event is recorded between an acting and a target state, and both are
    states the gazetteer knows (its names, capitals, demonyms and dateline cities, or the
    country of an agency it names). A text that names fewer than two of them, in any case and
    spelling the gazetteer has, holds no event.
    """
    table = _state_names()
    text_words = _WORD.findall(text.lower())
    found: set[str] = set()
    for i, word in enumerate(text_words):
        for length in table.lengths.get(word, ()):
            found |= table.keys.get(tuple(text_words[i : i + length]), frozenset())
            if len(found) >= 2:
                return None
    return f"states-{len(found)}:en"


@dataclass(frozen=True)
class _StateNames:
    keys: dict[tuple[str, ...], frozenset[str]]  # a name's words → the states it names
    lengths: dict[str, tuple[int, ...]]  # a name's first word → the lengths of such names


@cache
def _state_names() -> _StateNames:
    gaz = gazetteer()
    keys: dict[tuple[str, ...], set[str]] = {}

    def add(name: str, key: str) -> None:
        name_words = tuple(_WORD.findall(name.lower()))
        if name_words:
            keys.setdefault(name_words, set()).add(key)

    for state in gaz.states.values():
        for name in (state.name, *state.names, *state.capitals, *state.demonyms, *state.cities):
            add(name, state.key)
    for agency in gaz.agencies.values():
        for name in (agency.short, *agency.aliases, *agency.context_aliases):
            add(name, agency.country)
    lengths: dict[str, set[int]] = {}
    for name_words in keys:
        lengths.setdefault(name_words[0], set()).add(len(name_words))
    return _StateNames(
        keys={k: frozenset(v) for k, v in keys.items()},
        lengths={w: tuple(sorted(n)) for w, n in lengths.items()},
    )
