"""Property and fuzz tests (hypothesis, modest example counts): URL canonicalisation, feed
bytes → entries, page bytes → article. Watchlist parsing and name normalisation are
covered in tests/matching (test_parsing_property.py, test_names.py)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nongrata.errors import ExtractionError
from nongrata.ingest.clean import CleanedPage, clean_page
from nongrata.ingest.feeds import ParsedFeed, parse_feed
from nongrata.ingest.urls import canonical_url

FEW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TRACKERS = ("utm_source", "utm_medium", "utm_campaign", "fbclid", "gclid")

url_text = st.text(
    alphabet=st.sampled_from(list("abcXYZ019-._~:/?#[]@!$&'()*+,;=% \t\n\x00é日")), max_size=60
)
hosts = st.from_regex(r"[a-z]{1,8}(\.[a-z]{2,5}){1,2}", fullmatch=True)
segments = st.lists(st.from_regex(r"[A-Za-z0-9._~-]{0,8}", fullmatch=True), max_size=4)
params = st.lists(
    st.tuples(
        st.from_regex(r"[a-z]{1,6}", fullmatch=True),
        st.from_regex(r"[a-z0-9]{0,6}", fullmatch=True),
    ),
    max_size=3,
)


@st.composite
def http_urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "HtTpS"]))
    host = draw(hosts)
    port = draw(st.sampled_from(["", ":80", ":443", ":8080"]))
    path = "/" + "/".join(draw(segments))
    query = [*draw(params), *((t, "x") for t in draw(st.lists(st.sampled_from(TRACKERS))))]
    draw(st.randoms()).shuffle(query)
    qs = "&".join(f"{k}={v}" for k, v in query)
    fragment = draw(st.sampled_from(["", "#top", "#a/b"]))
    return f"{scheme}://{host}{port}{path}" + (f"?{qs}" if qs else "") + fragment


@FEW
@given(url_text, st.one_of(st.none(), st.just("https://news.example/feed/")))
def test_canonical_url_never_raises_and_gives_http_or_none(text: str, base: str | None) -> None:
    result = canonical_url(text, base)
    if result is not None:
        assert urlsplit(result).scheme in {"http", "https"}
        assert urlsplit(result).netloc
        assert canonical_url(result) == result


@FEW
@given(http_urls())
def test_canonical_url_is_idempotent_and_drops_trackers(url: str) -> None:
    result = canonical_url(url)
    assert result is not None, url
    assert canonical_url(result) == result
    parts = urlsplit(result)
    assert parts.scheme in {"http", "https"}
    assert parts.fragment == ""
    assert parts.netloc == parts.netloc.lower()
    keys = {k for k, _ in parse_qsl(parts.query, keep_blank_values=True)}
    assert not keys & set(TRACKERS), result


def _check_parsed(parsed: ParsedFeed) -> None:
    assert isinstance(parsed, ParsedFeed)
    for entry in parsed.entries:
        assert entry.key
        if entry.link is not None:
            assert urlsplit(entry.link).scheme in {"http", "https"}
    if not parsed.is_feed:
        assert parsed.problem


@FEW
@given(
    st.binary(max_size=2000),
    st.sampled_from(
        [None, "application/rss+xml", "text/html; charset=utf-16", "text/xml; charset=x-nope"]
    ),
)
def test_arbitrary_bytes_parse_to_a_feed_or_a_recorded_problem(
    body: bytes, ctype: str | None
) -> None:
    _check_parsed(parse_feed(body, url="http://127.0.0.1/feed", content_type=ctype))


SEEDS: tuple[bytes, ...] = (
    b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
    b"<item><title>A &amp; B</title><link>http://127.0.0.1/a?utm_source=x</link>"
    b"<guid>g1</guid><description>&lt;p&gt;Hi&lt;/p&gt;</description>"
    b"<pubDate>Mon, 02 Jun 2025 05:00:00 GMT</pubDate></item>"
    b"<item><title>No link</title><guid isPermaLink='false'>g2</guid></item></channel></rss>",
    b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
    b"<title>Atom</title><id>urn:x</id><updated>2025-06-02T05:00:00Z</updated>"
    b'<entry><title type="html">&lt;b&gt;Spy&lt;/b&gt; held</title>'
    b'<link href="/rel/1" rel="alternate"/><id>urn:e1</id>'
    b'<updated>2025-06-02T05:00:00Z</updated><content type="xhtml">'
    b'<div xmlns="http://www.w3.org/1999/xhtml"><p>Body</p></div></content></entry></feed>',
    b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
    b' xmlns="http://purl.org/rss/1.0/"><channel rdf:about="http://127.0.0.1/"><title>R</title>'
    b'</channel><item rdf:about="http://127.0.0.1/r1"><title>R1</title>'
    b"<link>http://127.0.0.1/r1</link></item></rdf:RDF>",
)


@st.composite
def mutated_feeds(draw: st.DrawFn) -> bytes:
    body = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["flip", "cut", "insert", "dup"]))
        at = draw(st.integers(0, max(len(body) - 1, 0)))
        if op == "flip" and body:
            body[at] = draw(st.integers(0, 255))
        elif op == "cut":
            del body[at : at + draw(st.integers(1, 64))]
        elif op == "insert":
            body[at:at] = draw(
                st.sampled_from(
                    [
                        b"<",
                        b"&",
                        b"]]>",
                        b"\x00",
                        b"\xff\xfe",
                        b"<!ENTITY x 'y'>",
                        b"&x;",
                        b"</item>",
                    ]
                )
            )
        else:
            body[at:at] = body[at : at + draw(st.integers(1, 200))]
    return bytes(body)


@FEW
@given(mutated_feeds())
def test_mutated_real_feeds_parse_to_a_feed_or_a_recorded_problem(body: bytes) -> None:
    _check_parsed(parse_feed(body, url="http://127.0.0.1/feed", content_type="application/rss+xml"))


html_bits = st.sampled_from(
    ["<html>", "<body>", "<article>", "<p>", "</p>", "<script>", "</script>", "<div>", "</div>",
     "<h1>", "<!--", "-->", "<![CDATA[", "&amp;", "&#0;", "\x00", "<meta charset='utf-16'>",
     "Spies were expelled on Monday after a long investigation. ", "é", "日本", "<table><tr><td>"]
)  # fmt: skip


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=1500),
        st.lists(html_bits, max_size=60).map(lambda parts: "".join(parts).encode("utf-8")),
    ),
    st.sampled_from([None, "utf-8", "iso-8859-1", "utf-16", "x-unknown"]),
)
def test_arbitrary_html_bytes_give_an_article_or_an_extraction_error(
    body: bytes, charset: str | None
) -> None:
    try:
        page: CleanedPage | str = clean_page(body, url="http://127.0.0.1/a", charset=charset)
    except ExtractionError as exc:
        page = str(exc)
    if isinstance(page, str):
        assert page  # the reason, recorded as the article's fetch_error
        return
    assert len(page.text) >= 50
    assert "\x00" not in page.text
