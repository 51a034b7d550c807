"""Hostile titles and text (``<script>``, Markdown injection, control characters,
``javascript:`` links) are harmless in EVERY alert format: text, HTML, Markdown, the
webhook's JSON, the digest in each, and the Atom alerts feed built from the database."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from xml.etree import ElementTree as ET

import pytest

from nongrata.alerts.feed import atom_feed
from nongrata.alerts.messages import FORMATS, render_digest, render_event
from nongrata.alerts.reports import EventReport, MatchLine, Source
from nongrata.alerts.subscriptions import SubscriptionSpec, subscribe
from nongrata.db import open_database
from nongrata.settings import Settings
from tests.support.factories import add_article, event, extraction, record_test_events

SCRIPT = '<script>alert("x")</script>'
MD_LINK = "[click me](javascript:alert(1))"
IMG = '<img src=x onerror="alert(2)">'
CONTROL = "\x1b[31m\x07\u202e\u200b\r\nFAKE: forged line\x00"
HOSTILE = f"Spy {SCRIPT} {MD_LINK} {IMG} **bold** `code` | table | &amp; {CONTROL}"
HOSTILE_URLS = (
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    'https://ok.example/a"><script>alert(1)</script>',
    "https://ok.example/a)](javascript:alert(1)",
    "vbscript:msgbox(1)",
)
ALLOWED_TAGS = frozenset({"a", "b", "ul", "li", "p", "h2", "h3", "h4", "h5"})
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b\u202e]")


def hostile_report(number: int = 1) -> EventReport:
    sources = tuple(
        Source(f"{HOSTILE} #{n}", url, "ok.example", None, "en")
        for n, url in enumerate(HOSTILE_URLS)
    )
    return EventReport(
        id=number,
        type="expulsion",
        actor=f"Czech {SCRIPT}",
        actor_iso=None,
        target=f"Belarus {MD_LINK}",
        target_iso=None,
        persons=(HOSTILE, f"Mikalai {IMG}"),
        agencies=(f"KGB {SCRIPT}",),
        count=1,
        event_date=date(2025, 9, 10),
        confidence=0.9,
        new=True,
        first_seen_at=datetime(2025, 9, 10, 12, tzinfo=UTC),
        sources=(*sources, Source(HOSTILE, "https://ok.example/real", "ok.example", None, "en")),
        matches=(MatchLine("persons", "x", HOSTILE, f"{MD_LINK} {CONTROL}", SCRIPT, 0.9),),
    )


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            self.attributes.append(name)
            if name == "href":
                self.hrefs.append(value or "")


def assert_safe_html(body: str, *, expect_link: bool = True) -> int:
    """Checks ``body``; the number of links in it."""
    parser = _Tags()
    parser.feed(body)
    parser.close()
    assert set(parser.tags) <= ALLOWED_TAGS, parser.tags
    assert set(parser.attributes) <= {"href"}, parser.attributes
    if expect_link:
        assert parser.hrefs, "the real source keeps its link"
    for href in parser.hrefs:
        assert href.startswith(("http://", "https://")), href
        assert not re.search(r'[<>"\s]', href), href
    assert not CONTROL_CHARS.search(body)
    return len(parser.hrefs)


def assert_safe_markdown(body: str) -> None:
    # Every link Markdown would make ("](" not escaped) goes to http(s), and its target
    # cannot be closed early by a parenthesis from the URL.
    for match in re.finditer(r"(?<!\\)\]\(([^)]*)\)", body):
        assert match.group(1).startswith(("http://", "https://")), match.group(0)
    assert not re.search(r"(?<!\\)<", body), "raw HTML in Markdown"
    assert not re.search(r"(?<![\\*])\*\*bold", body), "unescaped emphasis from the input"
    assert not CONTROL_CHARS.search(body)


def assert_safe_text(body: str) -> None:
    assert not CONTROL_CHARS.search(body)
    for line in body.splitlines():
        assert not line.startswith("FAKE"), line
        assert "<javascript:" not in line.lower()
        assert "<data:" not in line
        assert "<vbscript:" not in line


CHECKS: dict[str, Callable[[str], object]] = {
    "text": assert_safe_text,
    "html": assert_safe_html,
    "markdown": assert_safe_markdown,
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("blended", [False, True])
def test_event_alerts_are_safe_in_every_format(fmt: str, blended: bool) -> None:
    rendered = render_event(hostile_report(), fmt, blended_title=blended)
    CHECKS[fmt](rendered.body)
    assert "\n" not in rendered.title
    assert not CONTROL_CHARS.search(rendered.title)
    if blended and fmt == "html":
        assert "<script" not in rendered.title
    # The hostile text is still shown (escaped), not silently dropped.
    assert "forged line" in rendered.body


def test_the_webhook_document_is_safe() -> None:
    """The JSON alert a webhook gets: valid JSON, no control characters in any text, every
    link http(s) or null; the hostile text still shown."""
    rendered = render_event(hostile_report(), "json", web_base_url="https://desk.example")
    doc = json.loads(rendered.body)

    def strings(value: object) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, dict):
            return [s for v in value.values() for s in strings(v)]
        if isinstance(value, list):
            return [s for v in value for s in strings(v)]
        return []

    assert not any(CONTROL_CHARS.search(s) for s in strings(doc))
    links = [s["url"] for s in doc["sources"]] + [doc["page"]]
    assert links[-2:] == ["https://ok.example/real", "https://desk.example/events/1"]
    for link in links:
        assert link is None or (link.startswith(("http://", "https://")) and '"' not in link)
    assert "forged line" in rendered.body
    assert not CONTROL_CHARS.search(rendered.title)


@pytest.mark.parametrize("fmt", FORMATS)
def test_digests_are_safe_in_every_format(fmt: str) -> None:
    reports = [hostile_report(1), replace(hostile_report(2), type=f"arrest {SCRIPT}")]
    rendered = render_digest(
        reports, fmt, name=f"desk {SCRIPT}", local_date=date(2025, 9, 10), blended_title=True
    )
    CHECKS[fmt](rendered.body)
    assert rendered.body.count("forged line") >= 2


def test_the_atom_alerts_feed_is_well_formed_and_safe(
    db_url: str, make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings()
    db = open_database(db_url)
    subscribe(db, SubscriptionSpec(name="desk", urls=["json://127.0.0.1:9/hook"]))
    urls = ["https://ok.example/1", *HOSTILE_URLS[:2]]
    items = []
    for n, url in enumerate(urls):
        article = add_article(db, url, title=f"{HOSTILE} {n}", published=date(2025, 9, 10))
        items.append(
            extraction(
                article,
                event(
                    "expulsion",
                    "CZ",
                    ["BY", "RU", "CN"][n],
                    persons=[f"Mikalai {IMG}"],
                    agencies=[f"KGB {SCRIPT}"],
                    evidence=f"{HOSTILE} evidence {n}",
                ),
            )
        )
    record_test_events(db, settings, datetime(2025, 9, 10, 12, tzinfo=UTC), *items)
    raw = atom_feed(db, datetime(2025, 9, 11, tzinfo=UTC), title=f"alerts {SCRIPT}")
    db.dispose()
    assert "<script" not in raw
    assert not CONTROL_CHARS.search(raw)
    root = ET.fromstring(raw)
    atom = "{http://www.w3.org/2005/Atom}"
    entries = root.findall(f"{atom}entry")
    assert len(entries) == len(urls)
    links = 0
    for entry in entries:
        for link in entry.findall(f"{atom}link"):
            assert (link.get("href") or "").startswith(("http://", "https://"))
        links += assert_safe_html(entry.findtext(f"{atom}content") or "", expect_link=False)
        assert "\n" not in (entry.findtext(f"{atom}title") or "")
    assert links == 1  # only the http(s) source is a link
