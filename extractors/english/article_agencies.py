"""Intelligence and security agencies mentioned in an article, by canonical short name.

Names ("FSB", "Research and Analysis Wing") are found as written; ambiguous acronyms need
their state in the text; descriptive mentions ("Russian military intelligence", "Canada's
spy agency", "state security authorities" in a sentence about China) are resolved through
the state that modifies them or, failing that, the one state in the sentence that has such
an agency. Plural, generic mentions ("security agencies") are not listed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence, Set

from spacy.tokens import Span, Token

from nongrata.extractors.english.gazetteer import Gazetteer
from nongrata.extractors.english.lexicon import LEXICON
from nongrata.extractors.english.roles import sentence_states, token_state

_INTRODUCED_RE = LEXICON.patterns["introduced_agency"]
_AGENCY_WORD_RE = LEXICON.patterns["agency_name_word"]
_AGENCY_HEAD_RE = LEXICON.patterns["agency_head"]
_POSSESSIVE_GAP = 4  # tokens between a state word and the descriptor it modifies


def sentence_agencies(
    sent: Span,
    gaz: Gazetteer,
    states: list[str] | None = None,
    article_states: Set[str] = frozenset(),
) -> list[str]:
    """Agencies named or described in one sentence (``states``: the sentence's, when known).
    An acronym several states' services share ("ISI", "SIS") needs its state named in the
    sentence, or in the article when ``article_states`` are given."""
    if states is None:
        states = sentence_states(sent, gaz)
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for mention in gaz.find_agency_names(sent.text, [*states, *article_states]):
        found.append((mention.start, mention.short))
        taken.append((mention.start, mention.end))
    for descriptor, start, end in gaz.find_agency_descriptors(sent.text):
        if any(s <= start < e or s < end <= e for s, e in taken):
            continue
        short = _describe(sent, descriptor, start, states, gaz)
        named_elsewhere = {gaz.agencies[n].country for _, n in found}
        if (
            short is not None
            and _resolved_by_fallback(sent, start, gaz)
            and named_elsewhere - {gaz.agencies[short].country}
        ):
            # "the Belarusian KGB … as a foreign intelligence agency, like its Soviet
            # predecessor": a named service of another state is what the description is about
            short = None
        if short is not None:
            found.append((start, short))
    for start, acronym in _introduced_agencies(sent.text):
        if not any(s <= start < e for s, e in taken):
            found.append((start, acronym))
    found.sort()
    out: list[str] = []
    for _, short in found:
        if short not in out:
            out.append(short)
    return out


def _introduced_agencies(text: str) -> list[tuple[int, str]]:
    """Services the text introduces by name and acronym ("Portugal's Security Intelligence
    Service (SIS)"), the gazetteer's or not: (start, acronym) of each."""
    return [
        (match.start("acronym"), match.group("acronym"))
        for match in _INTRODUCED_RE.finditer(text)
        if _AGENCY_WORD_RE.search(match.group("name"))
        and _AGENCY_HEAD_RE.search(match.group("name"))
    ]


def _describe(
    sent: Span, descriptor: str, start: int, states: list[str], gaz: Gazetteer
) -> str | None:
    first = _token_at(sent, start)
    if first is None:
        return None
    owner = _state_word_before(sent, first, gaz)
    if owner is not None:
        return gaz.agency_for(owner, descriptor)
    if re.match(r"^[A-Z]", descriptor) and len(descriptor.split()) >= 3:
        candidates = {gaz.agency_for(s, descriptor) for s in states} - {None}
        return candidates.pop() if len(candidates) == 1 else None
    candidates = {gaz.agency_for(s, descriptor) for s in states} - {None}
    if len(candidates) == 1 and _specific(first):
        return candidates.pop()
    return None


def _resolved_by_fallback(sent: Span, start: int, gaz: Gazetteer) -> bool:
    """Is the descriptor at ``start`` without a state word right before it?"""
    first = _token_at(sent, start)
    return first is None or _state_word_before(sent, first, gaz) is None


def _token_at(sent: Span, start: int) -> Token | None:
    """The first token at or after the character ``start`` of ``sent``."""
    char = sent.start_char + start
    return next((t for t in sent if t.idx >= char), None)


def _state_word_before(sent: Span, first: Token, gaz: Gazetteer) -> str | None:
    """The state a word just before ``first`` names ("Russia's", "the Czech"), within a few
    tokens and not past a verb or a list separator; an agency's name is none."""
    window = sent.doc[max(sent.start, first.i - _POSSESSIVE_GAP) : first.i]
    for tok in reversed(list(window)):
        state = token_state(tok, gaz)
        if state is not None and not tok.ent_id_.startswith("agency:"):
            return state
        if tok.pos_ in ("VERB", "AUX") or tok.text in (",", ";", "(", "and"):
            break
    return None


def _specific(tok: object) -> bool:
    """A definite or modified singular mention ("the GRU's", "an undeclared military
    intelligence officer"), not a bare generic word."""
    from spacy.tokens import Token

    assert isinstance(tok, Token)
    head = tok
    while head.dep_ in ("compound", "amod") and head.head is not head:
        head = head.head
    if head.lower_ in ("authorities", "officials", "officers"):
        return True
    if head.tag_ == "NNP":
        return True
    # a bare mass noun ("foreign intelligence has been split off") is the function, not a
    # service: a singular mention needs a determiner or possessive; and "passing secrets to
    # a foreign intelligence service" is an unnamed service, not the one of a state around
    if any(c.dep_ == "det" and c.lower_ in _INDEFINITE for c in head.children):
        return head.lemma_.lower() not in _SERVICE_NOUNS
    return head.tag_ == "NN" and any(c.dep_ in ("det", "poss") for c in head.children)


# "a foreign intelligence service": some service; "an undeclared military intelligence
# officer": a person of a definite one
_INDEFINITE = frozenset({"a", "an", "another", "any"})
_SERVICE_NOUNS = frozenset({"agency", "service", "body", "organisation", "organization"})


def find_agencies(sents: Sequence[Span], gaz: Gazetteer) -> list[str]:
    """The agencies of an article: an acronym's state may be named anywhere in it ("had been
    working for the ISI" in a report on Pakistan)."""
    states = [sentence_states(sent, gaz) for sent in sents]
    article_states = frozenset(s for found in states for s in found)
    out: list[str] = []
    for sent, own in zip(sents, states, strict=True):
        for short in sentence_agencies(sent, gaz, own, article_states):
            if short not in out:
                out.append(short)
    return out
