"""The one HTTP client of nongrata: guarded, polite, capped, conditional.

``HttpClient.get`` fetches a feed or a page:

- every URL (the first and each redirect target) goes through the address guard before it is
  requested, and every connection through the guarded transport (:mod:`nongrata.net.transport`);
- concurrency is bounded overall (``max_connections``) and per host
  (``max_connections_per_host``); each request identifies itself with ``user_agent``;
- redirects are followed by hand up to ``max_redirects``; a chain of only permanent redirects
  (301/308) that ends in a usable response sets ``permanent_url`` so the caller can update the
  stored URL;
- bodies are decompressed while streaming and counted: over the cap (``max_feed_bytes`` /
  ``max_page_bytes``) raises :class:`~nongrata.errors.ResponseTooLarge`, which defeats gzip
  bombs; a Content-Length over the cap is refused before the body is read;
- ``http_timeout`` bounds each connect, read and write, and ``TOTAL_TIMEOUT_FACTOR`` times it
  bounds one whole request, so a body trickled slowly cannot hold a slot for ever;
- HTTP error statuses are returned (with at most ``ERROR_BODY_LIMIT`` bytes of body), not
  raised; transport failures raise :class:`~nongrata.errors.NetworkError` with a ``reason``.
"""

from __future__ import annotations

import asyncio
import ssl
from dataclasses import dataclass, replace
from types import TracebackType
from typing import Literal

import httpx
from httpcore import AsyncNetworkBackend

from nongrata.errors import BadContentType, NetworkError, RefusedAddress, ResponseTooLarge
from nongrata.net.guard import AddressGuard, Resolver
from nongrata.net.headers import (
    FetchKind,
    is_acceptable_type,
    parse_content_type,
    parse_retry_after,
)
from nongrata.net.transport import GuardedTransport
from nongrata.settings import Settings

TOTAL_TIMEOUT_FACTOR = 3
ERROR_BODY_LIMIT = 64 * 1024
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PERMANENT_REDIRECT_STATUSES = frozenset({301, 308})
RETRY_AFTER_STATUSES = frozenset({429, 503})

ACCEPT: dict[FetchKind, str] = {
    "feed": (
        "application/rss+xml, application/atom+xml, application/rdf+xml, "
        "application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
    ),
    "page": "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.8, */*;q=0.5",
}


@dataclass(frozen=True)
class HttpResponse:
    """The final response of one ``HttpClient.get`` (after redirects)."""

    url: str
    status: int
    body: bytes
    content_type: str | None
    charset: str | None
    etag: str | None
    last_modified: str | None
    permanent_url: str | None
    retry_after: float | None
    not_modified: bool

    @property
    def ok(self) -> bool:
        """A 2xx response, or 304 Not Modified."""
        return 200 <= self.status < 300 or self.not_modified


@dataclass(frozen=True)
class _Redirect:
    status: int
    location: str


class HttpClient:
    """Async context manager around one ``httpx.AsyncClient``; see the module docstring.

    ``resolver`` replaces the system DNS resolver (tests map names to addresses with it);
    ``network_backend`` replaces the httpcore backend under the guard (tests count
    connection attempts with it).
    """

    def __init__(
        self,
        settings: Settings,
        *,
        resolver: Resolver | None = None,
        network_backend: AsyncNetworkBackend | None = None,
    ) -> None:
        self.settings = settings
        self.guard = AddressGuard(
            settings.allow_private_networks, settings.only_hosts, resolver=resolver
        )
        limits = httpx.Limits(
            max_connections=settings.max_connections,
            max_keepalive_connections=settings.max_connections,
        )
        self._client = httpx.AsyncClient(
            transport=GuardedTransport(self.guard, limits=limits, network_backend=network_backend),
            headers={"User-Agent": settings.user_agent},
            timeout=httpx.Timeout(settings.http_timeout),
            follow_redirects=False,
            trust_env=False,
        )
        self._all_hosts = asyncio.Semaphore(settings.max_connections)
        self._per_host: dict[str, asyncio.Semaphore] = {}

    async def __aenter__(self) -> HttpClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def get(
        self,
        url: str,
        *,
        kind: Literal["feed", "page"],
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> HttpResponse:
        """GET ``url`` as a feed or a page, following redirects; see the module docstring."""
        headers = {"Accept": ACCEPT[kind]}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        seen = {self._canonical(url)}
        all_permanent = True
        redirects = 0
        while True:
            outcome = await self._get_one(current, kind=kind, headers=headers)
            if isinstance(outcome, HttpResponse):
                break
            target = self._redirect_target(current, outcome.location)
            if self._canonical(target) in seen:
                raise NetworkError(
                    f"{url}: redirect loop ({current} -> {target})", reason="redirect-loop"
                )
            if redirects >= self.settings.max_redirects:
                raise NetworkError(
                    f"{url}: more than {self.settings.max_redirects} redirects (last to {target})",
                    reason="too-many-redirects",
                )
            seen.add(self._canonical(target))
            all_permanent = all_permanent and outcome.status in PERMANENT_REDIRECT_STATUSES
            redirects += 1
            current = target
        if outcome.not_modified:
            # A 304 keeps the validators the caller sent unless the server sent new ones.
            outcome = replace(
                outcome,
                etag=outcome.etag or etag,
                last_modified=outcome.last_modified or last_modified,
            )
        if redirects > 0 and all_permanent and outcome.ok and outcome.url != url:
            outcome = replace(outcome, permanent_url=outcome.url)
        return outcome

    # One hop ----------------------------------------------------------------------------

    async def _get_one(
        self, url: str, *, kind: FetchKind, headers: dict[str, str]
    ) -> HttpResponse | _Redirect:
        try:
            self.guard.check_url(url)
        except RefusedAddress as exc:
            raise RefusedAddress(_naming(url, exc)) from exc
        host = httpx.URL(url).host
        deadline = self.settings.http_timeout * TOTAL_TIMEOUT_FACTOR
        async with self._host_slot(host), self._all_hosts:
            try:
                async with asyncio.timeout(deadline):
                    return await self._request(url, kind=kind, headers=headers)
            except TimeoutError:
                raise NetworkError(
                    f"{url}: no complete response within {deadline:g}s", reason="timeout"
                ) from None
            except RefusedAddress as exc:
                raise RefusedAddress(_naming(url, exc)) from exc
            except (ResponseTooLarge, BadContentType):
                raise
            except NetworkError as exc:
                raise NetworkError(_naming(url, exc), reason=exc.reason) from exc
            except httpx.HTTPError as exc:
                raise _transport_error(url, exc) from exc

    def _host_slot(self, host: str) -> asyncio.Semaphore:
        slot = self._per_host.get(host)
        if slot is None:
            slot = asyncio.Semaphore(self.settings.max_connections_per_host)
            self._per_host[host] = slot
        return slot

    async def _request(
        self, url: str, *, kind: FetchKind, headers: dict[str, str]
    ) -> HttpResponse | _Redirect:
        async with self._client.stream("GET", url, headers=headers) as response:
            location = response.headers.get("Location")
            if response.status_code in REDIRECT_STATUSES and location:
                return _Redirect(response.status_code, location)
            mime, charset = parse_content_type(response.headers.get("Content-Type"))
            status = response.status_code
            cap = self.settings.max_feed_bytes if kind == "feed" else self.settings.max_page_bytes
            if status == 304:
                body = b""
            elif 200 <= status < 300:
                if not is_acceptable_type(kind, mime):
                    raise BadContentType(f"{url}: content type {mime} is not usable as a {kind}")
                _check_declared_length(url, response, cap)
                body = await _read_capped(url, response, cap)
            else:
                body = await _read_truncated(response, min(cap, ERROR_BODY_LIMIT))
            retry_after = (
                parse_retry_after(response.headers.get("Retry-After"))
                if status in RETRY_AFTER_STATUSES
                else None
            )
            return HttpResponse(
                url=str(response.url),
                status=status,
                body=body,
                content_type=mime,
                charset=charset,
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
                permanent_url=None,
                retry_after=retry_after,
                not_modified=status == 304,
            )

    def _redirect_target(self, current: str, location: str) -> str:
        try:
            return str(httpx.URL(current).join(location.strip()))
        except (httpx.InvalidURL, ValueError) as exc:
            raise NetworkError(
                f"{current}: redirect to an invalid URL {location!r} ({exc})",
                reason="protocol-error",
            ) from exc

    @staticmethod
    def _canonical(url: str) -> str:
        try:
            return str(httpx.URL(url).copy_with(fragment=None))
        except (httpx.InvalidURL, ValueError):
            return url


def _check_declared_length(url: str, response: httpx.Response, cap: int) -> None:
    declared = response.headers.get("Content-Length", "").strip()
    if declared.isascii() and declared.isdigit() and int(declared) > cap:
        raise ResponseTooLarge(
            f"{url}: Content-Length {int(declared)} is over the {cap}-byte limit"
        )


async def _read_capped(url: str, response: httpx.Response, cap: int) -> bytes:
    """The decompressed body; ResponseTooLarge as soon as it passes ``cap`` bytes."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > cap:
            raise ResponseTooLarge(f"{url}: body is over the {cap}-byte limit (decompressed)")
        chunks.append(chunk)
    return b"".join(chunks)


async def _read_truncated(response: httpx.Response, limit: int) -> bytes:
    """At most ``limit`` bytes of an error response's body (the rest is not read)."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        chunks.append(chunk[: limit - size])
        size += len(chunks[-1])
        if size >= limit:
            break
    return b"".join(chunks)


def _transport_error(url: str, exc: httpx.HTTPError) -> NetworkError:
    """One-line NetworkError naming the URL, with a reason for feed health."""
    detail = _describe(exc)
    return NetworkError(f"{url}: {detail}", reason=_transport_reason(exc, detail))


def _describe(exc: BaseException) -> str:
    """``Type: message``, the message taken from the first exception in the chain that has one
    (httpx's ReadError often has none; the OSError under it does)."""
    cause: BaseException | None = exc
    for _ in range(8):  # exception chains are short; the bound guards against cycles
        if cause is None:
            break
        text = _one_line(str(cause))
        if text:
            return f"{type(exc).__name__}: {text}"
        cause = cause.__cause__ or cause.__context__
    return type(exc).__name__


def _transport_reason(exc: httpx.HTTPError, detail: str) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "timeout"
    if isinstance(exc, httpx.ConnectError) and _caused_by_tls(exc):
        return "tls-error"
    # A peer that closes or resets the connection before a response is a connection error.
    disconnected = isinstance(exc, httpx.RemoteProtocolError) and "disconnected" in detail.lower()
    if disconnected or isinstance(exc, httpx.ConnectError | httpx.ReadError | httpx.WriteError):
        return "connection-error"
    if isinstance(exc, httpx.ProtocolError):
        return "protocol-error"
    if isinstance(exc, httpx.DecodingError):
        return "decode-error"
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return "invalid-url"
    return "network-error"


def _caused_by_tls(exc: BaseException) -> bool:
    cause: BaseException | None = exc
    for _ in range(8):  # exception chains are short; the bound guards against cycles
        if cause is None:
            return False
        if isinstance(cause, ssl.SSLError):
            return True
        cause = cause.__cause__ or cause.__context__
    return False


def _naming(url: str, exc: Exception) -> str:
    """The error's message on one line, starting with the URL it concerns."""
    text = _one_line(str(exc))
    return text if text.startswith(url) else f"{url}: {text}"


def _one_line(text: str) -> str:
    return " ".join(text.split())
