"""Which trigger mentions are events: negation, modality, framing, type fit.

"did not expel", "could expel", "threatened to expel", "called for the expulsion", a question
or a condition are not events; nor an "expulsion" from a party, or an arrest with no tie to
espionage. "would expel" counts only in reported speech of a decided measure.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from nongrata.extractors.english.events import (
    Mention,
    children,
    counted,
    denied,
    diplomatic,
    espionage_context,
    has_prt,
    negated,
    non_espionage_context,
    person_like,
    pobj,
)
from nongrata.extractors.english.lexicon import (
    AS_DID_MARKS,
    BLOCKING_HEADS,
    CHARGE_GOVERNORS,
    CONDITIONAL_MARKS,
    DEFINITE_DETERMINERS,
    DIPLOMATIC_NOUNS,
    DISCLOSURE_HEADS,
    ESPIONAGE_LEMMAS,
    ESPIONAGE_RE,
    EXCHANGE_VERBS,
    EXECUTION_VERBS,
    FUTURE_TIME_MARKS,
    GENERIC_STATE_NOUNS,
    GROUP_NOUNS,
    HOME_VERBS,
    LEAVE_GOVERNORS,
    LEAVE_VERBS,
    NOBODY_PATIENTS,
    NON_ENVOY_NOUNS,
    NON_ESPIONAGE_LEMMAS,
    OBLIGATION_MODALS,
    OFFENCE_PREPS,
    OTHER_OFFENCE_LEMMAS,
    PERSON_ONLY_ARREST_NOUNS,
    PREMISES_NOUNS,
    RECALL_PATIENT_NOUNS,
    RELEASE_TERMS,
    RELEASE_VERBS,
    REPORTING_HEADS,
    RESTRAINT_PARTICLES,
    RESTRAINT_VERBS,
    STANCE_ADJECTIVES,
    STATUS_VERBS,
    SWAP_RE,
    VAGUE_QUANTITIES,
    WEAK_MODALS,
)
from nongrata.extractors.english.structure import mention_structure
from nongrata.extractors.english.triggers import ordered_staff_cut, triggers


def _governors(tok: Token) -> list[Token]:
    """Heads that frame ``tok``: walked up through non-finite and nominal links, stopping at
    the first finite verb (checked, then the walk ends)."""
    out: list[Token] = []
    cur = tok
    for _ in range(6):
        if cur.dep_ == "conj" and cur.head is not cur:
            # "said it would expel … and would close …": the second conjunct shares the
            # frame of the first (the first conjunct itself is not a governor)
            cur = cur.head
            continue
        if cur.dep_ in ("ROOT", "relcl", "appos") or cur.head is cur:
            break
        head = cur.head
        out.append(head)
        if head.pos_ in ("VERB", "AUX") and head.tag_ in ("VBD", "VBZ", "VBP", "MD"):
            break
        if cur.dep_ in ("advcl", "acl") and head.pos_ in ("VERB", "AUX"):
            break
        cur = head
    return out


def _future_time_clause(clause: Token) -> bool:
    """ "faces ten years when he is sentenced in October": a present tense in a clause of
    time ("when", "once", "until") tells what is to come."""
    marks = [c for c in clause.children if c.dep_ in ("mark", "advmod")]
    if clause.dep_ != "advcl" or not any(c.lower_ in FUTURE_TIME_MARKS for c in marks):
        return False
    verbs = [clause, *(c for c in clause.children if c.dep_ in ("aux", "auxpass"))]
    return any(v.tag_ in ("VBZ", "VBP") for v in verbs)


def _aux_lemmas(tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}


def blocked(mention: Mention) -> str | None:
    """Why the mention is not an event (negation, modality, framing), or None."""
    tok, clause = mention.trigger, mention.clause
    sent = tok.sent
    if sent.text.rstrip().rstrip("\"'”’").endswith("?"):
        return "question"
    for t in {tok, clause}:
        if negated(t):
            return "negated"
    if any(_no_one(p) for p in mention.patients):
        return "negated"  # "No Russian diplomats have been summoned or expelled"
    if _framed_infinitive(tok):
        return "framed infinitive"
    if _for_to_infinitive(tok):
        return "for-to infinitive"
    if _hypothetical_gerund(tok):
        return "modal"
    if _generic_agent(mention.agent):
        return "generic agent"
    if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in clause.children):
        return "conditional"
    if _consequence_of_condition(clause):
        return "conditional"
    if _future_time_clause(clause):
        return "future"
    aux = _aux_lemmas(clause) | _aux_lemmas(tok)
    if tok.lemma_.lower() in LEAVE_VERBS and mention.type == "expulsion":
        aux -= OBLIGATION_MODALS  # "must leave within 48 hours": an order (see triggers)
    if aux & WEAK_MODALS:
        return "modal"
    if mention.agent is not None and mention.agent.i < tok.i:
        between = tok.doc[mention.agent.i + 1 : tok.i]
        if any(t.tag_ == "MD" and t.lower_ in WEAK_MODALS for t in between):
            return "modal"
    govs = _governors(clause if mention.form == "nominal" else tok)
    if mention.form == "nominal":
        govs = [*_governors(tok), *govs]
    for g in govs:
        lemma = g.lemma_.lower()
        if g.i == tok.head.i and ordered_staff_cut(tok):
            continue  # "asked Pakistan to cut its staff": the order itself, not a request
        if lemma in BLOCKING_HEADS or (g.pos_ == "ADJ" and lemma in STANCE_ADJECTIVES):
            return f"framed by {lemma!r}"
        if lemma in RESTRAINT_VERBS and has_prt(g, *RESTRAINT_PARTICLES):
            return f"framed by {lemma!r}"  # "holds back on expelling"
        if negated(g) and g.pos_ in ("VERB", "AUX"):
            return "negated"
        if _aux_lemmas(g) & WEAK_MODALS:
            return "modal"
        if lemma in REPORTING_HEADS:
            mention.reported = True
            if lemma in DISCLOSURE_HEADS:
                mention.disclosed_by = g
            break
    if aux & {"will", "would", "'ll", "wo"}:
        if mention.type not in ("expulsion", "closure"):
            return "future"
        if "would" in aux and not mention.reported:
            return "conditional"
    return None


def _offence_context(tok: Token) -> bool | None:
    """What the trigger's own complements say the offence is ("sentenced him for aiding a
    terrorist organisation", "jailed on a terrorism charge", "charged with treason"): True for
    espionage, False for another named crime, None when they name no offence. Coordinated
    clauses ("acquitted of espionage but sentenced him for …") are not the trigger's own."""
    region = [t for t in tok.subtree if t.i > tok.i and _own_complement(t, tok)]
    if not region:
        return None
    doc = tok.doc
    text = doc[region[0].i : region[-1].i + 1]
    if any(t.lemma_.lower() in ESPIONAGE_LEMMAS and not denied(t) for t in region):
        return True
    for match in ESPIONAGE_RE.finditer(text.text):
        span = text.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None and span.root in region and not denied(span.root):
            return True
    if any(t.lemma_.lower() in NON_ESPIONAGE_LEMMAS | OTHER_OFFENCE_LEMMAS for t in region):
        return False
    return None


def _own_complement(tok: Token, trigger: Token) -> bool:
    """Is ``tok`` in an offence phrase of ``trigger`` ("for …", "of …", "on … charges"), with no
    coordinated or embedded clause or agent between them?"""
    cur = tok
    offence = False
    while cur.i != trigger.i:
        if cur.head.i == cur.i:
            return False
        if cur.dep_ in ("relcl", "ccomp", "advcl", "agent"):
            return False
        if cur.dep_ == "conj" and cur.pos_ in ("VERB", "AUX"):
            return False  # a coordinated clause; "bribery and conspiracy to …" is one phrase
        if cur.dep_ == "prep":
            if cur.lower_ == "by":
                return False
            offence = offence or cur.lower_ in OFFENCE_PREPS
        cur = cur.head
    return offence


def _swap_release(mention: Mention, sent: Span, previous: list[Span]) -> bool:
    """A release is an expulsion (by the releasing state) only in a prisoner exchange, of
    people held for spying: "Cuba freed a man … one of the most important intelligence assets",
    "the United States and Cuba exchanged imprisoned intelligence agents" (each releases)."""
    doc = mention.trigger.doc
    if mention.form == "nominal" or not SWAP_RE.search(doc.text):
        return False
    if not mention.patients or any(p.ent_type_ in ("MONEY", "GPE") for p in mention.patients):
        return False
    if any(t.lower_ in RELEASE_TERMS for t in mention.trigger.subtree):
        return False  # "released on bail in Cyprus": let go where he was, not handed over
    if not any(person_like(p) or diplomatic(p) or p.pos_ == "NUM" for p in mention.patients):
        return False
    lead = [s for s in doc.sents if s.start <= sent.end + 60][:4]
    if not (_espionage_tied(sent, previous) or any(espionage_context(s) for s in lead)):
        return False
    agent = mention.agent
    if mention.trigger.lemma_.lower() in EXCHANGE_VERBS and agent is not None and agent.conjuncts:
        mention.reciprocal = True
    return True


def _consequence_of_condition(clause: Token) -> bool:
    """ "Estonia will expel a diplomat if the allegations are confirmed": a measure still to
    come (a modal or a present tense) that governs a condition ("if", "unless") is no event;
    a past one ("expelled him as if he were a spy") is."""
    if clause.tag_ not in ("VB", "VBZ", "VBP"):
        return False
    for sub in children(clause, "advcl"):
        marks = [c for c in sub.children if c.dep_ == "mark"]
        if any(m.lower_ in CONDITIONAL_MARKS - {"whether"} for m in marks) and not any(
            c.dep_ == "advmod" and c.lower_ in ("even", "as") for c in sub.children
        ):
            return True
    return False


def _generic_agent(agent: Token | None) -> bool:
    """ "a number of partners had asked Russian staff to leave", "other countries expelled
    diplomats": states the sentence does not name, in an indefinite plural, tell a
    generalisation, not a measure of a state (the article's own state does not stand in)."""
    if agent is None:
        return False
    head = agent
    if head.lemma_.lower() in GROUP_NOUNS or head.lower_ in VAGUE_QUANTITIES:
        counted = pobj(head, "of")
        if not counted:
            return False
        head = counted[0]
    if head.lemma_.lower() not in GENERIC_STATE_NOUNS or head.tag_ != "NNS":
        return False
    if any(c.dep_ in ("det", "poss") and c.lower_ in DEFINITE_DETERMINERS for c in head.children):
        return False  # "the two countries", "these allies": states named before
    if any(c.dep_ == "poss" for c in head.children):
        return False  # "Russia's partners"
    return not any(t.ent_type_ == "GPE" for t in agent.subtree)


def _no_one(patient: Token) -> bool:
    """ "no diplomats", "none of the staff", "nobody": the event did not happen to anyone."""
    if patient.lower_ in NOBODY_PATIENTS:
        return True
    return any(c.dep_ == "det" and c.lower_ == "no" for c in patient.children)


def _framed_infinitive(tok: Token) -> bool:
    """A bare "to"-infinitive the parser left without a governor, after a word that frames it
    ("MPs press ministers to throw out envoy", a headline the parser reads as a noun phrase):
    the framing word still blocks it."""
    if tok.dep_ != "ROOT" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return False
    return any(
        t.lemma_.lower() in BLOCKING_HEADS or t.lower_ in BLOCKING_HEADS
        for t in tok.doc[tok.sent.start : tok.i]
    )


def _for_to_infinitive(tok: Token) -> bool:
    """ "calls for the UK to throw out the ambassador", "it is time for Britain to expel": an
    infinitive with its own subject brought in by "for" states a wish or purpose, never a
    deed (a conjoined infinitive shares the first one's frame)."""
    verb = tok.head if tok.dep_ == "conj" and tok.head is not tok else tok
    if verb.tag_ != "VB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    return any(c.dep_ == "mark" and c.lower_ == "for" for c in verb.children)


def _hypothetical_gerund(tok: Token) -> bool:
    """ "Expelling its ambassador would send a clear signal", "arresting him could damage
    ties": a gerund that is the subject of a modal or conditional clause names a course of
    action weighed, not one taken."""
    if tok.tag_ != "VBG" or tok.dep_ not in ("csubj", "csubjpass"):
        return False
    return bool(_aux_lemmas(tok.head) & (WEAK_MODALS | {"would", "'d"}))


def _espionage_tied(sent: Span, previous: list[Span]) -> bool:
    if espionage_context(sent):
        return True
    if non_espionage_context(sent):
        return False
    return any(espionage_context(p) for p in previous)


def sentence_mentions(
    sent: Span, previous: list[Span], not_reported: list[Mention] | None = None
) -> list[Mention]:
    """Gated event mentions of one sentence; ``previous`` are the sentences tied to it
    (the preceding sentences of the paragraph and the headline) for the espionage context.
    ``not_reported``, when given, receives the mentions of the right type and context that
    report no event (negated, modal, called for, dropped): their persons are still the
    story's ("prosecutors dismissed the charges against X")."""
    out: list[Mention] = []
    for tok, etype, form in triggers(sent):
        if tok.dep_ == "amod" and form != "nominal":
            continue  # "the expelled diplomat": a reference, not a report
        mention = mention_structure(tok, etype, form)
        unreported = blocked(mention) is not None
        if not _type_fits(mention, sent, previous):
            continue
        if unreported:
            if not_reported is not None:
                not_reported.append(mention)
            continue
        out.append(mention)
        out.extend(_ellipsis_copies(mention))
    return out


def _type_fits(mention: Mention, sent: Span, previous: list[Span]) -> bool:
    tok = mention.trigger
    lemma = tok.lemma_.lower()
    if mention.type == "expulsion" and lemma in RELEASE_VERBS:
        return _swap_release(mention, sent, previous)
    if mention.type == "expulsion":
        if any(p.ent_type_ in ("GPE",) and p.pos_ == "PROPN" for p in mention.patients):
            return False  # a state expelled from an organisation
        if mention.form == "nominal":
            return bool(mention.patients) and any(diplomatic(p) for p in mention.patients)
        if lemma == "deport" or lemma in HOME_VERBS:
            return any(
                p.lemma_.lower() in DIPLOMATIC_NOUNS - {"member", "worker", "head", "chief"}
                for p in mention.patients
            )
        if not mention.patients:
            return "persona" in sent.text.lower() or lemma in LEAVE_GOVERNORS
        if any(_reciprocal(p) for p in mention.patients):
            mention.reciprocal = True
        if ordered_staff_cut(tok):
            return True
        named = [p for p in mention.patients if p.ent_type_ not in ("NORP", "PERSON")]
        if named and all(p.lemma_.lower() in NON_ENVOY_NOUNS for p in named):
            return False  # "three journalists, two Americans and an Australian": no envoys
        return any(diplomatic(p) for p in mention.patients)
    if mention.type in ("arrest", "charge", "conviction"):
        if mention.form == "nominal" and mention.type == "charge":
            gov = mention.clause.lemma_.lower()
            charged_people = any(person_like(p) for p in pobj(tok, "of"))
            if not (pobj(tok, "against") or charged_people or gov in CHARGE_GOVERNORS):
                return False
        if mention.form == "nominal" and not mention.patients and mention.agent is None:
            return False
        if (
            mention.form == "nominal"
            and lemma in PERSON_ONLY_ARREST_NOUNS
            and not any(person_like(p) or diplomatic(p) for p in mention.patients)
        ):
            return False  # "the capture of a town": no person taken
        if lemma in EXECUTION_VERBS and not any(
            person_like(p) or diplomatic(p) for p in mention.patients
        ):
            return False  # "executed a search warrant", "hanged a banner": no person
        offence = _offence_context(tok)
        if offence is not None:
            return offence
        accused_people = any(diplomatic(p) or p.ent_type_ == "PERSON" for p in mention.patients)
        if lemma == "charge" and mention.form == "active" and not pobj(tok, "with"):
            # "charge" without "with": an accusation, unless people are its object
            return accused_people and _espionage_tied(sent, previous)
        return _espionage_tied(sent, previous)
    if mention.type == "recall":
        if mention.agent is None and tok.dep_ in ("csubj", "nsubj", "csubjpass"):
            return False  # "Recalling an ambassador is a signal…": a generic statement
        if any(
            p.lemma_.lower() in DIPLOMATIC_NOUNS | RECALL_PATIENT_NOUNS or p.ent_type_ == "PERSON"
            for p in mention.patients
        ):
            return True
        if _envoys_referred_to(mention, previous):
            return True
        # "despite being recalled from Brussels, Russia …": only envoys are recalled from a
        # capital or country; the participle's understood subject is the envoy
        return (
            lemma == "recall"
            and mention.form == "passive"
            and mention.host_place is not None
            and mention.host_place.ent_type_ == "GPE"
            and all(p.ent_type_ in ("GPE", "NORP") for p in mention.patients)
        )
    # closure
    if lemma in STATUS_VERBS:
        return True
    premises = [
        p
        for p in (c for q in mention.patients for c in counted(q))
        if p.lemma_.lower() in PREMISES_NOUNS
        or any(c.lemma_.lower() in PREMISES_NOUNS for c in p.children)
    ]
    return (bool(premises) and mention.form != "nominal") or (
        (mention.form == "nominal" and bool(premises)) and mention.agent is not None
    )


def _envoys_referred_to(mention: Mention, previous: list[Span]) -> bool:
    """ "China … had chosen to withdraw them": a pronoun the sentence leaves open stands for
    the envoys when the sentences tied to it (its paragraph, the headline) name them."""
    pronouns = [p for p in mention.patients if p.pos_ == "PRON" and p.lower_ in ("him", "them")]
    if not pronouns or len(pronouns) != len(mention.patients):
        return False
    return any(t.lemma_.lower() in DIPLOMATIC_NOUNS - {"agent", "spy"} for s in previous for t in s)


def _gapped_copies(mention: Mention) -> list[Mention]:
    """ "Germany kicked out 40 and France 35": after "and", a place name with a number of its
    own and no verb is a second agent that did the same thing to that many."""
    tok = mention.trigger
    if mention.form != "active" or not mention.patients or mention.agent is None:
        return []
    first = mention.patients[0]
    candidates = [
        c
        for c in tok.subtree
        if c.dep_ in ("dobj", "conj", "appos") and c.i > first.i and c not in mention.patients
    ]
    copies: list[Mention] = []
    for place in candidates:
        if place.ent_type_ != "GPE":
            continue
        numbers = [c for c in place.children if c.dep_ == "nummod" and c.like_num]
        if not numbers or not any(t.lower_ in ("and", ",") for t in tok.doc[first.i : place.i]):
            continue
        copies.append(
            Mention(
                type=mention.type,
                trigger=tok,
                form=mention.form,
                clause=mention.clause,
                agent=place,
                patients=numbers[:1],
                presupposed=mention.presupposed,
                reported=mention.reported,
                strength=mention.strength - 0.1,
            )
        )
    return copies


def _reciprocal(tok: Token) -> bool:
    return "each other" in " ".join(t.lower_ for t in tok.subtree)


def _ellipsis_copies(mention: Mention) -> list[Mention]:
    """ "The Czech Republic expelled a diplomat, as did Moldova": a copy with Moldova as agent;
    "Germany kicked out 40 and France 35" (a gapped verb): a copy with France as agent and
    35 as what it expelled."""
    copies = _gapped_copies(mention)
    for clause in children(mention.trigger, "advcl", "conj"):
        if clause.lemma_.lower() != "do":
            continue
        if clause.dep_ == "advcl" and not any(
            c.dep_ == "mark" and c.lower_ in AS_DID_MARKS for c in clause.children
        ):
            continue
        subj = children(clause, "nsubj")
        if subj:
            copy = Mention(
                type=mention.type,
                trigger=mention.trigger,
                form=mention.form,
                clause=mention.clause,
                agent=subj[0],
                patients=list(mention.patients),
                presupposed=mention.presupposed,
                reported=mention.reported,
                strength=mention.strength - 0.1,
            )
            copies.append(copy)
    return copies
