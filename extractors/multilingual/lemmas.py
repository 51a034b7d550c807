"""Lemmas (simplemma) for the multilingual rules: a state named in any case form, and
triggers a lexicon lists as lemmas (``trigger_lemmas``) instead of every inflected form.

simplemma ships a dictionary per language (form → lemma); a language it lacks (Belarusian,
Chinese, Japanese, Korean) is not lemmatised. Reading those dictionaries costs 13 s of CPU
and 320 MB a process, so the rules do not read them: ``scripts/make_lemma_forms.py`` reads
them once and writes the forms that matter, ``extractors/data/lemma_forms.json`` — every
dictionary form whose lemma is a state's name or city (:meth:`StateLemmas.by_lemma`) or a
trigger lemma — and the rules look words up there (:func:`lemma_forms`). A test fails when
the file is older than its inputs (the lexicons, CLDR, simplemma's version).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

from nongrata.errors import DataFileError
from nongrata.extractors.datafile import decode

# Our codes simplemma reads under another one: Croatian and Serbian (both scripts) are its
# Serbo-Croatian, Norwegian its Bokmål.
_SIMPLEMMA_CODES = {"hr": "hbs", "sr": "hbs", "bs": "hbs", "no": "nb"}
STEM_KEEP = 4  # a lemma's stem keeps all but its last three letters, and at least four


def simplemma_code(lang: str) -> str | None:
    """The simplemma language ``lang`` is lemmatised as; None when it has no dictionary."""
    code = _SIMPLEMMA_CODES.get(lang, lang)
    return code if code in SUPPORTED_LANGUAGES else None


FORMS_FILE = Path(__file__).resolve().parent.parent / "data" / "lemma_forms.json"


@dataclass(frozen=True)
class LemmaForms:
    """One language's forms by lemma, from ``lemma_forms.json``: the words that name a state
    by their lemma (lower-cased word → ISO code, ``name`` or ``city``), and each trigger
    lemma's forms (lower-cased)."""

    states: Mapping[str, tuple[str, str]]
    triggers: Mapping[str, frozenset[str]]
    joined: tuple[str, ...] = ()  # the gate's starts that hold a non-word character


@cache
def lemma_forms() -> Mapping[str, LemmaForms]:
    """Every language's forms by lemma (``scripts/make_lemma_forms.py`` writes the file)."""
    source = "extractors/data/lemma_forms.json"
    raw = decode(FORMS_FILE.read_text("utf-8"), source)
    languages = raw.get("languages") if isinstance(raw, dict) else None
    if not isinstance(languages, dict):
        raise DataFileError(source, "languages", "must be an object of languages")
    found: dict[str, LemmaForms] = {}
    for lang, entry in languages.items():
        try:
            states = {w: (iso, kind) for w, (iso, kind) in entry["states"].items()}
            triggers = {k: frozenset(v) for k, v in entry["triggers"].items()}
            joined = tuple(str(start) for start in entry["joined"])
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise DataFileError(source, f"languages.{lang}", f"malformed: {exc!r}") from exc
        found[lang] = LemmaForms(states, triggers, joined)
    return found


def forms_of(lang: str) -> LemmaForms:
    """``lang``'s forms by lemma; none for a language the file lacks."""
    return lemma_forms().get(lang, _NO_FORMS)


_NO_FORMS = LemmaForms({}, {})


def inputs_fingerprint(inputs: Mapping[str, object]) -> str:
    """A digest of what ``lemma_forms.json`` is made from (its staleness test compares it)."""
    text = json.dumps(inputs, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def lemma_stem(word: str) -> str:
    """The literal start every regular form of the lemma ``word`` shares, as this module
    assumes it ("wydalić" → "wyda"): its gate, and the prefilter's anchor."""
    return word[: max(STEM_KEEP, len(word) - 3)].lower()


def stem_pattern(lemmas: Iterable[str]) -> str:
    """A regular expression for the words that may have one of ``lemmas`` as lemma."""
    stems = sorted({re.escape(lemma_stem(word)) for word in lemmas}, key=lambda s: (-len(s), s))
    return rf"(?:{'|'.join(stems)})\w*"


class Matcher(Protocol):
    """What the rules ask of a trigger: a compiled regex, or one with lemmas added."""

    def search(self, string: str) -> re.Match[str] | None: ...

    def finditer(self, string: str) -> Iterator[re.Match[str]]: ...


@dataclass(frozen=True)
class LemmaTrigger:
    """A trigger pattern's matches, and the words that are a form of one of its lemmas (each
    match spans the whole word), in text order."""

    pattern: re.Pattern[str]  # the lexicon's regular expressions
    forms: frozenset[str]  # every form of the lemmas, lower-cased
    gate: re.Pattern[str]  # the words starting with a lemma's stem

    def finditer(self, string: str) -> Iterator[re.Match[str]]:
        words = (m for m in self.gate.finditer(string) if m.group().lower() in self.forms)
        yield from sorted([*self.pattern.finditer(string), *words], key=lambda m: m.start())

    def search(self, string: str) -> re.Match[str] | None:
        return self.pattern.search(string) or next(self.finditer(string), None)


def with_lemmas(pattern: re.Pattern[str], lemmas: Iterable[str], lang: str) -> Matcher:
    """``pattern``, matching too the words that are a form of one of ``lemmas`` in ``lang``."""
    wanted = frozenset(word.lower() for word in lemmas)
    table = forms_of(lang).triggers
    forms = frozenset(form for word in wanted for form in table.get(word, ()))
    if not forms:
        return pattern
    gate = re.compile(rf"(?<!\w){stem_pattern(wanted)}", re.IGNORECASE)
    return LemmaTrigger(pattern, forms, gate)


_LEAD = re.compile(r"[^\W\d_]{3,}")


def leading_letters(pattern: str) -> list[str]:
    """The first four letters of each top-level alternative of ``pattern`` that starts with
    three or more ("wars" of 'warszaw\\w*|stolic\\w+'): where the words it names by lemma
    start (a stem's last letters may change: "Rzeczpospolita", "Rzeczypospolitej")."""
    if pattern.startswith("(?:") and pattern.endswith(")"):
        pattern = pattern[3:-1]  # a place's forms as compiled: one group
    depth, alternatives, start = 0, [], 0
    for index, char in enumerate(pattern):
        depth += {"(": 1, ")": -1}.get(char, 0) if pattern[index - 1 : index] != "\\" else 0
        if char == "|" and depth == 0:
            alternatives.append(pattern[start:index])
            start = index + 1
    alternatives.append(pattern[start:])
    found = []
    for alternative in alternatives:
        lead = _LEAD.match(alternative)
        if lead is not None:
            found.append(lead.group()[:4].lower())
    return found


MIN_STATE_WORD = 4  # shorter words are never looked up as a state ("Nie", "Rus")
_NON_WORD = re.compile(r"\W")


def _gate_starts(
    names: Iterable[str], places: tuple[tuple[str, str, re.Pattern[str]], ...]
) -> set[str]:
    starts = {n[: max(3, len(n) - 3)] for n in names}
    starts |= {lead for _, _, pattern in places for lead in leading_letters(pattern.pattern)}
    return starts


def _alternation(starts: Iterable[str]) -> str:
    stems = sorted({re.escape(start) for start in starts}, key=lambda s: (-len(s), s))
    return "|".join(stems)


@cache
def _state_word(joined: tuple[str, ...]) -> re.Pattern[str]:
    """A word, or a match of the gate that spans words (from a start in ``joined``): the
    words :class:`StateLemmas`' gate delimits."""
    if not joined:
        return re.compile(r"(?<!\w)\w+")
    body = _alternation(joined)
    return re.compile(rf"(?<!\w)(?:(?:{body})\w{{0,12}}(?!\w)|\w+)", re.IGNORECASE)


@dataclass(frozen=True)
class StateWords:
    """The states of one language known by lemma, as the rules find them: a lookup of each
    word in ``lemma_forms.json`` (what the gate of :class:`StateLemmas` finds there, without
    CLDR's names or the gate: every word the file lists passes the gate, ``by_lemma`` checked
    it; only where the gate's matches span words, ``joined``, does it delimit the words)."""

    states: Mapping[str, tuple[str, str]]  # lower-cased word → (ISO code, kind)
    cased: bool  # a state's name is capitalised (Latin, Cyrillic, Greek scripts)
    joined: tuple[str, ...] = ()  # the gate's starts that span words (``StateLemmas.joined``)

    def find(self, sentence: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str, str]]:
        """(start, end, ISO code, kind) of each word outside ``taken`` whose lemma is a
        state's name ("Rosją" → "Rosja") or a city's ("Moskwie" → "Moskwa")."""
        found: list[tuple[int, int, str, str]] = []
        states = self.states
        for match in _state_word(self.joined).finditer(sentence):
            word = match.group()
            if len(word) < MIN_STATE_WORD or (self.cased and not word[0].isupper()):
                continue
            hit = states.get(word.lower())
            if hit is None:
                continue
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            found.append((match.start(), match.end(), *hit))
        return found


@dataclass(frozen=True)
class StateLemmas:
    """The states of one language known by lemma: CLDR names (lower-cased) and the
    lexicon's hand-written forms (``places``: names, cities), matched against a lemma. What
    ``scripts/make_lemma_forms.py`` makes the file from; the rules use :class:`StateWords`.

    A word is looked up only when it starts like a CLDR name (all but its last three
    letters, at least three: "Wenezueli" like "Wenezuela"), so that the dictionary of a
    language is read only for an article that may name a state in a form no pattern knows.
    """

    lang: str
    names: Mapping[str, str]  # lower-cased CLDR name → ISO code
    places: tuple[tuple[str, str, re.Pattern[str]], ...]  # (kind, ISO code, full match)
    cased: bool  # a state's name is capitalised (Latin, Cyrillic, Greek scripts)
    gate: re.Pattern[str]  # the words that start like a CLDR name

    @classmethod
    def build(
        cls,
        lang: str,
        names: Mapping[str, str],
        places: tuple[tuple[str, str, re.Pattern[str]], ...],
        cased: bool,
    ) -> StateLemmas:
        body = _alternation(_gate_starts(names, places)) or "(?!)"
        gate = re.compile(rf"(?<!\w)(?:{body})\w{{0,12}}(?!\w)", re.IGNORECASE)
        return cls(lang, names, places, cased, gate)

    def joined(self) -> list[str]:
        """The gate's starts that hold a non-word character ("guinea-bis"): where a match
        of the gate spans more than one word (``lemma_forms.json`` records them)."""
        return sorted(s for s in _gate_starts(self.names, self.places) if _NON_WORD.search(s))

    def by_lemma(self, word: str, base: str) -> tuple[str, str] | None:
        """(ISO code, kind) of the state the word ``word`` names when its lemma is ``base``:
        a CLDR name or a ``places`` name or city (what ``lemma_forms.json`` records)."""
        base = base.lower()
        if base == word.lower() or not self.gate.fullmatch(word):
            return None  # the word as written: the lexicon's patterns have seen it
        iso = self.names.get(base)
        if iso is not None:
            return iso, "name"
        for kind, code, pattern in self.places:
            if pattern.fullmatch(base):
                return code, kind
        return None
