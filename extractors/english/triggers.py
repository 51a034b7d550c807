"""Trigger words in an English sentence, from the parse: each with its event type and form
(active, passive or nominal), before any gating ("persona non grata" and "ordered to leave"
are expulsions by their governing verb; "found guilty", "got six years" and "carried out the
sentence" are convictions)."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Span, Token

from nongrata.extractors.english.events import (
    Form,
    children,
    diplomatic,
    expelled_from_membership,
    has_prt,
    is_passive,
    negated,
    pobj,
)
from nongrata.extractors.english.lexicon import (
    ACCREDITATION_NOUNS,
    ARREST_NOUNS,
    ARREST_VERBS,
    CARRIED_OUT_NOUNS,
    CHARGE_NOUNS,
    CHARGE_VERBS,
    CLOSE_VERBS,
    CLOSURE_NOUNS,
    CONVICT_NOUNS,
    CONVICT_VERBS,
    DEADLINE_NOUNS,
    DEADLINE_PREPS,
    DEPORT_VERBS,
    EXECUTION_VERBS,
    EXPEL_NOUNS,
    EXPEL_VERBS,
    GUILTY_VERBS,
    HOME_VERBS,
    LEAVE_GOVERNORS,
    LEAVE_TIME_PREPS,
    LEAVE_VERBS,
    OBLIGATION_MODALS,
    OBLIGATION_VERBS,
    OUT_VERBS,
    RECALL_HOME_VERBS,
    RECALL_NOUNS,
    RECALL_OUT_VERBS,
    RECALL_VERBS,
    RELEASE_VERBS,
    SENTENCE_GIVING_VERBS,
    SENTENCE_NOUNS,
    SENTENCE_RECEIVING_VERBS,
    STAFF_CUT_NOUNS,
    STAFF_CUT_VERBS,
    STATUS_VERBS,
)
from nongrata.types import EventType


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
    """For "leave" in "ordered him to leave" / "gave him six days to leave" / "was given
    until the end of the week to leave": the governor."""
    cur = tok
    for _ in range(5):
        head = cur.head
        if head is cur:
            return None
        if head.lemma_.lower() in LEAVE_GOVERNORS:
            return head
        if head.pos_ == "NOUN" and head.lemma_.lower() in DEADLINE_NOUNS:
            cur = head
            continue
        if _in_deadline_phrase(head):
            cur = head  # "until the end of the week to leave": the deadline's own words
            continue
        return None
    return None


def _in_deadline_phrase(tok: Token) -> bool:
    """Is ``tok`` a deadline preposition ("until", "by") or the object of one ("until the
    end", "by Friday")?"""
    if tok.dep_ == "prep" and tok.lower_ in LEAVE_TIME_PREPS:
        return True
    return tok.dep_ == "pobj" and tok.head.lower_ in LEAVE_TIME_PREPS


def ordered_staff_cut(tok: Token) -> bool:
    """Is ``tok`` the cut a state is told to make in its mission ("asked Pakistan to cut the
    strength of its High Commission by half", "ordered the embassy to reduce its staff")?"""
    if tok.lemma_.lower() not in STAFF_CUT_VERBS or tok.dep_ != "xcomp":
        return False
    if tok.head.lemma_.lower() not in LEAVE_GOVERNORS:
        return False
    return any(c.dep_ == "dobj" and c.lemma_.lower() in STAFF_CUT_NOUNS for c in tok.children)


def obliged_to_leave(tok: Token) -> Token | None:
    """For "leave" in "all Qatari diplomats must leave the kingdom within 48 hours" or "the
    envoys have 72 hours to leave": the verb whose subject is the diplomats ordered out (an
    order told by its deadline; "diplomats must leave", with no deadline, is a call)."""
    if tok.lemma_.lower() not in LEAVE_VERBS:
        return None
    holder = tok
    if any(c.dep_ == "aux" and c.lemma_.lower() in OBLIGATION_MODALS for c in tok.children):
        if not _deadline(tok):
            return None
    else:
        noun = tok.head
        holder = noun.head
        if not (
            tok.dep_ in ("acl", "relcl", "xcomp")
            and noun.lemma_.lower() in DEADLINE_NOUNS | {"until"}
            and holder.lemma_.lower() in OBLIGATION_VERBS
            and holder is not noun
        ):
            return None
    subjects = children(holder, "nsubj")
    if not subjects or not diplomatic(subjects[0]) or negated(holder):
        return None
    return holder


def _deadline(tok: Token) -> bool:
    """Does a deadline go with ``tok`` ("within 48 hours", "by Friday", "immediately")?"""
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in DEADLINE_PREPS:
            return True
        if child.lower_ == "immediately":
            return True
    return False


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
        elif verb and accreditation_holders(tok) is not None:
            add(tok, "expulsion", form)  # "stripped a Russian diplomat of his accreditation"
        elif verb and lemma in EXPEL_VERBS and not expelled_from_membership(tok):
            add(tok, "expulsion", form)
        elif noun and lemma in EXPEL_NOUNS:
            add(tok, "expulsion", "nominal")
        elif verb and lemma in LEAVE_VERBS:
            governor = _leave_governor(tok)
            if governor is not None:
                add(governor, "expulsion", "passive" if is_passive(governor) else "active")
            else:
                obliged = obliged_to_leave(tok)
                if obliged is not None:
                    add(obliged, "expulsion", "passive")
        elif (
            (verb and lemma in OUT_VERBS and has_prt(tok, "out"))
            or (verb and lemma in HOME_VERBS and has_prt(tok, "home", "back"))
            or (verb and lemma in DEPORT_VERBS)
        ):
            add(tok, "expulsion", form)
        elif verb and ordered_staff_cut(tok):
            add(tok, "expulsion", form)  # "asked Pakistan to cut its mission's staff by half"
        elif verb and lemma in RELEASE_VERBS:
            add(tok, "expulsion", form)  # a release in a swap (gated by ``mentions``)
        else:
            typed = _typed(tok, lemma, verb, noun, form)
            if typed is not None:
                add(tok, *typed)
    return found


def _typed(
    tok: Token, lemma: str, verb: bool, noun: bool, form: Form
) -> tuple[EventType, Form] | None:
    """An arrest, charge, conviction, recall or closure trigger: its type and form (a verb of
    the type's, else a noun of its nominalisations, type by type in this order)."""
    table: tuple[tuple[EventType, Callable[[], Form | None], frozenset[str]], ...] = (
        ("arrest", lambda: form if _arrests(tok, lemma) else None, ARREST_NOUNS),
        ("charge", lambda: form if lemma in CHARGE_VERBS else None, CHARGE_NOUNS),
        ("conviction", lambda: _convicts(tok, lemma, form), CONVICT_NOUNS),
        ("recall", lambda: form if _recalls(tok, lemma) else None, RECALL_NOUNS),
        ("closure", lambda: form if lemma in CLOSE_VERBS else None, CLOSURE_NOUNS),
    )
    for etype, verb_form, nouns in table:
        found = verb_form() if verb else None
        if found is not None:
            return etype, found
        if noun and lemma in nouns:
            return etype, "nominal"
    return None


def _arrests(tok: Token, lemma: str) -> bool:
    """ "arrested", "detained", "taken into custody"."""
    if lemma in ARREST_VERBS:
        return True
    return lemma == "take" and any(p.lower_ == "custody" for p in pobj(tok, "into"))


def _convicts(tok: Token, lemma: str, form: Form) -> Form | None:
    """The form of a conviction verb: "convicted", "jailed", "executed", "found guilty",
    "carried out the death sentence" (an execution), "got six years" (active)."""
    if lemma in CONVICT_VERBS or lemma in EXECUTION_VERBS:
        return form
    if lemma in GUILTY_VERBS:
        guilty = any(c.lower_ == "guilty" and not negated(c) for c in tok.children)
        return form if guilty and not negated(tok) else None
    if lemma == "carry" and has_prt(tok, "out") and _object_in(tok, CARRIED_OUT_NOUNS):
        return form
    if lemma in SENTENCE_RECEIVING_VERBS and _object_in(tok, SENTENCE_NOUNS):
        return "active"
    if lemma in SENTENCE_GIVING_VERBS and sentence_recipients(tok):
        return form
    return None


def sentence_recipients(tok: Token) -> list[Token]:
    """For a verb giving a sentence ("handed down a 25-year sentence to X", "imposed a
    sentence on X", "gave him ten years", "a sentence was passed on X"): the people
    sentenced; none when the time given is a time to act ("gave the embassy a month to
    leave")."""
    sentences = [
        c
        for c in tok.children
        if c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in SENTENCE_NOUNS
    ]
    verbal = ("acl", "relcl", "xcomp", "advcl")
    if not sentences or any(c.dep_ in verbal for s in [*sentences, tok] for c in s.children):
        return []
    recipients = [c for c in tok.children if c.dep_ == "dative" and c.pos_ != "ADP"]
    return recipients or pobj(tok, "to", "on") or [p for s in sentences for p in pobj(s, "on")]


def _recalls(tok: Token, lemma: str) -> bool:
    """ "recalled", "withdrew", "brought home" (not "his duty to bring her back")."""
    if lemma in RECALL_VERBS:
        return True
    if lemma in RECALL_OUT_VERBS and has_prt(tok, "out"):
        return True  # "pulling its own diplomats out of Qatar"
    return (
        lemma in RECALL_HOME_VERBS
        and has_prt(tok, "home", "back")
        and tok.dep_ not in ("xcomp", "acl")
    )


def _object_in(tok: Token, lemmas: frozenset[str]) -> bool:
    """Is a direct object of ``tok`` one of ``lemmas`` ("got six years")?"""
    return any(c.dep_ == "dobj" and c.lemma_.lower() in lemmas for c in tok.children)


def accreditation_holders(tok: Token) -> list[Token] | None:
    """For a status verb that takes away accreditation: the people whose accreditation it
    is ("stripped a diplomat of his accreditation": the object; "revoked the accreditation
    of two attaches": the "of" phrase; "revoked his accreditation": the owner; [] when the
    sentence names nobody, as in "was stripped of his accreditation" where the passive
    subject is found later); None when ``tok`` takes away no accreditation."""
    if tok.lemma_.lower() not in STATUS_VERBS:
        return None
    if any(p.lemma_.lower() in ACCREDITATION_NOUNS for p in pobj(tok, "of")):
        return [c for c in tok.children if c.dep_ == "dobj"]
    for obj in (c for c in tok.children if c.dep_ == "dobj"):
        if any(p.lemma_.lower() in ACCREDITATION_NOUNS for p in pobj(obj, "of")):
            return [obj]  # the "of" phrase parsed onto the object
        if obj.lemma_.lower() in ACCREDITATION_NOUNS:
            return pobj(obj, "of") or [c for c in obj.children if c.dep_ == "poss"]
    return None


def _strips_status(tok: Token, verb: bool) -> bool:
    """A verb that takes diplomatic status away ("stripped of diplomatic status", "remove
    diplomatic status from two buildings")."""
    if not verb or tok.lemma_.lower() not in STATUS_VERBS:
        return False
    if "diplomatic status" not in tok.sent.text.lower():
        return False
    return any(c.lemma_.lower() == "status" for c in tok.subtree)
