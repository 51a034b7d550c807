"""``nongrata watchlist``: list, add, remove, validate, init and test."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from nongrata.cli.app import app
from nongrata.settings import bundled_watchlists_dir

runner = CliRunner()

ARTICLE = (
    "A joint operation identified an alleged Belarusian spy ring. The Czech Republic "
    "expelled a Belarusian diplomat, Mykola Dukshta, named as an officer of the KGB. "
    "Michal Koudelka, the head of the BIS security service in Prague, said the open "
    "borders made counter-intelligence harder. Yulia Skripal was not involved."
)
PAGE = f"""<!doctype html><html><head><title>Spy ring</title></head><body>
<nav>Home | World | Subscribe</nav>
<article><h1>European operation identifies alleged Belarusian spy ring</h1>
<p>{ARTICLE}</p>
<p>The operation was coordinated by Eurojust with Romanian, Czech and Hungarian
authorities, who said the suspect had met intelligence officers in Budapest twice.</p>
<p>Officials said more expulsions could follow as the investigation continues across
several European countries in the coming weeks.</p></article>
<footer>Copyright</footer></body></html>"""


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.chdir(tmp_path)  # no stray nongrata.toml
    return {
        "NONGRATA_DATA_DIR": str(tmp_path / "data"),
        "NONGRATA_WATCHLISTS": str(tmp_path / "lists"),
        "NONGRATA_ALLOW_PRIVATE_NETWORKS": "true",
        "NONGRATA_ONLY_HOSTS": "127.0.0.1",
    }


def invoke(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["watchlist", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def init(env: dict[str, str]) -> Path:
    code, out, err = invoke(env, "init", env["NONGRATA_WATCHLISTS"])
    assert code == 0, err
    assert "copied 4 files" in out
    return Path(env["NONGRATA_WATCHLISTS"])


def test_validate_the_bundled_lists(env: dict[str, str]) -> None:
    del env["NONGRATA_WATCHLISTS"]
    code, out, _ = invoke(env, "validate")
    assert code == 0
    assert out.startswith(f"Watchlists in {bundled_watchlists_dir()} (bundled): valid (")
    assert out.strip().endswith("entries in 3 files)")


def test_validate_names_the_users_folder(env: dict[str, str]) -> None:
    folder = init(env)
    code, out, _ = invoke(env, "validate")
    assert code == 0
    assert out.startswith(f"Watchlists in {folder}: valid (")
    assert "(bundled)" not in out


def test_validate_prints_every_problem_with_its_line(env: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "persons.yaml").write_text(
        "kind: persons\nentries:\n  - id: a\n    name: A\n    country: XX\n    extra: 1\n",
        encoding="utf-8",
    )
    code, out, err = invoke(env, "validate", str(folder))
    assert code == 1
    assert out.splitlines() == [
        f"{folder / 'persons.yaml'}:5: unknown ISO 3166-1 alpha-2 country code 'XX'",
        f"{folder / 'persons.yaml'}:6: unknown key 'extra' in entry "
        "(allowed: id, name, aliases, country, tags, note)",
    ]
    assert err.strip() == f"Error: 2 problems in {folder}"


def test_add_list_remove(env: dict[str, str]) -> None:
    folder = init(env)
    code, out, err = invoke(
        env, "add", "persons", "Ivan Tertel", "--alias", "Іван Тэртэль", "--country", "BY",
        "--tag", "kgb", "--note", "Chairman of the Belarusian KGB",
    )  # fmt: skip
    assert code == 1
    assert "id 'tertel-ivan' already exists in persons" in err
    code, out, err = invoke(
        env, "add", "persons", "Roman Protasevich", "--alias", "Raman Pratasevich",
        "--country", "BY", "--tag", "belarus",
    )  # fmt: skip
    assert code == 0, err
    assert out.strip() == (
        f"added persons entry 'protasevich-roman' (Roman Protasevich) to {folder / 'persons.yaml'}"
    )
    text = (folder / "persons.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=./watchlist.schema.json\n")
    assert "# Heads of services\n" in text
    code, out, _ = invoke(env, "list", "--kind", "persons")
    assert code == 0
    assert "protasevich-roman" in out
    assert "Raman Pratasevich" in out
    assert "by-kgb" not in out
    code, out, err = invoke(env, "remove", "protasevich-roman")
    assert code == 0, err
    assert "removed persons entry 'protasevich-roman'" in out
    code, out, _ = invoke(env, "list", "--kind", "persons")
    assert "protasevich-roman" not in out


def test_editing_the_bundled_lists_is_refused(env: dict[str, str]) -> None:
    del env["NONGRATA_WATCHLISTS"]
    code, _, err = invoke(env, "add", "persons", "Someone New")
    assert code == 1
    assert err.startswith("Error: ")
    assert "NONGRATA_WATCHLISTS" in err
    assert "watchlist init DIR" in err
    assert len(err.strip().splitlines()) == 1


def test_bad_input_is_one_line(env: dict[str, str]) -> None:
    init(env)
    code, _, err = invoke(env, "add", "people", "X Y")
    assert (code, err.strip()) == (
        1,
        "Error: unknown kind 'people': use one of agencies, persons, countries",
    )
    code, _, err = invoke(env, "add", "persons", "X Y", "--country", "QQ")
    assert code == 1
    assert "unknown ISO 3166-1 alpha-2 country code 'QQ'" in err
    code, _, err = invoke(env, "remove", "nobody")
    assert code == 1
    assert "no entry with id 'nobody'" in err


def test_test_a_text_file(env: dict[str, str], tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    del env["NONGRATA_WATCHLISTS"]  # the bundled lists
    code, out, err = invoke(env, "test", str(article))
    assert code == 0, err
    assert "Mikalai Dukshta" in out
    assert "Mykola Dukshta" in out
    assert "given-name variant Mykola~Mikalai" in out
    assert "Michal Koudelka" in out
    assert "BIS" in out
    assert "Sergei Skripal" not in out


def test_test_an_html_file_and_a_url(
    env: dict[str, str], tmp_path: Path, httpserver: HTTPServer
) -> None:
    del env["NONGRATA_WATCHLISTS"]
    page = tmp_path / "article.html"
    page.write_text(PAGE, encoding="utf-8")
    code, out, err = invoke(env, "test", str(page))
    assert code == 0, err
    assert "Mikalai Dukshta" in out
    httpserver.expect_request("/story").respond_with_data(PAGE, content_type="text/html")
    code, out, err = invoke(env, "test", f"http://127.0.0.1:{httpserver.port}/story")
    assert code == 0, err
    assert "Mikalai Dukshta" in out
    assert "Michal Koudelka" in out
    code, _, err = invoke(env, "test", f"http://localhost:{httpserver.port}/story")
    assert code == 1
    assert err.startswith("Error: ")
    assert "only_hosts" in err
    code, _, err = invoke(env, "test", f"http://127.0.0.1:{httpserver.port}/absent")
    assert code == 1
    assert "HTTP 500" in err


def test_test_without_matches_and_missing_files(env: dict[str, str], tmp_path: Path) -> None:
    del env["NONGRATA_WATCHLISTS"]
    quiet = tmp_path / "quiet.txt"
    quiet.write_text("nothing to see here", encoding="utf-8")
    code, out, _ = invoke(env, "test", str(quiet))
    assert (code, out.strip()) == (0, f"no matches in {quiet}")
    code, _, err = invoke(env, "test", str(tmp_path / "absent.txt"))
    assert code == 1
    assert "no such file" in err
