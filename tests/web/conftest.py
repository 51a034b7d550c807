"""Fixtures for the web view's tests: ONE demo run per session (the real pipeline on the
bundled sample outlets, into a real SQLite file), a copy of it where feeds and articles say
hostile things, and Starlette test clients over both."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from nongrata.db import Article, Database, Feed, open_database
from nongrata.db.models import Event, Mention
from nongrata.settings import Settings
from nongrata.web.app import create_app

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://127.0.0.1/x","click")'  # runs in a spreadsheet


@dataclass(frozen=True)
class Demo:
    folder: Path
    url: str
    settings: Settings


def web_settings(folder: Path, **overrides: Any) -> Settings:
    return Settings.load(cwd=folder, data_dir=folder / "data", **overrides)


@pytest.fixture(scope="session")
def demo(prefect_harness: None, tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """The offline demo, run once: three outlets on loopback, the whole monitor flow."""
    from nongrata.demo.run import run_demo

    folder = tmp_path_factory.mktemp("web-demo")
    settings = web_settings(folder)
    report = run_demo(settings, folder / "demo")
    return Demo(folder=folder / "demo", url=report.database_url, settings=settings)


@pytest.fixture(scope="session")
def demo_db(demo: Demo) -> Iterator[Database]:
    db = open_database(demo.url)
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def client(demo_db: Database, demo: Demo) -> Iterator[TestClient]:
    with TestClient(create_app(demo_db, demo.settings), base_url="http://127.0.0.1") as c:
        yield c


@pytest.fixture(scope="session")
def hostile_db(demo: Demo, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A copy of the demo database where an outlet, an article, its evidence, a person and a
    link carry markup and a script URL, and an agency a spreadsheet formula."""
    folder = tmp_path_factory.mktemp("web-hostile")
    for suffix in ("", "-wal", "-shm"):
        source = demo.folder / f"demo.db{suffix}"
        if source.exists():
            shutil.copy(source, folder / f"demo.db{suffix}")
    db = open_database(f"sqlite:///{folder / 'demo.db'}")
    with db.session() as session:
        event = session.scalars(select(Event).where(Event.actor_iso == "CZ")).one()
        event.persons = [HOSTILE]
        event.agencies = [FORMULA]
        event.actor = HOSTILE
        mention = session.scalars(select(Mention).where(Mention.event_id == event.id)).first()
        assert mention is not None
        mention.evidence = HOSTILE
        article = session.get(Article, mention.article_id)
        assert article is not None
        article.title = HOSTILE
        article.canonical_url = "javascript:alert(1)"
        for feed in session.scalars(select(Feed)):
            feed.title = HOSTILE
            feed.last_error = HOSTILE
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def hostile_client(hostile_db: Database, demo: Demo) -> Iterator[TestClient]:
    with TestClient(create_app(hostile_db, demo.settings), base_url="http://127.0.0.1") as c:
        yield c
