"""A cheap test, before cleaning and NLP, of whether an article can hold an event at all.

Nearly every article a feed brings is not about espionage; parsing it costs far more than
reading it once with a few regular expressions. ``prefilter_reason`` answers None ("run
NLP") unless the text provably cannot produce an event, and then says why it was skipped.

It is a superset test of what the extractors need, per event type:

- every event needs a trigger of its type (English: every word of
  :func:`nongrata.extractors.english.events.has_trigger` and of the lemma sets of
  :mod:`nongrata.extractors.english.lexicon`, in any inflection; other languages: their lexicons'
  trigger patterns);
- arrests, charges and convictions also need an espionage context somewhere in the article
  (an espionage word, or an intelligence agency's name), as the rules do in the sentence or
  the sentences tied to it;
- a closure (English) also needs a premises noun or "diplomatic status"; an expulsion,
  recall or closure in the other languages needs a diplomatic or espionage cue.

An English article that passes as a whole is then read as the extractor parses it
(``nongrata.extractors.english.prepare``): some paragraph must hold a trigger with the context its
type needs in that paragraph (or, for an arrest, charge or conviction, in the headline), and
the text must name two states (every English event is recorded between an acting and a
target state). An article naming an intelligence agency is always extracted, since
extraction reports an article's agencies even when it holds no event.

The word lists come from the extractors' own lexicons, so a word added there is seen here.
When the language is unknown (or has no lexicon), the test is the union over every language,
and any watchlist term (``WatchTerms``) is enough to run NLP.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache

from unidecode import unidecode

from nongrata.extractors.english.gazetteer import gazetteer
from nongrata.extractors.english.lexicon import (
    ARREST_NOUNS,
    ARREST_VERBS,
    CHARGE_NOUNS,
    CHARGE_VERBS,
    CLOSE_VERBS,
    CLOSURE_NOUNS,
    CONVICT_NOUNS,
    CONVICT_VERBS,
    ESPIONAGE_LEMMAS,
    ESPIONAGE_RE,
    EXPEL_NOUNS,
    EXPEL_VERBS,
    HOME_VERBS,
    LEAVE_GOVERNORS,
    LEAVE_VERBS,
    OUT_VERBS,
    PREMISES_NOUNS,
    RECALL_NOUNS,
    RECALL_VERBS,
    STATUS_VERBS,
)
from nongrata.extractors.english.prepare import PreparedArticle, prepare_article
from nongrata.extractors.language import (
    UNDETERMINED,
    article_language,
    not_read_reason,
    reads_language,
)
from nongrata.extractors.multilingual.lexicon import lexicon_key, lexicon_languages, lexicons
from nongrata.extractors.multilingual.mentions import find_agencies
from nongrata.extractors.prefilter.anchors import MIN_ANCHOR, AnchoredPattern
from nongrata.types import EVENT_TYPES, ArticleExtraction, ArticleInput

ENGLISH = "en"
_FLAGS = re.IGNORECASE
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_WORD = re.compile(r"\w+")
# Irregular forms the stem of a lemma does not reach.
_IRREGULAR: dict[str, tuple[str, ...]] = {
    "spy": ("spy", "spies", "spied", "spying"),
    "send": ("send", "sends", "sending", "sent"),
    "fly": ("fly", "flies", "flying", "flew", "flown"),
    "put": ("put", "puts", "putting"),
    "give": ("give", "gives", "giving", "gave", "given"),
    "tell": ("tell", "tells", "telling", "told"),
    "leave": ("leave", "leaves", "leaving", "left"),
    "quit": ("quit", "quits", "quitting", "quitted"),
    "shut": ("shut", "shuts", "shutting", "shutdown", "shutdowns"),
    "throw": ("throw", "throws", "throwing", "threw", "thrown"),
    "withdraw": ("withdraw", "withdraws", "withdrawing", "withdrew", "withdrawn", "withdrawal"),
    "get": ("get", "gets", "getting", "got", "gotten"),
    "receive": ("receive", "receives", "receiving", "received"),
    "find": ("find", "finds", "finding", "found"),
    "plead": ("plead", "pleads", "pleading", "pleaded", "pled"),
    "take": ("take", "takes", "taking", "took", "taken"),
    "nab": ("nab", "nabs", "nabbed", "nabbing"),
    "mole": ("mole", "moles"),
}


# Inflections the English lemmatizer maps back onto a lemma, by how the lemma ends (nouns
# in -ion, -ure, -al, -ment included, and a doubled final consonant: expelled, nabbed).
_E_SUFFIXES = "(?:e|es|ed|ing|ion|ions|ure|ures|al|als|ement|ements)"
_Y_SUFFIXES = "(?:y|ies|ied|ying)"
_SUFFIXES = "(?:s|ed|ing|ion|ions|ation|ations|ment|ments|al|als)?"
_SIBILANT_SUFFIXES = "(?:es|ed|ing)?"


def _forms(lemmas: Iterable[str]) -> str:
    """A word-bounded alternation matching the inflections of ``lemmas`` (and a few more)."""
    parts: list[str] = []
    for lemma in sorted(set(lemmas)):
        if lemma in _IRREGULAR:
            parts.extend(re.escape(f) for f in _IRREGULAR[lemma])
        elif lemma.endswith("e") and len(lemma) > 3:
            parts.append(re.escape(lemma[:-1]) + _E_SUFFIXES)
        elif lemma.endswith("y") and len(lemma) > 3:
            parts.append(re.escape(lemma[:-1]) + _Y_SUFFIXES)
        elif lemma.endswith(("s", "sh", "ch", "x", "z")):
            parts.append(re.escape(lemma) + _SIBILANT_SUFFIXES)
        else:
            doubled = f"(?:{re.escape(lemma[-1])}(?:ed|ing))"
            parts.append(f"{re.escape(lemma)}(?:{doubled}|{_SUFFIXES[3:-2]})?")
    return rf"\b(?:{'|'.join(parts)})\b"


def _compile(pattern: str) -> AnchoredPattern:
    """A pattern for lower-cased text: case-insensitive matching only where the pattern has
    capitals (lower-casing the text once is much cheaper than ``re.IGNORECASE``), searched
    only in texts that hold one of its literal anchors."""
    letters = re.sub(r"\\.", "", pattern)
    return AnchoredPattern(re.compile(pattern, 0 if letters == letters.lower() else _FLAGS))


def _near(first: str, second: str, gap: int = 80) -> str:
    return rf"{first}[^.;!?\n]{{0,{gap}}}?{second}"


@dataclass(frozen=True)
class _LanguageTest:
    """A lexicon language's trigger patterns, split by the context each group needs."""

    law_triggers: AnchoredPattern  # arrest, charge, conviction: need espionage context
    other_triggers: AnchoredPattern  # expulsion, recall, closure
    other_context: AnchoredPattern  # diplomatic or espionage cues the other triggers need
    espionage: AnchoredPattern
    # For a language whose triggers are written in letters beyond Latin (Chinese, Greek,
    # Arabic …): those letters, and the Latin words its triggers hold ("persona non grata").
    # A text holding neither holds no trigger.
    script: re.Pattern[str] | None = None
    latin_words: tuple[str, ...] = ()

    def may_trigger(self, low: str) -> bool:
        """False only when no trigger can be in ``low`` (a cheap test before the patterns)."""
        if self.script is None or self.script.search(low) is not None:
            return True
        return any(word in low for word in self.latin_words)


_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|N\{[^}]*\}|.)")
# A run of Latin words ("persona non grata"), between which a pattern may put spaces.
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]{2,}(?:[ ?+*]+[A-Za-z\u00c0-\u024f]{2,})*")


def _script_test(patterns: Sequence[str]) -> tuple[re.Pattern[str] | None, tuple[str, ...]]:
    """The letters beyond Latin ``patterns`` are written in, as a character class, and the
    Latin words they hold (lower-cased); (None, ()) when some pattern has no such letter."""
    letters: set[str] = set()
    latin: set[str] = set()
    for pattern in patterns:
        plain = _ESCAPE.sub(" ", pattern)
        own = {ch for ch in plain if ch.isalpha() and not ("\u0000" <= ch <= "\u024f")}
        words = {" ".join(re.findall(r"\w+", w.lower())) for w in _LATIN_WORD.findall(plain)}
        if not own and not words:
            return None, ()
        letters |= own | {ch.lower() for ch in own}
        latin |= words
    if not letters:
        return None, ()
    return re.compile(f"[{re.escape(''.join(sorted(letters)))}]"), tuple(sorted(latin))


@dataclass(frozen=True)
class _EnglishTest:
    law_triggers: AnchoredPattern  # need espionage context
    expulsion_or_recall: AnchoredPattern  # need nothing more
    closure: AnchoredPattern  # needs premises
    premises: AnchoredPattern
    espionage: AnchoredPattern


@cache
def _english() -> _EnglishTest:
    law = [
        _forms(ARREST_VERBS | ARREST_NOUNS | CHARGE_VERBS | CHARGE_NOUNS),
        _forms(CONVICT_VERBS | CONVICT_NOUNS),
        r"\bcustody\b",
        r"\bguilty\b",
        _near(_forms({"get", "receive"}), _forms({"year", "month", "sentence", "term"}), 40),
    ]
    expulsion_or_recall = [
        _forms(EXPEL_VERBS | EXPEL_NOUNS | {"deport", "deportation"}),
        r"\bpersonae? non grata\b",
        _near(_forms(OUT_VERBS | {"kick", "throw", "boot"}), r"\bout\b"),
        _near(_forms(HOME_VERBS), r"\b(?:home|back)\b"),
        _near(_forms(LEAVE_GOVERNORS), _forms(LEAVE_VERBS)),
        _forms(RECALL_VERBS | RECALL_NOUNS),
    ]
    return _EnglishTest(
        law_triggers=_compile("|".join(law)),
        expulsion_or_recall=_compile("|".join(expulsion_or_recall)),
        closure=_compile(
            rf"{_forms(CLOSE_VERBS | CLOSURE_NOUNS | {'shut'})}"
            rf"|{_near(_forms(STATUS_VERBS), 'diplomatic status', 200)}"
            rf"|{_near('diplomatic status', _forms(STATUS_VERBS), 200)}"
        ),
        premises=_compile(rf"{_forms(PREMISES_NOUNS)}|\bdiplomatic status\b"),
        espionage=_compile("|".join([ESPIONAGE_RE.pattern, _forms(ESPIONAGE_LEMMAS)])),
    )


@cache
def _other_language(lang: str) -> _LanguageTest:
    lex = lexicons()[lang]
    script, latin_words = _script_test(lex.trigger_patterns(*EVENT_TYPES))
    return _LanguageTest(
        law_triggers=_compile(lex.wrap(lex.trigger_patterns("arrest", "charge", "conviction"))),
        other_triggers=_compile(lex.wrap(lex.trigger_patterns("expulsion", "recall", "closure"))),
        other_context=_compile(lex.wrap((*lex.diplomatic, *lex.espionage))),
        espionage=_compile(lex.wrap(lex.espionage)),
        script=script,
        latin_words=latin_words,
    )


def _english_reason(text: str, low: str) -> str | None:
    """``low``: the lower-cased ``text``. An agency's name, as written, is espionage context
    (the English rules find it with the gazetteer's names)."""
    test = _english()
    if test.expulsion_or_recall.search(low):
        return None
    if test.closure.search(low) and test.premises.search(low):
        return None
    law = test.law_triggers.search(low) is not None
    if law and (test.espionage.search(low) or _agency_named(text)):
        return None
    if law:
        return "no-espionage-context:en"
    if test.closure.search(low):
        return "no-premises:en"  # a closure word ("close") with no embassy or consulate
    return "no-trigger:en"


def _lexicon_reason(text: str, low: str, lang: str) -> str | None:
    test = _other_language(lang)
    if not test.may_trigger(low):
        return f"no-trigger:{lang}"
    law = test.law_triggers.search(low) is not None
    other = test.other_triggers.search(low) is not None
    if not law and not other:
        return f"no-trigger:{lang}"
    if other and test.other_context.search(low):
        return None
    if law and (test.espionage.search(low) or find_agencies(text, lang)):
        return None
    return f"no-context:{lang}"


class WatchTerms:
    """Whether any watchlist name is in a text, built once per set of names.

    A name is present when its words, folded (transliterated to Latin, lower-cased), appear
    in a row in the folded text; a name written in capitals (an acronym: "BIS", "MIT")
    only as written, so that German "bis" or "mit" is not a watched agency. The text's words
    are first looked up in a set of each name's longest word, so most texts cost one pass.
    """

    def __init__(self, names: Iterable[str]) -> None:
        self._by_key: dict[str, list[tuple[str, re.Pattern[str] | None]]] = {}
        for name in names:
            tokens = fold_words(name)
            if not tokens:
                continue
            acronym = name.strip().isupper() and " " not in name.strip()
            exact = re.compile(rf"(?<!\w){re.escape(name.strip())}(?!\w)") if acronym else None
            phrase = f" {' '.join(tokens)} "
            self._by_key.setdefault(max(tokens, key=len), []).append((phrase, exact))
        self.keys: frozenset[str] = frozenset(self._by_key)

    @classmethod
    def from_names(cls, names: Iterable[str]) -> WatchTerms:
        return cls(names)

    def present(self, text: str) -> bool:
        unique = set(_WORD.findall(text.lower()))
        folded_unique = unique | {w for u in unique if not u.isascii() for w in fold_words(u)}
        candidates = self.keys & folded_unique
        if not candidates:
            return False
        folded = f" {' '.join(fold_words(text))} "
        for key in candidates:
            for phrase, exact in self._by_key[key]:
                if exact is not None:
                    if exact.search(text):
                        return True
                elif phrase in folded:
                    return True
        return False

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_key.values())


def fold_words(text: str) -> list[str]:
    """The words of ``text`` in Latin letters, lower-cased (``Мікалай`` → ``mikalai``)."""
    return _NON_ALNUM.sub(" ", unidecode(text).lower()).split()


@cache
def _agency_descriptors() -> AnchoredPattern:
    """Every agency descriptor ("military intelligence", "spy agency"), lower-cased: the
    extractors find descriptors in any case."""
    descriptors = {d.lower() for a in gazetteer().agencies.values() for d in a.descriptors}
    return _compile(_alternation(descriptors))


@cache
def _agency_names_as_written() -> tuple[AnchoredPattern, re.Pattern[str]]:
    names: set[str] = set()
    for agency in gazetteer().agencies.values():
        names.update((agency.short, *agency.aliases, *agency.context_aliases))
    long_names = {n for n in names if len(n) >= MIN_ANCHOR}
    return (
        AnchoredPattern(re.compile(_alternation(long_names))),
        re.compile(_alternation(names - long_names)),
    )


def _agency_named(text: str) -> bool:
    """Is an agency named in ``text`` as the gazetteer writes it ("BfV", "MI5", "GRU")?"""
    long_names, short_names = _agency_names_as_written()
    return long_names.search(text) is not None or short_names.search(text) is not None


def _alternation(names: Iterable[str]) -> str:
    escaped = sorted((re.escape(n) for n in names if n.strip()), key=len, reverse=True)
    return rf"(?<!\w)(?:{'|'.join(escaped) or '(?!)'})(?!\w)"


def names_agency(text: str, low: str | None = None) -> bool:
    """Does ``text`` name or describe an intelligence agency as the extractors find them (a
    name or alias as written, a descriptor in any case)? ``low``: ``text`` lower-cased.
    Extraction lists an article's agencies even when it holds no event."""
    if _agency_named(text):
        return True
    return _agency_descriptors().search(low if low is not None else text.lower()) is not None


def _any_language_reason(
    text: str, low: str, lang: str | None, watch_terms: WatchTerms | None
) -> str | None:
    if watch_terms is not None and watch_terms.present(text):
        return None
    if _english_reason(text, low) is None:
        return None
    if any(_lexicon_reason(text, low, other) is None for other in sorted(lexicon_languages())):
        return None
    return f"no-trigger:{lang or 'unknown'}"


def prefilter_reason(text: str, lang: str | None, watch_terms: WatchTerms | None) -> str | None:
    """None when ``text`` may hold an event (run NLP); else why it cannot (skip it).

    ``lang`` is the article's ISO 639-1 code when known. English and the languages with a
    lexicon are tested with their own words; another known language is not read
    (``language-not-read:<code>``: no rules could find its events). An unknown language runs
    NLP when any language's test passes or any watchlist term (``watch_terms``) is in the text. An
    article naming an intelligence agency is always extracted: extraction reports an
    article's agencies even when it holds no event.
    """
    key = lexicon_key(lang) if lang else None
    if key is not None and not reads_language(key):
        return not_read_reason(key)
    low = text.lower()
    if key == ENGLISH:
        reason = _english_reason(text, low)
    elif key in lexicon_languages():
        reason = _lexicon_reason(text, low, key)
    else:
        reason = _any_language_reason(text, low, key, watch_terms)
    if reason is None or names_agency(text, low):
        return None
    return reason


def article_reason(
    article: ArticleInput, watch_terms: WatchTerms | None, lang: str | None = None
) -> str | None:
    """``prefilter_reason`` of an article: its title and text, in the language the extractor
    would use (``lang``, else the article's own, else the one detected from its text;
    ``UNDETERMINED``: none, not detected again).

    An English article that passes as a whole and names no agency is then read as the
    extractor parses it: paragraph by paragraph (:func:`english_paragraph_reason`), and for
    the two states every English event is between (:func:`english_states_reason`).
    """
    lang = article_language(lang or article.lang, article.text)
    text = f"{article.title}\n\n{article.text}" if article.title else article.text
    reason = prefilter_reason(text, lang, watch_terms)
    if (
        reason is None
        and lang is not None
        and lexicon_key(lang) == ENGLISH
        and not names_agency(text, text.lower())
    ):
        reason = english_states_reason(text) or english_paragraph_reason(
            prepare_article(replace(article, lang=lang)), watch_terms
        )
    return reason


def english_states_reason(text: str) -> str | None:
    """None when ``text`` names two or more states; else why no English event can be in it.

    Every English event is recorded between an acting and a target state, and both are
    states the gazetteer knows (its names, capitals, demonyms and dateline cities, or the
    country of an agency it names). A text that names fewer than two of them, in any case and
    spelling the gazetteer has, holds no event.
    """
    table = _state_names()
    text_words = _WORD.findall(text.lower())
    found: set[str] = set()
    for i, word in enumerate(text_words):
        for length in table.lengths.get(word, ()):
            found |= table.keys.get(tuple(text_words[i : i + length]), frozenset())
            if len(found) >= 2:
                return None
    return f"states-{len(found)}:en"


@dataclass(frozen=True)
class _StateNames:
    keys: dict[tuple[str, ...], frozenset[str]]  # a name's words → the states it names
    lengths: dict[str, tuple[int, ...]]  # a name's first word → the lengths of such names


@cache
def _state_names() -> _StateNames:
    gaz = gazetteer()
    keys: dict[tuple[str, ...], set[str]] = {}

    def add(name: str, key: str) -> None:
        name_words = tuple(_WORD.findall(name.lower()))
        if name_words:
            keys.setdefault(name_words, set()).add(key)

    for state in gaz.states.values():
        for name in (state.name, *state.names, *state.capitals, *state.demonyms, *state.cities):
            add(name, state.key)
    for agency in gaz.agencies.values():
        for name in (agency.short, *agency.aliases, *agency.context_aliases):
            add(name, agency.country)
    lengths: dict[str, set[int]] = {}
    for name_words in keys:
        lengths.setdefault(name_words[0], set()).add(len(name_words))
    return _StateNames(
        keys={k: frozenset(v) for k, v in keys.items()},
        lengths={w: tuple(sorted(n)) for w, n in lengths.items()},
    )


def english_trigger_in(text: str) -> bool:
    """Does ``text`` hold an English event trigger of any type (its context not required)?"""
    test = _english()
    low = text.lower()
    return any(
        pattern.search(low) is not None
        for pattern in (test.expulsion_or_recall, test.closure, test.law_triggers)
    )


def english_paragraph_reason(
    prepared: PreparedArticle, watch_terms: WatchTerms | None = None
) -> str | None:
    """None when a paragraph of the article, as the extractor parses it, may hold an event;
    else why none can.

    The English rules find a mention in one sentence, with the espionage context of an
    arrest, charge or conviction in that sentence, the two before it in its paragraph, or the
    headline (``nongrata.extractors.english.mentions``); a closure's premises are in its own
    sentence. No sentence crosses a paragraph. So each paragraph is tested on its own, with
    the headline as context; a watchlist term in the paragraph or the headline counts as
    context too (a watchlist's alias can name an agency the gazetteer does not).
    """
    test = _english()
    headline = prepared.headline

    def has_context(part: str, low: str) -> bool:
        return (
            test.espionage.search(low) is not None
            or _agency_named(part)
            or (watch_terms is not None and watch_terms.present(part))
        )

    headline_context = bool(headline) and has_context(headline, headline.lower())
    reason = "no-trigger:en"
    for paragraph in prepared.paragraphs():
        low = paragraph.lower()
        if test.expulsion_or_recall.search(low):
            return None
        if test.closure.search(low):
            if test.premises.search(low):
                return None
            reason = "no-premises:en" if reason == "no-trigger:en" else reason
        if test.law_triggers.search(low):
            if headline_context or has_context(paragraph, low):
                return None
            reason = "no-espionage-context:en"
    return f"paragraphs-{reason}"


def extract_prefiltered(
    extract: Callable[[Sequence[ArticleInput]], list[ArticleExtraction]],
    articles: Sequence[ArticleInput],
    watch_terms: WatchTerms | None,
) -> list[ArticleExtraction]:
    """``extract`` over the articles that pass the prefilter; the others come back empty with
    ``skipped`` set to the reason. Results are in input order. The candidates carry the
    language found here (``UNDETERMINED`` if none), so that ``extract`` (in this process or
    in a worker) does not detect it again."""
    langs = [article_language(a.lang, a.text) for a in articles]
    known = [lang or UNDETERMINED for lang in langs]
    reasons = [article_reason(a, watch_terms, k) for a, k in zip(articles, known, strict=True)]
    candidates = [
        replace(a, lang=k)
        for a, k, reason in zip(articles, known, reasons, strict=True)
        if reason is None
    ]
    extracted = iter(extract(candidates) if candidates else [])
    results: list[ArticleExtraction] = []
    for article, lang, reason in zip(articles, langs, reasons, strict=True):
        if reason is None:
            results.append(next(extracted))
        else:
            results.append(ArticleExtraction(id=article.id, lang=lang, skipped=reason))
    return results
