"""The public API: batches in input order, languages, watchlists, and the labelled corpora."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any, Unpack

import pytest

from nongrata.extractors.english.events import has_trigger
from nongrata.extractors.extract import Extractor
from nongrata.extractors.language import UNDETERMINED
from nongrata.types import ArticleInput, ExtractedNames, WatchlistHit
from nongrata.watchlists import Watchlists, load_watchlists
from tests.support.extraction import shared_extractor


def test_batch_keeps_input_order_and_ids() -> None:
    articles = [
        ArticleInput(id="a", text="Weather was mild in Oslo on Monday.", lang="en"),
        ArticleInput(id="b", text="Estonia expelled a Russian diplomat on Monday.", lang="en"),
        ArticleInput(id="c", text="The market rose in Tokyo on Monday.", lang="en"),
    ]
    results = shared_extractor().extract(articles)
    assert [r.id for r in results] == ["a", "b", "c"]
    assert [r.alert for r in results] == [False, True, False]
    assert results[1].to_json()["events"][0]["actor_iso"] == "EE"


def test_extract_one_matches_extract() -> None:
    article = ArticleInput(id="x", text="Estonia expelled a Russian diplomat on Monday.")
    one = shared_extractor().extract_one(article)
    assert one == shared_extractor().extract([article])[0]
    assert one.lang == "en"


def test_an_undetermined_language_is_read_as_unknown() -> None:
    text = "Estonia expelled a Russian diplomat on Monday."
    undetermined = shared_extractor().extract_one(
        ArticleInput(id="x", text=text, lang=UNDETERMINED)
    )
    detected = shared_extractor().extract_one(ArticleInput(id="x", text=text))
    assert undetermined.lang is None  # not detected again
    assert undetermined.events == detected.events
    assert undetermined.alert


def test_non_english_goes_to_the_multilingual_extractor() -> None:
    text = (
        "La Pologne a expulsé jeudi trois diplomates russes soupçonnés d'espionnage, "
        "a annoncé le ministère des Affaires étrangères à Varsovie."
    )
    (result,) = shared_extractor().extract(
        [ArticleInput(id="fr", text=text, published=date(2025, 3, 14))]
    )
    assert result.lang == "fr"
    assert [(e.type, e.actor_iso, e.target_iso) for e in result.events] == [
        ("expulsion", "PL", "RU")
    ]


MAREK_YAML = """kind: persons
entries:
  - id: marek-ivo
    name: Ivo Marek
    country: CZ
"""


class _Recording:
    """The real watchlist matcher over one person's watchlist, recording what extraction
    passed it."""

    def __init__(self, watchlists: Watchlists) -> None:
        self.watchlists = watchlists
        self.calls: list[dict[str, list[str]]] = []

    def entity_patterns(self) -> list[dict[str, Any]]:
        return self.watchlists.entity_patterns()

    def find(self, text: str, **names: Unpack[ExtractedNames]) -> list[WatchlistHit]:
        self.calls.append(
            {
                "persons": list(names.get("persons", ())),
                "agencies": list(names.get("agencies", ())),
                "countries": list(names.get("countries", ())),
            }
        )
        return self.watchlists.find(text, **names)


@pytest.fixture(scope="module")
def marek(tmp_path_factory: pytest.TempPathFactory) -> Watchlists:
    folder = tmp_path_factory.mktemp("watchlists")
    (folder / "persons.yaml").write_text(MAREK_YAML, encoding="utf-8")
    return load_watchlists(folder)


def test_watchlists_receive_the_extracted_names(marek: Watchlists) -> None:
    watchlists = _Recording(marek)
    extractor = Extractor(watchlists=watchlists)
    text = "Czech police on Tuesday arrested Ivo Marek, suspected of spying for the GRU."
    result = extractor.extract_one(ArticleInput(id="w", text=text, published=date(2025, 3, 14)))
    assert watchlists.calls == [
        {"persons": ["Ivo Marek"], "agencies": ["GRU"], "countries": ["CZ"]}
    ]
    assert result.to_json()["matches"][0]["entry"] == "Ivo Marek"


def test_article_matches_can_be_left_to_the_pipeline(marek: Watchlists) -> None:
    """The pipeline matches events, not articles: the same events, the watchlists' aliases
    still in the parser, and no article match computed."""
    text = "Czech police on Tuesday arrested Ivo Marek, suspected of spying for the GRU."
    article = ArticleInput(id="w", text=text, published=date(2025, 3, 14))
    full = Extractor(watchlists=_Recording(marek)).extract_one(article)
    watchlists = _Recording(marek)
    lean = Extractor(watchlists=watchlists, article_matches=False).extract_one(article)
    assert watchlists.calls == []
    assert lean.matches == ()
    assert lean.events == full.events
    assert lean.events
    assert lean.persons == full.persons == ("Ivo Marek",)


def test_has_trigger_is_a_cheap_prefilter() -> None:
    assert has_trigger("Two diplomats were declared persona non grata.")
    assert has_trigger("The court sentenced him to six years.")
    assert not has_trigger("Markets rallied after the central bank held rates.")


def _labelled(folder: Path) -> list[tuple[ArticleInput, dict[str, Any]]]:
    out = []
    for line in (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        label = json.loads(line)
        published = date.fromisoformat(label["published"]) if label["published"] else None
        text = (folder / "articles" / f"{label['id']}.txt").read_text(encoding="utf-8")
        out.append((ArticleInput(id=label["id"], text=text, published=published), label))
    return out


@pytest.mark.corpus
@pytest.mark.slow
def test_alerts_on_the_labelled_corpora(shared_dir: Path) -> None:
    pairs = _labelled(shared_dir / "corpus") + _labelled(shared_dir / "seeds")
    results = shared_extractor().extract([a for a, _ in pairs])
    wrong = [
        a.id for (a, label), r in zip(pairs, results, strict=True) if r.alert != label["alert"]
    ]
    # alert precision and recall of at least 0.95 over both folders
    assert len(wrong) <= len(pairs) // 20, wrong
