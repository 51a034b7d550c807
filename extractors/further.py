"""Does an event's sentence tell of one MORE person than an earlier event? "A second suspect
was arrested", "police detained another Norwegian man", "zwei weitere Verdächtige": such an
arrest, charge or conviction is not the earlier one, even when no name tells them apart.
Extraction marks it on the event (``ExtractedEvent.further_person``); clustering
(:mod:`nongrata.events.cluster`) reads the mark.

The words are data, in each language's lexicon: English ``words.further_words`` and
``words.further_nouns`` (``en.yaml``), another language's optional ``further_words`` and
``further_nouns`` patterns (``de.yaml``, ``fr.yaml`` …). A "further" word must precede a
person noun, at most two words between ("a second 37-year-old man"); "more than" is a count,
not a further person. A language without the lists marks no event.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import cache

from nongrata.types import ExtractedEvent

_BETWEEN = 2  # words allowed between the "further" word and the person noun


def further_pattern(further: Iterable[str], persons: Iterable[str]) -> re.Pattern[str] | None:
    """The pattern of a "further" word before a person noun (None: a list is empty).
    ``further`` and ``persons`` are regular expressions (plain words are ones)."""
    words, nouns = sorted(set(further), key=_longest), sorted(set(persons), key=_longest)
    if not words or not nouns:
        return None
    between = rf"(?:[\w-]+\s+){{0,{_BETWEEN}}}"  # no possessive: another state's officers
    return re.compile(
        rf"(?<!\w)(?:{'|'.join(words)})(?!\s+than\b)\s+{between}(?:{'|'.join(nouns)})(?!\w)",
        re.IGNORECASE,
    )


def _longest(word: str) -> tuple[int, str]:
    return (-len(word), word)


@cache
def _cues(lang: str) -> re.Pattern[str] | None:
    if lang == "en":
        from nongrata.extractors.english.lexicon import FURTHER_NOUNS, FURTHER_WORDS

        return further_pattern(map(re.escape, FURTHER_WORDS), map(re.escape, FURTHER_NOUNS))
    from nongrata.extractors.multilingual.lexicon import lexicons

    lex = lexicons().get(lang)
    return None if lex is None else further_pattern(lex.further_words, lex.further_nouns)


@cache
def _any_language() -> tuple[re.Pattern[str], ...]:
    from nongrata.extractors.multilingual.lexicon import lexicons

    found = (_cues(lang) for lang in ("en", *lexicons()))
    return tuple(p for p in found if p is not None)


def tells_further_person(text: str, lang: str | None) -> bool:
    """Whether ``text`` (an event's evidence sentence, in ``lang``) tells of a further
    person; ``lang`` None: in any language that has the cues (a sentence stored before
    extraction marked its events)."""
    if not text:
        return False
    patterns = _any_language() if lang is None else (p for p in (_cues(lang),) if p)
    return any(p.search(text) is not None for p in patterns)


def with_further(event: ExtractedEvent, lang: str | None) -> ExtractedEvent:
    """``event`` marked when its evidence tells of a further person (in ``lang``)."""
    if lang is None or not tells_further_person(event.evidence, lang):
        return event
    return replace(event, further_person=True)


__all__ = ["further_pattern", "tells_further_person", "with_further"]
