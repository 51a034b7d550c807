"""Literal anchors of a regular expression: strings one of which every match contains.

``re`` tries a large alternation at every position of a text; checking first whether any of
a few literal substrings occurs (``str.__contains__``, fast C search) skips most texts
without running the pattern at all. Anchors are read from the parsed pattern (the standard
library's own parser): the literal run at the start of each alternative, after any leading
non-literal part. A pattern without such a run for every alternative gets no anchors and is
always run.

Long texts (whole pages) are searched through a :class:`TextIndex` built once per text:
anchors are looked up in the text's distinct whitespace-separated tokens rather than in the
whole text, and the pattern is tried only where a match can start (at an anchor, or in the
run of word characters just before it), instead of at every position. The answer is the
same match ``pattern.search`` gives.
"""

from __future__ import annotations

import re
from operator import itemgetter
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any, NamedTuple

MIN_ANCHOR = 3  # shorter literals are in nearly every text: no use as a filter
MAX_ANCHORS = 400
_ZERO_WIDTH = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT}
_WORD_CATEGORIES = {sre.CATEGORY_WORD, sre.CATEGORY_DIGIT}
# How a match may begin before its anchor: at the anchor itself, after a run of word
# characters (``\w*konsulat``), or after anything else (the pattern is then searched whole).
_AT_ANCHOR, _AFTER_WORD, _AFTER_ANY = 0, 1, 2
INDEXED_TEXT = 2048  # texts at least this long are searched through a TextIndex
_GROUP = 3  # anchors are looked up by groups sharing their first characters
_HEAD = 3  # anchors starting a word are looked up by the word's first characters first


class _Walk(NamedTuple):
    strings: set[str]  # literal runs, one of which is in every match
    complete: bool  # the runs are whole matches of the items walked
    lead: int  # what a match may consume before its run (_AT_ANCHOR, ...)
    word_start: bool  # a match starts at its run, where a word starts (``\b``, ``(?<!\w)``)


def _is_word_char(char: str) -> bool:
    """``\\w`` of a ``str`` pattern: a letter, digit or number of any script, or ``_``."""
    return char.isalnum() or char == "_"


def _word_only(items: Any) -> bool:
    """Can the parsed ``items`` consume nothing but word characters?"""
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is sre.LITERAL:
            ok = _is_word_char(chr(av))
        elif op is sre.IN:
            ok = all(o is sre.CATEGORY and a in _WORD_CATEGORIES for o, a in av)
        elif op in _REPEATS:
            ok = _word_only(av[2])
        elif op is sre.SUBPATTERN:
            ok = _word_only(av[-1])
        elif op is sre.BRANCH:
            ok = all(_word_only(alternative) for alternative in av[1])
        else:
            ok = False
        if not ok:
            return False
    return True


def _ignores_case(op: Any, av: Any) -> bool:
    """Is this a ``(?i:…)`` group (its letters match in either case: not literal)?"""
    return op is sre.SUBPATTERN and bool(av[1] & sre.SRE_FLAG_IGNORECASE)


_NOT_AFTER_WORD = [(sre.IN, [(sre.CATEGORY, sre.CATEGORY_WORD)])]


def _asserts_word_start(op: Any, av: Any) -> bool:
    """Is this ``\\b`` or ``(?<!\\w)`` (a word starts here, when a word character follows)?"""
    if op is sre.AT:
        return bool(av is sre.AT_BOUNDARY)
    return op is sre.ASSERT_NOT and av[0] == -1 and list(av[1]) == _NOT_AFTER_WORD


def _skipped(lead: int, item: Any) -> int:
    """``lead`` once the leading non-literal ``item`` is skipped."""
    return max(lead, _AFTER_WORD if _word_only([item]) else _AFTER_ANY)


def _walk(items: Any) -> _Walk:
    """The literal prefixes of the sequence after any leading non-literal part, whether the
    whole sequence is literal, and what that leading part may consume."""
    current: set[str] = {""}
    lead = _AT_ANCHOR
    asserted = False
    for op, av in items:
        started = current != {""}
        if op is sre.LITERAL:
            current = {c + chr(av) for c in current}
            continue
        if op in _ZERO_WIDTH:
            asserted = asserted or (not started and _asserts_word_start(op, av))
            continue
        if (op is sre.BRANCH or op is sre.SUBPATTERN) and not _ignores_case(op, av):
            alternatives = av[1] if op is sre.BRANCH else [av[-1]]
            walked = [_walk(alt) for alt in alternatives]
            if started and any(not w.strings - {""} or w.lead for w in walked):
                # an alternative without a literal, or with something before it: the run
                # ends here (joining it would name a string the match need not contain)
                return _Walk(current, False, lead, asserted and not lead)
            if not started and any(not (w.strings - {""}) for w in walked):
                lead = _skipped(lead, (op, av))
                continue  # an alternative with no literal: look further on
            joined = {c + s for c in current for w in walked for s in w.strings}
            if len(joined) > MAX_ANCHORS:
                return _Walk(current, False, lead, asserted and not lead)
            if not started:
                asserted = asserted or all(w.word_start for w in walked)
            current = joined
            lead = max([lead, *(w.lead for w in walked)])
            if all(w.complete for w in walked):
                continue
            return _Walk(current, False, lead, asserted and not lead)
        if not started:
            lead = _skipped(lead, (op, av))
            continue  # a leading class or repeat ("\w*konsulat"): the literal after it counts
        return _Walk(current, False, lead, asserted and not lead)
    return _Walk(current, True, lead, asserted and not lead)


def _alternatives(pattern: re.Pattern[str]) -> list[Any]:
    """The top-level alternatives of ``pattern`` (itself when it has none)."""
    items = list(sre_parse.parse(pattern.pattern, pattern.flags))
    core = [(op, av) for op, av in items if op not in _ZERO_WIDTH]
    if len(core) != 1:
        return [items]
    # zero-width items before the alternation hold at the start of each alternative
    before = items[: items.index(core[0])]
    if core[0][0] is sre.BRANCH:
        return [before + list(alternative) for alternative in core[0][1][1]]
    if core[0][0] is sre.SUBPATTERN and not _ignores_case(*core[0]):
        inner = [(op, av) for op, av in core[0][1][-1] if op not in _ZERO_WIDTH]
        if len(inner) == 1 and inner[0][0] is sre.BRANCH:
            return [before + list(alternative) for alternative in inner[0][1][1]]
    return [items]


def _walks(pattern: re.Pattern[str]) -> list[_Walk] | None:
    if pattern.flags & re.IGNORECASE:
        return None
    walks = [_walk(alternative) for alternative in _alternatives(pattern)]
    found: set[str] = set()
    for walk in walks:
        if not walk.strings or any(len(s) < MIN_ANCHOR for s in walk.strings):
            return None
        found |= walk.strings
        if len(found) > MAX_ANCHORS:
            return None
    return walks


def anchors(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Literal strings, one of which is in every match of ``pattern``; None when the pattern
    cannot be anchored (or is case-insensitive: anchors are for lower-cased text)."""
    walks = _walks(pattern)
    if walks is None:
        return None
    return frozenset(s for walk in walks for s in walk.strings)


def _parts(string: str) -> tuple[str, ...]:
    """The whitespace-separated parts of ``string``; () when it has no whitespace."""
    parts = string.split()
    return () if parts == [string] else tuple(parts)


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


class TextIndex:
    """What the anchored patterns look up in one long text, each built once: its distinct
    whitespace-separated tokens joined by spaces (a string without whitespace is in the text
    exactly when it is in them, and they are much shorter), its distinct words (runs of word
    characters) and the first ``_HEAD`` and ``_HEAD + 1`` characters of each (whole words,
    when shorter); and each pattern's answer so far."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._token_set = set(text.split())
        self._tokens: str | None = None
        self._words: set[str] | None = None
        self._heads: frozenset[str] | None = None
        self.found: dict[AnchoredPattern, re.Match[str] | None] = {}

    @property
    def tokens(self) -> str:
        if self._tokens is None:
            self._tokens = " ".join(self._token_set)
        return self._tokens

    @property
    def words(self) -> set[str]:
        if self._words is None:
            words = set(filter(str.isalnum, self._token_set))  # tokens that are one word
            others: list[str] = []
            for token in self._token_set - words:
                core = token.strip(_PUNCTUATION)
                if core.isalnum():
                    words.add(core)  # one word, with punctuation around it
                else:
                    others.append(token)
            words.update(_WORD.findall(" ".join(others)))
            self._words = words
        return self._words

    @property
    def heads(self) -> frozenset[str]:
        """The words' first ``_HEAD`` and ``_HEAD + 1`` characters (whole words, when
        shorter): a string of ``_HEAD`` or ``_HEAD + 1`` characters is here exactly when a
        word starts with it."""
        if self._heads is None:
            words = self.words
            self._heads = frozenset(map(_first_characters, words)).union(
                map(_first_characters_and_one, words)
            )
        return self._heads

    def starts_word(self, prefix: str, whole: bool) -> bool:
        """Does a word of the text start with ``prefix`` (be it, with ``whole``)? Sure when
        ``whole`` or ``prefix`` has ``_HEAD`` or ``_HEAD + 1`` characters; else perhaps."""
        if whole:
            return prefix in self.words
        if len(prefix) < _HEAD:
            return True  # perhaps (heads hold no shorter prefixes of longer words)
        return prefix[: _HEAD + 1] in self.heads

    def holds(self, string: str, parts: tuple[str, ...]) -> bool:
        """Is ``string`` in the text? ``parts``: its whitespace-separated parts (``_parts``),
        () when it has none."""
        if not parts:
            return string in self.tokens
        return all(part in self.tokens for part in parts) and string in self.text

    def __contains__(self, string: str) -> bool:
        return self.holds(string, _parts(string))


_WORD = re.compile(r"\w+")
_first_characters = itemgetter(slice(0, _HEAD))
_first_characters_and_one = itemgetter(slice(0, _HEAD + 1))
# Characters stripped from a token's ends before it is taken for one word: none is a word
# character (a test checks), so what remains, when all word characters, is the token's word.
_PUNCTUATION = "\"'()[]{}.,;:!?«»“”„‘’‚‹›¿¡-–—/*…|<>@#%&+=~^`$§°·•"
_last_indexes: list[TextIndex] = []  # the two texts indexed last (a text and its lower case)


def text_index(text: str) -> TextIndex:
    """The index of ``text``, built once for the last two texts asked for."""
    for index in _last_indexes:
        if index.text is text:
            return index
    index = TextIndex(text)
    _last_indexes[:] = [index, *_last_indexes[:1]]
    return index


def _word_run(string: str) -> str:
    """The run of word characters ``string`` starts with."""
    end = 0
    while end < len(string) and _is_word_char(string[end]):
        end += 1
    return string[:end]


class _Start(NamedTuple):
    """An anchor where a match can start, and how to look for it."""

    string: str
    parts: tuple[str, ...]  # its whitespace-separated parts (``_parts``)
    # Words the text must have for the anchor to be in it: (prefix, whole) when a word
    # starts with ``prefix`` (is it, with ``whole``): the anchor's first word when it
    # starts a word, and each word after whitespace in it.
    words: tuple[tuple[str, bool], ...]
    word_start: bool  # the anchor starts a word: ``words[0]`` is its first word
    after_word: bool  # the match starts in the run of word characters before the anchor

    @classmethod
    def of(cls, string: str, word_start: bool, after_word: bool) -> _Start:
        words: list[tuple[str, bool]] = []
        pieces = string.split()
        for number, piece in enumerate(pieces):
            run = _word_run(piece)
            if run and (number > 0 or string[0].isspace() or word_start):
                goes_on = run != piece or number < len(pieces) - 1 or string[-1].isspace()
                words.append((run, goes_on))
        starts_word = word_start and bool(_word_run(string))
        return cls(string, _parts(string), tuple(words), starts_word, after_word)

    @property
    def head(self) -> str | None:
        """What ``TextIndex.heads`` holds when the anchor is in the text; None: unknown."""
        if not self.word_start:
            return None
        word, whole = self.words[0]
        if len(word) < _HEAD and not whole:
            return None
        return word[:_HEAD]

    def in_text(self, index: TextIndex) -> bool:
        """Might the anchor be in the text? (Sure, when it is a short word's start.)"""
        if not self.words:
            return index.holds(self.string, self.parts)
        for word, whole in self.words:
            if not index.starts_word(word, whole):
                return False
        if self.word_start and self.words[0][0] == self.string and len(self.string) <= _HEAD + 1:
            return True  # the anchor is the start of a word
        return index.holds(self.string, self.parts)


class AnchoredPattern:
    """A compiled pattern searched only in texts holding one of its anchors."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        walks = _walks(pattern)
        self.anchors = (
            None if walks is None else frozenset(s for walk in walks for s in walk.strings)
        )
        self._spaced: tuple[tuple[str, tuple[str, ...]], ...] = ()  # anchors with whitespace
        self._grouped: tuple[tuple[str, tuple[str, ...]], ...] = ()  # the others, in tokens
        self._starts: tuple[_Start, ...] | None = None  # None: a match can start anywhere
        self._by_head: dict[str, tuple[_Start, ...]] = {}  # the starts with a head, by head
        self._heads: frozenset[str] = frozenset()
        self._headless: tuple[_Start, ...] = ()  # the others
        if walks is None or self.anchors is None:
            return
        fewest = _fewest(set(self.anchors), prefixes_only=False)
        self._spaced = tuple((a, _parts(a)) for a in fewest if _parts(a))
        self._grouped = _groups(tuple(a for a in fewest if not _parts(a)))
        if not any(walk.lead == _AFTER_ANY for walk in walks):
            self._starts = self._plan(walks, unicode_words=not pattern.flags & re.ASCII)
            by_head: dict[str, list[_Start]] = {}
            for start in self._starts:
                if start.head is not None:
                    by_head.setdefault(start.head, []).append(start)
            self._by_head = {head: tuple(starts) for head, starts in by_head.items()}
            self._heads = frozenset(by_head)
            self._headless = tuple(s for s in self._starts if s.head is None)

    @staticmethod
    def _plan(walks: list[_Walk], unicode_words: bool) -> tuple[_Start, ...]:
        starts: list[_Start] = []
        kinds = {(walk.lead, walk.word_start and unicode_words) for walk in walks}
        for lead, word_start in sorted(kinds):
            strings = {
                s
                for walk in walks
                if (walk.lead, walk.word_start and unicode_words) == (lead, word_start)
                for s in walk.strings
            }
            for string in _fewest(strings, prefixes_only=True):
                starts.append(_Start.of(string, word_start, lead == _AFTER_WORD))
        return tuple(starts)

    def search(self, low: str) -> re.Match[str] | None:
        """``self.pattern.search(low)``, skipped when no anchor is in ``low``."""
        if self.anchors is None:
            return self.pattern.search(low)
        if len(low) < INDEXED_TEXT:
            if not any(a in low for a in self.anchors):
                return None
            return self.pattern.search(low)
        index = text_index(low)
        if self in index.found:
            return index.found[self]
        if self._starts is not None:
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
        ``anchors``, at its start or after a run of word characters."""
        text = index.text
        starts: set[int] = set()
        for anchor in anchors:
            if not anchor.in_text(index):
                continue
            at = text.find(anchor.string)
            while at >= 0:
                if anchor.after_word:
                    begin = at
                    while begin > 0 and _is_word_char(text[begin - 1]):
                        begin -= 1
                    starts.update(range(begin, at + 1))
                else:
                    starts.add(at)
                at = text.find(anchor.string, at + 1)
        match = self.pattern.match
        for start in sorted(starts):
            found = match(text, start)
            if found is not None:
                return found
        return None
