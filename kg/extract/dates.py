"""Find the dates an Arabic news text mentions and resolve them to ISO days.

Four families, each matched on a folded copy of the text (kg.text.fold: no diacritics, one
alef, western digits) whose characters map back to the original, so spans stay exact:

- explicit Gregorian dates with the month names of every Arabic region (`20 يونيو 2019`,
  `١٠ فبراير/شباط ٢٠٢٣`, `30 جانفي`), numeric dates (`30 / 7 / 2015م`);
- Hijri dates (`14 شوال 1436هـ`, `14 / 10 / 1436هـ`), converted with the Umm al-Qura calendar
  for 1365-1500 AH and the tabular (Kuwaiti) calendar outside it;
- relative days (`اليوم`, `أمس`, `أول من أمس`, `غدا`, `الليلة الماضية`), with an optional weekday
  that only confirms them (`هنا اليوم (الأربعاء)`, `أمس الثلاثاء`);
- bare weekdays (`الثلاثاء`, `يوم الأحد`, `الجمعة الماضية`).

Everything without a year is resolved against an anchor day (the dateline or publication date).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta

from kg.text import fold


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    date: str | None  # YYYY-MM-DD; None when it cannot be resolved (no year and no anchor)
    kind: str  # "explicit" | "relative" | "today" | "weekday" | "hijri"


# --- month and weekday names (folded spellings) ------------------------------------------------------
# Checked against babel's wide month names for ar, ar_EG, ar_SA, ar_SY, ar_LB, ar_IQ, ar_JO, ar_DZ, ar_TN,
# ar_MA, ar_LY, ar_MR (tests/test_dates.py keeps that check); Egyptian -ية spellings and the Levantine
# forms without the article are added because newspapers use them.
_GREGORIAN_MONTHS: dict[str, int] = {
    "يناير": 1, "جانفي": 1, "كانون الثاني": 1, "كانون ثاني": 1, "كانون ثان": 1,
    "فبراير": 2, "فيفري": 2, "شباط": 2,
    "مارس": 3, "اذار": 3,
    "ابريل": 4, "افريل": 4, "نيسان": 4,
    "مايو": 5, "ماي": 5, "ايار": 5,
    "يونيو": 6, "يونيه": 6, "جوان": 6, "حزيران": 6,
    "يوليو": 7, "يوليه": 7, "يوليوز": 7, "جويليه": 7, "تموز": 7,
    "اغسطس": 8, "اغشت": 8, "غشت": 8, "اوت": 8, "اب": 8,
    "سبتمبر": 9, "شتنبر": 9, "شتمبر": 9, "ايلول": 9,
    "اكتوبر": 10, "تشرين الاول": 10, "تشرين اول": 10,
    "نوفمبر": 11, "نونبر": 11, "تشرين الثاني": 11, "تشرين ثاني": 11, "تشرين ثان": 11,
    "ديسمبر": 12, "دجنبر": 12, "دجمبر": 12, "كانون الاول": 12, "كانون اول": 12,
}  # fmt: skip

_HIJRI_MONTHS: dict[str, int] = {
    "محرم": 1, "صفر": 2,
    "ربيع الاول": 3, "ربيع اول": 3,
    "ربيع الاخر": 4, "ربيع الثاني": 4, "ربيع ثاني": 4,
    "جمادي الاولي": 5, "جمادي الاول": 5,
    "جمادي الاخره": 6, "جمادي الاخر": 6, "جمادي الثانيه": 6, "جمادي الثاني": 6,
    "رجب": 7, "شعبان": 8, "رمضان": 9, "شوال": 10,
    "ذو القعده": 11, "ذي القعده": 11, "ذا القعده": 11,
    "ذو الحجه": 12, "ذي الحجه": 12, "ذا الحجه": 12,
}  # fmt: skip

# Python weekday numbers (Monday = 0)
_WEEKDAYS: dict[str, int] = {
    "الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5, "الاحد": 6,
}  # fmt: skip


def _alternation(names) -> str:
    # longest first, so `ماي` never wins over `مايو`; inner spaces match any run of whitespace
    return "|".join(r"\s+".join(map(re.escape, n.split())) for n in sorted(names, key=len, reverse=True))


_GM = _alternation(_GREGORIAN_MONTHS)
_HM = _alternation(_HIJRI_MONTHS)
_WD = _alternation(_WEEKDAYS)

# "(الجمعة) " / "يوم الجمعة، " / "يوم " before an explicit date belongs to the same mention
_LEAD = rf"(?P<lead>(?:يوم\s+)?(?:\(\s*)?(?:{_WD})(?:\s*\))?\s*[،,]?\s*|يوم\s+)?"
_YEAR_WORDS = r"(?:(?:من\s+)?(?:عام|سنه|العام)\s+)?"
_MONTH_REL = r"الماضي|المنصرم|الفائت|المقبل|القادم|الجاري|الحالي"

_EXPLICIT = re.compile(
    rf"(?<!\w){_LEAD}(?P<d>\d{{1,2}})(?!\d)\s*(?:من\s+)?(?:شهر\s+)?(?P<m>{_GM})"
    rf"(?:\s*[/(]\s*(?:{_GM})\s*\)?)?(?!\w)"
    rf"(?:\s*[،,]?\s*{_YEAR_WORDS}(?P<y>\d{{4}})(?!\d)(?:\s*(?:م|ميلاديه)(?!\w))?"
    rf"|\s+(?P<rel>{_MONTH_REL})(?!\w))?"
)
_HIJRI = re.compile(
    rf"(?<!\w){_LEAD}(?P<d>\d{{1,2}})(?!\d)\s*(?:من\s+)?(?:شهر\s+)?(?P<m>{_HM})(?!\w)"
    rf"(?:\s*[،,]?\s*{_YEAR_WORDS}(?P<y>\d{{4}})(?!\d)(?:\s*(?:ه|هجريه|للهجره)(?!\w))?"
    rf"|\s+(?P<rel>{_MONTH_REL})(?!\w))?"
)
# 30/7/2015, 14 / 10 / 1436هـ, 1436-10-6هـ: a four-digit year is required at one end
_NUMERIC = re.compile(
    rf"(?<![\w/.\-]){_LEAD}(?P<a>\d{{1,4}})\s*(?P<sep>[/.\-])\s*(?P<b>\d{{1,2}})\s*(?P=sep)\s*"
    r"(?P<c>\d{1,4})(?![\d/.\-]\d)(?:\s*(?P<suf>ه|م|هجريه|ميلاديه)(?!\w))?"
)

# time-of-day or place words that may precede a relative day and belong to its mention
_PRE = r"(?:صباح|مساء|ظهر|ظهيره|عصر|فجر|ليله|ليل|نهار|يوم|هنا|في\s+وقت\s+(?:سابق|لاحق|متاخر)(?:\s+من)?)"
_CONFIRM = rf"(?P<wd>\s*\(\s*(?:{_WD})\s*\)|\s*[،,]?\s*(?:{_WD})(?!\w))?"
_RELATIVE = re.compile(
    rf"(?<!\w)(?P<cl>[وف])?(?P<pre>(?:{_PRE}\s+){{0,2}})"
    r"(?P<k>اول\s+(?:من\s+)?امس|امس\s+الاول|بعد\s+غدا?|(?:بال|ال)?امس|البارحه|غدا|غد|اليوم"
    r"|الليله\s+(?:الماضيه|المنصرمه|الفائته))(?!\w)"
    rf"{_CONFIRM}"
)
_WEEKDAY = re.compile(
    rf"(?<!\w)(?P<cl>[وف])?(?P<pre>{_PRE}\s+)?(?P<open>\(\s*)?(?P<w>{_WD})(?(open)\s*\))"
    r"(?:\s+(?P<rel>الماضي|الماضيه|المنصرم|المنصرمه|الفائت|الفائته|السابق|المقبل|المقبله|القادم|القادمه))?"
    r"(?!\w)"
)

_REL_OFFSETS = {"اليوم": 0, "امس": -1, "الامس": -1, "بالامس": -1, "البارحه": -1, "غدا": 1, "غد": 1}
# `اليوم` followed by one of these is "the day" (اليوم الثاني من زيارته, اليوم الوطني), not today
_DAY_NOUN_NEXT = re.compile(
    r"\s+(?:الاول|الثاني|الثالث|الرابع|الخامس|السادس|السابع|الثامن|التاسع|العاشر|الحادي|الاخير|التالي"
    r"|السابق|الموالي|الختامي|الافتتاحي|نفسه|ذاته|ال\w+ي)(?!\w)"
)
_DAY_NOUN_PREV = {"ذلك", "ذات", "نفس", "في", "صحيفه", "جريده", "مجله", "قناه", "برنامج"}
_FRIDAY_PRAYER_PREV = {"صلاه", "خطبه", "صلاتي", "خطبتي"}
_PAST_WORDS = {"الماضي", "الماضيه", "المنصرم", "المنصرمه", "الفائت", "الفائته", "السابق"}
_FUTURE_WORDS = {"المقبل", "المقبله", "القادم", "القادمه"}
_CURRENT_WORDS = {"الجاري", "الحالي"}
_PREV_WORD = re.compile(r"(\w+)[^\w]*$")
_NEXT_WORD = re.compile(r"[^\w]*(\w+)")

# a date written without a year is taken as the latest such day up to this long after the anchor
# (reports of the coming days are rarer than reports of the past weeks)
_SLACK = timedelta(days=3)
_MARGIN = 40  # characters of context folded around the searched window


# --- Hijri conversion --------------------------------------------------------------------------------
# Umm al-Qura month lengths 1365-1500 AH: 12 bits per year, bit set = 30-day month, months in order.
# Generated from hijridate 2.6.0 (MIT; ummalqura.MONTH_STARTS); 1343-1364 AH are left to the tabular
# calendar because the historical table has 28- and 31-day months there.
_UAQ_FIRST_YEAR = 1365
_UAQ_FIRST_ORDINAL = 710370  # 1 Muharram 1365 = 1945-12-05
_UAQ_BITS = (
    "aabaaaaaaaabab6aaaa5754b555ab3aa64ea95baaa555aaab4ab655aaaaab2ecab2ab6aaaabab4aab2aba2baa6b4aba5"
    "5aaab5556d2b54aea57526e936aaad555aa5b52ba95b49ba4db25d52daa5ad4aea56d4bd23d91da95b4ab5a56d2b693b"
    "49b6556a9754b6a56caad555b29b92ba95d4ada55aaab595749764baa5b52b6a56d2ae9572a75535a95d49ba4dd26d53"
    "5aaaad4b6a57527a95b4ab5536c9ae4b6a96b4ada55d25d92dc96d4ad6556d2b693749b64d72ab54b6a5752b6956b2ad"
    "94dc95d4aea56caad5556c97"
)


def _uaq_month_starts() -> list[int]:
    starts = [_UAQ_FIRST_ORDINAL]
    for i in range(0, len(_UAQ_BITS), 3):
        bits = int(_UAQ_BITS[i : i + 3], 16)
        for m in range(11, -1, -1):
            starts.append(starts[-1] + 29 + ((bits >> m) & 1))
    return starts


_UAQ_STARTS = _uaq_month_starts()
_UAQ_LAST_YEAR = _UAQ_FIRST_YEAR + len(_UAQ_BITS) // 3 - 1


def hijri_to_gregorian(year: int, month: int, day: int) -> date | None:
    """Gregorian day of a Hijri date; None if the day does not exist in that month.

    Umm al-Qura (the Saudi civil calendar) for 1365-1500 AH, exact against that calendar;
    tabular Islamic calendar (Kuwaiti algorithm, leap years 2,5,7,10,13,16,18,21,24,26,29)
    elsewhere, which is 1 day off in about 6 months out of 10 and up to 2 days off against
    Umm al-Qura.  Days proclaimed by moon sighting can still differ from Umm al-Qura by a day.
    """
    if not (1 <= month <= 12 and 1 <= day <= 30 and year >= 1):
        return None
    if _UAQ_FIRST_YEAR <= year <= _UAQ_LAST_YEAR:
        i = (year - _UAQ_FIRST_YEAR) * 12 + month - 1
        if day > _UAQ_STARTS[i + 1] - _UAQ_STARTS[i]:
            return None
        return date.fromordinal(_UAQ_STARTS[i] + day - 1)
    if day == 30 and month % 2 == 0 and not (month == 12 and (14 + 11 * year) % 30 < 11):
        return None
    # Julian Day Number 1948440 = 1 Muharram 1 AH (16 July 622 Julian); ordinal = JDN - 1721425
    jdn = 1948439 + day + 29 * (month - 1) + month // 2 + (year - 1) * 354 + (3 + 11 * year) // 30
    try:
        return date.fromordinal(jdn - 1721425)
    except ValueError:
        return None


def _hijri_year_of(day: date) -> int:
    if _UAQ_STARTS[0] <= day.toordinal() < _UAQ_STARTS[-1]:
        return _UAQ_FIRST_YEAR + (bisect_right(_UAQ_STARTS, day.toordinal()) - 1) // 12
    return int((day.toordinal() - 227015) / 354.36667) + 1  # 227015 = ordinal of 1 Muharram 1 AH


# --- resolution ------------------------------------------------------------------------------------
def _gregorian(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _infer_year(build, year_now: int, anchor: date, direction: str) -> date | None:
    """The day `build(year)` nearest the anchor in the given direction (past | future | current)."""
    if direction == "current":
        return build(year_now)
    candidates = [d for y in range(year_now - 2, year_now + 3) if (d := build(y)) is not None]
    if direction == "future":
        later = [d for d in candidates if d >= anchor]
        return min(later) if later else None
    limit = anchor if direction == "strict_past" else anchor + _SLACK
    earlier = [d for d in candidates if d <= limit]
    return max(earlier) if earlier else None


def _direction(rel: str | None) -> str:
    if rel in _FUTURE_WORDS:
        return "future"
    if rel in _CURRENT_WORDS:
        return "current"
    if rel in _PAST_WORDS:
        return "strict_past"
    return "past"


def _weekday_date(weekday: int, anchor: date, rel: str | None) -> date:
    back = (anchor.weekday() - weekday) % 7
    if rel in _FUTURE_WORDS:
        return anchor + timedelta(days=(weekday - anchor.weekday()) % 7 or 7)
    if rel in _PAST_WORDS:
        return anchor - timedelta(days=back or 7)
    return anchor - timedelta(days=back)


def _relative_offset(kernel: str) -> int | None:
    k = " ".join(kernel.split())
    if k.startswith("اول") or k == "امس الاول":
        return -2
    if k.startswith("بعد"):
        return 2
    if k.startswith("الليله"):
        return -1
    return _REL_OFFSETS.get(k)


def resolve_relative(word: str, anchor: date) -> date | None:
    """The day a relative expression (`أمس`, `أول من أمس`, `صباح اليوم`, `الجمعة الماضية`, ...) names."""
    w = " ".join(fold(word).split())
    m = _RELATIVE.fullmatch(w)
    if m:
        if m["k"] == "غد" and not m["pre"]:
            return None
        off = _relative_offset(m["k"])
        return None if off is None else anchor + timedelta(days=off)
    m = _WEEKDAY.fullmatch(w)
    if m:
        return _weekday_date(_WEEKDAYS[m["w"]], anchor, m["rel"])
    return None


# --- search ----------------------------------------------------------------------------------------
_fold_cache: dict[str, str] = {}


def _fold_char(c: str) -> str:
    f = _fold_cache.get(c)
    if f is None:
        f = _fold_cache[c] = fold(c)
    return f


def _folded(text: str, start: int, end: int) -> tuple[str, list[int]]:
    """fold(text[start:end]) and, for each folded character, its index in `text` (plus a sentinel)."""
    # fold maps each character on its own, to one character or none (marks): so the folded
    # window is fold of the window, and its characters are the window's undeleted ones
    window = text[start:end]
    folded = fold(window)
    if len(folded) == len(window):
        return folded, list(range(start, end + 1))
    pos = [start + i for i, c in enumerate(window) if _fold_char(c)]
    pos.append(end)
    return folded, pos


def _prev_word(folded: str, i: int) -> str:
    m = _PREV_WORD.search(folded, max(0, i - 30), i)
    return m.group(1) if m else ""


def _next_word(folded: str, i: int) -> str:
    m = _NEXT_WORD.match(folded, i)
    return m.group(1) if m else ""


def find_dates(text: str, anchor: date | None, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Date mentions wholly inside `text[start:end]`, in text order, non-overlapping (longest wins).

    `anchor` (dateline or publication day) resolves relative days, weekdays and dates without
    a year; without it those mentions are still returned, with `date=None`.
    """
    end = len(text) if end is None else end
    lo, hi = max(0, start - _MARGIN), min(len(text), end + _MARGIN)
    folded, pos = _folded(text, lo, hi)
    first = bisect_right(pos, start - 1)  # first folded index at or after `start`

    found: list[tuple[int, int, str | None, str]] = []  # folded start, folded end, date, kind

    def add(m: re.Match, s: int, d: date | None, kind: str) -> None:
        e = m.end()
        while e > s and folded[e - 1].isspace():
            e -= 1
        found.append((s, e, d.isoformat() if d else None, kind))

    for m in _EXPLICIT.finditer(folded, first):
        d = _explicit_date(m, anchor)
        if d is not False:
            add(m, m.start(), d, "explicit")
    for m in _HIJRI.finditer(folded, first):
        d = _hijri_date(m, anchor)
        if d is not False:
            add(m, m.start(), d, "hijri")
    for m in _NUMERIC.finditer(folded, first):
        got = _numeric_date(m)
        if got:
            add(m, m.start(), got[0], got[1])
    for m in _RELATIVE.finditer(folded, first):
        if _is_relative_day(m, folded):
            off = _relative_offset(m["k"])
            d = anchor + timedelta(days=off) if anchor and off is not None else None
            add(m, m.end("cl") if m["cl"] else m.start(), d, "today" if m["k"] == "اليوم" else "relative")
    for m in _WEEKDAY.finditer(folded, first):
        if _is_weekday(m, folded):
            d = _weekday_date(_WEEKDAYS[m["w"]], anchor, m["rel"]) if anchor else None
            add(m, m.end("cl") if m["cl"] else m.start(), d, "weekday")

    # longest first, then earliest; keep those that do not overlap an already kept one
    found.sort(key=lambda f: (f[0] - f[1], f[0]))
    kept: list[tuple[int, int, str | None, str]] = []
    for f in found:
        if all(f[1] <= k[0] or f[0] >= k[1] for k in kept):
            kept.append(f)
    out = []
    for s, e, d, kind in sorted(kept):
        o_start, o_end = pos[s], pos[e - 1] + 1
        while o_end < hi and not _fold_char(text[o_end]):  # trailing diacritics belong to the word
            o_end += 1
        if start <= o_start and o_end <= end:
            out.append(DateMention(o_start, o_end, d, kind))
    return out


def _explicit_date(m: re.Match, anchor: date | None) -> date | None | bool:
    """The date of an explicit Gregorian match; None if unresolvable; False if not a date at all."""
    day, month = int(m["d"]), _GREGORIAN_MONTHS[" ".join(m["m"].split())]
    if not 1 <= day <= 31:
        return False
    if m["y"]:
        return _gregorian(int(m["y"]), month, day) or False
    if anchor is None:
        return None
    return _infer_year(lambda y: _gregorian(y, month, day), anchor.year, anchor, _direction(m["rel"]))


def _hijri_date(m: re.Match, anchor: date | None) -> date | None | bool:
    day, month = int(m["d"]), _HIJRI_MONTHS[" ".join(m["m"].split())]
    if not 1 <= day <= 30:
        return False
    if m["y"]:
        return hijri_to_gregorian(int(m["y"]), month, day) or False
    if anchor is None:
        return None
    hy = _hijri_year_of(anchor)
    return _infer_year(lambda y: hijri_to_gregorian(y, month, day), hy, anchor, _direction(m["rel"]))


def _numeric_date(m: re.Match) -> tuple[date, str] | None:
    a, b, c = m["a"], m["b"], m["c"]
    if len(a) == 4 and len(c) <= 2:
        y, mo, d = int(a), int(b), int(c)
    elif len(c) == 4 and len(a) <= 2:
        d, mo, y = int(a), int(b), int(c)
    else:
        return None
    suf = m["suf"]
    hijri = suf in ("ه", "هجريه") or (suf is None and 1300 <= y <= 1600)
    if hijri:
        got = hijri_to_gregorian(y, mo, d) if 1300 <= y <= 1600 else None
        return (got, "hijri") if got else None
    if not 1800 <= y <= 2200:
        return None
    got = _gregorian(y, mo, d)
    return (got, "explicit") if got else None


def _is_relative_day(m: re.Match, folded: str) -> bool:
    k = m["k"]
    if k == "غد" and not m["pre"]:
        return False  # bare غد is also the noun "morrow"; only `صباح غد`, `يوم غد` are days
    if k.endswith("امس") and _next_word(folded, m.end("k")) == "الحاجه":
        return False  # في أمس الحاجة: "in dire need"
    if k == "اليوم":
        if m["pre"] or m["cl"]:
            prev = ""
        else:
            prev = _prev_word(folded, m.start())
        if prev in _DAY_NOUN_PREV or prev.endswith("عالم"):  # (لل)عالم اليوم: "the world today"
            return False
        before = folded[max(0, m.start() - 1) : m.start()]
        after = folded[m.end("k") : m.end("k") + 1]
        if before in ("«", '"', "“") and after in ("»", '"', "”"):
            return False  # «اليوم»: the newspaper
        if not m["wd"] and _DAY_NOUN_NEXT.match(folded, m.end("k")):
            return False
    return True


def _is_weekday(m: re.Match, folded: str) -> bool:
    w = m["w"]
    prev = _prev_word(folded, m.start())
    if w == "الجمعه" and prev in _FRIDAY_PRAYER_PREV:
        return False
    if w == "الاحد" and (prev == "الواحد" or _next_word(folded, m.end()) == "عشر"):
        return False  # الواحد الأحد: "the One"; الأحد عشر: "the eleven"
    if w == "الاثنين" and not m["open"] and not m["pre"]:
        # also "the two": بين الاثنين, كلا الاثنين, الاثنين معا
        if prev in {"بين", "كلا", "هذين", "هذان"} or _next_word(folded, m.end()) == "معا":
            return False
    return True
