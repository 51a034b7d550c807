"""Scoring a folder of corpora: a row per corpus, each split combined."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nongrata.errors import ExtractionError
from nongrata.evaluation.corpus import Corpus
from nongrata.evaluation.evaluate import Scores, score
from nongrata.evaluation.suite import find_corpora, read_corpora, score_suite, suite_json
from nongrata.types import ArticleExtraction


def _corpus(folder: Path, lang: str, alerts: list[bool]) -> None:
    (folder / "articles").mkdir(parents=True)
    lines = []
    for number, alert in enumerate(alerts):
        name = f"{lang}-{number}"
        (folder / "articles" / f"{name}.txt").write_text("text", encoding="utf-8")
        label = {"id": name, "lang": lang, "alert": alert, "events": []}
        lines.append(json.dumps(label))
    (folder / "labels.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _says_no_alert(corpus: Corpus) -> Scores:
    predictions = [ArticleExtraction(id=a.id, lang=a.lang) for a in corpus.articles]
    return score(corpus.gold, predictions)


def test_every_corpus_is_a_row_and_each_split_is_combined(tmp_path: Path) -> None:
    _corpus(tmp_path / "dev" / "en", "en", [False, False])
    _corpus(tmp_path / "dev" / "de", "de", [False, True])
    _corpus(tmp_path / "locked" / "de", "de", [True])
    rows = score_suite(tmp_path, read_corpora(tmp_path), _says_no_alert)
    names = [r.name for r in rows]
    assert names == ["dev/de", "dev/en", "locked/de", "dev: all", "dev: all but en", "locked: all"]
    figures = suite_json(rows)
    assert figures["dev: all"]["articles"] == 4
    assert figures["dev: all but en"]["alert_recall"] == 0.0
    assert figures["dev/en"]["alert_recall"] is None
    assert [r.combined for r in rows] == [False] * 3 + [True] * 3


def test_one_corpus_is_scored_alone_and_no_corpus_is_one_error(tmp_path: Path) -> None:
    _corpus(tmp_path / "de", "de", [False])
    assert find_corpora(tmp_path / "de") == [tmp_path / "de"]
    one = read_corpora(tmp_path / "de")
    assert [c.path for c in one] == [tmp_path / "de"]
    assert [r.name for r in score_suite(tmp_path / "de", one, _says_no_alert)] == ["de"]
    (tmp_path / "empty").mkdir()
    with pytest.raises(ExtractionError, match="empty: not a labeled corpus"):
        find_corpora(tmp_path / "empty")
    with pytest.raises(ExtractionError, match="missing: not a folder"):
        find_corpora(tmp_path / "missing")
