"""Checking that a bad bundled data file raises one DataFileError naming file and entry."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from nongrata.errors import DataFileError, NongrataError


def assert_one_error(parse: Callable[[], object], source: str, entry: str, reason: str) -> None:
    """``parse()`` raises one :class:`DataFileError` for ``entry`` of ``source`` whose reason
    contains ``reason``, and its message starts with the file and the entry."""
    with pytest.raises(DataFileError) as caught:
        parse()
    assert isinstance(caught.value, NongrataError)
    assert (caught.value.source, caught.value.entry) == (source, entry)
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"{source}: {entry}: ")
