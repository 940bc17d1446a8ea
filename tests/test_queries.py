"""Tests of the saved SPARQL queries (queries/*.rq) and of kg.queries (headers, parameters, escaping).

Every saved query runs on the graph of the two seed articles and its rows are asserted in
full.  The graph comes from ONE fixture, `seeds_graph`, run twice: once on the hand-written
tests/fixtures/seeds_expected_graph.ttl (the true facts of seeds/seed-000.txt and
seeds/seed-004.txt) and once on what the real pipeline extracts from seeds/.  The expected
rows state those facts with labels and codes, so the extractor must get the seeds right.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store

from kg.queries import (
    QueryParameterError,
    SavedQuery,
    load,
    parameters,
    parse_header,
    prepare,
    saved_queries,
    saved_query,
)

REPO = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "seeds_expected_graph.ttl"
ONTOLOGY = REPO / "ontology" / "diplomacy.ttl"  # topics' notations and labels
GRAPHS = "https://w3id.org/diplomacy-kg/id/graph/"
XSD = "http://www.w3.org/2001/XMLSchema#"

BUNDLED = {q.name: q for q in saved_queries()}


@pytest.fixture(scope="module", params=["hand-written truth", "pipeline on seeds/"])
def seeds_graph(request) -> Store:
    """The knowledge graph of seeds/ as the store holds it: named graphs, queried as their union."""
    store = Store()
    if request.param == "hand-written truth":
        store.load(path=str(FIXTURE), format=RdfFormat.TURTLE, to_graph=NamedNode(GRAPHS + "seeds"))
    else:
        from kg.mapping import article_graph
        from kg.pipeline import extract_article
        from kg.records import Article

        for path in sorted((REPO / "seeds").glob("*.txt")):
            graph = article_graph(
                extract_article(Article(id=path.stem, text=path.read_text(encoding="utf-8")))
            )
            store.load(
                graph.serialize(format="nt").encode(),
                format=RdfFormat.N_TRIPLES,
                to_graph=NamedNode(GRAPHS + path.stem),
            )
    store.load(path=str(ONTOLOGY), format=RdfFormat.TURTLE, to_graph=NamedNode(GRAPHS + "ontology"))
    return store


def python_value(term):
    if term is None:
        return None
    if isinstance(term, Literal) and term.datatype == NamedNode(XSD + "integer"):
        return int(term.value)
    if isinstance(term, Literal) and term.datatype == NamedNode(XSD + "boolean"):
        return term.value == "true"
    return term.value


def run(store: Store, query: str, /, **bindings: str) -> tuple[list[str], list[tuple]]:
    """Column names and rows (as Python values) of the bundled query called `query`."""
    results = store.query(prepare(BUNDLED[query].text, bindings), use_default_graph_as_union=True)
    columns = [v.value for v in results.variables]
    return columns, [tuple(python_value(row[c]) for c in columns) for row in results]


def example_bindings(query: SavedQuery) -> dict[str, str]:
    """The --bind NAME=VALUE pairs of the query's `# Example:` command line."""
    words = shlex.split(query.example)
    return dict(words[i + 1].split("=", 1) for i, w in enumerate(words) if w == "--bind")


# --- the facts of the seed articles -------------------------------------------------------

GUO, GRIGORYAN, MOHIB, STEFANOVIC = "قوه شنغ كون", "أرمين جريجوريان", "حمد الله مهيب", "نيبوشا ستيفانوفيتش"
WEI, SHOIGU = "وي فنغ خه", "سيرجي شويجو"
UFA, DUSHANBE = "أوفا", "دوشنبه"
UFA_MEETING = "الاجتماع الدولي العاشر للممثلين رفيعي المستوى للقضايا الأمنية"
SCO_MEETING = "اجتماع لوزراء دفاع الدول الأعضاء في منظمة شانغهاي للتعاون"
TOPICS_AM = "belt_and_road counter_terrorism cybersecurity law_enforcement security_cooperation"
TOPICS_AF = "counter_terrorism law_enforcement peace_stability security_cooperation"
TOPICS_RS = "law_enforcement security_cooperation"
TOPICS_RU = (
    "conflict_resolution counter_terrorism military_cooperation peace_stability political_coordination"
)
IN_UFA = ("2019-06-20", UFA, "RU", "InPerson")  # date, place, its country, mode
IN_DUSHANBE = ("2021-07-28", DUSHANBE, "TJ", "InPerson")


def test_meetings_by_country(seeds_graph):
    columns, rows = run(seeds_graph, "meetings_by_country")
    assert columns == ["code", "name_en", "name_ar", "meetings", "counterparts"]
    assert rows == [
        ("CN", "China", "الصين", 4, "AF AM RS RU"),
        ("AF", "Afghanistan", "أفغانستان", 1, "CN"),
        ("AM", "Armenia", "أرمينيا", 1, "CN"),
        ("RS", "Serbia", "صربيا", 1, "CN"),
        ("RU", "Russia", "روسيا", 1, "CN"),
    ]  # TJ is only where a meeting took place, not a party to it


def test_meetings(seeds_graph):
    columns, rows = run(seeds_graph, "meetings")
    assert columns == ["date", "place", "place_country", "mode"] + [
        "participants", "countries", "topics", "occasion", "article"
    ]  # fmt: skip
    assert rows == [
        (*IN_UFA, f"{GRIGORYAN}; {GUO}", "AM CN", TOPICS_AM, UFA_MEETING, "seed-000"),
        (*IN_UFA, f"{MOHIB}; {GUO}", "AF CN", TOPICS_AF, UFA_MEETING, "seed-000"),
        (*IN_UFA, f"{GUO}; {STEFANOVIC}", "CN RS", TOPICS_RS, UFA_MEETING, "seed-000"),
        (*IN_DUSHANBE, f"{SHOIGU}; {WEI}", "CN RU", TOPICS_RU, SCO_MEETING, "seed-004"),
    ]


def test_officials_by_country(seeds_graph):
    columns, rows = run(seeds_graph, "officials_by_country")
    assert columns == ["represents", "name", "aliases", "titles"]
    assert rows == [
        ("AF", MOHIB, "مهيب", "مستشار الأمن القومي الأفغاني"),
        ("AM", GRIGORYAN, "جريجوريان", "أمين مجلس الأمن الوطني الأرميني"),
        (
            "CN",
            GUO,
            "قوه",
            "رئيس لجنة الشؤون السياسية والقانونية باللجنة المركزية للحزب الشيوعي الصيني; "
            "عضو المكتب السياسي للجنة المركزية للحزب الشيوعي الصيني",
        ),
        ("CN", WEI, "وي", "عضو مجلس الدولة; وزير الدفاع الوطني الصيني"),
        ("RS", STEFANOVIC, "ستيفانوفيتش", "نائب رئيس الوزراء; وزير الداخلية الصربي"),
        ("RU", SHOIGU, "شويجو", "وزير الدفاع الروسي"),
    ]


def test_meetings_of_official_by_alias(seeds_graph):
    columns, rows = run(seeds_graph, "meetings_of_official", name="شويجو")
    assert columns == [
        "official_name", "date", "counterparts", "counterpart_countries", "place", "place_country", "article",
    ]  # fmt: skip
    assert rows == [(SHOIGU, "2021-07-28", WEI, "CN", DUSHANBE, "TJ", "seed-004")]


def test_meetings_of_official_by_full_name_in_text_order(seeds_graph):
    _, rows = run(seeds_graph, "meetings_of_official", name=GUO)
    assert rows == [
        (GUO, "2019-06-20", GRIGORYAN, "AM", UFA, "RU", "seed-000"),
        (GUO, "2019-06-20", MOHIB, "AF", UFA, "RU", "seed-000"),
        (GUO, "2019-06-20", STEFANOVIC, "RS", UFA, "RU", "seed-000"),
    ]


def test_meetings_of_official_matches_names_exactly(seeds_graph):
    # a spelling that folds to the same form is still another string; a part of a name is not a name
    assert run(seeds_graph, "meetings_of_official", name="قوة")[1] == []
    assert run(seeds_graph, "meetings_of_official", name="شنغ")[1] == []


def test_topics_by_country_pair(seeds_graph):
    columns, rows = run(seeds_graph, "topics_by_country_pair")
    assert columns == ["country_a", "country_b", "meetings", "topics"]
    assert rows == [
        ("AF", "CN", 1, TOPICS_AF),
        ("AM", "CN", 1, TOPICS_AM),
        ("CN", "RS", 1, TOPICS_RS),
        ("CN", "RU", 1, TOPICS_RU),
    ]


def test_country_network(seeds_graph):
    columns, rows = run(seeds_graph, "country_network")
    assert columns == ["country_a", "country_b", "meetings"]
    assert rows == [("AF", "CN", 1), ("AM", "CN", 1), ("CN", "RS", 1), ("CN", "RU", 1)]


def test_timeline(seeds_graph):
    columns, rows = run(seeds_graph, "timeline")
    assert columns == ["date", "countries", "mode", "place", "article"]
    assert rows == [
        ("2019-06-20", "AM CN", "InPerson", UFA, "seed-000"),
        ("2019-06-20", "AF CN", "InPerson", UFA, "seed-000"),
        ("2019-06-20", "CN RS", "InPerson", UFA, "seed-000"),
        ("2021-07-28", "CN RU", "InPerson", DUSHANBE, "seed-004"),
    ]


def test_articles_mentioning(seeds_graph):
    columns, rows = run(seeds_graph, "articles_mentioning", country="AF")
    assert columns == ["article", "headline", "published", "in_meeting"]
    # seed-004 names Afghanistan only in a statement; seed-000 reports a meeting with its adviser
    assert rows == [("seed-000", None, None, True), ("seed-004", None, None, False)]
    assert run(seeds_graph, "articles_mentioning", country="tj")[1] == [("seed-004", None, None, False)]
    assert run(seeds_graph, "articles_mentioning", country="FR")[1] == []


def test_meetings_by_office(seeds_graph):
    columns, rows = run(seeds_graph, "meetings_by_office", title="وزير الدفاع", country="ru")
    assert columns == ["date", "official_name", "title_as_written", "counterparts", "place", "article"]
    assert rows == [("2021-07-28", SHOIGU, "وزير الدفاع الروسي", WEI, DUSHANBE, "seed-004")]
    # the whole title; the office of another country; a title cut inside a word
    assert run(seeds_graph, "meetings_by_office", title="وزير الدفاع الوطني الصيني", country="CN")[1] == [
        ("2021-07-28", WEI, "وزير الدفاع الوطني الصيني", SHOIGU, DUSHANBE, "seed-004")
    ]
    assert run(seeds_graph, "meetings_by_office", title="وزير الدفاع", country="AM")[1] == []
    assert run(seeds_graph, "meetings_by_office", title="وزير الدفا", country="RU")[1] == []
    politburo = "عضو المكتب السياسي للجنة المركزية للحزب الشيوعي الصيني"
    assert run(seeds_graph, "meetings_by_office", title="عضو المكتب السياسي", country="CN")[1] == [
        ("2019-06-20", GUO, politburo, GRIGORYAN, UFA, "seed-000"),
        ("2019-06-20", GUO, politburo, MOHIB, UFA, "seed-000"),
        ("2019-06-20", GUO, politburo, STEFANOVIC, UFA, "seed-000"),
    ]


def test_every_saved_query_has_a_test_above():
    tested = {name for name in BUNDLED if f'"{name}"' in Path(__file__).read_text(encoding="utf-8")}
    assert tested == set(BUNDLED)


# --- robustness: the store repeats nodes in every article's graph ------------------------


@pytest.fixture(scope="module")
def doubled_graph(seeds_graph) -> Store:
    """The seeds graph with every triple stated again in a second named graph."""
    store = Store()
    for quad in seeds_graph:
        store.add(quad)
        store.add(Quad(quad.subject, quad.predicate, quad.object, NamedNode(GRAPHS + "copy")))
    return store


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_rows_do_not_repeat_when_graphs_repeat_triples(name, seeds_graph, doubled_graph):
    bindings = example_bindings(BUNDLED[name])
    once = run(seeds_graph, name, **bindings)
    assert once[1], "the example should have answers on the seeds"
    assert run(doubled_graph, name, **bindings) == once


# --- cases the seeds do not have ----------------------------------------------------------

# An invented article: an undated phone call between an Egyptian minister and a UN official
# (location given as a country, Egypt present only through its minister), a video call
# with a Chinese delegation, and an official known by two spellings who represents nothing known.
EXTRA = """
@prefix dip: <https://w3id.org/diplomacy-kg/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix : <https://w3id.org/diplomacy-kg/id/test/> .
@prefix country: <https://w3id.org/diplomacy-kg/id/country/> .

:a a dip:Article ; dcterms:identifier "test-1" ; dcterms:title "وزيرة تتلقى اتصالا"@ar ;
   dcterms:issued "2022-03-01"^^xsd:date ; dip:mentionsCountry country:EG , country:CN .
country:EG a dip:Country ; dip:isoCode "EG" ; rdfs:label "مصر"@ar , "Egypt"@en .
country:CN a dip:Country ; dip:isoCode "CN" ; rdfs:label "الصين"@ar , "China"@en .
:un a dip:Organization ; skos:notation "UN" ; rdfs:label "الأمم المتحدة"@ar , "United Nations"@en .
:layla a dip:Official ; rdfs:label "ليلى حسن"@ar ; dip:title "وزيرة الخارجية"@ar ;
   dip:represents country:EG ; dip:mentionedIn :a .
:karim a dip:Official ; rdfs:label "كريم الفاضل"@ar ; skos:altLabel "الفاضل"@ar ;
   dip:title "مساعد الأمين العام"@ar ; dip:represents :un ; dip:mentionedIn :a .
:sami a dip:Official ; rdfs:label "سامي نور"@ar , "سامى نور"@ar ; dip:mentionedIn :a .
:m1 a dip:Meeting ; dip:reportedIn :a ; dip:participant :layla , :karim ;
   dip:participantOrganization :un ; dip:mode dip:PhoneCall ; dip:location country:EG .
:m2 a dip:Meeting ; dip:reportedIn :a ; dip:participant :layla ;
   dip:participantCountry country:EG , country:CN ; dip:mode dip:VideoCall ;
   dip:date "2022-02-28"^^xsd:date ; dip:topic <https://w3id.org/diplomacy-kg/id/topic/public_health> .
"""


@pytest.fixture(scope="module")
def extended_graph(seeds_graph) -> Store:
    store = Store()
    store.extend(seeds_graph)
    store.load(EXTRA.encode(), format=RdfFormat.TURTLE, to_graph=NamedNode(GRAPHS + "test-1"))
    return store


def test_undated_meetings_come_last(seeds_graph, extended_graph):
    seeds = run(seeds_graph, "timeline")[1]
    assert run(extended_graph, "timeline")[1] == seeds + [
        ("2022-02-28", "CN EG", "VideoCall", None, "test-1"),
        (None, "EG", "PhoneCall", "مصر", "test-1"),
    ]
    assert run(extended_graph, "meetings")[1][-2:] == [
        ("2022-02-28", None, None, "VideoCall", "ليلى حسن", "CN EG", "public_health", None, "test-1"),
        (None, "مصر", "EG", "PhoneCall", "كريم الفاضل; ليلى حسن", "EG", None, None, "test-1"),
    ]


def test_countries_through_participants_and_delegations(extended_graph):
    assert run(extended_graph, "meetings_by_country")[1][:2] == [
        ("CN", "China", "الصين", 5, "AF AM EG RS RU"),
        ("EG", "Egypt", "مصر", 2, "CN"),
    ]
    assert ("CN", "EG", 1) in run(extended_graph, "country_network")[1]
    assert ("CN", "EG", 1, "public_health") in run(extended_graph, "topics_by_country_pair")[1]


def test_officials_of_organizations_and_of_nothing_known(extended_graph):
    rows = run(extended_graph, "officials_by_country")[1]
    assert rows[-2:] == [
        ("UN", "كريم الفاضل", "الفاضل", "مساعد الأمين العام"),
        (None, "سامى نور", "سامي نور", None),  # the other rdfs:label is listed as an alias
    ]
    assert ("EG", "ليلى حسن", None, "وزيرة الخارجية") in rows


def test_meeting_without_named_counterpart(extended_graph):
    assert run(extended_graph, "meetings_of_official", name="ليلى حسن")[1] == [
        ("ليلى حسن", "2022-02-28", None, "CN", None, None, "test-1"),
        ("ليلى حسن", None, "كريم الفاضل", None, "مصر", "EG", "test-1"),
    ]


def test_article_headline_and_date(extended_graph):
    assert run(extended_graph, "articles_mentioning", country="EG")[1] == [
        ("test-1", "وزيرة تتلقى اتصالا", "2022-03-01", True)
    ]


# --- the bundled files --------------------------------------------------------------------


def test_bundled_queries_are_the_files_of_queries_dir():
    assert sorted(BUNDLED) == sorted(p.stem for p in (REPO / "queries").glob("*.rq"))
    assert len(BUNDLED) >= 8


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_header_of_bundled_query(name):
    query = BUNDLED[name]
    assert query.summary and len(query.summary) > 20
    words = shlex.split(query.example)
    assert words[:3] == ["kg", "query", f"queries/{name}.rq"]
    assert set(example_bindings(query)) == set(query.parameters)
    assert all(query.parameters.values()), "every parameter is described"
    for parameter in query.parameters:
        assert f"# VALUES ?{parameter}" in query.text


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_bundled_query_parses(name):
    query = BUNDLED[name]
    store = Store()
    list(store.query(query.text))  # the unfilled placeholders are comments
    list(store.query(prepare(query.text, example_bindings(query)), use_default_graph_as_union=True))


def test_saved_query_by_name():
    assert saved_query("timeline").name == saved_query("timeline.rq").name == "timeline"
    with pytest.raises(LookupError, match="meetings_by_country"):
        saved_query("no_such_query")


def test_parameters_of_bundled_queries():
    assert parameters(BUNDLED["meetings_of_official"].text) == ["name"]
    assert BUNDLED["meetings_of_official"].kinds == {"name": "literal@ar"}
    assert parameters(BUNDLED["articles_mentioning"].text) == ["country"]
    assert parameters(BUNDLED["timeline"].text) == []


# --- header parsing and prepare -----------------------------------------------------------

TWO_PARAMETERS = """\
# Summary: meetings of a country in a period.
# Parameters: ?code (literal) - ISO code
#   ?since (date) - first day
#   ?who (iri) - an official
# Example: kg query x.rq --bind code=CN --bind since=2020-01-01 --bind who=https://example.org/o1
# The rest of the comment is free text.
#   ?not_a_parameter (iri) - after free text, no longer the parameter list

SELECT ?code ?since ?who WHERE {
  # VALUES ?code
  # VALUES ?since
  # VALUES ?who
}
"""

ONE_PARAMETER = """\
# Summary: echo.
# Parameters: ?v (KIND) - a value
SELECT ?v WHERE {
    # VALUES ?v
}
"""


def test_header_with_several_parameters(tmp_path):
    path = tmp_path / "period.rq"
    path.write_text(TWO_PARAMETERS, encoding="utf-8")
    query = load(path)
    assert query.path == path and query.name == "period" and query.text == TWO_PARAMETERS
    assert query.summary == "meetings of a country in a period."
    assert query.parameters == {"code": "ISO code", "since": "first day", "who": "an official"}
    assert query.kinds == {"code": "literal", "since": "date", "who": "iri"}
    assert query.example.startswith("kg query x.rq --bind code=CN")
    assert parameters(TWO_PARAMETERS) == ["code", "since", "who"]


def test_header_without_parameters_and_without_header():
    assert parse_header("# Summary: s\n# Parameters: none\nSELECT * {}").parameters == {}
    header = parse_header("SELECT * WHERE { ?s ?p ?o }\n# Parameters: ?x - not a header")
    assert (header.summary, header.parameters, header.example) == ("", {}, "")


def test_header_kind_defaults_to_literal():
    assert parse_header("# Parameters: ?x - anything\nSELECT ?x {}").kinds == {"x": "literal"}


@pytest.mark.parametrize("header", ["# Parameters: ?x (string) - no such kind", "# Parameters: name - no ?"])
def test_bad_parameter_declaration(header):
    with pytest.raises(QueryParameterError):
        parse_header(header + "\nSELECT * {}")


def echo(kind: str, value: str):
    """The term ?v is bound to after `prepare` writes `value` as `kind` into a query."""
    text = prepare(ONE_PARAMETER.replace("KIND", kind), {"v": value})
    (row,) = list(Store().query(text))
    return row["v"]


@pytest.mark.parametrize(
    "value",
    [
        'a "quoted" word',
        'x" } ; SELECT * WHERE { ?s ?p ?o } #',
        "}",
        "back\\slash and \\n written out",
        "\\u0022 not a quote",
        "line\nbreak\r\nand\ttab",
        "'''single''' quotes",
        "control \x01\x08\x0c\x7f characters",
        'عربي «مقتبس» "و} أقواس"',
        "",
    ],
)
def test_prepare_writes_any_string_exactly(value):
    assert echo("literal", value) == Literal(value)
    assert echo("literal@ar", value) == Literal(value, language="ar")


def test_prepare_other_kinds():
    assert echo("iri", "https://example.org/a?b=c#d") == NamedNode("https://example.org/a?b=c#d")
    assert echo("iri", "<https://example.org/a>") == NamedNode("https://example.org/a")
    assert echo("integer", "-42") == Literal("-42", datatype=NamedNode(XSD + "integer"))
    assert echo("date", "2019-06-20") == Literal("2019-06-20", datatype=NamedNode(XSD + "date"))


@pytest.mark.parametrize(
    "kind, value",
    [
        ("iri", "https://example.org/a> } ?s ?p ?o { <x"),
        ("iri", "not an iri"),
        ("iri", "https://example.org/a b"),
        ("iri", ""),
        ("integer", "4 2"),
        ("integer", "1 } #"),
        ("date", "2019-13-01"),
        ("date", "20 June 2019"),
        ("literal", "lone surrogate \udcff"),
    ],
)
def test_prepare_rejects_values_not_of_the_kind(kind, value):
    with pytest.raises(QueryParameterError, match="--bind v="):
        echo(kind, value)


def test_prepare_unknown_parameter_names_the_declared_ones():
    with pytest.raises(QueryParameterError, match=r"\?nmae.*\?name"):
        prepare(BUNDLED["meetings_of_official"].text, {"nmae": "شويجو"})
    with pytest.raises(QueryParameterError, match="takes no parameters"):
        prepare(BUNDLED["timeline"].text, {"name": "x"})


def test_prepare_missing_parameter_says_what_to_pass():
    with pytest.raises(QueryParameterError, match="--bind name=VALUE"):
        prepare(BUNDLED["meetings_of_official"].text, {})
    with pytest.raises(QueryParameterError, match="--bind since=VALUE --bind who=VALUE"):
        prepare(TWO_PARAMETERS, {"code": "CN"})


def test_prepare_fills_every_placeholder_in_place():
    text = prepare(TWO_PARAMETERS, {"?code": "CN", "$since": "2020-01-01", "who": "https://example.org/o1"})
    assert '  VALUES ?code { "CN" }\n' in text
    assert f'  VALUES ?since {{ "2020-01-01"^^<{XSD}date> }}\n' in text
    assert "# VALUES" not in text
    (row,) = list(Store().query(text))
    assert (row["code"].value, row["since"].value, row["who"].value) == (
        "CN",
        "2020-01-01",
        "https://example.org/o1",
    )


def test_prepare_needs_the_placeholder():
    text = "# Parameters: ?x - a value\nSELECT ?x WHERE { }\n"
    with pytest.raises(QueryParameterError, match="# VALUES \\?x"):
        prepare(text, {"x": "1"})


def test_prepare_leaves_a_query_without_parameters_alone():
    assert prepare(BUNDLED["timeline"].text, {}) == BUNDLED["timeline"].text
