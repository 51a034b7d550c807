"""The bundled source list (ingest/data/default_feeds.opml) validates: well-formed OPML, one
outline per address, every feed tagged (country, language, kind, the page its address was
found on), and wide enough: >= 120 feeds, >= 30 states, >= 25 languages, the states most
active in counter-intelligence news each covered in its own language."""

from __future__ import annotations

import re
from importlib.resources import files
from xml.etree import ElementTree as ET

from nongrata.ingest.registry import DEFAULT_FEEDS, KINDS, normalize_feed_url
from nongrata.ingest.sources import bundled_outlines

# A state -> the language its own sources must (also) be in.
STATES_IN_THEIR_LANGUAGE = {
    "PL": "pl", "UA": "uk", "RU": "ru", "DE": "de", "FR": "fr", "IT": "it", "ES": "es",
    "NL": "nl", "BE": "nl", "CZ": "cs", "SK": "sk", "HU": "hu", "RO": "ro", "BG": "bg",
    "EE": "et", "LV": "lv", "LT": "lt", "FI": "fi", "SE": "sv", "NO": "no", "DK": "da",
    "AT": "de", "GR": "el", "PT": "pt", "HR": "hr", "SI": "sl", "RS": "sr", "MD": "ro",
    "GE": "ka", "TR": "tr", "IL": "he", "IR": "fa", "CN": "zh", "TW": "zh", "JP": "ja",
    "KR": "ko", "US": "en", "GB": "en", "CA": "fr", "AU": "en", "AL": "sq", "BA": "bs",
    "KP": "ko",
}  # fmt: skip


def outlines() -> list[ET.Element]:
    data = files("nongrata.ingest").joinpath(DEFAULT_FEEDS).read_bytes()
    root = ET.fromstring(data)  # well-formed, or this raises
    assert root.tag == "opml"
    return [e for e in root.iter("outline") if e.get("xmlUrl")]


def test_the_list_is_well_formed_and_each_address_is_there_once() -> None:
    feeds = outlines()
    urls = [normalize_feed_url(e.get("xmlUrl", "")) for e in feeds]
    assert len(urls) == len(set(urls))
    assert len(bundled_outlines()) == len(feeds)  # the registry reads them all, tags checked


def test_every_feed_is_tagged() -> None:
    for e in outlines():
        url = e.get("xmlUrl")
        assert re.fullmatch(r"[A-Z]{2}", e.get("country", "")), url
        assert re.fullmatch(r"[a-z]{2}", e.get("language", "")), url
        assert e.get("kind") in KINDS, url
        assert (e.get("source") or "").strip(), url
        assert (e.get("text") or "").strip(), url


def test_the_list_is_wide_enough() -> None:
    feeds = outlines()
    assert len(feeds) >= 120
    assert len({e.get("country") for e in feeds}) >= 30
    assert len({e.get("language") for e in feeds}) >= 25
    assert {e.get("kind") for e in feeds} >= {"agency", "outlet", "ministry", "prosecutor"}


def test_each_bundled_state_is_covered_in_its_language() -> None:
    have = {(e.get("country"), e.get("language")) for e in outlines()}
    missing = {c: lang for c, lang in STATES_IN_THEIR_LANGUAGE.items() if (c, lang) not in have}
    assert missing == {}


def test_a_source_is_a_page_address_or_the_earlier_list() -> None:
    for e in outlines():
        source = e.get("source", "")
        assert source.startswith("https://") or source == "nongrata bundled list before issue 22"
