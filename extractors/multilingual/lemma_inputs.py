"""What ``extractors/data/lemma_forms.json`` is made from, per language: the states known by
lemma (:class:`~nongrata.extractors.multilingual.lemmas.StateLemmas`) and the lexicon's
``trigger_lemmas``; and their digest, which the file records so that a test can tell it is
stale (``scripts/make_lemma_forms.py`` writes it)."""

from __future__ import annotations

from dataclasses import dataclass

import simplemma

from nongrata.extractors.multilingual.lemmas import (
    StateLemmas,
    inputs_fingerprint,
    simplemma_code,
)
from nongrata.extractors.multilingual.lexicon import lexicons
from nongrata.extractors.multilingual.mentions import state_lemmas


@dataclass(frozen=True)
class LemmaInputs:
    lang: str
    code: str  # simplemma's language code
    states: StateLemmas | None
    trigger_lemmas: tuple[str, ...]  # every event type's, lower-cased

    def describe(self) -> dict[str, object]:
        states = self.states
        return {
            "code": self.code,
            "names": sorted(states.names.items()) if states else [],
            "places": [[k, iso, p.pattern] for k, iso, p in states.places] if states else [],
            "trigger_lemmas": list(self.trigger_lemmas),
        }


def lemma_inputs() -> list[LemmaInputs]:
    """Every lexicon language simplemma has a dictionary of, with what is looked up in it."""
    found = []
    for lang, lexicon in sorted(lexicons().items()):
        code = simplemma_code(lang)
        if code is None:
            continue
        lemmas = sorted({w.lower() for ws in lexicon.trigger_lemmas.values() for w in ws})
        found.append(LemmaInputs(lang, code, state_lemmas(lang), tuple(lemmas)))
    return found


def fingerprint(inputs: list[LemmaInputs]) -> str:
    """The digest ``lemma_forms.json`` records of ``inputs`` and simplemma's version."""
    described = {i.lang: i.describe() for i in inputs}
    return inputs_fingerprint({"simplemma": simplemma.__version__, "languages": described})
