"""Recognise the dateline that opens a news article: where (city, country) and when it was filed, and by whom.

Two families of shapes, looked for only at the start of the text (after leading spaces or
slashes, or after a short headline line):

- agency copy with a date: `أوفا، روسيا 20 يونيو 2019 /`, `دوشنبه 28 يوليو 2021 (شينخوا)`,
  `بكين 5 مارس 2012 /شينخوا/`, and without the date `الرياض (واس)`;
- Saudi press forms, segments separated by dashes and closed by a colon:
  `واس- جدة:`, `جدة - واس:`, `هادي آل كليب- سبق- نجران:` (reporter - paper - city),
  `سبق- وكالات:` (no city), `القاهرة - «الشرق الأوسط»:`, and `الرياض - واس` without the colon.

A first sentence that merely starts with a place-like word is not a dateline: the shape must
be there (date followed by an agency or slash, agency segments, a colon) or the city must be
known to the gazetteer.  The city is kept as written; the country comes from the country
word of the dateline when there is one, else from `kg.gazetteer.city_country`.
"""

from __future__ import annotations

import re
from datetime import date

from kg.extract.dates import find_dates
from kg.records import Dateline, Span
from kg.text import fold, tokenize

_WINDOW = 150  # a dateline lies within this many characters of where it starts
_HEADLINE_MAX = 200  # a first line this short may be a headline with the dateline on the next line
_MAX_PLACE_TOKENS = 6  # `بندر سري بيغاوان، بروناي` is 4

# Agencies and newspapers that sign Arabic copy.  Matched on fold() without spaces and dots, so
# `أ.ف.ب`, `أ ف ب` and `ا ف ب` are one key.
_AGENCIES = [
    "شينخوا", "واس", "سبق", "وكالات", "وكالات الأنباء", "الشرق الأوسط", "الجزيرة", "رويترز", "أ ف ب",
    "فرانس برس", "د ب أ", "أ ب", "أسوشيتد برس", "يو بي آي", "كونا", "قنا", "وام", "بنا", "العمانية",
    "سانا", "إرنا", "الأناضول", "تاس", "سبوتنيك", "نوفوستي", "واج", "ماب", "أ ش أ", "يونا", "عكاظ",
    "الوطن", "المدينة", "اليوم", "الحياة", "الاقتصادية", "الوئام", "البلاد", "المواطن", "العربية",
    "سي إن إن", "بي بي سي", "الأنباء", "المحرر", "مراسلنا", "متابعات",
]  # fmt: skip


def _agency_key(s: str) -> str:
    return re.sub(r"[\s.\-_/]+", "", fold(s))


_AGENCY_KEYS = {_agency_key(a) for a in _AGENCIES}

_LEADING_JUNK = re.compile(r"[\s/\\|*•_\-–—ـ]*")
_NOT_PLACE = re.compile(r"[\d٠-٩.:;؛!?؟«»\"“”()\[\]/]")
_AFTER_DATE = re.compile(
    r"\s*[-–—]?\s*(?:\((?P<paren>[^()\n]{1,40})\)|/\s*(?P<slashed>[^/\n]{1,25}?)\s*/|(?P<slash>/))"
)
_PAREN_AGENCY = re.compile(r"(?P<head>[^\n()]{2,60}?)\s*[-–—]?\s*\((?P<ag>[^()\n]{1,30})\)")
_COLON_HEAD = re.compile(r"(?P<head>[^\n:.؟!?]{2,80}?)\s*:")
_SEGMENT_SEP = re.compile(r"\s*[-–—]+\s*|\s+ـ+\s*|\s*ـ+\s+")
_QUOTES = "«»\"“”()'"


def parse_dateline(text: str, anchor: date | None = None) -> Dateline | None:
    """The dateline at the start of `text`, or None when the text does not open with one.

    `anchor` (e.g. the publication day) only serves datelines whose date has no year.
    """
    for s in _candidate_starts(text):
        found = _dated(text, s, anchor) or _paren_agency(text, s) or _segmented(text, s)
        if found:
            return found
    return None


def _candidate_starts(text: str) -> list[int]:
    s = _LEADING_JUNK.match(text).end()
    starts = [s]
    nl = text.find("\n", s)
    if 0 <= nl < _HEADLINE_MAX:
        nxt = _LEADING_JUNK.match(text, nl).end()
        if nxt < len(text):
            starts.append(nxt)
    return starts


def _line_end(text: str, s: int) -> int:
    nl = text.find("\n", s)
    return min(len(text) if nl < 0 else nl, s + _WINDOW)


def _gazetteer():
    from kg import gazetteer  # lazily: the gazetteer loads its tables on first use

    return gazetteer


def _city_country(name: str) -> str | None:
    return _gazetteer().city_country(name)


def _is_agency(s: str) -> bool:
    return _agency_key(s) in _AGENCY_KEYS


def _place_like(s: str) -> bool:
    return bool(s) and not _NOT_PLACE.search(s) and 1 <= len(s.split()) <= _MAX_PLACE_TOKENS


def _trim(text: str, a: int, b: int, chars: str = " \t،,-–—") -> tuple[int, int]:
    while a < b and text[a] in chars:
        a += 1
    while b > a and text[b - 1] in chars:
        b -= 1
    return a, b


def _place(text: str, a: int, b: int) -> tuple[str, str | None, bool] | None:
    """(city as written, country, whether the gazetteer knows the place) for the head `text[a:b]`."""
    a, b = _trim(text, a, b)
    head = text[a:b]
    if not _place_like(head):
        return None
    gaz = _gazetteer()
    comma = max(head.rfind("،"), head.rfind(","))
    if comma > 0:
        ca, cb = _trim(text, a, a + comma)
        ka, kb = _trim(text, a + comma + 1, b)
        city = text[ca:cb]
        if not city:
            return None
        country = _whole_country(_country_names(gaz, text, ka, kb), ka, kb)
        known = _city_country(city)
        return city, country or known, bool(country or known)
    mentions = _country_names(gaz, text, a, b)
    whole = _whole_country(mentions, a, b)
    known = _city_country(head)
    if known or whole:  # a city, or a city-state / capital named like its country (الكويت)
        return head, known or whole, True
    # `سمرقند أوزبكستان`: the country word closes the head without a comma
    tail = [m for m in mentions if m.end >= b and m.start > a]
    if tail:
        ca, cb = _trim(text, a, tail[-1].start)
        if ca < cb:
            return text[ca:cb], tail[-1].code, True
    return head, None, False


def _country_names(gaz, text: str, a: int, b: int) -> list:
    # a nationality adjective (`الصيني`) is not a dateline's country word
    return [m for m in gaz.find_countries(text, a, b) if m.kind != "adjective"]


def _whole_country(mentions, a: int, b: int) -> str | None:
    for m in mentions:
        if m.start <= a and m.end >= b and m.code:
            return m.code
    return None


def _dated(text: str, s: int, anchor: date | None) -> Dateline | None:
    """`CITY[، COUNTRY] DATE (AGENCY)` / `... DATE /` / `... DATE /AGENCY/`."""
    stop = _line_end(text, s)
    dates = [m for m in find_dates(text, anchor, s, stop) if m.kind in ("explicit", "hijri")]
    if not dates:
        return None
    d = dates[0]
    place = _place(text, s, d.start)
    if place is None:
        return None
    city, country, known = place
    end, agency = d.end, None
    tail = _AFTER_DATE.match(text, d.end)
    if tail and tail["paren"] and _is_agency(tail["paren"]):
        end, agency = tail.end(), tail["paren"].strip()
    elif tail and tail["slashed"] and _is_agency(tail["slashed"]):
        end, agency = tail.end(), tail["slashed"].strip()
    elif tail and tail["slash"]:
        end = tail.end()
    elif not known:
        return None  # no agency or slash after the date: only a known city makes it a dateline
    return Dateline(place_ar=city, country=country, date=d.date, agency=agency, span=Span(s, end))


def _paren_agency(text: str, s: int) -> Dateline | None:
    """`CITY (AGENCY)` with no date: `الرياض (واس) -`."""
    m = _PAREN_AGENCY.match(text, s, _line_end(text, s))
    if not m or not _is_agency(m["ag"]):
        return None
    place = _place(text, s, m.end("head"))
    if place is None:
        return None
    city, country, known = place
    if not known and len(city.split()) > 1:
        return None  # `قال الوزير (رويترز)`: without a date only a known or one-word place will do
    return Dateline(place_ar=city, country=country, agency=m["ag"].strip(), span=Span(s, m.end()))


def _segmented(text: str, s: int) -> Dateline | None:
    """Dash-separated segments (reporter, paper or agency, city), closed by a colon or by a known agency."""
    stop = _line_end(text, s)
    m = _COLON_HEAD.match(text, s, stop)
    if m:
        segs, end = _segments(text, s, m.end("head")), m.end()
    else:
        got = _colonless(text, s, stop)
        if got is None:
            return None
        segs, end = got
    texts = [t for _, _, t in segs]
    if not 1 <= len(texts) <= 3 or not all(map(_segment_ok, texts)):
        return None
    flags = [t[0] in _QUOTES or _is_agency(t) for t in texts]
    if len(texts) == 1:
        country = None if flags[0] else _city_country(texts[0])
        return Dateline(place_ar=texts[0], country=country, span=Span(s, end)) if country else None
    agencies = [t.strip(_QUOTES).strip() for t, f in zip(texts, flags, strict=True) if f]
    others = [t for t, f in zip(texts, flags, strict=True) if not f]
    city = None
    if not agencies:
        # `reporter - city:` says nothing by its shape; only a known city makes it a dateline
        if len(texts) != 2 or not _city_country(texts[-1]):
            return None
        city = texts[-1]
    elif others:
        # the city is the last segment that is not an agency; one before it is the reporter
        cand = others[-1]
        if _city_country(cand) or len(cand.split()) == 1:
            city = cand
    else:
        # every segment reads as a paper: one that is also a known city (المدينة, اليوم...) is the city
        for t in texts:
            if _city_country(t) and len(agencies) > 1:
                city = t
                agencies.remove(t)
                break
    country = _city_country(city) if city else None
    agency = agencies[0] if agencies else None
    return Dateline(place_ar=city, country=country, agency=agency, span=Span(s, end))


def _colonless(text: str, s: int, stop: int) -> tuple[list[tuple[int, int, str]], int] | None:
    """`الرياض - واس` / `واس - الرياض` without a colon: the agency must be a known one, the city short."""
    sep = _SEGMENT_SEP.search(text, s, min(stop, s + 40))
    if not sep or sep.start() == s:
        return None
    ha, hb = _trim(text, s, sep.start(), " \t")
    rest = tokenize(text, sep.end(), stop)[:3]
    if not rest or rest[0].start != sep.end():
        return None
    head = (ha, hb, text[ha:hb])
    if _is_agency(head[2]):
        # the city after the agency: the longest run of up to 2 tokens the gazetteer knows
        for n in (2, 1):
            end = rest[min(n, len(rest)) - 1].end
            if _city_country(text[rest[0].start : end]):
                return [head, (rest[0].start, end, text[rest[0].start : end])], end
        return None
    for n in (3, 2, 1):
        if len(rest) >= n and "".join(t.norm for t in rest[:n]) in _AGENCY_KEYS:
            end = rest[n - 1].end
            return [head, (rest[0].start, end, text[rest[0].start : end])], end
    return None


def _segments(text: str, a: int, b: int) -> list[tuple[int, int, str]]:
    out = []
    pos = a
    for sep in [*_SEGMENT_SEP.finditer(text, a, b), None]:
        seg_end = sep.start() if sep else b
        sa, sb = _trim(text, pos, seg_end, " \t")
        if sa < sb:
            out.append((sa, sb, text[sa:sb]))
        if sep:
            pos = sep.end()
    return out


def _segment_ok(seg: str) -> bool:
    inner = seg.strip(_QUOTES).strip()
    return bool(inner) and not re.search(r"[\d٠-٩.؟!?،,]", inner) and len(tokenize(inner)) <= 4
