"""Who did what to whom: actor and target states, persons and counts of a mention.

States come from the dependency parse: the agent noun phrase ("Russia's foreign ministry",
"the British government", "Prague" as a metonym), demonyms on the affected noun phrase
("Belarusian diplomat" → BY), "from X" lists (several targets), passive "by" agents, and for
arrests, charges and convictions the state the person allegedly worked FOR ("spying for
Russia", "a Russian spy ring", "on Iran's instructions"), else the person's nationality.
When the sentence names no actor, the article's dateline or dominant state is used.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from nongrata.extractors.english.events import Mention, diplomatic
from nongrata.extractors.english.gazetteer import (
    Gazetteer,
    agency_from_ent_id,
    state_key_from_ent_id,
)
from nongrata.extractors.english.lexicon import (
    AGENT_NOUNS,
    AUTHORITY_NOUNS,
    BEHALF_NOUNS,
    DIPLOMATIC_NOUNS,
    NUMBER_WORDS,
    ORDER_NOUNS,
    PASSING_VERBS,
    RECRUITING_VERBS,
    SPEECH_VERBS,
    SPONSORING_PARTICIPLES,
    SPY_HEADS,
    STATE_PRONOUNS,
    SUSPICION_HEADS,
    VAGUE_QUANTITIES,
    WATCHING_HEADS,
)

_MODIFIER_DEPS = ("poss", "amod", "compound", "nmod", "npadvmod", "nummod")
_OWN_PREPS = ("of", "from", "at")


@dataclass
class ArticleContext:
    """Article-level facts the role rules fall back on."""

    gazetteer: Gazetteer
    dateline_state: str | None = None
    dominant: Counter[str] = field(default_factory=Counter)
    beneficiaries: Counter[str] = field(default_factory=Counter)
    last_subject_state: str | None = None

    def dominant_except(self, *excluded: str | None) -> str | None:
        for state, _ in self.dominant.most_common():
            if state not in excluded:
                return state
        return None


# Token → state ---------------------------------------------------------------------------


def token_state(tok: Token, gaz: Gazetteer) -> str | None:
    """The state a single token stands for (name, capital, demonym, or an agency's state)."""
    if tok.ent_id_:
        key = state_key_from_ent_id(tok.ent_id_)
        if key is not None:
            return key
        agency = agency_from_ent_id(tok.ent_id_)
        if agency is not None and agency in gaz.agencies:
            return gaz.agencies[agency].country
    if tok.ent_type_ in ("GPE", "NORP"):
        return gaz.state_of(tok.text)
    return None


def np_states(head: Token, gaz: Gazetteer, depth: int = 0) -> list[str]:
    """States a noun phrase names or is modified by, in order; coordinated heads included."""
    out: list[str] = []
    for tok in (head, *head.conjuncts) if depth == 0 else (head,):
        own = token_state(tok, gaz)
        if own is not None:
            _add(out, own)
            continue
        for child in tok.children:
            if child.dep_ in _MODIFIER_DEPS or child.dep_ == "appos":
                for c in (child, *child.conjuncts):
                    state = token_state(c, gaz)
                    if state is not None:
                        _add(out, state)
                    elif depth < 2:
                        for s in np_states(c, gaz, depth + 1):
                            _add(out, s)
            elif child.dep_ == "prep" and child.lower_ in _OWN_PREPS and depth < 2:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        for p in (pobj, *pobj.conjuncts):
                            for s in np_states(p, gaz, depth + 1):
                                _add(out, s)
    return out


def _add(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


def sentence_states(sent: Span, gaz: Gazetteer) -> list[str]:
    out: list[str] = []
    for tok in sent:
        state = token_state(tok, gaz)
        if state is not None and not (tok.ent_id_.startswith("agency:")):
            _add(out, state)
    return out


# Beneficiary of espionage -----------------------------------------------------------------


def beneficiaries(sent: Span, gaz: Gazetteer) -> list[str]:
    """States the sentence says someone spied or acted for: explicit ones ("working for X",
    "on X's behalf", "passed files to X") before a demonym on a spy noun ("a Hungarian spy
    cell working for China" worked for China)."""
    out: list[str] = []
    described: list[str] = []
    for tok in sent:
        if tok.dep_ in ("prep", "dative", "agent") and tok.lower_ in (
            "for",
            "of",
            "to",
            "on",
            "from",
            "by",
        ):
            head = tok.head.lemma_.lower()
            pobjs = [c for c in tok.children if c.dep_ == "pobj"]
            for pobj in pobjs:
                target: Token | None = None
                if (
                    (tok.lower_ == "for" and _spied_for(tok))
                    or (tok.lower_ == "of" and head in AGENT_NOUNS)
                    or (tok.lower_ == "to" and _passes_to(tok.head))
                ):
                    target = pobj
                elif tok.lower_ == "on" and pobj.lemma_.lower() in BEHALF_NOUNS:
                    inner = [c for c in pobj.children if c.dep_ == "poss"]
                    inner += [p for p in pobj.subtree if p.dep_ == "pobj"]
                    target = inner[0] if inner else None
                elif tok.lower_ == "from" and head in ORDER_NOUNS:
                    target = pobj
                elif tok.lower_ == "by" and head in RECRUITING_VERBS:
                    # "a Ukrainian recruited by Russia's FSB": the recruiting state, not the
                    # passport
                    target = pobj
                if target is not None:
                    for s in np_states(target, gaz):
                        _add(out, s)
        if tok.lemma_.lower() in SPY_HEADS and tok.pos_ == "NOUN":
            for child in tok.children:
                if child.dep_ in ("amod", "compound", "nmod", "poss"):
                    state = token_state(child, gaz)
                    if state is not None and child.ent_type_ in ("NORP", "GPE"):
                        _add(described, state)
        if tok.lower_ in SPONSORING_PARTICIPLES and tok.i > sent.start:
            prev = tok.doc[tok.i - 2] if tok.doc[tok.i - 1].text == "-" else None
            if prev is not None:
                state = token_state(prev, gaz)
                if state is not None:
                    _add(out, state)
    for state in described:
        _add(out, state)
    return out


def _spied_for(prep: Token) -> bool:
    """Does "for X" name the state served: "spying for X", "suspected for X"; "spying on
    refugees for Iran's intelligence ministry" (the parser hangs "for" on "refugees")?"""
    head = prep.head
    if head.lemma_.lower() in SPY_HEADS | SUSPICION_HEADS:
        return True
    on = head.head
    return head.dep_ == "pobj" and on.lower_ == "on" and on.head.lemma_.lower() in WATCHING_HEADS


def _passes_to(head: Token) -> bool:
    """Is ``head`` of "to X" a passing verb, or the thing passed ("passed files to X")?"""
    if head.lemma_.lower() in PASSING_VERBS and head.pos_ in ("VERB", "AUX"):
        return True
    return head.dep_ == "dobj" and head.head.lemma_.lower() in PASSING_VERBS


# Roles -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Roles:
    actor: str | None
    target: str | None
    actor_explicit: bool
    target_explicit: bool


def _subject_of_reporting(tok: Token) -> Token | None:
    cur = tok
    for _ in range(5):
        if cur.head is cur:
            return None
        cur = cur.head
        subj = [c for c in cur.children if c.dep_ == "nsubj"]
        if subj and subj[0].pos_ != "PRON":
            return subj[0]
    return None


def _speaker(tok: Token) -> Token | None:
    """The subject of the speech verb whose complement clause holds ``tok``, if any."""
    cur = tok
    for _ in range(3):
        if cur.dep_ not in ("ccomp", "conj") or cur.head.i == cur.i:
            return None
        cur = cur.head
        if cur.lemma_.lower() in SPEECH_VERBS:
            subj = [c for c in cur.children if c.dep_ == "nsubj"]
            return subj[0] if subj and subj[0].pos_ != "PRON" else None
    return None


def authority_state(
    sent: Span, gaz: Gazetteer, skip: Iterable[str], patients: Iterable[Token] = ()
) -> str | None:
    """The state of the first authority the sentence names ("Romanian prosecutors"), outside
    the noun phrases of the people acted on ("officers of China's ministry" are not it)."""
    skipped = set(skip)
    inside = {t.i for p in patients for t in p.subtree}
    for tok in sent:
        if tok.i in inside:
            continue
        if tok.lemma_.lower() in AUTHORITY_NOUNS and tok.pos_ in ("NOUN", "PROPN"):
            for child in tok.children:
                if child.dep_ in ("amod", "poss", "compound", "nmod"):
                    state = token_state(child, gaz)
                    if state is not None and state not in skipped:
                        return state
    return None


def resolve_actor(mention: Mention, ctx: ArticleContext) -> tuple[str | None, bool]:
    """The acting state and whether the sentence names it."""
    gaz = ctx.gazetteer
    agent = mention.agent
    if agent is not None:
        if agent.pos_ == "PRON" and agent.lower_ in STATE_PRONOUNS:
            antecedent = _subject_of_reporting(agent)
            if antecedent is not None:
                states = np_states(antecedent, gaz)
                if states:
                    return states[0], True
            if ctx.last_subject_state is not None:
                return ctx.last_subject_state, True
        states = np_states(agent, gaz)
        if agent.lemma_.lower() in AUTHORITY_NOUNS and not states:
            # "a court in Tallinn", "prosecutors in Brooklyn": where the authority sits
            states = [s for p in _verb_pobj(agent, "in") for s in np_states(p, gaz)]
        if states:
            return states[0], True
    if agent is None and mention.form == "passive" and mention.type in ("expulsion", "closure"):
        # "Canada said four diplomats would be sent home": the state announcing its measure
        speaker = _speaker(mention.trigger)
        states = np_states(speaker, gaz) if speaker is not None else []
        if states:
            return states[0], True
    if mention.type == "recall":
        for patient in mention.patients:
            states = np_states(patient, gaz)
            if states and patient.lemma_.lower() not in DIPLOMATIC_NOUNS:
                return states[0], True
            poss = [c for c in patient.children if c.dep_ == "poss"]
            if poss and poss[0].lower_ in ("its", "their") and agent is None:
                antecedent = _subject_of_reporting(patient)
                if antecedent is not None and np_states(antecedent, gaz):
                    return np_states(antecedent, gaz)[0], True
    if mention.actor_place is not None and mention.type != "recall":
        states = np_states(mention.actor_place, gaz)
        if states:
            return states[0], True
    sent = mention.trigger.sent
    state = authority_state(sent, gaz, beneficiaries(sent, gaz), mention.patients)
    if state is not None:
        return state, False
    if ctx.dateline_state is not None:
        return ctx.dateline_state, False
    return None, False


def resolve_targets(mention: Mention, actor: str | None, ctx: ArticleContext) -> list[str]:
    """Target states (several for "diplomats from Poland, Germany and Sweden")."""
    gaz = ctx.gazetteer
    sent = mention.trigger.sent
    if mention.type in ("arrest", "charge", "conviction"):
        for s in beneficiaries(sent, gaz):
            if s != actor:
                return [s]
        for s, _ in ctx.beneficiaries.most_common():
            if s != actor:
                return [s]
        for patient in mention.patients:
            for s in np_states(patient, gaz):
                if s != actor:
                    return [s]
        return []
    if mention.type == "recall":
        if mention.host_place is not None:
            states = [s for s in np_states(mention.host_place, gaz) if s != actor]
            if states:
                return states[:1]
        others = [s for s in sentence_states(sent, gaz) if s != actor]
        return others[:1]
    targets: list[str] = []
    for patient in mention.patients:
        for s in np_states(elided_noun(patient) or patient, gaz):
            if s != actor:
                _add(targets, s)
    if not targets and mention.type == "expulsion" and actor is not None:
        # "expelled diplomats from Poland, Germany and Sweden" (the list hangs on the verb)
        for place in _verb_pobj(mention.trigger, "from"):
            for s in np_states(place, gaz):
                if s != actor:
                    _add(targets, s)
    return targets


def elided_noun(tok: Token) -> Token | None:
    """ "expelled 30 Russian diplomats, after Germany kicked out 40": a bare number counts the
    noun last counted before it in the sentence (the noun it leaves out)."""
    if tok.pos_ != "NUM" or any(c.dep_ == "prep" for c in tok.children):
        return None
    for prev in reversed(tok.doc[tok.sent.start : tok.i]):
        if (
            prev.pos_ == "NOUN"
            and diplomatic(prev)
            and any(c.dep_ == "nummod" for c in prev.children)
        ):
            return prev
    return None


def _verb_pobj(tok: Token, prep_word: str) -> list[Token]:
    return [
        pobj
        for prep in tok.children
        if prep.dep_ == "prep" and prep.lower_ == prep_word
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]


def mention_count(mention: Mention) -> int | None:
    """Number of people (or missions) affected, when the text states it."""
    total = 0
    for patient in mention.patients:
        n = _np_count(patient)
        if n is None:
            return None
        total += n
    return total or None


def _np_count(tok: Token) -> int | None:
    if tok.pos_ == "NUM" or tok.like_num:
        return _number(tok.lower_)
    for child in tok.children:
        if child.dep_ == "nummod":
            return _number(child.lower_)
        if child.lower_ in VAGUE_QUANTITIES or child.dep_ == "quantmod":
            return None
    if tok.lower_ in VAGUE_QUANTITIES:
        return None
    if tok.tag_ in ("NNS", "NNPS") and tok.ent_type_ != "PERSON":
        return None
    return 1


def _number(word: str) -> int | None:
    cleaned = word.replace(",", "")
    if cleaned.isdigit():
        return int(cleaned)
    return NUMBER_WORDS.get(cleaned)
