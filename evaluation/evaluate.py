"""Score extraction against a labeled corpus (``nongrata eval``, ``scripts/eval_gate.py``).

The corpus (``DIR/articles/<id>.txt`` plus ``DIR/labels.jsonl``) is read by
:mod:`nongrata.evaluation.corpus`.
The figures, all micro-averaged over the corpus:

- alert precision / recall / F1: per article, predicted ``alert`` against the label.
- event precision / recall / F1: per article, gold and predicted events are paired greedily
  one-to-one (gold in label order, each taking the first free prediction) when their type is
  equal and their actor and target both agree; paired = true positive, unpaired prediction =
  false positive, unpaired gold = false negative. Two states agree when both carry an ISO
  code and the codes are equal, else when their normalised names are equal (accents, case,
  punctuation and a leading "the" ignored); two missing states agree.
- role accuracy: per article and type, gold and predicted events are paired one-to-one on
  type alone, pairs with both roles right first, then one right, then the rest (in label
  order). Role accuracy = pairs whose actor AND target are both right / all such pairs: it
  measures roles where the event itself was found, independent of event recall.
- newness accuracy: over the event pairs (type, actor, target) above, the share whose ``new``
  flag equals the label's.
- agency precision / recall: the top-level agency sets of each article (case-insensitive).
- person recall: the share of labeled top-level persons found (normalised names equal, or
  one name's tokens contained in the other's).

Per event type: event P/R/F1, role and newness accuracy, and article-level detection of a NEW
event of that type (precision/recall). A ratio with an empty denominator is ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from unidecode import unidecode

from nongrata.errors import ExtractionError
from nongrata.evaluation.corpus import Corpus, GoldArticle, GoldEvent
from nongrata.extractors.prefilter.article import extract_prefiltered
from nongrata.extractors.prefilter.names import WatchTerms
from nongrata.types import EVENT_TYPES, ArticleExtraction, ArticleInput


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives of one figure."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        """2·tp / (2·tp + fp + fn); None only when there is nothing at all to score."""
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    def to_json(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": _rounded(self.precision),
            "recall": _rounded(self.recall),
            "f1": _rounded(self.f1),
        }


@dataclass(frozen=True)
class Share:
    """``right`` out of ``total`` (an accuracy)."""

    right: int = 0
    total: int = 0

    def __add__(self, other: Share) -> Share:
        return Share(self.right + other.right, self.total + other.total)

    @property
    def value(self) -> float | None:
        return _ratio(self.right, self.total)

    def to_json(self) -> dict[str, Any]:
        return {"right": self.right, "total": self.total, "accuracy": _rounded(self.value)}


@dataclass(frozen=True)
class TypeScores:
    events: Counts = Counts()
    roles: Share = Share()
    newness: Share = Share()
    new_detection: Counts = Counts()  # articles with a NEW event of this type

    def __add__(self, other: TypeScores) -> TypeScores:
        return TypeScores(
            self.events + other.events,
            self.roles + other.roles,
            self.newness + other.newness,
            self.new_detection + other.new_detection,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "events": self.events.to_json(),
            "role_accuracy": _rounded(self.roles.value),
            "newness_accuracy": _rounded(self.newness.value),
            "roles": self.roles.to_json(),
            "newness": self.newness.to_json(),
            "new_event_articles": self.new_detection.to_json(),
        }


@dataclass(frozen=True)
class ArticleErrors:
    """What one article got wrong (for reading a report, not for the figures)."""

    id: str
    alert: tuple[bool, bool]  # (gold, predicted)
    missed: tuple[str, ...] = ()
    spurious: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "alert": {"gold": self.alert[0], "predicted": self.alert[1]},
            "missed": list(self.missed),
            "spurious": list(self.spurious),
        }


@dataclass(frozen=True)
class Scores:
    """Every figure of one evaluation. ``summary()`` holds the gate's named figures."""

    articles: int = 0
    alert: Counts = Counts()
    events: Counts = Counts()
    roles: Share = Share()
    newness: Share = Share()
    agencies: Counts = Counts()
    persons: Share = Share()
    per_type: dict[str, TypeScores] = field(default_factory=dict)
    errors: tuple[ArticleErrors, ...] = ()

    def summary(self) -> dict[str, float | None]:
        return {
            "alert_precision": self.alert.precision,
            "alert_recall": self.alert.recall,
            "alert_f1": self.alert.f1,
            "event_precision": self.events.precision,
            "event_recall": self.events.recall,
            "event_f1": self.events.f1,
            "role_accuracy": self.roles.value,
            "newness_accuracy": self.newness.value,
            "agency_precision": self.agencies.precision,
            "agency_recall": self.agencies.recall,
            "person_recall": self.persons.value,
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "summary": {k: _rounded(v) for k, v in self.summary().items()},
            "alert": self.alert.to_json(),
            "events": self.events.to_json(),
            "roles": self.roles.to_json(),
            "newness": self.newness.to_json(),
            "agencies": self.agencies.to_json(),
            "persons": self.persons.to_json(),
            "per_type": {t: s.to_json() for t, s in self.per_type.items()},
            "errors": [
                e.to_json() for e in self.errors if e.missed or e.spurious or _alert_wrong(e)
            ],
        }


def _alert_wrong(errors: ArticleErrors) -> bool:
    return errors.alert[0] != errors.alert[1]


# Matching --------------------------------------------------------------------------------

_NON_WORD = re.compile(r"[^\w]+")


def normalise_name(name: str | None) -> str:
    """Accent-, case- and punctuation-free form of a name ("the" dropped in front)."""
    if not name:
        return ""
    plain = _NON_WORD.sub(" ", unidecode(name).lower()).strip()
    return plain.removeprefix("the ").strip()


def same_state(
    gold_name: str | None, gold_iso: str | None, name: str | None, iso: str | None
) -> bool:
    """ISO codes decide when both sides have one; else normalised names (both empty agree)."""
    if gold_iso and iso:
        return gold_iso.upper() == iso.upper()
    return normalise_name(gold_name) == normalise_name(name)


def _role_hits(gold: GoldEvent, pred: GoldEvent) -> int:
    actor = same_state(gold.actor, gold.actor_iso, pred.actor, pred.actor_iso)
    target = same_state(gold.target, gold.target_iso, pred.target, pred.target_iso)
    return int(actor) + int(target)


def _pair(
    gold: Sequence[GoldEvent],
    pred: Sequence[GoldEvent],
    accept: Callable[[GoldEvent, GoldEvent], bool],
) -> list[tuple[int, int]]:
    """Greedy one-to-one pairs (gold index, prediction index): gold in order, first free fit."""
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi not in used and accept(g, p):
                used.add(pi)
                pairs.append((gi, pi))
                break
    return pairs


def _same_type_with(role_hits: int) -> Callable[[GoldEvent, GoldEvent], bool]:
    def accept(gold: GoldEvent, pred: GoldEvent) -> bool:
        return gold.type == pred.type and _role_hits(gold, pred) == role_hits

    return accept


def _type_pairs(gold: Sequence[GoldEvent], pred: Sequence[GoldEvent]) -> list[tuple[int, int]]:
    """Pairs on type alone, best role agreement first (2 roles right, then 1, then 0)."""
    pairs: list[tuple[int, int]] = []
    for wanted in (2, 1, 0):
        free_gold = [i for i in range(len(gold)) if i not in {g for g, _ in pairs}]
        free_pred = [i for i in range(len(pred)) if i not in {p for _, p in pairs}]
        found = _pair(
            [gold[i] for i in free_gold], [pred[i] for i in free_pred], _same_type_with(wanted)
        )
        pairs += [(free_gold[g], free_pred[p]) for g, p in found]
    return pairs


def _same_person(gold: str, predicted: str) -> bool:
    g, p = normalise_name(gold), normalise_name(predicted)
    if not g or not p:
        return False
    return g == p or set(g.split()) <= set(p.split()) or set(p.split()) <= set(g.split())


def _score_article(gold: GoldArticle, prediction: ArticleExtraction) -> Scores:
    g_events = list(gold.events)
    p_events = [  # each prediction reduced to what a label holds
        GoldEvent(e.type, e.new, e.actor, e.actor_iso, e.target, e.target_iso)
        for e in prediction.events
    ]
    full = _pair(g_events, p_events, lambda g, p: g.type == p.type and _role_hits(g, p) == 2)
    by_type = _type_pairs(g_events, p_events)
    per_type: dict[str, TypeScores] = {}
    for etype in EVENT_TYPES:
        tp = sum(1 for gi, _ in full if g_events[gi].type == etype)
        typed_pairs = [(g, p) for g, p in by_type if g_events[g].type == etype]
        gold_new = any(e.type == etype and e.new for e in g_events)
        pred_new = any(e.type == etype and e.new for e in p_events)
        per_type[etype] = TypeScores(
            events=Counts(
                tp,
                sum(1 for e in p_events if e.type == etype) - tp,
                sum(1 for e in g_events if e.type == etype) - tp,
            ),
            roles=Share(
                sum(1 for g, p in typed_pairs if _role_hits(g_events[g], p_events[p]) == 2),
                len(typed_pairs),
            ),
            newness=Share(
                sum(
                    1
                    for g, p in full
                    if g_events[g].type == etype and g_events[g].new == p_events[p].new
                ),
                tp,
            ),
            new_detection=Counts(
                int(gold_new and pred_new),
                int(pred_new and not gold_new),
                int(gold_new and not pred_new),
            ),
        )
    gold_agencies = {a.casefold() for a in gold.agencies}
    pred_agencies = {a.casefold() for a in prediction.agencies}
    matched_g = {g for g, _ in full}
    matched_p = {p for _, p in full}
    totals = _sum_types(per_type)
    return Scores(
        articles=1,
        alert=Counts(
            int(gold.alert and prediction.alert),
            int(prediction.alert and not gold.alert),
            int(gold.alert and not prediction.alert),
        ),
        events=totals.events,
        roles=totals.roles,
        newness=totals.newness,
        agencies=Counts(
            len(gold_agencies & pred_agencies),
            len(pred_agencies - gold_agencies),
            len(gold_agencies - pred_agencies),
        ),
        persons=Share(
            sum(1 for g in gold.persons if any(_same_person(g, p) for p in prediction.persons)),
            len(gold.persons),
        ),
        per_type=per_type,
        errors=(
            ArticleErrors(
                gold.id,
                (gold.alert, prediction.alert),
                tuple(e.describe() for i, e in enumerate(g_events) if i not in matched_g),
                tuple(e.describe() for i, e in enumerate(p_events) if i not in matched_p),
            ),
        ),
    )


def _sum_types(per_type: dict[str, TypeScores]) -> TypeScores:
    total = TypeScores()
    for scores in per_type.values():
        total = total + scores
    return total


def _combine(parts: Iterable[Scores]) -> Scores:
    result = Scores(per_type={t: TypeScores() for t in EVENT_TYPES})
    for part in parts:
        result = Scores(
            articles=result.articles + part.articles,
            alert=result.alert + part.alert,
            events=result.events + part.events,
            roles=result.roles + part.roles,
            newness=result.newness + part.newness,
            agencies=result.agencies + part.agencies,
            persons=result.persons + part.persons,
            per_type={t: result.per_type[t] + part.per_type[t] for t in EVENT_TYPES},
            errors=result.errors + part.errors,
        )
    return result


def score(gold: Sequence[GoldArticle], predictions: Sequence[ArticleExtraction]) -> Scores:
    """Score ``predictions`` against ``gold``; each gold article needs a prediction by id."""
    by_id = {p.id: p for p in predictions}
    missing = [g.id for g in gold if g.id not in by_id]
    if missing:
        raise ExtractionError(f"no prediction for article(s): {', '.join(missing)}")
    return _combine(_score_article(g, by_id[g.id]) for g in gold)


def combine_scores(parts: Iterable[Scores]) -> Scores:
    """The scores of several corpora taken together (counts added, ratios recomputed)."""
    return _combine(parts)


def evaluate(
    corpus: Corpus,
    extract: Callable[[Sequence[ArticleInput]], list[ArticleExtraction]],
    *,
    prefilter: bool = False,
    watch_terms: WatchTerms | None = None,
) -> Scores:
    """Run ``extract`` (e.g. ``Extractor(...).extract``) over the corpus and score it.

    With ``prefilter``, articles go through the pipeline's prefilter first
    (``nongrata.extractors.prefilter.article``): those it skips are scored as extracting nothing,
    exactly as the pipeline records them."""
    if prefilter:
        return score(corpus.gold, extract_prefiltered(extract, corpus.articles, watch_terms))
    return score(corpus.gold, extract(corpus.articles))
