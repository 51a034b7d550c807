"""Scoring a folder of labeled corpora at once: one row per corpus (per language, per split),
and the rows of each split combined (all languages, and all but English).

``nongrata eval corpus/`` (``corpus/dev/<lang>``, ``corpus/locked/<lang>``) and the quality
gate's per-group floors (``scripts/eval_gate.py --groups``) read the same figures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from nongrata.errors import ExtractionError
from nongrata.evaluation.corpus import LABELS_FILE, Corpus, load_corpus
from nongrata.evaluation.evaluate import Scores, combine_scores

ENGLISH = "en"


def find_corpora(directory: Path) -> list[Path]:
    """Every labeled corpus in ``directory`` (itself, or the folders below it holding a
    labels file), in path order. Raises :class:`ExtractionError` when there is none."""
    if (directory / LABELS_FILE).is_file():
        return [directory]
    if not directory.is_dir():
        raise ExtractionError(f"{directory}: not a folder")
    found = sorted(p.parent for p in directory.rglob(LABELS_FILE) if p.is_file())
    if not found:
        raise ExtractionError(
            f"{directory}: not a labeled corpus (no {LABELS_FILE} in it or in a folder below it)"
        )
    return found


def read_corpora(directory: Path) -> list[Corpus]:
    """Every labeled corpus in ``directory`` (as :func:`find_corpora` finds them), read."""
    return [load_corpus(path) for path in find_corpora(directory)]


@dataclass(frozen=True)
class SuiteRow:
    name: str  # the corpus' path below the folder ("dev/de"), or a combination's name
    scores: Scores
    combined: bool = False  # a combination of the rows above it


def _language(name: str) -> str:
    return name.rsplit("/", 1)[-1]


def score_suite(
    directory: Path, corpora: Sequence[Corpus], score: Callable[[Corpus], Scores]
) -> list[SuiteRow]:
    """``score`` of every corpus of ``directory`` (``corpora``, as :func:`read_corpora` reads
    them), then, per split (the corpora's parent folder) holding more than one corpus, the
    split's corpora combined ("dev: all", "dev: all but en")."""
    rows = [
        SuiteRow(
            c.path.relative_to(directory).as_posix() if c.path != directory else c.path.name,
            score(c),
        )
        for c in corpora
    ]
    if len(rows) == 1:
        return rows
    splits: dict[str, list[SuiteRow]] = {}
    for row in rows:
        splits.setdefault(row.name.rpartition("/")[0], []).append(row)
    combined: list[SuiteRow] = []
    for split, members in splits.items():
        prefix = f"{split}: " if split else ""
        combined.append(SuiteRow(f"{prefix}all", combine_scores(r.scores for r in members), True))
        others = [r for r in members if _language(r.name) != ENGLISH]
        if others and len(others) < len(members):
            combined.append(
                SuiteRow(
                    f"{prefix}all but {ENGLISH}", combine_scores(r.scores for r in others), True
                )
            )
    return rows + combined


def suite_json(rows: Sequence[SuiteRow]) -> dict[str, dict[str, float | int | None]]:
    """Name → summary figures (and the number of articles) of every row."""
    return {r.name: {"articles": r.scores.articles, **r.scores.summary()} for r in rows}
