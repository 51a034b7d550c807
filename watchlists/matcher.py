"""The loaded watchlists and the matcher the pipeline uses (``WatchlistMatcher``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Unpack

import pycountry
from rapidfuzz import fuzz, process

from nongrata.types import ExtractedNames, WatchlistHit
from nongrata.watchlists.loading import LoadedFile, load_files
from nongrata.watchlists.model import KINDS, WATCHED_TAG, Kind, WatchlistEntry, country_name
from nongrata.watchlists.names import fold_text, loose_key
from nongrata.watchlists.person_match import PreparedName, match_prepared_names, prepare_name
from nongrata.watchlists.text_scan import AliasScanner, name_candidates

LABELS: dict[str, str] = {"agencies": "ORG", "persons": "PERSON", "countries": "GPE"}
AMBIGUOUS_SCORE = 0.5
NEARBY_CHARS = 40
_BLOCKING_CUTOFF = 60.0
_CACHE_LIMIT = 50_000  # names (and name words) remembered per Watchlists; then start afresh


@dataclass(frozen=True)
class EntrySource:
    """Where an entry is written: its file and line."""

    path: Path
    line: int


class WatchlistEntries:
    """Typed access to the entries: by kind, by id, by tag, by country."""

    def __init__(self, files: Sequence[LoadedFile]) -> None:
        by_kind: dict[str, list[WatchlistEntry]] = {kind: [] for kind in KINDS}
        self._by_id: dict[tuple[str, str], WatchlistEntry] = {}
        self._sources: dict[tuple[str, str], EntrySource] = {}
        for loaded in files:
            for entry, line in zip(loaded.entries, loaded.lines, strict=True):
                by_kind[loaded.kind].append(entry)
                self._by_id[(loaded.kind, entry.id)] = entry
                self._sources[(loaded.kind, entry.id)] = EntrySource(loaded.path, line)
        self.agencies: tuple[WatchlistEntry, ...] = tuple(by_kind["agencies"])
        self.persons: tuple[WatchlistEntry, ...] = tuple(by_kind["persons"])
        self.countries: tuple[WatchlistEntry, ...] = tuple(by_kind["countries"])

    def of(self, kind: Kind) -> tuple[WatchlistEntry, ...]:
        return {"agencies": self.agencies, "persons": self.persons, "countries": self.countries}[
            kind
        ]

    def __iter__(self) -> Iterator[tuple[Kind, WatchlistEntry]]:
        for kind in KINDS:
            for entry in self.of(kind):
                yield kind, entry

    def __len__(self) -> int:
        return len(self.agencies) + len(self.persons) + len(self.countries)

    def get(self, entry_id: str, kind: Kind | None = None) -> WatchlistEntry | None:
        """The entry with this id (in ``kind``, or in any list when the id is unique)."""
        found = self.find_id(entry_id, kind)
        return found[0][1] if len(found) == 1 else None

    def find_id(self, entry_id: str, kind: Kind | None = None) -> list[tuple[Kind, WatchlistEntry]]:
        """Every (kind, entry) with this id; ids are unique within a kind, not across kinds."""
        kinds = KINDS if kind is None else (kind,)
        return [(k, self._by_id[(k, entry_id)]) for k in kinds if (k, entry_id) in self._by_id]

    def source(self, kind: Kind, entry_id: str) -> EntrySource | None:
        return self._sources.get((kind, entry_id))

    @property
    def tags(self) -> tuple[str, ...]:
        """Every tag in use, sorted."""
        return tuple(sorted({tag for _, entry in self for tag in entry.tags}))

    def with_tag(self, tag: str, kind: Kind | None = None) -> list[WatchlistEntry]:
        return [e for k, e in self if tag in e.tags and (kind is None or k == kind)]

    def with_country(self, code: str, kind: Kind | None = None) -> list[WatchlistEntry]:
        return [e for k, e in self if e.country == code and (kind is None or k == kind)]


class Watchlists:
    """Agencies, persons and countries to watch; finds them in articles and events."""

    def __init__(self, files: Sequence[LoadedFile], folder: Path | None = None) -> None:
        self.folder = folder
        self.files = tuple(files)
        self.entries = WatchlistEntries(self.files)
        self._agency_scanner = AliasScanner(
            (alias, e.id) for e in self.entries.agencies for alias in e.all_names
        )
        # A countries list that tags no state "watched" watches every state it lists.
        self.watches_every_country = not any(WATCHED_TAG in e.tags for e in self.entries.countries)
        self._country_scanner = AliasScanner(
            (alias, e.id) for e in self.entries.countries for alias in e.all_names
        )
        self._folded: dict[str, dict[str, list[WatchlistEntry]]] = {k: {} for k in KINDS}
        for kind, entry in self.entries:
            for alias in entry.all_names:
                bucket = self._folded[kind].setdefault(fold_text(alias), [])
                if entry not in bucket:
                    bucket.append(entry)
        # Blocking for person comparison: the loose key of every word of every name.
        self._person_words: list[str] = []
        self._person_of_word: list[int] = []
        for number, entry in enumerate(self.entries.persons):
            for alias in entry.all_names:
                for word in {loose_key(w) for w in alias.split()}:
                    if word:
                        self._person_words.append(word)
                        self._person_of_word.append(number)
        self._person_names: tuple[tuple[PreparedName, ...], ...] = tuple(
            tuple(prepare_name(alias) for alias in entry.all_names)
            for entry in self.entries.persons
        )
        # A name's person hits, and a name word's block, depend only on the (immutable)
        # entries: remembered, as the same names recur within and across articles.
        self._person_hits: dict[str, tuple[WatchlistHit, ...]] = {}
        self._word_blocks: dict[str, frozenset[int]] = {}

    def __len__(self) -> int:
        return len(self.entries)

    # spaCy ---------------------------------------------------------------------------

    def entity_patterns(self) -> list[dict[str, Any]]:
        """spaCy EntityRuler patterns for every name and alias (``id`` = entry id).

        Country aliases that are demonyms (``Russian``, ``Belarusian``) get the label NORP,
        as spaCy's own models use; other country names GPE, agencies ORG, persons PERSON.
        """
        patterns: list[dict[str, Any]] = []
        seen: set[tuple[str, str, str]] = set()
        for kind, entry in self.entries:
            for alias in entry.all_names:
                label = LABELS[kind]
                if kind == "countries" and _is_demonym(alias, entry):
                    label = "NORP"
                key = (label, alias, entry.id)
                if key not in seen:
                    seen.add(key)
                    patterns.append({"label": label, "pattern": alias, "id": entry.id})
        return patterns

    # Lookups -------------------------------------------------------------------------

    def lookup(self, kind: Kind, name: str) -> list[WatchlistEntry]:
        """Entries of ``kind`` one of whose names is ``name`` (case and accents aside)."""
        return list(self._folded[kind].get(fold_text(name), []))

    def match_person(self, name: str) -> list[WatchlistHit]:
        """Person entries that ``name`` refers to, best first."""
        hits = self._person_hits.get(name)
        if hits is None:
            hits = self._match_person(name)
            if len(self._person_hits) >= _CACHE_LIMIT:
                self._person_hits.clear()
            self._person_hits[name] = hits
        return list(hits)

    def _match_person(self, name: str) -> tuple[WatchlistHit, ...]:
        block = self._person_block(name)
        if not block:
            return ()
        query = prepare_name(name)
        hits = []
        for number in block:
            entry = self.entries.persons[number]
            found = match_prepared_names(query, self._person_names[number])
            if found is not None:
                reason = found.reason
                if reason == "alias":
                    same = found.candidate == entry.name
                    reason = "exact name" if same else f"alias {found.candidate}"
                hits.append(_hit("persons", entry, name, found.score, reason))
        return tuple(sorted(hits, key=lambda h: -h.score))

    def _person_block(self, name: str) -> list[int]:
        """Persons one of whose name words is close (rapidfuzz ratio) to a word of ``name``:
        the only ones :meth:`match_person` compares ``name`` with."""
        numbers: set[int] = set()
        for word in (loose_key(w) for w in name.split()):
            if word:
                numbers.update(self._word_block(word))
        return sorted(numbers)

    def _word_block(self, word: str) -> frozenset[int]:
        block = self._word_blocks.get(word)
        if block is None:
            block = frozenset(
                self._person_of_word[index]
                for _, _, index in process.extract(
                    word,
                    self._person_words,
                    scorer=fuzz.ratio,
                    score_cutoff=_BLOCKING_CUTOFF,
                    limit=None,
                )
            )
            if len(self._word_blocks) >= _CACHE_LIMIT:
                self._word_blocks.clear()
            self._word_blocks[word] = block
        return block

    def match_named(
        self, kind: Kind, name: str, context_countries: set[str] | None = None
    ) -> list[WatchlistHit]:
        """Agency or country entries named ``name`` (an extracted short name or alias)."""
        entries = self.lookup(kind, name)
        if kind == "countries" and len(name) == 2 and name.isupper():
            coded = [e for e in self.entries.countries if e.country == name]
            entries = list({e.id: e for e in [*entries, *coded]}.values())
        return _resolve(kind, entries, name, context_countries or set(), reason=f"name {name}")

    # The matcher -----------------------------------------------------------------------

    def find(self, text: str, **names: Unpack[ExtractedNames]) -> list[WatchlistHit]:
        """Entries found in ``text`` and among extracted names and ISO codes, one hit per
        entry (its best), agencies first, then persons, then countries."""
        persons = names.get("persons", ())
        agencies = names.get("agencies", ())
        countries = names.get("countries", ())
        best: dict[tuple[str, str], tuple[WatchlistHit, int]] = {}

        def keep(hit: WatchlistHit, position: int) -> None:
            key = (hit.list, hit.entry_id)
            if key not in best or hit.score > best[key][0].score:
                best[key] = (hit, min(position, best[key][1]) if key in best else position)

        country_hits = self._country_scanner.scan(text)
        context = {code for code in countries if len(code) == 2 and code.isupper()}
        for scanned in country_hits:
            for entry_id in scanned.targets:
                found = self.entries.get(entry_id, "countries")
                if found is not None and found.country:
                    context.add(found.country)
        for scanned in country_hits:
            entries = [self.entries.get(t, "countries") for t in scanned.targets]
            resolved = _resolve(
                "countries",
                [e for e in entries if e],
                scanned.text,
                context,
                f"alias {scanned.alias}",
            )
            for hit in resolved:
                keep(hit, scanned.start)
        for code in countries:
            for hit in self.match_named("countries", code, context):
                keep(_with_reason(hit, _country_reason(code)), -1)
        placed = [
            (c.start, c.end, entry.country)
            for c in country_hits
            for entry in (self.entries.get(t, "countries") for t in c.targets)
            if entry is not None and entry.country
        ]
        for scanned in self._agency_scanner.scan(text):
            entries = [self.entries.get(t, "agencies") for t in scanned.targets]
            nearby = _nearby(placed, scanned.start, scanned.end) if len(entries) > 1 else []
            resolved = _resolve(
                "agencies",
                [e for e in entries if e],
                scanned.text,
                context,
                f"alias {scanned.alias}",
                nearby,
            )
            for hit in resolved:
                keep(hit, scanned.start)
        for name in agencies:
            for hit in self.match_named("agencies", name, context):
                keep(hit, -1)
        for name in persons:
            for hit in self.match_person(name):
                keep(hit, -1)
        for span in name_candidates(text):
            for hit in self.match_person(span.text):
                keep(hit, span.start)
        order: dict[str, int] = {kind: number for number, kind in enumerate(KINDS)}
        ranked = sorted(best.values(), key=lambda pair: (order[pair[0].list], pair[1]))
        return [hit for hit, _ in ranked]


def _hit(kind: str, entry: WatchlistEntry, text: str, score: float, reason: str) -> WatchlistHit:
    return WatchlistHit(
        list=kind,
        entry=entry.name,
        entry_id=entry.id,
        text=text,
        score=round(min(1.0, max(0.0, score)), 3),
        reason=reason,
        tags=tuple(entry.tags),
    )


def _nearby(placed: Sequence[tuple[int, int, str]], start: int, end: int) -> list[str]:
    """Country codes named within a few words of ``start``..``end``, closest first."""
    distances = []
    for c_start, c_end, code in placed:
        gap = start - c_end if c_end <= start else c_start - end
        if 0 <= gap <= NEARBY_CHARS:
            distances.append((gap, code))
    return [code for _, code in sorted(distances)]


def _with_reason(hit: WatchlistHit, reason: str) -> WatchlistHit:
    return WatchlistHit(hit.list, hit.entry, hit.entry_id, hit.text, hit.score, reason, hit.tags)


def _country_reason(code: str) -> str:
    return f"country code {code}" if len(code) == 2 and code.isupper() else f"name {code}"


def _resolve(
    kind: str,
    entries: Sequence[WatchlistEntry],
    text: str,
    context: set[str],
    reason: str,
    nearby: Sequence[str] = (),
) -> list[WatchlistHit]:
    """Hits for an alias. An alias shared by several entries (``SIS``: UK, Moldova,
    Slovakia) goes to the entry whose country is named closest to it (``Moldova's SIS``),
    else to the only one whose country the article names, else to all at a low score."""
    if len(entries) <= 1:
        return [_hit(kind, e, text, 1.0, reason) for e in entries]
    for code in nearby:
        near = [e for e in entries if e.country == code]
        if len(near) == 1:
            return [_hit(kind, near[0], text, 0.9, f"{reason} (shared; next to {code})")]
    in_context = [e for e in entries if e.country and e.country in context]
    if len(in_context) == 1:
        chosen = in_context[0]
        why = f"{reason} (shared; only {chosen.country} is mentioned)"
        return [_hit(kind, chosen, text, 0.8, why)]
    candidates = in_context or list(entries)
    ids = ", ".join(e.id for e in candidates)
    return [
        _hit(kind, e, text, AMBIGUOUS_SCORE, f"{reason} (ambiguous: {ids})") for e in candidates
    ]


def _is_demonym(alias: str, entry: WatchlistEntry) -> bool:
    """``Russian`` rather than ``Russia``: one word, not the entry's or ISO's name."""
    if " " in alias or alias == entry.name or is_country_name(alias):
        return False
    return alias.lower().endswith(_DEMONYM_ENDINGS)


_DEMONYM_ENDINGS = ("an", "ian", "ese", "ish", "ic", "i", "ch", "ss", "ot", "ine", "ean", "ite")


def is_country_name(name: str) -> bool:
    """Is ``name`` a state's name in ISO 3166 (e.g. ``Oman``, ``Iran``)?"""
    try:
        found = pycountry.countries.lookup(name)
    except LookupError:
        return False
    return country_name(str(found.alpha_2)) is not None


def load_watchlists(folder: Path) -> Watchlists:
    """Load and validate a watchlist folder; raises ``WatchlistError`` listing every problem
    (``file:line: reason``) and refuses the folder as a whole."""
    return Watchlists(load_files(folder), folder)


def match_event(
    watchlists: Watchlists,
    *,
    persons: Sequence[str] = (),
    agencies: Sequence[str] = (),
    actor_iso: str | None = None,
    target_iso: str | None = None,
) -> list[WatchlistHit]:
    """Which entries an extracted event touches: its persons, agencies, actor and target
    states. Pure: the same event and watchlists give the same hits (for re-matching stored
    events after a watchlist edit)."""
    context = {code for code in (actor_iso, target_iso) if code}
    best: dict[tuple[str, str], WatchlistHit] = {}
    found: list[WatchlistHit] = []
    for role, code in (("actor", actor_iso), ("target", target_iso)):
        if code:
            for entry in watchlists.entries.with_country(code, "countries"):
                hit = _hit("countries", entry, code, 1.0, f"{role} state {code}")
                if watchlists.watches_every_country and WATCHED_TAG not in hit.tags:
                    hit = replace(hit, tags=(*hit.tags, WATCHED_TAG))
                found.append(hit)
    for name in agencies:
        found += watchlists.match_named("agencies", name, context)
    for name in persons:
        found += watchlists.match_person(name)
    for hit in found:
        key = (hit.list, hit.entry_id)
        if key not in best or hit.score > best[key].score:
            best[key] = hit
    order: dict[str, int] = {kind: number for number, kind in enumerate(KINDS)}
    return sorted(best.values(), key=lambda h: (order[h.list], -h.score, h.entry))
