"""``nongrata alerts list`` (and its library): alerts and operational notices together,
newest first, each with its delivery state; notices of a dead feed are visible there."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from nongrata.alerts.listing import NoticeView, alerts_and_notices, list_notices
from nongrata.cli.app import app
from nongrata.db import Database, open_database
from nongrata.settings import Settings
from tests.support.notices import FEED, T0, dead_feed_and_an_alert


def test_notices_are_listed_with_the_alerts(
    db: Database, make_settings: Callable[..., Settings]
) -> None:
    dead_feed_and_an_alert(db, make_settings())
    (notice,) = list_notices(db)
    assert (notice.subscription, notice.kind, notice.title) == (
        "operator",
        "feed-dead",
        "feed dead: World news",
    )
    assert notice.detail is not None
    assert "HTTP 500" in notice.detail
    assert notice.state == "failed"  # its target is down: retried at the next runs
    assert notice.deliveries[0].target.startswith("json://127.0.0.1")
    rows = alerts_and_notices(db)
    assert isinstance(rows[0], NoticeView)  # the newest first
    assert [r.to_json()["kind"] for r in rows] == ["notice", "alert", "alert"]  # one each
    assert alerts_and_notices(db, subscription="desk")[0].to_json()["kind"] == "alert"


def test_the_cli_lists_notices_among_alerts(
    db_url: str, tmp_path: Path, make_settings: Callable[..., Settings]
) -> None:
    db = open_database(db_url)
    dead_feed_and_an_alert(db, make_settings())
    db.dispose()
    env = {"NONGRATA_DATABASE_URL": db_url, "NONGRATA_DATA_DIR": str(tmp_path / "data")}
    result = CliRunner().invoke(app, ["alerts", "list"], env=env)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "2025-09-05 06:00 operator [failed] notice: feed dead: World news"
    assert lines[1] == f"    {FEED} — HTTP 500 Internal Server Error"
    assert lines[2].startswith("    failed (attempts 1) → json://127.0.0.1")
    assert any("desk [pending] " in line for line in lines)
    result = CliRunner().invoke(app, ["alerts", "list", "--json"], env=env)
    rows = json.loads(result.output)
    assert (rows[0]["kind"], rows[0]["subscription"]) == ("notice", "operator")
    assert {(r["kind"], r["subscription"]) for r in rows[1:]} == {
        ("alert", "desk"),
        ("alert", "operator"),
    }
    assert rows[0]["notice"] == "feed-dead"
    assert rows[0]["last_success_at"] == T0.isoformat()
