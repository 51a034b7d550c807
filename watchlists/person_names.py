"""Reading a person's name into its parts: given names, patronymic, surname.

``Sergei Skripal``, ``Skripal Sergei``, ``SKRIPAL, Sergei``, ``S. Skripal``,
``Vladimir Vladimirovich Putin`` and ``Сергей Викторович Скрипаль`` are all read; a name
whose order is not certain (two words, no comma) has two readings, and the comparison
tries both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nongrata.watchlists.names import strict_key, to_latin

PARTICLES = frozenset(
    [
        "de",
        "da",
        "di",
        "del",
        "della",
        "dos",
        "das",
        "van",
        "von",
        "der",
        "den",
        "du",
        "la",
        "le",
        "ter",
        "ten",
        "bin",
        "ibn",
        "al",
        "el",
        "zu",
        "af",
        "av",
    ]
)
SUFFIXES = frozenset(["jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "junior", "senior"])
_PATRONYMIC_ENDINGS = (
    "ovich",
    "evich",
    "avich",
    "ivich",
    "ovna",
    "evna",
    "avna",
    "ivna",
    "ichna",
    "auna",
    "ovic",
    "evic",
)
_PATRONYMIC_STEM = re.compile(r"(ov|ev|av|iv|)(ich|na|ichna|una|ic)$")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_EDGE_PUNCTUATION = '"“”«»„()[]{}:;!?,'


@dataclass(frozen=True)
class NamePart:
    """One word of a name; ``initial`` when it is written as a letter (``S.``)."""

    text: str
    initial: bool

    @property
    def key(self) -> str:
        return strict_key(self.text)


@dataclass(frozen=True)
class ParsedName:
    """One reading of a name. ``reordered`` when it was read surname-first."""

    raw: str
    given: tuple[NamePart, ...]
    patronymic: NamePart | None
    surname: str
    suffix: str | None = None
    reordered: bool = False

    @property
    def first_given(self) -> NamePart | None:
        return self.given[0] if self.given else None


def is_initial(token: str) -> bool:
    letters = [ch for ch in token if ch.isalpha()]
    if not letters:
        return False
    if len(letters) == 1:
        return True
    # "Yu." / "Ya." / "Zh." (transliterated Cyrillic initials)
    return token.endswith(".") and len(letters) <= 2


def is_patronymic(token: str) -> bool:
    if is_initial(token):
        return False
    key = strict_key(token)
    return len(key) > 6 and key.endswith(_PATRONYMIC_ENDINGS)


def patronymic_stem(token: str) -> str:
    """The father's name inside a patronymic key (``vladimirovich`` → ``vladimir``)."""
    return _PATRONYMIC_STEM.sub("", strict_key(token))


def clean_tokens(text: str) -> tuple[list[str], bool]:
    """Words of a name, and whether a comma marks "Surname, Given"."""
    comma = "," in text.strip().strip(",")
    tokens = []
    for raw in text.replace(",", " , ").split():
        token = raw.strip(_EDGE_PUNCTUATION)
        token = _POSSESSIVE.sub("", token)
        if raw == ",":
            tokens.append(",")
        elif token and any(ch.isalpha() for ch in token):
            tokens.append(token)
    return tokens, comma


def _join_particles(tokens: list[str]) -> list[str]:
    """``De Croo`` and ``van der Leyen`` become one surname word."""
    out: list[str] = []
    pending: list[str] = []
    for index, token in enumerate(tokens):
        if token.casefold() in PARTICLES and index < len(tokens) - 1 and index > 0:
            pending.append(token)
            continue
        out.append(" ".join([*pending, token]))
        pending = []
    return out


def _part(token: str) -> NamePart:
    return NamePart(token, is_initial(token))


def _reading(
    raw: str, surname: str, rest: list[str], suffix: str | None, *, reordered: bool
) -> ParsedName:
    patronymic = None
    given = list(rest)
    if len(given) >= 2 and is_patronymic(given[-1]):
        patronymic = _part(given.pop())
    elif len(given) >= 2 and all(is_initial(t) for t in given[1:]):
        patronymic = _part(given.pop())  # "V. V. Putin": the second initial is the patronymic
    return ParsedName(
        raw, tuple(_part(t) for t in given), patronymic, surname, suffix, reordered=reordered
    )


def parse_name(text: str) -> list[ParsedName]:
    """Every plausible reading of a name, the likeliest first; empty when it has no words."""
    tokens, comma = clean_tokens(text)
    suffix = None
    while tokens and tokens[-1].casefold() in SUFFIXES:
        suffix = tokens.pop().casefold().rstrip(".")
    if comma and "," in tokens:
        at = tokens.index(",")
        head = [t for t in tokens[:at] if t != ","]
        tail = [t for t in tokens[at + 1 :] if t != ","]
        if head and tail:
            surname = " ".join(head)
            return [_reading(text, surname, tail, suffix, reordered=True)]
    tokens = _join_particles([t for t in tokens if t != ","])
    if not tokens:
        return []
    if len(tokens) == 1:
        return [ParsedName(text, (), None, tokens[0], suffix)]
    readings = [_reading(text, tokens[-1], tokens[:-1], suffix, reordered=False)]
    first_is_name = not is_initial(tokens[0]) and not is_patronymic(tokens[0])
    if first_is_name and not is_initial(tokens[-1]):
        readings.append(_reading(text, tokens[0], tokens[1:], suffix, reordered=True))
    return readings


def initial_letters(part: NamePart) -> str:
    """An initial's letters as a strict key prefix (``Ю.`` → ``iu``, ``S.`` → ``s``)."""
    return strict_key(to_latin(part.text).replace(".", ""))
