"""Helpers for the run-level reliability tests: the monitor in a child process (so it can be
killed with SIGKILL), a news server whose handlers can be held (to kill a run while it polls
or fetches), an SMTP server that can hold a message before accepting it (to kill a run while
it sends), and checks of what a run leaves in the database."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from nongrata.db import Article, Database, Run
from nongrata.db.models import Alert, ArticleExtractionState, Delivery, Event, Mention
from nongrata.demo.content import (
    DemoArticle,
    feed_path,
    load_articles,
    load_outlets,
)
from nongrata.demo.server import Document, send_document, site_documents
from nongrata.pipeline.extract_stage import pending_article_ids
from tests.support.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
HOLD_LIMIT = 120.0  # a held handler gives up after this (the run was killed long before)
PROGRESS_LIMIT = 180.0  # how long a test waits for a run to reach a kill point

# The monitor, once, as `nongrata run` would run it (one clear line on a NongrataError).
CHILD = """
import json, logging, sys
from nongrata.errors import NongrataError
from nongrata.pipeline.sequence import run_monitor
from nongrata.settings import Settings
logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
logging.getLogger("nongrata.pipeline.locks").setLevel(logging.INFO)
try:
    summary = run_monitor(Settings.load())
except NongrataError as exc:
    print(f"Error: {exc}", file=sys.stderr)
    sys.exit(1)
print(json.dumps(summary.to_json()))
"""


def monitor_env(database_url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    """The child's environment: only NONGRATA_* settings given here, loopback only."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NONGRATA_")}
    env.update(
        NONGRATA_DATABASE_URL=database_url,
        NONGRATA_DATA_DIR=str(data_dir),
        NONGRATA_ALLOW_PRIVATE_NETWORKS="true",
        NONGRATA_ONLY_HOSTS="127.0.0.1",
        NONGRATA_SEED_DEFAULT_FEEDS="false",
        NONGRATA_POLL_INTERVAL_MINUTES="0",
        NONGRATA_HTTP_TIMEOUT="30",
        NONGRATA_ALERT_RETRY_BASE_SECONDS="1",
    )
    env.update({f"NONGRATA_{k.upper()}": v for k, v in extra.items()})
    return env


@dataclass
class Child:
    """A run of the monitor in a child process; its output goes to ``name.out``/``.err``."""

    process: subprocess.Popen[bytes]
    out: Path
    err: Path

    @property
    def stderr(self) -> str:
        return self.err.read_text(encoding="utf-8", errors="replace")

    @property
    def stdout(self) -> str:
        return self.out.read_text(encoding="utf-8", errors="replace")

    def running(self) -> bool:
        return self.process.poll() is None


def start_child(command: list[str], env: dict[str, str], folder: Path, name: str) -> Child:
    """Start ``command`` in ``folder`` in its own session (so it can be killed with all it
    starts), its output in ``name.out``/``name.err``."""
    folder.mkdir(parents=True, exist_ok=True)
    out, err = folder / f"{name}.out", folder / f"{name}.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            command,
            env=env,
            cwd=folder,
            stdout=stdout,
            stderr=stderr,
            start_new_session=True,
        )
    return Child(process, out, err)


def start_monitor(env: dict[str, str], folder: Path, name: str) -> Child:
    """Start ``run_monitor`` in a child process."""
    return start_child([sys.executable, "-c", CHILD], env, folder, name)


def finish(child: Child, timeout: float = 300) -> int:
    """Wait for the run to end; its exit code."""
    return child.process.wait(timeout=timeout)


def kill(child: Child) -> None:
    """SIGKILL the run and every process it started (no cleanup of any kind runs); reap it."""
    os.killpg(child.process.pid, signal.SIGKILL)
    child.process.wait(timeout=30)


def wait_until(
    what: str,
    condition: Callable[[], bool],
    child: Child | None = None,
    limit: float = PROGRESS_LIMIT,
) -> None:
    """Poll ``condition`` until true; fail when the run exits first or the limit passes."""
    deadline = time.monotonic() + limit
    while not condition():
        if child is not None and not child.running():
            raise AssertionError(
                f"the run ended ({child.process.returncode}) before {what}:\n{child.stderr[-3000:]}"
            )
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


# The news server ----------------------------------------------------------------------


@dataclass
class Gate:
    """Requests of one kind wait while the gate is closed; ``arrived`` is set when one has."""

    open: threading.Event = field(default_factory=threading.Event)
    arrived: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.open.set()

    def close(self) -> None:
        self.arrived.clear()
        self.open.clear()

    def release(self) -> None:
        self.open.set()

    def pass_through(self) -> None:
        self.arrived.set()
        self.open.wait(HOLD_LIMIT)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A killed run leaves held requests with nobody to answer: not an error here."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class NewsServer:
    """The demo outlets on 127.0.0.1, publishing the articles given to ``publish``; feeds and
    pages can be held (``feeds``/``pages`` gates); ``/hook`` is a webhook, answering 503
    while ``hook_down`` is set."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)
        self.outlets = load_outlets()
        self.articles = load_articles()
        self.feeds = Gate()
        self.pages = Gate()
        self.hook_down = False  # the webhook answers 503 while this is set
        self.hook_posts: list[tuple[bool, bytes]] = []  # (was down, body)
        # A feed path → how it fails while listed: "500", "429" (Retry-After: retry_after
        # seconds) or "stall" (no answer for stall_seconds, then the feed).
        self.feed_faults: dict[str, str] = {}
        self.retry_after = 20
        self.stall_seconds = 8.0
        self.requests: Counter[str] = Counter()  # path → requests served
        self._documents: dict[str, Document] = {}
        self._lock = threading.Lock()
        self._httpd = _QuietServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self.feed_urls = [self.base + feed_path(o) for o in self.outlets]
        self.hook_url = f"json://127.0.0.1:{self._httpd.server_address[1]}/hook"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self.publish(self.articles)

    def publish(self, articles: Iterable[DemoArticle]) -> None:
        """Serve feeds listing exactly these articles (and every article's page)."""
        documents = site_documents(self.outlets, list(articles), self.articles, self.base, self.now)
        with self._lock:
            self._documents = documents

    def __enter__(self) -> NewsServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.feeds.release()
        self.pages.release()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=10)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                (server.feeds if path.endswith("/feed.xml") else server.pages).pass_through()
                with server._lock:
                    doc = server._documents.get(path)
                    fault = server.feed_faults.get(path)
                    server.requests[path] += 1
                if fault == "stall":
                    time.sleep(server.stall_seconds)
                elif fault in ("500", "429"):
                    self.send_response(int(fault))
                    if fault == "429":
                        self.send_header("Retry-After", str(server.retry_after))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                send_document(self, doc)

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with server._lock:
                    server.hook_posts.append((server.hook_down, body))
                self.send_response(503 if server.hook_down else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

        return Handler


# The SMTP server ------------------------------------------------------------------------


class HeldInbox:
    """A real SMTP server (aiosmtpd) on 127.0.0.1. With ``hold_after = n`` it accepts n more
    messages, then holds the next one before answering (``holding`` is set); ``abandon()``
    makes held messages fail (451) and never count: the sender died before it was accepted."""

    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list[Message] = []
        self.hold_after: int | None = None
        self.holding = threading.Event()
        self._abandon = threading.Event()
        self._accepted_since_hold = 0
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    def url(self) -> str:
        return (
            f"mailto://127.0.0.1:{self.port}?from=nongrata@example.org"
            "&to=analyst@example.org&mode=insecure"
        )

    def hold(self, after: int) -> None:
        self.holding.clear()
        self._abandon.clear()
        self._accepted_since_hold = 0
        self.hold_after = after

    def abandon(self) -> None:
        self._abandon.set()

    def accept_all(self) -> None:
        self.hold_after = None
        self._abandon.clear()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.hold_after is not None and self._accepted_since_hold >= self.hold_after:
            self.holding.set()
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(None, self._abandon.wait, HOLD_LIMIT)
            return "451 sender gone before the message was accepted"
        self._accepted_since_hold += 1
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def subjects(self) -> list[str]:
        return [str(m["Subject"]) for m in self.messages]

    def __enter__(self) -> HeldInbox:
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._abandon.set()
        self._controller.stop()


def hook_events(server: NewsServer, *, down: bool) -> list[str]:
    """The events of the alerts posted to the webhook while it was down (or up)."""
    return [event_of(json.loads(body)["title"]) for was, body in server.hook_posts if was == down]


def event_of(title: str) -> str:
    """An alert's title without its source count: which event it is about."""
    return title.rsplit(" · ", 1)[0]


# What the database holds ----------------------------------------------------------------


def count(db: Database, model: Any) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def event_keys(db: Database) -> Counter[tuple[str, str, str]]:
    with db.session() as session:
        rows = session.execute(select(Event.type, Event.actor_key, Event.target_key))
        return Counter((t, a, b) for t, a, b in rows)


def run_statuses(db: Database) -> list[str]:
    with db.session() as session:
        return list(session.scalars(select(Run.status).order_by(Run.id)))


def fetched_and_extracted(db: Database) -> tuple[int, int, int]:
    """(articles, articles no longer pending a page fetch, articles extracted)."""
    with db.session() as session:
        articles = session.scalar(select(func.count()).select_from(Article)) or 0
        fetched = (
            session.scalar(
                select(func.count()).select_from(Article).where(Article.fetch_status != "pending")
            )
            or 0
        )
        extracted = session.scalar(select(func.count()).select_from(ArticleExtractionState)) or 0
    return int(articles), int(fetched), int(extracted)


def deliveries_by_status(db: Database) -> Counter[str]:
    with db.session() as session:
        return Counter(session.scalars(select(Delivery.status)))


def assert_consistent(db: Database) -> None:
    """No orphans, unique keys hold, every article is extracted or waiting for a stage."""
    with db.session() as session:
        events = {e.id: e for e in session.scalars(select(Event))}
        mentions = list(session.scalars(select(Mention)))
        articles = set(session.scalars(select(Article.id)))
        with_mentions = {m.event_id for m in mentions}
        assert set(events) <= with_mentions, "an event without any mention"
        assert all(m.article_id in articles for m in mentions), "a mention of no article"
        sources = Counter((m.event_id, m.article_id, m.evidence_hash) for m in mentions)
        assert max(sources.values(), default=1) == 1, "a mention recorded twice"
        alerts = list(session.scalars(select(Alert)))
        assert all(a.event_id in events for a in alerts), "an alert of no event"
        pairs = Counter((a.subscription_id, a.event_id) for a in alerts)
        assert max(pairs.values(), default=1) == 1, "an event alerted twice"
        alert_ids = {a.id for a in alerts}
        rows = list(session.scalars(select(Delivery)))
        assert all(d.alert_id in alert_ids for d in rows), "a delivery of no alert"
        per_target = Counter((d.alert_id, d.target_hash) for d in rows)
        assert max(per_target.values(), default=1) == 1, "an alert queued twice to a target"
        immediate = {a.id for a in alerts if a.mode == "immediate"}
        assert immediate == {d.alert_id for d in rows}, "an immediate alert with no delivery"
        extracted = set(session.scalars(select(ArticleExtractionState.article_id)))
        assert extracted <= articles
        fetch_pending = set(
            session.scalars(select(Article.id).where(Article.fetch_status == "pending"))
        )
    waiting = set(pending_article_ids(db))
    assert articles == extracted | waiting | fetch_pending, "an article in no stage"
    assert not extracted & (waiting | fetch_pending)


def prepare_database(database_url: str, feed_urls: Iterable[str], targets: list[str]) -> Database:
    """The database migrated, the feeds registered and one subscriber with these targets."""
    from nongrata.alerts.subscriptions import SubscriptionSpec, subscribe
    from nongrata.db import open_database
    from nongrata.ingest.registry import add_feed

    db = open_database(database_url)
    with db.session() as session:
        for url in feed_urls:
            add_feed(session, url)
    subscribe(db, SubscriptionSpec(name="analyst", urls=targets))
    return db
