"""Tests of ontology/diplomacy.ttl against kg.namespaces.DIP and topics.md, and of the HermiT check."""

from __future__ import annotations

import inspect
import re

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib import namespace as rdfns
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kg import ontology
from kg.namespaces import DIP, ONTOLOGY_IRI, TOPIC
from kg.ontology import ONTOLOGY_PATH, check_consistency, hermit_input, java_available, ontology_graph

# The 20 codes of spec/topics.md with their English labels, in its order: this is the specification.
TOPICS = {
    "counter_terrorism": "Counter-terrorism",
    "security_cooperation": "Security cooperation",
    "law_enforcement": "Law enforcement",
    "cybersecurity": "Cybersecurity",
    "drugs_crime": "Drugs and organised crime",
    "military_cooperation": "Military cooperation",
    "peace_stability": "Peace and stability",
    "conflict_resolution": "Conflict resolution",
    "political_coordination": "Political coordination",
    "economic_cooperation": "Economic cooperation",
    "energy": "Energy",
    "infrastructure_transport": "Infrastructure and transport",
    "belt_and_road": "Belt and Road",
    "public_health": "Public health",
    "education_culture": "Education and culture",
    "science_technology": "Science and technology",
    "climate_environment": "Climate and environment",
    "humanitarian_aid": "Humanitarian aid",
    "nuclear_nonproliferation": "Non-proliferation",
    "religious_affairs": "Religious affairs",
}
TOPIC_CODES = list(TOPICS)

SECTION_TYPES = {
    "classes": OWL.Class,
    "meeting modes": OWL.NamedIndividual,
    "object properties": OWL.ObjectProperty,
    "datatype properties": OWL.DatatypeProperty,
}

ARABIC = re.compile(r"[\u0600-\u06FF]")

needs_java = pytest.mark.skipif(not java_available(), reason="HermiT needs Java and `java` is not on PATH")

PREFIXES = """
@prefix dip: <https://w3id.org/diplomacy-kg/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix ex: <https://w3id.org/diplomacy-kg/id/test/> .
"""


def _data(turtle: str) -> Graph:
    return Graph().parse(data=PREFIXES + turtle, format="turtle")


def _dip_terms_by_section() -> dict[str, tuple[URIRef, str]]:
    """Each DIP term with its declared type (from the section comment above it in
    kg/namespaces.py) and its trailing `# domain -> range` comment."""
    terms: dict[str, tuple[URIRef, str]] = {}
    section = None
    for line in inspect.getsource(DIP).splitlines():
        line = line.strip()
        if line.startswith("#"):
            heading = line.lstrip("# ").partition("(")[0].strip()
            section = SECTION_TYPES.get(heading, section)
            continue
        match = re.match(r"(\w+): URIRef(?:\s*#\s*(.*))?$", line)
        if match:
            assert section is not None, f"{match[1]} is under no known section comment"
            terms[match[1]] = (section, match[2] or "")
    return terms


def _class_names(graph: Graph, node) -> set[str]:
    """Local names of a named class or of the members of an owl:unionOf expression."""
    if isinstance(node, BNode):
        union = graph.value(node, OWL.unionOf)
        assert union is not None, f"anonymous class without owl:unionOf: {node}"
        return {str(m).removeprefix(str(DIP)) for m in Collection(graph, union)}
    return {str(node).removeprefix(str(DIP))}


def test_turtle_parses_and_header() -> None:
    assert ONTOLOGY_PATH.name == "diplomacy.ttl" and ONTOLOGY_PATH.is_file()
    g = ontology_graph()
    onto = URIRef(ONTOLOGY_IRI)
    assert (onto, RDF.type, OWL.Ontology) in g
    assert g.value(onto, OWL.versionIRI) == URIRef(ONTOLOGY_IRI + "/0.1.0")
    assert str(g.value(onto, OWL.versionInfo)) == "0.1.0"
    assert {t.language for t in g.objects(onto, DCTERMS.title)} == {"ar", "en"}
    assert g.value(onto, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    vann = "http://purl.org/vocab/vann/"
    assert str(g.value(onto, URIRef(vann + "preferredNamespacePrefix"))) == "dip"
    assert str(g.value(onto, URIRef(vann + "preferredNamespaceUri"))) == str(DIP)


def test_every_dip_term_is_declared_with_its_type_and_labels() -> None:
    g = ontology_graph()
    terms = _dip_terms_by_section()
    assert set(terms) == set(DIP.__annotations__)
    for name, (owl_type, _) in terms.items():
        iri = DIP[name]
        assert (iri, RDF.type, owl_type) in g, f"dip:{name} is not a {owl_type}"
        for prop in (RDFS.label, RDFS.comment):
            values = {v.language: str(v) for v in g.objects(iri, prop)}
            assert set(values) == {"ar", "en"}, f"dip:{name} {prop}: {values}"
            assert ARABIC.search(values["ar"]), f"dip:{name} has a non-Arabic @ar {prop}"


def test_meeting_modes_are_distinct_individuals() -> None:
    g = ontology_graph()
    modes = {DIP.InPerson, DIP.PhoneCall, DIP.VideoCall}
    for mode in modes:
        assert (mode, RDF.type, DIP.MeetingMode) in g
    lists = [Collection(g, g.value(n, OWL.distinctMembers)) for n in g.subjects(RDF.type, OWL.AllDifferent)]
    assert any(set(members) == modes for members in lists)


def test_ontology_declares_no_dip_term_that_dip_lacks() -> None:
    known = {DIP[name] for name in DIP.__annotations__}
    used = {
        t for triple in ontology_graph() for t in triple if isinstance(t, URIRef) and t.startswith(str(DIP))
    }
    assert used - known == set()
    assert known - used == set()


def test_domains_and_ranges_follow_the_namespace_comments() -> None:
    g = ontology_graph()
    for name, (owl_type, comment) in _dip_terms_by_section().items():
        if owl_type not in (OWL.ObjectProperty, OWL.DatatypeProperty):
            continue
        domain_text, _, range_text = comment.partition("->")
        domain = {d.strip() for d in domain_text.split("|")}
        assert _class_names(g, g.value(DIP[name], RDFS.domain)) == domain, name
        if owl_type == OWL.ObjectProperty:
            rng = {r.strip() for r in range_text.split("|")}
            assert _class_names(g, g.value(DIP[name], RDFS.range)) == rng, name
    assert g.value(DIP.date, RDFS.range) == rdfns.XSD.date
    assert g.value(DIP.datelineDate, RDFS.range) == rdfns.XSD.date
    assert g.value(DIP.title, RDFS.range) == RDF.langString
    assert g.value(DIP.occasion, RDFS.range) == RDF.langString
    for name in ("isoCode", "dateBasis", "agency"):
        assert g.value(DIP[name], RDFS.range) == rdfns.XSD.string, name


def test_topic_scheme_has_the_twenty_codes() -> None:
    g = ontology_graph()
    scheme = TOPIC["scheme"]
    assert (scheme, RDF.type, SKOS.ConceptScheme) in g
    assert {label.language for label in g.objects(scheme, SKOS.prefLabel)} == {"ar", "en"}
    notations = sorted(str(n) for n in g.objects(None, SKOS.notation))
    assert notations == sorted(TOPIC_CODES)
    assert set(g.subjects(RDF.type, DIP.Topic)) == {TOPIC[code] for code in TOPIC_CODES}
    for code in TOPIC_CODES:
        concept = TOPIC[code]
        assert (concept, RDF.type, SKOS.Concept) in g
        assert g.value(concept, SKOS.notation) == Literal(code)
        assert (concept, SKOS.inScheme, scheme) in g
        assert (concept, SKOS.topConceptOf, scheme) in g
        assert (scheme, SKOS.hasTopConcept, concept) in g
        labels = {label.language: str(label) for label in g.objects(concept, SKOS.prefLabel)}
        assert set(labels) == {"ar", "en"} and ARABIC.search(labels["ar"]), code
        assert labels["en"] == TOPICS[code]
        assert any(d.language == "en" for d in g.objects(concept, SKOS.definition)), code


def test_hermit_input_rewrites_only_dates() -> None:
    data = _data('ex:m a dip:Meeting ; dip:date "2019-06-20"^^xsd:date ; dip:dateBasis "explicit" .')
    graph, rewritten = hermit_input(data)
    assert rewritten == 3  # the ranges of dip:date and dip:datelineDate, and the date value
    assert not any(rdfns.XSD.date in (s, p, o, getattr(o, "datatype", None)) for s, p, o in graph)
    assert (URIRef("https://w3id.org/diplomacy-kg/id/test/m"), DIP.date, Literal("2019-06-20")) in graph
    assert (DIP.date, RDFS.range, RDFS.Literal) in graph
    # everything else is carried over unchanged
    assert len(graph) == len(ontology_graph()) + len(data)
    assert (DIP.date, RDFS.range, rdfns.XSD.date) in ontology_graph()


@needs_java
def test_hermit_finds_the_ontology_consistent() -> None:
    report = check_consistency()
    assert report.consistent and report.ok, report.messages
    assert report.inconsistent_classes == []


@needs_java
def test_hermit_accepts_well_formed_instance_data_with_dates() -> None:
    data = _data(
        """
        ex:a a dip:Article ; dip:datelineDate "2021-07-28"^^xsd:date ; dip:agency "شينخوا" .
        ex:c a dip:Country ; dip:isoCode "TJ" .
        ex:p a dip:Place ; dip:country ex:c .
        ex:o a dip:Official ; dip:represents ex:c ; dip:title "وزير الدفاع"@ar ; dip:mentionedIn ex:a .
        ex:m a dip:Meeting ; dip:reportedIn ex:a ; dip:participant ex:o ; dip:participantCountry ex:c ;
            dip:mode dip:VideoCall ; dip:date "2021-07-28"^^xsd:date ; dip:dateBasis "dateline" ;
            dip:location ex:p ; dip:topic <https://w3id.org/diplomacy-kg/id/topic/energy> .
        """
    )
    report = check_consistency(data)
    assert report.ok, report.messages


@needs_java
@pytest.mark.parametrize(
    "turtle",
    [
        "ex:x a dip:Official , dip:Meeting .",  # disjoint classes
        "ex:o a dip:Official ; dip:represents ex:o2 . ex:o2 a dip:Official .",  # outside the union range
        "ex:m a dip:Meeting ; dip:mode dip:InPerson , dip:PhoneCall .",  # functional + AllDifferent
        'ex:m a dip:Meeting ; dip:date "2019-06-20"^^xsd:date , "2019-06-21"^^xsd:date .',  # functional
    ],
    ids=["official-and-meeting", "represents-an-official", "two-modes", "two-dates"],
)
def test_hermit_reports_planted_contradictions(turtle: str) -> None:
    report = check_consistency(_data(turtle))
    assert not report.consistent and not report.ok
    assert any("inconsistent" in m for m in report.messages)


@needs_java
def test_hermit_lists_unsatisfiable_classes_and_worlds_do_not_leak() -> None:
    data = _data("ex:Impossible a owl:Class ; rdfs:subClassOf dip:Official , dip:Article .")
    report = check_consistency(data)
    assert report.consistent and not report.ok
    assert report.inconsistent_classes == ["https://w3id.org/diplomacy-kg/id/test/Impossible"]
    # the previous run's data must not be visible to the next one
    assert check_consistency().inconsistent_classes == []


def test_missing_java_is_an_error_not_a_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ontology, "java_available", lambda: False)
    with pytest.raises(ontology.ReasonerError, match="Java"):
        check_consistency()
