from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from xml.etree import ElementTree as ET

from typer.testing import CliRunner

from nongrata.alerts.subscriptions import SubscriptionSpec, subscribe
from nongrata.cli.app import app
from nongrata.db import open_database
from nongrata.settings import Settings
from tests.support.factories import add_article, event, extraction, record_test_events

runner = CliRunner()
ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = 'Prague expels <script>alert(1)</script> & "friends" \x07'
SECRET = "t0pS3cretPass"


def invoke(db_url: str, tmp_path: Path, *args: str) -> tuple[int, str]:
    env = {"NONGRATA_DATABASE_URL": db_url, "NONGRATA_DATA_DIR": str(tmp_path / "data")}
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.output


def populate(db_url: str, settings: Settings) -> None:
    db = open_database(db_url)
    subscribe(
        db,
        SubscriptionSpec(
            name="desk", urls=[f"json://ops:{SECRET}@127.0.0.1:9/hook"], types=["expulsion"]
        ),
    )
    a = add_article(db, "https://a.example/1", title=HOSTILE, published=date(2025, 9, 10))
    b = add_article(
        db, "https://b.example/2", title="Poland arrests Russian spy", published=date(2025, 9, 12)
    )
    items = [extraction(a, event(persons=["Mikalai Dukshta"], agencies=["KGB"], count=1))]
    record_test_events(db, settings, datetime(2025, 9, 10, 12, tzinfo=UTC), *items)
    later = [extraction(b, event("arrest", "PL", "RU", agencies=["GRU"]))]
    record_test_events(db, settings, datetime(2025, 9, 12, 12, tzinfo=UTC), *later)
    db.dispose()


def test_events_list_in_text_json_and_csv(
    db_url: str, tmp_path: Path, make_settings: Callable[..., Settings]
) -> None:
    populate(db_url, make_settings())
    code, out = invoke(db_url, tmp_path, "events", "list")
    assert code == 0, out
    lines = out.strip().splitlines()
    assert lines[0].endswith("Poland arrests suspected Russian spy · 1 source")
    assert lines[1].endswith("Czech Republic expels Belarusian diplomat · 1 source")

    code, out = invoke(db_url, tmp_path, "events", "list", "--json", "--type", "expulsion")
    (only,) = json.loads(out)
    assert only["persons"] == ["Mikalai Dukshta"]
    assert only["agency_sides"] == {"KGB": "target"}  # Belarus's: the expelled side's
    assert only["sources"][0]["url"] == "https://a.example/1"

    code, out = invoke(db_url, tmp_path, "events", "list", "--csv", "--since", "2025-09-11")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["type"], r["actor_iso"], r["target_iso"]) for r in rows] == [("arrest", "PL", "RU")]

    code, out = invoke(db_url, tmp_path, "events", "list", "--since", "yesterday")
    assert (code, out.strip()) == (1, "Error: bad --since date 'yesterday': use YYYY-MM-DD")
    code, out = invoke(db_url, tmp_path, "events", "list", "--type", "coup")
    assert code == 1
    assert out.startswith("Error: unknown event type 'coup'")


def test_alerts_list_shows_delivery_state_without_secrets(
    db_url: str, tmp_path: Path, make_settings: Callable[..., Settings]
) -> None:
    populate(db_url, make_settings())
    code, out = invoke(db_url, tmp_path, "alerts", "list")
    assert code == 0, out
    assert "desk [pending] Czech Republic expels Belarusian diplomat · 1 source" in out
    assert "pending (attempts 0) → json://ops:****@127.0.0.1:9/hook" in out
    assert SECRET not in out
    code, out = invoke(db_url, tmp_path, "alerts", "list", "--json")
    assert json.loads(out)[0]["state"] == "pending"
    assert SECRET not in out


def test_alerts_feed_is_valid_escaped_atom(
    db_url: str, tmp_path: Path, make_settings: Callable[..., Settings]
) -> None:
    populate(db_url, make_settings())
    target = tmp_path / "out" / "alerts.xml"
    code, out = invoke(db_url, tmp_path, "alerts", "feed", "--output", str(target))
    assert (code, out.strip()) == (0, f"Wrote {target}")
    raw = target.read_text(encoding="utf-8")
    assert "<script>" not in raw
    assert "\x07" not in raw
    assert SECRET not in raw
    root = ET.fromstring(raw)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 1  # only alerted events
    entry = entries[0]
    assert entry.findtext(f"{ATOM}title") == "Czech Republic expels Belarusian diplomat · 1 source"
    assert entry.findtext(f"{ATOM}updated") == "2025-09-10T12:00:00Z"
    content = entry.findtext(f"{ATOM}content") or ""
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot;" in content
    )  # HTML-escaped
    assert entry.find(f"{ATOM}link").get("href") == "https://a.example/1"  # type: ignore[union-attr]
    code, out = invoke(db_url, tmp_path, "alerts", "feed")
    assert code == 0
    assert ET.fromstring(out).tag == f"{ATOM}feed"
