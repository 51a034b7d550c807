"""Page furniture never creates events."""

from __future__ import annotations

from nongrata.extractors.english.furniture import is_title_case, split_blocks
from tests.support.extraction import extract_text


def test_line_shapes() -> None:
    blocks = split_blocks(
        "Spy Scandal Widens in Vienna\n"
        "VIENNA, 3 March 2025\n"
        "Austria's government met on Monday to discuss the case.\n"
        "Read more: How spy rings are run\n"
        "Photo: A police car outside the embassy. Photograph: Jane Doe/AP\n"
        "Latvia Expels 3 Belarusian Diplomats\n"
        "Austria's government met on Monday to discuss the case.\n"
        "Sign up for our security newsletter\n"
        "Politics | Security | Europe\n"
    )
    kinds = [(b.headline, b.furniture) for b in blocks]
    assert kinds == [
        (True, None),
        (False, "dateline"),
        (False, None),
        (False, "label"),
        (False, "label"),
        (False, "title-case"),
        (False, "repeated"),
        (False, "prompt"),
        (False, "tag-list"),
    ]
    assert is_title_case("Latvia Expels 3 Belarusian Diplomats")
    assert not is_title_case("Latvia expels three Belarusian diplomats over spying.")


def test_related_link_headline_does_not_alert() -> None:
    text = (
        "Security conference opens in Vienna with warnings about espionage\n\n"
        "Delegates met in Vienna on Monday to discuss the protection of embassies.\n\n"
        "Finland Expels 4 Russian Diplomats\n\n"
        "The meeting will continue on Tuesday.\n\n"
        "Related: Italy Charges Man With Spying For China\n"
    )
    result = extract_text(text)
    assert result.events == ()
    assert result.alert is False


def test_caption_and_repeated_paragraph_do_not_duplicate_events() -> None:
    paragraph = "Croatia expelled a Serbian diplomat on Tuesday over spying allegations."
    text = (
        f"Croatia expels Serbian diplomat\n\n{paragraph}\n\n"
        "Photograph: Croatian police expelled a Serbian attache (Reuters)\n\n"
        f"{paragraph}\n"
    )
    result = extract_text(text)
    assert [(e.type, e.actor_iso, e.target_iso) for e in result.events] == [
        ("expulsion", "HR", "RS")
    ]


def test_sentences_in_any_script_are_running_text() -> None:
    from nongrata.extractors.english.furniture import split_blocks

    for line in (
        "Суд приговорил бывшего чиновника к восьми годам за шпионаж.",
        "Sąd skazał byłego urzędnika na osiem lat więzienia.",
        "Instanța l-a condamnat pe fostul funcționar la opt ani.",
    ):
        blocks = split_blocks(line, None)
        assert [b.furniture for b in blocks] == [None], line
