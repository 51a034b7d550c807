from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from nongrata.cli.app import app
from nongrata.settings import Settings

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.chdir(tmp_path)  # no stray nongrata.toml
    return {
        "NONGRATA_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "NONGRATA_DATA_DIR": str(tmp_path / "data"),
        "NONGRATA_SEED_DEFAULT_FEEDS": "false",
    }


def invoke(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["feeds", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_add_list_remove(env: dict[str, str]) -> None:
    code, out, _ = invoke(env, "add", "https://feeds.example.com/world.xml", "--title", "World")
    assert code == 0
    assert "Added https://feeds.example.com/world.xml" in out
    code, out, _ = invoke(env, "list")
    assert code == 0
    for heading in ("url", "title", "last status", "errors", "last error", "next poll"):
        assert heading in out
    assert "https://feeds.example.com/world.xml" in out
    assert "never polled" in out
    code, out, _ = invoke(env, "remove", "https://feeds.example.com/world.xml")
    assert (code, out.strip()) == (0, "Removed https://feeds.example.com/world.xml")
    code, out, _ = invoke(env, "list")
    assert "No feeds registered" in out


def test_errors_are_one_line_and_exit_1(env: dict[str, str]) -> None:
    invoke(env, "add", "https://example.com/feed")
    for args, message in (
        (
            ("add", "https://example.com/feed"),
            "Error: https://example.com/feed: already registered",
        ),
        (("add", "ftp://example.com/x"), "Error: 'ftp://example.com/x': not an http(s) URL"),
        (("remove", "https://unknown.example/"), "Error: https://unknown.example/: no such feed"),
    ):
        code, _, err = invoke(env, *args)
        assert code == 1
        (line,) = [line for line in err.splitlines() if line.strip()]
        assert line.startswith(message)


def test_import_and_export(env: dict[str, str], tmp_path: Path) -> None:
    opml = tmp_path / "in.opml"
    opml.write_text(
        '<opml version="2.0"><body><outline text="g">'
        '<outline text="A" xmlUrl="https://a.example/rss"/>'
        '<outline text="Bad" xmlUrl="nope"/></outline></body></opml>'
    )
    code, out, err = invoke(env, "import", str(opml))
    assert code == 0
    assert "Imported 1 feeds" in out
    assert "1 skipped as invalid" in out
    assert "nope" in err
    code, out, _ = invoke(env, "export")
    assert code == 0
    assert 'xmlUrl="https://a.example/rss"' in out
    assert out.startswith("<?xml")
    target = tmp_path / "out.opml"
    code, _, _ = invoke(env, "export", "--output", str(target))
    assert code == 0
    assert 'xmlUrl="https://a.example/rss"' in target.read_text()


def test_a_bad_opml_file_is_one_line_naming_it(env: dict[str, str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.opml"
    bad.write_text("<opml><body>")
    code, _, err = invoke(env, "import", str(bad))
    assert code == 1
    (line,) = [line for line in err.splitlines() if line.strip()]
    assert line.startswith(f"Error: {bad}: not valid XML")


def test_help_lists_every_command(env: dict[str, str]) -> None:
    code, out, _ = invoke(env, "--help")
    assert code == 0
    for command in ("add", "list", "remove", "import", "export"):
        assert command in out


def test_add_by_country_then_sources_and_list(env: dict[str, str]) -> None:
    code, out, _ = invoke(env, "add", "--country", "pl", "--kind", "agency")
    assert code == 0
    assert "Added 1 bundled sources for country PL and kind agency" in out
    assert "https://www.pap.pl/rss.xml" in out
    code, out, _ = invoke(env, "sources", "--country", "PL,cz")
    assert code == 0
    assert "\nCZ (" in out
    assert "\nPL (" in out
    assert "[x] agency     pl  Polska Agencja Prasowa (PAP)  https://www.pap.pl/rss.xml" in out
    assert "[ ] outlet" in out
    code, out, _ = invoke(env, "list")
    assert code == 0
    for heading in ("country", "lang", "kind"):
        assert heading in out
    assert "1 feeds (1 countries, 1 languages)" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add",), "Error: give a feed URL, or --country/--language/--kind"),
        (("add", "https://x.example/f", "--country", "PL"), "Error: give a URL or --country"),
        (("add", "--country", "Poland"), "Error: country 'Poland': not a two-letter ISO 3166-1"),
        (("add", "--kind", "blog"), "Error: kind 'blog': not one of agency, outlet"),
        (("sources", "--country", "AQ"), "Error: no bundled source for country AQ"),
    ],
)
def test_bad_source_options_are_one_line(
    env: dict[str, str], args: tuple[str, ...], message: str
) -> None:
    code, _, err = invoke(env, *args)
    assert code == 1
    (line,) = [line for line in err.splitlines() if line.strip()]
    assert line.startswith(message)


def table_rows(out: str) -> list[list[str]]:
    """The cells of each row's first line in a printed table (folded cells continue below)."""
    rows = [[c.strip() for c in line.split("│")[1:-1]] for line in out.splitlines()]
    return [r for r in rows if len(r) > 3 and r[0] and r[0] != "country"]


def test_a_fresh_databases_first_feeds_list_shows_the_bundled_sources_by_country(
    env: dict[str, str],
) -> None:
    from nongrata.ingest.registry import default_feed_outlines

    fresh = {**env, "NONGRATA_SEED_DEFAULT_FEEDS": "true"}
    bundled = default_feed_outlines()
    code, out, _ = invoke(fresh, "list")
    assert code == 0
    rows = table_rows(out)
    assert len(rows) == len(bundled)
    countries = [r[0] for r in rows]
    assert countries == sorted(countries)  # each country's feeds together, states in order
    languages = {r[1] for r in rows}
    assert len(languages) >= 25
    assert {r[2] for r in rows} >= {"agency", "outlet", "ministry", "prosecutor", "service"}
    n_countries = len({o.country for o in bundled})
    assert f"{len(bundled)} feeds ({n_countries} countries, {len(languages)} languages)" in out
    assert "will be registered" not in out
    # Registered once: a bundled feed removed stays removed, whatever the command.
    assert invoke(fresh, "remove", "https://www.pap.pl/rss.xml")[0] == 0
    code, out, _ = invoke(fresh, "list")
    assert len(table_rows(out)) == len(bundled) - 1
    assert "https://www.pap.pl/rss.xml" not in out


def test_feeds_list_marks_a_feed_to_replace_with_the_commands(
    env: dict[str, str], httpserver_ipv4: HTTPServer, make_settings: Callable[..., Settings]
) -> None:
    from nongrata.db import open_database
    from tests.support.ingest import run_ingest

    httpserver_ipv4.expect_request("/gone.xml").respond_with_data("gone", status=410)
    httpserver_ipv4.expect_request("/page.xml").respond_with_data(
        "<!DOCTYPE html><html><body><p>moved</p></body></html>", content_type="text/html"
    )
    gone, page = httpserver_ipv4.url_for("/gone.xml"), httpserver_ipv4.url_for("/page.xml")
    assert invoke(env, "add", gone)[0] == 0
    assert invoke(env, "add", page)[0] == 0
    db = open_database(env["NONGRATA_DATABASE_URL"])
    try:
        summary = run_ingest(db, make_settings(fetch_pages=False))
    finally:
        db.dispose()
    assert len(summary.to_replace) == 2

    code, out, _ = invoke(env, "list")
    assert code == 0
    marked = [r for r in table_rows(out) if r[7].startswith("REPLACE (")]
    assert len(marked) == 2  # in the last error column
    assert "2 feeds to replace (REPLACE):" in out
    home = httpserver_ipv4.url_for("/")
    assert (
        f"  {gone} answers 410 Gone: replace it: `nongrata feeds discover {home}`,"
        f" then `nongrata feeds remove {gone}`"
    ) in out.splitlines()


def test_a_database_used_without_the_list_is_not_given_it_by_a_command(
    env: dict[str, str],
) -> None:
    """A database whose runs went without the bundled list (as the demo's) keeps its feeds
    when a command opens it; the list comes with its next run, as the notice says."""
    from nongrata.db import Run, open_database
    from nongrata.db.types import utcnow

    db = open_database(env["NONGRATA_DATABASE_URL"])
    try:
        with db.session() as session:
            session.add(Run(kind="monitor", started_at=utcnow(), status="finished", summary={}))
    finally:
        db.dispose()
    code, out, _ = invoke({**env, "NONGRATA_SEED_DEFAULT_FEEDS": "true"}, "list")
    assert code == 0
    assert "No feeds registered" in out
    assert "bundled default feeds will be registered on the first run" in out
