"""A webhook receiver on the test HTTP server (pytest-httpserver on 127.0.0.1)."""

from __future__ import annotations

import json
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response


def json_hook(
    httpserver: HTTPServer, path: str = "/hook", *, failures: int = 0
) -> tuple[str, list[dict[str, Any]]]:
    """The ``json://`` target of a receiver at ``path``, and the list of the documents it
    receives; the first ``failures`` posts are answered 503."""
    received: list[dict[str, Any]] = []

    def handler(request: Request) -> Response:
        received.append(json.loads(request.get_data()))
        if len(received) <= failures:
            return Response("down", status=503)
        return Response("ok", status=200)

    httpserver.expect_request(path, method="POST").respond_with_handler(handler)
    return f"json://127.0.0.1:{httpserver.port}{path}", received
