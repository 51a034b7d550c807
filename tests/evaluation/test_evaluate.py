"""Scoring against hand-made labels and predictions."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from nongrata.errors import ExtractionError
from nongrata.evaluation.corpus import GoldArticle, GoldEvent, load_corpus
from nongrata.evaluation.evaluate import (
    combine_scores,
    normalise_name,
    same_state,
    score,
)
from nongrata.types import ArticleExtraction, EventType, ExtractedEvent


def gold_event(
    etype: str,
    actor: str | None,
    actor_iso: str | None,
    target: str | None,
    target_iso: str | None,
    *,
    new: bool = True,
) -> GoldEvent:
    return GoldEvent(etype, new, actor, actor_iso, target, target_iso)


def pred_event(
    etype: EventType,
    actor_iso: str | None,
    target_iso: str | None,
    *,
    new: bool = True,
    actor: str | None = None,
    target: str | None = None,
) -> ExtractedEvent:
    return ExtractedEvent(
        etype, new, actor or actor_iso, actor_iso, target or target_iso, target_iso
    )


def gold(
    article_id: str,
    *events: GoldEvent,
    agencies: tuple[str, ...] = (),
    persons: tuple[str, ...] = (),
) -> GoldArticle:
    alert = any(e.new and e.type in {"expulsion", "arrest", "charge", "conviction"} for e in events)
    return GoldArticle(article_id, "en", None, alert, events, agencies, persons)


def predicted(
    article_id: str,
    *events: ExtractedEvent,
    agencies: tuple[str, ...] = (),
    persons: tuple[str, ...] = (),
) -> ArticleExtraction:
    return ArticleExtraction(article_id, "en", events, agencies, persons)


def test_perfect_predictions_score_one_everywhere() -> None:
    g = [gold("a", gold_event("expulsion", "Norway", "NO", "Russia", "RU"), agencies=("PST",))]
    p = [predicted("a", pred_event("expulsion", "NO", "RU"), agencies=("pst",))]
    figures = score(g, p).summary()
    assert figures["alert_precision"] == figures["alert_recall"] == 1.0
    assert figures["event_f1"] == figures["role_accuracy"] == figures["newness_accuracy"] == 1.0
    assert figures["agency_precision"] == figures["agency_recall"] == 1.0


def test_empty_corpus_has_no_figures() -> None:
    scores = score([], [])
    assert scores.articles == 0
    assert all(value is None for value in scores.summary().values())
    assert scores.to_json()["summary"]["event_f1"] is None


def test_articles_without_events_count_for_alerts_only() -> None:
    scores = score([gold("a"), gold("b")], [predicted("a"), predicted("b")])
    figures = scores.summary()
    assert figures["event_f1"] is None
    assert figures["role_accuracy"] is None
    assert figures["alert_precision"] is None
    assert figures["alert_recall"] is None
    assert (scores.alert.tp, scores.alert.fp, scores.alert.fn) == (0, 0, 0)


def test_missing_and_extra_events() -> None:
    g = [
        gold(
            "a",
            gold_event("expulsion", "Poland", "PL", "Russia", "RU"),
            gold_event("arrest", "Poland", "PL", "Russia", "RU"),
        )
    ]
    p = [
        predicted(
            "a",
            pred_event("expulsion", "PL", "RU"),
            pred_event("conviction", "PL", "RU"),
            pred_event("closure", "PL", "RU"),
        )
    ]
    scores = score(g, p)
    assert (scores.events.tp, scores.events.fp, scores.events.fn) == (1, 2, 1)
    assert scores.summary()["event_precision"] == pytest.approx(1 / 3)
    assert scores.summary()["event_recall"] == pytest.approx(1 / 2)
    assert scores.summary()["event_f1"] == pytest.approx(2 * 1 / (2 * 1 + 2 + 1))
    assert scores.per_type["arrest"].events.fn == 1
    assert scores.per_type["conviction"].events.fp == 1
    (errors,) = scores.errors
    assert errors.missed == ("arrest(Poland -> Russia, new)",)
    assert len(errors.spurious) == 2


def test_matching_is_one_to_one() -> None:
    g = [gold("a", gold_event("expulsion", "Poland", "PL", "Russia", "RU"))]
    p = [predicted("a", pred_event("expulsion", "PL", "RU"), pred_event("expulsion", "PL", "RU"))]
    scores = score(g, p)
    assert (scores.events.tp, scores.events.fp, scores.events.fn) == (1, 1, 0)


def test_role_accuracy_is_over_type_matched_events() -> None:
    g = [
        gold(
            "a",
            gold_event("expulsion", "Poland", "PL", "Russia", "RU"),
            gold_event("arrest", "Poland", "PL", "Belarus", "BY"),
            gold_event("charge", "Poland", "PL", "Belarus", "BY"),
        )
    ]
    # expulsion right, arrest with the wrong target, charge not found at all
    p = [predicted("a", pred_event("expulsion", "PL", "RU"), pred_event("arrest", "PL", "RU"))]
    scores = score(g, p)
    assert (scores.roles.right, scores.roles.total) == (1, 2)
    assert scores.per_type["arrest"].roles.value == 0.0
    assert scores.per_type["charge"].roles.value is None
    assert scores.summary()["event_recall"] == pytest.approx(1 / 3)


def test_role_pairing_prefers_the_right_roles() -> None:
    g = [
        gold(
            "a",
            gold_event("expulsion", "Russia", "RU", "Poland", "PL"),
            gold_event("expulsion", "Poland", "PL", "Russia", "RU"),
        )
    ]
    p = [predicted("a", pred_event("expulsion", "PL", "RU"), pred_event("expulsion", "RU", "PL"))]
    assert score(g, p).roles.value == 1.0


def test_newness_accuracy_is_over_matched_events() -> None:
    g = [
        gold(
            "a",
            gold_event("expulsion", "Poland", "PL", "Russia", "RU", new=False),
            gold_event("arrest", "Poland", "PL", "Russia", "RU"),
        )
    ]
    p = [
        predicted(
            "a", pred_event("expulsion", "PL", "RU", new=True), pred_event("arrest", "PL", "RU")
        )
    ]
    scores = score(g, p)
    assert (scores.newness.right, scores.newness.total) == (1, 2)
    assert scores.per_type["expulsion"].newness.value == 0.0


def test_alerts_and_new_event_detection_per_type() -> None:
    g = [
        gold("a", gold_event("expulsion", "Poland", "PL", "Russia", "RU", new=False)),
        gold("b", gold_event("arrest", "Poland", "PL", "Russia", "RU")),
    ]
    p = [predicted("a", pred_event("expulsion", "PL", "RU", new=True)), predicted("b")]
    scores = score(g, p)
    assert (scores.alert.tp, scores.alert.fp, scores.alert.fn) == (0, 1, 1)
    assert scores.summary()["alert_precision"] == 0.0
    assert scores.per_type["expulsion"].new_detection.fp == 1
    assert scores.per_type["arrest"].new_detection.fn == 1


def test_states_compare_by_iso_else_by_normalised_name() -> None:
    assert same_state("Czech Republic", "CZ", "Czechia", "cz")
    assert not same_state("Russia", "RU", "Russia", "BY")
    assert same_state("European Union", "EU", "the European Union", None)
    assert same_state(None, None, None, None)
    assert not same_state("NATO", None, None, None)
    assert normalise_name("  Côte d'Ivoire ") == "cote d ivoire"


def test_agencies_and_persons() -> None:
    g = [gold("a", agencies=("GRU", "MIVD"), persons=("Aleksei Morenets", "Oleg Sotnikov"))]
    p = [predicted("a", agencies=("GRU", "FSB"), persons=("Morenets", "Ivan Petrov"))]
    scores = score(g, p)
    assert (scores.agencies.tp, scores.agencies.fp, scores.agencies.fn) == (1, 1, 1)
    assert scores.summary()["person_recall"] == 0.5


def test_a_missing_prediction_is_an_error() -> None:
    with pytest.raises(ExtractionError, match="no prediction for article"):
        score([gold("a")], [])


def test_combined_scores_add_counts() -> None:
    one = score([gold("a", gold_event("arrest", "Poland", "PL", "Russia", "RU"))], [predicted("a")])
    two = score(
        [gold("b", gold_event("arrest", "Poland", "PL", "Russia", "RU"))],
        [predicted("b", pred_event("arrest", "PL", "RU"))],
    )
    both = combine_scores([one, two])
    assert both.articles == 2
    assert both.summary()["event_recall"] == 0.5
    assert json.loads(json.dumps(both.to_json()))["per_type"]["arrest"]["events"]["fn"] == 1


def _write_corpus(root: Path, labels: list[str], articles: dict[str, str]) -> Path:
    (root / "articles").mkdir(parents=True)
    for name, text in articles.items():
        (root / "articles" / f"{name}.txt").write_text(text, encoding="utf-8")
    (root / "labels.jsonl").write_text("\n".join(labels) + "\n", encoding="utf-8")
    return root


def test_load_corpus_reads_labels_and_texts(tmp_path: Path) -> None:
    label = {
        "id": "x1",
        "lang": "de",
        "published": "2024-03-06",
        "alert": True,
        "events": [{"type": "expulsion", "new": True, "actor": "Poland", "target": "Russia"}],
        "agencies": ["ABW"],
        "persons": [],
        "note": "n",
    }
    corpus = load_corpus(_write_corpus(tmp_path, [json.dumps(label)], {"x1": "Text."}))
    (article,) = corpus.articles
    assert (article.id, article.lang, article.published, article.text) == (
        "x1",
        "de",
        date(2024, 3, 6),
        "Text.",
    )
    assert corpus.gold[0].events[0].actor == "Poland"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "labels.jsonl:1: not valid JSON"),
        ('{"lang": "de"}', "labels.jsonl:1: each label needs a non-empty string 'id'"),
        ('{"id": "x1", "published": "06.03.2024"}', "labels.jsonl:1: 'published' is not"),
        ('{"id": "x1", "events": [{"type": "spying"}]}', "labels.jsonl:1: every event needs"),
        ('{"id": "nope"}', "labels.jsonl:1: article"),
    ],
)
def test_bad_labels_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    root = _write_corpus(tmp_path, [line], {"x1": "Text."})
    with pytest.raises(ExtractionError, match=message):
        load_corpus(root)


def test_a_folder_without_labels_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match="not a labeled corpus"):
        load_corpus(tmp_path)


def test_person_case_forms_are_the_labels_person() -> None:
    # an inflected language's case form is the labelled person; another person is not
    g = [gold("a", persons=("Иван Сафронов", "Kovács Béla"))]
    p = [predicted("a", persons=("Ивану Сафронову", "Szijjártó Péter"))]
    assert score(g, p).summary()["person_recall"] == 0.5
