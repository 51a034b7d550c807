"""Mentions of one event within an article merged into one event, with the best evidence.

Mentions share an event when they have the same type, actor and target and the same
freshness: a fresh expulsion and last year's expulsion by the same state are two events.
Mentions without a time cue of their own join the dated ones of the same triple.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span

from nongrata.extractors.english.entity_index import EntityIndex
from nongrata.extractors.english.events import Mention
from nongrata.extractors.english.gazetteer import Gazetteer
from nongrata.extractors.english.lexicon import (
    AGENT_NOUNS,
    HANDLER_WORDS,
    HANDLING_VERBS,
    SPEECH_VERBS,
)
from nongrata.extractors.english.participants import split_by_participants
from nongrata.extractors.english.persons import named_later, referent_names
from nongrata.extractors.english.timing import MentionVerdict
from nongrata.types import ExtractedEvent


@dataclass
class MentionRecord:
    """One mention with its resolved roles and verdict."""

    mention: Mention
    actor: str
    target: str
    verdict: MentionVerdict
    actor_explicit: bool
    count: int | None
    persons: tuple[str, ...]
    agencies: tuple[str, ...]
    evidence: str
    in_headline: bool = False
    sentence_index: int = 0

    @property
    def confidence(self) -> float:
        score = self.mention.strength
        score += 0.05 if self.actor_explicit else -0.1
        score += 0.05 if self.verdict.explicit else 0.0
        score -= 0.1 if self.in_headline else 0.0
        return max(0.05, min(0.99, score))


def attach_named_persons(records: list[MentionRecord], sents: Sequence[Span]) -> None:
    """ "…identified them as A, B and C", "The ten included A; B", "The suspect, A, …": names
    given in a later sentence (:func:`~nongrata.extractors.english.persons.named_later`,
    :func:`~nongrata.extractors.english.persons.referent_names`) join the nearest
    preceding event mention that names nobody yet."""
    for index, sent in enumerate(sents):
        names = named_later(sent)
        if not any(r.sentence_index == index for r in records):
            # "The suspect, Dieter S., …": the subject named refers back, unless the sentence
            # tells an event of its own ("A, 46, pleaded guilty last year"), whose person it is
            names += [n for n in referent_names(sent) if n not in names]
        if not names:
            continue
        candidates = [
            r
            for r in records
            if index - 3 <= r.sentence_index <= index and r.mention.type != "recall"
        ]
        if not candidates:
            continue
        # those that name nobody yet; where every one names someone, the nearest ("two
        # days after police arrested A. The police identified the accused as B": B is the
        # unnamed one's, not A's)
        nearest = max(r.sentence_index for r in candidates)
        unnamed = [r for r in candidates if not r.persons]
        for record in unnamed or [r for r in candidates if r.sentence_index == nearest]:
            merged = list(record.persons)
            for name in names:
                if name not in merged:
                    merged.append(name)
            record.persons = tuple(merged)


def handler_persons(sents: Sequence[Span], entities: EntityIndex) -> list[str]:
    """Named handlers or taskers: "took his orders from X", "handled by X" (``entities``: the
    document's entity index)."""
    names: list[str] = []
    for sent in sents:
        for ent in entities.within(sent):
            if ent.label_ != "PERSON":
                continue
            head = ent.root.head
            if head.dep_ == "prep" or head.pos_ == "ADP":
                governor = head.head.lemma_.lower()
                handler = (head.lower_ == "from" and governor in HANDLER_WORDS) or (
                    head.lower_ == "by" and governor in HANDLING_VERBS
                )
                if handler and ent.text not in names:
                    names.append(ent.text)
            if _agency_officer(ent) and ent.text not in names:
                names.append(ent.text)
    return names


_TELLING = SPEECH_VERBS | {"tell", "testify"}


def _agency_officer(ent: Span) -> bool:
    """ "met a KGB officer, Victor Okunev", "the SVR agent Pavel K.": a named officer of a
    named service, who is in the case (not one who speaks of it: "FBI agent X told the court")."""
    root = ent.root
    nouns = [c for c in root.children if c.dep_ in ("compound", "appos") and c.i < ent.start]
    if root.dep_ in ("appos", "compound"):
        nouns.append(root.head)
    doc = ent.doc
    if ent.start >= 2 and doc[ent.start - 1].text == ",":
        nouns.append(doc[ent.start - 2])  # the parser often hangs the set-off name elsewhere
    for noun in nouns:
        if noun.lemma_.lower() not in AGENT_NOUNS | {"handler"}:
            continue
        around = [t for t in noun.subtree if not ent.start <= t.i < ent.end]
        if not any(t.ent_id_.startswith("agency:") for t in around):
            continue
        speaker = root if root.dep_ in ("nsubj", "nsubjpass") else noun
        return not (speaker.dep_ == "nsubj" and speaker.head.lemma_.lower() in _TELLING)
    return False


def merge_records(records: Sequence[MentionRecord], gaz: Gazetteer) -> list[ExtractedEvent]:
    """One event per (type, actor, target, freshness), in order of first mention."""
    groups: dict[tuple[str, str, str], list[MentionRecord]] = {}
    body_types = {r.mention.type for r in records if not r.in_headline}
    for record in records:
        if (
            record.in_headline
            and record.mention.type in body_types
            and not record.verdict.disclosure
        ):
            # the running text reports this type of event itself; the telegraphic headline
            # only counts where it adds a disclosure cue
            continue
        if record.verdict.status == "future":
            continue
        key = (record.mention.type, record.actor, record.target)
        groups.setdefault(key, []).append(record)
    ordered: list[tuple[int, ExtractedEvent]] = []
    told_fresh = [
        r.sentence_index
        for r in records
        if r.verdict.explicit and r.verdict.status == "new" and not r.in_headline
    ]
    news_from = min(told_fresh) if told_fresh else None
    for group in groups.values():
        for new, members in _split_by_freshness(group, news_from):
            for cluster in split_by_participants(members):
                first = min(m.sentence_index for m in cluster)
                ordered.append((first, _event(new, cluster, gaz)))
    ordered.sort(key=lambda pair: pair[0])
    return [event for _, event in ordered]


def _split_by_freshness(
    group: list[MentionRecord], news_from: int | None = None
) -> list[tuple[bool, list[MentionRecord]]]:
    """The group's new mentions and its old ones by month; ``news_from``: the first sentence
    of the running text that tells a dated fresh event (the story's news), if any."""
    if any(r.verdict.disclosure for r in group):
        return [(True, group)]
    fresh = [r for r in group if r.verdict.explicit and r.verdict.status == "new"]
    old = [r for r in group if r.verdict.explicit and r.verdict.status == "old"]
    undated = [r for r in group if not r.verdict.explicit]
    if fresh:
        fresh += undated
    elif old:
        # an undated mention naming its actor, told as fresh after the story's dated news
        # and before it turns to the dated background of the same pair ("India on Tuesday
        # asked…"; "Pakistan reciprocated, asking India to cut its staff" … "Pakistan
        # expelled India's high commissioner in August last year") is news too
        first_old = min(r.sentence_index for r in old)
        fresh = [
            r
            for r in undated
            if r.verdict.status == "new"
            and r.actor_explicit
            and not r.mention.presupposed
            and news_from is not None
            and news_from <= r.sentence_index < first_old
        ]
        old += [r for r in undated if r not in fresh]
    elif any(r.verdict.status == "new" for r in undated):
        fresh = undated
    else:
        old = undated
    out: list[tuple[bool, list[MentionRecord]]] = [(True, fresh)] if fresh else []
    # background mentions dated to different months are different events
    by_month: dict[tuple[int, int] | None, list[MentionRecord]] = {}
    for record in old:
        # an undated mention carries the publication date, which says nothing of its month,
        # unless its paragraph dated the story it tells
        dated = record.verdict.explicit or record.verdict.paragraph_dated
        when = record.verdict.when if dated else None
        by_month.setdefault((when.year, when.month) if when else None, []).append(record)
    undated_old = by_month.pop(None, [])
    if not by_month:
        return [*out, (False, undated_old)] if undated_old else out
    groups = list(by_month.values())
    groups[0].extend(undated_old)
    return out + [(False, g) for g in groups]


def _event(new: bool, members: list[MentionRecord], gaz: Gazetteer) -> ExtractedEvent:
    best = max(members, key=lambda r: (not r.in_headline, r.confidence))
    persons: list[str] = []
    agencies: list[str] = []
    for record in sorted(members, key=lambda r: r.sentence_index):
        for person in record.persons:
            if person not in persons:
                persons.append(person)
        for agency in record.agencies:
            if agency not in agencies:
                agencies.append(agency)
    count = best.count
    if count is None:
        count = next((r.count for r in members if r.count is not None), None)
    actor = gaz.state(best.actor)
    target = gaz.state(best.target)
    confidence = min(0.99, best.confidence + 0.03 * (len(members) - 1))
    return ExtractedEvent(
        type=best.mention.type,
        new=new,
        actor=actor.name,
        actor_iso=actor.iso,
        target=target.name,
        target_iso=target.iso,
        persons=tuple(persons),
        agencies=tuple(agencies),
        count=count,
        confidence=confidence,
        evidence=best.evidence,
        event_date=best.verdict.when
        if new
        else next((r.verdict.when for r in members if r.verdict.when), None),
    )
