"""Anchored patterns: the same match as ``pattern.search``, on texts built to trip them."""

from __future__ import annotations

import random
import re

import pytest

from nongrata.extractors.prefilter.anchors import INDEXED_TEXT, AnchoredPattern
from nongrata.extractors.prefilter.literals import AFTER_ANY, MAX_LEAD, leads

FILLER = "The council met on Tuesday to discuss the budget for roads and schools. "
# Patterns of the kinds the lexicons hold: case-insensitive ones (a capital in them), short
# literals at a word start, optional prefixes, leading parts of bounded width.
PATTERNS = [
    r"(?<!\w)(?:izgon\w*|zapusti\w* (?:\w+ ){0,2}(?:držav\w*|Slovenijo|Rusijo)|rok\w* za odhod)",
    r"(?<!\w)(?:expulz\w*|să părăsească (?:țara|România)|persoan[aăe] non grata)(?!\w)",
    r"(?<!\w)(?:(?:d|l|dell|quell)['’])?(?:arrest\w*|(?:formalmente )?accusat[oaie])(?!\w)",
    r"(?<!\w)(?:(?:ot|saa|jä)\w*(?=\s+(?:\w+\s+){0,2}?kiinni(?!\w))|\w*vankeu\w*)",
    r"(?<!\w)(?:(?:k|ke) (?:\d+|\w+) (?:let|rokům) vězení|za mříže)(?!\w)",
    r"(?<!\w)(?:el\s+kell\s+hagyni\w*|(?:mp|ministério público)\b[^.;]{0,60}\bacus\w*)",
    r"(?<!\w)(?:dû|devront) quitter|\b(?:Kiel|SIS)\b",
    r"(?<!\w)(?:(?:voorlopige )?hechtenis|(?:\d+|\w+) jaar cel)(?!\w)",
    r"\bısrar\w*|\bİstanbul'da\b|\bσπιούνος\b",
    r"(?:逮捕|驱逐|召)|(?<!\w)(?:و|ب)?(?:اعتقال|طرد)|(?<!\w)(?:강제|추방)",
]
# Words near the patterns' literals, in every case and with the letters re.IGNORECASE takes
# for others: "ſ" for "s", "K" (Kelvin) for "k", "ı" and "İ" for "i", "ς" for "σ".
WORDS = re.findall(
    r"\S+",
    "izgon izgnali zapustiti zapusti državo Slovenijo SLOVENIJO rusijo rok roka za odhod "
    "expulzat să părăsească țara românia persoana non grata dell'arresto l’accusato quell' "
    "arresto formalmente accusata accusati ottaa saatiin jäi kiinni vankeuteen otti k ke 5 "
    "let rokům vězení za mříže el kell hagyni mp ministério público acusou dû devront "
    "quitter kiel sis voorlopige hechtenis 3 jaar cel israr İstanbul'da istanbul'da σπιούνος "
    "ſis \u212aiel i\u0307 ı ς . , ; ' - book elk kotka dell 逮捕 驱逐 召回 中文 اعتقال "
    "واعتقال طرد العربية 추방 강제로 한국어",
)


def texts(seed: int, count: int) -> list[str]:
    """Random runs of ``WORDS`` and filler, short and long, as written and lower-cased."""
    rng = random.Random(seed)
    found: list[str] = []
    for _ in range(count):
        words = [rng.choice(WORDS) for _ in range(rng.randint(1, 12))]
        joined = rng.choice([" ", "", "  ", "\n"]).join(words)
        text = joined if rng.random() < 0.5 else f"{FILLER * 30}{joined} {FILLER * 3}"
        found += [text, text.lower()]
    return found


def compiled(pattern: str) -> re.Pattern[str]:
    letters = re.sub(r"\\.", "", pattern)
    return re.compile(pattern, 0 if letters == letters.lower() else re.IGNORECASE)


@pytest.mark.parametrize("pattern", PATTERNS)
def test_anchored_search_is_the_pattern_search(pattern: str) -> None:
    plain = compiled(pattern)
    anchored = AnchoredPattern(plain)
    assert anchored.anchors is not None  # each is anchored: the test is not vacuous
    for text in texts(seed=len(pattern), count=300):
        found, expected = anchored.search(text), plain.search(text)
        assert (found and found.span()) == (expected and expected.span()), (pattern, text[-90:])


def test_long_texts_are_searched_where_a_match_can_start() -> None:
    """Every pattern above is searched at its anchors in a long text, not whole."""
    for pattern in PATTERNS:
        assert AnchoredPattern(compiled(pattern))._starts is not None, pattern
    assert len(FILLER * 30) > INDEXED_TEXT


def test_case_insensitive_literals_are_lower_cased_and_checked() -> None:
    found = leads(compiled(r"(?<!\w)(?:zapusti|Slovenijo)"), fold=True)
    assert found is not None
    assert set(found) == {"zapusti", "slovenijo"}
    assert leads(compiled(r"(?<!\w)Slovenijo")) is None  # anchors() stays case-sensitive
    anchored = AnchoredPattern(re.compile(r"(?<!\w)(?:sis|kiel)\b", re.IGNORECASE))
    long_s = f"{FILLER * 30} \u017fis"  # "ſis": re.IGNORECASE matches it to "sis"
    assert anchored.pattern.search(long_s) is not None
    assert anchored.search(long_s) is not None
    assert anchored.search(long_s.replace("\u017f", "x")) is None


def test_an_optional_literal_prefix_is_an_anchor_both_ways() -> None:
    found = leads(compiled(r"(?<!\w)(?:formalmente )?accusat[oaie]"))
    assert found is not None
    assert set(found) == {"accusat", "formalmente accusat"}
    assert all(lead.word_start for lead in found.values())


def test_a_leading_part_of_bounded_width_is_searched_before_the_anchor() -> None:
    found = leads(compiled(r"(?<!\w)(?:(?:d|dell)['’])?arrest\w*"))
    assert found is not None
    lead = found["arrest"]
    assert (lead.kind, lead.width, lead.word_start) == (AFTER_ANY, 5, True)
    unbounded = leads(compiled(r"(?<!\w)(?:\d+\s+)yıl"))
    assert unbounded is not None
    assert unbounded["yıl"].width > MAX_LEAD


def test_short_literals_count_where_a_word_starts_or_beyond_latin() -> None:
    assert leads(compiled(r"(?<!\w)(?:k|ke) \d+ let"), short=True) is not None
    assert leads(compiled(r"(?<!\w)(?:k|ke) \d+ let")) is None
    assert leads(compiled(r"\w*(?:k|ke) \d+ let"), short=True) is None
    assert leads(compiled(r"逮捕|召"), short=True) is not None
    assert leads(compiled(r"逮捕|召")) is None
    # "k|ke" is parsed "k(?:|e)": the empty alternative joins what follows
    assert set(leads(compiled(r"(?<!\w)(?:k|ke) let")) or ()) == {"k let", "ke let"}
