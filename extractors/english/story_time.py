"""The time a story sets beyond one mention: a history piece, the frame a paragraph has set,
the past date it gave, and the freshness a sentence's own dates give."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from spacy.tokens import Span

from nongrata.extractors.english.entity_index import EntityIndex
from nongrata.extractors.english.events import has_trigger
from nongrata.extractors.english.lexicon import (
    CASE_STAGE_NOUNS,
    CASE_STAGE_VERBS,
    RETROSPECTIVE_RE,
)
from nongrata.extractors.english.newness import classify_time, combine
from nongrata.extractors.english.prepare import PreparedArticle

HISTORY_DATES = 3  # old-dated sentences (and no fresh one) that make a history piece


def history_piece(
    sents: Sequence[Span], headline: Sequence[Span], entities: EntityIndex, reference: date | None
) -> bool:
    """An anniversary piece, review or round-up: the body dates several sentences to the past,
    none to the news days, and its first sentence is dated in the past or tells no event.
    Its undated events are background too."""
    body = [s for s in sents if s not in headline]
    if not body:
        return False
    if any(RETROSPECTIVE_RE.search(s.text) for s in headline) or RETROSPECTIVE_RE.match(
        body[0].text
    ):
        return True  # "Thirty years on: …", "Forty years ago today, …": told as history
    statuses = [sentence_status(entities.within(s), reference) for s in body]
    fresh = any(
        classify_time(e.text, reference).status == "new"
        for s in body
        for e in entities.within(s)
        if e.label_ in ("DATE", "TIME")
    )
    if fresh or statuses.count("old") < HISTORY_DATES:
        return False
    return statuses[0] == "old" or not has_trigger(body[0].text)


def narrative_time(
    statuses: Sequence[str],
    sents: Sequence[Span],
    index: int,
    prep: PreparedArticle,
    case_opening: bool = False,
) -> str | None:
    """The time frame the paragraph has set before sentence ``index``: the status of its
    latest earlier sentence that has one ("In 1962 the KGB arrested him. He was tried and
    sentenced." tells one background story). For a ``case_opening`` (an arrest or charge),
    an earlier sentence whose news is a later step of the case ("The trial of … opened on
    Tuesday. The officer was arrested at his home") makes it background."""
    paragraph = prep.paragraph_of(sents[index].start_char)
    for earlier in range(index - 1, -1, -1):
        if prep.paragraph_of(sents[earlier].start_char) != paragraph:
            return None
        if case_opening and later_case_stage(sents[earlier]):
            return "old"
        if statuses[earlier] in ("new", "old"):
            return statuses[earlier]
    return None


def later_case_stage(sent: Span) -> bool:
    """Is the sentence's news a later step of a court case: its main verb (or the verb that
    verb governs) is one ("pleaded not guilty", "asked … to overturn"), or has one as its
    subject or object ("the trial … opened", "granted bail")?"""
    root = sent.root
    verbs = [root, *(c for c in root.children if c.dep_ in ("xcomp", "ccomp"))]
    for verb in verbs:
        if verb.lemma_.lower() in CASE_STAGE_VERBS:
            return True
        for arg in verb.children:
            if (
                arg.dep_ in ("nsubj", "nsubjpass", "dobj")
                and arg.lemma_.lower() in CASE_STAGE_NOUNS
            ):
                return True
    return False


def paragraph_date(
    sents: Sequence[Span],
    index: int,
    prep: PreparedArticle,
    entities: EntityIndex,
    reference: date | None,
) -> date | None:
    """The latest past date the paragraph of sentence ``index`` gave up to that sentence."""
    paragraph = prep.paragraph_of(sents[index].start_char)
    for earlier in range(index, -1, -1):
        if prep.paragraph_of(sents[earlier].start_char) != paragraph:
            return None
        for ent in reversed(entities.within(sents[earlier])):
            if ent.label_ != "DATE":
                continue
            verdict = classify_time(ent.text, reference)
            if verdict.status == "old" and verdict.when is not None:
                return verdict.when
    return None


def sentence_status(ents: Sequence[Span], reference: date | None) -> str:
    """The freshness a sentence's own dates give (for "later", "the same month" next);
    ``ents``: the sentence's entities."""
    dates = [e.text for e in ents if e.label_ == "DATE"]
    return combine([classify_time(d, reference) for d in dates]).status
