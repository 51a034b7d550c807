"""The web view's queries, on the database the demo fills: filters, one event with its
sources, related events, the overview's counts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from nongrata.alerts.reports import agency_label
from nongrata.db import Database, open_database
from nongrata.db.types import utcnow
from nongrata.events.record import record_extractions
from nongrata.settings import Settings, bundled_watchlists_dir
from nongrata.watchlists import load_watchlists
from nongrata.web.events import find_events, get_event, latest_events, related_events
from nongrata.web.filters import BadQuery, EventFilter, parse_filter
from nongrata.web.overview import geography, timeline
from tests.support.factories import add_article, event, extraction


def _pairs(db: Database, f: EventFilter) -> set[tuple[str, str | None, str | None]]:
    return {
        (v.report.type, v.report.actor_iso, v.report.target_iso) for v in find_events(db, f).events
    }


def _czech(db: Database) -> int:
    (view,) = find_events(db, EventFilter(type="expulsion", actor="CZ")).events
    return view.id


def test_every_demo_event_is_listed_latest_first(demo_db: Database) -> None:
    page = find_events(demo_db, EventFilter())
    assert page.total == len(page.events) == 10
    days = [v.day for v in page.events]
    assert days == sorted(days, reverse=True)
    assert page.events[-1].report.actor_iso == "GB"  # the 2018 background expulsion last
    assert [v.id for v in latest_events(demo_db, 3)] == [v.id for v in page.events[:3]]


def test_filters_narrow_the_list(demo_db: Database) -> None:
    assert _pairs(demo_db, EventFilter(type="arrest")) == {
        ("arrest", "NO", "IR"),
        ("arrest", "PL", "RU"),
    }
    # A state by its code or its name, any case; either side with `country`.
    assert _pairs(demo_db, EventFilter(actor="poland")) == _pairs(demo_db, EventFilter(actor="PL"))
    assert _pairs(demo_db, EventFilter(target="cz")) == {("expulsion", "BY", "CZ")}
    assert {p[0:3] for p in _pairs(demo_db, EventFilter(country="CZ"))} == {
        ("expulsion", "CZ", "BY"),
        ("expulsion", "BY", "CZ"),
    }
    assert _pairs(demo_db, EventFilter(agency="gru")) == {("charge", "PL", "RU")}
    assert _pairs(demo_db, EventFilter(person="tomasz")) == {
        ("charge", "PL", "RU"),
        ("arrest", "PL", "RU"),
    }
    assert find_events(demo_db, EventFilter(lang="en")).total == 10
    assert find_events(demo_db, EventFilter(lang="de")).total == 0
    new = find_events(demo_db, EventFilter(new=True))
    assert new.total == 7
    assert all(v.report.new for v in new.events)
    assert _pairs(demo_db, EventFilter(watchlist="agencies")) == {
        ("expulsion", "CZ", "BY"),
        ("arrest", "NO", "IR"),
        ("conviction", "EE", "RU"),
        ("charge", "PL", "RU"),
        ("arrest", "PL", "RU"),
    }
    assert find_events(demo_db, EventFilter(watchlist="persons")).total == 0
    # Countries: only the watched states touch (the bundled list names every state).
    watched = {"RU", "BY", "CN", "IR", "KP"}
    everything = _pairs(demo_db, EventFilter())
    touching = {p for p in everything if watched & set(p[1:3])}
    assert _pairs(demo_db, EventFilter(watchlist="countries")) == touching


def test_date_range_uses_the_event_date(demo_db: Database) -> None:
    old = find_events(demo_db, EventFilter(date_to=date(2019, 1, 1)))
    assert [(v.report.actor_iso, v.day) for v in old.events] == [("GB", date(2018, 3, 1))]
    recent = find_events(demo_db, EventFilter(date_from=date(2019, 1, 1)))
    assert recent.total == 9


def test_paging(demo_db: Database) -> None:
    first = find_events(demo_db, EventFilter(per_page=4))
    third = find_events(demo_db, EventFilter(per_page=4, page=3))
    assert (first.pages, first.first, first.last) == (3, 1, 4)
    assert (len(third.events), third.first, third.last) == (2, 9, 10)
    everything = find_events(demo_db, EventFilter())
    shown = [
        v.id
        for p in (1, 2, 3)
        for v in find_events(demo_db, EventFilter(per_page=4, page=p)).events
    ]
    assert shown == [v.id for v in everything.events]


def test_one_event_has_every_source_with_its_outlet_clean_link_and_evidence(
    demo_db: Database,
) -> None:
    view = get_event(demo_db, _czech(demo_db))
    assert view is not None
    assert len(view.sources) >= 3
    outlets = {s.outlet for s in view.sources}
    assert {"Baltic Security Review", "Central Europe Wire", "Diplomatic Dispatch"} <= outlets
    for source in view.sources:
        assert source.url.startswith("http://127.0.0.1:")
        assert "utm_" not in source.url  # the feeds link with utm_source=rss
        assert source.title
        assert source.published is not None
        assert source.language == "en"
        assert source.evidence
        assert all(source.evidence)
    assert any("KGB" in s for source in view.sources for s in source.evidence)
    assert {m.entry for m in view.report.matches} >= {"KGB", "Belarus", "Czech Republic"}


def test_related_events(demo_db: Database) -> None:
    czech = get_event(demo_db, _czech(demo_db))
    assert czech is not None
    related = related_events(demo_db, czech)
    reverse = [
        r for r in related if (r.view.report.actor_iso, r.view.report.target_iso) == ("BY", "CZ")
    ]
    assert reverse
    assert "retaliation" in reverse[0].why

    (charge,) = find_events(demo_db, EventFilter(type="charge", actor="PL")).events
    why = {r.view.report.type: r.why for r in related_events(demo_db, charge)}
    assert why["arrest"] == "the same person: Tomasz K."
    assert get_event(demo_db, 10_000) is None


def test_overview_counts_new_events_in_the_window(demo_db: Database) -> None:
    now = utcnow()
    line = timeline(demo_db, now, 30)
    assert line.unit == "day"
    assert len(line.buckets) == 30
    assert line.total == 7  # the new ones; the 2018 expulsion is background
    assert sum(c["expulsion"] for c in line.counts.values()) == 2
    assert timeline(demo_db, now, 365).unit == "week"
    geo = geography(demo_db, now, 30)
    by_code = {c.code: c for c in geo.countries}
    assert (by_code["PL"].as_actor, by_code["PL"].as_target) == (2, 0)
    assert (by_code["RU"].as_actor, by_code["RU"].as_target) == (0, 3)
    assert ("PL", "RU", 2) in geo.pairs
    assert "GB" not in by_code
    # A window that ended before the demo's events holds none of them.
    past = datetime(2025, 1, 1, tzinfo=UTC) - timedelta(days=1)
    assert timeline(demo_db, past, 30).total == 0


def test_parse_filter_reads_and_writes_the_query_string() -> None:
    f = parse_filter(
        {"type": "Arrest", "actor": " PL ", "from": "2026-01-02", "new": "1", "watchlist": "any",
         "lang": "EN", "page": "2"}
    )  # fmt: skip
    assert f == EventFilter(
        type="arrest", actor="PL", date_from=date(2026, 1, 2), new=True, watchlist="any",
        lang="en", page=2,
    )  # fmt: skip
    assert parse_filter(dict(pair.split("=") for pair in f.query()[1:].split("&"))) == f
    assert f.query(page=1) == "?type=arrest&actor=PL&lang=en&from=2026-01-02&new=1&watchlist=any"
    assert EventFilter().query() == ""
    assert not EventFilter(page=3).active


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"type": "kidnap"}, "type: 'kidnap' is not one of"),
        ({"from": "yesterday"}, "from: 'yesterday' is not a date (use YYYY-MM-DD)"),
        ({"from": "2026-02-01", "to": "2026-01-01"}, "from: 2026-02-01 is after to: 2026-01-01"),
        ({"page": "0"}, "page: 0 is not between 1 and"),
        ({"per_page": "x"}, "per_page: 'x' is not a number"),
        ({"new": "maybe"}, "new: 'maybe' is not 1 or 0"),
        ({"watchlist": "friends"}, "watchlist: 'friends' is not one of"),
        ({"person": "x" * 201}, "person: longer than 200 characters"),
    ],
)
def test_bad_filters_are_named(params: dict[str, str], message: str) -> None:
    with pytest.raises(BadQuery, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        parse_filter(params)


def test_agency_sides_are_recorded_by_the_run(demo_db: Database) -> None:
    # The demo's real run (feeds on 127.0.0.1) extracted and stored each agency's side.
    sides = {
        (v.report.type, v.report.actor_iso): dict(v.report.agency_sides)
        for v in find_events(demo_db, EventFilter(new=True)).events
    }
    assert sides[("expulsion", "CZ")] == {"KGB": "target"}
    assert sides[("arrest", "PL")] == {"ABW": "actor"}
    assert sides[("charge", "PL")] == {"GRU": "target"}
    assert sides[("arrest", "NO")] == {"PST": "actor"}
    (czech,) = find_events(demo_db, EventFilter(type="expulsion", actor="CZ")).events
    assert agency_label("KGB", czech.report) == "KGB (Belarus, foreign)"
    assert agency_label("XYZ", czech.report) == "XYZ"


def test_only_watched_states_touch_the_countries_list(
    tmp_path: Path, make_settings: Callable[..., Settings]
) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'watched.db'}")
    try:
        settings = make_settings()
        poland = add_article(db, "https://news.example/cz-pl")
        belarus = add_article(db, "https://news.example/cz-by")
        record_extractions(
            db,
            settings,
            [
                extraction(poland, event("expulsion", "CZ", "PL")),
                extraction(belarus, event("expulsion", "CZ", "BY")),
            ],
            load_watchlists(bundled_watchlists_dir()),
            None,
            datetime(2025, 9, 10, tzinfo=UTC),
        )
        assert find_events(db, EventFilter()).total == 2
        for listed in ("countries", "any"):  # both states are in the list; only BY is watched
            assert _pairs(db, EventFilter(watchlist=listed)) == {("expulsion", "CZ", "BY")}
    finally:
        db.dispose()
