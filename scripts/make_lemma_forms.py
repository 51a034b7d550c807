"""Write extractors/data/lemma_forms.json from simplemma's dictionaries (or, with --check,
say whether it is current).

For every lexicon language simplemma has a dictionary of, the file records each dictionary
form whose lemma names a state (a CLDR name, a lexicon ``places`` name or city:
``StateLemmas.by_lemma``), the starts of its gate that span words (``StateLemmas.joined``)
and each form of the lexicon's ``trigger_lemmas``; the rules look
words up there instead of reading the dictionaries at run time (13 s and 320 MB a process).
Run it after changing a lexicon's ``places`` or ``trigger_lemmas``, or simplemma's version.

    python scripts/make_lemma_forms.py [--check]
"""

from __future__ import annotations

import json
import sys

from simplemma.strategies.dictionaries.dictionary_factory import _load_dictionary_from_disk

from nongrata.extractors.multilingual.lemma_inputs import LemmaInputs, fingerprint, lemma_inputs
from nongrata.extractors.multilingual.lemmas import FORMS_FILE


def forms(inputs: LemmaInputs) -> dict[str, object]:
    """One language's entry: its state forms and its trigger lemmas' forms."""
    dictionary = _load_dictionary_from_disk(inputs.code)
    states: dict[str, list[str]] = {}
    triggers: dict[str, set[str]] = {lemma: set() for lemma in inputs.trigger_lemmas}
    for raw_form, raw_lemma in dictionary.items():
        form, base = raw_form.decode("utf-8"), raw_lemma.decode("utf-8").lower()
        if base in triggers:
            triggers[base].add(form.lower())
        if inputs.states is None or not form[:1].isalpha():
            continue
        hit = inputs.states.by_lemma(form, base)
        if hit is not None:
            states.setdefault(form.lower(), list(hit))
    for lemma, found in triggers.items():
        found.add(lemma)
    return {
        "joined": inputs.states.joined() if inputs.states is not None else [],
        "states": dict(sorted(states.items())),
        "triggers": {lemma: sorted(found) for lemma, found in sorted(triggers.items())},
    }


def render() -> str:
    inputs = lemma_inputs()
    document = {
        "generated_by": "scripts/make_lemma_forms.py (from simplemma's dictionaries)",
        "inputs": fingerprint(inputs),
        "languages": {i.lang: forms(i) for i in inputs},
    }
    return json.dumps(document, ensure_ascii=False, indent=0, sort_keys=False) + "\n"


def main(argv: list[str]) -> int:
    if "--check" in argv[1:]:
        recorded = json.loads(FORMS_FILE.read_text("utf-8")).get("inputs")
        if recorded != fingerprint(lemma_inputs()):
            print(f"{FORMS_FILE} is stale: run python scripts/make_lemma_forms.py", file=sys.stderr)
            return 1
        print(f"{FORMS_FILE} is current")
        return 0
    FORMS_FILE.write_text(render(), encoding="utf-8")
    print(f"wrote {FORMS_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
