"""GuardedTransport on its own: every request checked, TLS verified against the host name."""

from __future__ import annotations

import asyncio
import datetime
import socket
import ssl
from collections.abc import Iterator
from pathlib import Path

import httpcore
import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pytest_httpserver import HTTPServer

from nongrata.errors import RefusedAddress
from nongrata.net import AddressGuard, GuardedNetworkBackend, GuardedTransport
from nongrata.net.transport import PooledStream, default_ssl_context
from tests.support.backends import StaticResolver
from tests.support.rawserver import RawConnection, RawServer


def test_transport_checks_each_hop_when_httpx_follows_redirects(
    httpserver_ipv4: HTTPServer,
) -> None:
    # Even with httpx following redirects itself, the hop to a host outside only_hosts is
    # refused before it is requested.
    target = f"http://localhost:{httpserver_ipv4.port}/inside"
    httpserver_ipv4.expect_request("/a").respond_with_data(
        "", status=302, headers={"Location": target}
    )
    httpserver_ipv4.expect_request("/inside").respond_with_data("secret")
    guard = AddressGuard(True, ["127.0.0.1"])

    async def go() -> None:
        transport = GuardedTransport(guard, limits=httpx.Limits())
        async with httpx.AsyncClient(transport=transport, follow_redirects=True) as client:
            await client.get(httpserver_ipv4.url_for("/a"))

    with pytest.raises(RefusedAddress, match="only_hosts"):
        asyncio.run(go())
    assert [request.path for request, _ in httpserver_ipv4.log] == ["/a"]


def test_unix_sockets_are_refused() -> None:
    backend = GuardedNetworkBackend(AddressGuard(True, []))
    with pytest.raises(httpcore.ConnectError, match="only TCP"):
        asyncio.run(backend.connect_unix_socket("/var/run/docker.sock"))


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for the name ``secure.test`` only (no IP address)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "secure.test")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("secure.test")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
def tls_server(certificate: tuple[Path, Path]) -> Iterator[HTTPServer]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=context)
    server.start()
    yield server
    server.clear()
    server.stop()


def _get(guard: AddressGuard, ca: Path, url: str) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = GuardedTransport(
            guard, limits=httpx.Limits(), ssl_context=ssl.create_default_context(cafile=str(ca))
        )
        async with httpx.AsyncClient(transport=transport) as client:
            return await client.get(url)

    return asyncio.run(go())


def test_tls_is_verified_against_the_host_name_not_the_address(
    tls_server: HTTPServer, certificate: tuple[Path, Path]
) -> None:
    tls_server.expect_request("/feed").respond_with_data("<rss/>")
    guard = AddressGuard(True, [], resolver=StaticResolver({"secure.test": ["127.0.0.1"]}))
    # Connected to 127.0.0.1, verified as secure.test: the certificate names no address.
    response = _get(guard, certificate[0], f"https://secure.test:{tls_server.port}/feed")
    assert response.status_code == 200
    assert response.text == "<rss/>"
    # The same server by address fails verification: the name really is what is checked.
    with pytest.raises(httpx.ConnectError, match="certificate"):
        _get(guard, certificate[0], f"https://127.0.0.1:{tls_server.port}/feed")


def test_plain_http_never_loads_a_tls_context(httpserver_ipv4: HTTPServer) -> None:
    httpserver_ipv4.expect_request("/feed").respond_with_data("<rss/>")
    transport = GuardedTransport(AddressGuard(True, ["127.0.0.1"]), limits=httpx.Limits())

    async def go() -> int:
        async with httpx.AsyncClient(transport=transport) as client:
            return (await client.get(httpserver_ipv4.url_for("/feed"))).status_code

    assert asyncio.run(go()) == 200
    assert transport.ssl_context is None


def test_https_uses_one_default_tls_context_per_process(tls_server: HTTPServer) -> None:
    # The default context (certifi's bundle) does not trust the test's self-signed
    # certificate: the connection fails verification, after the pool took the context.
    guard = AddressGuard(True, [], resolver=StaticResolver({"secure.test": ["127.0.0.1"]}))
    url = f"https://secure.test:{tls_server.port}/feed"
    transports = [GuardedTransport(guard, limits=httpx.Limits()) for _ in range(2)]

    async def go(transport: GuardedTransport) -> None:
        async with httpx.AsyncClient(transport=transport) as client:
            for _ in range(2):  # two connections (the first failed), one context
                with pytest.raises(httpx.ConnectError, match="certificate"):
                    await client.get(url)

    for transport in transports:
        asyncio.run(go(transport))
    contexts = {id(t.ssl_context) for t in transports}
    assert contexts == {id(default_ssl_context())}
    assert default_ssl_context().verify_mode == ssl.CERT_REQUIRED
    assert default_ssl_context().check_hostname


def _serve_once_then_close(connection: RawConnection) -> None:
    """A keep-alive response (no "Connection: close"), then the server closes the
    connection, as servers do with idle keep-alive connections."""
    connection.send(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")


def test_a_pooled_connection_the_server_closed_is_replaced() -> None:
    # httpcore asks each idle connection's stream whether its socket is readable: a closed
    # one must say so, or the next request is written into a dead connection and fails.
    with RawServer(_serve_once_then_close) as server:

        async def go() -> list[int]:
            transport = GuardedTransport(AddressGuard(True, ["127.0.0.1"]), limits=httpx.Limits())
            async with httpx.AsyncClient(transport=transport) as client:
                first = await client.get(server.url("/one"))
                await asyncio.sleep(0.3)  # the server has closed the idle connection
                second = await client.get(server.url("/two"))
                return [first.status_code, second.status_code]

        assert asyncio.run(go()) == [200, 200]
        assert server.requests == ["GET /one HTTP/1.1", "GET /two HTTP/1.1"]


def test_streams_tell_readability_as_anyio_does() -> None:
    # The guarded backend's streams (PooledStream) answer "is_readable" from the socket
    # itself; anyio's own stream, underneath, must give the same answers.
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    async def go() -> list[tuple[bool, bool]]:
        backend = GuardedNetworkBackend(AddressGuard(True, ["127.0.0.1"]))
        stream = await backend.connect_tcp("127.0.0.1", port)
        assert isinstance(stream, PooledStream)
        inner = stream._inner
        accepted, _ = listener.accept()
        answers = [(stream.get_extra_info("is_readable"), inner.get_extra_info("is_readable"))]
        accepted.sendall(b"x")
        await asyncio.sleep(0.05)
        answers.append((stream.get_extra_info("is_readable"), inner.get_extra_info("is_readable")))
        assert await stream.read(10) == b"x"
        accepted.close()
        await asyncio.sleep(0.05)
        answers.append((stream.get_extra_info("is_readable"), inner.get_extra_info("is_readable")))
        assert stream.get_extra_info("server_addr") == ("127.0.0.1", port)
        await stream.aclose()
        return answers

    try:
        assert asyncio.run(go()) == [(False, False), (True, True), (True, True)]
    finally:
        listener.close()


def test_tls_streams_are_pooled_streams_too(
    tls_server: HTTPServer, certificate: tuple[Path, Path]
) -> None:
    # Readability is the raw socket's, under TLS as anyio tells it (a TLS 1.3 server's
    # session tickets, unread after the handshake, make it readable).
    async def go() -> tuple[object, bool, bool]:
        backend = GuardedNetworkBackend(AddressGuard(True, ["127.0.0.1"]))
        stream = await backend.connect_tcp("127.0.0.1", tls_server.port)
        context = ssl.create_default_context(cafile=str(certificate[0]))
        secure = await stream.start_tls(context, server_hostname="secure.test", timeout=5)
        await asyncio.sleep(0.05)
        try:
            assert isinstance(secure, PooledStream)
            assert secure.get_extra_info("ssl_object") is not None
            inner = secure._inner.get_extra_info("is_readable")
            return secure, secure.get_extra_info("is_readable"), inner
        finally:
            await secure.aclose()

    secure, readable, inner_readable = asyncio.run(go())
    assert isinstance(secure, PooledStream)
    assert readable == inner_readable
