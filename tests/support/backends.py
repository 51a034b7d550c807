"""Network backends for tests: count connection attempts and map test addresses to loopback.

``LoopbackNat`` stands in for the internet: it accepts connections only to the addresses
it maps (public-looking addresses a test resolver hands out) and opens them on 127.0.0.1.
Any other address fails without a packet being sent, so a test can never reach a real host.
"""

from __future__ import annotations

from collections.abc import Iterable

import httpcore
from httpcore import SOCKET_OPTION, AnyIOBackend, AsyncNetworkBackend, AsyncNetworkStream


class LoopbackNat(AsyncNetworkBackend):
    def __init__(self, mapping: dict[str, int] | None = None) -> None:
        """``mapping``: address -> loopback port; ``127.0.0.1`` always passes through."""
        self.mapping = dict(mapping or {})
        self.connects: list[tuple[str, int]] = []
        self._real = AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SOCKET_OPTION] | None = None,
    ) -> AsyncNetworkStream:
        self.connects.append((host, port))
        if host == "127.0.0.1":
            target_port = port
        elif host in self.mapping:
            target_port = self.mapping[host]
        else:
            raise httpcore.ConnectError(f"test network: no route to {host}")
        return await self._real.connect_tcp(
            "127.0.0.1", target_port, timeout=timeout, socket_options=socket_options
        )

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[SOCKET_OPTION] | None = None,
    ) -> AsyncNetworkStream:
        raise httpcore.ConnectError("test network: no unix sockets")

    async def sleep(self, seconds: float) -> None:
        await self._real.sleep(seconds)


class StaticResolver:
    """A resolver from a fixed table; records every lookup."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.lookups: list[str] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.lookups.append(host)
        if host not in self.table:
            raise OSError(-2, "Name or service not known")
        return list(self.table[host])
