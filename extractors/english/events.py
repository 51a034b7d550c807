"""Event mentions in English sentences: the mention, and the parse tests its rules share.

A mention is a trigger (a verb or its nominalisation: expel/expulsion, arrest, charge/indict,
convict/sentence/jail, recall/withdraw, close) with its agent and affected noun phrases. A
trigger that is negated, modal ("could expel"), embedded under a call, threat, plan or denial
("threatened to expel", "called for the expulsion"), conditional, a question or about the
future is not an event. Arrests, charges and convictions need an espionage context in the
sentence (or the sentences tied to it); expulsions need diplomats or officials as the object.

Finding triggers is :mod:`~nongrata.extractors.english.triggers`; the noun phrases of each
role, :mod:`~nongrata.extractors.english.structure`; the gating,
:mod:`~nongrata.extractors.english.mentions`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from spacy.tokens import Span, Token

from nongrata.extractors.english.lexicon import (
    DIPLOMATIC_NOUNS,
    ESPIONAGE_LEMMAS,
    ESPIONAGE_RE,
    MEMBERSHIP_NOUNS,
    NOBODY_SUBJECTS,
    NON_ESPIONAGE_LEMMAS,
    PEOPLE_NOUNS,
    QUANTITY_HEADS,
    TRIGGER_RE,
)
from nongrata.types import EventType

Form = Literal["active", "passive", "nominal"]


def has_trigger(text: str) -> bool:
    """Cheap test (no NLP): does ``text`` contain any English event trigger word?"""
    return TRIGGER_RE.search(text) is not None


@dataclass
class Mention:
    """One event trigger in a sentence, with the noun phrases its roles come from."""

    type: EventType
    trigger: Token
    form: Form
    clause: Token  # the verb whose tense, aux and time cues apply
    agent: Token | None = None
    patients: list[Token] = field(default_factory=list)
    actor_place: Token | None = None  # "expelled from X", "forced to leave X", "arrested in X"
    host_place: Token | None = None  # recall: "recalled from X", "ambassador to X"
    presupposed: bool = False  # a participle, relative clause or nominal reference
    reported: bool = False  # under a reporting verb ("said it had expelled")
    disclosed_by: Token | None = None  # "revealed that…"
    strength: float = 0.8
    reciprocal: bool = False  # "expelled each other's diplomats"


def children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def with_conjuncts(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for t in tokens:
        for x in (t, *t.conjuncts):
            if x not in out:
                out.append(x)
    return out


def pobj(tok: Token, *preps: str) -> list[Token]:
    found: list[Token] = []
    for prep in tok.children:
        if prep.dep_ in ("prep", "agent", "dative") and prep.lower_ in preps:
            found.extend(children(prep, "pobj", "pcomp"))
    return found


def has_prt(tok: Token, *words: str) -> bool:
    return any(c.dep_ in ("prt", "advmod", "prep") and c.lower_ in words for c in tok.children)


def is_passive(tok: Token) -> bool:
    if children(tok, "nsubjpass", "auxpass", "csubjpass"):
        return True
    return tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod") and tok.head.pos_ in ("NOUN", "PROPN")


def subject_of(verb: Token) -> Token | None:
    """The subject of ``verb``, inherited through xcomp/conj/advcl chains."""
    cur: Token | None = verb
    for _ in range(4):
        if cur is None:
            return None
        subj = children(cur, "nsubj")
        if subj:
            return subj[0]
        if cur.dep_ in ("xcomp", "conj", "advcl", "pcomp") and cur.head is not cur:
            cur = cur.head
            if cur.dep_ == "prep":
                cur = cur.head
            continue
        if cur.dep_ == "acl" and cur.head.pos_ == "NOUN":
            # "Prague's decision to order out an envoy": the decision's owner acts
            poss = children(cur.head, "poss")
            return poss[0] if poss else None
        return None
    return None


def diplomatic(tok: Token) -> bool:
    """Is ``tok`` the head of a noun phrase naming diplomats, officials or a person?"""
    if tok.lemma_.lower() in DIPLOMATIC_NOUNS or tok.lower_ in DIPLOMATIC_NOUNS:
        return True
    if tok.ent_type_ == "PERSON" or (tok.pos_ == "PRON" and tok.lower_ in ("him", "her", "them")):
        return True
    if tok.ent_type_ == "NORP" and tok.tag_ in ("NNPS", "NNS"):
        # "20 Russians" are counted people; bare "undocumented Afghans" are a population
        return any(c.dep_ == "nummod" or c.like_num for c in tok.children)
    if tok.pos_ == "NUM" or tok.lower_ in ("dozens", "hundreds", "some", "those"):
        return any(diplomatic(p) for p in pobj(tok, "of")) or tok.dep_ in ("dobj", "nsubjpass")
    if tok.lemma_.lower() in QUANTITY_HEADS:
        return any(diplomatic(p) for p in pobj(tok, "of"))  # "a large number of staff"
    # "the attache", "High Commissioner" compounds: any diplomatic word inside the phrase head
    return any(c.dep_ == "compound" and c.lemma_.lower() in DIPLOMATIC_NOUNS for c in tok.children)


def counted(tok: Token) -> list[Token]:
    """What a number or quantity counts ("four of Russia's five consulates", "a number of
    staff"): its "of" phrase; else the noun itself."""
    if tok.pos_ == "NUM" or tok.lemma_.lower() in QUANTITY_HEADS:
        return pobj(tok, "of") or [tok]
    return [tok]


def expelled_from_membership(verb: Token) -> bool:
    return any(p.lemma_.lower() in MEMBERSHIP_NOUNS for p in pobj(verb, "from"))


def espionage_context(sent: Span) -> bool:
    """Does the sentence itself tie the action to spying, treason, sabotage or intelligence?
    A denied tie ("no spying charges", "was not charged with espionage") is none."""
    for match in ESPIONAGE_RE.finditer(sent.text):
        span = sent.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None and not denied(span.root):
            return True
    if any(t.lemma_.lower() in ESPIONAGE_LEMMAS and not denied(t) for t in sent):
        return True
    return any(e.label_ == "ORG" and e.ent_id_.startswith("agency:") for e in sent.ents)


def denied(tok: Token) -> bool:
    """Is ``tok`` inside a denied phrase: a noun phrase with "no" ("no spying charges") or the
    complement of a negated verb ("not charged with espionage", "no evidence of spying")?"""
    cur = tok
    for _ in range(4):
        if any(c.dep_ == "det" and c.lower_ == "no" for c in cur.children):
            return True
        if any(c.dep_ == "neg" for c in cur.children):
            return True
        if cur.dep_ in ("ROOT", "ccomp", "relcl", "conj", "advcl") or cur.head is cur:
            return False
        cur = cur.head
    return False


def non_espionage_context(sent: Span) -> bool:
    return any(t.lemma_.lower() in NON_ESPIONAGE_LEMMAS for t in sent)


def negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" or c.lower_ in ("never", "not") for c in tok.children):
        return True
    for subj in children(tok, "nsubj", "nsubjpass", "dobj"):
        if subj.lower_ in NOBODY_SUBJECTS or any(
            c.dep_ == "det" and c.lower_ == "no" for c in subj.children
        ):
            return True
    return any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children)


def person_like(tok: Token) -> bool:
    if tok.ent_type_ == "PERSON" or (tok.ent_type_ == "NORP" and tok.tag_ in ("NNS", "NNPS")):
        return True
    return tok.lemma_.lower() in PEOPLE_NOUNS
