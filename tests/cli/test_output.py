"""A command's document to ``--output FILE`` or stdout (``nongrata.cli.output``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nongrata.cli.output import write_or_print
from nongrata.errors import FeedError


def test_the_document_goes_to_stdout_as_it_is_without_a_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert write_or_print("<opml/>", None, FeedError) is False
    assert capsys.readouterr().out == "<opml/>"


def test_the_file_is_written_whole_with_its_folder_made(tmp_path: Path) -> None:
    target = tmp_path / "new" / "feeds.opml"
    assert write_or_print("<opml/>", target, FeedError) is True
    assert target.read_text(encoding="utf-8") == "<opml/>"
    assert sorted(p.name for p in target.parent.iterdir()) == ["feeds.opml"]  # no partial file


def test_a_file_that_cannot_be_written_is_one_error_of_the_given_kind(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file, not a folder", encoding="utf-8")
    target = tmp_path / "taken" / "feeds.opml"
    with pytest.raises(FeedError, match=r"^cannot write .*taken/feeds\.opml: "):
        write_or_print("<opml/>", target, FeedError)
