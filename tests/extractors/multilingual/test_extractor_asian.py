"""The rules of Arabic, Persian, Hebrew, Japanese and Korean: who acts, who is spied for,
names, dates and what is no event (sentences written for these tests)."""

from __future__ import annotations

from datetime import date

import pytest

from nongrata.extractors.multilingual.extractor import detect_events

PUBLISHED = date(2024, 3, 6)  # a Wednesday


def _summary(text: str, lang: str) -> list[tuple[str, bool, str | None, str | None]]:
    return [
        (e.type, e.new, e.actor_iso, e.target_iso) for e in detect_events(text, lang, PUBLISHED)
    ]


def test_a_revolutionary_court_s_city_acts_and_listed_states_are_spied_for() -> None:
    # "The Tehran Revolutionary Court sentenced him to ten years for spying for Germany and
    # Israel": the court's city is the actor; Israel, listed with Germany by "و", is a target
    text = "دادگاه انقلاب تهران او را به اتهام جاسوسی برای آلمان و اسرائیل به ده سال حبس محکوم کرد."
    found = {(e.type, e.actor_iso, e.target_iso) for e in detect_events(text, "fa", PUBLISHED)}
    assert found == {("conviction", "IR", "DE"), ("conviction", "IR", "IL")}


def test_arabic_pluperfect_with_a_weekday_is_fresh() -> None:
    # "Police had arrested the officer last Friday on suspicion of spying for Russia"
    text = "وكانت الشرطة الكندية قد أوقفت الضابط يوم الجمعة الماضي بتهمة التجسس لصالح روسيا."
    assert _summary(text, "ar") == [("arrest", True, "CA", "RU")]
    old = "وكانت الشرطة الكندية قد أوقفت الضابط بتهمة التجسس لصالح روسيا."
    assert [e.new for e in detect_events(old, "ar", PUBLISHED)] == [False]


def test_arabic_own_departure_is_no_expulsion() -> None:
    # "arrested while attempting to leave the country": an arrest, not an expulsion
    text = "اعتقلت إيران أمريكياً متهماً بالتجسس أثناء محاولته مغادرة البلاد اليوم."
    assert [e.type for e in detect_events(text, "ar", PUBLISHED)] == ["arrest"]


def test_arabic_explainer_is_no_expulsion() -> None:
    text = (
        "تنص المادة التاسعة من اتفاقية فيينا على أن الدولة تستطيع طرد دبلوماسي بإعلانه "
        "شخصاً غير مرغوب فيه."
    )
    assert detect_events(text, "ar", PUBLISHED) == []


def test_hebrew_anniversary_marks_an_old_event_and_israel_acts_at_home() -> None:
    # "60 years since his execution in Damascus": the sentence it marks is old
    old = "60 שנה להוצאתו להורג בדמשק של המרגל הישראלי אלי כהן."
    assert [e.new for e in detect_events(old, "he", PUBLISHED)] == [False]
    # "An indictment was filed today against an Ashkelon resident for contact with an Iranian
    # agent": no state acts in the sentence, the Israeli prosecution does
    text = "כתב אישום הוגש היום נגד תושב אשקלון בחשד למגע עם סוכן איראני במטרה לרגל."
    assert ("charge", True, "IL", "IR") in _summary(text, "he")


def test_full_width_digits_date_an_event() -> None:
    # Kyodo style: "detained in May 2017 by state security", in full-width digits
    text = "男性は２０１７年５月、スパイ行為に関わった疑いで中国の国家安全当局に拘束された。"
    assert [e.new for e in detect_events(text, "ja", PUBLISHED)] == [False]


def test_japanese_adnominal_charge_before_a_sentence_is_no_charge() -> None:
    # "The court sentenced the Japanese man in his 60s, charged with espionage, to 5.5 years"
    text = (
        "中国の裁判所は１０日、スパイ罪に問われた６０代の日本人男性に懲役５年６か月を言い渡した。"
    )
    assert [e.type for e in detect_events(text, "ja", PUBLISHED)] == ["conviction"]


def test_korean_state_sent_the_report_is_spied_for() -> None:
    # "Two men the NIS arrested while trying to send reports to North Korea were indicted today"
    text = "오늘 북한에 보고문을 보내려다 국가정보원에 체포된 남성 2명이 간첩 혐의로 구속기소됐다."
    assert ("charge", True, "KR", "KP") in _summary(text, "ko")


def test_korean_trend_of_indictments_is_no_charge() -> None:
    # "Military men indicted in spy cases for China are multiplying": no indictment today
    text = "대만에서는 최근 중국을 위한 간첩 사건으로 기소되는 군 관계자가 급증하고 있다."
    assert [e.type for e in detect_events(text, "ko", PUBLISHED)] == []


@pytest.mark.parametrize(
    "text",
    [
        # the state that dispatched the agent (a relative clause) is the side spied for
        "북한이 직접 남파한 간첩이 5일 공안당국에 붙잡혔다.",
        # the state the suspect was in touch with
        "국가정보원은 4일 북측과 이메일로 접촉하던 김씨를 체포했다.",
        # a bureau named between the state and its directive
        "'北 225국 지령' 50대 2명 구속기소",
    ],
)
def test_korean_state_that_sent_or_ran_the_suspect_is_the_target(text: str) -> None:
    events = detect_events(text, "ko", PUBLISHED)
    assert [(e.actor_iso, e.target_iso) for e in events] == [("KR", "KP")]


def test_japanese_government_sources_are_no_acting_authority() -> None:
    text = (
        "中国当局に拘束された日本人男性が、スパイ罪で起訴されたことが5日、"
        "日本政府関係者への取材で分かった。"
    )
    events = detect_events(text, "ja", PUBLISHED)
    assert {(e.type, e.actor_iso, e.target_iso) for e in events} == {
        ("arrest", "CN", "JP"),
        ("charge", "CN", "JP"),
    }


def test_persian_own_diplomats_withdrawn_are_a_recall() -> None:
    text = "دولت کانادا روز دوشنبه دیپلمات‌های خود را از تهران خارج کرد."
    events = detect_events(text, "fa", PUBLISHED)
    assert [(e.type, e.actor_iso, e.target_iso) for e in events] == [("recall", "CA", "IR")]


def test_persian_reaction_to_an_expulsion_is_not_the_reacting_state_s_act() -> None:
    text = (
        "وزارت امور خارجه ایران روز دوشنبه در واکنش به اخراج سفیر خود از کانادا "
        "این تصمیم را غیرقابل توجیه خواند."
    )
    assert detect_events(text, "fa", PUBLISHED) == []


def test_persian_name_after_a_reporting_verb_before_its_title() -> None:
    text = (
        "دولت کانادا روز دوشنبه اعلام کرد که علی رضایی، سفیر ایران در اتاوا، "
        "عنصر نامطلوب شناخته و به او هفت روز فرصت داده است تا خاک این کشور را ترک کند."
    )
    events = detect_events(text, "fa", PUBLISHED)
    assert [e.persons for e in events if e.type == "expulsion"] == [("علی رضایی",)]


@pytest.mark.parametrize(
    "text",
    [
        "من المتوقع أن تقدم النيابة العامة لائحة اتهام ضد الجاسوسين بتهمة التجسس لصالح إيران.",
        "سيتم تقديم لائحة اتهام ضد المعتقلين بتهمة التجسس لصالح إيران.",
    ],
)
def test_arabic_expected_or_future_charges_are_no_event(text: str) -> None:
    assert [e for e in detect_events(text, "ar", PUBLISHED) if e.type == "charge"] == []


def test_arabic_suspects_named_after_they_are_are_persons() -> None:
    text = (
        "أعلن جهاز الشاباك اليوم اعتقال شابين بشبهة التجسس لصالح إيران، "
        "والمشتبهان هما يوسي كوهين وداني ليفي."
    )
    events = detect_events(text, "ar", PUBLISHED)
    assert [e.persons for e in events] == [("يوسي كوهين", "داني ليفي")]


def test_hebrew_compound_name_with_a_particle_before_residence() -> None:
    text = 'שב"כ הודיע היום כי נעצר סלים אבו חמד, תושב הצפון, בחשד לריגול עבור איראן.'
    events = detect_events(text, "he", PUBLISHED)
    assert [e.persons for e in events] == [("סלים אבו חמד",)]
