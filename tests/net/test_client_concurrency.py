"""Concurrency bounds, counted where they matter: on the server."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

from nongrata.net import HttpClient
from nongrata.settings import Settings
from tests.support.backends import LoopbackNat, StaticResolver
from tests.support.rawserver import RawConnection, RawServer

MakeSettings = Callable[..., Settings]


class ConcurrencyCounter:
    """A handler that records the peak number of requests in flight, overall and per Host.

    Each request waits (up to a few seconds) until ``expected`` requests are in flight
    overall, then a moment more, so the peak the client allows is reached however slowly
    the machine runs, and a request beyond the bound would be seen while the others wait.
    """

    def __init__(self, expected: int, total: int) -> None:
        self.expected = expected
        self.total = total
        self.done = 0
        self.changed = threading.Condition()
        self.active: dict[str, int] = {}
        self.peak: dict[str, int] = {}
        self.peak_total = 0

    def __call__(self, conn: RawConnection) -> None:
        host = _host_header(conn.head)
        with self.changed:
            self.active[host] = self.active.get(host, 0) + 1
            self.peak[host] = max(self.peak.get(host, 0), self.active[host])
            self.peak_total = max(self.peak_total, sum(self.active.values()))
            self.changed.notify_all()
            self.changed.wait_for(self._enough_in_flight, timeout=3)
        conn.stop.wait(0.1)
        with self.changed:
            self.active[host] -= 1
            self.done += 1
            self.changed.notify_all()
        conn.respond("200 OK", {"Content-Type": "application/rss+xml"}, b"<rss/>")

    def _enough_in_flight(self) -> bool:
        waiting_for = min(self.expected, self.total - self.done)
        return sum(self.active.values()) >= waiting_for


def _host_header(head: bytes) -> str:
    for line in head.decode("latin-1").split("\r\n")[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "host":
            return value.strip()
    return ""


def _get_all(settings: Settings, urls: list[str], server: RawServer) -> list[int]:
    hosts = {url.split("/")[2] for url in urls}
    resolver = StaticResolver({host: ["93.184.216.34"] for host in hosts})
    network = LoopbackNat({"93.184.216.34": server.port})

    async def go() -> list[int]:
        async with HttpClient(settings, resolver=resolver, network_backend=network) as client:
            responses = await asyncio.gather(*(client.get(url, kind="feed") for url in urls))
        return [r.status for r in responses]

    return asyncio.run(go())


def test_per_host_bound_is_respected(make_settings: MakeSettings) -> None:
    counter = ConcurrencyCounter(expected=4, total=12)
    settings = make_settings(
        allow_private_networks=False, only_hosts=[], max_connections=16, max_connections_per_host=2
    )
    urls = [f"http://a.test/feed{i}" for i in range(6)] + [
        f"http://b.test/feed{i}" for i in range(6)
    ]
    with RawServer(counter) as server:
        statuses = _get_all(settings, urls, server)
    assert statuses == [200] * 12
    assert counter.peak == {"a.test": 2, "b.test": 2}
    assert counter.peak_total == 4


def test_overall_bound_is_respected(make_settings: MakeSettings) -> None:
    counter = ConcurrencyCounter(expected=3, total=8)
    settings = make_settings(
        allow_private_networks=False, only_hosts=[], max_connections=3, max_connections_per_host=2
    )
    urls = [f"http://{name}.test/feed{i}" for name in "abcd" for i in range(2)]
    with RawServer(counter) as server:
        statuses = _get_all(settings, urls, server)
    assert statuses == [200] * 8
    assert counter.peak_total == 3
    assert max(counter.peak.values()) <= 2
