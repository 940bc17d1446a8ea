"""Plain records that extraction produces and mapping consumes (text -> records -> RDF).

Spans are half-open character offsets `[start, end)` in code points into the article's
`text` (for a `.txt` file, into the whole file), so `text[span.start:span.end]` is the
evidence.  Country values are ISO 3166-1 alpha-2 codes; organisation values are the short
codes of `kg.gazetteer.ORGANIZATIONS` (`UN`, `EU`, `Arab League`, ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Article:
    """One input article, as read from a `.txt` file or a JSONL line (fields of TASK.md)."""

    id: str
    text: str
    title: str = ""
    published: str | None = None  # YYYY-MM-DD
    url: str | None = None
    source: str | None = None


@dataclass
class Dateline:
    place_ar: str | None = None
    country: str | None = None
    date: str | None = None  # YYYY-MM-DD
    agency: str | None = None
    span: Span | None = None


@dataclass
class Official:
    key: str  # unique within the article
    name_ar: str  # fullest form of the name, without honorifics
    aliases_ar: list[str] = field(default_factory=list)
    titles_ar: list[str] = field(default_factory=list)
    country: str | None = None
    org: str | None = None
    spans: list[Span] = field(default_factory=list)  # every mention


@dataclass
class Place:
    city_ar: str | None
    country: str | None
    span: Span | None = None


@dataclass
class Meeting:
    participants: list[str]  # Official keys
    countries: list[str]
    mode: str = "in_person"  # in_person | phone | video
    date: str | None = None
    date_basis: str | None = None  # explicit | dateline | relative
    place: Place | None = None
    occasion_ar: str | None = None
    topics: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    span: Span | None = None  # the passage reporting the meeting


@dataclass
class ArticleRecord:
    """Everything extracted from one article."""

    article: Article
    dateline: Dateline | None
    officials: list[Official]
    meetings: list[Meeting]
    countries: list[str]
    topics: list[str]
    organizations: list[str] = field(default_factory=list)
