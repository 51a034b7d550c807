from __future__ import annotations

from datetime import date

import pytest

from nongrata.errors import ExtractionError
from nongrata.ingest.clean import clean_page, content_hash, normalise_text

PARAGRAPHS = (
    "Prague — The Czech Republic on Monday expelled two Russian diplomats accused of "
    "working for the GRU military intelligence service, the foreign ministry said.",
    "The diplomats were given 72 hours to leave the country after the BIS counter-"
    "intelligence service concluded they had recruited sources inside the defence ministry.",
    "Moscow denied the accusations and promised a response, calling the decision a "
    "provocation aimed at damaging bilateral relations further.",
)


def article_html(*, lang: str = "en", date_meta: str = "2025-03-17") -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html><html lang="{lang}"><head>
<title>Czechia expels two Russian diplomats | Example News</title>
<meta property="og:title" content="Czechia expels two Russian diplomats">
<meta name="author" content="Jana Novakova">
<meta property="article:published_time" content="{date_meta}T08:30:00+01:00">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Czechia expels two Russian diplomats</h1>{body}</article>
<footer>© Example News. All rights reserved. Cookie settings.</footer>
</body></html>"""


def test_a_news_page_is_cleaned_to_its_main_text_and_metadata() -> None:
    page = clean_page(article_html().encode(), url="http://127.0.0.1:8000/news/1")
    for paragraph in PARAGRAPHS:
        assert paragraph in page.text
    assert "Cookie settings" not in page.text
    assert "Sport" not in page.text
    assert page.title == "Czechia expels two Russian diplomats"
    assert page.published == date(2025, 3, 17)
    assert page.author == "Jana Novakova"
    assert page.language == "en"
    assert page.content_hash == content_hash(page.text)


def test_without_metadata_the_main_text_is_the_same_and_nothing_else_is_read() -> None:
    html = article_html().encode()
    full = clean_page(html, url="http://127.0.0.1:8000/news/1")
    lean = clean_page(html, url="http://127.0.0.1:8000/news/1", metadata=False)
    assert lean.text == full.text
    assert (lean.language, lean.content_hash) == (full.language, full.content_hash)
    assert (lean.title, lean.published, lean.author) == (None, None, None)
    assert clean_page(html, metadata=False, language=False).language is None


def test_a_str_page_and_a_declared_charset_work_alike() -> None:
    html = article_html()
    from_str = clean_page(html, url="http://127.0.0.1:8000/news/1")
    from_latin = clean_page(html.encode("utf-8"), url=None, charset="utf-8")
    assert from_str.text == from_latin.text


def test_an_unknown_charset_falls_back_to_detection() -> None:
    page = clean_page(article_html().encode(), charset="no-such-charset")
    assert PARAGRAPHS[0] in page.text


@pytest.mark.parametrize(
    "html",
    [
        b"",
        b"   ",
        b"<html><body></body></html>",
        b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
    ],
)
def test_a_page_without_text_is_an_extraction_error(html: bytes) -> None:
    with pytest.raises(ExtractionError):
        clean_page(html, url="http://127.0.0.1:8000/empty")


def test_the_content_hash_ignores_case_spacing_and_unicode_forms() -> None:
    assert content_hash("Hello   World\n") == content_hash("hello world")
    assert content_hash("ﬁle") == content_hash("file")  # NFKC ligature
    assert content_hash("a b") != content_hash("a c")
    assert normalise_text("  A\tB ") == "a b"
