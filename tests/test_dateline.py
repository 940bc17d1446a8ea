"""Tests of kg.extract.dateline on datelines written here and on the two seed articles."""

from __future__ import annotations

import importlib
import re
import sys
import types
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

import kg
from kg.extract.dateline import parse_dateline
from kg.text import fold

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@dataclass(frozen=True)
class _StubMention:
    start: int
    end: int
    text: str
    code: str
    kind: str = "country"


_STUB_CITIES = {"أوفا": "RU", "دوشنبه": "TJ", "موسكو": "RU", "سمرقند": "UZ", "بكين": "CN", "القاهرة": "EG",
                "الرياض": "SA", "جدة": "SA", "نجران": "SA", "جازان": "SA", "الكويت": "KW"}  # fmt: skip
_STUB_COUNTRIES = {"روسيا": "RU", "أوزبكستان": "UZ", "الكويت": "KW", "مصر": "EG", "الصين": "CN"}


@pytest.fixture(autouse=True)
def gazetteer(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real kg.gazetteer when it exists; until then a stub with the few names these tests use."""
    try:
        importlib.import_module("kg.gazetteer")
        return
    except ImportError:
        pass
    cities = {fold(k): v for k, v in _STUB_CITIES.items()}
    pattern = re.compile("|".join(_STUB_COUNTRIES))

    def find_countries(text: str, start: int = 0, end: int | None = None) -> list[_StubMention]:
        end = len(text) if end is None else end
        return [_StubMention(m.start(), m.end(), m.group(), _STUB_COUNTRIES[m.group()])
                for m in pattern.finditer(text, start, end)]  # fmt: skip

    stub = types.ModuleType("kg.gazetteer")
    stub.city_country = lambda name: cities.get(fold(name.strip()))
    stub.find_countries = find_countries
    monkeypatch.setitem(sys.modules, "kg.gazetteer", stub)
    monkeypatch.setattr(kg, "gazetteer", stub, raising=False)


def fields(text: str, anchor: date | None = None) -> tuple | None:
    d = parse_dateline(text, anchor)
    if d is None:
        return None
    return d.place_ar, d.country, d.date, d.agency, text[d.span.start : d.span.end]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("أوفا، روسيا 20 يونيو 2019 /قال مسؤول إن التعاون مستمر.",
         ("أوفا", "RU", "2019-06-20", None, "أوفا، روسيا 20 يونيو 2019 /")),
        ("دوشنبه 28 يوليو 2021 (شينخوا) التقى وزير الدفاع نظيره.",
         ("دوشنبه", "TJ", "2021-07-28", "شينخوا", "دوشنبه 28 يوليو 2021 (شينخوا)")),
        ("موسكو ٢٩ يونيو ٢٠١٦ (شينخوا) أجرى الرئيس اتصالا هاتفيا.",
         ("موسكو", "RU", "2016-06-29", "شينخوا", "موسكو ٢٩ يونيو ٢٠١٦ (شينخوا)")),
        ("سمرقند، أوزبكستان 16 سبتمبر 2022 (شينخوا) التقى الرئيس نظيره.",
         ("سمرقند", "UZ", "2022-09-16", "شينخوا", "سمرقند، أوزبكستان 16 سبتمبر 2022 (شينخوا)")),
        ("بكين 5 مارس 2012 /شينخوا/ قال المتحدث إن الزيارة ناجحة.",
         ("بكين", "CN", "2012-03-05", "شينخوا", "بكين 5 مارس 2012 /شينخوا/")),
        ("القاهرة 3 فبراير/شباط 2021 (أ ف ب) - أعلنت الوزارة أن الوفد وصل.",
         ("القاهرة", "EG", "2021-02-03", "أ ف ب", "القاهرة 3 فبراير/شباط 2021 (أ ف ب)")),
    ],
)  # fmt: skip
def test_agency_datelines_with_date(text: str, expected: tuple) -> None:
    assert fields(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (" واس- جدة: التقى ولي العهد رئيس الوزراء.", ("جدة", "SA", None, "واس", "واس- جدة:")),
        ("جدة - واس: استقبل الملك وزير الخارجية.", ("جدة", "SA", None, "واس", "جدة - واس:")),
        ("الرياض - واس استقبل الأمير سفير اليابان.", ("الرياض", "SA", None, "واس", "الرياض - واس")),
        (" هادي آل كليب- سبق- نجران: بحث أمير المنطقة مع السفير.",
         ("نجران", "SA", None, "سبق", "هادي آل كليب- سبق- نجران:")),
        (" سبق- وكالات: قال وزير الخارجية إن الاتفاق لن يؤثر.", (None, None, None, "سبق", "سبق- وكالات:")),
        ("القاهرة - «الشرق الأوسط»: أكد الوزير أن المحادثات بناءة.",
         ("القاهرة", "EG", None, "الشرق الأوسط", "القاهرة - «الشرق الأوسط»:")),
        ("الرياض - الجزيرة: استقبل الأمير السفير.", ("الرياض", "SA", None, "الجزيرة", "الرياض - الجزيرة:")),
        ("الرياض (واس) - استقبل الأمير السفير.", ("الرياض", "SA", None, "واس", "الرياض (واس)")),
        ("جدة ـ واس: استقبل الملك الوفد.", ("جدة", "SA", None, "واس", "جدة ـ واس:")),
    ],
)  # fmt: skip
def test_saudi_press_datelines(text: str, expected: tuple) -> None:
    assert fields(text) == expected


def test_seed_datelines() -> None:
    seed0 = (SEEDS / "seed-000.txt").read_text(encoding="utf-8")
    seed4 = (SEEDS / "seed-004.txt").read_text(encoding="utf-8")
    assert fields(seed0)[:4] == ("أوفا", "RU", "2019-06-20", None)
    assert fields(seed4)[:4] == ("دوشنبه", "TJ", "2021-07-28", "شينخوا")


def test_after_headline_line_and_leading_junk() -> None:
    text = "الرئيسان يبحثان التعاون\nبكين 10 سبتمبر 2021 (شينخوا) أجرى الرئيس اتصالا."
    d = parse_dateline(text)
    assert (d.place_ar, d.country, d.date) == ("بكين", "CN", "2021-09-10")
    assert text[d.span.start : d.span.end] == "بكين 10 سبتمبر 2021 (شينخوا)"
    assert fields("  // موسكو 1 مارس 2020 (شينخوا) قال الوزير.")[:3] == ("موسكو", "RU", "2020-03-01")


def test_city_state_named_like_its_country() -> None:
    assert fields("الكويت 5 مارس 2020 (كونا) - قال الوزير.")[:4] == ("الكويت", "KW", "2020-03-05", "كونا")


def test_unknown_city_is_kept_when_the_shape_is_there() -> None:
    # an invented place name: the date + agency shape alone makes it a dateline, country unknown
    assert fields("كرمبولا 3 مايو 2020 (شينخوا) قال المسؤول.") == (
        "كرمبولا", None, "2020-05-03", "شينخوا", "كرمبولا 3 مايو 2020 (شينخوا)")  # fmt: skip


def test_date_without_year_needs_an_anchor() -> None:
    text = "بكين 7 ديسمبر (شينخوا) قال المتحدث."
    assert fields(text)[:3] == ("بكين", "CN", None)
    assert fields(text, date(2017, 12, 8))[:3] == ("بكين", "CN", "2017-12-07")


@pytest.mark.parametrize(
    "text",
    [
        "قال الرئيس الصيني إن بلاده مستعدة للتعاون.",
        "وقال الوزير: إن المحادثات كانت مثمرة.",
        "استقبل الرئيس في 20 يونيو 2019 الوفد الزائر.",
        "خادم الحرمين مصافحا وزير الخارجية لدى استقباله أمس.",
        "الرئيس - الذي وصل أمس - قال: إن الزيارة مهمة.",
        "كرمبولا: مدينة صغيرة في الجنوب.",  # a colon after an unknown word is not a dateline
        "محمد العلي - عبدالله السالم: حوار حول الاقتصاد.",
        "قال الوزير (رويترز) إن المحادثات انتهت.",
        "نشرت الصحيفة اليومية تقريرا مطولا عن الجامعة في 3 مايو 2020 (شينخوا).",
    ],
)
def test_not_datelines(text: str) -> None:
    assert parse_dateline(text) is None


def test_only_the_opening_is_searched() -> None:
    text = "أكد الوزير أن التعاون مستمر بين البلدين في جميع المجالات. " * 4 + "\nبكين 10 سبتمبر 2021 (شينخوا)"
    assert parse_dateline(text) is None
