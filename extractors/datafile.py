"""Reading the extractors' bundled JSON data files: decoding and typed, checked field access
whose every problem is one :class:`~nongrata.errors.DataFileError` naming the file and entry."""

from __future__ import annotations

import json
import re
from typing import Any, NoReturn

from nongrata.errors import DataFileError


def decode(text: str, source: str) -> Any:
    """The JSON value of ``text`` (the file ``source``)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataFileError(source, f"line {exc.lineno}", f"not valid JSON: {exc.msg}") from exc


class Reader:
    """Typed field access that reports the file and the entry of any problem."""

    def __init__(self, source: str, entry: str, raw: Any, keys: set[str], required: set[str]):
        self.source, self.entry = source, entry
        if not isinstance(raw, dict):
            self.fail("must be an object")
        unknown = sorted(set(raw) - keys)
        missing = sorted(required - set(raw))
        if unknown:
            self.fail(f"unknown field {unknown[0]!r}")
        if missing:
            self.fail(f"missing field {missing[0]!r}")
        self.raw: dict[str, Any] = raw

    def fail(self, reason: str) -> NoReturn:
        raise DataFileError(self.source, self.entry, reason)

    def text(self, key: str, default: str | None = None) -> str:
        value = self.raw.get(key, default)
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{key!r} must be a non-empty string")
        return str(value)

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.fail(f"{key!r} must be a list of non-empty strings")
        return tuple(value)

    def pattern(self, key: str) -> str:
        value = self.raw.get(key, "")
        if not isinstance(value, str):
            self.fail(f"{key!r} must be a string")
        try:
            re.compile(value)
        except re.error as exc:
            self.fail(f"{key!r} is not a regular expression: {exc}")
        return str(value)
