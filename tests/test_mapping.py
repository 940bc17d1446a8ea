"""Tests of kg.mapping: records built by hand -> RDF, against a golden file and the terms of GRAPH.md."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import GOLDEN, REPO
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from kg.mapping import (
    GraphOptions,
    article_graph,
    article_iri,
    graph_iri,
    official_iri,
    organization_iri,
    place_iri,
)
from kg.namespaces import COUNTRY, DIP, GRAPH, MEETING, PREFIXES, TOPIC
from kg.records import Article, ArticleRecord, Dateline, Meeting, Official, Place, Span

# not `rdflib.namespace.XSD`: pytest's collection probes module globals and XSD warns on that
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")


SMALL_TEXT = "أوفا 20 يونيو 2019 (شينخوا) التقى الوزير وانغ لي اليوم الأمين العام سمير ناصر."


def at(phrase: str, text: str = SMALL_TEXT) -> Span:
    """The span of the first occurrence of `phrase` (the records' spans, written by hand)."""
    start = text.index(phrase)
    return Span(start, start + len(phrase))


def small_record() -> ArticleRecord:
    """A small article: two officials (one of them an organisation's), one meeting at a city."""
    article = Article(
        id="m-1",
        text=SMALL_TEXT,
        title="وانغ يلتقي ناصر",
        published="2019-06-21",
        url="https://example.org/news/m-1",
        source="شينخوا",
    )
    return ArticleRecord(
        article=article,
        dateline=Dateline(
            place_ar="أوفا",
            country="RU",
            date="2019-06-20",
            agency="شينخوا",
            span=at("أوفا 20 يونيو 2019 (شينخوا)"),
        ),
        officials=[
            Official(
                "wang",
                "وانغ لي",
                ["وانغ"],
                ["عضو مجلس الدولة", "وزير الخارجية الصيني"],
                country="CN",
                spans=[at("الوزير"), at("وانغ لي")],
            ),
            Official(
                "nasser",
                "سمير ناصر",
                ["ناصر"],
                ["الأمين العام لمنظمة شانغهاي للتعاون"],
                org="SCO",
                spans=[at("الأمين العام"), at("سمير ناصر")],
            ),
        ],
        meetings=[
            Meeting(
                participants=["wang", "nasser"],
                countries=["CN"],
                organizations=["SCO"],
                mode="in_person",
                date="2019-06-20",
                date_basis="dateline",
                place=Place("أوفا", "RU", at("أوفا")),
                occasion_ar="اجتماع وزراء خارجية الدول الأعضاء",
                topics=["counter_terrorism", "security_cooperation"],
                span=at("التقى الوزير وانغ لي اليوم الأمين العام سمير ناصر."),
            )
        ],
        countries=["RU", "CN"],
        topics=["counter_terrorism", "security_cooperation"],
        organizations=["SCO"],
    )


def _check_golden(graph: Graph, name: str, regen: bool) -> None:
    path = GOLDEN / name
    if regen:
        for prefix, ns in PREFIXES.items():
            graph.bind(prefix, ns, override=True, replace=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(graph.serialize(format="turtle"), encoding="utf-8")
        pytest.skip(f"rewrote {path.relative_to(REPO)}")
    expected = Graph().parse(path, format="turtle")
    if not isomorphic(graph, expected):
        _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(graph))
        lines = ["graph differs from " + name + " (rerun with --regen-golden if the change is intended)"]
        lines += ["- " + " ".join(t.n3() for t in triple) for triple in sorted(only_expected)]
        lines += ["+ " + " ".join(t.n3() for t in triple) for triple in sorted(only_actual)]
        pytest.fail("\n".join(lines))


def test_small_article_matches_golden(regen_golden: bool) -> None:
    _check_golden(article_graph(small_record()), "mapping_small.ttl", regen_golden)


def test_graph_uses_the_terms_the_evaluation_reads() -> None:
    g = article_graph(small_record())
    a = article_iri("m-1")
    wang, nasser = official_iri("وانغ لي"), official_iri("سمير ناصر")
    meeting = MEETING["m-1-1"]
    ufa = place_iri("أوفا", "RU")

    assert (a, RDF.type, DIP.Article) in g
    assert (a, DCTERMS.identifier, Literal("m-1")) in g
    assert (a, DCTERMS.title, Literal("وانغ يلتقي ناصر", lang="ar")) in g
    assert (a, DCTERMS.issued, Literal("2019-06-21", datatype=XSD_DATE)) in g
    assert (a, DCTERMS.source, URIRef("https://example.org/news/m-1")) in g
    assert set(g.objects(a, DIP.mentionsCountry)) == {COUNTRY.RU, COUNTRY.CN}
    assert set(g.objects(a, DIP.topic)) == {TOPIC.counter_terrorism, TOPIC.security_cooperation}
    assert (a, DIP.datelinePlace, ufa) in g
    assert (a, DIP.datelineDate, Literal("2019-06-20", datatype=XSD_DATE)) in g

    assert (wang, RDF.type, DIP.Official) in g
    assert (wang, RDFS.label, Literal("وانغ لي", lang="ar")) in g
    assert (wang, SKOS.altLabel, Literal("وانغ", lang="ar")) in g
    assert set(g.objects(wang, DIP.title)) == {
        Literal("عضو مجلس الدولة", lang="ar"),
        Literal("وزير الخارجية الصيني", lang="ar"),
    }
    assert (wang, DIP.represents, COUNTRY.CN) in g
    assert (wang, DIP.mentionedIn, a) in g
    assert (nasser, DIP.represents, organization_iri("SCO")) in g
    assert (organization_iri("SCO"), RDF.type, DIP.Organization) in g
    assert (organization_iri("SCO"), SKOS.notation, Literal("SCO")) in g

    assert (meeting, RDF.type, DIP.Meeting) in g
    assert (meeting, DIP.reportedIn, a) in g
    assert set(g.objects(meeting, DIP.participant)) == {wang, nasser}
    assert set(g.objects(meeting, DIP.participantCountry)) == {COUNTRY.CN}
    assert set(g.objects(meeting, DIP.participantOrganization)) == {organization_iri("SCO")}
    assert (meeting, DIP.mode, DIP.InPerson) in g
    assert (meeting, DIP.date, Literal("2019-06-20", datatype=XSD_DATE)) in g
    assert (meeting, DIP.dateBasis, Literal("dateline")) in g
    assert (meeting, DIP.location, ufa) in g
    assert (meeting, DIP.occasion, Literal("اجتماع وزراء خارجية الدول الأعضاء", lang="ar")) in g
    assert (ufa, RDF.type, DIP.Place) in g
    assert (ufa, RDFS.label, Literal("أوفا", lang="ar")) in g
    assert (ufa, DIP.country, COUNTRY.RU) in g

    # every country the graph points to is described, so its ISO code can be read
    for country in set(g.objects(None, DIP.represents)) | set(g.objects(None, DIP.country)):
        if str(country).startswith(str(COUNTRY)):
            assert (country, DIP.isoCode, Literal(str(country).rsplit("/", 1)[1])) in g
            assert (country, RDF.type, DIP.Country) in g
    assert (TOPIC.counter_terrorism, SKOS.notation, Literal("counter_terrorism")) in g
    assert (TOPIC.counter_terrorism, RDF.type, DIP.Topic) in g
    # no blank nodes: the same node in two article graphs must merge in the union
    assert not any(isinstance(t, BNode) for t in g.all_nodes())


def test_modes_and_a_country_only_location() -> None:
    record = small_record()
    record.meetings = [
        Meeting(["wang", "nasser"], ["CN"], mode="phone", place=Place(None, "CN")),
        Meeting(["wang", "ghost"], ["CN", "RU"], mode="video"),
    ]
    g = article_graph(record)
    first, second = MEETING["m-1-1"], MEETING["m-1-2"]
    assert (first, DIP.mode, DIP.PhoneCall) in g
    assert (second, DIP.mode, DIP.VideoCall) in g
    # only the country is known: the meeting's location is the Country itself
    assert (first, DIP.location, COUNTRY.CN) in g
    assert (COUNTRY.CN, DIP.isoCode, Literal("CN")) in g
    # a participant key with no Official is dropped; the rest of the meeting stays
    assert set(g.objects(second, DIP.participant)) == {official_iri("وانغ لي")}
    assert set(g.objects(second, DIP.participantCountry)) == {COUNTRY.CN, COUNTRY.RU}
    assert not list(g.objects(second, DIP.date))


def test_bad_values_are_left_out_not_written_ill_typed() -> None:
    record = small_record()
    record.article = Article(id="m 2/x", text="نص", published="2019-02-30", url="not an iri")
    record.meetings[0].date = "20 يونيو"
    g = article_graph(record)
    a = article_iri("m 2/x")
    assert str(a).endswith("/article/m%202%2Fx")
    assert graph_iri("m 2/x") == GRAPH["m%202%2Fx"]
    assert not list(g.objects(a, DCTERMS.issued))
    assert not list(g.objects(a, DCTERMS.source))
    assert not list(g.objects(None, DIP.date))
    assert (MEETING["m%202%2Fx-1"], DIP.reportedIn, a) in g


def test_same_record_twice_gives_identical_ntriples() -> None:
    first = article_graph(small_record()).serialize(format="nt")
    second = article_graph(small_record()).serialize(format="nt")
    assert sorted(first.splitlines()) == sorted(second.splitlines())
    assert len(first.splitlines()) == len(article_graph(small_record()))


def test_iris_do_not_depend_on_the_process() -> None:
    code = (
        "from kg.mapping import official_iri, place_iri;"
        "print(official_iri('وانغ لي'), place_iri('أوفا', 'RU'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == [str(official_iri("وانغ لي")), str(place_iri("أوفا", "RU"))]


def test_one_official_iri_per_person_across_articles() -> None:
    one = small_record()
    other = ArticleRecord(
        article=Article(id="m-2", text="قال وانغ لي إن ..."),
        dateline=None,
        officials=[Official("w", "وانغ لي", [], ["وزير الخارجية"], country="CN")],
        meetings=[],
        countries=["CN"],
        topics=[],
    )
    union = article_graph(one) + article_graph(other)
    wang = official_iri("وانغ لي")
    assert set(union.objects(wang, DIP.mentionedIn)) == {article_iri("m-1"), article_iri("m-2")}
    assert len(set(union.subjects(RDFS.label, Literal("وانغ لي", lang="ar")))) == 1


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("قوة شنغ كون", "قوه شنغ كون"),  # ta marbuta written as ha
        ("عبد الله بن زايد", "عبدالله بن زايد"),  # عبد ال joined or not
        ("أحمد  أبو الغيط", "احمد ابو الغيط"),  # hamza on alef, doubled space
        ("سيرجي شويغو", "سيرجي شويغو\u064e"),  # a diacritic
    ],
)
def test_spellings_of_one_name_share_an_iri(a: str, b: str) -> None:
    assert official_iri(a) == official_iri(b)


def test_different_people_sharing_a_surname_get_different_iris() -> None:
    assert official_iri("محمد بن سلمان") != official_iri("فيصل بن سلمان")
    assert official_iri("وانغ لي") != official_iri("وانغ يي")
    assert str(official_iri("وانغ لي")).rsplit("/", 1)[1].startswith("o")


# ---------------------------------------------------------------------- crosswalks

WIKIDATA_GAPS = {"BL", "BQ", "BV", "CC", "GS", "HM", "IO", "MF", "SH", "SJ", "TF"}  # see kg/data/wikidata.tsv


def test_countries_link_to_wikidata_and_iso_alpha3() -> None:
    record = small_record()
    record.countries = ["RU", "CN", "XK", "BV"]
    g = article_graph(record)
    wd = "http://www.wikidata.org/entity/"
    assert (COUNTRY.CN, SKOS.exactMatch, URIRef(wd + "Q148")) in g
    assert (COUNTRY.RU, SKOS.exactMatch, URIRef(wd + "Q159")) in g
    assert (COUNTRY.CN, DIP.isoAlpha3Code, Literal("CHN")) in g
    assert (COUNTRY.RU, DIP.isoAlpha3Code, Literal("RUS")) in g
    # Kosovo has a QID but no ISO 3166 alpha-3 (XKX is user-assigned); Bouvet Island's QID is a known gap
    assert (COUNTRY.XK, SKOS.exactMatch, URIRef(wd + "Q1246")) in g
    assert not list(g.objects(COUNTRY.XK, DIP.isoAlpha3Code))
    assert not list(g.objects(COUNTRY.BV, SKOS.exactMatch))
    assert (COUNTRY.BV, DIP.isoAlpha3Code, Literal("BVT")) in g


def test_wikidata_table_covers_every_gazetteer_country_but_the_listed_gaps() -> None:
    from kg import gazetteer
    from kg.mapping import wikidata_qids

    qids = wikidata_qids()
    codes = {
        line.split("\t")[0] for line in (REPO / "kg" / "data" / "countries.tsv").read_text().splitlines()[1:]
    }
    assert set(qids) == codes - WIKIDATA_GAPS
    assert all(re.fullmatch(r"Q[1-9][0-9]*", q) for q in qids.values())
    assert len(set(qids.values())) == len(qids)  # no two countries share an item
    assert gazetteer.country("SA").iso2 == "SA" and qids["SA"] == "Q851"


def test_meeting_modes_and_topics_have_crosswalks_in_the_ontology() -> None:
    from kg.ontology import ontology_graph

    onto = ontology_graph()
    cameo = "https://w3id.org/diplomacy-kg/id/cameo/"
    plover = "https://w3id.org/diplomacy-kg/id/plover/"
    assert (DIP.PhoneCall, SKOS.closeMatch, URIRef(cameo + "041")) in onto
    assert (DIP.VideoCall, SKOS.closeMatch, URIRef(plover + "CONSULT-phone")) in onto
    for code in ("042", "043", "044"):
        assert (DIP.InPerson, SKOS.closeMatch, URIRef(cameo + code)) in onto
    for mode in (DIP.InPerson, DIP.PhoneCall, DIP.VideoCall):
        assert (mode, SKOS.broadMatch, URIRef(cameo + "040")) in onto
    # every CAMEO and PLOVER concept linked to is described, with where its definition comes from
    targets = {o for p in (SKOS.closeMatch, SKOS.broadMatch) for o in onto.objects(None, p)}
    for target in targets:
        assert onto.value(target, SKOS.prefLabel) is not None, target
        assert onto.value(target, RDFS.isDefinedBy) is not None, target
    assert (TOPIC.counter_terrorism, SKOS.closeMatch, URIRef(plover + "context-terrorism")) in onto
    assert not list(onto.objects(TOPIC.belt_and_road, SKOS.closeMatch))


OA_NS = "http://www.w3.org/ns/oa#"


def _evidence_nodes(g: Graph) -> set:
    """The annotations, their span targets and selectors, and the reified statements they point at."""
    annotations = set(g.subjects(RDF.type, URIRef(OA_NS + "Annotation")))
    nodes = set(annotations)
    for ann in annotations:
        for target in g.objects(ann, URIRef(OA_NS + "hasTarget")):
            nodes.add(target)
            nodes.update(g.objects(target, URIRef(OA_NS + "hasSelector")))
    nodes.update(g.subjects(RDF.type, RDF.Statement))
    return nodes


def test_without_evidence_the_graph_keeps_every_fact_and_no_annotation() -> None:
    full = article_graph(small_record())
    lean = article_graph(small_record(), options=GraphOptions(evidence=False))
    evidence = _evidence_nodes(full)
    assert len(evidence) > 10  # the small article's facts are evidenced
    assert not _evidence_nodes(lean)
    facts = {t for t in full if t[0] not in evidence}
    assert set(lean) == facts


def test_without_text_the_article_text_is_left_out_and_the_quotes_kept() -> None:
    full = article_graph(small_record())
    no_text = article_graph(small_record(), options=GraphOptions(text=False))
    schema_text = URIRef("https://schema.org/text")
    assert len(list(full.triples((None, schema_text, None)))) == 1
    assert set(no_text) == {t for t in full if t[1] != schema_text}
    quotes = [str(o) for o in no_text.objects(None, URIRef(OA_NS + "exact"))]
    assert quotes and all(q in SMALL_TEXT for q in quotes)


# ---------------------------------------------------------------------- terms made cheaply, and written


@pytest.mark.parametrize(
    ("lexical", "lang"), [("سمير ناصر", "ar"), ("diplomacy-kg extractor 1", "en"), ("SA", None), ("", None)]
)
def test_cheap_string_literals_are_the_literals_rdflib_makes(lexical: str, lang: str | None) -> None:
    from kg.mapping import _string

    expected, made = Literal(lexical, lang=lang), _string(lexical, lang)
    assert type(made) is Literal
    slots = [slot for cls in type(expected).__mro__ for slot in getattr(cls, "__slots__", ())]
    assert slots  # rdflib keeps a Literal's fields in slots: _string sets each of them
    for slot in slots:
        assert getattr(made, slot) == getattr(expected, slot), slot
    assert made == expected and hash(made) == hash(expected) and made.n3() == expected.n3()


def test_minted_iris_are_rdflib_iris() -> None:
    from kg.mapping import _minted
    from kg.namespaces import SPAN

    made = _minted(SPAN, "m%202-3-9")
    assert type(made) is URIRef and made == SPAN["m%202-3-9"]
    assert _minted(made, "#quote") == URIRef(f"{SPAN}m%202-3-9#quote")


@pytest.mark.parametrize("options", [GraphOptions(), GraphOptions(evidence=False), GraphOptions(text=False)])
def test_ntriples_of_the_triples_is_the_article_graph(options: GraphOptions) -> None:
    from kg.ingest import ntriples
    from kg.mapping import article_triples

    expected = article_graph(small_record(), options=options)
    for _ in range(2):  # the second time, from the caches of the first
        data = ntriples(article_triples(small_record(), options))
        assert len(data.splitlines()) == len(expected)
        assert isomorphic(Graph().parse(data=data, format="nt"), expected)


def test_ntriples_writes_each_graphs_own_language_tags() -> None:
    # rdflib's Literal equality ignores the case of the tag: what one call wrote must not leak into the next
    from kg.ingest import ntriples

    s, p = URIRef("https://example.org/s"), URIRef("https://example.org/p")
    for tag in ("EN", "en", "En"):
        assert ntriples([(s, p, Literal("x", lang=tag))]) == f'<{s}> <{p}> "x"@{tag} .\n'.encode()
