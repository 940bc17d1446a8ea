"""Records to RDF: turn one `ArticleRecord` into the triples of its named graph (GRAPH.md terms).

Pure and deterministic: every IRI is derived from the record's content (article id, the
folded name of an official, the folded city of a place), never from a counter shared
between articles or a random blank node, so re-mapping an article yields the same graph
and the union of many article graphs merges the same person into one node.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import re
from datetime import date
from urllib.parse import quote

import pyoxigraph
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from kg.namespaces import (
    ARTICLE,
    COUNTRY,
    DIP,
    GRAPH,
    MEETING,
    OFFICIAL,
    ORGANIZATION,
    PLACE,
    TOPIC,
)
from kg.records import ArticleRecord, Meeting, Place
from kg.text import fold

_MODES = {"in_person": DIP.InPerson, "phone": DIP.PhoneCall, "video": DIP.VideoCall}
_ABD_AL = re.compile(r"عبد\s+ال")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def article_local(article_id: str) -> str:
    """The local name shared by an article's IRI, its graph and its meetings."""
    return quote(article_id, safe="-._~")


def article_iri(article_id: str) -> URIRef:
    return ARTICLE[article_local(article_id)]


def graph_iri(article_id: str) -> URIRef:
    """The named graph holding one article's triples (replaced as a whole on re-ingest)."""
    return GRAPH[article_local(article_id)]


def name_key(name_ar: str) -> str:
    """What two spellings of one person's name have in common: folded, `عبد ال` joined, spaces collapsed."""
    return " ".join(_ABD_AL.sub("عبدال", fold(name_ar)).split())


def official_iri(name_ar: str) -> URIRef:
    """One IRI per person across the whole graph, from the name alone."""
    return OFFICIAL["o" + hashlib.sha1(name_key(name_ar).encode("utf-8")).hexdigest()[:12]]


def country_iri(iso2: str) -> URIRef:
    return COUNTRY[iso2.upper()]


def organization_iri(code: str) -> URIRef:
    return ORGANIZATION[quote(code.replace(" ", "_"))]


def topic_iri(code: str) -> URIRef:
    return TOPIC[code]


def place_iri(city_ar: str, iso2: str | None) -> URIRef:
    city_key = " ".join(fold(city_ar).split())
    return PLACE[f"{(iso2 or 'unknown').upper()}-{hashlib.sha1(city_key.encode('utf-8')).hexdigest()[:10]}"]


def article_graph(record: ArticleRecord) -> Graph:
    """All triples of one article (article, officials, meetings and the nodes they use)."""
    # no prefixes bound: binding costs a quarter of the mapping time and only serialisers need it
    g = Graph(bind_namespaces="none")
    art = record.article
    a = article_iri(art.id)
    used_countries: set[str] = set()
    used_orgs: set[str] = set()
    used_topics: set[str] = set()

    g.add((a, RDF.type, DIP.Article))
    g.add((a, DCTERMS.identifier, Literal(art.id)))
    if art.title and art.title.strip():
        g.add((a, DCTERMS.title, Literal(art.title.strip(), lang="ar")))
    if _valid_date(art.published):
        g.add((a, DCTERMS.issued, Literal(art.published, datatype=XSD.date)))
    if art.url and _valid_iri(art.url):
        g.add((a, DCTERMS.source, URIRef(art.url)))
    if art.source and art.source.strip():
        g.add((a, DCTERMS.publisher, Literal(art.source.strip())))
    for iso2 in record.countries:
        g.add((a, DIP.mentionsCountry, country_iri(iso2)))
        used_countries.add(iso2)
    for code in record.organizations:
        g.add((a, DIP.mentionsOrganization, organization_iri(code)))
        used_orgs.add(code)
    for code in record.topics:
        g.add((a, DIP.topic, topic_iri(code)))
        used_topics.add(code)

    dl = record.dateline
    if dl is not None:
        place = _place(g, Place(dl.place_ar, dl.country), used_countries)
        if place is not None:
            g.add((a, DIP.datelinePlace, place))
        if _valid_date(dl.date):
            g.add((a, DIP.datelineDate, Literal(dl.date, datatype=XSD.date)))
        if dl.agency:
            g.add((a, DIP.agency, Literal(dl.agency, lang="ar")))

    officials: dict[str, URIRef] = {}
    for off in record.officials:
        o = official_iri(off.name_ar)
        officials[off.key] = o
        g.add((o, RDF.type, DIP.Official))
        g.add((o, RDFS.label, Literal(off.name_ar, lang="ar")))
        for alias in off.aliases_ar:
            if alias != off.name_ar:
                g.add((o, SKOS.altLabel, Literal(alias, lang="ar")))
        for title in off.titles_ar:
            g.add((o, DIP.title, Literal(title, lang="ar")))
        if off.country:
            g.add((o, DIP.represents, country_iri(off.country)))
            used_countries.add(off.country)
        if off.org:
            g.add((o, DIP.represents, organization_iri(off.org)))
            used_orgs.add(off.org)
        g.add((o, DIP.mentionedIn, a))

    local = article_local(art.id)
    for n, meeting in enumerate(record.meetings, start=1):
        _meeting(g, MEETING[f"{local}-{n}"], meeting, a, officials, used_countries, used_orgs, used_topics)

    for iso2 in sorted(used_countries):
        _describe_country(g, iso2)
    for code in sorted(used_orgs):
        _describe_organization(g, code)
    for code in sorted(used_topics):
        t = topic_iri(code)
        g.add((t, RDF.type, DIP.Topic))
        g.add((t, SKOS.notation, Literal(code)))
    return g


def _meeting(
    g: Graph,
    m: URIRef,
    meeting: Meeting,
    article: URIRef,
    officials: dict[str, URIRef],
    used_countries: set[str],
    used_orgs: set[str],
    used_topics: set[str],
) -> None:
    g.add((m, RDF.type, DIP.Meeting))
    g.add((m, DIP.reportedIn, article))
    for key in meeting.participants:
        # a key without an Official is an extractor slip; the meeting keeps its other facts
        if key in officials:
            g.add((m, DIP.participant, officials[key]))
    for iso2 in meeting.countries:
        g.add((m, DIP.participantCountry, country_iri(iso2)))
        used_countries.add(iso2)
    for code in meeting.organizations:
        g.add((m, DIP.participantOrganization, organization_iri(code)))
        used_orgs.add(code)
    if meeting.mode in _MODES:
        g.add((m, DIP.mode, _MODES[meeting.mode]))
    if _valid_date(meeting.date):
        g.add((m, DIP.date, Literal(meeting.date, datatype=XSD.date)))
        if meeting.date_basis:
            g.add((m, DIP.dateBasis, Literal(meeting.date_basis)))
    if meeting.place is not None:
        place = _place(g, meeting.place, used_countries)
        if place is not None:
            g.add((m, DIP.location, place))
    if meeting.occasion_ar:
        g.add((m, DIP.occasion, Literal(meeting.occasion_ar, lang="ar")))
    for code in meeting.topics:
        g.add((m, DIP.topic, topic_iri(code)))
        used_topics.add(code)


def _place(g: Graph, place: Place, used_countries: set[str]) -> URIRef | None:
    """A Place node for a known city, the Country itself when only the country is known."""
    city = (place.city_ar or "").strip()
    if place.country:
        used_countries.add(place.country)
    if not city:
        return country_iri(place.country) if place.country else None
    p = place_iri(city, place.country)
    g.add((p, RDF.type, DIP.Place))
    g.add((p, RDFS.label, Literal(city, lang="ar")))
    if place.country:
        g.add((p, DIP.country, country_iri(place.country)))
    return p


def _describe_country(g: Graph, iso2: str) -> None:
    c = country_iri(iso2)
    g.add((c, RDF.type, DIP.Country))
    g.add((c, DIP.isoCode, Literal(iso2.upper())))
    for label in _country_labels(iso2.upper()):
        g.add((c, RDFS.label, label))


def _describe_organization(g: Graph, code: str) -> None:
    o = organization_iri(code)
    g.add((o, RDF.type, DIP.Organization))
    g.add((o, SKOS.notation, Literal(code)))
    for label in _organization_labels(code):
        g.add((o, RDFS.label, label))


@functools.cache
def _country_labels(iso2: str) -> tuple[Literal, ...]:
    gazetteer = _gazetteer()
    if gazetteer is None:
        return ()
    try:
        c = gazetteer.country(iso2)
    except (KeyError, LookupError, ValueError):
        return ()
    return _labels(c.name_ar, c.name_en)


@functools.cache
def _organization_labels(code: str) -> tuple[Literal, ...]:
    gazetteer = _gazetteer()
    if gazetteer is None:
        return ()
    try:
        o = gazetteer.organization(code)
    except (KeyError, LookupError, ValueError):
        return ()
    return _labels(o.name_ar, o.name_en)


def _gazetteer():
    # labels are a courtesy of the gazetteer; without it the graph keeps every fact the scorer reads
    try:
        return importlib.import_module("kg.gazetteer")
    except ModuleNotFoundError as e:
        if e.name != "kg.gazetteer":
            raise
        return None


def _labels(name_ar: str | None, name_en: str | None) -> tuple[Literal, ...]:
    return tuple(Literal(n, lang=lang) for n, lang in ((name_ar, "ar"), (name_en, "en")) if n)


def _valid_date(value: str | None) -> bool:
    if not value or not _DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _valid_iri(value: str) -> bool:
    # the store (Oxigraph) rejects what is not an absolute IRI; check with the same parser
    try:
        pyoxigraph.NamedNode(value)
    except ValueError:
        return False
    return True
