"""The extraction quality gate: score ``extract`` on labeled corpora against pinned floors
(``scripts/eval_gate.py`` is its command line).

Each present corpus is scored on its own and all of them together; the combined figures are
compared with the floors in the baseline file. Exit 1 names every figure below its floor.
``--lower-floors`` rewrites the baseline with the current figure wherever it is below the
floor (and says so); floors are never lowered without it. A figure well above its floor
prints a hint to raise it by hand. Each corpus is also scored through the pipeline's
prefilter (``nongrata.extractors.prefilter.article``); any figure that differs from the unfiltered
one fails the gate, whatever the floors: the prefilter must lose nothing. A corpus folder
that is absent is skipped with a message; when every one is absent the gate passes (exit 0)
with nothing to check.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nongrata.evaluation.corpus import LABELS_FILE, load_corpus
from nongrata.evaluation.evaluate import Scores, combine_scores, evaluate
from nongrata.extractors.prefilter.names import WatchTerms
from nongrata.types import ArticleExtraction, ArticleInput

ROOT = Path(__file__).resolve().parent.parent  # the repository (evaluation/ is a top folder)
DEFAULT_BASELINE = ROOT / "tests" / "quality" / "baseline.json"
GATED_FIGURES = (
    "alert_precision",
    "alert_recall",
    "event_f1",
    "role_accuracy",
    "newness_accuracy",
    "agency_precision",
    "agency_recall",
)
RAISE_HINT_MARGIN = 0.03  # a figure this far above its floor suggests raising the floor

ExtractFn = Callable[[Sequence[ArticleInput]], list[ArticleExtraction]]


@dataclass(frozen=True)
class GateResult:
    exit_code: int
    failures: tuple[str, ...]
    lowered: tuple[str, ...]
    hints: tuple[str, ...]
    combined: Scores | None


def read_baseline(path: Path) -> dict[str, float]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SystemExit(f"eval gate: baseline {path} not found") from exc
    except (OSError, json.JSONDecodeError) as exc:
        raise SystemExit(f"eval gate: baseline {path} cannot be read: {exc}") from exc
    floors = raw.get("floors") if isinstance(raw, dict) else None
    if not isinstance(floors, dict) or not all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in floors.values()
    ):
        raise SystemExit(f"eval gate: {path}: expected {{'floors': {{figure: number}}}}")
    unknown = sorted(set(floors) - set(GATED_FIGURES))
    if unknown:
        raise SystemExit(f"eval gate: {path}: unknown figure(s) {', '.join(unknown)}")
    return {k: float(v) for k, v in floors.items()}


def write_baseline(path: Path, floors: dict[str, float]) -> None:
    raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    raw["floors"] = {k: floors[k] for k in GATED_FIGURES if k in floors}
    path.write_text(json.dumps(raw, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _print_scores(label: str, scores: Scores, out: Callable[[str], None]) -> None:
    figures = scores.summary()
    shown = ", ".join(f"{k}={_fmt(figures[k])}" for k in GATED_FIGURES)
    out(f"{label} ({scores.articles} articles): {shown}")


def run_gate(
    directories: Sequence[Path],
    baseline: Path,
    extract: ExtractFn,
    *,
    lower_floors: bool = False,
    watch_terms: WatchTerms | None = None,
    prefiltered_extract: ExtractFn | None = None,
    out: Callable[[str], None] = print,
) -> GateResult:
    """Score ``directories`` with ``extract`` and compare the combined figures with the floors;
    score them through the prefilter too (with ``watch_terms``, and ``prefiltered_extract``,
    the pipeline's extractor that parses only where an event can be) and compare."""
    floors = read_baseline(baseline)
    parts: list[Scores] = []
    failures: list[str] = []
    for directory in directories:
        if not (directory / LABELS_FILE).is_file():
            out(f"skipped {directory}: absent (no {LABELS_FILE})")
            continue
        corpus = load_corpus(directory)
        scores = evaluate(corpus, extract)
        _print_scores(str(directory), scores, out)
        parts.append(scores)
        filtered = evaluate(
            corpus, prefiltered_extract or extract, prefilter=True, watch_terms=watch_terms
        )
        changed = _differences(scores, filtered)
        if changed:
            _print_scores(f"{directory} with the prefilter", filtered, out)
            failures.extend(f"{directory}: the prefilter changes {name}" for name in changed)
        else:
            out(f"{directory}: the same figures with the prefilter")
    if not parts:
        out("eval gate: no corpus present, nothing to check")
        return GateResult(0, (), (), (), None)
    combined = combine_scores(parts)
    _print_scores("combined", combined, out)
    figures = combined.summary()
    lowered: list[str] = []
    hints: list[str] = []
    new_floors = dict(floors)
    for name, floor in floors.items():
        value = figures[name]
        if value is None:
            out(f"{name}: n/a (nothing to measure in these corpora)")
        elif value < floor:
            if lower_floors:
                new_floors[name] = math.floor(value * 1000) / 1000
                lowered.append(f"{name} floor lowered {floor:.3f} -> {new_floors[name]:.3f}")
            else:
                failures.append(f"{name} {value:.3f} is below its floor {floor:.3f}")
        elif value - floor >= RAISE_HINT_MARGIN:
            hints.append(
                f"hint: {name} {value:.3f} is {value - floor:.3f} above its floor {floor:.3f};"
                f" consider raising it in {baseline}"
            )
    if lowered:
        write_baseline(baseline, new_floors)
        for line in lowered:
            out(f"{line} (--lower-floors; {baseline} rewritten)")
    for line in hints:
        out(line)
    for line in failures:
        out(f"FAIL {line}")
    if failures:
        out(f"eval gate: FAILED ({len(failures)} failure(s))")
    else:
        out("eval gate: passed")
    return GateResult(1 if failures else 0, tuple(failures), tuple(lowered), tuple(hints), combined)


def _differences(plain: Scores, filtered: Scores) -> list[str]:
    """The figures (gated or not) that differ between two scorings of one corpus."""
    a, b = plain.summary(), filtered.summary()
    return [name for name in a if a[name] != b.get(name)]


def default_extract() -> tuple[ExtractFn, ExtractFn, WatchTerms]:
    """The extractor without the prefilter (every paragraph parsed), the pipeline's (only
    where an event can be: ``focus``), and the watchlists' terms."""
    from nongrata.extractors.extract import Extractor
    from nongrata.pipeline.extract_stage import watch_terms_of
    from nongrata.settings import Settings
    from nongrata.watchlists import load_watchlists

    settings = Settings.load()
    watchlists = load_watchlists(settings.watchlists_dir)
    extractors = [
        Extractor(
            model=settings.spacy_model,
            watchlists=watchlists,
            batch_size=settings.nlp_batch_size,
            focus=focus,
        )
        for focus in (False, True)
    ]
    return extractors[0].extract, extractors[1].extract, watch_terms_of(watchlists)
