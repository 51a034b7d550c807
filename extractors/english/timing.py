"""The time cues of one mention, from the parse, turned into a newness verdict.

Date expressions are attached to the trigger they modify (the nearest trigger on the way up
the dependency tree); expressions that modify no trigger ("said on Thursday") apply to the
sentence's triggers that have none of their own. Tense ("had expelled" outside reported
speech), background adverbs, relative phrases ("hours after", "months after"), anaphoric
times ("the same month", "later") and disclosure verbs complete the picture.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from spacy.tokens import Span, Token

from nongrata.extractors.english.events import Mention
from nongrata.extractors.english.lexicon import (
    ANAPHORIC_ADVERBS,
    BACKGROUND_ADVERBS,
    COMPARISON_WORDS,
    DOCUMENT_NOUNS,
    DURATION_PREPS,
    LEXICON,
    PERIODIC_ADJECTIVES,
)
from nongrata.extractors.english.newness import NONE, TimeVerdict, classify_time, combine

_RELATIVE_RE = LEXICON.patterns["relative"]  # "hours after", "three years before"
_DAY_NAME_RE = LEXICON.patterns["day_name"]
_ANAPHORIC_DATE_RE = LEXICON.patterns["anaphoric_date"]  # "the same month", "a week later"
_COUNTED_RE = LEXICON.patterns["counted"]  # "three days later", "within hours"
_PAST_PHRASE_RE = LEXICON.patterns["past_phrase"]


@dataclass(frozen=True)
class MentionVerdict:
    status: str  # "new" | "old" | "future"
    explicit: bool  # decided by a time expression, tense or background cue
    disclosure: bool = False  # first public disclosure: new whatever the event's own date
    when: date | None = None
    day: date | None = None  # the fresh day a date expression names ("on Monday", "3 May")
    # ``when`` is the date the paragraph gave its story, not the mention's own (undated)
    paragraph_dated: bool = False


def _anchor(ent: Span) -> Token:
    """The word a date expression modifies: through its preposition, if any."""
    tok = ent.root
    head = tok.head
    if head.dep_ in ("prep", "agent") or head.pos_ == "ADP":
        return head.head
    return head


def _date_spans(sent: Span) -> list[Span]:
    return [e for e in sent.ents if e.label_ in ("DATE", "TIME") and not _duration(e)]


def _duration(ent: Span) -> bool:
    """ "for nine years", "within 48 hours", "13 years": a length of time, not a date."""
    text = ent.text.lower()
    if LEXICON.patterns["relative_word"].search(text):
        return False
    if not LEXICON.patterns["duration_unit"].search(text):
        return False
    prev = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
    return prev in DURATION_PREPS or bool(LEXICON.patterns["counted_start"].match(text))


def _own_and_sentence_dates(
    mention: Mention, sent: Span
) -> tuple[list[Span], list[Span], list[Span]]:
    """Date expressions of the trigger itself, and of the verbs governing it."""
    own: list[Span] = []
    general: list[Span] = []
    governing = set(mention.trigger.ancestors)
    for ent in _date_spans(sent):
        anchor = _anchor(ent)
        if anchor == mention.trigger or _right_after_nominal(mention, ent):
            own.append(ent)
        elif (
            (anchor in governing and anchor.pos_ in ("VERB", "AUX"))
            or (anchor == mention.clause and mention.clause is not mention.trigger)
            # "In 2019 Latvia expelled…": an opening time adverbial the parser mis-attached
            or (ent.start - sent.start <= 1 and anchor.pos_ not in ("VERB", "AUX"))
        ):
            general.append(ent)
    return own, general, []


def _right_after_nominal(mention: Mention, ent: Span) -> bool:
    """ "the detention earlier this month of …", "the expulsion last year of …": a time
    expression right after a nominal trigger dates it, wherever the parser hangs it."""
    if mention.form != "nominal":
        return False
    start = ent.start
    if start > 0 and ent.doc[start - 1].pos_ == "ADP" and ent.doc[start - 1].lower_ == "in":
        start -= 1  # "the expulsion in March of …"
    return start == mention.trigger.i + 1


def _relative_cue(mention: Mention, reference: date | None) -> TimeVerdict:
    left = mention.trigger.left_edge.i
    start = max(mention.trigger.sent.start, left - 6)
    window = mention.trigger.doc[start : left + 1].text
    match = _RELATIVE_RE.search(window)
    if not match:
        return NONE
    unit = match.group(4).lower()
    if unit.startswith(("hour", "day")):
        return TimeVerdict("new", reference, explicit=True)
    return TimeVerdict("old", explicit=True)


def _pluperfect(tok: Token) -> bool:
    aux = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
    return tok.tag_ == "VBN" and any(a.lower_ == "had" for a in aux)


def _adverbs(tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ in ("advmod", "npadvmod")}


def _named_day(ents: list[Span], reference: date | None) -> date | None:
    """The fresh day a weekday or a full date names ("on Monday", "on 3 May"), if any."""
    for ent in ents:
        if not _DAY_NAME_RE.search(ent.text):
            continue
        verdict = classify_time(ent.text, reference)
        if verdict.status == "new" and verdict.when is not None:
            return verdict.when
    return None


def _compared(tok: Token) -> bool:
    """ "have expelled diplomats on similar grounds", "in similar cases": an event told as a
    parallel to the story's own, so not the story's news."""
    for prep in tok.children:
        if prep.dep_ != "prep":
            continue
        for pobj in prep.children:
            if pobj.dep_ == "pobj" and any(
                c.dep_ == "amod" and c.lower_ in COMPARISON_WORDS for c in pobj.children
            ):
                return True
    return False


def _counted_from_the_last_event(mention: Mention) -> bool:
    """Is the trigger dated by an interval counted from the previous event ("three days later",
    "within hours"), in the words just before it or right after it?"""
    tok = mention.trigger
    sent = tok.sent
    start = max(sent.start, tok.left_edge.i - 6)
    end = min(sent.end, tok.i + 8)
    return bool(_COUNTED_RE.search(tok.doc[start:end].text))


def _passed_deadline(mention: Mention, reference: date | None) -> bool:
    """A date inside the trigger's own phrase that is over ("told him to leave by the end of
    September" in October): the measure was taken before it, so it is background."""
    tok = mention.trigger
    inside = [e for e in _date_spans(tok.sent) if _in_complement(_anchor(e), tok)]
    return any(classify_time(e.text, reference).status == "old" for e in inside)


def _in_complement(anchor: Token, trigger: Token) -> bool:
    """Is ``anchor`` a verb complement of ``trigger`` ("told him to leave by …")? Dates in
    relative clauses or noun phrases ("laws introduced in 2018") are not the measure's."""
    cur = anchor
    for _ in range(3):
        if cur.dep_ != "xcomp" or cur.head.i == cur.i:
            return False
        cur = cur.head
        if cur.i == trigger.i:
            return True
    return False


def judge_mention(
    mention: Mention,
    reference: date | None,
    *,
    in_headline: bool,
    previous: str | None,
    narrative: str | None = None,
) -> MentionVerdict:
    """Is this mention reported as fresh news? ``previous`` is the status of the
    preceding sentence (for "later", "the same month")."""
    sent = mention.trigger.sent
    own, general, clause = _own_and_sentence_dates(mention, sent)
    relative = _relative_cue(mention, reference)
    own_verdict = combine([classify_time(e.text, reference) for e in [*own, *clause]])
    named_day = _named_day([*own, *clause], reference)
    if relative.status != "none" and not (
        _counted_from_the_last_event(mention) and previous in ("new", "old")
    ):
        own_verdict = relative if own_verdict.status == "none" else own_verdict
    if mention.disclosed_by is not None:
        disclosure_dates = [e for e in _date_spans(sent) if _anchor(e) == mention.disclosed_by]
        verdict = combine([classify_time(e.text, reference) for e in disclosure_dates])
        if verdict.status == "old":
            return MentionVerdict("old", True, when=verdict.when)
        return MentionVerdict("new", True, disclosure=True, when=own_verdict.when or reference)
    if own_verdict.status in ("new", "old", "future"):
        return MentionVerdict(
            own_verdict.status, own_verdict.explicit, when=own_verdict.when, day=named_day
        )
    anaphoric = (
        any(_ANAPHORIC_DATE_RE.match(e.text) for e in [*own, *general])
        or bool(_adverbs(mention.trigger) & ANAPHORIC_ADVERBS - {"also"})
        or _counted_from_the_last_event(mention)
    )
    if anaphoric and previous in ("new", "old"):
        return MentionVerdict(previous, True)
    tok = mention.trigger
    background = (_adverbs(tok) | _adverbs(mention.clause)) & BACKGROUND_ADVERBS
    if (
        background
        or _compared(tok)
        or _PAST_PHRASE_RE.search(" ".join(t.text for t in tok.subtree))
    ):
        return MentionVerdict("old", True)
    if mention.form != "nominal" and _pluperfect(tok) and not mention.reported:
        return MentionVerdict("old", True)
    general_verdict = combine([classify_time(e.text, reference) for e in general])
    if general_verdict.status in ("new", "old") and not mention.presupposed:
        return MentionVerdict(
            general_verdict.status,
            general_verdict.explicit,
            when=general_verdict.when,
            day=_named_day(general, reference),
        )
    if _told_by_a_document(mention):
        return MentionVerdict("old", False)
    if in_headline and narrative != "old":
        return MentionVerdict("new", False, when=reference)
    if narrative == "old" or _passed_deadline(mention, reference):
        # the paragraph tells a background story, or the deadline it set is long past
        return MentionVerdict("old", False)
    if mention.presupposed:
        return MentionVerdict("old", False)
    return MentionVerdict("new", False, when=reference)


def _told_by_a_document(mention: Mention) -> bool:
    """Is the event told by a work that retells cases, as the subject or the "in …" frame of
    a verb over the trigger ("In its annual review … said it had arrested", "the film tells
    how agents arrested")? The work's own date ("published on Tuesday") is not the event's."""
    tok = mention.trigger
    for verb in (tok, *tok.ancestors):
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        for child in verb.children:
            if child.dep_ == "nsubj" and _document(child):
                return True
            framed = child.dep_ == "prep" and child.lower_ == "in"
            if framed and any(_document(p) for p in child.children if p.dep_ == "pobj"):
                return True
    return False


def _document(tok: Token) -> bool:
    if tok.lemma_.lower() in DOCUMENT_NOUNS:
        return True
    return any(c.dep_ == "amod" and c.lemma_.lower() in PERIODIC_ADJECTIVES for c in tok.children)
