"""``nongrata extract`` and ``nongrata eval`` through the real CLI (CliRunner, in process).

Every invocation uses the same watchlist folder, so the spaCy pipeline (cached per process
per model and patterns) is loaded once for the session.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from nongrata.cli.app import app
from tests.support.factories import write_watchlists

runner = CliRunner()

GERMAN = (
    "Prag weist belarussischen Diplomaten aus\n\n"
    "Tschechien hat am Dienstag den belarussischen Diplomaten Nikolai Dukshta ausgewiesen. "
    "Er soll für den Geheimdienst KGB gearbeitet haben."
)
FRENCH = "La France a expulsé mardi six diplomates russes soupçonnés d'espionnage pour le GRU."
HTML = """<!doctype html><html lang="fr"><head><title>La Pologne expulse un diplomate</title>
<meta property="article:published_time" content="2024-03-05T08:00:00Z"></head><body>
<nav>Accueil | Monde</nav><article><h1>La Pologne expulse un diplomate russe</h1>
<p>La Pologne a expulsé mardi un diplomate russe soupçonné d'espionnage, a annoncé le
ministère des Affaires étrangères à Varsovie dans un communiqué publié le jour même.</p>
<p>Moscou a promis une réponse. Le diplomate doit quitter le pays sous cinq jours, selon
le ministère, qui n'a pas donné d'autres détails sur l'affaire.</p></article>
<footer>Mentions légales</footer></body></html>"""

EVENT_FIELDS: dict[str, type | tuple[type, ...]] = {
    "type": str,
    "new": bool,
    "actor": (str, type(None)),
    "actor_iso": (str, type(None)),
    "target": (str, type(None)),
    "target_iso": (str, type(None)),
    "persons": list,
    "agencies": list,
    "count": (int, type(None)),
    "confidence": float,
    "evidence": str,
}


@pytest.fixture(scope="session")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("extract-cli")
    return {
        "NONGRATA_DATA_DIR": str(root / "data"),
        "NONGRATA_WATCHLISTS": str(write_watchlists(root / "watchlists")),
    }


def _objects(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def _check_shape(obj: dict[str, Any]) -> None:
    for key in ("id", "alert", "events", "agencies", "persons", "matches"):
        assert key in obj
    assert isinstance(obj["alert"], bool)
    for event in obj["events"]:
        for key, kind in EVENT_FIELDS.items():
            assert isinstance(event[key], kind), (key, event[key])
        for key in ("actor_iso", "target_iso"):
            assert event[key] is None or (len(event[key]) == 2 and event[key].isupper())
        # every agency with its side: the acting state's, the target's, or neither
        assert list(event["agency_sides"]) == event["agencies"]
        assert set(event["agency_sides"].values()) <= {"actor", "target", None}
    for match in obj["matches"]:
        assert {"list", "entry", "text", "score"} <= set(match)


def test_extract_json_on_a_txt_file(tmp_path: Path, env: dict[str, str]) -> None:
    path = tmp_path / "prag-1.txt"
    path.write_text(GERMAN, encoding="utf-8")
    result = runner.invoke(
        app, ["extract", "--json", "--published", "2024-03-06", str(path)], env=env
    )
    assert result.exit_code == 0, result.output
    (obj,) = _objects(result.stdout)
    _check_shape(obj)
    assert obj["id"] == "prag-1"
    assert obj["alert"] is True
    (event,) = obj["events"]
    assert (event["type"], event["new"]) == ("expulsion", True)
    assert (event["actor"], event["actor_iso"]) == ("Czech Republic", "CZ")
    assert (event["target"], event["target_iso"]) == ("Belarus", "BY")
    assert event["count"] is None or event["count"] == 1
    assert "Tschechien hat am Dienstag" in event["evidence"]
    assert "KGB" in obj["agencies"]
    assert any(
        m["list"] == "persons" and m["entry"] == "Mikalai Dukshta" for m in obj["matches"]
    ), obj["matches"]


def test_extract_json_on_an_html_file_uses_the_page_date(
    tmp_path: Path, env: dict[str, str]
) -> None:
    path = tmp_path / "varsovie.html"
    path.write_text(HTML, encoding="utf-8")
    result = runner.invoke(app, ["extract", "--json", str(path)], env=env)
    assert result.exit_code == 0, result.output
    (obj,) = _objects(result.stdout)
    _check_shape(obj)
    assert obj["id"] == "varsovie"
    assert obj["alert"] is True
    assert [(e["type"], e["new"], e["actor_iso"], e["target_iso"]) for e in obj["events"]] == [
        ("expulsion", True, "PL", "RU")
    ]


def test_extract_json_on_jsonl_keeps_input_order(tmp_path: Path, env: dict[str, str]) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        {"id": "fr-1", "text": FRENCH, "published": "2024-03-06", "lang": "fr"},
        {"id": "de-1", "text": GERMAN, "published": "2023-01-20", "lang": "de"},
        {"id": "none", "text": "Das Wetter bleibt morgen sonnig und mild.", "lang": "de"},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", "--json", str(path)], env=env)
    assert result.exit_code == 0, result.output
    objects = _objects(result.stdout)
    assert [o["id"] for o in objects] == ["fr-1", "de-1", "none"]
    for obj in objects:
        _check_shape(obj)
    assert [(e["type"], e["actor_iso"], e["target_iso"]) for e in objects[0]["events"]] == [
        ("expulsion", "FR", "RU")
    ]
    assert "GRU" in objects[0]["agencies"]
    assert objects[0]["events"][0]["agency_sides"] == {"GRU": "target"}  # the expelled side's
    assert (objects[2]["alert"], objects[2]["events"]) == (False, [])


def test_extract_without_json_prints_a_readable_summary(
    tmp_path: Path, env: dict[str, str]
) -> None:
    path = tmp_path / "prag-2.txt"
    path.write_text(GERMAN, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path)], env=env)
    assert result.exit_code == 0, result.output
    assert "prag-2" in result.stdout
    assert "ALERT" in result.stdout
    assert "expulsion" in result.stdout
    assert "Czech Republic (CZ) → Belarus (BY)" in result.stdout
    assert not result.stdout.lstrip().startswith("{")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.jsonl", '{"id": "a", "text": "ok"}\n{"id": "b"}\n', "bad.jsonl:2: 'text' is missing"),
        ("notes.docx", "x", "unsupported file type '.docx'"),
        ("missing.txt", None, "missing.txt: no such file"),
    ],
)
def test_bad_input_is_one_error_line_and_exit_1(
    tmp_path: Path, env: dict[str, str], name: str, content: str | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["extract", "--json", str(path)], env=env)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error: ")
    assert message in lines[0]


def test_bad_published_option_and_watchlist_folder(tmp_path: Path, env: dict[str, str]) -> None:
    path = tmp_path / "a.txt"
    path.write_text(GERMAN, encoding="utf-8")
    result = runner.invoke(app, ["extract", "--published", "March", str(path)], env=env)
    assert result.exit_code == 1
    assert result.output.strip() == "Error: --published must be a date YYYY-MM-DD, got 'March'"
    missing = tmp_path / "nowhere"
    result = runner.invoke(app, ["extract", "--watchlists", str(missing), str(path)], env=env)
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {missing}: watchlist folder not found"


def _corpus(root: Path) -> Path:
    (root / "articles").mkdir(parents=True)
    (root / "articles" / "c1.txt").write_text(GERMAN, encoding="utf-8")
    (root / "articles" / "c2.txt").write_text(FRENCH, encoding="utf-8")
    (root / "articles" / "c3.txt").write_text(
        "Die Polizei hat in Berlin zwei Männer wegen Drogenhandels festgenommen.", encoding="utf-8"
    )
    labels = [
        {
            "id": "c1",
            "lang": "de",
            "published": "2024-03-06",
            "alert": True,
            "events": [
                {
                    "type": "expulsion",
                    "new": True,
                    "actor": "Czech Republic",
                    "actor_iso": "CZ",
                    "target": "Belarus",
                    "target_iso": "BY",
                }
            ],
            "agencies": ["KGB"],
            "persons": ["Nikolai Dukshta"],
        },
        {
            "id": "c2",
            "lang": "fr",
            "published": "2024-03-06",
            "alert": True,
            "events": [
                {
                    "type": "expulsion",
                    "new": True,
                    "actor": "France",
                    "actor_iso": "FR",
                    "target": "Russia",
                    "target_iso": "RU",
                }
            ],
            "agencies": ["GRU"],
            "persons": [],
        },
        {
            "id": "c3",
            "lang": "de",
            "published": "2024-03-06",
            "alert": False,
            "events": [],
            "agencies": [],
            "persons": [],
        },
    ]
    (root / "labels.jsonl").write_text("\n".join(json.dumps(x) for x in labels) + "\n")
    return root


def test_eval_prints_the_figures(tmp_path: Path, env: dict[str, str]) -> None:
    corpus = _corpus(tmp_path / "corpus")
    result = runner.invoke(app, ["eval", str(corpus)], env=env)
    assert result.exit_code == 0, result.output
    for figure in (
        "alert precision",
        "alert recall",
        "event f1",
        "role accuracy",
        "newness accuracy",
        "agency precision",
        "agency recall",
        "per event type",
    ):
        assert figure in result.stdout
    assert "3 articles" in result.stdout


def test_eval_json_is_machine_readable(tmp_path: Path, env: dict[str, str]) -> None:
    corpus = _corpus(tmp_path / "corpus")
    result = runner.invoke(app, ["eval", str(corpus), "--json"], env=env)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["corpus"] == str(corpus)
    assert report["articles"] == 3
    summary = report["summary"]
    assert summary["alert_precision"] == summary["alert_recall"] == 1.0
    assert summary["event_f1"] == summary["role_accuracy"] == summary["newness_accuracy"] == 1.0
    assert report["per_type"]["expulsion"]["events"]["tp"] == 2
    assert report["per_type"]["arrest"]["events"] == {
        "tp": 0,
        "fp": 0,
        "fn": 0,
        "precision": None,
        "recall": None,
        "f1": None,
    }


def test_eval_on_a_folder_without_labels_is_one_error_line(
    tmp_path: Path, env: dict[str, str]
) -> None:
    result = runner.invoke(app, ["eval", str(tmp_path)], env=env)
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: {tmp_path}: not a labeled corpus (no labels.jsonl in it or in a folder below it)"
    )
