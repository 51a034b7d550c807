"""Finding watchlist names in running text.

- :class:`AliasScanner` finds agency and country aliases, word-bounded. An alias written in
  capitals (an acronym: ``SIS``, ``PST``, ``BIS``, ``CIA``, ``ФСБ``) matches only in
  capitals, so ``bis`` or ``Pst`` never hit; any other alias matches regardless of case as
  long as the text writes it as a proper name (capital first letter), so ``Turkey`` hits
  and ``turkey`` does not. When aliases overlap, the longest wins (``Equatorial Guinea``
  over ``Guinea``).
- :func:`name_candidates` lists the capitalised name-like spans of a text (``Mikalai
  Dukshta``, ``S. Skripal``, ``Сергей Скрипаль``), split at titles (``President``) and
  punctuation, for the person comparison.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from nongrata.extractors.datafile import Reader, decode
from nongrata.watchlists.person_names import PARTICLES

MAX_CANDIDATES = 5000
MAX_SPAN_WORDS = 4

NOT_NAME_WORDS_FILE = "not_name_words.json"


def read_not_name_words(text: str, source: str) -> frozenset[str]:
    """The words of the file ``text`` (``source``) that are capitalised in text but are not
    part of a personal name."""
    top = Reader(source, "the file", decode(text, source), {"comment", "words"}, {"words"})
    words = top.texts("words")
    if not words:
        top.fail("'words' must not be empty")
    return frozenset(words)


@cache
def not_name_words() -> frozenset[str]:
    path = files("nongrata.watchlists").joinpath("data", NOT_NAME_WORDS_FILE)
    return read_not_name_words(path.read_text("utf-8"), f"watchlists/data/{NOT_NAME_WORDS_FILE}")


_WORD = re.compile(r"[^\W\d_][\w'’.\-]*", re.UNICODE)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_POSSESSIVE_ENDINGS = ("'s", "’s", "'", "’")  # what _POSSESSIVE can match (words hold no \n)
_BREAK = re.compile(r"[,;:!?()\[\]{}\"“”«»/|\n\t–—]|\s-\s")


@dataclass(frozen=True)
class TextSpan:
    text: str
    start: int


def _name_like(token: str) -> bool:
    head = token[:1]
    return head.isupper() and token.casefold().rstrip(".") not in not_name_words()


def _runs(text: str) -> Iterator[list[TextSpan]]:
    """Runs of consecutive capitalised words (particles like ``de`` allowed inside), broken
    by punctuation, line ends and any other word."""
    run: list[TextSpan] = []
    previous_end = 0
    sentence_end = False
    for match in _WORD.finditer(text):
        token = match.group(0).rstrip("-")
        if token.endswith(_POSSESSIVE_ENDINGS):
            token = _POSSESSIVE.sub("", token)
        initial = _looks_initial(token)
        gap = text[previous_end : match.start()]
        broken = sentence_end or (gap != " " and _BREAK.search(gap) is not None)
        sentence_end = token.endswith(".") and not initial
        token = token if initial else token.rstrip(".")
        previous_end = match.end()
        name_like = _name_like(token)
        particle = not name_like and token.casefold() in PARTICLES
        if run and (broken or not (name_like or particle)):
            yield run
            run = []
        if name_like or (run and particle):
            run.append(TextSpan(token, match.start()))
    if run:
        yield run


def _looks_initial(token: str) -> bool:
    if not token.endswith(".") or not token[:1].isupper():
        return False
    return 1 <= sum(1 for ch in token if ch.isalpha()) <= 2


def name_candidates(text: str) -> list[TextSpan]:
    """Name-like spans of ``text``: each run of capitalised words and its windows of 2–4
    words; a single word only when it stands alone."""
    seen: set[str] = set()
    out: list[TextSpan] = []
    for run in _runs(text):
        while run and run[-1].text.casefold() in PARTICLES:
            run.pop()
        if not run:
            continue
        sizes = [1] if len(run) == 1 else range(min(len(run), MAX_SPAN_WORDS), 1, -1)
        for size in sizes:
            for first in range(len(run) - size + 1):
                words = run[first : first + size]
                if PARTICLES & {words[0].text.casefold(), words[-1].text.casefold()}:
                    continue
                candidate = " ".join(w.text for w in words)
                if candidate not in seen:
                    seen.add(candidate)
                    out.append(TextSpan(candidate, words[0].start))
                    if len(out) >= MAX_CANDIDATES:
                        return out
    return out


def is_acronym(alias: str) -> bool:
    """An alias written in capitals (digits allowed): matched case-sensitively."""
    letters = [ch for ch in alias if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters) and len(alias) <= 12


@dataclass(frozen=True)
class AliasHit:
    alias: str
    text: str
    start: int
    end: int
    targets: tuple[str, ...]  # the entry ids this alias belongs to


class AliasScanner:
    """All occurrences of a set of aliases in a text; aliases may belong to several ids."""

    def __init__(self, aliases: Iterable[tuple[str, str]]) -> None:
        by_alias: dict[str, list[str]] = {}
        for alias, target in aliases:
            alias = " ".join(alias.split())
            if alias:
                by_alias.setdefault(alias, [])
                if target not in by_alias[alias]:
                    by_alias[alias].append(target)
        self._exact: dict[str, tuple[str, ...]] = {}
        self._folded: dict[str, tuple[str, str, tuple[str, ...]]] = {}
        for alias, targets in by_alias.items():
            if is_acronym(alias):
                self._exact[alias] = tuple(targets)
            else:
                folded = alias.casefold()
                kept = self._folded.get(folded)
                merged = tuple(dict.fromkeys([*(kept[2] if kept else ()), *targets]))
                self._folded[folded] = (alias, folded, merged)
        names = sorted({*self._exact, *(v[0] for v in self._folded.values())}, key=len)
        # The alternatives, longest first: at a position the first one that matches wins.
        self._names: tuple[str, ...] = tuple(reversed(names))
        self._first_letters: tuple[str, ...] = tuple(dict.fromkeys(n[0] for n in self._names))
        self._starts: re.Pattern[str] | None = None
        if names:
            firsts = "|".join(re.escape(first) for first in self._first_letters)
            self._starts = re.compile(rf"(?<![\w&])(?=(?:{firsts}))", re.IGNORECASE)
        self._by_char: dict[str, re.Pattern[str] | None] = {}
        self._by_firsts: dict[tuple[str, ...], re.Pattern[str]] = {}

    def scan(self, text: str) -> list[AliasHit]:
        """Non-overlapping hits, longest alias first at each position."""
        if self._starts is None:
            return []
        hits: list[AliasHit] = []
        taken: list[tuple[int, int]] = []
        found = self._all_matches(text)
        for start, end, alias, targets in sorted(found, key=lambda h: (-(h[1] - h[0]), h[0])):
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            taken.append((start, end))
            hits.append(AliasHit(alias, text[start:end], start, end, targets))
        return sorted(hits, key=lambda h: h.start)

    def _all_matches(self, text: str) -> list[tuple[int, int, str, tuple[str, ...]]]:
        """Every accepted occurrence of every alias (overlaps included): at each position
        where an alias may start, the longest alias that matches there, if accepted.

        The same as searching with one case-insensitive alternation of all the aliases
        (longest first) from each position on, but each position tries only the aliases
        whose first letter matches the text's letter there.
        """
        assert self._starts is not None
        out = []
        for start in self._starts.finditer(text):
            position = start.start()
            pattern = self._pattern_for(text[position])
            match = pattern.match(text, position) if pattern is not None else None
            if match is not None:
                accepted = self._accept(match.group(0))
                if accepted is not None:
                    out.append((position, match.end(), *accepted))
        return out

    def _pattern_for(self, letter: str) -> re.Pattern[str] | None:
        """The alternation, in the scanner's order, of the aliases that can start with
        ``letter`` (a letter of the text) under the regex module's case-insensitive rules;
        None when none can."""
        if letter in self._by_char:
            return self._by_char[letter]
        firsts = tuple(
            first
            for first in self._first_letters
            if re.fullmatch(re.escape(first), letter, re.IGNORECASE)
        )
        pattern = self._by_firsts.get(firsts) if firsts else None
        if firsts and pattern is None:
            body = "|".join(re.escape(n) for n in self._names if n[0] in firsts)
            pattern = re.compile(rf"(?<![\w&])(?:{body})(?![\w&])", re.IGNORECASE)
            self._by_firsts[firsts] = pattern
        self._by_char[letter] = pattern
        return pattern

    def _accept(self, found: str) -> tuple[str, tuple[str, ...]] | None:
        if found in self._exact:
            return found, self._exact[found]
        folded = self._folded.get(found.casefold())
        if folded is None:
            return None
        alias, _, targets = folded
        if found == alias or found[:1].isupper():
            return alias, targets
        return None
