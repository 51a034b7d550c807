"""Whose service each agency of an event is: the acting state's, or the target's (the
foreign service a person worked for), read from the agencies watchlist's ``country``.

An agency the watchlists do not know, or whose state is neither side, has no side. A name
that two services share (SIS: the UK's, Moldova's, Slovakia's) gives no side either.
"""

from __future__ import annotations

from pathlib import Path

from nongrata.alerts.reports import EventReport, country_name
from nongrata.watchlists import check_folder

AgencyStates = dict[str, str]  # casefolded name or alias → ISO code of its state


def agency_states(folder: Path) -> AgencyStates:
    """Each agency name and alias of the watchlists in ``folder`` with its state (files that
    do not validate are left out: ``nongrata watchlist validate`` tells why)."""
    files, _problems = check_folder(folder)
    states: dict[str, str | None] = {}
    for loaded in files:
        if loaded.kind != "agencies":
            continue
        for entry in loaded.entries:
            if not entry.country:
                continue
            for name in entry.all_names:
                key = name.casefold()
                states[key] = (
                    entry.country if states.get(key, entry.country) == entry.country else None
                )
    return {k: v for k, v in states.items() if v is not None}


def agency_sides(report: EventReport, states: AgencyStates) -> dict[str, str]:
    """``{"KGB": "target"}``: for each agency with a side, ``actor`` or ``target``."""
    sides: dict[str, str] = {}
    for agency in report.agencies:
        state = states.get(agency.casefold())
        if state is None:
            continue
        if state == (report.actor_iso or "").upper():
            sides[agency] = "actor"
        elif state == (report.target_iso or "").upper():
            sides[agency] = "target"
    return sides


def agency_label(agency: str, report: EventReport, states: AgencyStates) -> str:
    """``KGB (Belarus's, the target's service)``; the name alone when its side is unknown."""
    side = agency_sides(report, states).get(agency)
    if side is None:
        return agency
    iso = report.actor_iso if side == "actor" else report.target_iso
    name = report.actor if side == "actor" else report.target
    whose = country_name(iso, name) or iso
    role = "the acting state's" if side == "actor" else "the target's"
    return f"{agency} ({whose}: {role} service)"
