"""Name normalisation: one Latin key for the many spellings of a name.

Two levels, both applied to both sides of a comparison:

- :func:`strict_key` — transliterates Cyrillic (Russian, Belarusian, Ukrainian letters) and
  strips diacritics (unidecode), then folds the usual romanisation variants: German and
  Polish digraphs (``tsch``/``sch``/``sz``/``cz``, ``w``), ``kh``/``h``, ``y``/``i``/``j``,
  ``ks``/``x``, ``-iy``/``-yi``/``-ij`` endings, ``ie``/``ye``/``je`` and ``io``/``yo``
  (ё), doubled letters, Ukrainian ``h`` for Russian ``g``, ``-enka``/``-enko``.
- :func:`loose_key` — adds the Belarusian and Ukrainian sound shifts (``dz``→``d``,
  ``ts``→``t`` before a front vowel, ``ou``/``au``/``eu``→``ov``/``av``/``ev``, initial
  ``u``+consonant→``v``, ``ia``→``e`` after a consonant, unstressed ``o``→``a``) and merges
  sibilant digraphs (``sh``/``s``, ``ch``/``c``, ``zh``/``z``), so that Lukashenka ~
  Lukashenko, Tsikhanouskaya ~ Tikhanovskaya and Șor ~ Shor share it.

Both functions are total: any string in, a (possibly empty) string of lower-case ASCII
words out. :func:`strict_key` is idempotent, and ``loose_key(strict_key(x)) == loose_key(x)``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from unidecode import unidecode

# Cyrillic → Latin in the common English/BGN style; letters of Russian, Belarusian and
# Ukrainian. Anything else goes through unidecode.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "yo",
    "є": "ye", "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ў": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "'": "",
    "ʼ": "", "’": "",
}  # fmt: skip
_CYRILLIC_TABLE = str.maketrans(_CYRILLIC | {k.upper(): v.title() for k, v in _CYRILLIC.items()})
# Ukrainian г is h; in a word with Ukrainian-only letters transliterate it so.
_UKRAINIAN_ONLY = frozenset("єїґі")

_VOWELS = "aeiou"
_NON_LETTERS = re.compile(r"[^a-z]+")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def has_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def _transliterate_word(word: str) -> str:
    lowered = word.lower()
    if has_cyrillic(lowered) and _UKRAINIAN_ONLY & set(lowered):
        lowered = lowered.replace("г", "h")
    return lowered.translate(_CYRILLIC_TABLE)


def to_latin(text: str) -> str:
    """The text in Latin letters: Cyrillic transliterated, diacritics and other scripts via
    unidecode. Case is kept where the source has it."""
    normalised = unicodedata.normalize("NFC", text)
    if has_cyrillic(normalised):
        normalised = re.sub(
            r"[\u0400-\u04ff'ʼ’]+",
            lambda m: _match_case(m.group(0), _transliterate_word(m.group(0))),
            normalised,
        )
    return unidecode(normalised)


def _match_case(source: str, latin: str) -> str:
    if source[:1].isupper():
        return latin[:1].upper() + latin[1:]
    return latin


# Ordered rewrites of one word of the strict key (lower-case ASCII letters only), applied
# until nothing changes.
_STRICT_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"schtsch|shtsh|szcz|shch", "sh"),  # щ: German, Polish, English
        (r"tsch", "ch"),  # ч in German
        (r"sch|sz", "sh"),  # ш in German, Polish
        (r"cz", "ch"),  # ч in Polish
        (r"^ch(?=[rlmnv])", "h"),  # German Ch- for Х- (Chruschtschow)
        (r"kh", "h"),
        (r"ck|q", "k"),
        (r"x", "ks"),
        (r"ph", "f"),
        (r"w", "v"),
        (r"tz", "ts"),
        (r"[yj]", "i"),
        (r"g", "h"),  # Ukrainian г (h) = Russian г (g); both sides fold alike
        (r"^i(?=[eo])", ""),  # Ye-/Je-/Yo- = E-/O- at the start (Yevgeny, Jelena)
        (r"(?<=[^aeiou])io", "e"),  # ё written yo/io/e (Fyodor, Semyonov, Pyotr)
        (r"(?<=[^aeiou])ie", "e"),  # -ye-/-ie- after a consonant (Dmitriyev, Dmitriev)
        (r"enka$", "enko"),  # Belarusian -enka = -enko
        (r"([a-z])\1+", r"\1"),  # doubled letters
    )
)

# Ordered rewrites of one strict-key word for the loose key ("q" stands for ч/ц, which
# the strict key never produces), applied until nothing changes.
_LOOSE_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"dz", "d"),  # Belarusian дз (Dzmitry, Dzianis)
        (r"ts(?=[ie])", "t"),  # Belarusian ць (Kanstantsin, Tsikhanouskaya)
        (r"^u(?=[^aeiou])", "v"),  # Belarusian ў- (Uladzimir)
        (r"(?<=[aeo])u(?=[^aeiou]|$)", "v"),  # Belarusian -оў/-аў/-еў (Ivanou, Yaraslau)
        (r"(?<=[^aeiou])ia", "e"),  # Belarusian я for е (Siarhei, Sviatlana)
        (r"sh", "s"),
        (r"zh", "z"),
        (r"ch|ts|c(?=[ie])", "q"),  # ч/ц: English ch/ts, Romanian ci/ce, Polish ci
        (r"c", "k"),
        (r"h", ""),  # g/h/kh differences (Mikhail/Mihail, Oleh/Oleg) vanish
        (r"o", "a"),  # akanye: unstressed о written а
        (r"e(?=i)", ""),  # -ei / -i endings (Andrei, Andrii)
        (r"([a-z])\1+", r"\1"),
    )
)
_MAX_PASSES = 10


def _rewrite(word: str, rules: tuple[tuple[re.Pattern[str], str], ...]) -> str:
    for _ in range(_MAX_PASSES):
        before = word
        for pattern, replacement in rules:
            word = pattern.sub(replacement, word)
        if word == before:
            break
    return word


def _words(name: str) -> list[str]:
    words = (_NON_LETTERS.sub("", w) for w in to_latin(name).lower().split())
    return [w for w in words if w]


@lru_cache(maxsize=65536)
def strict_key(name: str) -> str:
    """The transliteration key of a name: lower-case ASCII words separated by one space."""
    keys = (_rewrite(w, _STRICT_RULES) for w in _words(name))
    return " ".join(k for k in keys if k)


@lru_cache(maxsize=65536)
def loose_key(name: str) -> str:
    """The key with Belarusian/Ukrainian sound shifts and sibilant digraphs merged."""
    keys = (_rewrite(_rewrite(w, _STRICT_RULES), _LOOSE_RULES) for w in _words(name))
    return " ".join(k for k in keys if k)


def consonants(key: str) -> str:
    """A key without its vowels: the skeleton that survives vowel spelling differences."""
    return "".join(ch for ch in key if ch not in _VOWELS)


def fold_text(text: str) -> str:
    """Case- and diacritic-insensitive form of a phrase, words kept apart (alias lookup)."""
    return " ".join(_NON_ALNUM.sub(" ", to_latin(text).lower()).split())
