"""``nongrata feeds discover URL``: a site's feeds found from one of its pages, served on
127.0.0.1 (``NONGRATA_ONLY_HOSTS`` keeps every request local)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from nongrata.cli.app import app
from nongrata.ingest.discover import feed_links, looks_like_feed

runner = CliRunner()
RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
ATOM = '<?xml version="1.0"?><!-- x --><feed xmlns="http://www.w3.org/2005/Atom"/>'


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.chdir(tmp_path)
    return {
        "NONGRATA_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "NONGRATA_DATA_DIR": str(tmp_path / "data"),
        "NONGRATA_SEED_DEFAULT_FEEDS": "false",
        "NONGRATA_ALLOW_PRIVATE_NETWORKS": "true",
        "NONGRATA_ONLY_HOSTS": "127.0.0.1",
    }


def invoke(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["feeds", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def at(server: HTTPServer, path: str) -> str:
    return f"http://127.0.0.1:{server.port}{path}"


def page(*links: str) -> str:
    return f"<html><head><title>Site</title>{''.join(links)}</head><body>hi</body></html>"


def test_the_links_of_a_page_are_listed_and_one_is_added(
    env: dict[str, str], httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/news/").respond_with_data(
        page(
            '<link rel="alternate" type="application/rss+xml" title="All news" href="/rss.xml">',
            '<link rel="alternate" type="application/atom+xml" href="atom/world.xml">',
            '<link rel="stylesheet" href="/style.css">',
            '<link rel="alternate" hreflang="pl" href="/pl/">',
        ),
        content_type="text/html; charset=utf-8",
    )
    url = at(httpserver, "/news/")
    code, out, _ = invoke(env, "discover", url)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"1. {at(httpserver, '/rss.xml')}  All news  (link on the page)"
    assert lines[1] == f"2. {at(httpserver, '/news/atom/world.xml')}  (link on the page)"
    assert len(lines) == 3  # and the hint to add one
    code, out, _ = invoke(env, "discover", url, "--add", "2")
    assert code == 0
    assert f"Added {at(httpserver, '/news/atom/world.xml')}" in out
    code, out, _ = invoke(env, "list")
    assert at(httpserver, "/news/atom/world.xml") in out


def test_without_links_the_common_paths_are_tried(
    env: dict[str, str], httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/").respond_with_data(page(), content_type="text/html")
    httpserver.expect_request("/feed").respond_with_data(RSS, content_type="application/rss+xml")
    httpserver.expect_request("/rss").respond_with_data(page(), content_type="text/html")
    httpserver.expect_request("/atom.xml").respond_with_data(ATOM, content_type="text/xml")
    code, out, _ = invoke(env, "discover", at(httpserver, "/"), "--add", "1")
    assert code == 0
    assert out.splitlines()[:2] == [
        f"1. {at(httpserver, '/feed')}  (common path)",
        f"2. {at(httpserver, '/atom.xml')}  (common path)",
    ]
    assert f"Added {at(httpserver, '/feed')}" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("/",), "no feed found"),
        (("/missing",), "the page answered HTTP 404"),
        (("/", "--add", "0"), "--add 0: feeds are numbered from 1"),
    ],
)
def test_failures_are_one_line(
    env: dict[str, str], httpserver: HTTPServer, args: tuple[str, ...], message: str
) -> None:
    httpserver.expect_request("/").respond_with_data(page(), content_type="text/html")
    httpserver.expect_request("/missing").respond_with_data("gone", status=404)
    code, _, err = invoke(env, "discover", at(httpserver, args[0]), *args[1:])
    assert code == 1
    (line,) = [line for line in err.splitlines() if line.strip()]
    assert line.startswith("Error: ")
    assert message in line


def test_add_beyond_what_was_found(env: dict[str, str], httpserver: HTTPServer) -> None:
    httpserver.expect_request("/").respond_with_data(
        page('<link rel="alternate" type="application/rss+xml" href="/f.xml">'),
        content_type="text/html",
    )
    code, _, err = invoke(env, "discover", at(httpserver, "/"), "--add", "2")
    assert code == 1
    assert "Error: --add 2: only 1 feeds were found" in err


def test_a_host_outside_only_hosts_is_refused(env: dict[str, str]) -> None:
    code, _, err = invoke(env, "discover", "https://example.com/")
    assert code == 1
    assert err.startswith("Error: https://example.com/: cannot read the page")


def test_feed_links_and_feed_sniffing() -> None:
    html = (
        '<base href="https://cdn.example/base/">'
        '<link rel="Alternate" type="application/RSS+XML; charset=utf-8" href="a.xml">'
        '<link rel="alternate" type="application/rss+xml" href="a.xml">'
        '<link rel="alternate" type="application/rss+xml" href="javascript:x">'
    )
    assert [f.url for f in feed_links(html, "https://site.example/")] == [
        "https://cdn.example/base/a.xml"
    ]
    assert looks_like_feed(RSS.encode())
    assert looks_like_feed(ATOM.encode())
    assert looks_like_feed(b'\xef\xbb\xbf<rdf:RDF xmlns:rdf="x"/>')
    assert not looks_like_feed(b"<html><body>rss</body></html>")
