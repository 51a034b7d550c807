"""The guard enforced at connection time: an httpcore network backend and an httpx transport.

httpcore opens every TCP connection through ``AsyncNetworkBackend.connect_tcp(host, port)``,
with ``host`` the URL's host. :class:`GuardedNetworkBackend` resolves that host through the
:class:`~nongrata.net.guard.AddressGuard` (which refuses it if ANY of its addresses is not
allowed) and connects to one of the checked addresses, never to the name itself: the address
that was checked is the address connected to, so a DNS answer that changes between check and
connection (DNS rebinding) cannot slip through. TLS is unaffected: httpcore passes the URL's
host name as ``server_hostname`` to ``start_tls``, so SNI and certificate verification use
the name, not the address. A kept-alive connection is only reused for the same origin, so
every new connection, including each redirect target's, goes through this check.

:class:`GuardedTransport` is an ``httpx.AsyncHTTPTransport`` whose connection pool uses that
backend, never a proxy (a proxy would connect on our behalf, past the guard), and which also
runs :meth:`AddressGuard.check_url` on every request before it reaches the pool. Its TLS
context is made on the first ``https`` connection, and the default one (certifi's CA bundle,
verification on) once per process (:func:`default_ssl_context`): loading the CA bundle costs
more than a whole poll of feeds that answer 304.
"""

from __future__ import annotations

import asyncio
import functools
import select
import ssl
from collections.abc import Iterable
from typing import Any, Protocol

# httpcore's events and locks run on anyio, which imports its asyncio backend on first use:
# inside the first request, unless imported here with the rest of the HTTP edge.
import anyio._backends._asyncio  # noqa: F401
import httpcore
import httpx
from httpcore import SOCKET_OPTION, AnyIOBackend, AsyncNetworkBackend, AsyncNetworkStream

from nongrata.net.guard import AddressGuard


class GuardedNetworkBackend(AsyncNetworkBackend):
    """Connects only to addresses the guard allows, by address (see the module docstring)."""

    def __init__(self, guard: AddressGuard, inner: AsyncNetworkBackend | None = None) -> None:
        self.guard = guard
        self._inner = inner if inner is not None else AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SOCKET_OPTION] | None = None,
    ) -> AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                addresses = await self.guard.resolve_allowed(host, port)
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from None
        failure: Exception | None = None
        for address in addresses:
            try:
                stream = await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
                return PooledStream(stream)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        assert failure is not None, "resolve_allowed never returns an empty list"
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[SOCKET_OPTION] | None = None,
    ) -> AsyncNetworkStream:
        raise httpcore.ConnectError(f"unix socket {path}: refused, only TCP connections are made")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class PooledStream(AsyncNetworkStream):
    """A connection's stream that tells whether its socket is readable at the cost of one
    ``poll``; everything else is the inner stream's.

    httpcore asks every idle connection of the pool, as each request starts and each
    response ends, whether its socket is readable (the server closed it). anyio's stream
    answers by building the table of all its socket attributes first, which cost a run about
    a fifth of its HTTP time with 16 connections open. The socket is looked up once here.
    """

    def __init__(self, inner: AsyncNetworkStream) -> None:
        self._inner = inner
        # anyio gives asyncio's TransportSocket, not a socket.socket
        raw = inner.get_extra_info("socket")
        self._socket: _Socket | None = raw if callable(getattr(raw, "fileno", None)) else None

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> AsyncNetworkStream:
        return PooledStream(await self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable" and self._socket is not None:
            return socket_is_readable(self._socket)
        return self._inner.get_extra_info(info)


class _Socket(Protocol):
    def fileno(self) -> int: ...


def socket_is_readable(sock: _Socket) -> bool:
    """Whether a read would return at once (data, or the end of a closed connection), as
    httpcore decides it; a socket closed here counts as readable."""
    fd = sock.fileno()
    if fd < 0:
        return True
    if not hasattr(select, "poll"):  # Windows
        return bool(select.select([fd], [], [], 0)[0])
    poll = select.poll()
    poll.register(fd, select.POLLIN)
    return bool(poll.poll(0))


@functools.cache
def default_ssl_context() -> ssl.SSLContext:
    """certifi's CA bundle with verification on (httpx's default), made once per process.

    Shared by every client: an ``SSLContext`` is safe to use from many connections, and
    httpcore only sets the ALPN protocols on it (the same ones for every pool here).
    """
    return httpx.create_ssl_context(trust_env=False)


class _LazyTLSPool(httpcore.AsyncConnectionPool):
    """The guarded connection pool; without a TLS context of its own it takes the default
    one (:func:`default_ssl_context`) on its first ``https`` connection."""

    def __init__(
        self,
        guard: AddressGuard,
        *,
        limits: httpx.Limits,
        network_backend: AsyncNetworkBackend | None,
        ssl_context: ssl.SSLContext | None,
    ) -> None:
        super().__init__(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=False,
            network_backend=GuardedNetworkBackend(guard, network_backend),
        )

    def create_connection(self, origin: httpcore.Origin) -> httpcore.AsyncConnectionInterface:
        if self._ssl_context is None and origin.scheme == b"https":
            # Never left None for https: httpcore would then load a new default context
            # for each connection.
            self._ssl_context = default_ssl_context()
        return super().create_connection(origin)

    @property
    def ssl_context(self) -> ssl.SSLContext | None:
        """The TLS context: None until an ``https`` connection needs the default one."""
        return self._ssl_context


class GuardedTransport(httpx.AsyncHTTPTransport):
    """An httpx transport that checks every request's URL and every connection's address."""

    def __init__(
        self,
        guard: AddressGuard,
        *,
        limits: httpx.Limits,
        network_backend: AsyncNetworkBackend | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        """``ssl_context`` defaults to :func:`default_ssl_context`."""
        # AsyncHTTPTransport.__init__ is not called: it builds a pool (and loads a TLS
        # context) that this one replaces; its other methods only use ``self._pool``.
        self.guard = guard
        self._guarded_pool = _LazyTLSPool(
            guard, limits=limits, network_backend=network_backend, ssl_context=ssl_context
        )
        self._pool = self._guarded_pool

    @property
    def ssl_context(self) -> ssl.SSLContext | None:
        """The TLS context of its connections: None until an ``https`` connection needs the
        default one."""
        return self._guarded_pool.ssl_context

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.guard.check_url(str(request.url))
        return await super().handle_async_request(request)
