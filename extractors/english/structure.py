"""The noun phrases of a trigger's roles, from the parse: who acts (the agent), who or what
is affected (the patients), and the places ("expelled from X", "ambassador to X")."""

from __future__ import annotations

from spacy.tokens import Token

from nongrata.extractors.english.events import (
    Form,
    Mention,
    children,
    diplomatic,
    person_like,
    pobj,
    subject_of,
    with_conjuncts,
)
from nongrata.extractors.english.lexicon import (
    LEAVE_GOVERNORS,
    LEAVE_VERBS,
    OBLIGATION_VERBS,
    ORDERING_VERBS,
    TIME_LIMIT_NOUNS,
)
from nongrata.extractors.english.triggers import accreditation_holders, sentence_recipients
from nongrata.types import EventType


def _resolve_pronoun_patient(tok: Token) -> Token:
    """ "him"/"them" → the nearest preceding diplomat or person noun in the sentence."""
    if tok.pos_ != "PRON":
        return tok
    for cand in reversed(list(tok.sent[: tok.i - tok.sent.start])):
        if cand.pos_ in ("NOUN", "PROPN") and diplomatic(cand):
            return cand
    return tok


def mention_structure(tok: Token, etype: EventType, form: Form) -> Mention:
    shared = _shared_passive_subject(tok) if form == "active" else []
    if shared:
        # "were detained on Monday and charged with spying": the conjunct's subject
        mention = Mention(type=etype, trigger=tok, form="passive", clause=tok)
        mention.patients = with_conjuncts(shared)
        sentenced = sentence_recipients(tok) if etype == "conviction" else []
        if sentenced:  # "a ten-year sentence was handed down to X": X is the one sentenced
            mention.patients = with_conjuncts(sentenced)
        agents = pobj(tok, "by")
        mention.agent = agents[0] if agents else None
        return _places(mention)
    mention = Mention(type=etype, trigger=tok, form=form, clause=tok)
    if form == "nominal":
        mention.presupposed = True
        poss = children(tok, "poss")
        by = pobj(tok, "by")
        mention.agent = poss[0] if poss else (by[0] if by else None)
        ordered = tok.dep_ == "dobj" and tok.head.lemma_.lower() in ORDERING_VERBS
        if mention.agent is None and ordered:
            # "Poland ordered the closure of …": who orders or announces the measure acts
            mention.agent = subject_of(tok.head)
            mention.presupposed = False  # the clause reports the measure itself
        patients = pobj(tok, "of", "against")
        if not patients:
            # "Russia's detention and expulsion of the consul": the "of" hangs on a conjunct
            for other in tok.conjuncts:
                patients = pobj(other, "of", "against")
                if patients:
                    break
        if not patients:
            patients = _of_after_date(tok)
        mention.patients = with_conjuncts(patients)
        head = tok.head
        while head.dep_ in ("prep", "pobj", "dobj", "conj") and head.head is not head:
            if head.pos_ in ("VERB", "AUX"):
                break
            head = head.head
        mention.clause = head if head.pos_ in ("VERB", "AUX") else tok
        mention.strength = 0.65
        return mention
    if form == "passive":
        subj = children(tok, "nsubjpass")
        if not subj and obliged_to_leave_verb(tok):
            subj = children(tok, "nsubj")  # "diplomats must leave within 48 hours"
        if subj:
            mention.patients = with_conjuncts(subj)
        elif tok.dep_ in ("acl", "amod", "relcl") and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
            mention.patients = [tok.head]
            mention.presupposed = True
        elif tok.dep_ == "relcl":
            mention.patients = [tok.head]
        else:
            # "despite being recalled…": the matrix subject is the one affected
            matrix = tok.head.head if tok.head.dep_ == "prep" else tok.head
            subj2 = children(matrix, "nsubj", "nsubjpass")
            mention.patients = subj2[:1]
        agents = pobj(tok, "by")
        mention.agent = agents[0] if agents else None
        if tok.dep_ == "relcl":
            mention.presupposed = True
        mention.strength = 0.8
    else:
        mention.agent = subject_of(tok)
        if (
            etype in ("arrest", "charge", "conviction")
            and mention.agent is not None
            and person_like(mention.agent)
            and not children(tok, "dobj")
        ):
            # headline style "Three men found guilty of…", "Leader of spy ring jailed"
            mention.form = "passive"
            mention.patients = with_conjuncts([mention.agent])
            mention.agent = None
            mention.strength = 0.75
            return _places(mention)
        objs = children(tok, "dobj", "dative")
        if tok.lemma_.lower() in LEAVE_GOVERNORS and tok.lemma_.lower() != "order":
            objs = children(tok, "dative") or children(tok, "dobj")
        if (
            not objs
            and etype == "closure"
            and tok.dep_ == "xcomp"
            and tok.head.lemma_.lower() in LEAVE_GOVERNORS
        ):
            # "ordered the consulate to shut": the premises are the governor's object
            objs = children(tok.head, "dobj")
        mention.patients = with_conjuncts(
            [o for o in objs if o.lemma_.lower() not in TIME_LIMIT_NOUNS]
        )
        sentenced = sentence_recipients(tok) if etype == "conviction" else []
        if sentenced:
            mention.patients = with_conjuncts(sentenced)
        holders = accreditation_holders(tok) if etype == "expulsion" else None
        if holders:
            mention.patients = with_conjuncts(holders)  # "revoked the accreditation of X"
        if etype == "conviction" and tok.lemma_.lower() == "carry":
            against = [p for o in objs for p in pobj(o, "against", "on")]
            mention.patients = with_conjuncts(against) or mention.patients
        if not mention.patients and tok.dep_ == "relcl":
            mention.patients = [tok.head]
        if tok.dep_ == "relcl" and not _restating(tok):
            mention.presupposed = True
        mention.strength = 0.9
    return _places(mention)


def obliged_to_leave_verb(tok: Token) -> bool:
    """Is ``tok`` the verb of an order to leave told by its subject ("diplomats must leave",
    "diplomats have 72 hours to leave"), not a passive participle?"""
    lemma = tok.lemma_.lower()
    return not children(tok, "auxpass") and (lemma in LEAVE_VERBS or lemma in OBLIGATION_VERBS)


def _restating(tok: Token) -> bool:
    """ "…revoked their accreditation, a move that effectively expels them": a present-tense
    relative clause on an appositive noun restates the sentence's own measure; it tells
    the event, it does not presuppose an earlier one."""
    return tok.tag_ in ("VBZ", "VBP") and tok.head.dep_ == "appos"


def _of_after_date(tok: Token) -> list[Token]:
    """ "the detention last month of an engineer": the parser hangs the "of" phrase that
    follows a time expression on the verb; it still names who was detained."""
    i = tok.right_edge.i + 1
    doc = tok.doc
    while i < tok.sent.end and doc[i].ent_type_ in ("DATE", "TIME"):
        i += 1
    if i == tok.right_edge.i + 1 or i >= tok.sent.end:
        return []
    prep = doc[i]
    if prep.lower_ != "of" or prep.dep_ != "prep" or prep.head not in (tok, tok.head):
        return []
    return children(prep, "pobj")


def _shared_passive_subject(tok: Token) -> list[Token]:
    """The passive subject a participle conjunct shares with the verb it is coordinated with."""
    if tok.dep_ != "conj" or tok.tag_ not in ("VBN", "VBD"):
        return []
    if children(tok, "nsubj", "nsubjpass", "dobj", "aux"):
        return []
    if not children(tok.head, "auxpass"):
        return []
    return children(tok.head, "nsubjpass")


def _png_patients(verb: Token) -> list[Token]:
    """ "declared 21 Russian diplomats persona non grata" / "declared persona non grata the
    official X": the noun phrase between the verb and the Latin phrase, or after it."""
    sent = verb.sent
    latin = next((t for t in sent if t.lower_ in ("persona", "personae") and t.i > verb.i), None)
    if latin is None:
        return []
    between = [t for t in verb.doc[verb.i + 1 : latin.i] if t.pos_ in ("NOUN", "PROPN", "NUM")]
    after = [t for t in verb.doc[latin.i + 3 : sent.end] if t.pos_ in ("NOUN", "PROPN")]
    for group in (between, after[:6]):
        heads = [t for t in group if diplomatic(t) and t.pos_ != "NUM"]
        if heads:
            return with_conjuncts(heads[:1])
    return []


def _places(mention: Mention) -> Mention:
    tok = mention.trigger
    if (
        mention.type == "expulsion"
        and mention.form == "active"
        and any(t.lower_ in ("persona", "personae") for t in tok.sent)
    ):
        png = _png_patients(tok)
        if png:
            mention.patients = png
            if mention.agent is not None and mention.agent in png:
                mention.agent = None
    mention.patients = [_resolve_pronoun_patient(p) for p in mention.patients]
    agent = mention.agent
    if agent is not None and (
        agent in mention.patients
        or (mention.type == "expulsion" and agent.ent_type_ != "GPE" and diplomatic(agent))
    ):
        mention.agent = None  # diplomats do not expel: a mis-attached subject
    places = pobj(tok, "from", "in")
    for out in children(tok, "prt", "advmod", "prep"):
        if out.lower_ == "out":
            places += pobj(out, "of")  # "ordered 60 Russians out of the United States"
    for xcomp in children(tok, "xcomp", "advcl", "conj"):
        # "ordered to leave X", "declared persona non grata and must leave X"
        if xcomp.lemma_.lower() in LEAVE_VERBS:
            places += children(xcomp, "dobj")
    if tok.lemma_.lower() in LEAVE_VERBS:
        places += children(tok, "dobj")
    mention.actor_place = places[0] if places else None
    host = pobj(tok, "from")
    for p in mention.patients:
        host += pobj(p, "to")
    mention.host_place = host[0] if host else None
    return mention
