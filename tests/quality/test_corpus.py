"""The project's own labelled corpora (corpus/dev, corpus/locked) load, and every label keeps
the rules of ../shared/corpus/README.md that can be checked mechanically."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nongrata.evaluation.corpus import load_corpus

ROOT = Path(__file__).resolve().parents[2] / "corpus"
FOLDERS = sorted(p.parent for p in ROOT.glob("*/*/labels.jsonl"))
ALERT_TYPES = {"expulsion", "arrest", "charge", "conviction"}
TYPES = ALERT_TYPES | {"recall", "closure"}


def test_there_is_a_dev_and_a_locked_part_for_each_language() -> None:
    dev = {p.name for p in FOLDERS if p.parent.name == "dev"}
    locked = {p.name for p in FOLDERS if p.parent.name == "locked"}
    assert dev
    assert dev == locked


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_corpus_folder_loads_and_its_labels_follow_the_rules(folder: Path) -> None:
    corpus = load_corpus(folder)
    assert corpus.articles
    lines = (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    for line in filter(str.strip, lines):
        label = json.loads(line)
        where = f"{folder}/{label['id']}"
        assert label["lang"] == folder.name, where
        assert label["id"].startswith(f"{folder.name}-"), where
        events = label["events"]
        assert {e["type"] for e in events} <= TYPES, where
        alert = any(e["new"] and e["type"] in ALERT_TYPES for e in events)
        assert label["alert"] == alert, where
        text = (folder / "articles" / f"{label['id']}.txt").read_text(encoding="utf-8")
        for event in events:
            assert set(event["agencies"]) <= set(label["agencies"]), where
        # Persons are written exactly as in the text.
        for person in label["persons"]:
            assert person in text, f"{where}: {person!r} is not in the text"
        assert label.get("modeled_on"), where
        assert label.get("kind"), where
    # No article is in both parts.
    other = folder.parent.parent / ("locked" if folder.parent.name == "dev" else "dev")
    mine = {p.stem for p in (folder / "articles").glob("*.txt")}
    theirs = {p.stem for p in (other / folder.name / "articles").glob("*.txt")}
    assert not mine & theirs
