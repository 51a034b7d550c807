"""Event mentions in English sentences, from the dependency parse.

A mention is a trigger (a verb or its nominalisation: expel/expulsion, arrest, charge/indict,
convict/sentence/jail, recall/withdraw, close) with its agent and affected noun phrases. A
trigger that is negated, modal ("could expel"), embedded under a call, threat, plan or denial
("threatened to expel", "called for the expulsion"), conditional, a question or about the
future is not an event. Arrests, charges and convictions need an espionage context in the
sentence (or the sentences tied to it); expulsions need diplomats or officials as the object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from spacy.tokens import Span, Token

from nongrata.extractors.english.lexicon import (
    _TRIGGER_RE,
    ARREST_NOUNS,
    ARREST_VERBS,
    CHARGE_NOUNS,
    CHARGE_VERBS,
    CLOSE_VERBS,
    CLOSURE_NOUNS,
    CONVICT_NOUNS,
    CONVICT_VERBS,
    DEPORT_VERBS,
    DIPLOMATIC_NOUNS,
    ESPIONAGE_LEMMAS,
    ESPIONAGE_RE,
    EXECUTION_VERBS,
    EXPEL_NOUNS,
    EXPEL_VERBS,
    HOME_VERBS,
    LEAVE_GOVERNORS,
    LEAVE_VERBS,
    MEMBERSHIP_NOUNS,
    NON_ESPIONAGE_LEMMAS,
    ORDERING_VERBS,
    OUT_VERBS,
    PEOPLE_NOUNS,
    RECALL_HOME_VERBS,
    RECALL_NOUNS,
    RECALL_VERBS,
    RELEASE_VERBS,
    STATUS_VERBS,
)
from nongrata.types import EventType

Form = Literal["active", "passive", "nominal"]


def has_trigger(text: str) -> bool:
    """Cheap test (no NLP): does ``text`` contain any English event trigger word?"""
    return _TRIGGER_RE.search(text) is not None


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


def _children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _with_conjuncts(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for t in tokens:
        for x in (t, *t.conjuncts):
            if x not in out:
                out.append(x)
    return out


def _pobj(tok: Token, *preps: str) -> list[Token]:
    found: list[Token] = []
    for prep in tok.children:
        if prep.dep_ in ("prep", "agent", "dative") and prep.lower_ in preps:
            found.extend(_children(prep, "pobj", "pcomp"))
    return found


def _has_prt(tok: Token, *words: str) -> bool:
    return any(c.dep_ in ("prt", "advmod", "prep") and c.lower_ in words for c in tok.children)


def is_passive(tok: Token) -> bool:
    if _children(tok, "nsubjpass", "auxpass", "csubjpass"):
        return True
    return tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod") and tok.head.pos_ in ("NOUN", "PROPN")


def _subject(verb: Token) -> Token | None:
    """The subject of ``verb``, inherited through xcomp/conj/advcl chains."""
    cur: Token | None = verb
    for _ in range(4):
        if cur is None:
            return None
        subj = _children(cur, "nsubj")
        if subj:
            return subj[0]
        if cur.dep_ in ("xcomp", "conj", "advcl", "pcomp") and cur.head is not cur:
            cur = cur.head
            if cur.dep_ == "prep":
                cur = cur.head
            continue
        if cur.dep_ == "acl" and cur.head.pos_ == "NOUN":
            # "Prague's decision to order out an envoy": the decision's owner acts
            poss = _children(cur.head, "poss")
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
        return any(diplomatic(p) for p in _pobj(tok, "of")) or tok.dep_ in ("dobj", "nsubjpass")
    # "the attache", "High Commissioner" compounds: any diplomatic word inside the phrase head
    return any(c.dep_ == "compound" and c.lemma_.lower() in DIPLOMATIC_NOUNS for c in tok.children)


def _expelled_from_membership(verb: Token) -> bool:
    return any(p.lemma_.lower() in MEMBERSHIP_NOUNS for p in _pobj(verb, "from"))


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


# Trigger detection ---------------------------------------------------------------------


def negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" or c.lower_ in ("never", "not") for c in tok.children):
        return True
    for subj in _children(tok, "nsubj", "nsubjpass", "dobj"):
        if subj.lower_ in ("none", "nobody", "nothing") or any(
            c.dep_ == "det" and c.lower_ == "no" for c in subj.children
        ):
            return True
    return any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children)


def _png_governor(sent: Span) -> list[Token]:
    """Verbs governing "persona non grata" in the sentence ("declared … persona non grata"):
    the nearest full verb to its left (the Latin words themselves are often mis-tagged)."""
    found: list[Token] = []
    for tok in sent:
        if tok.lower_ not in ("persona", "personae"):
            continue
        if tok.i + 1 >= sent.end or tok.doc[tok.i + 1].lower_ != "non":
            continue
        left = [
            t
            for t in tok.doc[sent.start : tok.i]
            if t.pos_ == "VERB" and t.lemma_ != "be" and t.tag_ != "MD"
        ]
        if left and left[-1] not in found:
            found.append(left[-1])
    return found


def _leave_governor(tok: Token) -> Token | None:
    """For "leave" in "ordered him to leave" / "gave him six days to leave": the governor."""
    cur = tok
    for _ in range(3):
        head = cur.head
        if head is cur:
            return None
        if head.lemma_.lower() in LEAVE_GOVERNORS:
            return head
        if head.pos_ == "NOUN" and head.lemma_.lower() in ("hour", "day", "week", "deadline"):
            cur = head
            continue
        return None
    return None


def triggers(sent: Span) -> list[tuple[Token, EventType, Form]]:
    """Trigger tokens of the sentence with their event type and form (before gating)."""
    found: list[tuple[Token, EventType, Form]] = []
    seen: set[int] = set()

    def add(tok: Token, etype: EventType, form: Form) -> None:
        if tok.i not in seen:
            seen.add(tok.i)
            found.append((tok, etype, form))

    for gov in _png_governor(sent):
        add(gov, "expulsion", "passive" if is_passive(gov) else "active")
    for tok in sent:
        lemma = tok.lemma_.lower()
        verb = tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")
        noun = tok.pos_ in ("NOUN", "PROPN") and not verb
        form: Form = "passive" if verb and is_passive(tok) else "active"
        if _strips_status(tok, verb):
            add(tok, "closure", form)  # "withdrew diplomatic status from the villa"
        elif verb and lemma in EXPEL_VERBS and not _expelled_from_membership(tok):
            add(tok, "expulsion", form)
        elif noun and lemma in EXPEL_NOUNS:
            add(tok, "expulsion", "nominal")
        elif verb and lemma in LEAVE_VERBS:
            governor = _leave_governor(tok)
            if governor is not None:
                add(governor, "expulsion", "passive" if is_passive(governor) else "active")
        elif (
            (verb and lemma in OUT_VERBS and _has_prt(tok, "out"))
            or (verb and lemma in HOME_VERBS and _has_prt(tok, "home", "back"))
            or (verb and lemma in DEPORT_VERBS and lemma == "deport")
        ):
            add(tok, "expulsion", form)
        elif verb and lemma in RELEASE_VERBS:
            add(tok, "expulsion", form)  # a release in a swap (gated by ``mentions``)
        elif (verb and lemma in ARREST_VERBS) or (
            verb and lemma == "take" and any(p.lower_ == "custody" for p in _pobj(tok, "into"))
        ):
            add(tok, "arrest", form)
        elif noun and lemma in ARREST_NOUNS:
            add(tok, "arrest", "nominal")
        elif verb and lemma in CHARGE_VERBS:
            add(tok, "charge", form)
        elif noun and lemma in CHARGE_NOUNS:
            add(tok, "charge", "nominal")
        elif (
            (verb and lemma in CONVICT_VERBS)
            or (verb and lemma in EXECUTION_VERBS)
            or (
                verb
                and lemma in ("find", "plead")
                and any(c.lower_ == "guilty" and not negated(c) for c in tok.children)
                and not negated(tok)
            )
        ):
            add(tok, "conviction", form)
        elif (
            verb
            and lemma == "carry"
            and _has_prt(tok, "out")
            and any(
                c.dep_ == "dobj" and c.lemma_.lower() in ("sentence", "execution")
                for c in tok.children
            )
        ):
            # "carried out the death sentence against X": an execution, so a conviction
            add(tok, "conviction", form)
        elif (
            verb
            and lemma in ("get", "receive")
            and any(
                c.dep_ == "dobj" and c.lemma_.lower() in ("year", "month", "sentence", "term")
                for c in tok.children
            )
        ):
            add(tok, "conviction", "active")
        elif noun and lemma in CONVICT_NOUNS:
            add(tok, "conviction", "nominal")
        elif (verb and lemma in RECALL_VERBS) or (
            verb
            and lemma in RECALL_HOME_VERBS
            and _has_prt(tok, "home", "back")
            and tok.dep_ not in ("xcomp", "acl")  # "his duty to bring her back": no report
        ):
            add(tok, "recall", form)
        elif noun and lemma in RECALL_NOUNS:
            add(tok, "recall", "nominal")
        elif verb and lemma in CLOSE_VERBS:
            add(tok, "closure", form)
        elif noun and lemma in CLOSURE_NOUNS:
            add(tok, "closure", "nominal")
    return found


def _strips_status(tok: Token, verb: bool) -> bool:
    """A verb that takes diplomatic status away ("stripped of diplomatic status", "remove
    diplomatic status from two buildings")."""
    if not verb or tok.lemma_.lower() not in STATUS_VERBS:
        return False
    if "diplomatic status" not in tok.sent.text.lower():
        return False
    return any(c.lemma_.lower() == "status" for c in tok.subtree)


# Structure ------------------------------------------------------------------


def _resolve_pronoun_patient(tok: Token) -> Token:
    """ "him"/"them" → the nearest preceding diplomat or person noun in the sentence."""
    if tok.pos_ != "PRON":
        return tok
    for cand in reversed(list(tok.sent[: tok.i - tok.sent.start])):
        if cand.pos_ in ("NOUN", "PROPN") and diplomatic(cand):
            return cand
    return tok


def _structure(tok: Token, etype: EventType, form: Form) -> Mention:
    shared = _shared_passive_subject(tok) if form == "active" else []
    if shared:
        # "were detained on Monday and charged with spying": the conjunct's subject
        mention = Mention(type=etype, trigger=tok, form="passive", clause=tok)
        mention.patients = _with_conjuncts(shared)
        agents = _pobj(tok, "by")
        mention.agent = agents[0] if agents else None
        return _places(mention)
    mention = Mention(type=etype, trigger=tok, form=form, clause=tok)
    if form == "nominal":
        mention.presupposed = True
        poss = _children(tok, "poss")
        by = _pobj(tok, "by")
        mention.agent = poss[0] if poss else (by[0] if by else None)
        ordered = tok.dep_ == "dobj" and tok.head.lemma_.lower() in ORDERING_VERBS
        if mention.agent is None and ordered:
            # "Poland ordered the closure of …": who orders or announces the measure acts
            mention.agent = _subject(tok.head)
            mention.presupposed = False  # the clause reports the measure itself
        patients = _pobj(tok, "of", "against")
        if not patients:
            # "Russia's detention and expulsion of the consul": the "of" hangs on a conjunct
            for other in tok.conjuncts:
                patients = _pobj(other, "of", "against")
                if patients:
                    break
        if not patients:
            patients = _of_after_date(tok)
        mention.patients = _with_conjuncts(patients)
        head = tok.head
        while head.dep_ in ("prep", "pobj", "dobj", "conj") and head.head is not head:
            if head.pos_ in ("VERB", "AUX"):
                break
            head = head.head
        mention.clause = head if head.pos_ in ("VERB", "AUX") else tok
        mention.strength = 0.65
        return mention
    if form == "passive":
        subj = _children(tok, "nsubjpass")
        if subj:
            mention.patients = _with_conjuncts(subj)
        elif tok.dep_ in ("acl", "amod", "relcl") and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
            mention.patients = [tok.head]
            mention.presupposed = True
        elif tok.dep_ == "relcl":
            mention.patients = [tok.head]
        else:
            # "despite being recalled…": the matrix subject is the one affected
            matrix = tok.head.head if tok.head.dep_ == "prep" else tok.head
            subj2 = _children(matrix, "nsubj", "nsubjpass")
            mention.patients = subj2[:1]
        agents = _pobj(tok, "by")
        mention.agent = agents[0] if agents else None
        if tok.dep_ == "relcl":
            mention.presupposed = True
        mention.strength = 0.8
    else:
        mention.agent = _subject(tok)
        if (
            etype in ("arrest", "charge", "conviction")
            and mention.agent is not None
            and person_like(mention.agent)
            and not _children(tok, "dobj")
        ):
            # headline style "Three men found guilty of…", "Leader of spy ring jailed"
            mention.form = "passive"
            mention.patients = _with_conjuncts([mention.agent])
            mention.agent = None
            mention.strength = 0.75
            return _places(mention)
        objs = _children(tok, "dobj", "dative")
        if tok.lemma_.lower() in LEAVE_GOVERNORS and tok.lemma_.lower() != "order":
            objs = _children(tok, "dative") or _children(tok, "dobj")
        if (
            not objs
            and etype == "closure"
            and tok.dep_ == "xcomp"
            and tok.head.lemma_.lower() in LEAVE_GOVERNORS
        ):
            # "ordered the consulate to shut": the premises are the governor's object
            objs = _children(tok.head, "dobj")
        mention.patients = _with_conjuncts(
            [
                o
                for o in objs
                if o.lemma_.lower() not in ("day", "hour", "week", "deadline", "ultimatum")
            ]
        )
        if etype == "conviction" and tok.lemma_.lower() == "carry":
            against = [p for o in objs for p in _pobj(o, "against", "on")]
            mention.patients = _with_conjuncts(against) or mention.patients
        if not mention.patients and tok.dep_ == "relcl":
            mention.patients = [tok.head]
        if tok.dep_ == "relcl":
            mention.presupposed = True
        mention.strength = 0.9
    return _places(mention)


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
    return _children(prep, "pobj")


def _shared_passive_subject(tok: Token) -> list[Token]:
    """The passive subject a participle conjunct shares with the verb it is coordinated with."""
    if tok.dep_ != "conj" or tok.tag_ not in ("VBN", "VBD"):
        return []
    if _children(tok, "nsubj", "nsubjpass", "dobj", "aux"):
        return []
    if not _children(tok.head, "auxpass"):
        return []
    return _children(tok.head, "nsubjpass")


def person_like(tok: Token) -> bool:
    if tok.ent_type_ == "PERSON" or (tok.ent_type_ == "NORP" and tok.tag_ in ("NNS", "NNPS")):
        return True
    return tok.lemma_.lower() in PEOPLE_NOUNS


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
            return _with_conjuncts(heads[:1])
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
    places = _pobj(tok, "from", "in")
    for out in _children(tok, "prt", "advmod", "prep"):
        if out.lower_ == "out":
            places += _pobj(out, "of")  # "ordered 60 Russians out of the United States"
    for xcomp in _children(tok, "xcomp", "advcl"):
        if xcomp.lemma_.lower() in LEAVE_VERBS:
            places += _children(xcomp, "dobj")
    if tok.lemma_.lower() in LEAVE_VERBS:
        places += _children(tok, "dobj")
    mention.actor_place = places[0] if places else None
    host = _pobj(tok, "from")
    for p in mention.patients:
        host += _pobj(p, "to")
    mention.host_place = host[0] if host else None
    return mention
