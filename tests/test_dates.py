"""Tests of kg.extract.dates: explicit, Hijri, numeric, relative and weekday dates (own sentences)."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest

from kg.extract.dates import DateMention, find_dates, hijri_to_gregorian, resolve_relative

WED = date(2023, 2, 15)  # a Wednesday


def only(text: str, anchor: date | None = WED) -> DateMention:
    found = find_dates(text, anchor)
    assert len(found) == 1, found
    return found[0]


def evidence(text: str, m: DateMention) -> str:
    return text[m.start : m.end]


# --- explicit Gregorian ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected, span",
    [
        ("عقد المؤتمر في 20 يونيو 2019 بحضور الوزراء.", "2019-06-20", "20 يونيو 2019"),
        ("وصل الوفد إلى موسكو ٢٩ يونيو ٢٠١٦ في زيارة رسمية.", "2016-06-29", "٢٩ يونيو ٢٠١٦"),
        ("التقيا يوم الجمعة ١٠ فبراير/شباط ٢٠٢٣ في العاصمة.", "2023-02-10", "يوم الجمعة ١٠ فبراير/شباط ٢٠٢٣"),
        ("وقع الجانبان الاتفاق في 10 فبراير 2023.", "2023-02-10", "10 فبراير 2023"),
        ("انعقدت القمة في 5 نوفمبر/تشرين الثاني 2022 بالقاهرة.", "2022-11-05", "5 نوفمبر/تشرين الثاني 2022"),
        ("بدأت المحادثات في 3 فبراير (شباط) 2021 واستمرت.", "2021-02-03", "3 فبراير (شباط) 2021"),
        ("زار الوزير البلاد في 7 من شهر مارس عام 2018.", "2018-03-07", "7 من شهر مارس عام 2018"),
        ("اجتمع الطرفان في 9 يونية 2015م.", "2015-06-09", "9 يونية 2015م"),
        ("أعلن الاتفاق في 4 إبريل 2017، وفق البيان.", "2017-04-04", "4 إبريل 2017"),
        ("افتتح المعرض في 12 اكتوبر 2016 رسميا.", "2016-10-12", "12 اكتوبر 2016"),
    ],
)
def test_explicit_dates(text: str, expected: str, span: str) -> None:
    m = only(text)
    assert (m.date, m.kind, evidence(text, m)) == (expected, "explicit", span)


# Every regional spelling of every month, as babel (CLDR) lists them, plus the newspaper variants.
REGIONAL_MONTHS = {
    "egyptian/gulf": "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
    "levantine/iraqi": "كانون_الثاني شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين_الأول تشرين_الثاني"
    " كانون_الأول",
    "maghrebi": "جانفي فيفري مارس أفريل ماي جوان جويلية أوت سبتمبر أكتوبر نوفمبر ديسمبر",
    "moroccan": "يناير فبراير مارس أبريل ماي يونيو يوليوز غشت شتنبر أكتوبر نونبر دجنبر",
    "variants": "يناير فبراير مارس إبريل مايو يونية يولية اغسطس سبتمبر اكتوبر نوفمبر ديسمبر",
}


@pytest.mark.parametrize("family", sorted(REGIONAL_MONTHS))
def test_every_month_of_every_family(family: str) -> None:
    for number, name in enumerate(REGIONAL_MONTHS[family].split(), start=1):
        name = name.replace("_", " ")
        text = f"وجرى اللقاء في 12 {name} 2020 بمقر الوزارة."
        m = only(text)
        assert m.date == f"2020-{number:02d}-12", (family, name)
        assert evidence(text, m) == f"12 {name} 2020"


def test_month_table_agrees_with_babel() -> None:
    babel = pytest.importorskip("babel")
    for loc in ("ar", "ar_EG", "ar_SA", "ar_SY", "ar_IQ", "ar_JO", "ar_DZ", "ar_TN", "ar_MA", "ar_MR"):
        months = babel.Locale.parse(loc).months["format"]["wide"]
        for number in range(1, 13):
            found = find_dates(f"في 2 {months[number]} 2021", None)
            assert [m.date for m in found] == [f"2021-{number:02d}-02"], (loc, months[number])


def test_date_without_year_takes_the_latest_past_one() -> None:
    text = "كان الرئيس قد زار برازيليا في 30 يناير الماضي وأجرى محادثات."
    assert only(text, date(2023, 2, 11)).date == "2023-01-30"
    # in early January "30 يناير الماضي" is last year's
    assert only(text, date(2023, 1, 5)).date == "2022-01-30"
    # `يوم 14 يوليو` without year: the most recent 14 July, a few days ahead still counting as now
    text = "التقى الوزيران يوم 14 يوليو في جنيف."
    m = only(text, date(2021, 3, 1))
    assert (m.date, evidence(text, m)) == ("2020-07-14", "يوم 14 يوليو")
    assert only(text, date(2021, 7, 12)).date == "2021-07-14"
    assert only(text, date(2021, 7, 30)).date == "2021-07-14"


def test_date_without_year_future_and_unanchored() -> None:
    text = "ستعقد القمة في 16 يوليو/تموز المقبل."
    assert only(text, date(2022, 6, 14)).date == "2022-07-16"
    assert only(text, date(2022, 8, 1)).date == "2023-07-16"
    m = only("التقى الوزيران يوم 14 يوليو في جنيف.", None)
    assert (m.date, m.kind) == (None, "explicit")


def test_impossible_day_is_no_date() -> None:
    assert find_dates("في 31 فبراير 2023 وقع", WED) == []
    assert find_dates("أعد 45 يونيو 2023 تقريرا", WED) == []


def test_numeric_dates() -> None:
    text = "يغادر (الخميس) 14 / 10 / 1436هـ الموافق 30 / 7 / 2015م الوفد."
    found = find_dates(text, None)
    assert [(m.date, m.kind) for m in found] == [("2015-07-30", "hijri"), ("2015-07-30", "explicit")]
    assert evidence(text, found[0]) == "(الخميس) 14 / 10 / 1436هـ"
    assert [m.date for m in find_dates("خلال الفترة حتى 1436-10-6هـ فقط", None)] == ["2015-07-22"]
    assert [m.date for m in find_dates("صدر القرار بتاريخ 2019/06/20 رسميا", None)] == ["2019-06-20"]
    # a score or a ratio is not a date
    assert find_dates("فاز الفريق 3-1 وتقدم بنسبة 12/5/88", None) == []


# --- Hijri -----------------------------------------------------------------------------------------
# Umm al-Qura equivalences published by Saudi authorities: Ramadan 1436 began Thursday 18 June 2015,
# Eid al-Fitr 1436 fell on Friday 17 July 2015, 1 Muharram 1445 was Wednesday 19 July 2023.
@pytest.mark.parametrize(
    "hijri, gregorian",
    [((1436, 9, 1), "2015-06-18"), ((1436, 10, 1), "2015-07-17"), ((1445, 1, 1), "2023-07-19")],
)
def test_hijri_conversion_umm_al_qura(hijri: tuple[int, int, int], gregorian: str) -> None:
    # tolerance: exact (0 days) against Umm al-Qura for 1365-1500 AH
    assert hijri_to_gregorian(*hijri).isoformat() == gregorian


def test_hijri_conversion_outside_the_table_is_tabular() -> None:
    # 1 Muharram 1300 AH = 12 November 1882 (tabular calendar; tolerance there is +-2 days)
    got = hijri_to_gregorian(1300, 1, 1)
    assert abs((got - date(1882, 11, 12)).days) <= 2
    assert hijri_to_gregorian(1436, 9, 30) is None  # Ramadan 1436 had 29 days
    assert hijri_to_gregorian(1436, 13, 1) is None


@pytest.mark.parametrize(
    "text, expected, span",
    [
        ("أعلن الديوان أن الحفل أقيم في 14 شوال 1436 هـ بحضور الأمراء.", "2015-07-30", "14 شوال 1436 هـ"),
        ("وصل الأمير الخميس 14 شوال 1436هـ إلى المدينة.", "2015-07-30", "الخميس 14 شوال 1436هـ"),
        ("بدأ الصيام في 1 رمضان 1436هـ.", "2015-06-18", "1 رمضان 1436هـ"),
        ("عقد الاجتماع في ١٠ ذي الحجة ١٤٣٦ه في منى.", "2015-09-23", "١٠ ذي الحجة ١٤٣٦ه"),
        ("صدر القرار في 5 جمادى الآخرة 1440 هـ.", "2019-02-10", "5 جمادى الآخرة 1440 هـ"),
        ("صدر القرار في 5 جمادى الثانية 1440 هـ.", "2019-02-10", "5 جمادى الثانية 1440 هـ"),
        ("نشر التقرير في 20 ربيع الآخر 1441هـ.", "2019-12-17", "20 ربيع الآخر 1441هـ"),
    ],
)
def test_hijri_dates_in_text(text: str, expected: str, span: str) -> None:
    m = only(text, None)
    assert (m.date, m.kind, evidence(text, m)) == (expected, "hijri", span)


def test_hijri_without_year_uses_anchor() -> None:
    m = only("وصل الوفد في 14 شوال وغادر بعد يومين.", date(2015, 8, 2))
    assert (m.date, m.kind) == ("2015-07-30", "hijri")


# --- relative days and weekdays -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, span, delta, kind",
    [
        ("التقى الرئيس اليوم نظيره الفرنسي.", "اليوم", 0, "today"),
        ("عقد الوزيران هنا اليوم محادثات.", "هنا اليوم", 0, "today"),
        ("استقبل الملك صباح اليوم السفير.", "صباح اليوم", 0, "today"),
        ("استقبل الملك أمس السفير.", "أمس", -1, "relative"),
        ("استقبل الملك امس السفير.", "امس", -1, "relative"),
        ("التقى الوزير مساء أمس نظيره.", "مساء أمس", -1, "relative"),
        ("وصل الوفد أول أمس إلى الرياض.", "أول أمس", -2, "relative"),
        ("وصل الوفد أول من أمس إلى الرياض.", "أول من أمس", -2, "relative"),
        ("وصل الوفد مساء أمس الأول إلى الرياض.", "مساء أمس الأول", -2, "relative"),
        ("يزور الرئيس باريس غدا في جولة.", "غدا", 1, "relative"),
        ("يزور الرئيس باريس غداً في جولة.", "غداً", 1, "relative"),
        ("سريان الهدنة منتصف الليلة الماضية كان هادئا.", "الليلة الماضية", -1, "relative"),
        ("وكان الوزير قد صرح بالأمس بذلك.", "بالأمس", -1, "relative"),
        ("وَصَلَ الوَفدُ أَمْسِ إلى جدة.", "أَمْسِ", -1, "relative"),
    ],
)
def test_relative_days(text: str, span: str, delta: int, kind: str) -> None:
    m = only(text)
    assert (evidence(text, m), m.kind) == (span, kind)
    assert date.fromisoformat(m.date) - WED == timedelta(days=delta)


def test_today_with_weekday_is_one_mention_on_the_anchor() -> None:
    text = "عقد الرئيسان هنا اليوم (الأربعاء) محادثات في القصر."
    m = only(text, date(2021, 7, 28))
    assert (m.date, m.kind, evidence(text, m)) == ("2021-07-28", "today", "هنا اليوم (الأربعاء)")
    text = "أعلن البيت الأبيض اليوم الثلاثاء أن الرئيس سيزور المنطقة."
    m = only(text, date(2022, 6, 14))
    assert (m.date, evidence(text, m)) == ("2022-06-14", "اليوم الثلاثاء")


def test_yesterday_with_weekday_is_confirmation_not_a_second_date() -> None:
    text = "أجرى الرئيس أمس (الأربعاء) محادثات مع نظيره."
    m = only(text, date(2023, 10, 26))
    assert (m.date, m.kind, evidence(text, m)) == ("2023-10-25", "relative", "أمس (الأربعاء)")
    text = "تم الاتفاق مساء أول أمس الأربعاء خلال الاجتماع."
    m = only(text, date(2015, 7, 31))
    assert (m.date, evidence(text, m)) == ("2015-07-29", "مساء أول أمس الأربعاء")


@pytest.mark.parametrize(
    "text, span, expected",
    [
        ("التقى الوزير الثلاثاء نظيره الروسي.", "الثلاثاء", "2023-02-14"),
        ("التقى الوزير يوم الأحد نظيره الروسي.", "يوم الأحد", "2023-02-12"),
        ("وقال المتحدث (الأربعاء) إن المحادثات مثمرة.", "(الأربعاء)", "2023-02-15"),  # anchor's own weekday
        ("وصل الوفد الجمعة الماضية إلى بكين.", "الجمعة الماضية", "2023-02-10"),
        ("وكان قد وصل الأربعاء الماضي إلى بكين.", "الأربعاء الماضي", "2023-02-08"),  # strictly before
        ("يبدأ الرئيس جولته يوم الاثنين المقبل.", "يوم الاثنين المقبل", "2023-02-20"),
        ("وصل الرئيس صباح الخميس إلى العاصمة.", "صباح الخميس", "2023-02-09"),
        ("والتقى السبت رئيس الوزراء.", "السبت", "2023-02-11"),
    ],
)
def test_weekdays(text: str, span: str, expected: str) -> None:
    m = only(text)
    assert (evidence(text, m), m.date, m.kind) == (span, expected, "weekday")


def test_weekday_without_anchor_has_no_date() -> None:
    assert [(m.date, m.kind) for m in find_dates("التقى الوزير الثلاثاء نظيره.", None)] == [(None, "weekday")]


@pytest.mark.parametrize(
    "text",
    [
        "نشرت الصحيفة اليومية تقريرا عن الجامعة.",
        "زار الوزير جامعة القاهرة والجمعية الخيرية.",
        "أدى المصلون صلاة الجمعة في المسجد.",
        "البلاد في أمس الحاجة إلى الدعم.",
        "وفي اليوم الثاني من زيارته التقى الوزير بالطلاب.",
        "احتفلت المملكة باليوم الوطني في اليوم نفسه.",
        "يواجه العالم اليوم تحديات كبيرة.",
        "وقال المسؤول لـ«اليوم» إن العمل مستمر.",
        "وجرى الحديث بين الاثنين معا دون وسيط.",
        "وشارك ممثلو البلدان الأحد عشر في الحوار.",
        "الأيام المقبلة ستشهد انفراجا، ويومياتنا مستمرة.",
    ],
)
def test_no_false_dates(text: str) -> None:
    assert find_dates(text, WED) == []


def test_order_window_and_longest_wins() -> None:
    text = "وصل الوزير أمس (الثلاثاء) ثم التقى اليوم نظيره، وكان قد زاره في 10 فبراير 2023."
    found = find_dates(text, WED)
    assert [(evidence(text, m), m.date) for m in found] == [
        ("أمس (الثلاثاء)", "2023-02-14"),
        ("اليوم", "2023-02-15"),
        ("10 فبراير 2023", "2023-02-10"),
    ]
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))
    # only mentions wholly inside the window, with offsets into the full text
    start = text.index("ثم")
    inner = find_dates(text, WED, start, text.index("وكان"))
    assert [(m.start, m.date) for m in inner] == [(text.index("اليوم"), "2023-02-15")]


def test_resolve_relative() -> None:
    assert resolve_relative("أمس", WED) == date(2023, 2, 14)
    assert resolve_relative("أول من أمس", WED) == date(2023, 2, 13)
    assert resolve_relative("غداً", WED) == date(2023, 2, 16)
    assert resolve_relative("صباح اليوم", WED) == WED
    assert resolve_relative("الجمعة الماضية", WED) == date(2023, 2, 10)
    assert resolve_relative("الأربعاء", WED) == WED
    assert resolve_relative("الأسبوع الماضي", WED) is None


def test_speed_on_a_long_text() -> None:
    sentence = "التقى الرئيس الصيني هنا اليوم (الأربعاء) نظيره الروسي، وكان قد زاره في 10 فبراير 2023. "
    text = (sentence * (10_000 // len(sentence) + 1))[:10_000]
    t0 = time.perf_counter()
    found = find_dates(text, WED)
    elapsed = time.perf_counter() - t0
    assert len(found) >= 2 * (10_000 // len(sentence))
    assert elapsed < 1.0, elapsed
