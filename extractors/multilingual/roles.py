"""Who did it to whom: the acting and the acted-on state of an event, from its sentence, its
neighbours, the title, the dateline, and the article as a whole."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from nongrata.extractors.multilingual.mentions import (
    Mention,
    agency_patterns,
    country_display_name,
    find_mentions,
)
from nongrata.extractors.multilingual.rules import CompiledLexicon, clause_of
from nongrata.types import EventType, ExtractedEvent

# Types whose actor is the state that acts at home (arrests, charges, convicts).
LAW_TYPES: frozenset[str] = frozenset({"arrest", "charge", "conviction"})
MAX_LISTED = 12  # states of one list read as sides of one event each


def _preceded(sentence: str, mention: Mention, pattern: re.Pattern[str]) -> bool:
    """Whether ``pattern`` matches the words right before ``mention`` ("for", "citizen of")."""
    return pattern.search(sentence[max(0, mention.start - 40) : mention.start]) is not None


def benefits(comp: CompiledLexicon, sentence: str, mention: Mention) -> bool:
    """Whether ``mention`` is the side a spy worked for: "for Russia" before it, or a
    postposition after it ("Oroszország javára", "Rusijos naudai")."""
    return _preceded(sentence, mention, comp.beneficiary) or bool(
        comp.beneficiary_after.match(sentence, mention.end)
    )


def _next_to_authority(comp: CompiledLexicon, sentence: str, mention: Mention) -> bool:
    """Whether an authority (government, court, police …) stands next to ``mention``: its
    state is the one acting ("the Polish government", "rząd Polski")."""
    preceding = comp.authority_next if mention.kind == "adj" else comp.authority_before
    return _preceded(sentence, mention, preceding) or bool(
        comp.authority_after.match(sentence[mention.end : mention.end + 40])
    )


def roles(
    comp: CompiledLexicon,
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
        return _preceded(sentence, m, pattern)

    def authority(m: Mention) -> bool:
        return _next_to_authority(comp, sentence, m)

    # "Since the war in Ukraine began, ABW detained …": the war's state is a place, no side.
    mentions = [m for m in mentions if not before(m, comp.scene_before)]
    benefit = _listed_with(
        comp, sentence, mentions, [m for m in mentions if benefits(comp, sentence, m)]
    )
    # "for the Belarusian intelligence KGB": the service of a state spied for is that side's
    # too, never the one acting.
    spied_for = {m.iso for m in benefit if m.kind != "agency"}
    benefit += [
        m for m in mentions if m.agency is not None and m.iso in spied_for and m not in benefit
    ]
    # "Citizen of X", "agent of the FSB": the side acted on, never the one acting.
    citizen = [m for m in mentions if before(m, comp.citizen_before)]
    rest = [m for m in mentions if m not in benefit and m not in citizen]
    places = [m for m in rest if m.kind in ("name", "city")]

    c_start, c_end = clause_of(sentence, t_start, t_end)
    in_clause = [m for m in rest if c_start <= m.start and m.end <= c_end]
    # "… must leave Russia within 48 hours": the state to be left is the one expelling.
    left = [m for m in places if etype == "expulsion" and before(m, comp.leave_before)]
    # An authority's state inside the trigger's clause acts; one in another clause only after.
    actors = sorted(left, key=distance)
    actors += sorted((m for m in in_clause if m.kind != "agency" and authority(m)), key=distance)
    actors += [m for m in _subject_after(comp, sentence, span, places) if m not in actors]
    actors += sorted((m for m in rest if m.kind != "agency" and authority(m)), key=distance)
    before_trigger = [m for m in places if m.end <= t_start]
    if comp.lexicon.verb_final and etype not in LAW_TYPES and len(before_trigger) > 1:
        # Subject … object verb: the state nearest the verb is its object, the first its subject.
        actors += before_trigger[:1]
    actors += sorted(before_trigger, key=distance)
    actors += [m for m in rest if m.agency is not None and m.agency.role != "foreign"]
    if etype in LAW_TYPES:
        actors += sorted((m for m in places if m.start >= t_end), key=distance)
    actor = actors[0].iso if actors else home

    targets = sorted(benefit, key=distance)
    targets += sorted((m for m in rest if m.kind == "adj" and not authority(m)), key=distance)
    targets += sorted(citizen, key=distance)
    if etype not in LAW_TYPES:
        after_trigger = sorted((m for m in places if m.start >= t_end), key=distance)
        if comp.lexicon.verb_final:  # the object stands before the verb
            targets += sorted(before_trigger, key=distance)
        targets += after_trigger
    targets += [m for m in rest if m.agency is not None and m.agency.role != "domestic"]
    target = next((m.iso for m in targets if m.iso != actor), None)
    return actor, target


def _listed_with(
    comp: CompiledLexicon, sentence: str, mentions: Sequence[Mention], chosen: list[Mention]
) -> list[Mention]:
    """``chosen`` and the states listed right after one of them ("for both Russia and Iran":
    Iran is spied for too)."""
    places = [m for m in mentions if m.kind != "agency"]
    found = list(chosen)
    for first, second in pairwise(places):
        listed = comp.coordination.fullmatch(sentence[first.end : second.start])
        if first in found and second not in found and listed:
            found.append(second)
    return found


def verb_span(sentence: str, span: tuple[int, int], mentions: Sequence[Mention]) -> tuple[int, int]:
    """Where the trigger's verb stands, for roles: a trigger that spans a state ("wies
    Deutschland … aus", a verb and its particle) stands at its first word."""
    start, end = span
    if not any(start < m.start and m.end <= end for m in mentions):
        return span
    first = re.match(r"\S+", sentence[start:end])
    return (start, start + first.end()) if first else span


_SUBJECT_GAP = re.compile(r"\s*(?:\w{1,3}\s+)?")


def _subject_after(
    comp: CompiledLexicon, sentence: str, span: tuple[int, int], places: Sequence[Mention]
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


def acted_on(comp: CompiledLexicon, sentence: str, mentions: Sequence[Mention]) -> list[Mention]:
    """The states a sentence names as a side acted on, strongest first: a beneficiary ("for
    Russia"), a citizen's state, a nationality not next to an authority, a foreign service."""
    return [m for _, m in ranked_acted_on(comp, sentence, mentions)]


def ranked_acted_on(
    comp: CompiledLexicon, sentence: str, mentions: Sequence[Mention]
) -> list[tuple[int, Mention]]:
    """:func:`acted_on` with each state's strength: 0 a beneficiary, 1 a citizen's state, 2 a
    nationality, 3 a foreign service."""

    def before(m: Mention, pattern: re.Pattern[str]) -> bool:
        return _preceded(sentence, m, pattern)

    def authority(m: Mention) -> bool:
        return _next_to_authority(comp, sentence, m)

    found = [(0, m) for m in mentions if m.kind != "agency" and benefits(comp, sentence, m)]
    found += [(1, m) for m in mentions if m.kind != "agency" and before(m, comp.citizen_before)]
    found += [(2, m) for m in mentions if m.kind == "adj" and not authority(m)]
    found += [(3, m) for m in mentions if m.agency is not None and m.agency.role == "foreign"]
    return found


class ArticleStates:
    """An article's sentences and, looked for only when needed, the states each names."""

    def __init__(
        self, comp: CompiledLexicon, sentences: Sequence[tuple[int, str]], lang: str
    ) -> None:
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
        return [m.iso for m in acted_on(self.comp, sentence, self.mentions(index))]

    def target_near(self, index: int, actor: str | None) -> str | None:
        """The side acted on named next to sentence ``index`` (its paragraph's neighbours,
        then the title), else the one the whole article names most, if one stands out."""
        paragraph = self.sentences[index][0]
        near = [
            i
            for i in (index - 1, index + 1)
            if 0 <= i < len(self.sentences) and self.sentences[i][0] == paragraph
        ]
        # The strongest side any of them names: a neighbour's "for Russia" before the other
        # neighbour's "an Austrian couple"; among equals, the nearer sentence.
        ranked = [
            (strength, order, m.start, m.iso)
            for order, i in enumerate([*near, 0])
            for strength, m in ranked_acted_on(self.comp, self.sentences[i][1], self.mentions(i))
            if m.iso != actor
        ]
        if ranked:
            return min(ranked)[3]
        counted = [(iso, n) for iso, n in self.salient() if iso != actor]
        if counted and (len(counted) == 1 or counted[0][1] > counted[1][1]):
            return counted[0][0]
        return None

    def salient(self) -> list[tuple[str, int]]:
        if self._salient is None:
            counts: dict[str, int] = {}
            for i in range(len(self.sentences)):
                for iso in self.acted_on(i):
                    counts[iso] = counts.get(iso, 0) + 1
            self._salient = sorted(counts.items(), key=lambda item: -item[1])
        return self._salient


def coordinated(
    comp: CompiledLexicon, sentence: str, mentions: Sequence[Mention], iso: str | None
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


def home_country(
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


def names_actor(
    comp: CompiledLexicon,
    etype: EventType,
    sentence: str,
    span: tuple[int, int],
    mentions: Sequence[Mention],
) -> bool:
    """Whether the sentence itself names the actor (else it is the article's home state)."""
    return roles(comp, etype, sentence, span, mentions, None)[0] is not None


def presume_actor(
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


def title_state(
    comp: CompiledLexicon, sentences: Sequence[tuple[int, str]], lang: str
) -> str | None:
    """The first state the title names as a place, not as a side acted on ("for China"):
    where an article with no dateline happens ("Two men arrested in Estonia")."""
    if not sentences or sentences[0][0] != 0:
        return None
    title = sentences[0][1]
    mentions = find_mentions(title, lang)
    # A service that only acts at home ("ABW detains two agents") names its state before
    # any place the title names (a service acting abroad too, "FSB", may be reported on).
    home_agency = next(
        (m.iso for m in mentions if m.agency is not None and m.agency.role == "domestic"), None
    )
    if home_agency is not None:
        return home_agency
    passive = acted_on(comp, title, mentions)
    return next((m.iso for m in mentions if m.kind in ("name", "city") and m not in passive), None)


def agency_state(text: str, lang: str) -> str | None:
    """The state of the first service the article names that acts only at home (Säpo, PST,
    the Belgian VSSE): where an article with no dateline and no place in its title happens.
    A Danish report of a Säpo arrest, a Flemish one of the Staatsveiligheid's list, is not
    of Denmark's or the Netherlands' doing."""
    hits = [
        (match.start(), agency.form.iso)
        for agency in agency_patterns(lang)
        if agency.form.role == "domestic" and agency.form.iso
        for match in [agency.pattern.search(text)]
        if match is not None
    ]
    return min(hits)[1] if hits else None
