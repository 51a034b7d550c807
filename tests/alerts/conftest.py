"""Fixtures for the alerts tests: a migrated database, a real SMTP server on loopback, the
machine's MQTT broker (skipped visibly when none answers)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from nongrata.db import Database, open_database

MQTT_HOST, MQTT_PORT = "127.0.0.1", 1883


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class SmtpInbox:
    port: int
    messages: list[Message] = field(default_factory=list)

    def url(self, to: str = "analyst@example.org") -> str:
        return f"mailto://127.0.0.1:{self.port}?from=nongrata@example.org&to={to}&mode=insecure"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[SmtpInbox]:
    """A real SMTP server (aiosmtpd) on 127.0.0.1; received mail in ``.messages``."""
    inbox = SmtpInbox(port=free_port())
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    yield inbox
    controller.stop()


def mail_text(message: Message) -> dict[str, str]:
    """The decoded parts of a mail, by content type."""
    parts: dict[str, str] = {}
    for part in message.walk():
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            parts[part.get_content_type()] = payload.decode(part.get_content_charset() or "utf-8")
    return parts


@pytest.fixture(scope="session")
def mqtt_broker() -> str:
    """host:port of the machine's MQTT broker; skipped visibly when none answers."""
    try:
        with socket.create_connection((MQTT_HOST, MQTT_PORT), timeout=2):
            pass
    except OSError as exc:
        pytest.skip(f"no MQTT broker at {MQTT_HOST}:{MQTT_PORT} ({exc})")
    return f"{MQTT_HOST}:{MQTT_PORT}"
