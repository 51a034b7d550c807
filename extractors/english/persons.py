"""The named people an event is about: the arrested, charged, convicted or expelled
persons of a mention (not the officials acting on them), found in the patient noun phrases,
a proper name that repeats a named person's surname, and "he" or "the engineer" referring back
to a person named shortly before.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from nongrata.extractors.english.events import Mention
from nongrata.extractors.english.lexicon import (
    ACTING_TITLES,
    OFFICIAL_TITLES,
    ORIGIN_PREPS,
    PERSON_REFERENCES,
    PERSONAL_PRONOUNS,
    PLACE_PARTICIPLES,
)


def _add(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


def mention_persons(mention: Mention) -> list[str]:
    """Named people who are the subject of the event (not officials acting on them)."""
    out: list[str] = []
    for patient in mention.patients:
        if patient.pos_ in ("PRON", "NOUN") and not any(
            t.ent_type_ == "PERSON" for t in patient.subtree
        ):
            name = _antecedent(patient)
            if name is not None:
                _add(out, name)
            continue
        named = _surname_of_named(patient)
        if named is not None:
            _add(out, named)
            continue
        for head in (patient, *patient.conjuncts):
            for tok in head.subtree:
                if tok.ent_type_ != "PERSON" or tok.ent_iob_ != "B":
                    continue
                ent = next((e for e in tok.doc.ents if e.start == tok.i), None)
                if ent is None or _place_attribute(ent) or _beside_patient(tok, head):
                    continue
                # "expelled Russia's deputy ambassador, Pavel Orlov": the title names the
                # person acted on, not an official acting
                names_patient = ent.root == head or (
                    ent.root.dep_ == "appos" and ent.root.head == head
                )
                if not names_patient and _is_official(ent.root):
                    continue
                _add(out, ent.text)
    return out


def _beside_patient(tok: Token, head: Token) -> bool:
    """Is ``tok`` in a relative clause of the patient ("a man who told his wife he dreamed of
    being James Bond"), a phrase added to a named patient ("Howard Phillips, of Harlow") or
    the patient's origin ("a man from Kent")?
    Names there are other people or places, not the person acted on."""
    node = tok
    while node != head and node.head != node:
        if node.dep_ == "relcl":
            return True
        added = head.ent_type_ == "PERSON" or node.lower_ in ORIGIN_PREPS
        if node.dep_ == "prep" and node.head == head and added:
            return True
        node = node.head
    return False


def _surname_of_named(patient: Token) -> str | None:
    """ "Malhotra, 33, … was arrested": a proper name the parser did not tag as a person,
    that is the last word of a person named earlier in the text, is that person."""
    if patient.pos_ != "PROPN" or patient.ent_type_ == "PERSON":
        return None
    if any(t.ent_type_ == "PERSON" for t in patient.subtree):
        return None
    for ent in reversed(patient.doc.ents):
        if ent.end > patient.i or ent.label_ != "PERSON" or len(ent) < 2:
            continue
        if ent[-1].text == patient.text:
            return str(ent.text)
    return None


def _place_attribute(ent: Span) -> bool:
    """ "a Rampur-based businessman": a name joined by a hyphen to "based" or "born" is the
    place the person comes from, not the person."""
    doc = ent.doc
    return (
        ent.end + 1 < len(doc)
        and doc[ent.end].text == "-"
        and doc[ent.end + 1].lower_ in PLACE_PARTICIPLES
    )


ANTECEDENT_SENTENCES = 4  # how far back "he" may find the person named


def _antecedent(patient: Token) -> str | None:
    """The named person "he", "her" or "the engineer" refers back to: the latest person named
    in the sentence before the patient, else in the few sentences before it, who is not an
    official acting (a minister, a judge)."""
    definite = patient.pos_ in ("NOUN",) and any(
        c.dep_ == "det" and c.lower_ in ("the", "this") for c in patient.children
    )
    if patient.lower_ not in PERSONAL_PRONOUNS and not (
        definite and patient.lemma_.lower() in PERSON_REFERENCES
    ):
        return None
    doc = patient.doc
    sent = patient.sent
    spans = [doc[sent.start : patient.i]]
    cur = sent
    for _ in range(ANTECEDENT_SENTENCES):
        if cur.start == 0:
            break
        cur = doc[cur.start - 1].sent
        spans.append(cur)
    for span in spans:
        people = [e for e in span.ents if e.label_ == "PERSON" and not _acting(e.root)]
        if people:
            return str(people[-1].text)
    return None


def _acting(tok: Token) -> bool:
    """Is the named person one who acts on cases (a minister, a judge, a lawyer)?"""
    titles = [c for c in tok.children if c.dep_ in ("compound", "appos")]
    if tok.dep_ in ("appos", "compound"):
        titles.append(tok.head)
    return any(t.lemma_.lower() in ACTING_TITLES for t in titles)


def _is_official(tok: Token) -> bool:
    related = (tok, tok.head) if tok.dep_ in ("appos", "compound") else (tok,)
    for other in related:
        for child in other.children:
            if child.lemma_.lower() in OFFICIAL_TITLES:
                return True
        if other.lemma_.lower() in OFFICIAL_TITLES:
            return True
    return False
