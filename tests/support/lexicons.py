"""Lexicon files for tests: a bundled file's data, a changed copy written to a folder, and
the check that loading a bad one is one error naming the file and the entry."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from nongrata.errors import DataFileError
from nongrata.extractors.lexicon_file import LEXICON_DIR


def bundled(language: str) -> dict[str, Any]:
    """The data of the bundled lexicon file of ``language`` (a fresh copy to change)."""
    data: dict[str, Any] = YAML(typ="safe").load((LEXICON_DIR / f"{language}.yaml").read_text())
    return data


def write_lexicon(folder: Path, language: str, data: object) -> Path:
    """``data`` written as the lexicon file of ``language`` in ``folder``; its path."""
    path = folder / f"{language}.yaml"
    with path.open("w", encoding="utf-8") as out:
        YAML(typ="safe").dump(data, out)
    return path


def assert_refused(load: Callable[[Path], object], path: Path, message: str) -> None:
    """``load(path)`` raises one DataFileError: the file's path, then ``message`` (a regex)."""
    with pytest.raises(DataFileError, match=rf"^{re.escape(str(path))}: {message}"):
        load(path)
