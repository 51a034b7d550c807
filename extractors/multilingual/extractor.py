"""Events in German, French, Polish, Russian, Spanish, Romanian and Norwegian articles.

Rule-based, one sentence at a time: a trigger from the language's lexicon names the event
type; it counts only with the context its type needs (espionage for arrest, charge and
conviction; diplomacy or espionage for expulsion, recall and closure) in the sentence, its
neighbours in the paragraph or the title, and only when no negation, modal (call, threat,
plan) or non-event cue (party expulsion, migrants, acquittal) governs it. Roles come from the
states named around the trigger (``_roles``), newness from the nearest date cue
(``dates``). Mentions of one event across sentences are merged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from nongrata.errors import ExtractionError
from nongrata.extractors.multilingual.dates import is_new, reference_date
from nongrata.extractors.multilingual.lexicon import (
    LanguageLexicon,
    abbreviations,
    lexicon_key,
    lexicons,
    supported_languages,
)
from nongrata.extractors.multilingual.mentions import (
    Mention,
    country_display_name,
    find_agencies,
    find_countries,
    find_mentions,
)
from nongrata.types import EVENT_TYPES, EventType, ExtractedEvent

__all__ = [
    "detect_events",
    "find_agencies",
    "find_countries",
    "split_sentences",
    "supported_languages",
]

# Types whose actor is the state that acts at home (arrests, charges, convicts).
_LAW_TYPES: frozenset[str] = frozenset({"arrest", "charge", "conviction"})
_CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014，、；：（）،؛]|\s-\s")
# A sentence ends at a full stop before a space, or at a full stop of a script written
# without spaces (。！？) or of Arabic script (؟), with or without one.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'»”)]*\s+|[。！？؟]+[」』”’\"')）]*\s*")


@dataclass(frozen=True)
class _Compiled:
    lexicon: LanguageLexicon
    triggers: tuple[tuple[EventType, re.Pattern[str]], ...]
    espionage: re.Pattern[str]
    diplomatic: re.Pattern[str]
    negation: re.Pattern[str]
    not_negation: re.Pattern[str]
    modal: re.Pattern[str]
    modal_before_comma: re.Pattern[str]
    not_expulsion: re.Pattern[str]
    not_event: re.Pattern[str]
    authority_before: re.Pattern[str]
    authority_after: re.Pattern[str]
    citizen_before: re.Pattern[str]
    beneficiary: re.Pattern[str]
    count: re.Pattern[str]


@cache
def _compiled(lang: str) -> _Compiled:
    lex = lexicons()[lang]
    flags = re.IGNORECASE
    wrap = lex.wrap
    triggers = tuple((etype, re.compile(wrap(lex.triggers[etype]), flags)) for etype in EVENT_TYPES)
    authority = wrap(lex.authority)
    numbers = "|".join(sorted((re.escape(n) for n in lex.numbers), key=len, reverse=True))
    # Between a word and the state it governs: at most one word (spaced scripts), or a few
    # characters (scripts without spaces).
    gap_before = r"\s+(?:\w+\s+)?$" if lex.spaced else r"\s*\w{0,4}$"
    gap_after = r"\s+(?:\w+\s+)?" if lex.spaced else r"\s*\w{0,4}?"
    count_gap = r"\s+(?:[\w-]+\s+){0,3}?" if lex.spaced else r"\s*\w{0,4}?"
    return _Compiled(
        lexicon=lex,
        triggers=triggers,
        espionage=re.compile(wrap(lex.espionage), flags),
        diplomatic=re.compile(wrap(lex.diplomatic), flags),
        negation=re.compile(wrap(lex.negation), flags),
        not_negation=re.compile(wrap(lex.not_negation), flags),
        modal=re.compile(wrap(lex.modal), flags),
        modal_before_comma=re.compile(wrap(lex.modal) + r"\s*[,，、،]\s*$", flags),
        not_expulsion=re.compile(wrap(lex.not_expulsion), flags),
        not_event=re.compile(wrap(lex.not_event), flags),
        authority_before=re.compile(rf"{authority}{gap_before}", flags),
        authority_after=re.compile(rf"{gap_after}{authority}", flags),
        citizen_before=re.compile(rf"{wrap(lex.citizen)}{gap_before}", flags),
        beneficiary=re.compile(lex.beneficiary, flags),
        count=re.compile(
            rf"(?<!\w)(?P<n>\d{{1,3}}|{numbers}){count_gap}{wrap(lex.people)}"
            if lex.spaced
            else rf"(?P<n>\d{{1,3}}|{numbers}){count_gap}{wrap(lex.people)}",
            flags,
        ),
    )


def split_sentences(text: str) -> list[tuple[int, str]]:
    """(paragraph number, sentence) for every sentence; lines are paragraphs (titles too)."""
    sentences: list[tuple[int, str]] = []
    known_abbreviations = abbreviations()  # words a period follows without ending a sentence
    for number, paragraph in enumerate(p for p in text.splitlines() if p.strip()):
        start = 0
        for match in _SENTENCE_END.finditer(paragraph):
            before = paragraph[start : match.start()].split()
            last = before[-1].lower().rstrip(".") if before else ""
            following = paragraph[match.end() : match.end() + 1]
            if (
                not following
                or following.islower()
                or last in known_abbreviations
                or (len(last) == 1 and last.isalpha())
                or (last.isdigit() and len(last) <= 2)
            ):
                continue
            sentences.append((number, paragraph[start : match.end()].strip()))
            start = match.end()
        if paragraph[start:].strip():
            sentences.append((number, paragraph[start:].strip()))
    return sentences


def _clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    clause_start = 0
    for brk in _CLAUSE_BREAK.finditer(sentence, 0, start):
        clause_start = brk.end()
    nxt = _CLAUSE_BREAK.search(sentence, end)
    return clause_start, (nxt.start() if nxt else len(sentence))


def _governed(comp: _Compiled, sentence: str, etype: EventType, span: tuple[int, int]) -> bool:
    """Whether a negation, modal or non-event cue takes the event away."""
    start, end = span
    c_start, c_end = _clause(sentence, start, end)
    after = min(c_end, end + 15) if comp.lexicon.negation_after else end
    window = comp.not_negation.sub(" ", sentence[max(c_start, start - 30) : after])
    if comp.negation.search(window):
        return True
    if comp.modal.search(sentence[c_start:after]):
        return True
    if comp.modal_before_comma.search(sentence[max(0, c_start - 40) : c_start]):
        return True
    if etype == "expulsion" and comp.not_expulsion.search(sentence):
        return True
    return etype in _LAW_TYPES and comp.not_event.search(sentence[c_start:c_end]) is not None


def _has_context(comp: _Compiled, etype: EventType, texts: Sequence[str], agencies: bool) -> bool:
    if etype in _LAW_TYPES:
        return agencies or any(comp.espionage.search(t) for t in texts)
    return any(comp.diplomatic.search(t) or comp.espionage.search(t) for t in texts)


def _roles(
    comp: _Compiled,
    etype: EventType,
    sentence: str,
    span: tuple[int, int],
    mentions: Sequence[Mention],
    home: str | None,
) -> tuple[str | None, str | None]:
    """(actor ISO, target ISO) from the states named in the sentence around the trigger."""
    t_start, t_end = span

    def distance(m: Mention) -> int:
        return t_start - m.end if m.end <= t_start else m.start - t_end

    def before(m: Mention, pattern: re.Pattern[str]) -> bool:
        return pattern.search(sentence[max(0, m.start - 40) : m.start]) is not None

    def authority(m: Mention) -> bool:
        return before(m, comp.authority_before) or bool(
            comp.authority_after.match(sentence[m.end : m.end + 40])
        )

    benefit = [m for m in mentions if before(m, comp.beneficiary)]
    citizen = [m for m in mentions if m.kind != "agency" and before(m, comp.citizen_before)]
    rest = [m for m in mentions if m not in benefit and m not in citizen]
    places = [m for m in rest if m.kind in ("name", "city")]

    actors = sorted((m for m in rest if m.kind != "agency" and authority(m)), key=distance)
    before_trigger = [m for m in places if m.end <= t_start]
    if comp.lexicon.verb_final and etype not in _LAW_TYPES and len(before_trigger) > 1:
        # Subject … object verb: the state nearest the verb is its object, the first its subject.
        actors += before_trigger[:1]
    actors += sorted(before_trigger, key=distance)
    actors += [m for m in rest if m.agency is not None and m.agency.role != "foreign"]
    if etype in _LAW_TYPES:
        actors += sorted((m for m in places if m.start >= t_end), key=distance)
    actor = actors[0].iso if actors else home

    targets = sorted(benefit, key=distance)
    targets += sorted((m for m in rest if m.kind == "adj" and not authority(m)), key=distance)
    targets += sorted(citizen, key=distance)
    if etype not in _LAW_TYPES:
        targets += sorted((m for m in places if m.start >= t_end), key=distance)
        if comp.lexicon.verb_final:
            targets += sorted(before_trigger, key=distance)
    targets += [m for m in rest if m.agency is not None and m.agency.role != "domestic"]
    target = next((m.iso for m in targets if m.iso != actor), None)
    return actor, target


def _count(comp: _Compiled, sentence: str, span: tuple[int, int]) -> int | None:
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


def _home_country(sentences: Sequence[tuple[int, str]], lang: str) -> str | None:
    """The state of the dateline city ("BAKOU, 6 avril 2023 — …"), if the article has one."""
    for _, sentence in sentences[:3]:
        head = re.match(
            r"\s*([^\W\d_][^,\n\u2013\u2014(]{1,40}?)\s*(?:,|\(|\u2013|\u2014)", sentence
        )
        if head is None:
            continue
        for mention in find_mentions(head.group(1), lang):
            if mention.kind in ("city", "name"):
                return mention.iso
    return None


def _confidence(actor: str | None, target: str | None, strong_context: bool) -> float:
    score = 0.55 + (0.15 if actor else 0.0) + (0.15 if target else 0.0)
    return min(0.95, score + (0.05 if strong_context else 0.0))


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _merge(events: Sequence[ExtractedEvent]) -> list[ExtractedEvent]:
    """One event per (type, actor, target, newness); partial mentions fill in complete ones."""
    kept: list[ExtractedEvent] = []
    for event in events:
        for i, other in enumerate(kept):
            if (
                other.type == event.type
                and other.new == event.new
                and _compatible(other.actor_iso, event.actor_iso)
                and _compatible(other.target_iso, event.target_iso)
            ):
                richer = event if _evidence_rank(event) > _evidence_rank(other) else other
                kept[i] = replace(
                    richer,
                    actor=other.actor or event.actor,
                    actor_iso=other.actor_iso or event.actor_iso,
                    target=other.target or event.target,
                    target_iso=other.target_iso or event.target_iso,
                    agencies=tuple(dict.fromkeys(other.agencies + event.agencies)),
                    count=other.count if other.count is not None else event.count,
                    confidence=max(other.confidence, event.confidence),
                )
                break
        else:
            kept.append(event)
    return kept


def _evidence_rank(event: ExtractedEvent) -> tuple[int, bool]:
    """Known roles first; then a full sentence over a headline (no closing punctuation)."""
    roles = int(event.actor_iso is not None) + int(event.target_iso is not None)
    return roles, event.evidence.rstrip("\"'»”)").endswith((".", "!", "?", "…"))


def detect_events(text: str, lang: str, published: date | None) -> list[ExtractedEvent]:
    """The expulsions, arrests, charges, convictions, recalls and closures in ``text``.

    ``lang`` is an ISO 639-1 code from :func:`supported_languages`; ``published`` is the
    date newness is judged against (else the article's dateline date, else cues only).
    Raises :class:`ExtractionError` for an unsupported language.
    """
    key = lexicon_key(lang)
    if key not in lexicons():
        supported = ", ".join(sorted(supported_languages()))
        raise ExtractionError(f"language {lang!r} is not supported (supported: {supported})")
    comp = _compiled(key)
    sentences = split_sentences(text)
    reference = reference_date(text, comp.lexicon, published)
    home = _home_country(sentences, key)
    title = sentences[0][1] if sentences else ""
    found: list[ExtractedEvent] = []
    for index, (paragraph, sentence) in enumerate(sentences):
        # Only a sentence with a trigger can hold an event: the (costly) scan for the states
        # and agencies it names is done for those alone.
        triggered = [
            (etype, pattern) for etype, pattern in comp.triggers if pattern.search(sentence)
        ]
        if not triggered:
            continue
        neighbours = [
            sentences[i][1]
            for i in (index - 1, index + 1)
            if 0 <= i < len(sentences) and sentences[i][0] == paragraph
        ]
        mentions = find_mentions(sentence, key)
        has_agency = any(m.kind == "agency" for m in mentions)
        agencies = tuple(dict.fromkeys(m.agency.name for m in mentions if m.agency is not None))
        for etype, pattern in triggered:
            spans: list[tuple[int, int]] = []
            for match in pattern.finditer(sentence):
                span = (match.start(), match.end())
                if any(s < span[1] and span[0] < e for s, e in spans):
                    continue
                spans.append(span)
                if not _has_context(comp, etype, [sentence, *neighbours, title], has_agency):
                    continue
                if _governed(comp, sentence, etype, span):
                    continue
                actor, target = _roles(comp, etype, sentence, span, mentions, home)
                strong = _has_context(comp, etype, [sentence], has_agency)
                found.append(
                    ExtractedEvent(
                        type=etype,
                        new=is_new(sentence, span, comp.lexicon, reference),
                        actor=country_display_name(actor) if actor else None,
                        actor_iso=actor,
                        target=country_display_name(target) if target else None,
                        target_iso=target,
                        agencies=agencies,
                        count=_count(comp, sentence, span),
                        confidence=_confidence(actor, target, strong),
                        evidence=sentence,
                    )
                )
    return _merge(found)
