"""The extraction quality gate (scripts/eval_gate.py) on tiny corpora made here."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from nongrata.extractors.extract import Extractor
from nongrata.types import ArticleExtraction, ArticleInput, ExtractedEvent
from tests.support.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "eval_gate.py"
FLOORS = {
    "alert_precision": 0.95,
    "alert_recall": 0.95,
    "event_f1": 0.9,
    "role_accuracy": 0.9,
    "newness_accuracy": 0.95,
    "agency_precision": 0.9,
    "agency_recall": 0.9,
}

FOUND = (
    "g1",
    "Polen hat am Dienstag zwei russische Diplomaten ausgewiesen, die für den "
    "Militärgeheimdienst GRU gearbeitet haben sollen.",
    {
        "alert": True,
        "events": [
            {
                "type": "expulsion",
                "new": True,
                "actor": "Poland",
                "actor_iso": "PL",
                "target": "Russia",
                "target_iso": "RU",
            }
        ],
        "agencies": ["GRU"],
    },
)
# Labeled as an arrest the text never states: no extractor can find it.
UNREACHABLE = (
    "g2",
    "Der Mann sitzt seit Dienstag in einer Zelle in Danzig und schweigt.",
    {
        "alert": True,
        "events": [
            {
                "type": "arrest",
                "new": True,
                "actor": "Poland",
                "actor_iso": "PL",
                "target": "Russia",
                "target_iso": "RU",
            }
        ],
        "agencies": [],
    },
)

ExtractFn = Callable[[Sequence[ArticleInput]], list[ArticleExtraction]]


@pytest.fixture(scope="session")
def gate() -> ModuleType:
    return load_script(SCRIPT, "eval_gate")


@pytest.fixture(scope="session")
def extract() -> ExtractFn:
    """The real extractor, built once for the session (spaCy loads once per process)."""
    return Extractor(watchlists=None).extract


def make_corpus(root: Path, *articles: tuple[str, str, dict[str, Any]]) -> Path:
    (root / "articles").mkdir(parents=True)
    lines = []
    for article_id, text, label in articles:
        (root / "articles" / f"{article_id}.txt").write_text(text, encoding="utf-8")
        record = {"id": article_id, "lang": "de", "published": "2024-03-06", "persons": []}
        lines.append(json.dumps({**record, **label, "note": "test"}))
    (root / "labels.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def make_baseline(path: Path, floors: dict[str, float] | None = None) -> Path:
    path.write_text(json.dumps({"note": "test", "floors": floors or FLOORS}), encoding="utf-8")
    return path


def test_gate_fails_naming_every_figure_below_its_floor(
    gate: ModuleType, extract: ExtractFn, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = make_corpus(tmp_path / "corpus", FOUND, UNREACHABLE)
    baseline = make_baseline(tmp_path / "baseline.json")
    before = baseline.read_text()
    code = gate.main([str(corpus), "--baseline", str(baseline)], extract=extract)
    out = capsys.readouterr().out
    assert code == 1
    assert "FAIL alert_recall 0.500 is below its floor 0.950" in out
    assert "FAIL event_f1 0.667 is below its floor 0.900" in out
    assert "FAIL role_accuracy" not in out
    assert "eval gate: FAILED (2 failure(s))" in out
    # never lowered without the flag
    assert baseline.read_text() == before


def test_gate_passes_when_every_floor_is_met(
    gate: ModuleType, extract: ExtractFn, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = make_corpus(tmp_path / "corpus", FOUND)
    baseline = make_baseline(tmp_path / "baseline.json", {**FLOORS, "event_f1": 0.5})
    code = gate.main([str(corpus), "--baseline", str(baseline)], extract=extract)
    out = capsys.readouterr().out
    assert code == 0, out
    assert "eval gate: passed" in out
    assert "hint: event_f1 1.000 is 0.500 above its floor 0.500" in out


def test_lower_floors_rewrites_only_the_missed_floors(
    gate: ModuleType, extract: ExtractFn, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = make_corpus(tmp_path / "corpus", FOUND, UNREACHABLE)
    baseline = make_baseline(tmp_path / "baseline.json")
    args = [str(corpus), "--baseline", str(baseline), "--lower-floors"]
    assert gate.main(args, extract=extract) == 0
    out = capsys.readouterr().out
    assert "event_f1 floor lowered 0.900 -> 0.666" in out
    assert "rewritten" in out
    floors = json.loads(baseline.read_text())["floors"]
    assert floors == {**FLOORS, "alert_recall": 0.5, "event_f1": 0.666}
    assert json.loads(baseline.read_text())["note"] == "test"
    # the gate now passes at the lowered floors, without the flag
    assert gate.main([str(corpus), "--baseline", str(baseline)], extract=extract) == 0


def test_corpora_are_scored_per_dir_and_combined(
    gate: ModuleType, extract: ExtractFn, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one = make_corpus(tmp_path / "one", FOUND)
    two = make_corpus(tmp_path / "two", UNREACHABLE)
    baseline = make_baseline(tmp_path / "baseline.json")
    assert gate.main([str(one), str(two), "--baseline", str(baseline)], extract=extract) == 1
    out = capsys.readouterr().out
    assert f"{one} (1 articles): alert_precision=1.000, alert_recall=1.000" in out
    assert f"{two} (1 articles): alert_precision=n/a, alert_recall=0.000" in out
    assert "combined (2 articles)" in out


def test_absent_corpus_is_skipped_and_passes(
    gate: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = make_baseline(tmp_path / "baseline.json")
    code = gate.main([str(tmp_path / "nowhere"), "--baseline", str(baseline)])
    out = capsys.readouterr().out
    assert code == 0
    assert f"skipped {tmp_path / 'nowhere'}: absent" in out
    assert "no corpus present" in out


def test_the_script_runs_from_the_command_line(tmp_path: Path) -> None:
    baseline = make_baseline(tmp_path / "baseline.json")
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path / "nowhere"), "--baseline", str(baseline)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "skipped" in result.stdout


def test_the_pinned_baseline_holds_the_issue_targets(gate: ModuleType) -> None:
    assert gate.read_baseline(ROOT / "tests" / "quality" / "baseline.json") == FLOORS


def test_a_prefilter_that_loses_an_event_fails_the_gate(
    gate: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An extractor finding an event where the prefilter sees no trigger (a trigger word the
    prefilter does not know): the figures differ with the prefilter, and the gate fails."""
    event = ExtractedEvent("arrest", True, "Poland", "PL", "Russia", "RU")

    def finds_everything(articles: Sequence[ArticleInput]) -> list[ArticleExtraction]:
        return [ArticleExtraction(id=a.id, lang="de", events=(event,)) for a in articles]

    label = {**UNREACHABLE[2], "agencies": []}
    corpus = make_corpus(tmp_path / "corpus", (UNREACHABLE[0], UNREACHABLE[1], label))
    baseline = make_baseline(tmp_path / "baseline.json")
    code = gate.main([str(corpus), "--baseline", str(baseline)], extract=finds_everything)
    out = capsys.readouterr().out
    assert code == 1, out
    assert f"FAIL {corpus}: the prefilter changes alert_recall" in out
    assert "FAIL alert_recall" not in out  # the floors themselves are met


def test_the_same_figures_with_the_prefilter_pass(
    gate: ModuleType, extract: ExtractFn, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = make_corpus(tmp_path / "corpus", FOUND)
    baseline = make_baseline(tmp_path / "baseline.json", {**FLOORS, "event_f1": 0.5})
    assert gate.main([str(corpus), "--baseline", str(baseline)], extract=extract) == 0
    assert f"{corpus}: the same figures with the prefilter" in capsys.readouterr().out
