"""The spaCy pipeline: loaded once per process per (model, extra patterns).

An EntityRuler placed before ``ner`` labels agencies (ORG), states and capitals (GPE) and
demonyms (NORP) from the gazetteer, plus any extra patterns (the watchlists' aliases), so the
statistical NER respects them.

The pipeline multiplies its matrices with numpy, not with blis (thinc's default on the CPU):
blis's portable build is several times slower here than numpy's OpenBLAS, and the annotations
are the same. ``annotate`` runs it with BLAS on one thread: nongrata runs spaCy in one process
per core, and more threads per process only compete for the same cores.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import Model, NumpyOps
from threadpoolctl import ThreadpoolController

from nongrata.errors import ExtractionError
from nongrata.extractors.english.gazetteer import gazetteer

# Components the extraction rules use; the rest of the model is not loaded.
USED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")

PARAGRAPH_BREAKS = "nongrata_paragraph_breaks"

_cache: dict[tuple[str, str], Language] = {}
_lock = threading.Lock()


def load_nlp(model: str, extra_patterns: Sequence[dict[str, Any]] = ()) -> Language:
    """The pipeline for ``model`` with the gazetteer (and ``extra_patterns``) as an EntityRuler.

    Cached: every call with the same model and patterns returns the same object.
    """
    key = (model, json.dumps(list(extra_patterns), sort_keys=True, ensure_ascii=False))
    with _lock:
        nlp = _cache.get(key)
        if nlp is None:
            nlp = _build(model, extra_patterns)
            _cache[key] = nlp
        return nlp


def annotate(nlp: Language, texts: Iterable[str], batch_size: int) -> Iterator[Doc]:
    """``nlp.pipe(texts)``, with BLAS (numpy's matrix products) on one thread meanwhile."""
    with _thread_pools().limit(limits=1, user_api="blas"):
        yield from nlp.pipe(texts, batch_size=batch_size)


@cache
def _thread_pools() -> ThreadpoolController:
    """The native thread pools loaded in this process (numpy's BLAS, once spaCy is loaded);
    looking them up costs 20 times more than limiting them."""
    return ThreadpoolController()


def _build(model: str, extra_patterns: Sequence[dict[str, Any]]) -> Language:
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ExtractionError(f"spaCy model {model!r} cannot be loaded: {exc}") from exc
    _multiply_with_numpy(nlp)
    unused = [name for name in nlp.pipe_names if name not in USED_COMPONENTS]
    for name in unused:
        nlp.remove_pipe(name)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    before = "ner" if "ner" in nlp.pipe_names else None
    nlp.add_pipe(
        "entity_ruler",
        name="gazetteer_ruler",
        before=before,
        config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True},
    )
    _add_phrase_patterns(nlp, "gazetteer_ruler", gazetteer().entity_patterns())
    if extra_patterns:
        # The watchlists' aliases go first; the gazetteer overwrites them where both match,
        # so states and agencies keep the ids the extraction rules read.
        nlp.add_pipe(
            "entity_ruler",
            name="watchlist_ruler",
            before="gazetteer_ruler",
            config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True},
        )
        _add_phrase_patterns(nlp, "watchlist_ruler", [dict(p) for p in extra_patterns])
    return nlp


def _multiply_with_numpy(nlp: Language) -> None:
    """Every layer of every component computes with numpy (see the module docstring)."""
    ops = NumpyOps(use_blis=False)
    for layer in pipeline_layers(nlp):
        layer.ops = ops


def pipeline_layers(nlp: Language) -> list[Model[Any, Any]]:
    """Every layer of every component's model (what computes, with its ``ops``)."""
    models = [getattr(component, "model", None) for _, component in nlp.pipeline]
    return [layer for model in models if model is not None for layer in model.walk()]


def _add_phrase_patterns(nlp: Language, ruler_name: str, patterns: list[dict[str, Any]]) -> None:
    """Add patterns to a ruler that matches on ORTH, tokenizing them only: the ruler itself
    would run every component before it (the tagger, the parser) over each pattern's text,
    for nothing (a second per pipeline load)."""
    ruler: Any = nlp.get_pipe(ruler_name)
    with nlp.select_pipes(enable=[ruler_name]):
        ruler.add_patterns(patterns)


@Language.component(PARAGRAPH_BREAKS)
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, datelines and paragraphs never run together."""
    for tok in doc[:-1]:
        if (tok.is_space and "\n" in tok.text) or "\n" in tok.whitespace_:
            doc[tok.i + 1].is_sent_start = True
    return doc
