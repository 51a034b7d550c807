"""Reading ``extract`` PATH arguments."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from nongrata.cli.inputs import read_inputs
from nongrata.errors import ExtractionError

ARTICLE_HTML = """<!doctype html><html lang="de"><head><title>Polen weist Diplomaten aus</title>
<meta property="article:published_time" content="2024-03-05T08:00:00Z"></head>
<body><nav>Startseite | Politik</nav><article><h1>Polen weist Diplomaten aus</h1>
<p>Polen hat am Dienstag einen russischen Diplomaten ausgewiesen. Nach Angaben des
Außenministeriums in Warschau soll der Mann für den Militärgeheimdienst gearbeitet haben.</p>
<p>Moskau kündigte eine Antwort an. Der Diplomat muss das Land binnen fünf Tagen verlassen,
teilte ein Sprecher mit; weitere Einzelheiten wurden nicht genannt.</p></article>
<footer>Impressum</footer></body></html>"""


def test_txt_file_is_one_article_named_after_the_file(tmp_path: Path) -> None:
    path = tmp_path / "note-1.txt"
    path.write_text("Polen hat einen Diplomaten ausgewiesen.", encoding="utf-8")
    (article,) = read_inputs([path], published=date(2024, 3, 6))
    assert (article.id, article.text, article.published) == (
        "note-1",
        "Polen hat einen Diplomaten ausgewiesen.",
        date(2024, 3, 6),
    )
    assert read_inputs([path])[0].published is None


def test_html_file_is_cleaned_and_dated_from_the_page(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    (article,) = read_inputs([path])
    assert article.id == "page"
    assert "russischen Diplomaten ausgewiesen" in article.text
    assert "Impressum" not in article.text
    assert article.published == date(2024, 3, 5)
    assert article.lang == "de"


def test_jsonl_file_gives_one_article_per_line_in_order(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        {"id": "b", "text": "Zweiter Text.", "published": "2024-03-01", "lang": "de"},
        {"id": "a", "text": "Premier texte.", "title": "T", "url": "https://example.org/a"},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    first, second = read_inputs([path])
    assert (first.id, first.published, first.lang) == ("b", date(2024, 3, 1), "de")
    assert (second.id, second.title, second.url, second.published) == (
        "a",
        "T",
        "https://example.org/a",
        None,
    )


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{broken", "not valid JSON"),
        ("[1, 2]", "expected a JSON object, got list"),
        ('{"text": "x"}', "'id' is missing"),
        ('{"id": "a"}', "'text' is missing or empty"),
        ('{"id": "a", "text": "x", "published": "5 March"}', "'published' must be a date"),
        ('{"id": "a", "text": "x", "body": "y"}', "unknown field(s) body"),
        ('{"id": "a", "text": "x", "lang": 7}', "'lang' must be a string"),
    ],
)
def test_bad_jsonl_line_is_one_error_with_file_and_line(
    tmp_path: Path, line: str, reason: str
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "ok", "text": "fine"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(ExtractionError) as info:
        read_inputs([path])
    assert str(info.value).startswith(f"{path}:2: ")
    assert reason in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("a.pdf", "x", "unsupported file type '.pdf'"),
        ("a.txt", "", "the file is empty"),
        ("missing.txt", None, "no such file"),
        ("latin.txt", b"\xe9t\xe9", "not UTF-8 text"),
        ("empty.html", "<html><body><p>Hi</p></body></html>", "main text"),
    ],
)
def test_unreadable_inputs_are_clear_errors(
    tmp_path: Path, name: str, content: str | bytes | None, reason: str
) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ExtractionError) as info:
        read_inputs([path])
    message = str(info.value)
    assert message.startswith(str(path))
    assert reason in message


def test_a_directory_is_refused_with_a_hint(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match="is a directory"):
        read_inputs([tmp_path])
