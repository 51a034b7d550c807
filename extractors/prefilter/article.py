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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache

from nongrata.extractors.english.prepare import prepare_article
from nongrata.extractors.language import (
    UNDETERMINED,
    article_language,
    not_read_reason,
    reads_language,
)
from nongrata.extractors.multilingual.lexicon import lexicon_key, lexicon_languages, lexicons
from nongrata.extractors.multilingual.mentions import find_agencies
from nongrata.extractors.prefilter.anchors import AnchoredPattern
from nongrata.extractors.prefilter.english import (
    english_paragraph_reason,
    english_reason,
)
from nongrata.extractors.prefilter.names import (
    WatchTerms,
    compile_lower,
    english_states_reason,
    names_agency,
)
from nongrata.types import EVENT_TYPES, ArticleExtraction, ArticleInput

ENGLISH = "en"


@dataclass(frozen=True)
class LanguageTest:
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


@cache
def language_test(lang: str) -> LanguageTest:
    lex = lexicons()[lang]
    script, latin_words = _script_test(lex.trigger_patterns(*EVENT_TYPES))
    return LanguageTest(
        law_triggers=compile_lower(
            lex.wrap(lex.trigger_patterns("arrest", "charge", "conviction"))
        ),
        other_triggers=compile_lower(
            lex.wrap(lex.trigger_patterns("expulsion", "recall", "closure"))
        ),
        other_context=compile_lower(lex.wrap((*lex.diplomatic, *lex.espionage))),
        espionage=compile_lower(lex.wrap(lex.espionage)),
        script=script,
        latin_words=latin_words,
    )


def _lexicon_reason(text: str, low: str, lang: str) -> str | None:
    test = language_test(lang)
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


def _any_language_reason(
    text: str, low: str, lang: str | None, watch_terms: WatchTerms | None
) -> str | None:
    if watch_terms is not None and watch_terms.present(text):
        return None
    if english_reason(text, low) is None:
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
        reason = english_reason(text, low)
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
