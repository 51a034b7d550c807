"""Fixtures of the ingest tests."""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer


@pytest.fixture
def server(httpserver_ipv4: HTTPServer) -> HTTPServer:
    """The outlets' feeds and pages: pytest-httpserver on 127.0.0.1, cleared after each test."""
    return httpserver_ipv4
