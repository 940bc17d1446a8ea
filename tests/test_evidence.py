"""Tests of the evidence, participations, tenures and provenance that kg.mapping writes into each article graph.

The hand-built record is an article written for these tests, with the spans a correct
extractor would give; the seeds test runs the real pipeline and checks every quote against
the text.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import REPO
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SKOS

from kg.mapping import (
    article_graph,
    article_iri,
    evidence_iri,
    extractor_iri,
    graph_iri,
    official_iri,
    participation_iri,
    place_iri,
    span_iri,
    statement_iri,
    topic_iri,
)
from kg.namespaces import DIP, MEETING, OA, ORG, PROV, SCHEMA
from kg.records import Article, ArticleRecord, Dateline, Meeting, Official, Place, Span

# not `rdflib.namespace.XSD`: pytest's collection probes module globals and XSD warns on that
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

TEXT = (
    "الرياض 12 مارس 2023 (واس) استقبل وزير الخارجية الأمير فيصل بن فرحان في الرياض اليوم "
    "وزير الخارجية الأردني أيمن الصفدي، وبحث الجانبان تعزيز التعاون في مكافحة الإرهاب. "
    "وأشاد الصفدي بالعلاقات بين البلدين. "
    "وكان السفير نادر القاسم قد حضر حفل الاستقبال."
)


def at(phrase: str, start: int = 0) -> Span:
    i = TEXT.index(phrase, start)
    return Span(i, i + len(phrase))


MEETING_SENTENCE = at("استقبل وزير الخارجية الأمير")
MEETING_SPAN = Span(MEETING_SENTENCE.start, TEXT.index("الإرهاب.") + len("الإرهاب."))


def record(**article_fields) -> ArticleRecord:
    article = Article(id="e-1", text=TEXT, **article_fields)
    faisal = Official(
        "faisal",
        "فيصل بن فرحان",
        [],
        ["وزير الخارجية"],
        country="SA",
        spans=[at("وزير الخارجية الأمير"), at("فيصل بن فرحان")],
    )
    safadi = Official(
        "safadi",
        "أيمن الصفدي",
        ["الصفدي"],
        ["وزير الخارجية الأردني"],
        country="JO",
        # the first mention is the title phrase, then the name; the alias is outside the meeting passage
        spans=[at("وزير الخارجية الأردني"), at("أيمن الصفدي"), at("الصفدي", MEETING_SPAN.end)],
    )
    qasem = Official("qasem", "نادر القاسم", [], ["السفير"], country="JO", spans=[at("السفير نادر القاسم")])
    return ArticleRecord(
        article=article,
        dateline=Dateline(
            place_ar="الرياض",
            country="SA",
            date="2023-03-12",
            agency="واس",
            span=at("الرياض 12 مارس 2023 (واس)"),
        ),
        officials=[faisal, safadi, qasem],
        meetings=[
            Meeting(
                participants=["faisal", "safadi"],
                countries=["SA", "JO"],
                date="2023-03-12",
                date_basis="dateline",
                place=Place("الرياض", "SA", at("الرياض", 10)),
                topics=["counter_terrorism"],
                span=MEETING_SPAN,
            )
        ],
        countries=["SA", "JO"],
        topics=["counter_terrorism", "political_coordination"],
    )


def annotations_of(g: Graph, body: URIRef) -> list[tuple[int, int, str]]:
    """(start, end, exact) of every annotation whose body is `body`."""
    out = []
    for ann in g.subjects(OA.hasBody, body):
        target = g.value(ann, OA.hasTarget)
        selectors = list(g.objects(target, OA.hasSelector))
        position = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in g)
        quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in g)
        out.append(
            (int(g.value(position, OA.start)), int(g.value(position, OA.end)), str(g.value(quote, OA.exact)))
        )
    return sorted(out)


def check_every_quote(g: Graph, texts: dict[URIRef, str]) -> int:
    """Every span's quote (exact, prefix, suffix) is the text at its offsets; returns how many spans."""
    spans = list(g.subjects(RDF.type, OA.SpecificResource))
    for target in spans:
        text = texts[g.value(target, OA.hasSource)]
        selectors = list(g.objects(target, OA.hasSelector))
        assert len(selectors) == 2
        position = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in g)
        quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in g)
        start, end = int(g.value(position, OA.start)), int(g.value(position, OA.end))
        assert g.value(position, OA.start).datatype == XSD.integer
        assert str(g.value(quote, OA.exact)) == text[start:end]
        assert str(g.value(quote, OA.prefix) or "") == text[max(0, start - 32) : start]
        assert str(g.value(quote, OA.suffix) or "") == text[end : end + 32]
    return len(spans)


def test_every_quote_is_the_text_at_its_offsets() -> None:
    g = article_graph(record())
    assert check_every_quote(g, {article_iri("e-1"): TEXT}) >= 8


def test_official_mentions_each_have_evidence() -> None:
    g = article_graph(record())
    safadi = official_iri("أيمن الصفدي")
    assert [q for *_, q in annotations_of(g, safadi)] == ["وزير الخارجية الأردني", "أيمن الصفدي", "الصفدي"]


def test_meeting_and_participations_have_evidence() -> None:
    g = article_graph(record())
    m = MEETING["e-1-1"]
    assert annotations_of(g, m) == [
        (MEETING_SPAN.start, MEETING_SPAN.end, TEXT[MEETING_SPAN.start : MEETING_SPAN.end])
    ]
    faisal, safadi = official_iri("فيصل بن فرحان"), official_iri("أيمن الصفدي")
    # the direct triple stays; the qualified node adds the evidence: the first mention inside the passage
    assert set(g.objects(m, DIP.participant)) == {faisal, safadi}
    for official, quote in ((faisal, "وزير الخارجية الأمير"), (safadi, "وزير الخارجية الأردني")):
        p = participation_iri(m, official)
        assert (m, DIP.hasParticipation, p) in g and (p, DIP.official, official) in g
        assert [q for *_, q in annotations_of(g, p)] == [quote]


def test_participation_without_a_mention_in_the_passage_quotes_the_passage() -> None:
    r = record()
    r.officials[1].spans = [at("الصفدي", MEETING_SPAN.end)]  # named only after the meeting's sentence
    g = article_graph(r)
    p = participation_iri(MEETING["e-1-1"], official_iri("أيمن الصفدي"))
    assert annotations_of(g, p) == [
        (MEETING_SPAN.start, MEETING_SPAN.end, TEXT[MEETING_SPAN.start : MEETING_SPAN.end])
    ]


def test_date_place_and_topics_are_evidenced_as_statements() -> None:
    g = article_graph(record())
    m, a = MEETING["e-1-1"], article_iri("e-1")
    date = Literal("2023-03-12", datatype=XSD.date)
    riyadh = place_iri("الرياض", "SA")
    passage = TEXT[MEETING_SPAN.start : MEETING_SPAN.end]
    # a date taken from the dateline is quoted from the dateline
    assert [q for *_, q in annotations_of(g, statement_iri(m, DIP.date, date))] == [
        "الرياض 12 مارس 2023 (واس)"
    ]
    assert annotations_of(g, statement_iri(m, DIP.location, riyadh)) == [
        (at("الرياض", 10).start, at("الرياض", 10).end, "الرياض")
    ]
    assert [
        q for *_, q in annotations_of(g, statement_iri(m, DIP.topic, topic_iri("counter_terrorism")))
    ] == [passage]
    # an article topic found in a meeting is quoted from it; one found elsewhere has no span in the record
    assert [
        q for *_, q in annotations_of(g, statement_iri(a, DIP.topic, topic_iri("counter_terrorism")))
    ] == [passage]
    assert annotations_of(g, statement_iri(a, DIP.topic, topic_iri("political_coordination"))) == []
    st = statement_iri(m, DIP.date, date)
    assert (st, RDF.type, RDF.Statement) in g
    assert (g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object)) == (
        m,
        DIP.date,
        date,
    )


def test_an_explicit_date_is_quoted_from_the_meeting_passage() -> None:
    r = record()
    r.meetings[0].date_basis = "explicit"
    g = article_graph(r)
    st = statement_iri(MEETING["e-1-1"], DIP.date, Literal("2023-03-12", datatype=XSD.date))
    assert [(s, e) for s, e, _ in annotations_of(g, st)] == [(MEETING_SPAN.start, MEETING_SPAN.end)]


def test_tenures_link_person_title_country_and_the_day_seen() -> None:
    g = article_graph(record())
    m = MEETING["e-1-1"]
    safadi, qasem = official_iri("أيمن الصفدي"), official_iri("نادر القاسم")
    [tenure] = g.objects(participation_iri(m, safadi), DIP.inCapacity)
    assert (tenure, RDF.type, DIP.Tenure) in g and (tenure, RDF.type, ORG.Membership) in g
    assert g.value(tenure, ORG.member) == safadi
    assert str(g.value(tenure, ORG.organization)).endswith("/country/JO")
    assert g.value(g.value(tenure, ORG.role), SKOS.prefLabel) == Literal("وزير الخارجية الأردني", lang="ar")
    assert g.value(tenure, DIP.attestedOn) == Literal("2023-03-12", datatype=XSD.date)
    assert g.value(tenure, DIP.attestedIn) == article_iri("e-1")
    # the title is quoted where the article writes it
    assert [q for *_, q in annotations_of(g, tenure)] == ["وزير الخارجية الأردني"]
    # an official in no meeting is seen on the article's date
    [qasem_tenure] = g.subjects(ORG.member, qasem)
    assert g.value(qasem_tenure, DIP.attestedOn) == Literal("2023-03-12", datatype=XSD.date)


def test_day_seen_is_the_meeting_date_else_the_publication_date() -> None:
    r = record(published="2023-03-13")
    r.dateline = None
    r.meetings[0].date, r.meetings[0].date_basis = "2023-03-11", "relative"
    g = article_graph(r)
    days = {
        str(g.value(g.value(t, ORG.role), SKOS.prefLabel)): str(g.value(t, DIP.attestedOn))
        for t in g.subjects(RDF.type, DIP.Tenure)
    }
    assert days == {
        "وزير الخارجية": "2023-03-11",
        "وزير الخارجية الأردني": "2023-03-11",
        "السفير": "2023-03-13",
    }


def test_the_same_title_of_two_people_is_one_role() -> None:
    r = record()
    r.officials[1].titles_ar = ["وزير الخارجية"]
    g = article_graph(r)
    assert len(set(g.subjects(RDF.type, ORG.Role))) == 2  # وزير الخارجية, السفير
    assert len(set(g.subjects(RDF.type, DIP.Tenure))) == 3


def test_bad_or_missing_spans_give_no_evidence() -> None:
    r = record()
    r.officials[2].spans = [Span(5, 5), Span(-1, 3), Span(len(TEXT) - 2, len(TEXT) + 5)]
    r.meetings[0].span = None
    g = article_graph(r)
    assert annotations_of(g, official_iri("نادر القاسم")) == []
    assert annotations_of(g, MEETING["e-1-1"]) == []
    assert (MEETING["e-1-1"], RDF.type, DIP.Meeting) in g  # the facts stay


def test_evidence_iris_are_deterministic_and_there_are_no_blank_nodes() -> None:
    g = article_graph(record())
    assert not any(isinstance(t, BNode) for t in g.all_nodes())
    s = at("أيمن الصفدي")
    ann = evidence_iri("e-1", s.start, s.end, "mention", official_iri("أيمن الصفدي"))
    assert (ann, OA.hasTarget, span_iri("e-1", s.start, s.end)) in g
    # two facts quoting one passage share its span node; their annotations differ
    passage = span_iri("e-1", MEETING_SPAN.start, MEETING_SPAN.end)
    assert len(set(g.subjects(OA.hasTarget, passage))) >= 3
    assert len(list(g.objects(passage, OA.hasSelector))) == 2
    assert sorted(article_graph(record()).serialize(format="nt").splitlines()) == sorted(
        g.serialize(format="nt").splitlines()
    )


def test_the_graph_is_described_with_prov() -> None:
    g = article_graph(record(), extractor_version="9.9")
    graph, a = graph_iri("e-1"), article_iri("e-1")
    activity = g.value(graph, PROV.wasGeneratedBy)
    assert (graph, PROV.wasDerivedFrom, a) in g and (activity, PROV.used, a) in g
    agent = g.value(activity, PROV.wasAssociatedWith)
    assert agent == extractor_iri("9.9") and (agent, RDF.type, PROV.SoftwareAgent) in g
    assert g.value(agent, SCHEMA.softwareVersion) == Literal("9.9")
    assert g.value(graph, PROV.generatedAtTime) is None  # no time unless one is given


def test_generation_time_is_written_in_utc() -> None:
    when = datetime(2024, 3, 5, 14, 30, 7, 123456, tzinfo=timezone(timedelta(hours=3)))
    g = article_graph(record(), generated_at=when)
    assert g.value(graph_iri("e-1"), PROV.generatedAtTime) == Literal(
        "2024-03-05T11:30:07Z", datatype=XSD.dateTime
    )
    naive = article_graph(record(), generated_at=datetime(2024, 3, 5, 11, 30, 7))
    assert naive.value(graph_iri("e-1"), PROV.generatedAtTime) == Literal(
        "2024-03-05T11:30:07Z", datatype=XSD.dateTime
    )


@pytest.fixture(scope="module")
def seeds() -> tuple[Graph, dict[URIRef, str]]:
    from kg.pipeline import extract_article

    g, texts = Graph(), {}
    for path in sorted(Path(REPO / "seeds").glob("*.txt")):
        article = Article(id=path.stem, text=path.read_text(encoding="utf-8"))
        texts[article_iri(article.id)] = article.text
        g += article_graph(extract_article(article))
    return g, texts


def test_seeds_every_meeting_and_participation_links_to_exact_evidence(seeds) -> None:
    g, texts = seeds
    meetings = set(g.subjects(RDF.type, DIP.Meeting))
    participations = set(g.subjects(RDF.type, DIP.Participation))
    assert meetings and len(participations) >= len(meetings)
    for node in meetings | participations:
        found = annotations_of(g, node)
        assert found, f"no evidence for {node}"
        source = texts[g.value(g.value(next(g.subjects(OA.hasBody, node)), OA.hasTarget), OA.hasSource)]
        for start, end, exact in found:
            assert source[start:end] == exact
    assert check_every_quote(g, texts) > len(meetings)
