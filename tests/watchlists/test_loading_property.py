"""Arbitrary YAML-ish text never breaks the loader: it validates or gives WatchlistError."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nongrata.errors import WatchlistError
from nongrata.watchlists import check_folder, load_watchlists
from nongrata.watchlists.loading import check_text

fragments = st.sampled_from(
    [
        "kind: persons\n",
        "kind: agencies\n",
        "kind: 3\n",
        "entries:\n",
        "entries: []\n",
        "  - id: a\n",
        "  - id: a b\n",
        "    name: A B\n",
        "    name: \n",
        "    aliases: [x, y]\n",
        "    aliases: [\n",
        "    country: BY\n",
        "    country: NO\n",
        "    country: 12\n",
        "    tags: {a: 1}\n",
        "    note: 2020-01-01\n",
        "  - !!python/object:os.system x\n",
        "&a [*a]\n",
        "- - -\n",
        "? complex\n",
        "'unterminated\n",
        "\t\n",
        "---\n",
        "...\n",
        "%YAML 1.1\n",
        "%TAG ! tag:x,2000:\n",
        "key: !custom value\n",
        "@bad\n",
        "a: b: c\n",
        "{\n",
        "}\n",
    ]
)
yamlish = st.one_of(
    st.lists(fragments, max_size=12).map("".join),
    st.text(max_size=200),
    st.lists(st.one_of(fragments, st.text(max_size=10)), max_size=10).map("".join),
)


@settings(max_examples=300, deadline=None)
@given(yamlish)
def test_check_text_returns_problems_and_never_raises(text: str) -> None:
    loaded, problems = check_text(text, "w.yaml")
    assert (loaded is None) == bool(problems)
    for problem in problems:
        assert problem.startswith("w.yaml:")
        line = problem.split(":")[1]
        assert line.isdigit()
        assert int(line) >= 1


@settings(max_examples=100, deadline=None)
@given(yamlish)
def test_loading_a_folder_raises_only_watchlist_errors(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "list.yaml").write_text(text, encoding="utf-8")
        loaded, problems = check_folder(Path(folder))
        if problems:
            with pytest.raises(WatchlistError) as caught:
                load_watchlists(Path(folder))
            assert caught.value.problems == problems
        else:
            watchlists = load_watchlists(Path(folder))
            assert len(watchlists) == sum(len(f.entries) for f in loaded)
