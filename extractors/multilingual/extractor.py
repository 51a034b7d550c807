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
    authority_next: re.Pattern[str]  # an authority right before a nationality ("governo russo")
    authority_after: re.Pattern[str]
    citizen_before: re.Pattern[str]
    beneficiary: re.Pattern[str]
    count: re.Pattern[str]
    coordination: re.Pattern[str]  # what stands between two states of one list


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
    return _Compiled(
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
        beneficiary=re.compile(lex.beneficiary, flags),
        count=re.compile(
            rf"(?<!\w){prefixes}(?P<n>\d{{1,3}}|{numbers}){count_gap}{people}"
            if lex.spaced
            else rf"(?P<n>\d{{1,3}}|{numbers}){count_gap}{people}",
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
    if comp.lexicon.verb_final:
        after = c_end  # the verb that says "called for", "did not" comes last
    window = comp.not_negation.sub(" ", sentence[max(c_start, start - 30) : after])
    if comp.negation.search(window):
        return True
    if comp.modal.search(sentence[c_start:after]):
        return True
    if comp.modal_before_comma.search(sentence[max(0, c_start - 40) : c_start]):
        return True
    if etype == "expulsion" and comp.not_expulsion.search(sentence):
        return True
    # An acquittal or a dropped charge anywhere in the sentence: its arrest or charge (often
    # in a relative clause, "acquitted the official whom they had charged") is no event.
    return etype in _LAW_TYPES and comp.not_event.search(sentence) is not None


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
        preceding = comp.authority_next if m.kind == "adj" else comp.authority_before
        return before(m, preceding) or bool(
            comp.authority_after.match(sentence[m.end : m.end + 40])
        )

    benefit = [m for m in mentions if before(m, comp.beneficiary)]
    # "Citizen of X", "agent of the FSB": the side acted on, never the one acting.
    citizen = [m for m in mentions if before(m, comp.citizen_before)]
    rest = [m for m in mentions if m not in benefit and m not in citizen]
    places = [m for m in rest if m.kind in ("name", "city")]

    c_start, c_end = _clause(sentence, t_start, t_end)
    in_clause = [m for m in rest if c_start <= m.start and m.end <= c_end]
    # An authority's state inside the trigger's clause acts; one in another clause only after.
    actors = sorted((m for m in in_clause if m.kind != "agency" and authority(m)), key=distance)
    actors += [m for m in _subject_after(comp, sentence, span, places) if m not in actors]
    actors += sorted((m for m in rest if m.kind != "agency" and authority(m)), key=distance)
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
        after_trigger = sorted((m for m in places if m.start >= t_end), key=distance)
        if comp.lexicon.verb_final:  # the object stands before the verb
            targets += sorted(before_trigger, key=distance)
        targets += after_trigger
    targets += [m for m in rest if m.agency is not None and m.agency.role != "domestic"]
    target = next((m.iso for m in targets if m.iso != actor), None)
    return actor, target


def _verb_span(
    sentence: str, span: tuple[int, int], mentions: Sequence[Mention]
) -> tuple[int, int]:
    """Where the trigger's verb stands, for roles: a trigger that spans a state ("wies
    Deutschland … aus", a verb and its particle) stands at its first word."""
    start, end = span
    if not any(start < m.start and m.end <= end for m in mentions):
        return span
    first = re.match(r"\S+", sentence[start:end])
    return (start, start + first.end()) if first else span


_SUBJECT_GAP = re.compile(r"\s*(?:\w{1,3}\s+)?")


def _subject_after(
    comp: _Compiled, sentence: str, span: tuple[int, int], places: Sequence[Mention]
) -> list[Mention]:
    """The state named right after the trigger when the language puts the subject there:
    verb-initial languages (Arabic "طردت روسيا …"), and verb-second ones when something else
    opens the sentence ("I april utvisade Sverige …")."""
    lexicon = comp.lexicon
    if not (lexicon.verb_initial or lexicon.verb_second):
        return []
    after = next((m for m in places if m.start >= span[1]), None)
    if after is None or after.kind not in ("name", "city"):
        return []
    if not _SUBJECT_GAP.fullmatch(sentence[span[1] : after.start]):
        return []
    if not lexicon.verb_initial and span[0] < 3:
        return []  # a verb-second sentence opening with its verb is a question or a headline
    return [after]


def _acted_on(comp: _Compiled, sentence: str, mentions: Sequence[Mention]) -> list[Mention]:
    """The states a sentence names as a side acted on, strongest first: a beneficiary ("for
    Russia"), a citizen's state, a nationality not next to an authority, a foreign service."""

    def before(m: Mention, pattern: re.Pattern[str]) -> bool:
        return pattern.search(sentence[max(0, m.start - 40) : m.start]) is not None

    def authority(m: Mention) -> bool:
        preceding = comp.authority_next if m.kind == "adj" else comp.authority_before
        return before(m, preceding) or bool(
            comp.authority_after.match(sentence[m.end : m.end + 40])
        )

    found = [m for m in mentions if m.kind != "agency" and before(m, comp.beneficiary)]
    found += [m for m in mentions if m.kind != "agency" and before(m, comp.citizen_before)]
    found += [m for m in mentions if m.kind == "adj" and not authority(m)]
    found += [m for m in mentions if m.agency is not None and m.agency.role == "foreign"]
    return found


class _Article:
    """An article's sentences and, looked for only when needed, the states each names."""

    def __init__(self, comp: _Compiled, sentences: Sequence[tuple[int, str]], lang: str) -> None:
        self.comp = comp
        self.sentences = sentences
        self.lang = lang
        self._mentions: dict[int, list[Mention]] = {}
        self._salient: list[tuple[str, int]] | None = None

    def mentions(self, index: int) -> list[Mention]:
        if index not in self._mentions:
            self._mentions[index] = find_mentions(self.sentences[index][1], self.lang)
        return self._mentions[index]

    def acted_on(self, index: int) -> list[str]:
        sentence = self.sentences[index][1]
        return [m.iso for m in _acted_on(self.comp, sentence, self.mentions(index))]

    def target_near(self, index: int, actor: str | None) -> str | None:
        """The side acted on named next to sentence ``index`` (its paragraph's neighbours,
        then the title), else the one the whole article names most, if one stands out."""
        paragraph = self.sentences[index][0]
        near = [
            i
            for i in (index - 1, index + 1)
            if 0 <= i < len(self.sentences) and self.sentences[i][0] == paragraph
        ]
        for i in [*near, 0]:
            found = next((iso for iso in self.acted_on(i) if iso != actor), None)
            if found is not None:
                return found
        ranked = [(iso, n) for iso, n in self.salient() if iso != actor]
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            return ranked[0][0]
        return None

    def salient(self) -> list[tuple[str, int]]:
        if self._salient is None:
            counts: dict[str, int] = {}
            for i in range(len(self.sentences)):
                for iso in self.acted_on(i):
                    counts[iso] = counts.get(iso, 0) + 1
            self._salient = sorted(counts.items(), key=lambda item: -item[1])
        return self._salient


_QUESTION = re.compile(r"[?？؟]\W*$")  # a question reports nothing ("Has Sweden expelled …?")
MAX_LISTED = 12  # states of one list read as sides of one event each


def _coordinated(
    comp: _Compiled, sentence: str, mentions: Sequence[Mention], iso: str | None
) -> list[str]:
    """``iso`` and the states listed with it ("Argentina, Chile y Uruguay"), in text order."""
    if iso is None:
        return []
    places = [m for m in mentions if m.kind != "agency"]
    index = next((i for i, m in enumerate(places) if m.iso == iso), None)
    if index is None:
        return [iso]
    first = last = index
    while first > 0 and comp.coordination.fullmatch(
        sentence[places[first - 1].end : places[first].start]
    ):
        first -= 1
    while last + 1 < len(places) and comp.coordination.fullmatch(
        sentence[places[last].end : places[last + 1].start]
    ):
        last += 1
    listed = dict.fromkeys(m.iso for m in places[first : last + 1])
    return list(listed)[:MAX_LISTED]


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


def _home_country(
    sentences: Sequence[tuple[int, str]], lang: str, dateline: str | None = None
) -> str | None:
    """The state of the dateline city ("BAKOU, 6 avril 2023 — …", "تهران - …"), from the
    dateline taken off the text (``dateline``) or the article's opening sentences."""
    heads = [dateline] if dateline else []
    for _, sentence in sentences[:3]:
        head = re.match(
            r"\s*([^\W\d_][^,،\n\u2013\u2014(]{1,40}?)\s*(?:,|،|\(|\u2013|\u2014|\s-\s)",
            sentence,
        )
        if head is not None:
            heads.append(head.group(1))
    for head_text in heads:
        for mention in find_mentions(head_text, lang):
            if mention.kind in ("city", "name"):
                return mention.iso
    return None


def _names_actor(
    comp: _Compiled,
    etype: EventType,
    sentence: str,
    span: tuple[int, int],
    mentions: Sequence[Mention],
) -> bool:
    """Whether the sentence itself names the actor (else it is the article's home state)."""
    return _roles(comp, etype, sentence, span, mentions, None)[0] is not None


def _presume_actor(
    events: list[ExtractedEvent], presumed: set[int], home: str
) -> list[ExtractedEvent]:
    """Events (at ``presumed``) given the language's home state for want of an actor take
    instead the state the article's other events name as acting most, if any: in a Croatian
    report of a British case the British arrests' actor, not Croatia."""
    named: dict[str, int] = {}
    for index, event in enumerate(events):
        if index not in presumed and event.actor_iso is not None:
            named[event.actor_iso] = named.get(event.actor_iso, 0) + 1
    if not named or home in named:
        return events
    dominant = max(named, key=named.__getitem__)
    return [
        replace(e, actor=country_display_name(dominant), actor_iso=dominant)
        if i in presumed and e.target_iso != dominant
        else e
        for i, e in enumerate(events)
    ]


def _title_state(comp: _Compiled, sentences: Sequence[tuple[int, str]], lang: str) -> str | None:
    """The first state the title names as a place, not as a side acted on ("for China"):
    where an article with no dateline happens ("Two men arrested in Estonia")."""
    if not sentences or sentences[0][0] != 0:
        return None
    title = sentences[0][1]
    mentions = find_mentions(title, lang)
    acted_on = _acted_on(comp, title, mentions)
    return next((m.iso for m in mentions if m.kind in ("name", "city") and m not in acted_on), None)


def _confidence(actor: str | None, target: str | None, strong_context: bool) -> float:
    score = 0.55 + (0.15 if actor else 0.0) + (0.15 if target else 0.0)
    return min(0.95, score + (0.05 if strong_context else 0.0))


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _distinct(actor: str | None, target: str | None) -> bool:
    return actor is None or target is None or actor != target


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
                and _distinct(
                    other.actor_iso or event.actor_iso, other.target_iso or event.target_iso
                )
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


def detect_events(
    text: str, lang: str, published: date | None, dateline: str | None = None
) -> list[ExtractedEvent]:
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
    reference = reference_date(f"{dateline}\n{text}" if dateline else text, comp.lexicon, published)
    home = _home_country(sentences, key, dateline) or _title_state(comp, sentences, key)
    # The language's home state acts only where the article names no acting state at all.
    presumed = home is None
    home = home or comp.lexicon.home
    title = sentences[0][1] if sentences else ""
    article = _Article(comp, sentences, key)
    found: list[ExtractedEvent] = []
    presumed_actor: set[int] = set()  # events whose actor is only the home state
    for index, (paragraph, sentence) in enumerate(sentences):
        # Only a sentence with a trigger can hold an event: the (costly) scan for the states
        # and agencies it names is done for those alone.
        triggered = [
            (etype, pattern) for etype, pattern in comp.triggers if pattern.search(sentence)
        ]
        if not triggered or _QUESTION.search(sentence):
            continue
        neighbours = [
            sentences[i][1]
            for i in (index - 1, index + 1)
            if 0 <= i < len(sentences) and sentences[i][0] == paragraph
        ]
        mentions = article.mentions(index)
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
                verb = _verb_span(sentence, span, mentions)
                actor, target = _roles(comp, etype, sentence, verb, mentions, home)
                fallback = (
                    actor is not None
                    and actor == home
                    and not _names_actor(comp, etype, sentence, verb, mentions)
                )
                if target is None:
                    target = article.target_near(index, actor)
                strong = _has_context(comp, etype, [sentence], has_agency)
                new = is_new(sentence, span, comp.lexicon, reference)
                count = _count(comp, sentence, span)
                actors: list[str | None] = [*_coordinated(comp, sentence, mentions, actor)]
                targets: list[str | None] = [*_coordinated(comp, sentence, mentions, target)]
                for one_actor in actors or [None]:
                    for one_target in targets or [None]:
                        if one_actor is not None and one_actor == one_target:
                            continue
                        if fallback:
                            presumed_actor.add(len(found))
                        found.append(
                            ExtractedEvent(
                                type=etype,
                                new=new,
                                actor=country_display_name(one_actor) if one_actor else None,
                                actor_iso=one_actor,
                                target=country_display_name(one_target) if one_target else None,
                                target_iso=one_target,
                                agencies=agencies,
                                count=count,
                                confidence=_confidence(one_actor, one_target, strong),
                                evidence=sentence,
                            )
                        )
    if presumed and comp.lexicon.home is not None:
        found = _presume_actor(found, presumed_actor, comp.lexicon.home)
    return _merge(found)
