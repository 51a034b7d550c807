"""Clustering: reports of the same event across outlets and days become one event.

Pure functions over plain values (no database). Two reports are the same event when:

- the event type is the same;
- the actor and the target are the same, in that order (retaliation — Russia expelling
  Czech diplomats after the Czech Republic expelled Russian ones — is a different event);
  a side is keyed by its ISO code, else by its normalised name, else "" (unknown);
- their dates are within ``window_days`` of each other (an explicit event date when the
  article gave one, else the article's publication date);
- the named persons do not contradict: either side names nobody, or at least one person
  is on both (:func:`same_person`: a surname alone matches the full name, transliterations
  match, a feminine form of a surname or another given name is another person);
- the counts do not contradict: equal, or at least one side does not say; and the persons
  the two name together are no more than the count says (a report naming Petrov and
  Sidorov is not the arrest of one man, Petrov);
- for arrests, charges and convictions, a report that tells of one more person ("a second
  suspect": extraction marks it, ``ExtractedEvent.further_person``,
  :mod:`nongrata.extractors.further`) is not an event dated before it that told of no
  further person, unless a named person is on both: the second arrest is its own event.
  Neither side's silence splits (a report that names nobody still joins).

Only reliable persons split (the two rules on persons above): those of reports whose
extraction marks them ``persons_reliable`` — the English parser's, or another language's
``person_names`` patterns. A capitalised run of words in a Polish or Czech sentence is a
wrong name too often (precision about 0.6): such a report's persons neither contradict an
event's nor count against it, so the same arrest reported in Polish with one wrong extra
name joins the English report; they still join an event by a shared name and are merged
into its persons.

A later report of a known event becomes one more mention of it (a source); it never
creates a second event, so it never alerts again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from unidecode import unidecode

from nongrata.watchlists.person_match import compare_surnames, match_person

DEFAULT_WINDOW_DAYS = 7
# Event types about persons: one more person is one more event.
PERSONAL_TYPES = frozenset({"arrest", "charge", "conviction"})
_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise_name(name: str) -> str:
    """ASCII, lower case, words separated by one space: 'Mikalai  Dukshta.' → 'mikalai dukshta'."""
    return _NON_WORD.sub(" ", unidecode(name).lower()).strip()


def side_key(iso: str | None, name: str | None) -> str:
    """The clustering key of an actor or target: ISO code, else normalised name, else ''."""
    if iso:
        return iso.strip().upper()
    if name:
        return normalise_name(name)
    return ""


def _surname(name: str) -> str:
    """The last word of a name as written (its script kept for transliteration)."""
    words = [w.strip(".,;:()\"'") for w in name.split()]
    words = [w for w in words if w]
    return words[-1] if words else ""


def same_person(a: str, b: str) -> bool:
    """Whether two name forms can denote the same person.

    Two full names: the watchlists' person matcher (transliterations, given-name variants,
    initials; a feminine form or another given name is another person). A surname alone
    (one side names no given name): the surnames match.
    """
    na, nb = normalise_name(a), normalise_name(b)
    if not na or not nb:
        return False
    if na == nb:
        return True
    if len(na.split()) > 1 and len(nb.split()) > 1:
        return match_person(a, b) is not None
    return compare_surnames(_surname(a), _surname(b)) is not None


def persons_compatible(a: Sequence[str], b: Sequence[str]) -> bool:
    """No contradicting named persons: either side names nobody, or one person is shared."""
    if not a or not b:
        return True
    return shares_person(a, b)


def counts_compatible(a: int | None, b: int | None) -> bool:
    return a is None or b is None or a == b


def persons_fit_count(
    a: Sequence[str], b: Sequence[str], count_a: int | None, count_b: int | None
) -> bool:
    """Whether the persons two reports name together can be as few as the count says (a
    side that names more persons than its own count is no evidence either way)."""
    known = [c for c in (count_a, count_b) if c is not None]
    if not known or not a or not b:
        return True
    if (count_a is not None and len(a) > count_a) or (count_b is not None and len(b) > count_b):
        return True
    return len(merge_persons(a, b)) <= min(known)


def shares_person(a: Sequence[str], b: Sequence[str]) -> bool:
    return any(same_person(x, y) for x in a for y in b)


def merge_persons(existing: Sequence[str], added: Iterable[str]) -> list[str]:
    """The union of two person lists; a longer form of a known name replaces the shorter."""
    merged = list(existing)
    for name in added:
        if not normalise_name(name):
            continue
        for i, known in enumerate(merged):
            if same_person(known, name):
                if len(normalise_name(name).split()) > len(normalise_name(known).split()):
                    merged[i] = name
                break
        else:
            merged.append(name)
    return merged


def merge_names(existing: Sequence[str], added: Iterable[str]) -> list[str]:
    """The union of two lists of names, compared case-insensitively, order kept."""
    merged = list(existing)
    seen = {n.casefold() for n in merged}
    for name in added:
        if name and name.casefold() not in seen:
            merged.append(name)
            seen.add(name.casefold())
    return merged


@dataclass(frozen=True)
class Report:
    """One article's report of an event: what clustering needs to know about it."""

    type: str
    actor_key: str
    target_key: str
    day: date  # the reported event date, else the article's publication date
    day_reported: bool  # True when ``day`` is an event date the article gave
    persons: tuple[str, ...] = ()
    count: int | None = None
    further: bool = False  # tells of one more person ("a second suspect")
    persons_reliable: bool = True  # whether ``persons`` may tell it apart from an event

    @property
    def reliable_persons(self) -> tuple[str, ...]:
        return self.persons if self.persons_reliable else ()


@dataclass(frozen=True)
class Cluster:
    """An event as clustering sees it. ``ref`` identifies it to the caller (a row id)."""

    ref: int
    type: str
    actor_key: str
    target_key: str
    day: date | None
    day_reported: bool
    persons: tuple[str, ...] = ()
    count: int | None = None
    mentions: int = 0
    further: bool = False  # one of its reports told of one more person
    # the persons of its reports whose persons are reliable (those that split); None: all
    # of ``persons``
    reliable: tuple[str, ...] | None = None

    @property
    def reliable_persons(self) -> tuple[str, ...]:
        return self.persons if self.reliable is None else self.reliable


def compatible(cluster: Cluster, report: Report, window_days: int) -> bool:
    """Whether ``report`` is a report of the event ``cluster``."""
    if (cluster.type, cluster.actor_key, cluster.target_key) != (
        report.type,
        report.actor_key,
        report.target_key,
    ):
        return False
    if cluster.day is not None and abs((cluster.day - report.day).days) > window_days:
        return False
    ours, theirs = cluster.reliable_persons, report.reliable_persons
    return (
        persons_compatible(ours, theirs)
        and counts_compatible(cluster.count, report.count)
        and persons_fit_count(ours, theirs, cluster.count, report.count)
        and further_compatible(cluster, report)
    )


def further_compatible(cluster: Cluster, report: Report) -> bool:
    """An event that told of one more person and one that did not are one only when a
    named person is on both, or the further one is not dated after the other."""
    if cluster.type not in PERSONAL_TYPES or cluster.further == report.further:
        return True
    if cluster.day is None or shares_person(cluster.persons, report.persons):
        return True
    further_day, other_day = (
        (report.day, cluster.day) if report.further else (cluster.day, report.day)
    )
    return further_day <= other_day


def best_cluster(
    clusters: Iterable[Cluster], report: Report, window_days: int = DEFAULT_WINDOW_DAYS
) -> Cluster | None:
    """The event this report belongs to, or None: among compatible events, the one closest
    in date, then the one named by the most persons in common, then the best attested."""
    candidates = [c for c in clusters if compatible(c, report, window_days)]
    if not candidates:
        return None

    def rank(c: Cluster) -> tuple[int, int, int, int]:
        distance = abs((c.day - report.day).days) if c.day is not None else window_days + 1
        shared = sum(1 for p in report.persons if any(same_person(p, q) for q in c.persons))
        return (distance, -shared, -c.mentions, c.ref)

    return min(candidates, key=rank)


def absorb(cluster: Cluster, report: Report) -> Cluster:
    """The event once ``report`` is one more of its mentions."""
    day, reported = cluster.day, cluster.day_reported
    if day is None:
        day, reported = report.day, report.day_reported
    elif report.day_reported and not reported:
        day, reported = report.day, True
    elif report.day_reported == reported and report.day < day:
        day = report.day
    return replace(
        cluster,
        day=day,
        day_reported=reported,
        persons=tuple(merge_persons(cluster.persons, report.persons)),
        count=cluster.count if cluster.count is not None else report.count,
        mentions=cluster.mentions + 1,
        further=cluster.further or report.further,
        reliable=tuple(merge_persons(cluster.reliable_persons, report.reliable_persons)),
    )


def start_cluster(ref: int, report: Report) -> Cluster:
    """A new event made of its first report."""
    return Cluster(
        ref=ref,
        type=report.type,
        actor_key=report.actor_key,
        target_key=report.target_key,
        day=report.day,
        day_reported=report.day_reported,
        persons=tuple(merge_persons((), report.persons)),
        count=report.count,
        mentions=1,
        further=report.further,
        reliable=tuple(merge_persons((), report.reliable_persons)),
    )


def cluster_reports(reports: Sequence[Report], window_days: int = DEFAULT_WINDOW_DAYS) -> list[int]:
    """Group reports into events with no prior events: the event index of each report."""
    clusters: list[Cluster] = []
    assignment: list[int] = []
    for report in reports:
        found = best_cluster(clusters, report, window_days)
        if found is None:
            clusters.append(start_cluster(len(clusters), report))
            assignment.append(len(clusters) - 1)
        else:
            clusters[found.ref] = absorb(found, report)
            assignment.append(found.ref)
    return assignment


__all__ = [
    "DEFAULT_WINDOW_DAYS",
    "PERSONAL_TYPES",
    "Cluster",
    "Report",
    "absorb",
    "best_cluster",
    "cluster_reports",
    "compatible",
    "counts_compatible",
    "further_compatible",
    "merge_names",
    "merge_persons",
    "normalise_name",
    "persons_compatible",
    "persons_fit_count",
    "same_person",
    "shares_person",
    "side_key",
    "start_cluster",
]
