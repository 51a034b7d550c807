"""The English prefilter: can an English text hold an event the English rules find?

Every event needs a trigger of its type (every word of the English lexicon's trigger lemma
sets, in any inflection: ``forms`` in ``en.yaml``); arrests, charges and convictions also
need an espionage context (a word, or an agency's name), and a closure a premises noun or
"diplomatic status". An article is also read as the extractor parses it, paragraph by
paragraph (:func:`english_paragraph_reason`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from nongrata.extractors.english.lexicon import ESPIONAGE_RE, LEXICON
from nongrata.extractors.english.prepare import PreparedArticle
from nongrata.extractors.prefilter.anchors import AnchoredPattern
from nongrata.extractors.prefilter.names import WatchTerms, agency_named, compile_lower

_LEMMAS = LEXICON.lemmas
_SUFFIXES = LEXICON.suffixes


def _forms(*names: str) -> str:
    """A word-bounded alternation matching the inflections of the lemmas of the lexicon's
    lemma sets ``names`` (and a few more)."""
    parts: list[str] = []
    for lemma in sorted(frozenset().union(*(_LEMMAS[name] for name in names))):
        if lemma in LEXICON.irregular:
            parts.extend(re.escape(f) for f in LEXICON.irregular[lemma])
        elif lemma.endswith("e") and len(lemma) > 3:
            parts.append(re.escape(lemma[:-1]) + _SUFFIXES["e"])
        elif lemma.endswith("y") and len(lemma) > 3:
            parts.append(re.escape(lemma[:-1]) + _SUFFIXES["y"])
        elif lemma.endswith(("s", "sh", "ch", "x", "z")):
            parts.append(re.escape(lemma) + _SUFFIXES["sibilant"])
        else:
            doubled = f"(?:{re.escape(lemma[-1])}(?:ed|ing))"
            parts.append(f"{re.escape(lemma)}(?:{doubled}|{_SUFFIXES['other']})?")
    return rf"\b(?:{'|'.join(parts)})\b"


def _pattern(name: str) -> str:
    """The English lexicon's pattern ``name``, as written there."""
    return LEXICON.patterns[name].pattern


def _near(first: str, second: str, gap: int = 80) -> str:
    return rf"{first}[^.;!?\n]{{0,{gap}}}?{second}"


@dataclass(frozen=True)
class EnglishTest:
    law_triggers: AnchoredPattern  # need espionage context
    expulsion_or_recall: AnchoredPattern  # need nothing more
    closure: AnchoredPattern  # needs premises
    premises: AnchoredPattern
    espionage: AnchoredPattern


@cache
def english_test() -> EnglishTest:
    law = [
        _forms("arrest_verbs", "arrest_nouns", "charge_verbs", "charge_nouns"),
        _forms("convict_verbs", "convict_nouns"),
        _pattern("prefilter_law"),
        _near(_forms("sentence_receiving_verbs"), _forms("sentence_nouns"), 40),
    ]
    expulsion_or_recall = [
        _forms("expel_verbs", "expel_nouns", "deport_verbs"),
        _pattern("prefilter_expulsion"),
        _near(_forms("out_verbs"), _pattern("out_particle")),
        _near(_forms("home_verbs"), _pattern("home_particle")),
        _near(_forms("leave_governors"), _forms("leave_verbs")),
        _near(_forms("obligation_modals", "deadline_nouns"), _forms("leave_verbs"), 20),
        _near(_forms("staff_cut_verbs"), _forms("staff_cut_nouns"), 60),
        _near(_forms("recall_out_verbs"), _pattern("out_particle")),
        _forms("recall_verbs", "recall_nouns"),
    ]
    status = _pattern("status_phrase")
    return EnglishTest(
        law_triggers=compile_lower("|".join(law)),
        expulsion_or_recall=compile_lower("|".join(expulsion_or_recall)),
        closure=compile_lower(
            rf"{_forms('close_verbs', 'closure_nouns')}"
            rf"|{_near(_forms('status_verbs'), status, 200)}"
            rf"|{_near(status, _forms('status_verbs'), 200)}"
        ),
        premises=compile_lower(rf"{_forms('premises_nouns')}|\b{status}\b"),
        espionage=compile_lower("|".join([ESPIONAGE_RE.pattern, _forms("espionage_lemmas")])),
    )


def english_reason(text: str, low: str) -> str | None:
    """``low``: the lower-cased ``text``. An agency's name, as written, is espionage context
    (the English rules find it with the gazetteer's names)."""
    test = english_test()
    if test.expulsion_or_recall.search(low):
        return None
    if test.closure.search(low) and test.premises.search(low):
        return None
    law = test.law_triggers.search(low) is not None
    if law and (test.espionage.search(low) or agency_named(text)):
        return None
    if law:
        return "no-espionage-context:en"
    if test.closure.search(low):
        return "no-premises:en"  # a closure word ("close") with no embassy or consulate
    return "no-trigger:en"


def english_trigger_in(text: str) -> bool:
    """Does ``text`` hold an English event trigger of any type (its context not required)?"""
    test = english_test()
    low = text.lower()
    return any(
        pattern.search(low) is not None
        for pattern in (test.expulsion_or_recall, test.closure, test.law_triggers)
    )


def english_paragraph_reason(
    prepared: PreparedArticle, watch_terms: WatchTerms | None = None
) -> str | None:
    """None when a paragraph of the article, as the extractor parses it, may hold an event;
    else why none can.

    The English rules find a mention in one sentence, with the espionage context of an
    arrest, charge or conviction in that sentence, the two before it in its paragraph, or the
    headline (``nongrata.extractors.english.mentions``); a closure's premises are in its own
    sentence. No sentence crosses a paragraph. So each paragraph is tested on its own, with
    the headline as context; a watchlist term in the paragraph or the headline counts as
    context too (a watchlist's alias can name an agency the gazetteer does not).
    """
    test = english_test()
    headline = prepared.headline

    def has_context(part: str, low: str) -> bool:
        return (
            test.espionage.search(low) is not None
            or agency_named(part)
            or (watch_terms is not None and watch_terms.present(part))
        )

    headline_context = bool(headline) and has_context(headline, headline.lower())
    reason = "no-trigger:en"
    for paragraph in prepared.paragraphs():
        low = paragraph.lower()
        if test.expulsion_or_recall.search(low):
            return None
        if test.closure.search(low):
            if test.premises.search(low):
                return None
            reason = "no-premises:en" if reason == "no-trigger:en" else reason
        if test.law_triggers.search(low):
            if headline_context or has_context(paragraph, low):
                return None
            reason = "no-espionage-context:en"
    return f"paragraphs-{reason}"
