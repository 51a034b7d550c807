"""Untrusted XML and YAML are parsed safely: entity expansion in feeds is harmless
(billion laughs, external entities, external DTDs: no expansion, no file read, no request),
and a watchlist with a ``!!python/object`` tag is refused without running anything."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import select
from typer.testing import CliRunner

from nongrata.cli.app import app
from nongrata.db import Article, Feed, open_database
from nongrata.errors import WatchlistError
from nongrata.ingest.feeds import parse_feed
from nongrata.ingest.registry import add_feed
from nongrata.pipeline.sequence import run_monitor
from nongrata.settings import Settings
from tests.support.ingest import RSS, run_ingest

LOL = "".join(
    f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
)  # 10**9 "lol"s when expanded
BILLION_LAUGHS = (
    f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol0 "lol">{LOL}]>'
    '<rss version="2.0"><channel><title>&lol9;</title><item><title>laughs &lol9;</title>'
    "<link>http://127.0.0.1/laughs</link><description>&lol9;</description></item>"
    "</channel></rss>"
)


def external_entities(secret_file: Path, dtd_url: str) -> str:
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "{dtd_url}" ['
        f'<!ENTITY xxe SYSTEM "file://{secret_file}"><!ENTITY remote SYSTEM "{dtd_url}">'
        f'<!ENTITY % pe SYSTEM "{dtd_url}"> %pe;]>'
        '<rss version="2.0"><channel><title>x &xxe;</title><item><title>xxe &xxe; &remote;</title>'
        "<link>http://127.0.0.1/xxe</link><description>&xxe;</description></item>"
        "</channel></rss>"
    )


def test_billion_laughs_does_not_expand() -> None:
    parsed = parse_feed(BILLION_LAUGHS.encode(), url="http://127.0.0.1/f", content_type=RSS)
    texts = [parsed.title or ""] + [f"{e.title} {e.summary}" for e in parsed.entries]
    assert all(len(t) < 200 for t in texts), [len(t) for t in texts]
    assert all("lollol" not in t for t in texts)


def test_external_entities_and_dtds_are_never_read_or_fetched(
    httpserver_ipv4: HTTPServer, tmp_path: Path, make_settings: Callable[..., Settings]
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-MARKER", encoding="utf-8")
    dtd_url = httpserver_ipv4.url_for("/evil.dtd")
    httpserver_ipv4.expect_request("/evil.dtd").respond_with_data(
        '<!ENTITY leak "LEAKED-FROM-DTD">', content_type="application/xml-dtd"
    )
    httpserver_ipv4.expect_request("/laughs.xml").respond_with_data(
        BILLION_LAUGHS, content_type=RSS
    )
    httpserver_ipv4.expect_request("/xxe.xml").respond_with_data(
        external_entities(secret, dtd_url), content_type=RSS
    )
    settings = make_settings(fetch_pages=False)
    db = open_database(settings.effective_database_url)
    with db.session() as session:
        for path in ("/laughs.xml", "/xxe.xml"):
            add_feed(session, httpserver_ipv4.url_for(path))
    summary = run_ingest(db, settings)
    assert summary.feeds_polled == 2
    assert "internal-error" not in summary.failures
    assert {r.path for r, _ in httpserver_ipv4.log} == {"/laughs.xml", "/xxe.xml"}
    with db.session() as session:
        stored = list(session.scalars(select(Article)))
        feeds = list(session.scalars(select(Feed)))
    dumped = " ".join(f"{a.title} {a.summary} {a.text}" for a in stored)
    dumped += " ".join(f"{f.title} {f.last_error} {f.parse_problem}" for f in feeds)
    assert "TOPSECRET-MARKER" not in dumped
    assert "LEAKED-FROM-DTD" not in dumped
    assert "lollollol" not in dumped
    assert len(dumped) < 5000
    db.dispose()


PYTHON_TAGS = (
    "    name: !!python/object/apply:pathlib.Path.touch [{marker}]\n",
    "    name: !!python/object/apply:os.system ['touch {marker}']\n",
    "    name: !!python/object/new:pathlib.Path [{marker}]\n",
    "    name: !!python/name:os.system\n",
)


@pytest.mark.parametrize("tagged", PYTHON_TAGS)
def test_python_tags_in_watchlists_are_refused_everywhere(
    tagged: str, tmp_path: Path, make_settings: Callable[..., Settings]
) -> None:
    marker = tmp_path / "pwned"
    folder = tmp_path / "lists"
    folder.mkdir()
    (folder / "persons.yaml").write_text(
        "kind: persons\nentries:\n  - id: x\n" + tagged.format(marker=f'"{marker}"'),
        encoding="utf-8",
    )
    code_output = CliRunner().invoke(
        app,
        ["watchlist", "validate", str(folder)],
        env={"NONGRATA_DATA_DIR": str(tmp_path / "data")},
    )
    assert code_output.exit_code == 1
    assert "persons.yaml" in code_output.output
    # A run with this folder stops before anything is fetched or stored.
    settings = make_settings(watchlists=folder)
    with pytest.raises(WatchlistError) as caught:
        run_monitor(settings)
    assert "persons.yaml:" in str(caught.value)
    assert not marker.exists()
