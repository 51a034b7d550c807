from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from nongrata.cli.app import app
from nongrata.db import open_database
from nongrata.settings import Settings
from tests.support.factories import (
    add_article,
    event,
    extraction,
    record_test_events,
    write_watchlists,
)

runner = CliRunner()
SECRET = "hunter2S3cret"


def invoke(
    db_url: str, tmp_path: Path, *args: str, watchlists: Path | None = None
) -> tuple[int, str]:
    env = {"NONGRATA_DATABASE_URL": db_url, "NONGRATA_DATA_DIR": str(tmp_path / "data")}
    if watchlists is not None:
        env["NONGRATA_WATCHLISTS"] = str(watchlists)
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.output


def test_subscribe_list_mute_remove(db_url: str, tmp_path: Path) -> None:
    url = f"json://ops:{SECRET}@127.0.0.1:9/hook"
    code, out = invoke(
        db_url,
        tmp_path,
        "subscribe",
        "desk",
        "--url",
        url,
        "--type",
        "expulsion",
        "--country",
        "CZ",
    )
    assert code == 0, out
    assert "Subscribed desk: one alert per new event; type=expulsion country=CZ" in out
    assert "json://ops:****@127.0.0.1:9/hook" in out
    assert SECRET not in out

    code, out = invoke(
        db_url,
        tmp_path,
        "subscribe",
        "digest-desk",
        "--url",
        url,
        "--digest",
        "--digest-time",
        "06:30",
        "--timezone",
        "Europe/Prague",
    )
    assert code == 0, out
    assert "daily digest at 06:30 Europe/Prague" in out

    code, out = invoke(db_url, tmp_path, "subscriptions", "list")
    assert code == 0
    assert "desk: one alert per new event" in out
    assert SECRET not in out
    code, out = invoke(db_url, tmp_path, "subscriptions", "list", "--json")
    listed = json.loads(out)
    assert [s["name"] for s in listed] == ["desk", "digest-desk"]
    assert SECRET not in out

    code, out = invoke(db_url, tmp_path, "subscriptions", "mute", "desk", "--until", "2031-01-01")
    assert (code, out.strip()) == (0, "desk muted until 2031-01-01 00:00 UTC")
    code, out = invoke(db_url, tmp_path, "subscriptions", "list")
    assert "muted until 2031-01-01 00:00 UTC" in out
    code, out = invoke(db_url, tmp_path, "subscriptions", "mute", "desk", "--off")
    assert (code, out.strip()) == (0, "desk unmuted (it was muted until 2031-01-01 00:00 UTC)")

    code, out = invoke(db_url, tmp_path, "subscriptions", "remove", "desk")
    assert (code, out.strip()) == (0, "Removed desk")
    code, out = invoke(db_url, tmp_path, "subscriptions", "remove", "desk")
    assert (code, out.strip()) == (1, "Error: no subscription named 'desk'")


def test_errors_are_one_line_and_name_urls_without_secrets(db_url: str, tmp_path: Path) -> None:
    code, out = invoke(
        db_url, tmp_path, "subscribe", "x", "--url", f"nosuch://{SECRET}@hooks.example/{SECRET}"
    )
    assert code == 1
    assert out.strip() == "Error: not a valid apprise URL: nosuch://hooks.example/****"
    code, out = invoke(
        db_url, tmp_path, "subscribe", "x", "--url", "json://127.0.0.1/x", "--type", "coup"
    )
    assert code == 1
    assert out.count("\n") == 1
    assert out.startswith("Error: unknown event type 'coup'")
    code, out = invoke(db_url, tmp_path, "subscriptions", "mute", "x", "--until", "soon")
    assert code == 1
    assert out.startswith("Error: bad date 'soon'")


def test_subscriptions_test_reports_each_target(
    db_url: str, tmp_path: Path, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/ok").respond_with_data("ok")
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    good = f"json://127.0.0.1:{httpserver.port}/ok"
    bad = f"json://u:{SECRET}@127.0.0.1:{httpserver.port}/gone"
    assert invoke(db_url, tmp_path, "subscribe", "desk", "--url", good, "--url", bad)[0] == 0
    code, out = invoke(db_url, tmp_path, "subscriptions", "test", "desk")
    assert code == 1
    lines = out.strip().splitlines()
    assert lines[0] == f"ok      json://127.0.0.1:{httpserver.port}/ok"
    assert lines[1].startswith(f"FAILED  json://u:****@127.0.0.1:{httpserver.port}/gone: ")
    assert "404" in lines[1]
    assert SECRET not in out
    assert len(httpserver.log) == 2


def test_a_mute_ending_in_the_past_is_refused_and_unmute_ends_a_mute(
    db_url: str, tmp_path: Path
) -> None:
    assert invoke(db_url, tmp_path, "subscribe", "desk", "--url", "json://127.0.0.1:9/x")[0] == 0
    assert (
        invoke(db_url, tmp_path, "subscriptions", "mute", "desk", "--until", "2999-01-01")[0] == 0
    )
    code, out = invoke(db_url, tmp_path, "subscriptions", "mute", "desk", "--until", "2020-05-01")
    assert code == 1
    assert out.count("\n") == 1
    assert out.startswith("Error: --until 2020-05-01 00:00 UTC is not in the future (now 20")
    assert out.rstrip().endswith("UTC): to end a mute, use: nongrata subscriptions unmute desk")
    code, out = invoke(db_url, tmp_path, "subscriptions", "list", "--json")
    assert json.loads(out)[0]["muted_until"] == "2999-01-01T00:00:00+00:00"  # kept

    code, out = invoke(db_url, tmp_path, "subscriptions", "unmute", "desk")
    assert (code, out.strip()) == (0, "desk unmuted (it was muted until 2999-01-01 00:00 UTC)")
    code, out = invoke(db_url, tmp_path, "subscriptions", "unmute", "desk")
    assert (code, out.strip()) == (0, "desk unmuted (it was not muted)")
    code, out = invoke(db_url, tmp_path, "subscriptions", "list", "--json")
    assert json.loads(out)[0]["muted_until"] is None
    code, out = invoke(db_url, tmp_path, "subscriptions", "unmute", "nobody")
    assert (code, out.strip()) == (1, "Error: no subscription named 'nobody'")


def test_subscribe_checks_agencies_and_persons_against_the_watchlists(
    db_url: str, tmp_path: Path
) -> None:
    folder = write_watchlists(tmp_path / "lists")
    url = "json://127.0.0.1:9/x"
    code, out = invoke(
        db_url, tmp_path, "subscribe", "desk", "--url", url, "--agency", "KGV", watchlists=folder
    )
    assert code == 1
    assert out.count("\n") == 1
    assert out.startswith(
        f"Error: --agency 'KGV': no agency in the watchlists ({folder}) has that name or alias; "
        "closest: KGB, "
    )
    code, out = invoke(
        db_url, tmp_path, "subscribe", "desk", "--url", url, "--person", "Smith", watchlists=folder
    )
    assert code == 1
    assert out.startswith(f"Error: --person 'Smith': no person in the watchlists ({folder})")
    assert invoke(db_url, tmp_path, "subscriptions", "list", "--json")[1].strip() == "[]"

    code, out = invoke(
        db_url,
        tmp_path,
        *("subscribe", "desk", "--url", url),
        *("--agency", "state security committee", "--person", "dukshta"),
        watchlists=folder,
    )
    assert code == 0, out
    assert "agency=KGB person=dukshta" in out


def test_edit_changes_targets_and_filters_and_keeps_the_alert_history(
    db_url: str, tmp_path: Path, make_settings: Callable[..., Settings]
) -> None:
    folder = write_watchlists(tmp_path / "lists")
    old, new = f"json://ops:{SECRET}@127.0.0.1:9/old", "json://127.0.0.1:9/new"
    args = ("--url", old, "--type", "expulsion", "--agency", "KGB")
    assert invoke(db_url, tmp_path, "subscribe", "desk", *args, watchlists=folder)[0] == 0
    db = open_database(db_url)
    article = add_article(db, "https://a.example/1")
    items = [extraction(article, event(agencies=["KGB"]))]
    now = datetime(2025, 9, 10, 12, tzinfo=UTC)
    record_test_events(db, make_settings(), now, *items)
    db.dispose()

    code, out = invoke(
        db_url,
        tmp_path,
        *("subscriptions", "edit", "desk", "--url", new, "--country", "cz"),
        *("--clear", "agency", "--watchlist-only", "--digest", "--digest-time", "6:30"),
        watchlists=folder,
    )
    assert code == 0, out
    assert out.splitlines() == [
        "Edited desk: daily digest at 06:30 UTC; type=expulsion country=CZ watchlist-only",
        "  → json://127.0.0.1:9/new",
        "1 queued deliveries to removed targets given up; 1 queued for the new targets instead",
    ]
    assert SECRET not in out
    code, out = invoke(db_url, tmp_path, "alerts", "list", "--json")
    (alert,) = json.loads(out)
    assert alert["subscription"] == "desk"
    assert [(d["status"], d["last_error"]) for d in alert["deliveries"]] == [
        ("failed", "target removed by edit"),
        ("pending", None),
    ]
    code, out = invoke(
        db_url, tmp_path, "subscriptions", "edit", "desk", "--no-digest", "--no-watchlist-only"
    )
    assert code == 0, out
    assert out.splitlines()[0] == "Edited desk: one alert per new event; type=expulsion country=CZ"


def test_edit_errors_are_one_line_and_change_nothing(db_url: str, tmp_path: Path) -> None:
    folder = write_watchlists(tmp_path / "lists")
    assert invoke(db_url, tmp_path, "subscribe", "desk", "--url", "json://127.0.0.1:9/x")[0] == 0
    before = invoke(db_url, tmp_path, "subscriptions", "list", "--json")[1]
    for args, error in [
        ((), "Error: nothing to change: give a target, a filter, a digest option or --clear"),
        (("--agency", "NKVD"), "Error: --agency 'NKVD': no agency in the watchlists"),
        (("--clear", "colour"), "Error: --clear 'colour': use one of type, country, actor"),
        (("--type", "coup"), "Error: unknown event type 'coup'"),
        (("--country", "PL", "--clear", "country"), "Error: give --country or --clear country"),
    ]:
        code, out = invoke(
            db_url, tmp_path, "subscriptions", "edit", "desk", *args, watchlists=folder
        )
        assert (code, out.count("\n")) == (1, 1), out
        assert out.startswith(error), out
    assert invoke(db_url, tmp_path, "subscriptions", "list", "--json")[1] == before


def test_ops_notices_are_asked_for_with_subscribe_and_edit(db_url: str, tmp_path: Path) -> None:
    url = "json://127.0.0.1:9/hook"
    code, out = invoke(db_url, tmp_path, "subscribe", "operator", "--url", url, "--ops")
    assert code == 0, out
    assert out.startswith("Subscribed operator: one alert per new event (and operational notices)")
    code, out = invoke(db_url, tmp_path, "subscriptions", "list", "--json")
    assert [s["ops"] for s in json.loads(out)] == [True]
    code, out = invoke(db_url, tmp_path, "subscriptions", "edit", "operator", "--no-ops")
    assert code == 0, out
    assert out.startswith("Edited operator: one alert per new event;")
    code, out = invoke(db_url, tmp_path, "subscriptions", "edit", "operator", "--ops", "--digest")
    assert code == 0, out
    assert "daily digest at 07:00 UTC (and operational notices)" in out
    code, out = invoke(db_url, tmp_path, "subscriptions", "list")
    assert out.startswith("operator: daily digest at 07:00 UTC (and operational notices);")
