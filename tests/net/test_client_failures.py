"""Transport failures, size caps and content types, against real servers on 127.0.0.1."""

from __future__ import annotations

import gzip
import socket
import zlib
from collections.abc import Callable

import pytest
from pytest_httpserver import HTTPServer

from nongrata.errors import BadContentType, NetworkError, ResponseTooLarge
from nongrata.settings import Settings
from tests.support.fetch import fetch
from tests.support.rawserver import RawConnection, RawServer

MakeSettings = Callable[..., Settings]
CAP = 100_000


def test_timeout_when_the_server_never_answers(make_settings: MakeSettings) -> None:
    def stall(conn: RawConnection) -> None:
        conn.stop.wait(10)

    with RawServer(stall) as server, pytest.raises(NetworkError) as caught:
        fetch(make_settings(http_timeout=0.3), server.url("/feed"))
    assert caught.value.reason == "timeout"
    assert server.url("/feed") in str(caught.value)
    assert "\n" not in str(caught.value)


def test_slow_body_hits_the_whole_request_deadline(make_settings: MakeSettings) -> None:
    # Each byte arrives well within the read timeout; the body as a whole never does.
    def trickle(conn: RawConnection) -> None:
        if not conn.send(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 100000\r\n\r\n"
        ):
            return
        while not conn.stop.wait(0.05) and conn.send(b"x"):
            pass

    with RawServer(trickle) as server, pytest.raises(NetworkError) as caught:
        fetch(make_settings(http_timeout=0.3), server.url("/feed"))
    assert caught.value.reason == "timeout"
    assert "no complete response within 0.9s" in str(caught.value)


def test_connection_reset_before_the_response(make_settings: MakeSettings) -> None:
    with RawServer(RawConnection.reset) as server, pytest.raises(NetworkError) as caught:
        fetch(make_settings(), server.url("/feed"))
    assert caught.value.reason == "connection-error"
    assert "Connection reset by peer" in str(caught.value)
    assert server.requests == ["GET /feed HTTP/1.1"]


def test_connection_reset_in_the_middle_of_the_body(make_settings: MakeSettings) -> None:
    def half_then_reset(conn: RawConnection) -> None:
        conn.send(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 5000\r\n\r\n<rss>")
        conn.stop.wait(0.1)
        conn.reset()

    with RawServer(half_then_reset) as server, pytest.raises(NetworkError) as caught:
        fetch(make_settings(), server.url("/feed"))
    assert caught.value.reason == "connection-error"
    assert server.url("/feed") in str(caught.value)


def test_connection_refused(make_settings: MakeSettings) -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    # Nothing listens on the port any more.
    with pytest.raises(NetworkError) as caught:
        fetch(make_settings(), f"http://127.0.0.1:{port}/feed")
    assert caught.value.reason == "connection-error"


def test_garbage_is_a_protocol_error(make_settings: MakeSettings) -> None:
    def garbage(conn: RawConnection) -> None:
        conn.send(b"this is not HTTP at all\r\n\r\n")

    with RawServer(garbage) as server, pytest.raises(NetworkError) as caught:
        fetch(make_settings(), server.url("/feed"))
    assert caught.value.reason == "protocol-error"


def test_declared_content_length_over_the_cap_is_refused_up_front(
    httpserver_ipv4: HTTPServer, make_settings: MakeSettings
) -> None:
    httpserver_ipv4.expect_request("/big").respond_with_data(
        b"x" * (CAP + 1), content_type="text/xml"
    )
    with pytest.raises(ResponseTooLarge) as caught:
        fetch(make_settings(max_feed_bytes=CAP), httpserver_ipv4.url_for("/big"))
    assert "Content-Length" in str(caught.value)
    assert caught.value.reason == "too-large"


def test_undeclared_body_over_the_cap_is_cut_while_streaming(make_settings: MakeSettings) -> None:
    def endless(conn: RawConnection) -> None:
        conn.send(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n")
        total = 0
        while total < 50 * CAP and conn.send(b"y" * 8192):
            total += 8192

    with RawServer(endless) as server, pytest.raises(ResponseTooLarge) as caught:
        fetch(make_settings(max_page_bytes=CAP), server.url("/page"), kind="page")
    assert "decompressed" in str(caught.value)


def test_page_and_feed_caps_are_separate(
    httpserver_ipv4: HTTPServer, make_settings: MakeSettings
) -> None:
    httpserver_ipv4.expect_request("/p").respond_with_data(b"x" * 50_000, content_type="text/html")
    settings = make_settings(max_feed_bytes=CAP, max_page_bytes=10_000)
    assert fetch(settings, httpserver_ipv4.url_for("/p")).status == 200
    with pytest.raises(ResponseTooLarge):
        fetch(settings, httpserver_ipv4.url_for("/p"), kind="page")


def test_body_at_exactly_the_cap_is_accepted(
    httpserver_ipv4: HTTPServer, make_settings: MakeSettings
) -> None:
    httpserver_ipv4.expect_request("/f").respond_with_data(b"z" * CAP, content_type="text/xml")
    response = fetch(make_settings(max_feed_bytes=CAP), httpserver_ipv4.url_for("/f"))
    assert len(response.body) == CAP


@pytest.mark.parametrize(
    ("encoding", "compress", "content_type", "body"),
    [
        ("gzip", gzip.compress, "application/rss+xml", b"<rss>" + b"news " * 1000 + b"</rss>"),
        ("deflate", zlib.compress, "application/atom+xml", b"<feed>" + b"item " * 500 + b"</feed>"),
    ],
)
def test_a_compressed_body_is_decoded(
    httpserver_ipv4: HTTPServer,
    make_settings: MakeSettings,
    encoding: str,
    compress: Callable[[bytes], bytes],
    content_type: str,
    body: bytes,
) -> None:
    httpserver_ipv4.expect_request("/f").respond_with_data(
        compress(body), content_type=content_type, headers={"Content-Encoding": encoding}
    )
    assert fetch(make_settings(), httpserver_ipv4.url_for("/f")).body == body


def test_gzip_bomb_is_cut_at_the_cap(
    httpserver_ipv4: HTTPServer, make_settings: MakeSettings
) -> None:
    bomb = gzip.compress(b"\0" * 20_000_000, compresslevel=9)
    assert len(bomb) < 30_000  # a few KB on the wire …
    httpserver_ipv4.expect_request("/bomb").respond_with_data(
        bomb, content_type="application/rss+xml", headers={"Content-Encoding": "gzip"}
    )
    with pytest.raises(ResponseTooLarge) as caught:  # … far over the cap once decoded
        fetch(make_settings(max_feed_bytes=1_000_000), httpserver_ipv4.url_for("/bomb"))
    assert "decompressed" in str(caught.value)


def test_bad_gzip_stream_is_a_decode_error(
    httpserver_ipv4: HTTPServer, make_settings: MakeSettings
) -> None:
    httpserver_ipv4.expect_request("/f").respond_with_data(
        b"\x1f\x8bthis is not really gzip" * 10,
        content_type="application/rss+xml",
        headers={"Content-Encoding": "gzip"},
    )
    with pytest.raises(NetworkError) as caught:
        fetch(make_settings(), httpserver_ipv4.url_for("/f"))
    assert caught.value.reason == "decode-error"
    assert httpserver_ipv4.url_for("/f") in str(caught.value)


@pytest.mark.parametrize(
    "content_type",
    ["image/png", "video/mp4", "audio/mpeg", "application/pdf", "application/zip", "image/svg+xml"],
)
def test_feed_with_an_unusable_content_type_is_refused(
    httpserver_ipv4: HTTPServer, make_settings: MakeSettings, content_type: str
) -> None:
    httpserver_ipv4.expect_request("/f").respond_with_data(b"\x89PNG", content_type=content_type)
    with pytest.raises(BadContentType) as caught:
        fetch(make_settings(), httpserver_ipv4.url_for("/f"))
    assert content_type in str(caught.value)
    assert caught.value.reason == "bad-content-type"


@pytest.mark.parametrize(
    "content_type",
    [
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml; charset=utf-8",
        "application/feed+json",
        "application/json",
        "text/plain",
        "application/octet-stream",
        "text/html",
        None,
    ],
)
def test_feed_content_types_that_are_accepted(
    httpserver_ipv4: HTTPServer, make_settings: MakeSettings, content_type: str | None
) -> None:
    headers = {} if content_type is None else {"Content-Type": content_type}
    httpserver_ipv4.expect_request("/f").respond_with_data(
        b"<rss/>", headers=headers, content_type=None
    )
    response = fetch(make_settings(), httpserver_ipv4.url_for("/f"))
    assert response.status == 200
    assert response.body == b"<rss/>"


@pytest.mark.parametrize(
    ("content_type", "accepted"),
    [
        ("text/html; charset=utf-8", True),
        ("application/xhtml+xml", True),
        ("text/plain", True),
        ("application/rss+xml", False),
        ("application/pdf", False),
        ("image/jpeg", False),
    ],
)
def test_page_content_types(
    httpserver_ipv4: HTTPServer, make_settings: MakeSettings, content_type: str, accepted: bool
) -> None:
    httpserver_ipv4.expect_request("/p").respond_with_data(b"<p>hi</p>", content_type=content_type)
    if accepted:
        assert (
            fetch(make_settings(), httpserver_ipv4.url_for("/p"), kind="page").body == b"<p>hi</p>"
        )
    else:
        with pytest.raises(BadContentType):
            fetch(make_settings(), httpserver_ipv4.url_for("/p"), kind="page")


def test_error_status_with_any_content_type_is_returned(
    httpserver_ipv4: HTTPServer, make_settings: MakeSettings
) -> None:
    httpserver_ipv4.expect_request("/f").respond_with_data(
        b"\x89PNG", status=404, content_type="image/png"
    )
    assert fetch(make_settings(), httpserver_ipv4.url_for("/f")).status == 404
