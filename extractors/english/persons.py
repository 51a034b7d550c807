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
    DEFINITE_DETERMINERS,
    INSTITUTION_NOUNS,
    LISTING_VERBS,
    MEMBER_PREPS,
    NAMING_VERBS,
    OFFICIAL_TITLES,
    ORIGIN_PREPS,
    PEOPLE_NOUNS,
    PERSON_REFERENCES,
    PERSONAL_PRONOUNS,
    PLACE_PARTICIPLES,
    PLURAL_PERSON_REFERENCES,
)

# Entity labels a person's name is never given (a wrong ORG or no label may still be one).
_NOT_PERSON_LABELS = frozenset(
    {
        "GPE",
        "NORP",
        "LOC",
        "FAC",
        "DATE",
        "TIME",
        "CARDINAL",
        "ORDINAL",
        "MONEY",
        "QUANTITY",
        "PERCENT",
        "LAW",
        "EVENT",
        "PRODUCT",
        "WORK_OF_ART",
        "LANGUAGE",
    }
)


def _add(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


def mention_persons(mention: Mention) -> list[str]:
    """Named people who are the subject of the event (not officials acting on them)."""
    out: list[str] = []
    for patient in mention.patients:
        named_by = _name_of_title(patient)
        if named_by is not None:
            _add(out, named_by)
            continue
        if patient.pos_ in ("PRON", "NOUN") and not any(
            t.ent_type_ == "PERSON" for t in patient.subtree
        ):
            for name in _antecedents(patient):
                _add(out, name)
            continue
        named = _surname_of_named(patient)
        if named is not None:
            _add(out, named)
            continue
        described = _described_name(patient)
        if described is not None:
            _add(out, described)
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
                _add(out, entity_name(ent))
                for other in ent.root.conjuncts:  # "A and B": B mistagged (an ORG) is a person
                    other_name = person_name(other)
                    if other_name is not None and other.i >= ent.end:
                        _add(out, other_name)
    for patient in mention.patients:
        for name in _set_off_names(patient):
            _add(out, name)
    for name in _members(mention):
        _add(out, name)
    return out


# Tokens after which a name set off by commas has ended ("…, Mark Jones, on Sunday").
_NAME_ENDS = frozenset({",", ".", ";", ":", ")", "who", "whom", "whose", "and"})


def _set_off_names(patient: Token) -> list[str]:
    """ "arrested one of its own analysts, Mark Jones, on Sunday", "detained a Ukrainian
    citizen, Yevhen Petrenko, who …": a name set off by a comma right after the patient's
    phrase is in apposition to it, wherever the parser hung it (often on the verb). Not a
    name that goes on to speak or act ("…the man, Smith said"), nor one after a named
    patient (that is a second person, not the patient's name)."""
    if patient.ent_type_ == "PERSON" or patient.pos_ not in ("NOUN", "NUM", "PRON"):
        return []
    if patient.lower_ in PERSONAL_PRONOUNS or patient.lower_ in PLURAL_PERSON_REFERENCES:
        return []
    doc = patient.doc
    comma = patient.right_edge.i + 1
    if comma + 1 >= len(doc) or doc[comma].text != "," or doc[comma].sent != patient.sent:
        return []
    start = doc[comma + 1]
    while start.lemma_.lower() in OFFICIAL_TITLES | PERSON_REFERENCES or (
        start.pos_ == "PROPN" and start.ent_type_ != "PERSON" and start.i < comma + 4
    ):  # "the attaché, Air Commodore A. Coghill": a title before the name
        if start.i + 1 >= len(doc):
            return []
        start = doc[start.i + 1]
    if start.ent_type_ != "PERSON" or start.ent_iob_ != "B":
        return []
    ent = next((e for e in doc.ents if e.start == start.i), None)
    if ent is None or ent.root.dep_ in ("nsubj", "nsubjpass") or _acting(ent.root):
        return []
    if any(doc[i].lemma_.lower() in ACTING_TITLES for i in range(comma + 1, start.i)):
        return []  # "…, Prosecutor X, said": an official, not the patient
    if ent.end < len(doc) and doc[ent.end].lower_ not in _NAME_ENDS:
        return []
    name = person_name(ent.root)
    return [name] if name is not None else []


def person_name(tok: Token) -> str | None:
    """The person's name headed by ``tok``: its PERSON entity, else (a name the parser
    tagged wrongly, "Subhash Jangir" as an ORG) two or more capitalised proper nouns that no
    state, place or agency is, with a leading title ("Ambassador") left out."""
    if tok.ent_type_ == "PERSON":
        ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
        if ent is None or any(t.lemma_.lower() in INSTITUTION_NOUNS for t in ent):
            return None  # "the Embassy" tagged a PERSON
        return entity_name(ent)
    if tok.pos_ != "PROPN" or tok.ent_type_ in _NOT_PERSON_LABELS:
        return None
    start = tok.i
    while start > tok.sent.start:
        before = tok.doc[start - 1]
        if before.dep_ != "compound" or before.head.i not in range(start, tok.i + 1):
            break
        if before.pos_ != "PROPN" or before.ent_type_ in _NOT_PERSON_LABELS:
            break  # "the Czech Jaroslav Javorský": the name starts after the demonym
        start -= 1
    words = [
        t
        for t in tok.doc[start : tok.i + 1]
        if t.lemma_.lower() not in OFFICIAL_TITLES | PERSON_REFERENCES
    ]
    if len(words) < 2 or words[-1].i != tok.i:
        return None
    if any(t.lemma_.lower() in INSTITUTION_NOUNS for t in words):
        return None  # "the Foreign Ministry", "Westminster Magistrates Court": no person
    for t in words:
        if (
            t.pos_ != "PROPN"
            or not t.text[:1].isupper()
            or t.ent_type_ in _NOT_PERSON_LABELS
            or t.ent_id_
        ):
            return None
    return str(tok.doc[words[0].i : tok.i + 1].text)


def entity_name(ent: Span) -> str:
    """The name a PERSON entity holds, without the lower-case words the tagger ran on into
    ("Aleksander K. under Polish privacy rules" tagged "Aleksander K. under")."""
    end = ent.end
    while end - 1 > ent.start and ent.doc[end - 1].text[:1].islower():
        end -= 1
    return str(ent.doc[ent.start : end].text)


def _name_of_title(patient: Token) -> str | None:
    """ "Igor Sutyagin, an arms control researcher convicted of …", "declared Ambassador
    Dennis Horak persona non grata": the patient is a title or description of a name (in
    apposition to it or a word of it); the name is the person."""
    if patient.dep_ not in ("appos", "compound") or patient.pos_ not in ("NOUN", "PROPN"):
        return None
    if patient.dep_ == "compound" and patient.lemma_.lower() not in (
        OFFICIAL_TITLES | PERSON_REFERENCES
    ):
        return None
    return person_name(patient.head)


def _members(mention: Mention) -> list[str]:
    """ "ordered six diplomats, among them Stewart Wheeler", "the chargé, along with two
    officials, A and B": names in a phrase of members of the group acted on."""
    names: list[str] = []
    heads = {mention.trigger, mention.clause, *mention.patients}
    tops = [  # the phrases that name members
        p for h in heads for p in h.children if p.dep_ == "prep" and p.lower_ in MEMBER_PREPS
    ]
    for prep in mention.trigger.sent:
        if prep.dep_ != "prep" or prep.lower_ not in MEMBER_PREPS or prep.head in heads:
            continue
        if any(c.lower_ in PLURAL_PERSON_REFERENCES for c in prep.children):
            # "among them acting High Commissioner X": "among them" hung on the word after it
            tops.extend(c for c in prep.head.children if c.i > prep.i)
    for top in tops:
        for tok in top.subtree:
            if tok.dep_ in ("pobj", "appos", "conj", "dobj", "attr") or tok.ent_iob_ == "B":
                name = person_name(tok)
                if name is not None and name not in names:
                    names.append(name)
    return names


def named_later(sent: Span) -> list[str]:
    """Names a sentence gives to people reported before it: "…identified them as A, B and
    C", "The man was named as A", "The ten included A; B; …", "They were A, a researcher,
    and B", "Among them was the consul general, A"."""
    names: list[str] = []
    for tok in sent:
        if tok.lemma_.lower() in NAMING_VERBS and tok.pos_ == "VERB":
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ == "as":
                    for pobj in prep.children:
                        for head in (pobj, *pobj.conjuncts):
                            _add_name(names, person_name(head))
    if _lists_people(sent.root):
        for tok in sent[sent.root.i - sent.start + 1 :]:
            if tok.ent_type_ == "PERSON":
                listed = tok.ent_iob_ == "B"
            else:  # a name the parser tagged wrongly, where the list puts a person
                listed = tok.dep_ in ("attr", "conj", "appos")
            origin = tok.head.lower_ in ORIGIN_PREPS  # "the Murphys from Montclair"
            if listed and not origin and not _in_clause(tok) and not _acting(_name_root(tok)):
                _add_name(names, person_name(tok))
    return names


def referent_names(sent: Span) -> list[str]:
    """Names a sentence gives, as its subject, to a person the story reported before: "The
    suspect, Dieter S., allegedly scouted …", "The suspect, identified only by his surname
    Kim, …", "The 45-year-old, Artem D., was held …", "Orlin Roussev, 46, ran the cell …"
    (a name with the age news gives the people of its story)."""
    names: list[str] = []
    for subj in sent:
        if subj.dep_ not in ("nsubj", "nsubjpass"):
            continue
        clause = subj.head
        if clause.dep_ == "ccomp" and clause.head.dep_ == "ROOT":
            clause = clause.head  # "A, 46, ran the cell, the court heard": what was told
        if _in_clause(clause):
            continue
        if subj.ent_type_ == "PERSON":
            root = _name_root(subj)
            if root != subj or _acting(root):
                continue
            aged = any(c.dep_ == "appos" and c.like_num for c in subj.children)
            the_aged = any(  # "The 45-year-old, A B,": the age and article before the name
                c.lower_ == "old"
                and any(d.lower_ == "the" for d in subj.doc[c.left_edge.i - 1 : c.i])
                for c in subj.children
            )
            if aged or the_aged:
                _add_name(names, person_name(subj))
            continue
        definite = any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in subj.children)
        if not definite or subj.lemma_.lower() not in PERSON_REFERENCES:
            continue
        for child in subj.children:
            if child.dep_ == "appos":
                _add_name(names, person_name(child))
            if child.dep_ == "acl" and child.lemma_.lower() in NAMING_VERBS:
                # "identified only by his surname Kim", "named only as Thomas H."
                for tok in child.subtree:
                    if tok.ent_type_ == "PERSON" and tok.ent_iob_ == "B":
                        _add_name(names, person_name(_name_root(tok)))
    return names


def _in_clause(tok: Token) -> bool:
    """Is ``tok`` in a clause of its own within the sentence ("A, who was filmed pulling the
    hair of B", "A, a researcher convicted of spying for C")? Names there are other people."""
    node = tok
    while node.head != node:
        if node.dep_ in ("relcl", "acl", "advcl", "ccomp"):
            return True
        node = node.head
    return False


def _name_root(tok: Token) -> Token:
    """The syntactic head of the PERSON entity ``tok`` is in (else ``tok``)."""
    if tok.ent_type_ == "PERSON":
        ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
        if ent is not None:
            return ent.root
    return tok


def _add_name(names: list[str], name: str | None) -> None:
    if name is not None and name not in names:
        names.append(name)


def _lists_people(root: Token) -> bool:
    """Is the sentence of ``root`` a list of people reported before ("The ten included …",
    "They were …", "Among them was …")?"""
    if root.lemma_.lower() not in LISTING_VERBS:
        return False
    for child in root.children:
        members = child.dep_ == "prep" and child.lower_ in MEMBER_PREPS
        if members and any(c.lower_ in PLURAL_PERSON_REFERENCES for c in child.children):
            return True
        if child.dep_ in ("nsubj", "nsubjpass"):
            if child.lower_ in PLURAL_PERSON_REFERENCES:
                return True
            definite = any(
                c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS for c in child.children
            )
            people = child.like_num or child.lemma_.lower() in PEOPLE_NOUNS  # "The ten"
            if definite and people:
                return True
    return False


def _beside_patient(tok: Token, head: Token) -> bool:
    """Is ``tok`` in a relative clause of the patient ("a man who told his wife he dreamed of
    being James Bond"), a phrase added to a named patient ("Howard Phillips, of Harlow") or
    the patient's origin ("a man from Kent")?
    Names there are other people or places, not the person acted on."""
    node = tok
    listed_after_place = False  # "two men from Rajasthan, A and B": A hung on the place
    while node != head and node.head != node:
        if node.dep_ == "relcl":
            return True
        if node.dep_ in ("conj", "appos") and node.head.ent_type_ in ("GPE", "LOC"):
            listed_after_place = True
        added = head.ent_type_ == "PERSON" or node.lower_ in ORIGIN_PREPS
        if node.dep_ == "prep" and node.head == head and added:
            return not (listed_after_place and node.lower_ in ORIGIN_PREPS)
        node = node.head
    return False


def _described_name(patient: Token) -> str | None:
    """ "detained Mehmood Akhtar, a staff member of the High Commission": a name the tagger
    took for an organisation, acted on and described in apposition by a common noun, is a
    person's."""
    if patient.pos_ != "PROPN" or patient.ent_type_ == "PERSON":
        return None
    if any(t.ent_type_ == "PERSON" for t in patient.subtree):
        return None
    if not any(c.dep_ == "appos" and c.pos_ == "NOUN" for c in patient.children):
        return None
    return person_name(patient)


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


def _antecedents(patient: Token) -> list[str]:
    """The named person "he", "her" or "the engineer" refers back to: the latest person named
    in the sentence before the patient, else in the few sentences before it, who is not an
    official acting (a minister, a judge). "They" and "both" refer back to every person of
    the nearest sentence that names some."""
    definite = patient.pos_ in ("NOUN",) and any(
        c.dep_ == "det" and c.lower_ in ("the", "this") for c in patient.children
    )
    plural = patient.lower_ in PLURAL_PERSON_REFERENCES
    if (
        not plural
        and patient.lower_ not in PERSONAL_PRONOUNS
        and not (definite and patient.lemma_.lower() in PERSON_REFERENCES)
    ):
        return []
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
        people = [
            name
            for tok in span
            if (tok.ent_iob_ == "B" and tok.ent_type_ == "PERSON")
            or (tok.dep_ in ("nsubj", "nsubjpass") and tok.ent_type_ != "PERSON")
            if tok.head.lower_ not in ORIGIN_PREPS
            if (name := person_name(tok)) is not None and not _acting(_name_root(tok))
        ]
        if people:
            return list(dict.fromkeys(people)) if plural else [people[-1]]
    return []


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
