"""Extraction pipeline: one Article in, one ArticleRecord out (pure; no I/O, no RDF)."""

from __future__ import annotations

from datetime import date

from kg.extract.dateline import parse_dateline
from kg.extract.doc import Doc
from kg.extract.meetings import extract_meetings
from kg.extract.officials import extract_officials
from kg.extract.topics import topics_in
from kg.records import Article, ArticleRecord
from kg.text import fold

EXTRACTOR_VERSION = "0.1.0"

# Phrases that only Saudi copy uses of its own state: titles without a country there are Saudi.
_SAUDI_MARKERS = tuple(fold(w) for w in ("خادم الحرمين الشريفين", "ولي العهد", "واس", "صاحب السمو الملكي"))
_KINGDOM = fold("المملكة")
_KINGDOM_OTHER = tuple(
    fold(w) for w in ("المتحدة", "الأردنية", "المغربية", "البحرين", "الهولندية", "الإسبانية")
)


def extract_article(article: Article) -> ArticleRecord:
    """Extract the dateline, officials, meetings, countries and topics of one article."""
    text = article.text
    doc = Doc(text)
    dateline = parse_dateline(text)
    anchor = _anchor(dateline.date if dateline else None) or _anchor(article.published)
    kingdom = _mentions_kingdom(doc)
    home = _home_country(doc, dateline.country if dateline else None, kingdom)
    officials, mentions = extract_officials(doc, home)
    titles = [(m.start, m.end) for m in mentions if m.kind in ("title", "name")]
    meetings = extract_meetings(doc, officials, mentions, dateline, anchor, titles)

    countries: list[str] = []

    def add(code: str | None) -> None:
        if code and code not in countries:
            countries.append(code)

    if dateline:
        add(dateline.country)
    names = [(m.start, m.end) for m in mentions if m.kind in ("name", "alias")]
    for m in doc.country_mentions:
        if not any(a <= m.start < b for a, b in names):
            add(m.code)
    if home == "SA" and kingdom:
        add("SA")
    for mt in meetings:
        for c in mt.countries:
            add(c)
        if mt.place:
            add(mt.place.country)

    topics = topics_in(text, exclude=titles)
    for mt in meetings:
        topics += [t for t in mt.topics if t not in topics]
    orgs = []
    for code in [m.code for m in doc.org_mentions] + [o.org for o in officials if o.org]:
        if code not in orgs:
            orgs.append(code)
    return ArticleRecord(
        article=article,
        dateline=dateline,
        officials=officials,
        meetings=meetings,
        countries=countries,
        topics=topics,
        organizations=orgs,
    )


def _anchor(iso: str | None) -> date | None:
    try:
        return date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def _mentions_kingdom(doc: Doc) -> bool:
    """ "المملكة" standing alone (not "المملكة المتحدة"): Saudi copy's name for its own state."""
    if "مملك" not in doc.text:
        return False  # the common case, without a pass over the tokens
    toks = doc.tokens
    for i, (_, core) in enumerate(doc.analysed):
        if core == _KINGDOM:
            nxt = toks[i + 1].norm if i + 1 < len(toks) else ""
            if nxt not in _KINGDOM_OTHER:
                return True
    return False


def _home_country(doc: Doc, dateline_country: str | None, kingdom: bool) -> str | None:
    """The country an untitled office belongs to: Saudi copy speaks of its own state without naming it."""
    folded = " ".join(t.norm for t in doc.tokens)
    if (
        dateline_country == "SA"
        or any(m in folded for m in _SAUDI_MARKERS)
        or (kingdom and dateline_country is None)
    ):
        return "SA"
    if dateline_country:
        return dateline_country
    # otherwise the country the article talks about most ("رئيس الوزراء حيدر العبادي" in a story on Iraq)
    counts: dict[str, int] = {}
    for m in doc.country_mentions + doc.city_mentions:
        counts[m.code] = counts.get(m.code, 0) + 1
    return max(counts, key=lambda c: counts[c]) if counts else None
