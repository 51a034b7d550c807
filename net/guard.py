"""The address guard: which URLs and addresses nongrata may connect to.

Two layers, both raising :class:`nongrata.errors.RefusedAddress`:

- :meth:`AddressGuard.check_url` (sync, no DNS): the scheme is http or https, a host is
  present, the host is in ``only_hosts`` when that list is non-empty, and an IP-literal host
  is not a loopback/private/link-local/metadata/... address (unless private networks are
  allowed).
- :meth:`AddressGuard.resolve_allowed` (async): resolves a host name and refuses it when ANY
  of its addresses is not a public unicast address. The transport connects to the addresses
  this returns, so what was checked is what is connected to (no DNS-rebinding gap).

IP literals are recognised the way browsers (WHATWG URL) and ``inet_aton`` read them, so
``http://2130706433/``, ``http://0x7f.1/`` and ``http://0177.0.0.1/`` are all 127.0.0.1 and
never reach a DNS resolver; IPv4 addresses embedded in IPv6 ones (IPv4-mapped, 6to4, NAT64)
are judged by the IPv4 address they carry.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from collections.abc import Awaitable, Callable, Sequence

import httpx

from nongrata.errors import NetworkError, RefusedAddress

Resolver = Callable[[str, int], Awaitable[list[str]]]
"""Resolves ``(host, port)`` to IP address strings."""

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ALLOWED_SCHEMES = frozenset({"http", "https"})

# Cloud instance-metadata and platform endpoints. Most are also link-local or private, but
# some are not (Azure's wire server is a public address; Oracle's sits in 192.0.0.0/24), and
# naming them makes the refusal message say what the address is.
CLOUD_METADATA_ADDRESSES: dict[IPAddress, str] = {
    ipaddress.ip_address("169.254.169.254"): "AWS/GCP/Azure/OpenStack instance metadata",
    ipaddress.ip_address("169.254.170.2"): "AWS ECS task metadata",
    ipaddress.ip_address("169.254.169.253"): "AWS VPC DNS",
    ipaddress.ip_address("169.254.169.123"): "AWS time sync",
    ipaddress.ip_address("fd00:ec2::254"): "AWS instance metadata (IPv6)",
    ipaddress.ip_address("fd00:ec2::253"): "AWS VPC DNS (IPv6)",
    ipaddress.ip_address("100.100.100.200"): "Alibaba Cloud instance metadata",
    ipaddress.ip_address("192.0.0.192"): "Oracle Cloud instance metadata",
    ipaddress.ip_address("168.63.129.16"): "Azure wire server",
}

_NAT64_PREFIX = ipaddress.ip_network("64:ff9b::/96")
_HOST_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?")


def default_resolver() -> Resolver:
    """The system resolver (``getaddrinfo``), run without blocking the event loop."""

    async def resolve(host: str, port: int) -> list[str]:
        loop = asyncio.get_running_loop()
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        return [str(info[4][0]) for info in infos]

    return resolve


def parse_ipv4_literal(host: str) -> ipaddress.IPv4Address | None:
    """Read ``host`` as an IPv4 literal the way browsers and ``inet_aton`` do, else None.

    Accepts one to four dot-separated parts, each decimal, ``0x`` hexadecimal or
    ``0``-prefixed octal; the last part fills the remaining bytes (``127.1``, ``2130706433``).
    A host whose last part is numeric but that does not parse (``1.2.3.4.5``, ``0x1g.1``,
    ``256.1.1.1``) is refused: such a host is never a valid name to look up.
    """
    parts = host.split(".")
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()
    if not parts or not _looks_numeric(parts[-1]):
        return None
    if len(parts) > 4:
        raise RefusedAddress(f"{host}: malformed IP address literal (more than four parts)")
    numbers = [_parse_ipv4_part(host, part) for part in parts]
    *leading, last = numbers
    if any(n > 255 for n in leading) or last >= 256 ** (5 - len(numbers)):
        raise RefusedAddress(f"{host}: malformed IP address literal (part out of range)")
    value = last
    for index, number in enumerate(leading):
        value += number << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def _looks_numeric(part: str) -> bool:
    if part[:2].lower() == "0x":
        return all(c in "0123456789abcdefABCDEF" for c in part[2:])
    return part != "" and part.isascii() and part.isdigit()


def _parse_ipv4_part(host: str, part: str) -> int:
    try:
        if part[:2].lower() == "0x":
            return int(part[2:], 16) if part[2:] else 0
        if len(part) > 1 and part.startswith("0"):
            return int(part[1:], 8)
        return int(part, 10)
    except ValueError:
        raise RefusedAddress(
            f"{host}: malformed IP address literal ({part!r} is not a number)"
        ) from None


def parse_ip_literal(host: str) -> IPAddress | None:
    """The address an IP-literal host denotes (IPv6 with or without brackets), else None."""
    bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    if ":" in bare:
        try:
            return ipaddress.IPv6Address(bare.replace("%25", "%"))
        except ValueError:
            raise RefusedAddress(f"{host}: malformed IPv6 address literal") from None
    return parse_ipv4_literal(bare)


def normalize_host(host: str) -> str:
    """Lowercase, no trailing dot, IDNA (ASCII) form; IP literals in canonical form."""
    name = host.strip().lower()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    if ":" not in name:
        name = name.rstrip(".")
        if not name.isascii():
            try:
                name = name.encode("idna").decode("ascii")
            except UnicodeError:
                raise RefusedAddress(f"{host}: not a valid host name") from None
    address = parse_ip_literal(name)
    if address is not None:
        return str(address)
    if name and not _is_host_name(name):
        raise RefusedAddress(f"{host}: not a valid host name")
    return name


def _is_host_name(name: str) -> bool:
    labels = name.split(".")
    return len(name) <= 253 and all(_HOST_LABEL.fullmatch(label) for label in labels)


def _strip_scope(address: str) -> str:
    return address.split("%", 1)[0]


def refusal_reason(address: IPAddress) -> str | None:
    """Why ``address`` may not be connected to by default, or None for public unicast."""
    named = CLOUD_METADATA_ADDRESSES.get(address)
    if named is not None:
        return f"cloud metadata address ({named})"
    if isinstance(address, ipaddress.IPv6Address):
        embedded: ipaddress.IPv4Address | None = address.ipv4_mapped or address.sixtofour
        kind = "IPv4-mapped" if address.ipv4_mapped else "6to4"
        if embedded is None and address in _NAT64_PREFIX:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
            kind = "NAT64"
        if embedded is not None:
            inner = refusal_reason(embedded)
            return f"{inner} via {kind} {embedded}" if inner is not None else None
    checks: tuple[tuple[bool, str], ...] = (
        (address.is_unspecified, "unspecified address"),
        (address.is_loopback, "loopback address"),
        (address.is_link_local, "link-local address"),
        (address.is_multicast, "multicast address"),
        (address.is_reserved, "reserved address"),
        (address.is_private, "private address"),
        (not address.is_global, "address that is not globally routable"),
    )
    for refused, why in checks:
        if refused:
            return why
    return None


class AddressGuard:
    """Decides which URLs and addresses may be connected to (see the module docstring)."""

    def __init__(
        self,
        allow_private: bool,
        only_hosts: Sequence[str],
        resolver: Resolver | None = None,
    ) -> None:
        self.allow_private = allow_private
        self.only_hosts = frozenset(normalize_host(h) for h in only_hosts if h.strip())
        self._resolver = resolver if resolver is not None else default_resolver()

    def check_url(self, url: str) -> None:
        """Refuse ``url`` before any DNS lookup or connection when it cannot be allowed."""
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, TypeError, ValueError) as exc:
            raise RefusedAddress(f"{url}: not a valid URL ({exc})") from None
        if parsed.scheme not in ALLOWED_SCHEMES:
            scheme = parsed.scheme or "none"
            raise RefusedAddress(f"{url}: scheme {scheme!r} is not allowed (http/https only)")
        raw_host = parsed.raw_host.decode("ascii", errors="replace")
        if not raw_host:
            raise RefusedAddress(f"{url}: the URL has no host")
        self.check_host(raw_host)

    def check_host(self, host: str) -> str:
        """The normalised host, after the only-hosts and IP-literal checks (no DNS)."""
        name = normalize_host(host)
        if not name:
            raise RefusedAddress(f"{host!r}: empty host name")
        if self.only_hosts and name not in self.only_hosts:
            allowed = ", ".join(sorted(self.only_hosts))
            raise RefusedAddress(f"{name}: host not in only_hosts ({allowed})")
        address = parse_ip_literal(name)
        if address is not None:
            shown = name if name == host.strip().lower().strip("[]") else f"{host} ({name})"
            self._check_address(shown, address, literal=True)
        return name

    async def resolve_allowed(self, host: str, port: int) -> list[str]:
        """The addresses of ``host`` to connect to; refused if ANY of them is not allowed."""
        name = self.check_host(host)
        literal = parse_ip_literal(name)
        if literal is not None:
            return [str(literal)]
        try:
            found = await self._resolver(name, port)
        except (OSError, UnicodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise NetworkError(f"{name}: DNS lookup failed ({reason})", reason="dns-error") from exc
        addresses = list(dict.fromkeys(found))
        if not addresses:
            raise NetworkError(f"{name}: DNS lookup returned no address", reason="dns-error")
        for text in addresses:
            try:
                address = ipaddress.ip_address(_strip_scope(text))
            except ValueError:
                raise RefusedAddress(
                    f"{name}: resolver returned {text!r}, which is not an IP address"
                ) from None
            self._check_address(name, address, literal=False)
        return addresses

    def _check_address(self, name: str, address: IPAddress, *, literal: bool) -> None:
        if self.allow_private:
            return
        why = refusal_reason(address)
        if why is None:
            return
        if literal:
            raise RefusedAddress(f"{name}: refused, {why} (private networks are not allowed)")
        raise RefusedAddress(
            f"{name}: refused, resolves to {address}: {why} (private networks are not allowed)"
        )
