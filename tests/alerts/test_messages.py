from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from nongrata.alerts.messages import clean, escape, render_digest, render_event, safe_url
from nongrata.alerts.reports import (
    EventReport,
    MatchLine,
    Source,
    agencies_line,
    agency_label,
    headline,
)

HOSTILE = (
    'Spy <script>alert("x")</script> [click](javascript:alert(1)) *bold* & '
    "\x1b[31m\u202e\nFAKE: line"
)


def report(
    *, title: str = "Czech Republic expels KGB officer", url: str = "https://news.example/a?b=1&c=2"
) -> EventReport:
    return EventReport(
        id=7,
        type="expulsion",
        actor="Czech Republic",
        actor_iso="CZ",
        target="Belarus",
        target_iso="BY",
        persons=("Mikalai Dukshta",),
        agencies=("KGB",),
        count=1,
        event_date=date(2025, 9, 10),
        confidence=0.93,
        new=True,
        first_seen_at=datetime(2025, 9, 10, 12, tzinfo=UTC),
        sources=(
            Source(title, url, "news.example", None, "en"),
            Source("Second", "https://other.example/b", "other.example", None, "cs"),
            Source("Third", "https://third.example/c", "third.example", None, "en"),
        ),
        matches=(
            MatchLine(
                "persons", "dukshta-mikalai", "Mikalai Dukshta", "Nikolai Dukshta", "alias", 0.91
            ),
        ),
    )


def test_headline_names_actor_target_and_sources() -> None:
    # the agencies, with whose service each is, are a line of their own (issue 20)
    assert headline(report()) == "Czech Republic expels Belarusian diplomat · 3 sources"


def test_agencies_carry_their_side_in_every_format() -> None:
    arrest = replace(
        report(),
        type="arrest",
        actor="Norway",
        actor_iso="NO",
        target="Russia",
        target_iso="RU",
        agencies=("SVR", "PST", "NATO"),
        agency_sides={"SVR": "target", "PST": "actor", "NATO": None},
    )
    line = "PST (Norway, acting) · SVR (Russia, foreign) · NATO"
    assert agencies_line(arrest) == line
    assert "PST" not in headline(arrest)
    assert "SVR" not in headline(arrest)
    assert f"Agencies: {line}\n" in render_event(arrest, "text").body
    escaped = line.replace("(", "\\(").replace(")", "\\)")
    assert f"**Agencies:** {escaped}  " in render_event(arrest, "markdown").body
    assert f"<li><b>Agencies:</b> {line}</li>" in render_event(arrest, "html").body
    # the recorded side wins; an agency recorded without one gets it from the agency table
    unrecorded = replace(arrest, agency_sides={"SVR": "target"})
    assert agencies_line(unrecorded) == line
    assert agency_label("KGB", report()) == "KGB (Belarus, foreign)"
    assert agency_label("BIS", report()) == "BIS (Czech Republic, acting)"
    assert agency_label("MSS", report()) == "MSS"  # China's: neither side's service


def test_every_format_has_the_facts_matches_and_every_source() -> None:
    for fmt in ("text", "html", "markdown"):
        body = render_event(report(), fmt).body
        for needle in ("Mikalai Dukshta", "KGB", "2025-09-10", "Nikolai Dukshta", "other.example"):
            assert needle in body, (fmt, needle)
        assert "third.example/c" in body


def test_hostile_text_is_escaped_in_html() -> None:
    body = render_event(report(title=HOSTILE), "html").body
    assert "<script>" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    assert "\x1b" not in body
    assert "\u202e" not in body
    assert '<a href="https://news.example/a?b=1&amp;c=2">' in body


def test_hostile_text_is_escaped_in_markdown() -> None:
    body = render_event(report(title=HOSTILE), "markdown").body
    assert "[click](javascript" not in body
    assert r"\[click\]\(javascript:alert\(1\)\)" in body
    assert r"\*bold\*" in body
    assert r"\<script\>" in body
    assert "\x1b" not in body


def test_hostile_text_cannot_forge_lines_in_plain_text() -> None:
    body = render_event(report(title=HOSTILE), "text").body
    assert "\nFAKE: line" not in body
    assert "\x1b" not in body
    assert "\u202e" not in body


def test_only_http_links_are_made() -> None:
    assert safe_url("javascript:alert(1)") is None
    assert safe_url('https://a.example/x" onclick="y') == "https://a.example/x%22%20onclick=%22y"
    html_body = render_event(report(url="javascript:alert(1)"), "html").body
    assert 'href="javascript' not in html_body


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_titles_blended_into_the_body_are_escaped(fmt: str) -> None:
    hostile = replace(report(), type="arrest", persons=("<b>Ivan</b>",))
    assert "<b>Ivan</b>" in render_event(hostile, fmt).title  # a separate field: plain
    assert "<b>Ivan</b>" not in render_event(hostile, fmt, blended_title=True).title
    body = render_event(replace(hostile, agencies=("<b>GRU</b>",)), fmt).body
    assert "<b>GRU</b>" not in body


def test_digest_groups_by_type_and_country() -> None:
    arrest = EventReport(
        **{**report().__dict__, "id": 8, "type": "arrest", "actor": "Poland", "actor_iso": "PL"}
    )
    body = render_digest([report(), arrest], "text", name="desk", local_date=date(2025, 9, 11)).body
    assert (
        body.index("== Expulsions ==") < body.index("Czech Republic") < body.index("== Arrests ==")
    )
    assert body.index("== Arrests ==") < body.index("Poland")


def test_clean_and_escape() -> None:
    assert clean("a\x00b\r\nc\u200bd") == "a b c d"
    assert escape("a_b", "markdown") == r"a\_b"
    assert escape("<a>", "text") == "<a>"


def test_headlines_of_spy_cases_name_the_person() -> None:
    changes = {
        "type": "arrest",
        "actor": "Poland",
        "actor_iso": "PL",
        "target": "Russia",
        "target_iso": "RU",
        "persons": ("Pavel Rubtsov",),
        "agencies": ("GRU",),
    }
    arrest = EventReport(**{**report().__dict__, **changes})
    expected = "Poland arrests Pavel Rubtsov, suspected Russian spy · 3 sources"
    assert headline(arrest) == expected
    several = EventReport(**{**report().__dict__, "count": 2, "agencies": ()})
    assert headline(several) == "Czech Republic expels 2 Belarusian diplomats · 3 sources"


def test_a_report_in_another_language_is_read_in_english_and_quoted_in_its_own() -> None:
    czech = Source(
        "Česko vyhostí běloruského diplomata",
        "https://zpravy.example/cz",
        "zpravy.example",
        None,
        "cs",
        "Ministerstvo zahraničí vyhostí běloruského diplomata <kvůli> špionáži.",
    )
    polish = Source("Druga", "https://pl.example/a", "pl.example", None, "pl", czech.evidence)
    event = replace(report(), sources=(czech, polish))
    assert headline(event).startswith("Czech Republic expels Belarusian diplomat")
    text = render_event(event, "text").body
    assert "Evidence:\n  - [Czech] “Ministerstvo zahraničí vyhostí" in text
    assert text.count("Ministerstvo zahraničí") == 1  # the same sentence is quoted once
    assert "zpravy.example, in Czech" in text
    html_body = render_event(event, "html").body
    assert "&lt;kvůli&gt;" in html_body
    assert "<kvůli>" not in html_body
    assert "[Czech] “Ministerstvo" in render_event(event, "markdown").body.replace(
        "\\[", "["
    ).replace("\\]", "]")
