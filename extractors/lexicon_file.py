"""Reading one lexicon data file (``extractors/data/lexicons/<language>.yaml``), checked.

A lexicon file is a YAML mapping of known keys (the format: ``data/lexicons/README.md``).
:class:`LexiconFile` hands out each entry as the type the rules need and raises one
:class:`~nongrata.errors.DataFileError` naming the file and the entry on the first thing that
is wrong: an unreadable file, an unknown or missing key, a value of the wrong type, or a
regular expression that does not compile.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from pathlib import Path
from re import _parser as sre_parse  # type: ignore[attr-defined]
from types import MappingProxyType

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from nongrata.errors import DataFileError

LEXICON_DIR = Path(__file__).parent / "data" / "lexicons"
_ABSENT = object()  # no value given: the entry is read from the file
# Only the compiler (not the parser) checks a look-behind's width; every other error in a
# regular expression is the parser's.
_LOOKBEHIND = "(?<"


class LexiconFile:
    """One lexicon file's mapping; every accessor checks the entry it reads."""

    def __init__(self, path: Path, known: Collection[str], required: Collection[str]) -> None:
        self.path = path
        try:
            data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, YAMLError) as exc:
            raise DataFileError(str(path), None, f"cannot be read: {exc}") from exc
        if not isinstance(data, dict):
            raise DataFileError(str(path), None, "must be a mapping of lexicon entries")
        for key in data:
            if key not in known:
                raise self.error(str(key), f"unknown key (known: {', '.join(sorted(known))})")
        for key in required:
            if key not in data:
                raise self.error(key, "missing")
        self.data: dict[str, object] = data

    def error(self, entry: str, problem: str) -> DataFileError:
        return DataFileError(str(self.path), entry, problem)

    def mapping(self, key: str) -> Mapping[str, object]:
        value = self.data.get(key, {})
        if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
            raise self.error(key, "must be a mapping with string keys")
        return value

    def section(self, key: str, names: Collection[str], kind: str) -> Mapping[str, object]:
        """The mapping ``key``, which must hold every one of ``names`` (``kind``s) and no other."""
        given = self.mapping(key)
        for name in given:
            if name not in names:
                raise self.error(f"{key}.{name}", f"unknown {kind} (known: {', '.join(names)})")
        for name in names:
            if name not in given:
                raise self.error(f"{key}.{name}", "missing")
        return given

    def strings(self, key: str, value: object) -> tuple[str, ...]:
        """``value`` (the entry ``key``) as a non-empty list of strings."""
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, str) and v for v in value)
        ):
            raise self.error(key, "must be a non-empty list of non-empty strings")
        return tuple(value)

    def words(self, key: str, value: object) -> frozenset[str]:
        """``value`` (the entry ``key``) as a non-empty set of words (no spaces)."""
        found = self.strings(key, value)
        if any(len(word.split()) != 1 for word in found):
            raise self.error(key, "must hold single words (no spaces)")
        return frozenset(found)

    def patterns(self, key: str, value: object = _ABSENT) -> tuple[str, ...]:
        """The regular expressions of the entry ``key`` (``value`` when given), each compiled."""
        found = self.strings(key, self.data.get(key) if value is _ABSENT else value)
        for index, pattern in enumerate(found):
            self.compiles(f"{key}[{index}]", pattern)
        return found

    def pattern(self, key: str, default: str | None = None) -> str:
        """One regular expression (``default`` when the key is absent), checked it compiles."""
        return self.regex(key, self.data.get(key, default))

    def regex(self, entry: str, value: object) -> str:
        """``value`` (the entry ``entry``) as one regular expression, checked it compiles."""
        if not isinstance(value, str) or not value:
            raise self.error(entry, "must be a non-empty string (a regular expression)")
        return self.compiles(entry, value)

    def compiles(self, entry: str, pattern: str) -> str:
        """``pattern``, checked as ``re.compile`` would check it: parsed (a third of the cost
        of compiling, and the rules compile the lexicon's patterns anyway, joined), compiled
        only when it holds a look-behind."""
        try:
            if _LOOKBEHIND in pattern:
                re.compile(pattern)
            else:
                sre_parse.parse(pattern)
        except re.error as exc:
            problem = f"regular expression {pattern!r} does not compile: {exc}"
            raise self.error(entry, problem) from exc
        return pattern

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.error(key, "must be true or false")
        return value

    def numbers(self, key: str) -> Mapping[str, int]:
        """A mapping of words to whole numbers (``bool`` is not a number here)."""
        found: dict[str, int] = {}
        for word, number in self.mapping(key).items():
            if not isinstance(number, int) or isinstance(number, bool) or not word:
                raise self.error(f"{key}.{word}", "must map a word to a whole number")
            found[word] = number
        return MappingProxyType(found)


def lexicon_paths() -> list[Path]:
    """Every lexicon file present, by language code."""
    return sorted(LEXICON_DIR.glob("*.yaml"))
