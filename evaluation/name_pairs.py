"""Scoring the person matcher on labelled name pairs (``scripts/name_pairs.py``).

A pairs file holds one JSON object a line: ``{"name", "candidate", "same", "note"?}`` —
``name`` as found in a text, ``candidate`` a watchlist name, ``same`` whether they are one
person. Recall is measured on the ``same`` pairs, the false-match rate on the others.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from nongrata.errors import ConfigError
from nongrata.watchlists.person_match import match_person

RECALL_TARGET = 0.95
FALSE_MATCH_TARGET = 0.01


@dataclass(frozen=True)
class NamePair:
    name: str
    candidate: str
    same: bool
    note: str = ""


@dataclass(frozen=True)
class PairsReport:
    same_pairs: int
    different_pairs: int
    missed: list[NamePair] = field(default_factory=list)
    false_matches: list[tuple[NamePair, float, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        if not self.same_pairs:
            return 1.0
        return (self.same_pairs - len(self.missed)) / self.same_pairs

    @property
    def false_match_rate(self) -> float:
        if not self.different_pairs:
            return 0.0
        return len(self.false_matches) / self.different_pairs

    @property
    def meets_targets(self) -> bool:
        return self.recall >= RECALL_TARGET and self.false_match_rate <= FALSE_MATCH_TARGET


def load_pairs(path: Path) -> list[NamePair]:
    """Read a pairs file; raises ConfigError naming the line of a malformed pair."""
    pairs = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            pairs.append(
                NamePair(
                    str(row["name"]), str(row["candidate"]), bool(row["same"]), row.get("note", "")
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"{path}:{number}: not a name pair ({exc})") from exc
    return pairs


def evaluate_pairs(pairs: list[NamePair]) -> PairsReport:
    missed: list[NamePair] = []
    false_matches: list[tuple[NamePair, float, str]] = []
    for pair in pairs:
        found = match_person(pair.name, pair.candidate)
        if pair.same and found is None:
            missed.append(pair)
        elif not pair.same and found is not None:
            false_matches.append((pair, found.score, found.reason))
    same = sum(1 for p in pairs if p.same)
    return PairsReport(same, len(pairs) - same, missed, false_matches)
