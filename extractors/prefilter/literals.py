"""The literal strings one of which every match of a regular expression holds.

They are read from the parsed pattern (the standard library's own parser): the literal run at
the start of each top-level alternative, after any leading non-literal part, with what that
part may consume before the run (nothing, a run of word characters, or anything up to some
width). :mod:`.anchors` searches a pattern only where its literals are.

A case-insensitive pattern (``re.IGNORECASE``) has literals too, lower-cased as ``re`` folds
them: a match holds one of them unless the text holds a character that ``re`` takes for one
of their letters without being it ("S", long "ſ" for "s"; :meth:`Literals.hazard`).
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import re
from re import _casefix  # type: ignore[attr-defined]
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any, NamedTuple

MIN_ANCHOR = 3  # shorter literals are in nearly every text: no use as a filter
MAX_ANCHORS = 400
MAX_LEAD = 16  # a leading part that may consume more characters counts as unbounded
_ZERO_WIDTH = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT}
_WORD_CATEGORIES = {sre.CATEGORY_WORD, sre.CATEGORY_DIGIT}
# How a match may begin before its literal: at the literal itself, after a run of word
# characters (``\w*konsulat``), or after anything else (up to ``Lead.width`` characters).
AT_ANCHOR, AFTER_WORD, AFTER_ANY = 0, 1, 2
_EXTRA_CASES: dict[int, tuple[int, ...]] = _casefix._EXTRA_CASES
_lower = _sre.unicode_tolower


class Lead(NamedTuple):
    """What a match may consume before one of its literal runs."""

    kind: int  # AT_ANCHOR, AFTER_WORD or AFTER_ANY
    width: int  # the most characters it may consume (> MAX_LEAD: unbounded)
    word_start: bool  # a word starts at the run (no word character before it)

    def then(self, after: Lead) -> Lead:
        """This lead, and then ``after`` (a nested sequence's, which starts here)."""
        width = min(self.width + after.width, MAX_LEAD + 1)
        return Lead(max(self.kind, after.kind), width, after.word_start)


class Walk(NamedTuple):
    strings: dict[str, Lead]  # literal runs, one of which is in every match, and their leads
    complete: bool  # the runs are whole matches of the items walked


def is_word_char(char: str) -> bool:
    """``\\w`` of a ``str`` pattern: a letter, digit or number of any script, or ``_``."""
    return char.isalnum() or char == "_"


class _Reader:
    """How the items of one parsed pattern read: ``fold``, whether its letters match in
    either case (``re.IGNORECASE``); ``state``, its groups (for the widths of items)."""

    def __init__(self, state: Any, fold: bool) -> None:
        self.state = state
        self.fold = fold

    def literal(self, code: int) -> str | None:
        """The character a ``LITERAL`` item stands for in lower-cased text; None when a
        case-insensitive literal has no single such character."""
        if not self.fold:
            return chr(code)
        low = _lower(code)
        return chr(low) if _lower(low) == low else None

    def own_case(self, op: Any, av: Any) -> bool:
        """Is this a group with its own case rule (``(?i:…)``, or ``(?-i:…)`` in a
        case-insensitive pattern): its letters are not read as literals."""
        if op is not sre.SUBPATTERN:
            return False
        changed = av[2] if self.fold else av[1]
        return bool(changed & sre.SRE_FLAG_IGNORECASE)

    def word_only(self, items: Any) -> bool:
        """Can the parsed ``items`` consume nothing but word characters?"""
        for op, av in items:
            if op in _ZERO_WIDTH:
                continue
            if op is sre.LITERAL:
                char = chr(av)
                # folded, an ASCII letter also matches "K" (Kelvin), "ſ", "ı", "İ": letters
                ok = is_word_char(char) and (not self.fold or char.isascii())
            elif op is sre.IN:
                ok = all(o is sre.CATEGORY and a in _WORD_CATEGORIES for o, a in av)
            elif op in _REPEATS:
                ok = self.word_only(av[2])
            elif op is sre.SUBPATTERN:
                ok = self.word_only(av[-1])
            elif op is sre.BRANCH:
                ok = all(self.word_only(alternative) for alternative in av[1])
            else:
                ok = False
            if not ok:
                return False
        return True

    def skipped(self, lead: Lead, item: Any) -> Lead:
        """``lead`` once the leading non-literal ``item`` is skipped."""
        kind = AFTER_WORD if self.word_only([item]) else AFTER_ANY
        least, most = sre_parse.SubPattern(self.state, [item]).getwidth()
        after_non_word = self.ends_non_word([item]) and (least > 0 or lead.word_start)
        width = min(lead.width + most, MAX_LEAD + 1)
        return Lead(max(lead.kind, kind), width, after_non_word)

    def ends_non_word(self, items: Any) -> bool:
        """Does every match of the parsed ``items`` that consumes something end in a
        character that is no word character?"""
        for op, av in reversed(list(items)):
            if op in _ZERO_WIDTH:
                continue
            if op is sre.LITERAL:
                ok = self._non_word(av)
            elif op is sre.IN:
                ok = all(self._non_word_set_item(o, a) for o, a in av)
            elif op in _REPEATS:
                ok = self.ends_non_word(av[2])
            elif op is sre.SUBPATTERN:
                ok = self.ends_non_word(av[-1])
            elif op is sre.BRANCH:
                ok = all(self.ends_non_word(alternative) for alternative in av[1])
            else:
                ok = False
            if not ok:
                return False
            if sre_parse.SubPattern(self.state, [(op, av)]).getwidth()[0] > 0:
                return True  # what comes before it is not the end
        return True

    def _non_word(self, code: int) -> bool:
        """Is the character ``code`` (or, folded, any it matches) no word character?"""
        return not is_word_char(chr(code)) and not (self.fold and _sre.unicode_iscased(code))

    def _non_word_set_item(self, op: Any, av: Any) -> bool:
        if op is sre.LITERAL:
            return self._non_word(av)
        return op is sre.CATEGORY and av in _NON_WORD_CATEGORIES


_NON_WORD_CATEGORIES = {sre.CATEGORY_SPACE, sre.CATEGORY_NOT_WORD}
_NOT_AFTER_WORD = [(sre.IN, [(sre.CATEGORY, sre.CATEGORY_WORD)])]


def _asserts_word_start(op: Any, av: Any) -> bool:
    """Is this ``\\b`` or ``(?<!\\w)`` (a word starts here, when a word character follows)?"""
    if op is sre.AT:
        return bool(av is sre.AT_BOUNDARY)
    return op is sre.ASSERT_NOT and av[0] == -1 and list(av[1]) == _NOT_AFTER_WORD


def _walk(items: Any, reader: _Reader, after_non_word: bool = False) -> Walk:
    """The literal prefixes of the sequence after any leading non-literal part, whether the
    whole sequence is literal, and the lead of each prefix (``after_non_word``: whether a
    word starts where the sequence does)."""
    lead = Lead(AT_ANCHOR, 0, after_non_word)  # until a literal is found
    current: dict[str, Lead] = {"": lead}
    items = list(items)
    for number, (op, av) in enumerate(items):
        started = "" not in current
        if not started and _optional_literal(op, av, reader):
            # "(?:formalmente )?accusat": the rest, once without it and once with it
            rest = items[number + 1 :]
            either = [
                _walk(rest, reader, lead.word_start),
                _walk([*av[2], *rest], reader, lead.word_start),
            ]
            strings: dict[str, Lead] = {}
            for walk in either:
                for string, after in walk.strings.items():
                    strings[string] = _merged(strings.get(string), lead.then(after))
            return Walk(strings, all(walk.complete for walk in either))
        char = reader.literal(av) if op is sre.LITERAL else None
        if char is not None:
            current = {c + char: at for c, at in current.items()}
            continue
        if op in _ZERO_WIDTH:
            if not started and _asserts_word_start(op, av):
                lead = lead._replace(word_start=True)
                current = {"": lead}
            continue
        if (op is sre.BRANCH or op is sre.SUBPATTERN) and not reader.own_case(op, av):
            alternatives = av[1] if op is sre.BRANCH else [av[-1]]
            walked = [_walk(alt, reader, lead.word_start) for alt in alternatives]
            if started and any(
                ("" in w.strings and not w.complete) or any(at.kind for at in w.strings.values())
                for w in walked
            ):
                # an alternative that starts with no literal, or with something before it:
                # the run ends here (joining it would name a string the match need not
                # contain); an empty one joins as "" ("k|ke" is parsed "k(?:|e)")
                return Walk(current, False)
            if not started and any("" in w.strings for w in walked):
                lead = reader.skipped(lead, (op, av))
                current = {"": lead}
                continue  # an alternative with no literal: look further on
            joined: dict[str, Lead] = {}
            for c, at in current.items():
                for walk in walked:
                    for string, after in walk.strings.items():
                        joined[c + string] = _merged(
                            joined.get(c + string), at if started else lead.then(after)
                        )
            if len(joined) > MAX_ANCHORS:
                return Walk(current, False)
            current = joined
            if all(w.complete for w in walked):
                continue
            return Walk(current, False)
        if not started:
            lead = reader.skipped(lead, (op, av))
            current = {"": lead}
            continue  # a leading class or repeat ("\w*konsulat"): the literal after it counts
        return Walk(current, False)
    return Walk(current, True)


def _optional_literal(op: Any, av: Any, reader: _Reader) -> bool:
    """Is this an optional run of literals (``(?:formalmente )?``)?"""
    if op not in _REPEATS or av[0] != 0 or av[1] != 1:
        return False
    walk = _walk(av[2], reader)
    return walk.complete and "" not in walk.strings and len(walk.strings) == 1


def _merged(first: Lead | None, second: Lead) -> Lead:
    """The lead of a string reached both ways."""
    if first is None:
        return second
    width = max(first.width, second.width)
    return Lead(max(first.kind, second.kind), width, first.word_start and second.word_start)


def _alternatives(items: Any, reader: _Reader) -> list[Any]:
    """The top-level alternatives of the parsed pattern ``items`` (itself when it has none)."""
    items = list(items)
    core = [(op, av) for op, av in items if op not in _ZERO_WIDTH]
    if len(core) != 1:
        return [items]
    # zero-width items before the alternation hold at the start of each alternative
    before = items[: items.index(core[0])]
    if core[0][0] is sre.BRANCH:
        return [before + list(alternative) for alternative in core[0][1][1]]
    if core[0][0] is sre.SUBPATTERN and not reader.own_case(*core[0]):
        inner = [(op, av) for op, av in core[0][1][-1] if op not in _ZERO_WIDTH]
        if len(inner) == 1 and inner[0][0] is sre.BRANCH:
            return [before + list(alternative) for alternative in inner[0][1][1]]
    return [items]


def leads(
    pattern: re.Pattern[str], *, fold: bool = False, short: bool = False
) -> dict[str, Lead] | None:
    """Literal runs one of which is in every match of ``pattern``, and each one's lead; None
    when some alternative has no literal run of ``MIN_ANCHOR`` characters (with ``short``, of
    one character when it is ``_selective``), or when the pattern is case-insensitive and not
    ``fold``."""
    folds = bool(pattern.flags & re.IGNORECASE)
    if folds and not fold:
        return None
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    reader = _Reader(parsed.state, folds)
    found: dict[str, Lead] = {}
    for alternative in _alternatives(parsed, reader):
        for string, lead in _walk(alternative, reader).strings.items():
            if len(string) < MIN_ANCHOR and not (short and _selective(string, lead)):
                return None
            found[string] = _merged(found.get(string), lead)
        if len(found) > MAX_ANCHORS:
            return None
    return found


def _selective(string: str, lead: Lead) -> bool:
    """Is a literal shorter than ``MIN_ANCHOR`` still rare enough to look for: at a word's
    start (looked up among the words' first characters), or written beyond the Latin
    alphabet (two Chinese characters, a Hangul syllable: rare in most texts)?"""
    return bool(string) and (lead.word_start or all(ord(c) > _LATIN_END for c in string))


_LATIN_END = 0x24F  # the Latin letters end here (Basic Latin to Latin Extended-B)


def anchors(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Literal strings of at least ``MIN_ANCHOR`` characters, one of which is in every match
    of ``pattern``; None when the pattern cannot be anchored (or is case-insensitive:
    anchors are for lower-cased text)."""
    found = leads(pattern)
    return None if found is None else frozenset(found)


class Literals:
    """The letters of a case-insensitive pattern's literals, and the characters of a text
    that a match may take for one of them without being it."""

    def __init__(self, strings: frozenset[str]) -> None:
        letters = {ord(c) for s in strings for c in s}
        # each letter's lower-case forms: what a text character lower-cases to to match it
        self._forms = {letter: {letter, *_EXTRA_CASES.get(letter, ())} for letter in letters}

    def hazard(self, characters: frozenset[int]) -> bool:
        """Might a match take one of ``characters`` for a letter it is not? ``characters``:
        the text's ``unusual`` ones (only they can be)."""
        for char in characters:
            low = _lower(char)
            for letter, forms in self._forms.items():
                if letter != char and low in forms:
                    return True
        return False


_EXTRA = frozenset(_EXTRA_CASES).union(*_EXTRA_CASES.values())


def unusual(characters: set[str]) -> frozenset[int]:
    """Those of ``characters`` a case-insensitive pattern may take for another letter: the
    ones with another lower case, and ``re``'s extra cases (``ſ``, ``ı``, ``ς`` …)."""
    codes = map(ord, characters)
    return frozenset(c for c in codes if _lower(c) != c or c in _EXTRA)
