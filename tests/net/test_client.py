"""HttpClient against a real HTTP server on 127.0.0.1: statuses, conditional GET, redirects."""

from __future__ import annotations

import email.utils
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from nongrata.errors import NetworkError, RefusedAddress
from nongrata.settings import Settings
from tests.support.backends import LoopbackNat, StaticResolver
from tests.support.fetch import fetch

RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'

MakeSettings = Callable[..., Settings]


def test_200_returns_body_type_charset_and_validators(
    httpserver_ipv4: HTTPServer, make_settings: MakeSettings
) -> None:
    httpserver_ipv4.expect_request("/feed.xml").respond_with_data(
        RSS,
        content_type="application/rss+xml; charset=ISO-8859-1",
        headers={"ETag": '"abc"', "Last-Modified": "Wed, 21 Oct 2015 07:28:00 GMT"},
    )
    response = fetch(make_settings(), httpserver_ipv4.url_for("/feed.xml"))
    assert response.status == 200
    assert response.body == RSS
    assert response.content_type == "application/rss+xml"
    assert response.charset == "iso-8859-1"
    assert response.etag == '"abc"'
    assert response.last_modified == "Wed, 21 Oct 2015 07:28:00 GMT"
    assert response.url == httpserver_ipv4.url_for("/feed.xml")
    assert response.permanent_url is None
    assert response.retry_after is None
    assert not response.not_modified


def test_sends_the_configured_user_agent(
    httpserver_ipv4: HTTPServer, make_settings: MakeSettings
) -> None:
    httpserver_ipv4.expect_request(
        "/p", headers={"User-Agent": "ua-under-test/1"}
    ).respond_with_data("<html></html>", content_type="text/html")
    response = fetch(
        make_settings(user_agent="ua-under-test/1"), httpserver_ipv4.url_for("/p"), kind="page"
    )
    assert response.status == 200


def test_conditional_get_round_trip(
    httpserver_ipv4: HTTPServer, make_settings: MakeSettings
) -> None:
    etag = '"v1"'
    modified = "Wed, 21 Oct 2015 07:28:00 GMT"
    seen: list[tuple[str | None, str | None]] = []

    def handler(request: Request) -> Response:
        sent = (request.headers.get("If-None-Match"), request.headers.get("If-Modified-Since"))
        seen.append(sent)
        if sent == (etag, modified):
            return Response(status=304)
        return Response(
            RSS,
            content_type="application/rss+xml",
            headers={"ETag": etag, "Last-Modified": modified},
        )

    httpserver_ipv4.expect_request("/feed").respond_with_handler(handler)
    settings = make_settings()
    url = httpserver_ipv4.url_for("/feed")
    first = fetch(settings, url)
    assert first.status == 200
    assert first.body == RSS
    second = fetch(settings, url, etag=first.etag, last_modified=first.last_modified)
    assert second.status == 304
    assert second.not_modified
    assert second.body == b""
    # The 304 carried no validators: the caller's are kept.
    assert (second.etag, second.last_modified) == (etag, modified)
    assert seen == [(None, None), (etag, modified)]


@pytest.mark.parametrize("status", [404, 410, 500])
def test_error_statuses_are_returned_not_raised(
    httpserver_ipv4: HTTPServer, make_settings: MakeSettings, status: int
) -> None:
    httpserver_ipv4.expect_request("/x").respond_with_data(
        "gone", status=status, content_type="text/html"
    )
    response = fetch(make_settings(), httpserver_ipv4.url_for("/x"))
    assert response.status == status
    assert response.body == b"gone"
    assert not response.ok
    assert response.retry_after is None


def test_error_body_is_truncated(httpserver_ipv4: HTTPServer, make_settings: MakeSettings) -> None:
    httpserver_ipv4.expect_request("/x").respond_with_data(b"e" * 200_000, status=500)
    response = fetch(make_settings(), httpserver_ipv4.url_for("/x"))
    assert response.status == 500
    assert response.body == b"e" * 65_536


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_in_seconds(
    httpserver_ipv4: HTTPServer, make_settings: MakeSettings, status: int
) -> None:
    httpserver_ipv4.expect_request("/x").respond_with_data(
        "", status=status, headers={"Retry-After": "120"}
    )
    response = fetch(make_settings(), httpserver_ipv4.url_for("/x"))
    assert response.status == status
    assert response.retry_after == 120.0


def test_retry_after_as_http_date(httpserver_ipv4: HTTPServer, make_settings: MakeSettings) -> None:
    when = datetime.now(UTC) + timedelta(hours=2)
    header = email.utils.format_datetime(when, usegmt=True)
    httpserver_ipv4.expect_request("/x").respond_with_data(
        "", status=503, headers={"Retry-After": header}
    )
    response = fetch(make_settings(), httpserver_ipv4.url_for("/x"))
    assert response.retry_after is not None
    # Two hours minus however long the request took (the header has whole seconds).
    assert 7000 < response.retry_after <= 7200


def _chain(server: HTTPServer, hops: list[tuple[str, int, str]]) -> None:
    for path, status, target in hops:
        server.expect_request(path).respond_with_data(
            "", status=status, headers={"Location": target}
        )


@pytest.mark.parametrize(
    ("statuses", "permanent"),
    [
        ([301], True),
        ([308], True),
        ([301, 308], True),
        ([301, 302], False),
        ([302], False),
        ([307], False),
        ([308, 307], False),
        ([301, 303], False),
    ],
)
def test_redirect_chains_set_permanent_url_only_when_all_permanent(
    httpserver_ipv4: HTTPServer, make_settings: MakeSettings, statuses: list[int], permanent: bool
) -> None:
    hops = [(f"/r{i}", status, f"/r{i + 1}") for i, status in enumerate(statuses)]
    _chain(httpserver_ipv4, hops)
    final = f"/r{len(statuses)}"
    httpserver_ipv4.expect_request(final).respond_with_data(
        RSS, content_type="application/atom+xml"
    )
    response = fetch(make_settings(), httpserver_ipv4.url_for("/r0"))
    assert response.status == 200
    assert response.body == RSS
    assert response.url == httpserver_ipv4.url_for(final)
    assert response.permanent_url == (httpserver_ipv4.url_for(final) if permanent else None)


def test_permanent_redirect_to_an_error_sets_no_permanent_url(
    httpserver_ipv4: HTTPServer, make_settings: MakeSettings
) -> None:
    _chain(httpserver_ipv4, [("/old", 301, "/new")])
    httpserver_ipv4.expect_request("/new").respond_with_data("", status=404)
    response = fetch(make_settings(), httpserver_ipv4.url_for("/old"))
    assert response.status == 404
    assert response.permanent_url is None


def test_redirect_loop(httpserver_ipv4: HTTPServer, make_settings: MakeSettings) -> None:
    _chain(httpserver_ipv4, [("/a", 302, "/b"), ("/b", 301, "/a")])
    with pytest.raises(NetworkError) as caught:
        fetch(make_settings(), httpserver_ipv4.url_for("/a"))
    assert caught.value.reason == "redirect-loop"
    assert httpserver_ipv4.url_for("/a") in str(caught.value)
    assert [request.path for request, _ in httpserver_ipv4.log] == ["/a", "/b"]


def test_too_many_redirects(httpserver_ipv4: HTTPServer, make_settings: MakeSettings) -> None:
    _chain(httpserver_ipv4, [(f"/{i}", 302, f"/{i + 1}") for i in range(4)])
    httpserver_ipv4.expect_request("/4").respond_with_data(RSS)
    with pytest.raises(NetworkError) as caught:
        fetch(make_settings(max_redirects=3), httpserver_ipv4.url_for("/0"))
    assert caught.value.reason == "too-many-redirects"
    assert len(httpserver_ipv4.log) == 4  # /0 … /3, never /4


def test_exactly_max_redirects_is_followed(
    httpserver_ipv4: HTTPServer, make_settings: MakeSettings
) -> None:
    _chain(httpserver_ipv4, [(f"/{i}", 307, f"/{i + 1}") for i in range(3)])
    httpserver_ipv4.expect_request("/3").respond_with_data(RSS)
    response = fetch(make_settings(max_redirects=3), httpserver_ipv4.url_for("/0"))
    assert response.status == 200


def test_redirect_to_a_host_outside_only_hosts_is_refused_before_any_lookup(
    httpserver_ipv4: HTTPServer, make_settings: MakeSettings
) -> None:
    _chain(httpserver_ipv4, [("/a", 302, "http://evil.test/steal")])
    resolver = StaticResolver({"evil.test": ["127.0.0.1"]})
    network = LoopbackNat()
    with pytest.raises(RefusedAddress) as caught:
        fetch(
            make_settings(only_hosts=["127.0.0.1"]),
            httpserver_ipv4.url_for("/a"),
            resolver=resolver,
            network_backend=network,
        )
    assert "evil.test" in str(caught.value)
    assert "only_hosts" in str(caught.value)
    assert resolver.lookups == []
    assert [host for host, _ in network.connects] == ["127.0.0.1"]
    assert [request.path for request, _ in httpserver_ipv4.log] == ["/a"]


def test_redirect_on_same_server_to_another_name_is_refused_with_no_request(
    httpserver_ipv4: HTTPServer, make_settings: MakeSettings
) -> None:
    # localhost is the very same server, but only 127.0.0.1 is allowed: the server must
    # see the first request only.
    target = f"http://localhost:{httpserver_ipv4.port}/target"
    _chain(httpserver_ipv4, [("/a", 301, target)])
    httpserver_ipv4.expect_request("/target").respond_with_data(RSS)
    with pytest.raises(RefusedAddress):
        fetch(make_settings(only_hosts=["127.0.0.1"]), httpserver_ipv4.url_for("/a"))
    assert [request.path for request, _ in httpserver_ipv4.log] == ["/a"]


def test_redirect_to_a_non_http_scheme_is_refused(
    httpserver_ipv4: HTTPServer, make_settings: MakeSettings
) -> None:
    _chain(httpserver_ipv4, [("/a", 302, "file:///etc/passwd")])
    with pytest.raises(RefusedAddress) as caught:
        fetch(make_settings(), httpserver_ipv4.url_for("/a"))
    assert "scheme 'file'" in str(caught.value)


def test_redirect_without_location_is_returned(
    httpserver_ipv4: HTTPServer, make_settings: MakeSettings
) -> None:
    httpserver_ipv4.expect_request("/a").respond_with_data("", status=302)
    response = fetch(make_settings(), httpserver_ipv4.url_for("/a"))
    assert response.status == 302
