from __future__ import annotations

import json
from pathlib import Path

from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from nongrata.cli.app import app

runner = CliRunner()
SECRET = "hunter2S3cret"


def invoke(db_url: str, tmp_path: Path, *args: str) -> tuple[int, str]:
    env = {"NONGRATA_DATABASE_URL": db_url, "NONGRATA_DATA_DIR": str(tmp_path / "data")}
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
    assert (code, out.strip()) == (0, "desk unmuted")

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
