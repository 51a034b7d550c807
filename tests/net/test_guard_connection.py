"""The guard at connection time: nothing refused is ever connected to, on any hop.

``LoopbackNat`` is the only network these tests can reach besides 127.0.0.1: it maps the
public-looking address a test resolver hands out to the loopback server, and counts every
connection attempt, so "no connection was attempted" is checked, not assumed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from pytest_httpserver import HTTPServer

from nongrata.errors import NetworkError, RefusedAddress
from nongrata.net import HttpClient, HttpResponse
from nongrata.settings import Settings
from tests.support.backends import LoopbackNat, StaticResolver
from tests.support.fetch import fetch
from tests.support.rawserver import RawConnection, RawServer

MakeSettings = Callable[..., Settings]
PUBLIC = "93.184.216.34"


def guarded(make_settings: MakeSettings) -> Settings:
    """Production defaults for the guard: private networks refused, no only_hosts list."""
    return make_settings(allow_private_networks=False, only_hosts=[])


def test_loopback_server_is_refused_by_default_and_sees_no_request(
    httpserver_ipv4: HTTPServer, make_settings: MakeSettings
) -> None:
    httpserver_ipv4.expect_request("/feed").respond_with_data("<rss/>")
    network = LoopbackNat()
    settings = make_settings(allow_private_networks=False)  # only_hosts still 127.0.0.1
    with pytest.raises(RefusedAddress) as caught:
        fetch(settings, httpserver_ipv4.url_for("/feed"), network_backend=network)
    assert "loopback" in str(caught.value)
    assert httpserver_ipv4.url_for("/feed") in str(caught.value)
    assert network.connects == []
    assert httpserver_ipv4.log == []


@pytest.mark.parametrize(
    "literal",
    ["2130706433", "0x7f.1", "0177.0.0.1", "127.1", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]"],
)
def test_loopback_in_any_literal_form_is_refused_without_dns(
    httpserver_ipv4: HTTPServer, make_settings: MakeSettings, literal: str
) -> None:
    # The real backend underneath: if the guard let it through, the server would see it.
    httpserver_ipv4.expect_request("/feed").respond_with_data("<rss/>")
    resolver = StaticResolver({})
    with pytest.raises(RefusedAddress):
        fetch(
            guarded(make_settings),
            f"http://{literal}:{httpserver_ipv4.port}/feed",
            resolver=resolver,
        )
    assert resolver.lookups == []
    assert httpserver_ipv4.log == []


@pytest.mark.parametrize(
    ("addresses", "why"),
    [
        (["10.0.0.5"], "private"),
        (["192.168.1.20"], "private"),
        (["172.16.0.1"], "private"),
        (["127.0.0.1"], "loopback"),
        (["::1"], "loopback"),
        (["169.254.169.254"], "cloud metadata"),
        (["fd00:ec2::254"], "cloud metadata"),
        (["100.100.100.200"], "cloud metadata"),
        (["168.63.129.16"], "cloud metadata"),
        (["fe80::1"], "link-local"),
        (["0.0.0.0"], "unspecified"),
        (["224.0.0.251"], "multicast"),
        (["100.64.0.1"], "not globally routable"),
        (["::ffff:10.0.0.5"], "IPv4-mapped"),
        ([PUBLIC, "10.0.0.5"], "10.0.0.5"),  # one bad address is enough
    ],
)
def test_names_resolving_to_refused_addresses_are_never_connected(
    make_settings: MakeSettings, addresses: list[str], why: str
) -> None:
    resolver = StaticResolver({"evil.test": addresses})
    network = LoopbackNat({PUBLIC: 9})
    with pytest.raises(RefusedAddress) as caught:
        fetch(
            guarded(make_settings),
            "http://evil.test/feed",
            resolver=resolver,
            network_backend=network,
        )
    message = str(caught.value)
    assert "evil.test" in message
    assert why in message
    assert "\n" not in message
    assert resolver.lookups == ["evil.test"]
    assert network.connects == []


def test_connection_goes_to_the_checked_address(
    httpserver_ipv4: HTTPServer, make_settings: MakeSettings
) -> None:
    httpserver_ipv4.expect_request("/feed", headers={"Host": "public.test"}).respond_with_data(
        "<rss/>", content_type="application/rss+xml"
    )
    resolver = StaticResolver({"public.test": [PUBLIC]})
    network = LoopbackNat({PUBLIC: httpserver_ipv4.port})
    response = fetch(
        guarded(make_settings),
        "http://public.test/feed",
        resolver=resolver,
        network_backend=network,
    )
    assert response.status == 200
    assert response.url == "http://public.test/feed"
    # The backend was handed the address the guard checked, never the name to resolve again.
    assert network.connects == [(PUBLIC, 80)]


def test_redirect_to_a_name_resolving_privately_is_refused_after_resolution(
    httpserver_ipv4: HTTPServer, make_settings: MakeSettings
) -> None:
    httpserver_ipv4.expect_request("/feed").respond_with_data(
        "", status=302, headers={"Location": "http://internal.test/admin"}
    )
    resolver = StaticResolver({"public.test": [PUBLIC], "internal.test": ["10.1.2.3"]})
    network = LoopbackNat({PUBLIC: httpserver_ipv4.port, "10.1.2.3": httpserver_ipv4.port})
    with pytest.raises(RefusedAddress) as caught:
        fetch(
            guarded(make_settings),
            "http://public.test/feed",
            resolver=resolver,
            network_backend=network,
        )
    assert "internal.test" in str(caught.value)
    assert resolver.lookups == ["public.test", "internal.test"]
    assert network.connects == [(PUBLIC, 80)]
    assert [request.path for request, _ in httpserver_ipv4.log] == ["/feed"]


def test_every_new_connection_is_checked_again(make_settings: MakeSettings) -> None:
    # DNS rebinding: the name is public on the first lookup and private on the next. Each
    # response closes its connection, so the second request needs a new one.
    answers = [[PUBLIC], ["10.0.0.5"]]
    lookups: list[str] = []

    async def rebinding(host: str, port: int) -> list[str]:
        lookups.append(host)
        return answers[min(len(lookups), len(answers)) - 1]

    def ok(conn: RawConnection) -> None:
        conn.respond("200 OK", {"Content-Type": "application/rss+xml"}, b"<rss/>")

    with RawServer(ok) as server:
        network = LoopbackNat({PUBLIC: server.port})

        async def twice() -> HttpResponse:
            async with HttpClient(
                guarded(make_settings), resolver=rebinding, network_backend=network
            ) as client:
                first = await client.get("http://rebind.test/feed", kind="feed")
                with pytest.raises(RefusedAddress):
                    await client.get("http://rebind.test/feed", kind="feed")
                return first

        first = asyncio.run(twice())
    assert first.status == 200
    assert lookups == ["rebind.test", "rebind.test"]
    assert network.connects == [(PUBLIC, 80)]
    assert server.requests == ["GET /feed HTTP/1.1"]


def test_allowed_private_name_connects_to_its_resolved_address(
    httpserver_ipv4: HTTPServer, make_settings: MakeSettings
) -> None:
    httpserver_ipv4.expect_request("/feed").respond_with_data("<rss/>", content_type="text/xml")
    resolver = StaticResolver({"feeds.internal": ["127.0.0.1"]})
    settings = make_settings(allow_private_networks=True, only_hosts=[])
    url = f"http://feeds.internal:{httpserver_ipv4.port}/feed"
    response = fetch(settings, url, resolver=resolver)
    assert response.status == 200
    request, _ = httpserver_ipv4.log[0]
    assert request.headers["Host"] == f"feeds.internal:{httpserver_ipv4.port}"


def test_unresolvable_name_is_a_dns_error(make_settings: MakeSettings) -> None:
    network = LoopbackNat()
    with pytest.raises(NetworkError) as caught:
        fetch(
            guarded(make_settings),
            "http://nowhere.test/feed",
            resolver=StaticResolver({}),
            network_backend=network,
        )
    assert caught.value.reason == "dns-error"
    assert "nowhere.test" in str(caught.value)
    assert network.connects == []


def test_only_hosts_refuses_before_any_lookup(make_settings: MakeSettings) -> None:
    resolver = StaticResolver({"other.test": [PUBLIC]})
    network = LoopbackNat({PUBLIC: 9})
    settings = make_settings(allow_private_networks=False, only_hosts=["feeds.test"])
    with pytest.raises(RefusedAddress) as caught:
        fetch(settings, "https://other.test/feed", resolver=resolver, network_backend=network)
    assert "only_hosts" in str(caught.value)
    assert resolver.lookups == []
    assert network.connects == []
