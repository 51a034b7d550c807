"""Mentions of one type, actor and target that are nevertheless different events.

"Police arrested seven residents of one town, a day after announcing the arrest of seven
people from another" holds two arrests by the same state for the same beneficiary. Mentions
are grouped by who they are about: a mention that introduces new people (an indefinite noun
phrase, or names) starts a new event when it cannot be the people already reported — the
same sentence names other people, its names are all different, it is marked as another case
("also", "separately", "in a related case"), or it is dated to another day. Mentions that
refer back ("the two men", "he", no object at all) join the latest event they fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, Protocol, TypeVar

from spacy.tokens import Token

from nongrata.extractors.english.events import Mention
from nongrata.extractors.english.lexicon import (
    DEFINITE_DETERMINERS,
    DISTINCT_ADVERBS,
    DISTINCT_CASE_WORDS,
    TIME_UNITS,
)

_NOT_PEOPLE_ENTS = frozenset({"DATE", "TIME", "MONEY", "QUANTITY", "PERCENT"})


class _Verdict(Protocol):
    @property
    def day(self) -> date | None: ...

    @property
    def status(self) -> str: ...


class ParticipantRecord(Protocol):
    """What the split needs from a mention record (``merge.MentionRecord``)."""

    @property
    def mention(self) -> Mention: ...

    @property
    def persons(self) -> tuple[str, ...]: ...

    @property
    def sentence_index(self) -> int: ...

    @property
    def in_headline(self) -> bool: ...

    @property
    def verdict(self) -> _Verdict: ...


R = TypeVar("R", bound=ParticipantRecord)


@dataclass
class _Cluster(Generic[R]):
    members: list[R] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    heads: list[Token] = field(default_factory=list)  # introducing noun phrase heads
    days: set[date] = field(default_factory=set)

    def add(self, record: R) -> None:
        self.members.append(record)
        self.names.update(_name_tokens(record.persons))
        self.heads.extend(introduced_heads(record.mention))
        day = _day(record)
        if day is not None:
            self.days.add(day)


def split_by_participants(records: Sequence[R]) -> list[list[R]]:
    """``records`` (one type, actor, target and freshness) split into events, in order."""
    clusters: list[_Cluster[R]] = []
    for record in sorted(records, key=lambda r: r.sentence_index):
        home = _home(record, clusters)
        if home is None:
            home = _Cluster()
            clusters.append(home)
        home.add(record)
    return [c.members for c in clusters]


def _home(record: R, clusters: list[_Cluster[R]]) -> _Cluster[R] | None:
    if not clusters:
        return None
    heads = introduced_heads(record.mention)
    names = _name_tokens(record.persons)
    if not heads:
        # refers back ("the diplomat", "he"): the event that shares its names, else the
        # latest that names no one yet ("arrested a businessman … The accused, Shehzad, …
        # He was arrested in Moradabad"), else the latest
        sharing = [c for c in clusters if names & c.names]
        if names and not sharing:
            sharing = [c for c in clusters if not c.names]
            if not sharing and record.verdict.status == "new":
                return None  # "the blogger Anna Kowalska": someone fresh, not the named ones
        return (sharing or clusters)[-1]
    fitting = [c for c in clusters if not _conflicts(record, heads, names, c)]
    if not fitting:
        return None
    sharing = [c for c in fitting if names and names & c.names]
    return (sharing or fitting)[-1]


def _conflicts(record: R, heads: list[Token], names: set[str], cluster: _Cluster[R]) -> bool:
    if names and cluster.names and record.verdict.status == "new":
        # fresh reports about other named people; background cases are told as one
        return not names & cluster.names
    same_sentence = [
        h for h in cluster.heads if h.sent == record.mention.trigger.sent and h not in heads
    ]
    if heads and same_sentence and not _coordinated(heads, same_sentence):
        return True  # "arrested seven residents … after the arrest of seven others"
    if _marked_distinct(record.mention) and not names & cluster.names:
        return True
    day = _day(record)
    return bool(heads) and day is not None and bool(cluster.days) and day not in cluster.days


def introduced_heads(mention: Mention) -> list[Token]:
    """Patient heads that introduce people (not pronouns, not definite back-references)."""
    out: list[Token] = []
    for patient in mention.patients:
        if patient.pos_ == "PRON" or patient.pos_ not in ("NOUN", "PROPN", "NUM"):
            continue
        if patient.ent_type_ in _NOT_PEOPLE_ENTS or patient.lemma_.lower() in TIME_UNITS:
            continue  # "received five years": not people
        if any(
            c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS)
            for c in patient.children
        ):
            continue
        out.append(patient)
    return out


def _coordinated(ours: list[Token], theirs: list[Token]) -> bool:
    return any(t in o.conjuncts or t.head == o or o.head == t for o in ours for t in theirs)


def _marked_distinct(mention: Mention) -> bool:
    """ "prosecutors also charged …", "separately, police detained …", "in a related case"."""
    trigger = mention.trigger
    if any(c.dep_ == "advmod" and c.lower_ in DISTINCT_ADVERBS for c in trigger.children):
        return True
    # the cue may hang on the clause that frames the trigger ("In a related case announced
    # on Monday, prosecutors charged …")
    for clause in (trigger, *list(trigger.ancestors)[:2]):
        for prep in clause.children:
            if prep.dep_ != "prep" or prep.i > trigger.i:
                continue
            for pobj in prep.children:
                if (
                    pobj.dep_ == "pobj"
                    and pobj.lemma_.lower() == "case"
                    and any(c.lower_ in DISTINCT_CASE_WORDS for c in pobj.children)
                ):
                    return True
    return False


def _name_tokens(persons: Sequence[str]) -> set[str]:
    return {w.lower() for p in persons for w in p.replace(".", " ").split() if len(w) > 2}


def _day(record: ParticipantRecord) -> date | None:
    """The fresh day the record's own date names (headlines name none that count)."""
    return None if record.in_headline else record.verdict.day
