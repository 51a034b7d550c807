"""AddressGuard: URL checks, IP-literal parsing, address classification, resolution."""

from __future__ import annotations

import asyncio
import ipaddress

import pytest

from nongrata.errors import NetworkError, RefusedAddress
from nongrata.net.guard import (
    AddressGuard,
    default_resolver,
    normalize_host,
    parse_ip_literal,
    parse_ipv4_literal,
    refusal_reason,
)
from tests.support.backends import StaticResolver


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("10.1", "10.0.0.1"),
        ("192.168.257", "192.168.1.1"),
        ("0", "0.0.0.0"),
        ("0x", "0.0.0.0"),
        ("8.8.8.8.", "8.8.8.8"),
        ("017700000001", "127.0.0.1"),
    ],
)
def test_ipv4_literal_forms(host: str, address: str) -> None:
    assert parse_ipv4_literal(host) == ipaddress.IPv4Address(address)


@pytest.mark.parametrize("host", ["example.com", "feeds.bbci.co.uk", "1.2.3.example", "x", "1x"])
def test_host_names_are_not_literals(host: str) -> None:
    assert parse_ipv4_literal(host) is None


@pytest.mark.parametrize(
    "host", ["1.2.3.4.5", "256.1.1.1", "1.2.3.256", "0x100.1", "09.1.1.1", "4294967296"]
)
def test_malformed_numeric_hosts_are_refused(host: str) -> None:
    with pytest.raises(RefusedAddress, match="malformed"):
        parse_ipv4_literal(host)


def test_ipv6_literals() -> None:
    assert parse_ip_literal("[::1]") == ipaddress.IPv6Address("::1")
    assert parse_ip_literal("fe80::1%25eth0") == ipaddress.IPv6Address("fe80::1%eth0")
    with pytest.raises(RefusedAddress, match="IPv6"):
        parse_ip_literal("[::zz]")


@pytest.mark.parametrize(
    ("host", "normal"),
    [
        ("Example.COM.", "example.com"),
        ("[::FFFF:127.0.0.1]", "::ffff:7f00:1"),
        ("0x7f.1", "127.0.0.1"),
        ("bücher.example", "xn--bcher-kva.example"),
    ],
)
def test_normalize_host(host: str, normal: str) -> None:
    assert normalize_host(host) == normal


@pytest.mark.parametrize(
    ("address", "fragment"),
    [
        ("127.0.0.1", "loopback"),
        ("10.0.0.5", "private"),
        ("172.31.255.255", "private"),
        ("192.168.0.1", "private"),
        ("169.254.1.1", "link-local"),
        ("169.254.169.254", "cloud metadata"),
        ("100.100.100.200", "Alibaba"),
        ("192.0.0.192", "Oracle"),
        ("168.63.129.16", "Azure"),
        ("fd00:ec2::254", "AWS"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("::1", "loopback"),
        ("fc00::1", "private"),
        ("fe80::1", "link-local"),
        ("ff02::1", "multicast"),
        ("239.255.255.250", "multicast"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
        ("100.64.0.1", "not globally routable"),
        ("198.18.0.1", "private"),
        ("::ffff:192.168.1.1", "IPv4-mapped 192.168.1.1"),
        ("2002:a00:1::", "6to4 10.0.0.1"),
        ("64:ff9b::7f00:1", "NAT64 127.0.0.1"),
    ],
)
def test_refused_addresses(address: str, fragment: str) -> None:
    why = refusal_reason(ipaddress.ip_address(address))
    assert why is not None
    assert fragment in why


@pytest.mark.parametrize(
    "address",
    ["8.8.8.8", "93.184.216.34", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"],
)
def test_public_addresses_are_allowed(address: str) -> None:
    assert refusal_reason(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("file:///etc/passwd", "scheme 'file'"),
        ("ftp://example.com/feed", "scheme 'ftp'"),
        ("gopher://example.com/", "scheme 'gopher'"),
        ("example.com/feed", "scheme 'none'"),
        ("http:///feed", "no host"),
        ("http://exa mple.com/", "not a valid host name"),
        ("http://999.1.1.1/", "not a valid URL"),
        ("http://10.0.0.1/", "private"),
        ("http://[::1]:8080/", "loopback"),
        ("http://2130706433/", "2130706433 (127.0.0.1)"),
    ],
)
def test_check_url_refusals(url: str, fragment: str) -> None:
    with pytest.raises(RefusedAddress) as caught:
        AddressGuard(False, []).check_url(url)
    assert fragment in str(caught.value)
    assert caught.value.reason == "refused-address"


def test_check_url_allows_public_names_and_addresses() -> None:
    guard = AddressGuard(False, [])
    guard.check_url("https://feeds.example.com/rss.xml")
    guard.check_url("http://8.8.8.8/feed")
    guard.check_url("https://[2606:4700:4700::1111]/feed")


def test_allow_private_lets_private_literals_through() -> None:
    guard = AddressGuard(True, [])
    guard.check_url("http://127.0.0.1:8080/feed")
    guard.check_url("http://169.254.169.254/latest/meta-data")


def test_only_hosts_matches_normalised_hosts() -> None:
    guard = AddressGuard(True, ["Feeds.Example.com", "127.0.0.1", "[::1]"])
    guard.check_url("https://FEEDS.example.com./rss")
    guard.check_url("http://127.1/x")  # the same address in another form
    guard.check_url("http://[0:0::1]/x")
    for url in ["https://example.com/", "https://sub.feeds.example.com/", "http://127.0.0.2/"]:
        with pytest.raises(RefusedAddress, match="only_hosts"):
            guard.check_url(url)


def test_resolve_allowed_returns_every_allowed_address_once() -> None:
    resolver = StaticResolver(
        {"news.test": ["93.184.216.34", "2606:2800:220:1::1", "93.184.216.34"]}
    )
    guard = AddressGuard(False, [], resolver=resolver)
    assert asyncio.run(guard.resolve_allowed("news.test", 443)) == [
        "93.184.216.34",
        "2606:2800:220:1::1",
    ]


def test_resolve_allowed_refuses_when_any_address_is_private() -> None:
    guard = AddressGuard(
        False, [], resolver=StaticResolver({"mixed.test": ["8.8.8.8", "10.9.8.7"]})
    )
    with pytest.raises(RefusedAddress, match=r"mixed.test: refused, resolves to 10.9.8.7"):
        asyncio.run(guard.resolve_allowed("mixed.test", 80))


def test_resolve_allowed_with_a_literal_needs_no_resolver() -> None:
    resolver = StaticResolver({})
    guard = AddressGuard(False, [], resolver=resolver)
    assert asyncio.run(guard.resolve_allowed("8.8.8.8", 80)) == ["8.8.8.8"]
    with pytest.raises(RefusedAddress):
        asyncio.run(guard.resolve_allowed("0x0a000001", 80))
    assert resolver.lookups == []


def test_resolver_failures() -> None:
    guard = AddressGuard(False, [], resolver=StaticResolver({"empty.test": []}))
    with pytest.raises(NetworkError, match="no address") as caught:
        asyncio.run(guard.resolve_allowed("empty.test", 80))
    assert caught.value.reason == "dns-error"
    with pytest.raises(NetworkError, match="Name or service not known"):
        asyncio.run(guard.resolve_allowed("unknown.test", 80))


def test_resolver_returning_garbage_is_refused() -> None:
    guard = AddressGuard(True, [], resolver=StaticResolver({"odd.test": ["not-an-ip"]}))
    with pytest.raises(RefusedAddress, match="not an IP address"):
        asyncio.run(guard.resolve_allowed("odd.test", 80))


def test_default_resolver_uses_getaddrinfo() -> None:
    # Numeric hosts: getaddrinfo answers without any lookup, so no packet leaves the machine.
    resolve = default_resolver()

    async def both() -> tuple[list[str], list[str]]:
        return await resolve("127.0.0.1", 80), await resolve("::1", 80)

    assert asyncio.run(both()) == (["127.0.0.1"], ["::1"])
