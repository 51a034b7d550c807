"""nongrata.matching: the watchlist model, its validation, and name matching.

``load_watchlists(folder)`` reads and validates a folder of YAML watchlists (refusing it as a
whole, with every problem as ``file:line: reason``); :class:`Watchlists` finds their entries
in articles (``find``) and extracted events (``match_event``) and gives spaCy patterns for
them (``entity_patterns``). ``match_person`` compares two personal names across scripts and
transliterations.
"""

from nongrata.matching.loading import LoadedFile, check_folder
from nongrata.matching.model import KINDS, Kind, WatchlistEntry, WatchlistFile
from nongrata.matching.person_match import MATCH_THRESHOLD, NameMatch, match_person
from nongrata.matching.watchlists import (
    EntrySource,
    WatchlistEntries,
    Watchlists,
    load_watchlists,
    match_event,
)

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
