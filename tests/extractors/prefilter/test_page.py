"""The page prefilter: the article prefilter's verdict on a page's whole text, found fast."""

from __future__ import annotations

import html
import json
import re
from html import unescape
from itertools import pairwise
from pathlib import Path

import pytest

from nongrata.extractors.multilingual.lexicon import lexicon_languages
from nongrata.extractors.multilingual.mentions import find_agencies
from nongrata.extractors.prefilter.anchors import INDEXED_TEXT, AnchoredPattern, anchors
from nongrata.extractors.prefilter.article import _any_language_reason, language_test
from nongrata.extractors.prefilter.english import english_test
from nongrata.extractors.prefilter.names import _agency_descriptors, _agency_names_as_written
from nongrata.extractors.prefilter.page import (
    INVISIBLE_FIRST,
    any_agency,
    may_hold_event,
    page_reason,
    page_text,
)
from nongrata.extractors.prefilter.text_index import PUNCTUATION
from nongrata.ingest.clean import MIN_TEXT_CHARS

# The definition of a page's text, in its plain (slow) form.
PLAIN_INVISIBLE = re.compile(
    r"<(script|style|template|svg)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL
)
PLAIN_INLINE_TAG = re.compile(
    r"</?(?:a|abbr|b|bdi|cite|em|font|i|mark|q|s|small|span|strong|sub|sup|time|u)\b[^>]*>",
    re.IGNORECASE,
)
PLAIN_TAG = re.compile(r"<[^>]*>")
FILLER = "The council met on Tuesday to discuss the budget for roads and schools. " * 40
# Sentences each test of some language passes or nearly passes.
SENTENCES = [
    "Estonia expelled two Russian diplomats on Monday.",
    "Police arrested a man suspected of spying for China.",
    "Police arrested a man after a brawl outside a bar.",
    "Moscow ordered the closure of the British consulate.",
    "Close the window and click here to subscribe.",
    "He was charged with fraud. The BfV said so.",
    "Britain told the envoy to leave.",
    "He received a ten-year term for espionage.",
    "Moscow withdrew diplomatic status from the dacha.",
    "Deutschland hat zwei russische Diplomaten ausgewiesen.",
    "Ein Dieb wurde in München festgenommen.",
    "Ein mutmaßlicher Spion wurde in München festgenommen.",
    "Sie wiesen den Attaché gestern aus dem Land aus.",
    "Die Schließung des Generalkonsulats wurde angeordnet.",
    "Das Generalkonsulat wird geschlossen.",
    "Ein Mann wurde festgenommen, sagte der Bundesnachrichtendienst.",
    "La France a expulsé deux diplomates russes.",
    "Il a été condamné à 5 ans de prison.",
    "Polska wydaliła rosyjskiego dyplomatę.",
    "Skazany na 10 lat więzienia, podała ABW.",
    "Skazany na 10 lat więzienia za kradzież.",
    "ФСБ задержала гражданина по подозрению в шпионаже.",
    "Суд приговорил его, сообщила Федеральная служба безопасности.",
    "España expulsó a dos diplomáticos rusos.",
    "Fue detenido por el Centro Nacional de Inteligencia.",
    "România a expulzat doi diplomați ruși.",
    "Norge utviste en russisk diplomat.",
    "Han ble dømt til 3 års fengsel.",
    "Mannen ble pågrepet, opplyser PST.",
]


def plain_page_text(page: str) -> str:
    return unescape(PLAIN_TAG.sub(" ", PLAIN_INLINE_TAG.sub("", PLAIN_INVISIBLE.sub(" ", page))))


def plain_page_reason(page: str) -> str | None:
    text = plain_page_text(page)
    if len(text) - text.count(" ") < MIN_TEXT_CHARS * 2:
        return None
    reason = _any_language_reason(text, text.lower(), None, None)
    return None if reason is None else f"page-{reason}"


def texts() -> list[str]:
    """Short and long texts (long ones are searched through a TextIndex), each sentence
    alone and among others."""
    found = []
    for sentence in SENTENCES:
        found += [sentence, f"{FILLER}{sentence} {FILLER}", f"{sentence}\n{FILLER}"]
    for first, second in pairwise(SENTENCES):
        found.append(f"{first} {FILLER} {second}")
    assert all(len(t) > INDEXED_TEXT for t in found[1::3])
    return found


def test_a_page_is_judged_by_all_of_its_text() -> None:
    page = "<html><head><style>p{}</style></head><body><p>BODY</p><script>var expel;</script>"
    quiet = page.replace("BODY", "A long article about a repair cafe and volunteers. " * 5)
    assert page_reason(quiet) == "page-no-trigger:unknown"
    loud = page.replace("BODY", "Polska wydaliła rosyjskiego dyplomatę. " * 5)
    assert page_reason(loud) is None
    assert page_reason("<html><body>Short.</body></html>") is None  # left to the cleaner
    assert "expel" not in page_text(quiet)


@pytest.mark.parametrize(
    "page",
    [
        "<p>ex<b>pel</b>led and <B>ex</B>pelled</p><DIV>x</DIV>",
        "a<script>if (a < b) { x = '</scr' + 'ipt>'; }</script >b<SCRIPT>c</Script>d",
        "a<script>never closed <p>expelled</p>",
        "a<scripts>kept</scripts>b<svg><text>x</text></svg>c<template>t</template>",
        "a<!-- one -- two -->b<!--->c<!---->d<!-- <script> -->e<!-- open",
        "a<style>p{}</style><style>q{}</STYLE  >b<\u017fcript>long s</script>c",
        "x<\u0130>dotted</\u0130><\u0131>dotless</\u0131><SPAN>s</sPaN><ab>ab</ab>",
        "<a href='x'>link</a><abbr>ab</abbr><br/><img src=x>t<i>i</i><u>u</u><q>q</q>",
        "a <b> c < d > e <<b>p> f </b",
        "caf&eacute; &amp;nbsp; exp&#101;lled &#x41;&lt;b&gt; &notanentity; &amp",
    ],
)
def test_page_text_is_its_plain_form(page: str) -> None:
    assert page_text(page) == plain_page_text(page)


def test_the_lookahead_misses_no_letter_of_a_tag_name() -> None:
    """``_INVISIBLE`` looks ahead case-sensitively for a character ``re.IGNORECASE``
    matches to "s" or "t" (or "!" of a comment)."""
    lookahead = re.compile(INVISIBLE_FIRST)
    case_insensitive = re.compile("[st]", re.IGNORECASE)
    for code in range(0x110000):
        char = chr(code)
        if case_insensitive.fullmatch(char):
            assert lookahead.fullmatch(char), hex(code)


def test_verdicts_follow_the_article_prefilter() -> None:
    """``may_hold_event`` is ``_any_language_reason`` (for an unknown language) reordered."""
    for text in texts():
        low = text.lower()
        expected = _any_language_reason(text, low, None, None) is None
        assert may_hold_event(text, low) is expected, text[:80]


def test_agencies_are_found_as_find_agencies_finds_them() -> None:
    names = [
        "FSB",
        "fsb",
        "ФСБ",
        "Federalnaja",
        "Федеральная служба безопасности",
        "ФЕДЕРАЛЬНОЙ СЛУЖБЫ БЕЗОПАСНОСТИ",
        "Bundesamt für Verfassungsschutz",
        "BUNDESNACHRICHTENDIENSTES",
        "bundesnachrichtendienst",
        "KaPo",
        "Kaitsepolitsei",
        "MI5",
        "Mossad",
        "Centro Nacional de Inteligencia",
        "bezpečnostní informační služby",
        "BUNDE\u017fNACHRICHTENDIENST",  # long s: "s" to re.IGNORECASE
        "D\u0130RECTION GÉNÉRALE DE LA SÉCURITÉ INTÉRIEURE",
        "politiets sikkerhetstjeneste",
        "the Service",
    ]
    for name in names:
        for text in (name, f"{FILLER}{name}.", f"{FILLER}x{name}y {FILLER}"):
            assert any_agency(text, text.lower()) is bool(find_agencies(text)), text[-80:]


def prefilter_patterns() -> list[AnchoredPattern]:
    english = english_test()
    found = [
        english.law_triggers,
        english.expulsion_or_recall,
        english.closure,
        english.premises,
        english.espionage,
        _agency_names_as_written()[0],
        _agency_descriptors(),
    ]
    for lang in sorted(lexicon_languages()):
        test = language_test(lang)
        found += [test.law_triggers, test.other_triggers, test.other_context, test.espionage]
    return found


def assert_searches_agree(patterns: list[AnchoredPattern], text: str) -> None:
    for pattern in patterns:
        found, expected = pattern.search(text), pattern.pattern.search(text)
        assert (found and found.span()) == (expected and expected.span()), (
            pattern.pattern.pattern[:60],
            text[:80],
        )


def test_anchored_search_is_the_pattern_search() -> None:
    patterns = prefilter_patterns() + [
        AnchoredPattern(re.compile(p, flags))
        for p, flags in [
            (r"(?<!\w)(?:\w*konsulat\w*|(?:\d+|\w+) års fengsel|na (?:\d+|\w+) lat)", 0),
            (r"\b(?:spy|spies)\b|diplomatic status[^.]{0,20}?\bstrip", 0),
            (r"\bgeht\b", re.ASCII),
            (r"abc(?:\w*d|e)f", 0),
            (r"(?<!\w)(?i:MOSCOW)\b", 0),
        ]
    ]
    extra = [
        "Das Generalkonsulat schloss. Er bekam 3 års fengsel, na 10 lat więzienia.",
        "Spies! The diplomatic status, strip it. éGEHT geht abcxxdf abcef MoScOw",
    ]
    for text in texts() + [f"{FILLER}{e}{FILLER}" for e in extra]:
        assert_searches_agree(patterns, text.lower())
        assert_searches_agree(patterns, text)


def test_every_latin_script_pattern_is_anchored() -> None:
    """Each is searched only in pages holding one of its anchors, not in every page (a
    language written beyond Latin is tested only on pages holding its letters)."""
    unanchored = []
    for lang in sorted(lexicon_languages()):
        test = language_test(lang)
        patterns = [test.law_triggers, test.other_triggers, test.other_context, test.espionage]
        if test.script is None:
            unanchored += [f"{lang}: {p.pattern.pattern[:80]}" for p in patterns if not p.anchors]
    assert not unanchored


def test_anchors_never_join_a_literal_to_what_follows_a_repeat() -> None:
    # "abcxd" matches: "abcd" or "abce" would not be in it.
    found = anchors(re.compile(r"abc(?:\w*d|e)"))
    assert found is None or all(any(a in m for a in found) for m in ("abcxd", "abce"))
    # A (?i:…) group is no literal: "SPYing" matches.
    assert "spying" not in (anchors(re.compile(r"(?i:spy)ing")) or frozenset())


def _shared_pages(shared: Path, every: int) -> list[str]:
    manifest = json.loads((shared / "pages" / "manifest.json").read_text(encoding="utf-8"))
    files = [shared / "pages" / entry["file"] for entry in manifest[::every]]
    return [f.read_bytes().decode("utf-8", errors="replace") for f in files]


def test_shared_pages_keep_their_verdicts(shared_dir: Path) -> None:
    patterns = prefilter_patterns()
    for page in _shared_pages(shared_dir, every=8):
        text = page_text(page)
        assert text == plain_page_text(page)
        assert page_reason(page) == plain_page_reason(page)
        assert_searches_agree(patterns, text.lower())


@pytest.mark.parametrize("corpus", ["corpus", "seeds"])
def test_every_labelled_event_page_is_cleaned(shared_dir: Path, corpus: str) -> None:
    folder = shared_dir / corpus
    for line in (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        label = json.loads(line) if line.strip() else None
        if not label or not label["events"]:
            continue
        text = (folder / "articles" / f"{label['id']}.txt").read_text(encoding="utf-8")
        title, _, body = text.strip().partition("\n")
        assert page_reason(news_page(title, body)) is None, label["id"]


def news_page(title: str, body: str) -> str:
    """An article as a plain news page (as the benchmark serves the labelled articles)."""
    paragraphs = "".join(f"<p>{html.escape(p.strip())}</p>" for p in body.split("\n") if p)
    return (
        f"<!doctype html><html lang='en'><head><title>{html.escape(title)}</title></head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{html.escape(title)}</h1>"
        f"{paragraphs}</article><footer>News</footer></body></html>"
    )


def test_punctuation_stripped_from_tokens_holds_no_word_character() -> None:
    assert not [c for c in PUNCTUATION if c.isalnum() or c == "_"]
