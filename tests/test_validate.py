"""Tests of kg.validate and `kg validate`: the shapes, planted violations, exit codes 0/1/2, and HermiT (--reason)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import REPO
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, SH
from test_evidence import record
from typer.testing import CliRunner

from kg.cli import app
from kg.mapping import article_graph, graph_iri, official_iri, participation_iri, statement_iri
from kg.namespaces import COUNTRY, DIP, MEETING, OA, ONTOLOGY_IRI
from kg.ontology import java_available, ontology_graph
from kg.readers import read_articles
from kg.store import Store, seed_files
from kg.validate import reason_graph, shapes_graph, validate_graph, validate_store

runner = CliRunner()
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
needs_java = pytest.mark.skipif(not java_available(), reason="HermiT needs Java and `java` is not on PATH")


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the seed articles, made by the real pipeline."""
    path = tmp_path_factory.mktemp("seeds") / "store"
    with Store.open(path, create=True) as store:
        store.ingest(read_articles(seed_files()))
    return path


def test_the_seeds_graph_conforms_with_no_warning(seeds_store: Path) -> None:
    with Store.open(seeds_store) as store:
        report = validate_store(store)
    assert report.conforms and report.findings == [], [str(f) for f in report.findings]
    assert report.triples > 1000


def test_every_class_of_the_data_and_the_ontology_has_a_shape(seeds_store: Path) -> None:
    shapes = shapes_graph()
    targeted = set(shapes.objects(None, SH.targetClass))
    with Store.open(seeds_store) as store:
        used = {
            URIRef(q.object.value)
            for q in store.ox.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), None, None)
        }
    dip_classes = {c for c in ontology_graph().subjects(RDF.type, OWL.Class) if str(c).startswith(str(DIP))}
    ontology_only = {OWL.Ontology, OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.FunctionalProperty,
                     OWL.InverseFunctionalProperty, OWL.NamedIndividual, OWL.AllDisjointClasses, OWL.AllDifferent}  # fmt: skip
    skos = "http://www.w3.org/2004/02/skos/core#"
    data_classes = {c for c in used if c not in ontology_only and not str(c).startswith(skos)}
    assert dip_classes - targeted == set()
    assert data_classes - targeted == set()


def test_the_topic_codes_of_the_shapes_are_those_of_the_ontology() -> None:
    from rdflib.collection import Collection

    shapes = shapes_graph()
    prop = shapes.value(URIRef("https://w3id.org/diplomacy-kg/shapes#Topic"), SH.property)
    codes = {str(c) for c in Collection(shapes, shapes.value(prop, SH["in"]))}
    notation = URIRef("http://www.w3.org/2004/02/skos/core#notation")
    assert len(codes) == 20 and codes == {str(n) for n in ontology_graph().objects(None, notation)}


# ---------------------------------------------------------------------- planted violations

A = URIRef("https://w3id.org/diplomacy-kg/id/article/e-1")
M = MEETING["e-1-1"]
SAFADI = official_iri("أيمن الصفدي")


def _quote_selector(g: Graph) -> URIRef:
    return next(g.subjects(RDF.type, OA.TextQuoteSelector))


PLANTS = {
    "two modes": (lambda g: g.add((M, DIP.mode, DIP.PhoneCall)), M, "dip:mode"),
    "mode outside the list": (lambda g: g.set((M, DIP.mode, DIP.Meeting)), M, "dip:mode"),
    "date without basis": (lambda g: g.remove((M, DIP.dateBasis, None)), M, None),
    "bad iso code": (
        lambda g: g.set((COUNTRY.JO, DIP.isoCode, Literal("jor"))),
        str(COUNTRY.JO),
        "dip:isoCode",
    ),
    "topic code not in topics.md": (
        lambda g: g.set(
            (
                URIRef("https://w3id.org/diplomacy-kg/id/topic/counter_terrorism"),
                URIRef("http://www.w3.org/2004/02/skos/core#notation"),
                Literal("terror"),
            )
        ),  # fmt: skip
        "https://w3id.org/diplomacy-kg/id/topic/counter_terrorism",
        "skos:notation",
    ),
    "meeting without participant": (lambda g: g.remove((M, DIP.participant, None)), M, "dip:participant"),
    "quote of another length": (lambda g: g.set((_quote_selector(g), OA.exact, Literal("نص"))), None, None),
    "official without article": (
        lambda g: g.remove((SAFADI, DIP.mentionedIn, None)),
        SAFADI,
        "dip:mentionedIn",
    ),
    "evidence for an unasserted statement": (
        lambda g: g.remove((M, DIP.topic, None)),
        statement_iri(M, DIP.topic, URIRef("https://w3id.org/diplomacy-kg/id/topic/counter_terrorism")),
        None,
    ),
    "participation of a non-participant": (
        lambda g: g.remove((M, DIP.participant, SAFADI)),
        participation_iri(M, SAFADI),
        None,
    ),
    "date as a plain string": (
        lambda g: g.set((M, DIP.date, Literal("2023-03-12"))),
        M,
        "dip:date",
    ),
}


@pytest.mark.parametrize("name", sorted(PLANTS))
def test_a_planted_violation_is_caught(name: str) -> None:
    plant, focus, path = PLANTS[name]
    g = article_graph(record())  # conforms: see test_missing_evidence_is_a_warning_not_a_violation
    plant(g)
    report = validate_graph(g)
    assert not report.conforms
    hits = [
        f
        for f in report.violations
        if (focus is None or f.focus == str(focus)) and (path is None or f.path == path)
    ]
    assert hits, [str(f) for f in report.findings]


def test_missing_evidence_is_a_warning_not_a_violation() -> None:
    assert validate_graph(article_graph(record())).findings == []
    r = record()
    r.meetings[0].span = None
    r.officials[0].spans = r.officials[1].spans = []
    report = validate_graph(article_graph(r))
    assert report.conforms
    assert {f.message for f in report.findings} == {
        "no evidence in the text for this meeting",
        "no evidence in the text for this participation",
    }
    assert all(f.severity == "Warning" for f in report.findings)


# ---------------------------------------------------------------------- the store and the command


def _plant_in_store(path: Path, article_id: str, triple: tuple[URIRef, URIRef, object]) -> None:
    s, p, o = (ox.NamedNode(str(t)) if isinstance(t, URIRef) else ox.Literal(str(t)) for t in triple)
    with Store.open(path) as store:
        # the store keeps its default graph as the merge of the article graphs: plant in both
        store.ox.add(ox.Quad(s, p, o, ox.NamedNode(str(graph_iri(article_id)))))
        store.ox.add(ox.Quad(s, p, o, ox.DefaultGraph()))


def _copy_store(src: Path, dst: Path) -> Path:
    import shutil

    shutil.copytree(src, dst)
    return dst


def test_cli_exits_0_on_the_seeds_and_1_on_a_planted_violation(seeds_store: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", "--store", str(seeds_store)])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.stderr and result.stdout == ""

    broken = _copy_store(seeds_store, tmp_path / "broken")
    meeting = MEETING["seed-004-1"]
    _plant_in_store(broken, "seed-004", (meeting, DIP.mode, DIP.VideoCall))
    result = runner.invoke(app, ["validate", "--store", str(broken)])
    assert result.exit_code == 1, result.output
    assert "does not conform: 1 violation(s)" in result.stderr
    [line] = result.stdout.splitlines()
    assert line.startswith("seed-004: Violation: meeting:seed-004-1 dip:mode: ")


def test_a_shared_node_is_listed_with_every_article_holding_it(seeds_store: Path, tmp_path: Path) -> None:
    broken = _copy_store(seeds_store, tmp_path / "broken")
    china = COUNTRY.CN  # described in both seed graphs
    _plant_in_store(broken, "seed-000", (china, DIP.isoCode, Literal("XX")))
    with Store.open(broken) as store:
        report = validate_store(store)
    [finding] = report.violations
    assert finding.focus == str(china) and finding.articles == ["seed-000", "seed-004"]


def test_cli_exits_2_when_it_cannot_read(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", "--store", str(tmp_path / "none")])
    assert result.exit_code == 2 and "no kg store" in result.stderr
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "file.txt").write_text("x", encoding="utf-8")
    assert runner.invoke(app, ["validate", "--store", str(tmp_path / "junk")]).exit_code == 2


def test_help_documents_the_exit_codes() -> None:
    result = runner.invoke(app, ["validate", "--help"])
    assert result.exit_code == 0
    for code in ("0  the graph conforms", "1  violations", "2  the graph could not be checked"):
        assert code in result.stdout


# ---------------------------------------------------------------------- reasoning


@needs_java
def test_reason_finds_the_seeds_consistent(seeds_store: Path) -> None:
    result = runner.invoke(app, ["validate", "--reason", "--store", str(seeds_store)])
    assert result.exit_code == 0, result.output
    assert "HermiT: ontology + data consistent" in result.stderr


@needs_java
def test_reason_reports_an_inconsistency(seeds_store: Path, tmp_path: Path) -> None:
    broken = _copy_store(seeds_store, tmp_path / "broken")
    # a participation that is also a meeting: the classes are disjoint, the shapes do not see it
    with Store.open(seeds_store) as store:
        quads = store.ox.quads_for_pattern(None, None, ox.NamedNode(str(DIP.Participation)), None)
        p = URIRef(next(iter(quads)).subject.value)
    _plant_in_store(broken, "seed-000", (p, RDF.type, DIP.Meeting))
    result = runner.invoke(app, ["validate", "--reason", "--store", str(broken)])
    assert result.exit_code == 1
    assert "INCONSISTENT" in result.stderr


@needs_java
def test_reason_lists_inferred_class_memberships() -> None:
    g = article_graph(record())
    untyped = URIRef("https://w3id.org/diplomacy-kg/id/test/somewhere")
    g.add((URIRef("https://w3id.org/diplomacy-kg/id/test/city"), RDF.type, DIP.Place))
    g.add((URIRef("https://w3id.org/diplomacy-kg/id/test/city"), DIP.country, untyped))
    report = reason_graph(g)
    assert report.ok
    assert (str(untyped), str(DIP.Country)) in report.inferred
    assert ONTOLOGY_IRI not in {i for i, _ in report.inferred}


def test_repo_shapes_are_the_ones_used() -> None:
    from kg.validate import SHAPES_PATH

    assert SHAPES_PATH.read_bytes() == (REPO / "ontology" / "shapes.ttl").read_bytes()
