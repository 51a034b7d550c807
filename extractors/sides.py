"""Whose service each agency of an event is: the acting state's, or the foreign service of
the target state (the one a person spied for, the one whose officers are expelled).

The side follows from the agency's state in the one agency table (``data/agencies.json``,
``country``) and the event's roles: the agency of the actor's state is ``"actor"``, the
agency of the target's state is ``"target"``, any other (or one the table does not know)
has no side (``None``). A name two services share (SIS: Moldova's and others) takes the side
of whichever of them belongs to one of the event's two states.

Pure functions: the English and the multilingual extractor share them
(:meth:`nongrata.extractors.extract.Extractor` adds the sides to every event), and the
alert and web views use them for events stored before sides were recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from dataclasses import replace
from functools import cache

from nongrata.extractors.agencies import AgencyTable, agency_table
from nongrata.types import AgencySide, ExtractedEvent


def states_by_name(table: AgencyTable) -> dict[str, frozenset[str]]:
    """Each agency's names as extraction reports them (``short``) and as the table lists
    them (``name``), casefolded, with the ISO codes of the states that have an agency so
    named."""
    states: dict[str, set[str]] = {}
    for agency in table.agencies:
        for name in {agency.short, agency.name}:
            states.setdefault(name.casefold(), set()).add(agency.country)
    return {name: frozenset(isos) for name, isos in states.items()}


@cache
def _agency_states() -> Mapping[str, frozenset[str]]:
    return states_by_name(agency_table())


def agency_states(name: str) -> frozenset[str]:
    """The ISO codes of the states with an agency called ``name`` (empty: unknown)."""
    return _agency_states().get(name.casefold(), frozenset())


def side_among(
    states: Set[str], actor_iso: str | None, target_iso: str | None
) -> AgencySide | None:
    """The side of an agency of one of ``states``: ``"actor"`` when the acting state has
    it, else ``"target"`` when the target state has it, else None."""
    actor = (actor_iso or "").upper()
    target = (target_iso or "").upper()
    if actor and actor in states:
        return "actor"
    if target and target in states:
        return "target"
    return None


def agency_side(name: str, actor_iso: str | None, target_iso: str | None) -> AgencySide | None:
    """``"actor"`` when ``name`` is a service of the acting state, ``"target"`` when of the
    target state, else None."""
    return side_among(agency_states(name), actor_iso, target_iso)


def agency_sides(
    agencies: Iterable[str], actor_iso: str | None, target_iso: str | None
) -> dict[str, AgencySide | None]:
    """Every agency with its side (None: neither side's service, or unknown)."""
    return {a: agency_side(a, actor_iso, target_iso) for a in agencies}


def with_sides(event: ExtractedEvent) -> ExtractedEvent:
    """``event`` with ``agency_sides`` set from its agencies and roles."""
    sides = agency_sides(event.agencies, event.actor_iso, event.target_iso)
    return replace(event, agency_sides=tuple(sides.items()))


__all__ = [
    "AgencySide",
    "agency_side",
    "agency_sides",
    "agency_states",
    "side_among",
    "states_by_name",
    "with_sides",
]
