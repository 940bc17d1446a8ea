"""Records to RDF: turn one `ArticleRecord` into the triples of its named graph (GRAPH.md terms).

Pure and deterministic: every IRI is derived from the record's content (article id, the
folded name of an official, the folded city of a place), never from a counter shared
between articles or a random blank node, so re-mapping an article yields the same graph
and the union of many article graphs merges the same person into one node.  The one
exception is the time the graph was generated, written only when the caller gives it.

Besides the GRAPH.md terms, each article graph carries:
- evidence: a W3C Web Annotation (`oa:Annotation`) per official mention, meeting,
  participation, meeting date, place and topic, and dateline, whose target is a span of the
  article's `text` given twice, as code-point offsets (`oa:TextPositionSelector`) and as the
  quoted text with 32 characters of context (`oa:TextQuoteSelector`).  Facts that are nodes
  (an official, a meeting, a participation, a tenure) are the annotation's body; a fact that
  is one statement (a meeting's date, place or topic) is represented by its RDF reification
  (an `rdf:Statement`), so the evidence names exactly which date, place or topic it supports.
  Annotation IRIs hash the article id, the offsets, the role and the body; the span nodes
  are named by the article and the offsets, so two facts quoting one passage share it;
- participations (`dip:Participation`), the qualified form of `dip:participant`;
- tenures (`dip:Tenure`, an `org:Membership`): person, title as written (`org:role`),
  country or organization, and the day the office was seen held;
- provenance: the graph `prov:wasDerivedFrom` the article and `prov:wasGeneratedBy` an
  extraction activity associated with the extractor (`prov:SoftwareAgent` with its version);
- crosswalks of countries: Wikidata (`skos:exactMatch wd:Q..`) and ISO 3166-1 alpha-3.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import importlib
import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from importlib import resources
from urllib.parse import quote

import pyoxigraph
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as rdf_namespaces

from kg import namespaces
from kg.namespaces import (
    AGENT,
    ARTICLE,
    COUNTRY,
    EVIDENCE,
    EXTRACTION,
    GRAPH,
    MEETING,
    OFFICIAL,
    ORGANIZATION,
    PARTICIPATION,
    PLACE,
    ROLE,
    SPAN,
    STATEMENT,
    TENURE,
    TOPIC,
    WD,
)
from kg.records import ArticleRecord, Meeting, Official, Place, Span
from kg.text import fold

Triple = tuple[URIRef, URIRef, URIRef | Literal]


class _Terms:
    """A vocabulary whose terms are made once.  rdflib builds (and checks) a new URIRef at each
    `NS.term`, a fifth of the mapping time; the first use of a term still asks the namespace,
    so a misspelt `DIP` term still fails loudly."""

    def __init__(self, namespace: object) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term


DIP = _Terms(namespaces.DIP)
OA, ORG, PROV, SCHEMA = (
    _Terms(ns) for ns in (namespaces.OA, namespaces.ORG, namespaces.PROV, namespaces.SCHEMA)
)
DCTERMS, RDF, RDFS, SKOS, XSD = (
    _Terms(getattr(rdf_namespaces, name)) for name in ("DCTERMS", "RDF", "RDFS", "SKOS", "XSD")
)


def _string(lexical: str, lang: str | None = None) -> Literal:
    """`Literal(lexical, lang=lang)` for a `str` and a valid language tag (or none), 8x cheaper.

    For a string without datatype, rdflib's constructor (~2 µs) checks the tag and casts the
    string to itself through a dozen isinstance tests, to end with the string unchanged;
    making those literals was a fifth of the mapping time (the evidence alone quotes three
    new strings per passage).  The slots are set as the constructor sets them:
    tests/test_mapping.py compares the two slot by slot, so an rdflib that changes them fails there.
    """
    literal = str.__new__(Literal, lexical)
    literal._language = lang
    literal._datatype = None
    literal._value = lexical
    literal._ill_typed = None
    return literal


@functools.lru_cache(maxsize=100_000)
def _arabic(text: str) -> Literal:
    # names, titles and labels recur across articles: each Literal is made once
    return _string(text, "ar")


@functools.lru_cache(maxsize=100_000)
def _offset(n: int) -> Literal:
    return Literal(n, datatype=_OFFSET)


@functools.lru_cache(maxsize=10_000)
def _typed(lexical: str, datatype: URIRef) -> Literal:
    # a datatyped Literal parses its lexical form (~7 µs for a date); days and stamps recur
    return Literal(lexical, datatype=datatype)


_MODES = {"in_person": DIP.InPerson, "phone": DIP.PhoneCall, "video": DIP.VideoCall}
_ABD_AL = re.compile(r"عبد\s+ال")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
QUOTE_CONTEXT = 32  # characters of oa:prefix / oa:suffix around a quoted span
_OFFSET = XSD.integer  # Oxigraph stores every integer-derived datatype as xsd:integer


def _minted(namespace: str, local: str) -> URIRef:
    """`namespace[local]` for a local name made here of IRI-safe characters (percent-encoded, hex, digits).

    rdflib's constructor scans each new IRI for characters an IRI cannot hold, only to log
    a warning: half the cost of making a URIRef, and an article mints a few dozen.  Nothing
    is lost: `kg.ingest.ntriples` refuses any IRI N-Triples cannot write.
    """
    return str.__new__(URIRef, f"{namespace}{local}")


# The IRI helpers below are pure; those asked again and again (for every span of an article,
# for every article naming a country) keep their recent answers: percent-encoding, folding and
# hashing a name cost more than the triples they name.


@functools.lru_cache(maxsize=1024)
def article_local(article_id: str) -> str:
    """The local name shared by an article's IRI, its graph and its meetings."""
    return quote(article_id, safe="-._~")


def article_iri(article_id: str) -> URIRef:
    return _minted(ARTICLE, article_local(article_id))


def graph_iri(article_id: str) -> URIRef:
    """The named graph holding one article's triples (replaced as a whole on re-ingest)."""
    return _minted(GRAPH, article_local(article_id))


@functools.lru_cache(maxsize=100_000)
def name_key(name_ar: str) -> str:
    """What two spellings of one person's name have in common: folded, `عبد ال` joined, spaces collapsed."""
    return " ".join(_ABD_AL.sub("عبدال", fold(name_ar)).split())


@functools.lru_cache(maxsize=100_000)
def official_iri(name_ar: str) -> URIRef:
    """One IRI per person across the whole graph, from the name alone."""
    return OFFICIAL["o" + hashlib.sha1(name_key(name_ar).encode("utf-8")).hexdigest()[:12]]


@functools.lru_cache(maxsize=10_000)
def country_iri(iso2: str) -> URIRef:
    return COUNTRY[iso2.upper()]


@functools.lru_cache(maxsize=10_000)
def organization_iri(code: str) -> URIRef:
    return ORGANIZATION[quote(code.replace(" ", "_"))]


@functools.lru_cache(maxsize=10_000)
def topic_iri(code: str) -> URIRef:
    return TOPIC[code]


@functools.lru_cache(maxsize=100_000)
def place_iri(city_ar: str, iso2: str | None) -> URIRef:
    city_key = " ".join(fold(city_ar).split())
    return PLACE[f"{(iso2 or 'unknown').upper()}-{hashlib.sha1(city_key.encode('utf-8')).hexdigest()[:10]}"]


def _digest(*parts: object, length: int = 16) -> str:
    # a list, not a generator: join makes one of it anyway
    return hashlib.sha1("\x1f".join([str(p) for p in parts]).encode("utf-8")).hexdigest()[:length]


def span_iri(article_id: str, start: int, end: int) -> URIRef:
    """The `oa:SpecificResource` for `text[start:end]` of an article (shared by the facts quoting it)."""
    return _minted(SPAN, f"{article_local(article_id)}-{start}-{end}")


def evidence_iri(article_id: str, start: int, end: int, role: str, body: URIRef) -> URIRef:
    return _minted(EVIDENCE, _digest(article_id, start, end, role, body))


def participation_iri(meeting: URIRef, official: URIRef) -> URIRef:
    return _minted(PARTICIPATION, f"{meeting.rsplit('/', 1)[1]}-{official.rsplit('/', 1)[1]}")


def tenure_iri(article_id: str, name_ar: str, title_ar: str, seen: str | None) -> URIRef:
    return _minted(TENURE, _digest(article_id, name_key(name_ar), title_ar, seen or ""))


@functools.lru_cache(maxsize=100_000)
def role_iri(title_ar: str) -> URIRef:
    """One `org:Role` per title as written (exact text: its label is the title)."""
    return ROLE[_digest(title_ar, length=12)]


def statement_iri(s: URIRef, p: URIRef, o: URIRef | Literal) -> URIRef:
    return _minted(STATEMENT, _digest(s.n3(), p.n3(), o.n3()))


def extraction_iri(article_id: str) -> URIRef:
    return _minted(EXTRACTION, article_local(article_id))


@functools.lru_cache(maxsize=64)
def extractor_iri(version: str) -> URIRef:
    return AGENT[f"extractor-{quote(version, safe='.-_~')}"]


@dataclass(frozen=True)
class GraphOptions:
    """What an article graph holds besides the facts the evaluation reads; everything by default.

    `generated_at`, when given, is written as the graph's `prov:generatedAtTime` (the only
    value not derived from the record).  Without `evidence` the graph has no Web
    Annotations (about half its triples); without `text` it does not carry the article's
    text (`schema:text`), for a corpus whose licence forbids passing the text on: the
    evidence still quotes each fact's passage.
    """

    generated_at: datetime | None = None
    evidence: bool = True
    text: bool = True


def article_graph(
    record: ArticleRecord,
    generated_at: datetime | None = None,
    extractor_version: str | None = None,
    options: GraphOptions | None = None,
) -> Graph:
    """All triples of one article (article, officials, meetings, the nodes they use, evidence, provenance).

    `generated_at` is a shorthand for `options.generated_at`; `extractor_version` defaults
    to `kg.pipeline.EXTRACTOR_VERSION`.
    """
    if generated_at is not None:
        options = replace(options or GraphOptions(), generated_at=generated_at)
    # no prefixes bound: binding costs a quarter of the mapping time and only serialisers need it
    g = Graph(bind_namespaces="none")
    for triple in article_triples(record, options, extractor_version):
        g.add(triple)
    return g


def article_triples(
    record: ArticleRecord,
    options: GraphOptions | None = None,
    extractor_version: str | None = None,
) -> set[Triple]:
    """The triples of `article_graph` as a plain set, for the ingest pipeline.

    An rdflib `Graph` indexes every triple three ways as it is added, which cost twice the
    mapping itself; ingest only serialises the triples, so it takes them unindexed.
    """
    options = options or GraphOptions()
    g: set[Triple] = set()
    art = record.article
    a = article_iri(art.id)
    evidence = _Evidence(g, art.id, art.text, a) if options.evidence else _NoEvidence()
    used_countries: set[str] = set()
    used_orgs: set[str] = set()
    used_topics: set[str] = set()

    g.add((a, RDF.type, DIP.Article))
    g.add((a, DCTERMS.identifier, _string(art.id)))
    if options.text:
        g.add((a, SCHEMA.text, _string(art.text, "ar")))  # what the evidence offsets index
    if art.title and art.title.strip():
        g.add((a, DCTERMS.title, _string(art.title.strip(), "ar")))
    if _valid_date(art.published):
        g.add((a, DCTERMS.issued, _typed(art.published, XSD.date)))
    if art.url and _valid_iri(art.url):
        g.add((a, DCTERMS.source, URIRef(art.url)))
    if art.source and art.source.strip():
        g.add((a, DCTERMS.publisher, _string(art.source.strip())))
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
        evidence.dateline_span = dl.span
        place = _place(g, Place(dl.place_ar, dl.country), used_countries)
        if place is not None:
            g.add((a, DIP.datelinePlace, place))
            evidence.statement(dl.span, "dateline-place", a, DIP.datelinePlace, place)
        if _valid_date(dl.date):
            value = _typed(dl.date, XSD.date)
            g.add((a, DIP.datelineDate, value))
            evidence.statement(dl.span, "dateline-date", a, DIP.datelineDate, value)
        if dl.agency:
            # a plain string, as the ontology declares (rdfs:range xsd:string; HermiT holds it to that)
            g.add((a, DIP.agency, _string(dl.agency)))

    officials: dict[str, URIRef] = {}
    for off in record.officials:
        o = official_iri(off.name_ar)
        officials[off.key] = o
        for span in off.spans:
            evidence.add(span, "mention", o)
        g.add((o, RDF.type, DIP.Official))
        g.add((o, RDFS.label, _arabic(off.name_ar)))
        for alias in off.aliases_ar:
            if alias != off.name_ar:
                g.add((o, SKOS.altLabel, _arabic(alias)))
        for title in off.titles_ar:
            g.add((o, DIP.title, _arabic(title)))
        if off.country:
            g.add((o, DIP.represents, country_iri(off.country)))
            used_countries.add(off.country)
        if off.org:
            g.add((o, DIP.represents, organization_iri(off.org)))
            used_orgs.add(off.org)
        g.add((o, DIP.mentionedIn, a))

    article_date = next((d for d in (dl.date if dl else None, art.published) if _valid_date(d)), None)
    tenures = _tenures(g, record, officials, article_date, evidence)

    local = article_local(art.id)
    by_key = {off.key: off for off in record.officials}
    for n, meeting in enumerate(record.meetings, start=1):
        m = _minted(MEETING, f"{local}-{n}")
        _meeting(g, m, meeting, a, officials, used_countries, used_orgs, used_topics, evidence)
        seen = meeting.date if _valid_date(meeting.date) else article_date
        for key in dict.fromkeys(meeting.participants):
            if key not in officials:
                continue
            p = participation_iri(m, officials[key])
            g.add((m, DIP.hasParticipation, p))
            g.add((p, RDF.type, DIP.Participation))
            g.add((p, DIP.official, officials[key]))
            for t in tenures.get((key, seen), ()):
                g.add((p, DIP.inCapacity, t))
            evidence.add(_participation_span(by_key[key], meeting), "participation", p)

    # article topics that are a meeting's topic are evidenced by that meeting's passage
    for code in record.topics:
        for meeting in record.meetings:
            if code in meeting.topics:
                evidence.statement(meeting.span, "topic", a, DIP.topic, topic_iri(code))

    _provenance(g, art.id, a, extractor_version or _extractor_version(), options.generated_at)

    for iso2 in sorted(used_countries):
        _describe_country(g, iso2)
    for code in sorted(used_orgs):
        _describe_organization(g, code)
    for code in sorted(used_topics):
        t = topic_iri(code)
        g.add((t, RDF.type, DIP.Topic))
        g.add((t, SKOS.notation, _string(code)))
    return g


def _meeting(
    g: set[Triple],
    m: URIRef,
    meeting: Meeting,
    article: URIRef,
    officials: dict[str, URIRef],
    used_countries: set[str],
    used_orgs: set[str],
    used_topics: set[str],
    evidence: _Evidence,
) -> None:
    g.add((m, RDF.type, DIP.Meeting))
    g.add((m, DIP.reportedIn, article))
    evidence.add(meeting.span, "meeting", m)
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
        value = _typed(meeting.date, XSD.date)
        g.add((m, DIP.date, value))
        if meeting.date_basis:
            g.add((m, DIP.dateBasis, _string(meeting.date_basis)))
        # the record keeps no span for the date phrase: the passage reporting the meeting
        # holds it, except a date taken from the dateline, which the dateline holds
        dateline_span = evidence.dateline_span if meeting.date_basis == "dateline" else None
        evidence.statement(dateline_span or meeting.span, "date", m, DIP.date, value)
    if meeting.place is not None:
        place = _place(g, meeting.place, used_countries)
        if place is not None:
            g.add((m, DIP.location, place))
            evidence.statement(meeting.place.span or meeting.span, "place", m, DIP.location, place)
    if meeting.occasion_ar:
        g.add((m, DIP.occasion, _string(meeting.occasion_ar, "ar")))
    for code in meeting.topics:
        g.add((m, DIP.topic, topic_iri(code)))
        used_topics.add(code)
        evidence.statement(meeting.span, "topic", m, DIP.topic, topic_iri(code))


def _participation_span(official: Official, meeting: Meeting) -> Span | None:
    """The official's first mention inside the meeting's passage, else the passage itself."""
    if meeting.span is not None:
        for span in official.spans:
            if meeting.span.start <= span.start and span.end <= meeting.span.end:
                return span
    return meeting.span


def _tenures(
    g: set[Triple],
    record: ArticleRecord,
    officials: dict[str, URIRef],
    article_date: str | None,
    evidence: _Evidence,
) -> dict[tuple[str, str | None], list[URIRef]]:
    """A dip:Tenure per official, title and day seen; keyed by (official key, day) for the participations.

    The day seen is the date of each meeting the official took part in (the article's date
    for an undated one); an official in no meeting is seen on the article's date.
    """
    days: dict[str, list[str | None]] = {}
    for meeting in record.meetings:
        seen = meeting.date if _valid_date(meeting.date) else article_date
        for key in meeting.participants:
            if key in officials and seen not in days.setdefault(key, []):
                days[key].append(seen)
    text = record.article.text
    a = article_iri(record.article.id)
    out: dict[tuple[str, str | None], list[URIRef]] = {}
    for off in record.officials:
        o = officials[off.key]
        for seen in days.get(off.key) or [article_date]:
            nodes = out.setdefault((off.key, seen), [])
            for title in dict.fromkeys(off.titles_ar):
                t = tenure_iri(record.article.id, off.name_ar, title, seen)
                nodes.append(t)
                r = role_iri(title)
                g.add((t, RDF.type, DIP.Tenure))
                g.add((t, RDF.type, ORG.Membership))
                g.add((t, ORG.member, o))
                g.add((t, ORG.role, r))
                g.add((r, RDF.type, ORG.Role))
                g.add((r, SKOS.prefLabel, _arabic(title)))
                if off.country:
                    g.add((t, ORG.organization, country_iri(off.country)))
                if off.org:
                    g.add((t, ORG.organization, organization_iri(off.org)))
                if seen is not None:
                    g.add((t, DIP.attestedOn, _typed(seen, XSD.date)))
                g.add((t, DIP.attestedIn, a))
                evidence.add(_title_span(text, off, title), "tenure", t)
    return out


def _title_span(text: str, official: Official, title: str) -> Span | None:
    """Where the title is written inside one of the official's mentions (a title phrase)."""
    for span in official.spans:
        at = text.find(title, span.start, span.end)
        if at >= 0:
            return Span(at, at + len(title))
    return None


def _provenance(
    g: set[Triple], article_id: str, a: URIRef, version: str, generated_at: datetime | None
) -> None:
    """The named graph described with PROV-O: derived from the article, generated by the extractor."""
    graph = graph_iri(article_id)
    activity = extraction_iri(article_id)
    g.add((graph, RDF.type, PROV.Entity))
    g.add((graph, PROV.wasDerivedFrom, a))
    g.add((graph, PROV.wasGeneratedBy, activity))
    if generated_at is not None:
        stamp = (generated_at if generated_at.tzinfo else generated_at.replace(tzinfo=UTC)).astimezone(UTC)
        # Oxigraph keeps the canonical form (`Z`, not `+00:00`): write that, so the store returns it unchanged
        value = stamp.isoformat(timespec="seconds").replace("+00:00", "Z")
        g.add((graph, PROV.generatedAtTime, _typed(value, XSD.dateTime)))
    g.add((activity, RDF.type, PROV.Activity))
    g.add((activity, PROV.used, a))
    agent = extractor_iri(version)
    g.add((activity, PROV.wasAssociatedWith, agent))
    g.add((agent, RDF.type, PROV.SoftwareAgent))
    g.add((agent, RDFS.label, _string(f"diplomacy-kg extractor {version}", "en")))
    g.add((agent, SCHEMA.softwareVersion, _string(version)))


class _Evidence:
    """Writes the Web Annotations of one article; each span node is written once."""

    def __init__(self, g: set[Triple], article_id: str, text: str, article: URIRef) -> None:
        self.g = g
        self.article_id = article_id
        self.text = text
        self.article = article
        self.dateline_span: Span | None = None
        self._targets: dict[tuple[int, int], URIRef] = {}  # (start, end) -> span node written

    def add(self, span: Span | None, role: str, body: URIRef) -> URIRef | None:
        """An annotation saying `text[span]` is the evidence of `body`; None for a missing or bad span."""
        if span is None or not 0 <= span.start < span.end <= len(self.text):
            return None
        g = self.g
        ann = evidence_iri(self.article_id, span.start, span.end, role, body)
        # no oa:motivatedBy or dcterms:creator per annotation: the graph's provenance names the
        # extractor for all its annotations, and evidence is the bulk of the graph already
        g.add((ann, RDF.type, OA.Annotation))
        g.add((ann, OA.hasBody, body))
        g.add((ann, OA.hasTarget, self._target(span)))
        return ann

    def statement(self, span: Span | None, role: str, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        """Evidence of one triple, whose reification is the annotation's body."""
        if span is None or not 0 <= span.start < span.end <= len(self.text):
            return
        st = statement_iri(s, p, o)
        g = self.g
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, p))
        g.add((st, RDF.object, o))
        self.add(span, role, st)

    def _target(self, span: Span) -> URIRef:
        """The span node of `text[span]`, written with its two selectors at its first use."""
        start, end = span.start, span.end
        target = self._targets.get((start, end))
        if target is not None:
            return target
        target = self._targets[start, end] = span_iri(self.article_id, start, end)
        position = _minted(target, "#position")
        quoted = _minted(target, "#quote")
        text = self.text
        g = self.g
        g.update(
            (
                (target, RDF.type, OA.SpecificResource),
                (target, OA.hasSource, self.article),
                (target, OA.hasSelector, position),
                (target, OA.hasSelector, quoted),
                (position, RDF.type, OA.TextPositionSelector),
                (position, OA.start, _offset(start)),
                (position, OA.end, _offset(end)),
                (quoted, RDF.type, OA.TextQuoteSelector),
                (quoted, OA.exact, _string(text[start:end])),
            )
        )
        prefix = text[max(0, start - QUOTE_CONTEXT) : start]
        suffix = text[end : end + QUOTE_CONTEXT]
        if prefix:
            g.add((quoted, OA.prefix, _string(prefix)))
        if suffix:
            g.add((quoted, OA.suffix, _string(suffix)))
        return target


class _NoEvidence(_Evidence):
    """The evidence writer of a graph without evidence: it writes nothing."""

    def __init__(self) -> None:
        self.dateline_span = None

    def add(self, span: Span | None, role: str, body: URIRef) -> URIRef | None:
        return None

    def statement(self, span: Span | None, role: str, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        return None


def _place(g: set[Triple], place: Place, used_countries: set[str]) -> URIRef | None:
    """A Place node for a known city, the Country itself when only the country is known."""
    city = (place.city_ar or "").strip()
    if place.country:
        used_countries.add(place.country)
    if not city:
        return country_iri(place.country) if place.country else None
    p = place_iri(city, place.country)
    g.add((p, RDF.type, DIP.Place))
    g.add((p, RDFS.label, _arabic(city)))
    if place.country:
        g.add((p, DIP.country, country_iri(place.country)))
    return p


def _describe_country(g: set[Triple], iso2: str) -> None:
    g.update(_country_description(iso2))


@functools.cache
def _country_description(iso2: str) -> tuple[Triple, ...]:
    # the same triples in every article naming the country: made once
    c = country_iri(iso2)
    code = iso2.upper()
    triples = [(c, RDF.type, DIP.Country), (c, DIP.isoCode, _string(code))]
    triples += [(c, RDFS.label, label) for label in _country_labels(code)]
    qid = wikidata_qids().get(code)
    if qid:
        triples.append((c, SKOS.exactMatch, WD[qid]))
    alpha3 = _alpha3(code)
    if alpha3:
        triples.append((c, DIP.isoAlpha3Code, _string(alpha3)))
    return tuple(triples)


@functools.cache
def wikidata_qids() -> dict[str, str]:
    """ISO 3166-1 alpha-2 -> Wikidata QID, from the bundled kg/data/wikidata.tsv."""
    with resources.files("kg.data").joinpath("wikidata.tsv").open(encoding="utf-8") as f:
        rows = csv.DictReader(f, delimiter="\t")
        return {row["iso2"]: row["qid"] for row in rows if row.get("qid")}


@functools.cache
def _alpha3(iso2: str) -> str | None:
    gazetteer = _gazetteer()
    if gazetteer is None:
        return None
    try:
        alpha3 = gazetteer.country(iso2).iso3
    except (KeyError, LookupError, ValueError):
        return None
    # the gazetteer gives Kosovo its user-assigned "XKX", which is no ISO 3166 code
    return alpha3 if alpha3 and re.fullmatch(r"[A-Z]{3}", alpha3) and iso2 != "XK" else None


@functools.cache
def _extractor_version() -> str:
    # imported late: the extractors are heavy, and a store opened only to be queried does not map
    from kg.pipeline import EXTRACTOR_VERSION

    return EXTRACTOR_VERSION


def _describe_organization(g: set[Triple], code: str) -> None:
    g.update(_organization_description(code))


@functools.cache
def _organization_description(code: str) -> tuple[Triple, ...]:
    # the same triples in every article naming the organization: made once
    o = organization_iri(code)
    triples = [(o, RDF.type, DIP.Organization), (o, SKOS.notation, _string(code))]
    triples += [(o, RDFS.label, label) for label in _organization_labels(code)]
    return tuple(triples)


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
