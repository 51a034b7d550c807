"""Run locks in nongrata's own database: two runs never record events at the same time.

Clustering compares each report with the events already stored, so two runs recording at
once could each create the same event (and each alert on it). Every run that records events
(``monitor``, ``rematch``, ``backfill``) therefore holds the ``pipeline`` lock from
``begin_run`` to ``end_run``/``abort_run``:

- it is *acquired* with an INSERT of the lock's row (the name is the primary key, so one
  insert wins), or with a conditional UPDATE of a row whose holder is gone — its lease
  (``expires_at``) has passed, or it names a process of this machine that is no longer
  alive (a run killed with SIGKILL frees the lock for the next run at once);
- the holder *renews* the lease from a heartbeat thread (every ``ttl / 4``) and at each
  stage; a holder that finds its lock taken over stops at its next stage (``RunLockLost``);
- the holder *releases* it by deleting its own row.

A run that finds the lock held waits for it (``monitor_overlap = "wait"``, up to a bound,
then ``RunOverlap``) or stops at once (``"cancel"``, ``RunOverlap``), before recording
anything — not even a run row.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import SQLAlchemyError

from nongrata.db import Database, open_database
from nongrata.db.models import Lock
from nongrata.db.types import utcnow
from nongrata.errors import NongrataError

log = logging.getLogger(__name__)

PIPELINE_LOCK = "pipeline"  # held by every run that records events
LOCK_TTL_SECONDS = 120.0  # a holder that stops renewing loses the lock after this
WAIT_LIMIT_SECONDS = 3600.0  # "wait": how long a second run waits before giving up
WAIT_POLL_SECONDS = 1.0

OverlapMode = Literal["wait", "cancel"]


class RunLockError(NongrataError):
    """A run lock could not be taken or was lost."""


class RunOverlap(RunLockError):
    """Another run holds the lock: this run was cancelled, or waited too long."""


class RunLockLost(RunLockError):
    """The lock this run held was taken over (its lease expired); the run must stop."""


# Who holds a lock ---------------------------------------------------------------------


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="ascii").strip()
    except OSError:
        return ""


def this_node() -> str:
    """This machine and process namespace: a pid means one process only within it."""
    boot = _read("/proc/sys/kernel/random/boot_id")[:8]
    try:
        pid_ns = os.readlink("/proc/self/ns/pid").strip("pid:[]")
    except OSError:
        pid_ns = ""
    return ":".join(part for part in (socket.gethostname(), boot, pid_ns) if part)[:160]


@dataclass(frozen=True)
class Holder:
    """A lock holder: ``pid@node#token`` (the token tells two runs of one process apart)."""

    pid: int
    node: str
    token: str

    @classmethod
    def of_this_process(cls) -> Holder:
        return cls(os.getpid(), this_node(), uuid.uuid4().hex[:12])

    @classmethod
    def parse(cls, text: str) -> Holder | None:
        pid, at, rest = text.partition("@")
        node, hash_, token = rest.rpartition("#")
        if not at or not hash_ or not pid.isdigit():
            return None
        return cls(int(pid), node, token)

    def encode(self) -> str:
        return f"{self.pid}@{self.node}#{self.token}"

    def describe(self) -> str:
        host = self.node.split(":", 1)[0]
        return f"process {self.pid} on {host}"


# Tokens of the locks held by this process (a leftover row naming this process with another
# token was left by a run of this process that could not release it: it is free).
_held_tokens: set[str] = set()
_held_guard = threading.Lock()


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by another user
        return True
    return True


def holder_is_dead(text: str) -> bool:
    """Whether the holder is certainly gone: a process of this machine that is not alive,
    or this very process, which no longer holds it. Other machines' holders only expire."""
    holder = Holder.parse(text)
    if holder is None or holder.node != this_node():
        return False
    if holder.pid == os.getpid():
        with _held_guard:
            return holder.token not in _held_tokens
    return not _process_alive(holder.pid)


# Lock operations (one short transaction each) -----------------------------------------


@dataclass(frozen=True)
class LockState:
    holder: str
    acquired_at: datetime
    expires_at: datetime


def try_acquire(
    db: Database, name: str, holder: str, *, ttl: float, now: datetime | None = None
) -> LockState | None:
    """Take the lock if it is free or its holder is gone: None when taken, else who holds it."""
    now = now or utcnow()
    expires = now + timedelta(seconds=ttl)
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    with db.session() as session:
        inserted = session.execute(
            insert(Lock)
            .values(name=name, holder=holder, acquired_at=now, expires_at=expires)
            .on_conflict_do_nothing(index_elements=["name"])
            .returning(Lock.name)
        ).scalar()
        if inserted is not None:
            return None
    with db.session() as session:
        row = session.get(Lock, name)
        if row is None:  # released between the two statements: try again from the start
            return try_acquire(db, name, holder, ttl=ttl, now=now)
        current = LockState(row.holder, row.acquired_at, row.expires_at)
    if current.expires_at > now and not holder_is_dead(current.holder):
        return current
    with db.session() as session:
        result = session.execute(
            update(Lock)
            .where(
                Lock.name == name,
                Lock.holder == current.holder,
                Lock.expires_at == current.expires_at,
            )
            .values(holder=holder, acquired_at=now, expires_at=expires)
            .execution_options(synchronize_session=False)
        )
        assert isinstance(result, CursorResult)
        won = result.rowcount == 1
    if won:
        gone = "expired" if current.expires_at <= now else "dead"
        log.warning("took over lock %r from %s holder %s", name, gone, current.holder)
        return None
    return current  # another run took it over first


def renew(db: Database, name: str, holder: str, *, ttl: float) -> bool:
    """Push the lease forward; False when this holder no longer has the lock."""
    with db.session() as session:
        result = session.execute(
            update(Lock)
            .where(Lock.name == name, Lock.holder == holder)
            .values(expires_at=utcnow() + timedelta(seconds=ttl))
            .execution_options(synchronize_session=False)
        )
        assert isinstance(result, CursorResult)
        return result.rowcount == 1


def release(db: Database, name: str, holder: str) -> bool:
    """Delete the lock's row if this holder still has it; False when it did not."""
    with db.session() as session:
        result = session.execute(delete(Lock).where(Lock.name == name, Lock.holder == holder))
        assert isinstance(result, CursorResult)
        return result.rowcount == 1


def lock_state(db: Database, name: str) -> LockState | None:
    with db.session() as session:
        row = session.scalars(select(Lock).where(Lock.name == name)).first()
        return LockState(row.holder, row.acquired_at, row.expires_at) if row else None


def _busy_message(name: str, state: LockState) -> str:
    parsed = Holder.parse(state.holder)
    who = parsed.describe() if parsed else state.holder
    return f"another nongrata run ({who}, started {state.acquired_at:%Y-%m-%d %H:%M:%S} UTC)"


# A held lock ---------------------------------------------------------------------------


class RunLock:
    """The ``name`` lock for one run of this process, with its heartbeat."""

    def __init__(
        self, database_url: str, name: str = PIPELINE_LOCK, *, ttl: float = LOCK_TTL_SECONDS
    ):
        self.name = name
        self.ttl = ttl
        self.holder = Holder.of_this_process()
        self._db = open_database(database_url, migrate=False)
        self._stop = threading.Event()
        self._lost = threading.Event()
        self._heartbeat: threading.Thread | None = None

    @property
    def token(self) -> str:
        return self.holder.token

    def acquire(self, mode: OverlapMode, *, wait_limit: float = WAIT_LIMIT_SECONDS) -> None:
        """Take the lock, waiting (``wait``, up to ``wait_limit`` seconds) or not (``cancel``)."""
        deadline = time.monotonic() + wait_limit
        announced = False
        with _held_guard:
            _held_tokens.add(self.token)
        try:
            while True:
                state = try_acquire(self._db, self.name, self.holder.encode(), ttl=self.ttl)
                if state is None:
                    break
                if mode == "cancel":
                    raise RunOverlap(
                        f"{_busy_message(self.name, state)} is in progress; this run is "
                        "cancelled (monitor_overlap = cancel)"
                    )
                if time.monotonic() >= deadline:
                    raise RunOverlap(
                        f"{_busy_message(self.name, state)} still holds the {self.name!r} "
                        f"lock after waiting {wait_limit:g}s; this run gave up"
                    )
                if not announced:
                    log.info("waiting for %s to finish", _busy_message(self.name, state))
                    announced = True
                time.sleep(min(WAIT_POLL_SECONDS, max(0.0, deadline - time.monotonic())))
        except BaseException:
            self._forget()
            raise
        self._heartbeat = threading.Thread(
            target=self._beat, name=f"nongrata-lock-{self.name}", daemon=True
        )
        self._heartbeat.start()

    def _beat(self) -> None:
        while not self._stop.wait(self.ttl / 4):
            try:
                if not renew(self._db, self.name, self.holder.encode(), ttl=self.ttl):
                    log.error("lock %r was taken over by another run", self.name)
                    self._lost.set()
                    return
            except SQLAlchemyError as exc:  # the database is down: try again at the next beat
                log.warning("could not renew lock %r: %s", self.name, str(exc).splitlines()[0])

    def check(self) -> None:
        """Renew now; ``RunLockLost`` when another run has taken the lock over."""
        if self._lost.is_set() or not renew(
            self._db, self.name, self.holder.encode(), ttl=self.ttl
        ):
            self._lost.set()
            raise RunLockLost(
                f"this run lost the {self.name!r} lock (its lease expired and another run "
                "took over); stopping before recording anything more"
            )

    def release(self) -> None:
        """Stop the heartbeat and delete the lock's row. Never raises: a row that could not
        be deleted (database down) names this process and frees itself when the lease ends
        or as soon as a run on this machine sees the process is gone."""
        self._stop.set()
        if self._heartbeat is not None:
            self._heartbeat.join(timeout=10)
        try:
            if not release(self._db, self.name, self.holder.encode()):
                log.warning("lock %r was no longer held by this run at release", self.name)
        except SQLAlchemyError as exc:
            log.warning(
                "could not release lock %r (it frees itself within %gs): %s",
                self.name,
                self.ttl,
                str(exc).splitlines()[0],
            )
        finally:
            self._forget()
            self._db.dispose()

    def _forget(self) -> None:
        with _held_guard:
            _held_tokens.discard(self.token)
