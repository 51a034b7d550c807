"""What anchored patterns (:mod:`.anchors`) look up in one long text, built once per text."""

from __future__ import annotations

import re
from operator import itemgetter
from typing import TYPE_CHECKING

from nongrata.extractors.prefilter.literals import unusual

if TYPE_CHECKING:
    from nongrata.extractors.prefilter.anchors import AnchoredPattern

HEAD = 3  # anchors starting a word are looked up by the word's first characters first


def parts(string: str) -> tuple[str, ...]:
    """The whitespace-separated parts of ``string``; () when it has no whitespace."""
    found = string.split()
    return () if found == [string] else tuple(found)


class TextIndex:
    """What the anchored patterns look up in one long text, each built once: its distinct
    whitespace-separated tokens joined by spaces (a string without whitespace is in the text
    exactly when it is in them, and they are much shorter), its distinct words (runs of word
    characters) and the first ``HEAD`` and ``HEAD + 1`` characters of each (whole words,
    when shorter), or their first one or two; its characters a case-insensitive pattern may
    take for others; and each pattern's answer so far."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._token_set = set(text.split())
        self._tokens: str | None = None
        self._words: set[str] | None = None
        self._heads: frozenset[str] | None = None
        self._short_heads: frozenset[str] | None = None
        self._characters: frozenset[str] | None = None
        self._unusual: frozenset[int] | None = None
        self._held: dict[str, bool] = {}
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
                core = token.strip(PUNCTUATION)
                if core.isalnum():
                    words.add(core)  # one word, with punctuation around it
                else:
                    others.append(token)
            words.update(_WORD.findall(" ".join(others)))
            self._words = words
        return self._words

    @property
    def heads(self) -> frozenset[str]:
        """The words' first ``HEAD`` and ``HEAD + 1`` characters (whole words, when
        shorter): a string of ``HEAD`` or ``HEAD + 1`` characters is here exactly when a
        word starts with it."""
        if self._heads is None:
            words = self.words
            self._heads = frozenset(map(_first_characters, words)).union(
                map(_first_characters_and_one, words)
            )
        return self._heads

    @property
    def short_heads(self) -> frozenset[str]:
        """The words' first character and first two: a string of one or two characters is
        here exactly when a word starts with it."""
        if self._short_heads is None:
            words = self.words
            self._short_heads = frozenset(map(_first_character, words)).union(
                map(_first_two_characters, words)
            )
        return self._short_heads

    @property
    def characters(self) -> frozenset[str]:
        """The text's characters, whitespace aside."""
        if self._characters is None:
            self._characters = frozenset(self.tokens) - {" "}
        return self._characters

    @property
    def unusual(self) -> frozenset[int]:
        """The text's characters a case-insensitive pattern may take for other letters
        (``literals.unusual``)."""
        if self._unusual is None:
            self._unusual = unusual(set(self.characters))
        return self._unusual

    def starts_word(self, prefix: str, whole: bool) -> bool:
        """Does a word of the text start with ``prefix`` (be it, with ``whole``)? Sure when
        ``whole`` or ``prefix`` has at most ``HEAD + 1`` characters; else perhaps."""
        if whole:
            return prefix in self.words
        if len(prefix) < HEAD:
            return prefix in self.short_heads
        return prefix[: HEAD + 1] in self.heads

    def holds(self, string: str, parts: tuple[str, ...]) -> bool:
        """Is ``string`` in the text? ``parts``: its whitespace-separated parts (``parts``),
        () when it has none. (Remembered: many languages' patterns share anchors.)"""
        held = self._held.get(string)
        if held is None:
            if not parts:
                held = string in self.tokens
            else:
                held = all(part in self.tokens for part in parts) and string in self.text
            self._held[string] = held
        return held

    def __contains__(self, string: str) -> bool:
        return self.holds(string, parts(string))


_WORD = re.compile(r"\w+")
_first_character = itemgetter(slice(0, 1))
_first_two_characters = itemgetter(slice(0, 2))
_first_characters = itemgetter(slice(0, HEAD))
_first_characters_and_one = itemgetter(slice(0, HEAD + 1))
# Characters stripped from a token's ends before it is taken for one word: none is a word
# character (a test checks), so what remains, when all word characters, is the token's word.
PUNCTUATION = "\"'()[]{}.,;:!?«»“”„‘’‚‹›¿¡-–—/*…|<>@#%&+=~^`$§°·•"
_last_indexes: list[TextIndex] = []  # the two texts indexed last (a text and its lower case)


def text_index(text: str) -> TextIndex:
    """The index of ``text``, built once for the last two texts asked for."""
    for index in _last_indexes:
        if index.text is text:
            return index
    index = TextIndex(text)
    _last_indexes[:] = [index, *_last_indexes[:1]]
    return index
