"""The agencies of a non-English event: its sentence's, the title's and the article's."""

from __future__ import annotations

from datetime import date

from nongrata.extractors.multilingual.extractor import detect_events

PUBLISHED = date(2024, 3, 6)


def test_agency_named_elsewhere_in_the_article_is_the_events() -> None:
    text = (
        "Säkerhetspolisen utreder ett nytt fall\n"
        "Säpo har under flera månader följt en man i Göteborg.\n"
        "I måndags greps mannen misstänkt för spioneri för Ryssland."
    )
    events = detect_events(text, "sv", PUBLISHED)
    assert events
    assert all("Säpo" in event.agencies for event in events)


def test_sentence_agencies_come_first() -> None:
    text = (
        "Spionage-Fall in Bayern\n"
        "Der MAD hatte den Soldaten beobachtet.\n"
        "Der BND und der Verfassungsschutz ermittelten nicht.\n"
        "Am Montag nahm der Verfassungsschutz den Mann wegen Spionage für Russland fest."
    )
    events = detect_events(text, "de", PUBLISHED)
    assert events
    assert events[0].agencies[0] == "BfV"
    assert "MAD" in events[0].agencies  # the short name the corpus labels, not the full one


def test_no_event_no_agencies() -> None:
    assert detect_events("Die Säpo stellt ihren Jahresbericht vor.", "sv", PUBLISHED) == []


def test_iran_s_intelligence_ministry_arrests_at_home() -> None:
    # "The Ministry of Intelligence on Monday arrested a spy trained by the CIA": MOIS, bare as
    # the Persian press names it, is the acting service, the CIA the one spied for
    text = "وزارت اطلاعات روز دوشنبه یک جاسوس آموزش‌دیده سیا را دستگیر کرد."
    events = detect_events(text, "fa", PUBLISHED)
    assert [(e.type, e.actor_iso, e.target_iso) for e in events] == [("arrest", "IR", "US")]
    assert "MOIS" in events[0].agencies
