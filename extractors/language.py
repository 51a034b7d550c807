"""Language identification of article text (py3langid), as ISO 639-1 codes."""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol

import pycountry

from nongrata.extractors.multilingual.lexicon import ENGLISH, lexicon_key, lexicon_languages
from nongrata.types import NOT_READ

MIN_LETTERS = 15  # below this, no guess is better than a wrong one
MIN_WORDS = 3
MIN_PROBABILITY = 0.3
SAMPLE_CHARS = 5000  # the opening of a long text is enough and keeps this fast
# An article's language as ``ArticleInput.lang`` gives it once it was looked for in vain (ISO
# 639-2's code for "undetermined"): it is not detected again, in this process or another
# (loading the identifier's model costs a process about a second).
UNDETERMINED = "und"


class _Identifier(Protocol):
    def classify(self, text: str) -> tuple[str, float]: ...


@lru_cache(maxsize=1)
def _identifier() -> _Identifier:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    identifier: _Identifier = LanguageIdentifier.from_modelpath(
        MODEL_DIR / MODEL_FILE, norm_probs=True
    )
    return identifier


def _iso639_1(code: str) -> str | None:
    if len(code) == 2 and code.isalpha():
        return code.lower()
    language = pycountry.languages.get(alpha_3=code)
    alpha_2 = getattr(language, "alpha_2", None) if language is not None else None
    return alpha_2 if isinstance(alpha_2, str) else None


def detect_language(text: str | None) -> str | None:
    """The ISO 639-1 code of ``text``'s language; None when it is too short or unclear."""
    if not text:
        return None
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS or len(sample.split()) < MIN_WORDS:
        return None
    code, probability = _identifier().classify(sample)
    if probability < MIN_PROBABILITY:
        return None
    return _iso639_1(str(code))


def article_language(declared: str | None, text: str | None) -> str | None:
    """``declared`` (an ``ArticleInput.lang``), else the language detected from ``text``;
    None when it is not known (``UNDETERMINED`` declared: without detecting again)."""
    if declared == UNDETERMINED:
        return None
    return declared or detect_language(text)


def reads_language(lang: str) -> bool:
    """Whether events can be found in ``lang`` (English, or a lexicon language or alias)."""
    return lang == ENGLISH or lexicon_key(lang) in lexicon_languages()


def not_read_reason(lang: str) -> str:
    return f"{NOT_READ}:{lang}"
