"""Property tests of the guard's classification: it never raises anything but RefusedAddress,
and private addresses are refused in every form they can be written."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress

from hypothesis import given, settings
from hypothesis import strategies as st

from nongrata.errors import RefusedAddress
from nongrata.net.guard import AddressGuard, parse_ipv4_literal, refusal_reason

PRIVATE_V4 = [
    ipaddress.IPv4Network(n)
    for n in [
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "224.0.0.0/4",
        "240.0.0.0/4",
    ]
]
PRIVATE_V6 = [ipaddress.IPv6Network(n) for n in ["::1/128", "fc00::/7", "fe80::/10", "ff00::/8"]]

GUARD = AddressGuard(False, [])


def in_network(network: ipaddress.IPv4Network | ipaddress.IPv6Network) -> st.SearchStrategy[str]:
    first = int(network.network_address)
    return st.integers(first, first + network.num_addresses - 1).map(
        lambda n: str(ipaddress.ip_address(n))
    )


private_v4 = st.sampled_from(PRIVATE_V4).flatmap(in_network)
private_v6 = st.sampled_from(PRIVATE_V6).flatmap(in_network)


def refused(url: str) -> bool:
    try:
        GUARD.check_url(url)
    except RefusedAddress:
        return True
    return False


@given(st.text(max_size=80))
def test_check_url_raises_only_refused_address(text: str) -> None:
    for url in (text, f"http://{text}/", f"https://{text}:8443/feed"):
        with contextlib.suppress(RefusedAddress):
            GUARD.check_url(url)


@given(st.text(alphabet="0123456789abcdefxX.:[]%", max_size=40))
def test_numeric_looking_hosts_raise_only_refused_address(host: str) -> None:
    with contextlib.suppress(RefusedAddress):
        GUARD.check_url(f"http://{host}/")


@given(private_v4)
def test_private_ipv4_is_refused_in_every_notation(address: str) -> None:
    ip = ipaddress.IPv4Address(address)
    a, b, c, d = ip.packed
    notations = [
        address,
        str(int(ip)),
        hex(int(ip)),
        f"0x{a:x}.0x{b:x}.0x{c:x}.0x{d:x}",
        f"0{a:o}.0{b:o}.0{c:o}.0{d:o}",
        f"{a}.{(b << 16) | (c << 8) | d}",
        f"[::ffff:{address}]",
        f"[64:ff9b::{address}]",
    ]
    assert refusal_reason(ip) is not None
    for host in notations:
        assert refused(f"http://{host}/feed"), host


@given(private_v6)
def test_private_ipv6_is_refused(address: str) -> None:
    assert refused(f"http://[{address}]/feed")


@given(st.lists(st.one_of(private_v4, private_v6), min_size=1, max_size=3), st.data())
def test_a_name_with_any_private_address_is_refused(
    private: list[str], data: st.DataObject
) -> None:
    public = data.draw(
        st.lists(st.sampled_from(["8.8.8.8", "1.1.1.1", "2606:4700::1111"]), max_size=2)
    )
    answer = data.draw(st.permutations([*public, *private]))

    async def resolver(host: str, port: int) -> list[str]:
        return list(answer)

    guard = AddressGuard(False, [], resolver=resolver)
    try:
        asyncio.run(guard.resolve_allowed("any.test", 443))
    except RefusedAddress:
        return
    raise AssertionError(f"{answer} was allowed")


@given(st.integers(0, 2**32 - 1))
def test_integer_and_dotted_forms_agree(value: int) -> None:
    ip = ipaddress.IPv4Address(value)
    assert parse_ipv4_literal(str(value)) == ip
    assert parse_ipv4_literal(str(ip)) == ip
    assert parse_ipv4_literal(hex(value)) == ip


@settings(max_examples=300)
@given(st.one_of(st.integers(0, 2**32 - 1), st.integers(0, 2**128 - 1)))
def test_allowed_addresses_are_global_unicast(value: int) -> None:
    ip = ipaddress.ip_address(value) if value < 2**32 else ipaddress.IPv6Address(value)
    if refusal_reason(ip) is None and ip.version == 4:
        assert ip.is_global
        assert not ip.is_multicast
    if refusal_reason(ip) is None and ip.version == 6 and ip.ipv4_mapped is None:
        assert not (ip.is_private)
        assert not (ip.is_loopback)
        assert not (ip.is_link_local)
        assert not (ip.is_multicast)
