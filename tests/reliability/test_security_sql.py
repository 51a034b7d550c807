"""No user input reaches SQL unparameterised.

Statically: no SQL text in the product is built with f-strings, ``%`` or ``.format`` (the
SQL passed to ``text()``, ``execute()``, ``exec_driver_sql()`` is a constant). Behaviourally:
hostile feed URLs and subscriber names (``'; DROP TABLE feeds; --``) go through the CLI,
are stored verbatim, and every table is still there."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect
from typer.testing import CliRunner

from nongrata.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_FOLDERS = (
    "nongrata", "flows", "extractors", "db", "cli", "net", "pipeline", "matching",
    "alerts", "demo",
)  # fmt: skip
SQL_CALLS = frozenset({"text", "execute", "exec_driver_sql", "executescript", "executemany"})
SQL_WORDS = ("select ", "insert ", "update ", "delete ", "drop ", "create ", "alter ", " where ")
HOSTILE = "'; DROP TABLE feeds; --"
runner = CliRunner()


def _is_dynamic(node: ast.expr) -> bool:
    """A string built at run time: f-string, ``%`` formatting, ``.format()``, concatenation
    with a non-constant."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return not (isinstance(node.left, ast.Constant) and isinstance(node.right, ast.Constant))
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
    )


def _looks_like_sql(node: ast.expr) -> bool:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            lowered = f" {sub.value.lower()} "
            if any(word in lowered for word in SQL_WORDS):
                return True
    return False


def unsafe_sql(source: str, filename: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in SQL_CALLS and _is_dynamic(node.args[0]):
                found.append(f"{filename}:{node.lineno}: {name}() of a built string")
        if (
            isinstance(node, ast.BinOp | ast.JoinedStr)
            and _is_dynamic(node)
            and _looks_like_sql(node)
        ):
            found.append(f"{filename}:{node.lineno}: SQL text built with formatting")
    return found


def product_sources() -> list[Path]:
    files = [p for folder in PACKAGE_FOLDERS for p in (ROOT / folder).rglob("*.py")]
    assert len(files) > 50
    return sorted(files)


def test_the_scanner_finds_what_it_looks_for() -> None:
    bad = (
        "session.execute(text(f\"SELECT * FROM feeds WHERE url = '{url}'\"))\n"
        'conn.exec_driver_sql("DELETE FROM feeds WHERE id = %s" % feed_id)\n'
        "q = \"SELECT * FROM runs WHERE kind = '{}'\".format(kind)\n"
        "cur.execute('UPDATE feeds SET title = ' + title)\n"
    )
    assert len(unsafe_sql(bad, "bad.py")) >= 4
    good = 'session.execute(text("SELECT 1 WHERE x = :x"), {"x": value})\nlog.info(f"{n} rows")\n'
    assert unsafe_sql(good, "good.py") == []


def test_no_sql_is_built_from_strings_in_the_product() -> None:
    problems = [
        hit
        for path in product_sources()
        for hit in unsafe_sql(path.read_text("utf-8"), str(path.relative_to(ROOT)))
    ]
    assert problems == []


def invoke(db_url: str, tmp_path: Path, *args: str) -> tuple[int, str]:
    env = {
        "NONGRATA_DATABASE_URL": db_url,
        "NONGRATA_DATA_DIR": str(tmp_path / "data"),
        "NONGRATA_SEED_DEFAULT_FEEDS": "false",
    }
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.output


@pytest.mark.parametrize(
    "feed_url",
    [
        "http://127.0.0.1:9/feed?q=';DROP/**/TABLE/**/feeds;--",
        "http://127.0.0.1:9/feed?id=1'/**/OR/**/'1'='1",
        'http://127.0.0.1:9/");DELETE/**/FROM/**/articles;--',
    ],
)
def test_hostile_feed_urls_and_names_are_data_not_sql(
    feed_url: str, db_url: str, tmp_path: Path
) -> None:
    code, out = invoke(db_url, tmp_path, "feeds", "add", feed_url)
    assert code == 0, out
    code, out = invoke(db_url, tmp_path, "feeds", "add", "http://127.0.0.1:9/other")
    assert code == 0, out
    # Subscriber names are refused unless plain (letters, digits, . _ @ + -), in one line.
    code, out = invoke(db_url, tmp_path, "subscribe", HOSTILE, "--url", "json://127.0.0.1:9/x")
    assert code == 1
    assert out.startswith("Error: bad subscription name")
    code, out = invoke(db_url, tmp_path, "subscribe", "desk", "--url", "json://127.0.0.1:9/y")
    assert code == 0, out

    # A name that would match every row if it were pasted into SQL matches none.
    code, out = invoke(db_url, tmp_path, "subscriptions", "remove", "' OR '1'='1")
    assert code == 1
    assert out.strip() == "Error: no subscription named \"' OR '1'='1\""
    code, out = invoke(db_url, tmp_path, "feeds", "remove", "http://127.0.0.1:9/'/**/OR/**/'1'='1")
    assert code == 1, out
    code, out = invoke(db_url, tmp_path, "events", "list", "--type", "x' OR '1'='1")
    assert code != 0 or "x' OR" not in out

    code, out = invoke(db_url, tmp_path, "subscriptions", "mute", HOSTILE, "--off")
    assert code == 1, out
    code, out = invoke(db_url, tmp_path, "subscriptions", "test", "' OR 1=1 --")
    assert code == 1, out
    code, out = invoke(db_url, tmp_path, "subscriptions", "list", "--json")
    assert code == 0, out
    assert [s["name"] for s in json.loads(out)] == ["desk"]

    engine = create_engine(db_url)
    try:
        tables = set(inspect(engine).get_table_names())
        with engine.connect() as conn:
            from sqlalchemy import text

            urls = set(conn.execute(text("SELECT url FROM feeds")).scalars())
            names = set(conn.execute(text("SELECT name FROM subscriptions")).scalars())
    finally:
        engine.dispose()
    assert {"feeds", "articles", "subscriptions", "drops", "runs"} <= tables
    assert len(urls) == 2
    assert any("/**/" in url for url in urls)
    assert "http://127.0.0.1:9/other" in urls
    assert names == {"desk"}
