"""nongrata.watchlists: the match stage — the watchlist model, its validation and editing, the
matcher (``matcher``) and name matching; and the bundled watchlists (data).

``agencies.yaml``, ``countries.yaml`` and ``persons.yaml`` follow the format in SPEC.md and
``watchlist.schema.json`` (generated from ``nongrata.watchlists.model``); copy them with
``nongrata watchlist init DIR`` to edit.

``load_watchlists(folder)`` reads and validates a folder of YAML watchlists (refusing it as a
whole, with every problem as ``file:line: reason``); :class:`Watchlists` finds their entries
in articles (``find``) and extracted events (``match_event``) and gives spaCy patterns for
them (``entity_patterns``). ``match_person`` compares two personal names across scripts and
transliterations.
"""

from nongrata.watchlists.loading import LoadedFile, check_folder
from nongrata.watchlists.matcher import (
    EntrySource,
    WatchlistEntries,
    Watchlists,
    load_watchlists,
    match_event,
)
from nongrata.watchlists.model import KINDS, Kind, WatchlistEntry, WatchlistFile
from nongrata.watchlists.person_match import MATCH_THRESHOLD, NameMatch, match_person

__all__ = [
    "KINDS",
    "MATCH_THRESHOLD",
    "EntrySource",
    "Kind",
    "LoadedFile",
    "NameMatch",
    "WatchlistEntries",
    "WatchlistEntry",
    "WatchlistFile",
    "Watchlists",
    "check_folder",
    "load_watchlists",
    "match_event",
    "match_person",
]
