"""Fixtures for the alerts tests: a migrated database, a real SMTP server on loopback, the
machine's MQTT broker (skipped visibly when none answers)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller

from tests.support.ports import free_port
from tests.support.smtp import SmtpInbox

MQTT_HOST, MQTT_PORT = "127.0.0.1", 1883


@pytest.fixture
def smtp() -> Iterator[SmtpInbox]:
    """A real SMTP server (aiosmtpd) on 127.0.0.1; received mail in ``.messages``."""
    inbox = SmtpInbox(port=free_port())
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    yield inbox
    controller.stop()


@pytest.fixture(scope="session")
def mqtt_broker() -> str:
    """host:port of the machine's MQTT broker; skipped visibly when none answers."""
    try:
        with socket.create_connection((MQTT_HOST, MQTT_PORT), timeout=2):
            pass
    except OSError as exc:
        pytest.skip(f"no MQTT broker at {MQTT_HOST}:{MQTT_PORT} ({exc})")
    return f"{MQTT_HOST}:{MQTT_PORT}"
