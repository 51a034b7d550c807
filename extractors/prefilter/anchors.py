"""Patterns searched only where their literal anchors are.

``re`` tries a large alternation at every position of a text; checking first whether any of
a few literal substrings occurs (``str.__contains__``, fast C search) skips most texts
without running the pattern at all. Anchors are read from the parsed pattern
(:mod:`.literals`): the literal run at the start of each alternative, after any leading
non-literal part. A pattern without such a run for every alternative gets no anchors and is
always run.

Long texts (whole pages) are searched through a :class:`TextIndex` built once per text:
anchors are looked up in the text's distinct whitespace-separated tokens and words rather
than in the whole text, and the pattern is tried only where a match can start (at an anchor,
in the run of word characters just before it, or within the few characters a leading part
may consume), instead of at every position. The answer is the same match ``pattern.search``
gives.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from nongrata.extractors.prefilter.literals import (
    AFTER_ANY,
    AFTER_WORD,
    MAX_LEAD,
    MIN_ANCHOR,
    Lead,
    Literals,
    anchors,
    is_word_char,
    leads,
    unusual,
)
from nongrata.extractors.prefilter.text_index import HEAD, TextIndex, parts, text_index

__all__ = ["INDEXED_TEXT", "MIN_ANCHOR", "AnchoredPattern", "TextIndex", "anchors", "text_index"]

INDEXED_TEXT = 2048  # texts at least this long are searched through a TextIndex
_GROUP = 3  # anchors are looked up by groups sharing their first characters


def _fewest(strings: set[str], *, prefixes_only: bool) -> tuple[str, ...]:
    """``strings`` without those containing another (as a prefix, with ``prefixes_only``):
    a text holds one of the rest exactly when it holds one of them all."""
    kept = sorted(strings, key=lambda s: (len(s), s))
    fewest: list[str] = []
    for string in kept:
        if prefixes_only:
            covered = any(string.startswith(f) for f in fewest)
        else:
            covered = any(f in string for f in fewest)
        if not covered:
            fewest.append(string)
    return tuple(sorted(fewest))


def _groups(strings: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Strings by their first characters: none of a group is in a text without its key."""
    by_key: dict[str, list[str]] = {}
    for string in strings:
        by_key.setdefault(string[:_GROUP], []).append(string)
    return tuple((key, tuple(members)) for key, members in sorted(by_key.items()))


def _word_run(string: str) -> str:
    """The run of word characters ``string`` starts with."""
    end = 0
    while end < len(string) and is_word_char(string[end]):
        end += 1
    return string[:end]


class _Start(NamedTuple):
    """An anchor where a match can start, and how to look for it."""

    string: str
    parts: tuple[str, ...]  # its whitespace-separated parts (``text_index.parts``)
    # Words the text must have for the anchor to be in it: (prefix, whole) when a word
    # starts with ``prefix`` (is it, with ``whole``): the anchor's first word when it
    # starts a word, and each word after whitespace in it.
    words: tuple[tuple[str, bool], ...]
    word_start: bool  # the anchor starts a word: ``words[0]`` is its first word
    after_word: bool  # the match starts in the run of word characters before the anchor
    before: int  # or up to this many characters before the anchor

    @classmethod
    def of(cls, string: str, word_start: bool, after_word: bool, before: int = 0) -> _Start:
        words: list[tuple[str, bool]] = []
        pieces = string.split()
        for number, piece in enumerate(pieces):
            run = _word_run(piece)
            if run and (number > 0 or string[0].isspace() or word_start):
                whole = run != piece or number < len(pieces) - 1 or string[-1].isspace()
                words.append((run, whole))
        starts_word = word_start and bool(_word_run(string))
        return cls(string, parts(string), tuple(words), starts_word, after_word, before)

    @property
    def head(self) -> str | None:
        """What ``TextIndex.heads`` holds when the anchor is in the text (its first word's
        first ``HEAD + 1`` characters, or all when fewer); None: unknown."""
        if not self.word_start:
            return None
        word, whole = self.words[0]
        if len(word) < HEAD and not whole:
            return None
        return word[: HEAD + 1]

    def in_text(self, index: TextIndex) -> bool:
        """Might the anchor be in the text? (Sure, when it is a short word's start.)"""
        if not self.words:
            return index.holds(self.string, self.parts)
        for word, whole in self.words:
            if not index.starts_word(word, whole):
                return False
        if self.word_start and self.words[0][0] == self.string and len(self.string) <= HEAD + 1:
            return True  # the anchor is the start of a word
        return index.holds(self.string, self.parts)


class AnchoredPattern:
    """A compiled pattern searched only in texts holding one of its anchors.

    A case-insensitive pattern's anchors are lower-cased: it is searched so only in texts
    without a character it may take for another letter (in a lower-cased text, hardly ever
    one: "ſ", "ı" …), any other text plainly."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        unicode_words = not pattern.flags & re.ASCII
        found = leads(pattern, fold=True, short=unicode_words)
        self.anchors = None if found is None else frozenset(found)
        self._literals: Literals | None = None  # a case-insensitive pattern's letters
        self._spaced: tuple[tuple[str, tuple[str, ...]], ...] = ()  # anchors with whitespace
        self._grouped: tuple[tuple[str, tuple[str, ...]], ...] = ()  # the others, in tokens
        self._starts: tuple[_Start, ...] | None = None  # None: a match can start anywhere
        self._by_head: dict[str, tuple[_Start, ...]] = {}  # the starts with a head, by head
        self._heads: frozenset[str] = frozenset()
        self._headless: tuple[_Start, ...] = ()  # the others
        if found is None or self.anchors is None:
            return
        if pattern.flags & re.IGNORECASE:
            self._literals = Literals(self.anchors)
        fewest = _fewest(set(self.anchors), prefixes_only=False)
        self._spaced = tuple((a, parts(a)) for a in fewest if parts(a))
        self._grouped = _groups(tuple(a for a in fewest if not parts(a)))
        if not any(at.kind == AFTER_ANY and at.width > MAX_LEAD for at in found.values()):
            self._starts = self._plan(found, unicode_words)
            by_head: dict[str, list[_Start]] = {}
            for start in self._starts:
                if start.head is not None:
                    by_head.setdefault(start.head, []).append(start)
            self._by_head = {head: tuple(starts) for head, starts in by_head.items()}
            self._heads = frozenset(by_head)
            self._headless = tuple(s for s in self._starts if s.head is None)

    @staticmethod
    def _plan(found: dict[str, Lead], unicode_words: bool) -> tuple[_Start, ...]:
        by_kind: dict[tuple[int, bool, int], set[str]] = {}
        for string, lead in found.items():
            before = lead.width if lead.kind == AFTER_ANY else 0
            kind = (lead.kind, lead.word_start and unicode_words, before)
            by_kind.setdefault(kind, set()).add(string)
        starts: list[_Start] = []
        for (lead_kind, word_start, before), strings in sorted(by_kind.items()):
            for string in _fewest(strings, prefixes_only=True):
                starts.append(_Start.of(string, word_start, lead_kind == AFTER_WORD, before))
        return tuple(starts)

    def search(self, low: str) -> re.Match[str] | None:
        """``self.pattern.search(low)``, skipped when no anchor is in ``low``."""
        if self.anchors is None:
            return self.pattern.search(low)
        if len(low) < INDEXED_TEXT:
            if self._literals is not None and self._literals.hazard(unusual(set(low))):
                return self.pattern.search(low)
            if not any(a in low for a in self.anchors):
                return None
            return self.pattern.search(low)
        index = text_index(low)
        if self in index.found:
            return index.found[self]
        if self._literals is not None and self._literals.hazard(index.unusual):
            found = self.pattern.search(low)
        elif self._starts is not None:
            by_head = self._by_head
            present = [s for head in self._heads & index.heads for s in by_head[head]]
            found = self._search_at_starts(index, (*present, *self._headless))
        elif self._present(index):
            found = self.pattern.search(low)
        else:
            found = None
        index.found[self] = found
        return found

    def _present(self, index: TextIndex) -> bool:
        if any(index.holds(a, parts) for a, parts in self._spaced):
            return True
        tokens = index.tokens
        return any(
            key in tokens and any(a in tokens for a in members) for key, members in self._grouped
        )

    def _search_at_starts(
        self, index: TextIndex, anchors: tuple[_Start, ...]
    ) -> re.Match[str] | None:
        """The leftmost match, tried only where one can start: every match holds one of the
        ``anchors``, at its start, after a run of word characters, or a few characters on."""
        text = index.text
        starts: set[int] = set()
        for anchor in anchors:
            if not anchor.in_text(index):
                continue
            string, word_start = anchor.string, anchor.word_start
            at = text.find(string)
            while at >= 0:
                if anchor.after_word:
                    begin = at
                    while begin > 0 and is_word_char(text[begin - 1]):
                        begin -= 1
                    starts.update(range(begin, at + 1))
                elif anchor.before:
                    starts.update(range(max(at - anchor.before, 0), at + 1))
                elif not word_start or at == 0 or not is_word_char(text[at - 1]):
                    starts.add(at)  # (a match starting a word does not start in one)
                at = text.find(string, at + 1)
        match = self.pattern.match
        for start in sorted(starts):
            found = match(text, start)
            if found is not None:
                return found
        return None
