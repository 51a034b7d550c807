"""A loopback server with one feed per fault, for the pipeline-level fault matrix.

Built on the raw TCP server of the net tests (it can stall, trickle and reset). Each fault
path misbehaves until ``healed`` is set; then every path serves a healthy feed. Healthy
feeds and their article pages are always served."""

from __future__ import annotations

import gzip
import time
from dataclasses import dataclass, field
from html import escape

from tests.support.rawserver import RawConnection, RawServer

RSS_TYPE = "application/rss+xml; charset=utf-8"
CAP = 64 * 1024  # max_feed_bytes / max_page_bytes of the runs against this server


def feed_xml(name: str, links: list[str], *, encoding: str = "utf-8", title: str = "") -> bytes:
    items = "".join(
        f"<item><title>{escape(title or name)} story {n}</title><link>{escape(link)}</link>"
        f"<description>Summary of {escape(name)} story {n}.</description>"
        "<pubDate>Mon, 02 Jun 2025 05:00:00 GMT</pubDate></item>"
        for n, link in enumerate(links)
    )
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(name)}</title><link>http://127.0.0.1/</link>{items}</channel></rss>"
    ).encode(encoding if encoding in {"utf-8", "iso-8859-1"} else "utf-8")


def article_html(headline: str) -> bytes:
    paragraph = (
        f"{headline}. Officials confirmed the decision on Monday morning and said the "
        "measures were taken after a long investigation by the security service."
    )
    body = "".join(f"<p>{paragraph} Paragraph {n}.</p>" for n in range(4))
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{headline}</title></head>"
        f"<body><article><h1>{headline}</h1>{body}</article></body></html>"
    ).encode()


@dataclass(frozen=True)
class Fault:
    """One injected feed fault and what the feed's health must then say."""

    path: str
    reason: str  # the reason slug recorded (feeds.last_error starts with it)
    status: int | None  # feeds.last_status
    retry_after: float | None = None


FEED_FAULTS: tuple[Fault, ...] = (
    Fault("/fault/stall.xml", "timeout", None),
    Fault("/fault/trickle.xml", "timeout", None),
    Fault("/fault/reset.xml", "connection-error", None),
    Fault("/fault/close-early.xml", "connection-error", None),
    Fault("/fault/404.xml", "http-404", 404),
    Fault("/fault/410.xml", "http-410", 410),
    Fault("/fault/429.xml", "http-429", 429, retry_after=7200),
    Fault("/fault/503.xml", "http-503", 503, retry_after=3600),
    Fault("/fault/500.xml", "http-500", 500),
    Fault("/fault/502.xml", "http-502", 502),
    Fault("/fault/loop.xml", "redirect-loop", None),
    Fault("/fault/redirect-chain.xml", "too-many-redirects", None),
    Fault("/fault/too-large.xml", "too-large", None),
    Fault("/fault/declared-large.xml", "too-large", None),
    Fault("/fault/gzip-bomb.xml", "too-large", None),
    Fault("/fault/image.xml", "bad-content-type", None),
    Fault("/fault/html.xml", "html-not-feed", 200),
    Fault("/fault/garbage.xml", "not-a-feed", 200),
)

# Feeds whose bytes are wrong for their declared encoding: parsed and used anyway, with the
# problem recorded on the feed (feeds.parse_problem).
ENCODING_FAULTS: tuple[str, ...] = (
    "/enc/invalid-utf8.xml",
    "/enc/cp1251-declared-utf8.xml",
    "/enc/header-utf16-body-utf8.xml",
    "/enc/unknown-charset.xml",
)

# Pages of a healthy feed that fail; the article keeps its summary, with the reason.
PAGE_FAULTS: dict[str, str] = {
    "/page-fault/404.html": "http-404",
    "/page-fault/reset.html": "connection-error",
    "/page-fault/too-large.html": "too-large",
    "/page-fault/image.html": "bad-content-type",
    "/page-fault/empty.html": "empty-page",
    "/page-fault/furniture.html": "no-text",
}

HEALTHY_FEEDS = 3
PAGES_PER_FEED = 3


@dataclass
class FaultServer:
    healed: bool = False
    raw: RawServer = field(init=False)

    def __post_init__(self) -> None:
        self.raw = RawServer(self._handle)
        self._bomb = gzip.compress(b"<rss>" + b" " * (40 * CAP), compresslevel=9)

    def url(self, path: str) -> str:
        return self.raw.url(path)

    def healthy_feed_paths(self) -> list[str]:
        return [f"/healthy/{n}.xml" for n in range(HEALTHY_FEEDS)]

    def healthy_page_urls(self, feed_path: str) -> list[str]:
        stem = feed_path.rsplit("/", 1)[-1].removesuffix(".xml")
        return [self.url(f"/page/{stem}-{k}.html") for k in range(PAGES_PER_FEED)]

    def page_fault_feed_path(self) -> str:
        return "/healthy/page-faults.xml"

    # Serving ------------------------------------------------------------------------------

    def _handle(self, conn: RawConnection) -> None:
        path = conn.request_line.split(" ")[1].split("?", 1)[0]
        if path.startswith("/page/"):
            conn.respond("200 OK", {"Content-Type": "text/html; charset=utf-8"}, article_html(path))
        elif path == self.page_fault_feed_path():
            links = [self.url(p) for p in PAGE_FAULTS] + [self.url("/page/ok-from-faults.html")]
            conn.respond("200 OK", {"Content-Type": RSS_TYPE}, feed_xml("page faults", links))
        elif path.startswith("/page-fault/"):
            self._page_fault(conn, path)
        elif path.startswith("/healthy/") or self.healed:
            self._healthy(conn, path)
        elif path.startswith("/enc/"):
            self._encoding_fault(conn, path)
        else:
            self._feed_fault(conn, path)

    def _healthy(self, conn: RawConnection, path: str) -> None:
        links = self.healthy_page_urls(path)
        conn.respond("200 OK", {"Content-Type": RSS_TYPE}, feed_xml(path, links))

    def _wait(self, conn: RawConnection, seconds: float) -> None:
        conn.stop.wait(seconds)

    def _feed_fault(self, conn: RawConnection, path: str) -> None:
        name = path.removeprefix("/fault/").removesuffix(".xml")
        if name == "stall":
            self._wait(conn, 10)
        elif name == "trickle":
            conn.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n")
            conn.send(b"Content-Length: 60000\r\nConnection: close\r\n\r\n<rss>")
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and not conn.stop.is_set():
                if not conn.send(b" "):
                    return
                self._wait(conn, 0.2)
        elif name == "reset":
            conn.reset()
        elif name == "close-early":
            conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n<rss version")
            conn.reset()
        elif name.isdigit():
            headers = {"Content-Type": "text/html"}
            if name == "429":
                headers["Retry-After"] = "7200"
            elif name == "503":
                headers["Retry-After"] = "3600"
            conn.respond(f"{name} Fault", headers, b"<h1>fault</h1>" * 10_000)
        elif name == "loop":
            conn.respond("302 Found", {"Location": "/fault/loop-b.xml"}, b"")
        elif name == "loop-b":
            conn.respond("302 Found", {"Location": "/fault/loop.xml"}, b"")
        elif name.startswith("redirect-chain"):
            hop = int(name.removeprefix("redirect-chain") or "0") + 1
            conn.respond("302 Found", {"Location": f"/fault/redirect-chain{hop}.xml"}, b"")
        elif name == "too-large":
            # No Content-Length: the body ends when the connection closes.
            head = (
                "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nConnection: close\r\n\r\n"
            )
            conn.send(head.encode() + b"<rss>" + b" " * (2 * CAP))
        elif name == "declared-large":
            conn.respond(
                "200 OK",
                {"Content-Type": "application/rss+xml", "Content-Length": str(50 * CAP)},
                b"<rss>",
            )
        elif name == "gzip-bomb":
            headers = {"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"}
            conn.respond("200 OK", headers, self._bomb)
        elif name == "image":
            conn.respond("200 OK", {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + b"0" * 64)
        elif name == "html":
            conn.respond("200 OK", {"Content-Type": "text/html"}, article_html("Not a feed"))
        elif name == "garbage":
            conn.respond("200 OK", {"Content-Type": "application/xml"}, bytes(range(256)) * 4)
        else:
            conn.respond("404 Not Found", {"Content-Type": "text/plain"}, b"unknown fault")

    def _encoding_fault(self, conn: RawConnection, path: str) -> None:
        links = self.healthy_page_urls(path)
        body = feed_xml(path, links)
        content_type = RSS_TYPE
        if path == "/enc/invalid-utf8.xml":
            body = body.replace(b"story 0", b"story \xff\xfe\xc3\x28 0")
        elif path == "/enc/cp1251-declared-utf8.xml":
            body = body.replace(b"story 1", "шпион 1".encode("cp1251"))
        elif path == "/enc/header-utf16-body-utf8.xml":
            content_type = "application/rss+xml; charset=utf-16"
        elif path == "/enc/unknown-charset.xml":
            body = body.replace(b'encoding="utf-8"', b'encoding="x-klingon"')
            content_type = "application/rss+xml; charset=x-klingon"
        conn.respond("200 OK", {"Content-Type": content_type}, body)

    def _page_fault(self, conn: RawConnection, path: str) -> None:
        html_type = {"Content-Type": "text/html; charset=utf-8"}
        if path.endswith("/404.html"):
            conn.respond("404 Not Found", html_type, b"gone")
        elif path.endswith("/reset.html"):
            conn.reset()
        elif path.endswith("/too-large.html"):
            conn.respond("200 OK", html_type, b"<p>" + b"x" * (2 * CAP))
        elif path.endswith("/image.html"):
            conn.respond("200 OK", {"Content-Type": "image/jpeg"}, b"\xff\xd8\xff" + b"0" * 64)
        elif path.endswith("/empty.html"):
            conn.respond("200 OK", html_type, b"  \n ")
        else:
            conn.respond("200 OK", html_type, b"<html><body><nav>Home</nav></body></html>")

    def __enter__(self) -> FaultServer:
        self.raw.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.raw.__exit__(None, None, None)
