"""A lexicon compiled into the patterns the multilingual rules search, and the clause and
count helpers every rule uses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from nongrata.extractors.multilingual.lemmas import Matcher, with_lemmas
from nongrata.extractors.multilingual.lexicon import LanguageLexicon, lexicons
from nongrata.types import EVENT_TYPES, EventType

_CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014，、；：（）،؛]|\s-\s")


@dataclass(frozen=True)
class CompiledLexicon:
    lexicon: LanguageLexicon
    triggers: tuple[tuple[EventType, Matcher], ...]  # regexes, and words by lemma
    espionage: re.Pattern[str]
    diplomatic: re.Pattern[str]
    negation: re.Pattern[str]
    not_negation: re.Pattern[str]
    modal: re.Pattern[str]
    modal_before_comma: re.Pattern[str]
    not_expulsion: re.Pattern[str]
    not_event: re.Pattern[str]
    authority_before: re.Pattern[str]
    authority_next: re.Pattern[str]  # an authority right before a nationality ("governo russo")
    authority_after: re.Pattern[str]
    citizen_before: re.Pattern[str]
    scene_before: re.Pattern[str]  # "the war in" right before a state: a place, no side
    leave_before: re.Pattern[str]  # "to leave" right before a state: the expelling one
    beneficiary: re.Pattern[str]
    beneficiary_after: re.Pattern[str]  # matched right after a state ("… javára", "… naudai")
    count: re.Pattern[str]
    coordination: re.Pattern[str]  # what stands between two states of one list
    generic: re.Pattern[str]  # a definition, a procedure, fiction: no event in the sentence
    reaction: re.Pattern[str]  # a reaction verb at the end of the text before a trigger
    other_crime: re.Pattern[str]  # bribery, fraud, drugs: not what a spy is arrested for


@cache
def compiled_lexicon(lang: str) -> CompiledLexicon:
    lex = lexicons()[lang]
    flags = re.IGNORECASE
    wrap = lex.wrap
    triggers = tuple(
        (etype, with_lemmas(re.compile(wrap(lex.triggers[etype]), flags), lemmas, lang))
        for etype in EVENT_TYPES
        for lemmas in [lex.trigger_lemmas.get(etype, ())]
    )
    authority = wrap(lex.authority)
    numbers = "|".join(sorted((re.escape(n) for n in lex.numbers), key=len, reverse=True))
    # Between a word and the state it governs: at most one word (spaced scripts), or a few
    # characters (scripts without spaces).
    # An authority before a state: next to it, or with one short word between ("rząd w
    # Moskwie"); a longer word (a verb: "Käräjäoikeus tuomitsi …") ends the phrase.
    gap_before = r"\s+(?:\w{1,3}\s+)?$" if lex.spaced else r"\s*\w{0,4}$"
    gap_after = r"\s+(?:\w+\s+)?" if lex.spaced else r"\s*\w{0,4}?"
    count_gap = r"\s+(?:[\w-]+\s+){0,3}?" if lex.spaced else r"\s*\w{0,4}?"
    # A counter that takes suffixes may touch its number ("외교관 8명").
    people = wrap(lex.people) if lex.boundaries == "words" else f"(?:{'|'.join(lex.people)})"
    if lex.boundaries == "start":
        count_gap = r"\s*(?:[\w-]+\s+){0,3}?"
    conjunction = wrap(lex.conjunctions) if lex.conjunctions else r"(?!)"
    prefixes = f"(?:{lex.prefixes})?" if lex.prefixes else ""
    return CompiledLexicon(
        # Verb-final headlines put a comma after the subject ("英, 러시아 무관 추방"): there
        # only conjunctions make a list.
        coordination=re.compile(
            rf"\s*(?:{conjunction}|[和及与與및と])\s*"
            if lex.verb_final
            else rf"\s*(?:[,;、،]\s*(?:{conjunction}\s*)?|{conjunction}|[和及与與및と])\s*",
            flags,
        ),
        lexicon=lex,
        triggers=triggers,
        generic=re.compile(wrap(lex.generic) if lex.generic else r"(?!)", flags),
        other_crime=re.compile(wrap(lex.other_crime) if lex.other_crime else r"(?!)", flags),
        # A reaction verb with at most a few words (an article, "to", a possessive) between it
        # and the trigger: "condemned the expulsion", "odgovoriti na protjerivanja".
        reaction=re.compile(
            (wrap(lex.reaction) + (r"\s+(?:\S+\s+){0,3}$" if lex.spaced else r".{0,6}$"))
            if lex.reaction
            else r"(?!)",
            flags,
        ),
        espionage=re.compile(wrap(lex.espionage), flags),
        diplomatic=re.compile(wrap(lex.diplomatic), flags),
        negation=re.compile(wrap(lex.negation), flags),
        not_negation=re.compile(wrap(lex.not_negation), flags),
        modal=re.compile(wrap(lex.modal), flags),
        modal_before_comma=re.compile(wrap(lex.modal) + r"\s*[,，、،]\s*$", flags),
        not_expulsion=re.compile(wrap(lex.not_expulsion), flags),
        not_event=re.compile(wrap(lex.not_event), flags),
        authority_before=re.compile(rf"{authority}{gap_before}", flags),
        authority_next=re.compile(rf"{authority}\s*$", flags),
        authority_after=re.compile(rf"{gap_after}{authority}", flags),
        citizen_before=re.compile(rf"{wrap(lex.citizen)}{gap_before}", flags),
        scene_before=re.compile(rf"{wrap(lex.scene)}{gap_before}" if lex.scene else r"(?!)", flags),
        leave_before=re.compile(rf"{wrap(lex.leave)}{gap_before}" if lex.leave else r"(?!)", flags),
        beneficiary=re.compile(lex.beneficiary, flags),
        beneficiary_after=re.compile(rf"\S*\s*(?:{lex.beneficiary_after})(?!\w)", flags),
        count=re.compile(
            rf"(?<!\w){prefixes}(?P<n>\d{{1,3}}|{numbers}){count_gap}{people}"
            if lex.spaced
            else rf"(?P<n>\d{{1,3}}|{numbers}){count_gap}{people}",
            flags,
        ),
    )


def clause_of(sentence: str, start: int, end: int) -> tuple[int, int]:
    clause_start = 0
    for brk in _CLAUSE_BREAK.finditer(sentence, 0, start):
        clause_start = brk.end()
    nxt = _CLAUSE_BREAK.search(sentence, end)
    return clause_start, (nxt.start() if nxt else len(sentence))


def count_near(comp: CompiledLexicon, sentence: str, span: tuple[int, int]) -> int | None:
    best: tuple[int, int] | None = None
    for match in comp.count.finditer(sentence):
        raw = match.group("n").lower()
        value = int(raw) if raw.isdigit() else comp.lexicon.numbers.get(raw)
        if value is None:
            continue
        gap = abs(match.start() - span[0])
        if best is None or gap < best[0]:
            best = (gap, value)
    return best[1] if best else None
