"""``--agency`` and ``--person`` filters, checked against the loaded watchlists.

A filter naming nothing in the watchlists would silently never match, so it is refused with
the closest entries (rapidfuzz). What is stored is what :mod:`nongrata.alerts.filters`
matches at alert time, so a filter accepted here matches the entries it was checked against:

- agency: an id, name or alias (case and diacritics ignored). An id or a name is stored as
  the watchlist spells it; an alias is stored as the name of each agency that has it (alert
  time compares agencies by id and name).
- person: an id, or a name whose words are all words of a person's name or alias ("a
  surname matches the full name"). A value matching some person's name is stored as given
  (alert time applies the same word rule to every person's name); each person it matches
  only through an alias is stored by that person's full name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from nongrata.alerts.filters import name_words
from nongrata.errors import AlertError
from nongrata.watchlists.loading import load_files
from nongrata.watchlists.matcher import WatchlistEntries
from nongrata.watchlists.model import WatchlistEntry
from nongrata.watchlists.names import fold_text

CLOSEST = 3


def closest(value: str, entries: Sequence[WatchlistEntry], limit: int = CLOSEST) -> list[str]:
    """The names of the entries whose id, name or an alias is most like ``value``."""
    choices: list[str] = []
    owners: list[str] = []
    for entry in entries:
        for text in (entry.id, *entry.all_names):
            choices.append(text)
            owners.append(entry.name)
    ranked = process.extract(
        value, choices, scorer=fuzz.WRatio, processor=utils.default_process, limit=None
    )
    out: list[str] = []
    for _choice, _score, index in ranked:
        if owners[index] not in out:
            out.append(owners[index])
        if len(out) == limit:
            break
    return out


def _refuse(
    option: str, value: str, kind: str, folder: Path, pool: Sequence[WatchlistEntry]
) -> AlertError:
    singular = {"agencies": "agency", "persons": "person"}[kind]
    near = closest(value, pool)
    hint = f"closest: {', '.join(near)}" if near else f"the watchlists have no {kind}"
    rule = " (a surname matches the full name)" if kind == "persons" else ""
    return AlertError(
        f"{option} {value!r}: no {singular} in the watchlists ({folder}) has that name or "
        f"alias{rule}; {hint}"
    )


def _add(out: list[str], values: Iterable[str]) -> None:
    for value in values:
        if value not in out:
            out.append(value)


def agency_values(value: str, agencies: Sequence[WatchlistEntry]) -> list[str]:
    """What to store for an ``--agency`` value; empty when no agency has that name."""
    key = fold_text(value)
    by_id = [e.id for e in agencies if fold_text(e.id) == key]
    by_name = [e.name for e in agencies if fold_text(e.name) == key]
    if by_id or by_name:
        return list(dict.fromkeys(by_id + by_name))
    return [e.name for e in agencies if any(fold_text(a) == key for a in e.aliases)]


def person_values(value: str, persons: Sequence[WatchlistEntry]) -> list[str]:
    """What to store for a ``--person`` value; empty when it names no person."""
    by_id = [e.id for e in persons if e.id.casefold() == value.casefold()]
    if by_id:
        return by_id
    want = set(name_words(value))
    if not want:
        return []

    def has(name: str) -> bool:
        return want <= set(name_words(name))

    out = [value] if any(has(e.name) for e in persons) else []
    _add(out, (e.name for e in persons if not has(e.name) and any(has(a) for a in e.aliases)))
    return out


_Find = Callable[[str, Sequence[WatchlistEntry]], list[str]]


def check_entry_filters(
    agencies: Sequence[str], persons: Sequence[str], folder: Path | None
) -> tuple[list[str], list[str]]:
    """The agency and person filter values to store, each checked against the watchlists in
    ``folder`` (loaded and validated here: a folder that does not validate is refused)."""
    if folder is None:
        raise AlertError("--agency and --person are checked against the watchlists: none given")
    entries = WatchlistEntries(load_files(folder))

    def stored(values: Sequence[str], find: _Find, option: str, kind: str) -> list[str]:
        known: Sequence[WatchlistEntry] = getattr(entries, kind)
        out: list[str] = []
        for value in values:
            found = find(value, known)
            if not found:
                raise _refuse(option, value, kind, folder, known)
            _add(out, found)
        return out

    return (
        stored(agencies, agency_values, "--agency", "agencies"),
        stored(persons, person_values, "--person", "persons"),
    )
