"""The named people of an event in a non-English sentence.

Cased scripts (Latin, Cyrillic, Greek): a run of two or more capitalised words or initials
("Marian Zacharski", "Carsten L.", "A. O.", "Карину Цуркан") in the trigger's sentence, as
written (the corpus labels a name in the form the text gives it). A run breaks at a state or
agency the sentence names, a month, an all-capitals word, any word of the lexicon's cue lists
("Spion", "Botschafter"); a word that would open one is dropped when the article also writes
it in lower case (a sentence's first word, an article: "La Gendarmerie", "Der Unterhändler"); a
name right after a title of the lexicon's ``not_person`` (minister, spokesman, judge, lawyer),
or right before one ("Szijjártó Péter külügyminiszter", "Mikael Damberg, justitieminister"),
is no subject of the event. Scripts without case (Chinese, Japanese, Korean, Arabic, Hebrew):
the lexicon's ``person_names`` patterns, whose group ``name`` is the person (a name before an
honorific or a person noun: "荒木豊容疑者").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from nongrata.extractors.multilingual.lexicon import LanguageLexicon, lexicons
from nongrata.extractors.multilingual.mentions import Mention

__all__ = ["identified_persons", "lower_words", "sentence_persons"]

# A word of letters (with inner hyphens or apostrophes), and an initial's period.
_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W\d_])?\.?")
_GAP = re.compile(r"\s+")  # what may stand between two words of one name


# A suffix after an apostrophe (Turkish "Karelina'yı", "Sun'un") is no part of the name.
_APOSTROPHE_SUFFIX = re.compile(r"['’][^\W\d_]+$")


def _clean(name: str) -> str:
    """``name`` without a sentence's full stop after its last word or a case suffix."""
    words = [_APOSTROPHE_SUFFIX.sub("", w) for w in name.split()]
    if len(words[-1].rstrip(".")) > 1:
        words[-1] = words[-1].rstrip(".")
    return " ".join(words)


def _capitalised(word: str) -> bool:
    letters = word.rstrip(".")
    if not letters[:1].isupper():
        return False
    if len(letters) == 1:
        return word.endswith(".")  # an initial ("Thomas H.")
    return any(c.islower() for c in letters[1:])  # not an acronym ("FSB", "NATO")


@cache
def _cue_words(lang: str) -> re.Pattern[str]:
    """Every cue list and month of ``lang``: a word one matches entirely is no name."""
    lex = lexicons()[lang]
    lists = (
        lex.espionage,
        lex.diplomatic,
        lex.people,
        lex.authority,
        lex.citizen,
        lex.months,
        lex.not_person,
        *lex.triggers.values(),
    )
    body = "|".join(p for patterns in lists for p in patterns)
    return re.compile(rf"(?:{body})", re.IGNORECASE)


@cache
def _titles(lang: str) -> re.Pattern[str] | None:
    lex = lexicons()[lang]
    if not lex.not_person:
        return None
    # the title, then at most two words of its office ("ministro degli Esteri Luigi Di Maio")
    titles = "|".join(lex.not_person)
    return re.compile(rf"(?<!\w)(?:{titles})(?!\w)(?:\W+\w+){{0,2}}\W*$", re.IGNORECASE)


@cache
def _titles_after(lang: str) -> re.Pattern[str] | None:
    """A title right after a name, or after its comma: "Szijjártó Péter külügyminiszter",
    "Mikael Damberg, justitieminister"; an elided compound before it may stand between
    ("külgazdasági- és külügyminiszter", "Innen- und Justizminister")."""
    lex = lexicons()[lang]
    if not lex.not_person:
        return None
    titles = "|".join(lex.not_person)
    return re.compile(rf"\s*,?\s*(?:\w+-\s+\w{{1,4}}\s+)?(?:{titles})(?!\w)", re.IGNORECASE)


@cache
def _named(lang: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in lexicons()[lang].person_names)


def _closes_apposition(before: str, title: re.Match[str]) -> bool:
    """Whether the title ``before`` a name, with a comma between them, ends the apposition of
    an earlier name: "Szilvásy György volt titokminiszter, Galambos Lajos …" (the minister
    is Szilvásy, not Galambos); the name is at most one word before the title."""
    if "," not in before[title.start() :]:
        return False
    words = before[: title.start()].split()[-2:]
    return any(w[:1].isupper() and w[1:2].islower() for w in words)


def lower_words(text: str) -> frozenset[str]:
    """The words ``text`` writes in lower case (a capitalised one of them opening a sentence
    is a common word, not a name)."""
    return frozenset(w for w in _WORD.findall(text) if w[:1].islower())


def _breaks(
    word: re.Match[str], sentence: str, taken: Sequence[tuple[int, int]], lang: str
) -> bool:
    if any(word.start() < end and start < word.end() for start, end in taken):
        return True
    letters = word.group().rstrip(".")
    return len(letters) > 1 and _cue_words(lang).fullmatch(letters) is not None


def _initial(word: str) -> bool:
    """An initial or an abbreviated surname: "J.", "Sz.", "Ch." (one or two letters, a
    period)."""
    return word.endswith(".") and len(word) <= 3


def _closed(run: Sequence[re.Match[str]]) -> bool:
    """Whether ``run`` is a whole name already: a full word and then an abbreviated surname
    ("Zbigniew J.", "Stanisław Sz."), as the Slavic press writes a suspect's name; what
    follows its period opens a new sentence, not a longer name ("A. O." and "J. Smith" stay
    open: their initials come first)."""
    return len(run) >= 2 and _initial(run[-1].group()) and not _initial(run[-2].group())


def _cased_runs(
    sentence: str, mentions: Sequence[Mention], lang: str, lower: frozenset[str]
) -> list[tuple[int, str]]:
    """(start, name) for every run of two or more capitalised words that is a name."""
    taken = [(m.start, m.end) for m in mentions]
    runs: list[list[re.Match[str]]] = []
    current: list[re.Match[str]] = []
    for word in _WORD.finditer(sentence):
        joined = bool(current) and _GAP.fullmatch(sentence[current[-1].end() : word.start()])
        if not current or not joined:
            runs.append(current)
            current = []
        if not _capitalised(word.group()) or _breaks(word, sentence, taken, lang):
            runs.append(current)
            current = []
            continue
        letters = word.group().rstrip(".")
        if not current and len(letters) > 1 and letters.lower() in lower:
            continue  # a common word before a name ("Dziś", "La", "Caso")
        if _closed(current):
            runs.append(current)  # "Zbigniewem J. Obu zarzucono": a new sentence begins
            current = []
        current.append(word)
    runs.append(current)
    found: list[tuple[int, str]] = []
    titles = _titles(lang)
    titles_after = _titles_after(lang)
    for run in runs:
        if len(run) < 2:
            continue
        before = sentence[max(0, run[0].start() - 40) : run[0].start()]
        title = titles.search(before) if titles is not None else None
        if title is not None and not _closes_apposition(before, title):
            continue  # "the minister Radosław Sikorski": no subject of the event
        if titles_after is not None and titles_after.match(sentence, run[-1].end()):
            continue  # "Szijjártó Péter külügyminiszter": a title after the name
        found.append((run[0].start(), _clean(sentence[run[0].start() : run[-1].end()])))
    return found


def sentence_persons(
    sentence: str, mentions: Sequence[Mention], lex: LanguageLexicon, lower: frozenset[str]
) -> tuple[str, ...]:
    """The people named in ``sentence`` (its states and agencies are ``mentions``), first
    named first; ``lower`` is the article's :func:`lower_words`."""
    lang = lex.language
    found: list[tuple[int, str]] = []
    for pattern in _named(lang):
        for match in pattern.finditer(sentence):
            name = match.group("name").strip()
            start, end = match.span("name")
            if name and not any(m.start < end and start < m.end for m in mentions):
                found.append((start, name))
    found += _cased_runs(sentence, mentions, lang, lower)
    return tuple(dict.fromkeys(name for _, name in sorted(found)))


@cache
def _identifying(lang: str) -> re.Pattern[str]:
    """A noun that names who a person is ("diplomat", "citizen", "officer", "spy"), as the
    last word before a name."""
    lex = lexicons()[lang]
    body = "|".join((*lex.people, *lex.citizen, *lex.diplomatic, *lex.espionage))
    return re.compile(rf"(?<!\w)(?:{body})\s+$", re.IGNORECASE)


def identified_persons(
    sentence: str, mentions: Sequence[Mention], lex: LanguageLexicon, lower: frozenset[str]
) -> tuple[str, ...]:
    """The people ``sentence`` names right after a noun or a state that says who they are
    ("obywatel Białorusi Mikhail A.", "Białorusin Mikhail A.", "vojaškega atašeja Sergeja
    Lemeševa"): the sentence after a lead that speaks of "a Belarusian" or "a Russian
    diplomat" names him so."""
    lang = lex.language
    identifying = _identifying(lang)
    found: list[str] = []
    for start, name in _cased_runs(sentence, mentions, lang, lower):
        before = sentence[max(0, start - 60) : start]
        after_state = any(m.end <= start and not sentence[m.end : start].strip() for m in mentions)
        if after_state or identifying.search(before):
            found.append(name)
    return tuple(dict.fromkeys(found))
