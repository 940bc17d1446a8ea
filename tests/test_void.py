"""Tests of kg.void and of the exports around it: VoID/DCAT, JSON-LD with the context, TriG round trip, repeatable ingests."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import REPO, TINY_TEXTS
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS
from typer.testing import CliRunner

from kg.cli import app
from kg.mapping import graph_iri
from kg.namespaces import DIP, PREFIXES, PROV, SCHEMA, VOID
from kg.store import Store
from kg.void import DATASET_IRI, LICENCE_UNKNOWN, jsonld_context, void_graph

runner = CliRunner()
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")


def kg(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def sourced_store(tmp_path: Path, fake_extractor) -> Path:
    """The tiny corpus, one article from a named source and one without, ingested with the hand-built records."""
    path = tmp_path / "in.jsonl"
    rows = [
        {"id": "t-1", "text": TINY_TEXTS["t-1"], "source": "واس"},
        {"id": "t-2", "text": TINY_TEXTS["t-2"]},
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    store = tmp_path / "store"
    assert kg("ingest", path, "--store", store).exit_code == 0
    return store


def test_void_counts_what_the_store_holds(sourced_store: Path) -> None:
    with Store.open(sourced_store) as store:
        g = void_graph(store)
        stats = store.stats()
    d = DATASET_IRI
    assert (d, RDF.type, VOID.Dataset) in g
    assert g.value(d, VOID.triples).toPython() == stats["triples"]
    partitions = {
        g.value(p, VOID["class"]): g.value(p, VOID.entities).toPython()
        for p in g.objects(d, VOID.classPartition)
    }
    for name in ("Article", "Official", "Meeting", "Country", "Topic"):
        assert partitions[DIP[name]] == stats[name], name
    assert g.value(d, VOID.classes).toPython() == len(partitions)
    dates = list(g.objects(d, DCTERMS.modified))
    assert len(dates) == 1 and dates[0].datatype == XSD.dateTime


def test_void_sources_and_their_unknown_licence(sourced_store: Path) -> None:
    with Store.open(sourced_store) as store:
        g = void_graph(store)
    [source] = g.objects(DATASET_IRI, DCTERMS.source)
    assert (DATASET_IRI, VOID.subset, source) in g
    assert g.value(source, DCTERMS.title) == Literal("واس")
    [articles] = g.objects(source, VOID.classPartition)
    assert g.value(articles, VOID.entities).toPython() == 1
    # the input states no licence: none is invented, the rights statement says so
    assert g.value(source, DCTERMS.license) is None and g.value(DATASET_IRI, DCTERMS.license) is None
    assert g.value(source, DCTERMS.rights) == Literal(LICENCE_UNKNOWN, lang="en")
    assert any("1 article(s) name no source" in str(c) for c in g.objects(DATASET_IRI, RDFS.comment))


def test_void_names_the_extractor_version(sourced_store: Path) -> None:
    from kg.pipeline import EXTRACTOR_VERSION

    with Store.open(sourced_store) as store:
        g = void_graph(store)
    [agent] = g.objects(DATASET_IRI, PROV.wasAttributedTo)
    assert g.value(agent, SCHEMA.softwareVersion) == Literal(EXTRACTOR_VERSION)


@pytest.mark.parametrize(
    ("fmt", "syntax"), [("turtle", "turtle"), ("nt", "nt"), ("xml", "xml"), ("jsonld", "json-ld")]
)
def test_export_void_in_each_syntax(sourced_store: Path, fmt: str, syntax: str) -> None:
    result = kg("export", "--void", "--format", fmt, "--store", sourced_store)
    assert result.exit_code == 0, result.output
    g = Graph().parse(data=result.stdout_bytes, format=syntax)
    assert (DATASET_IRI, RDF.type, VOID.Dataset) in g


def test_export_void_to_a_file(sourced_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "void.ttl"
    assert kg("export", "--void", "-o", out, "--store", sourced_store).exit_code == 0
    assert (DATASET_IRI, RDF.type, VOID.Dataset) in Graph().parse(out, format="turtle")


# ---------------------------------------------------------------------- JSON-LD


def test_context_prefixes_agree_with_the_namespaces_and_no_term_shadows_a_prefix() -> None:
    context = jsonld_context()
    for prefix, ns in PREFIXES.items():
        assert context[prefix] == ns, prefix
    prefixes = {k for k, v in context.items() if isinstance(v, str) and v.endswith(("/", "#"))}
    terms = {k for k, v in context.items() if isinstance(v, dict)}
    assert prefixes & terms == set()


def test_jsonld_export_is_compact_and_round_trips(sourced_store: Path) -> None:
    result = kg("export", "--format", "jsonld", "--store", sourced_store)
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert "@context" in doc and "@graph" in doc
    meetings = [n for n in doc["@graph"] if n.get("type") == "Meeting"]
    assert meetings and all("participant" in m and "reportedIn" in m for m in meetings)
    assert any(isinstance(m.get("date"), str) for m in meetings)  # typed by the context, not {"@value": ...}
    jsonld = Graph().parse(data=result.stdout_bytes, format="json-ld")
    turtle = Graph().parse(data=kg("export", "--store", sourced_store).stdout_bytes, format="turtle")
    assert isomorphic(jsonld, turtle)


# ---------------------------------------------------------------------- TriG and repeatability


def _graphs(trig: bytes) -> dict[str, Graph]:
    ds = Dataset()
    ds.parse(data=trig, format="trig")
    return {str(g.identifier): g for g in ds.graphs() if len(g)}


def test_trig_export_round_trips(sourced_store: Path) -> None:
    trig = kg("export", "--format", "trig", "--store", sourced_store).stdout_bytes
    # reloaded into a fresh Oxigraph store, it holds the same named graphs, each the same graph
    # (isomorphic: the ontology's OWL axioms have blank nodes, which reloading renames)
    fresh = ox.Store()
    fresh.load(trig, format=ox.RdfFormat.TRIG)
    with Store.open(sourced_store) as store:
        names = set(store.ox.named_graphs())
        assert set(fresh.named_graphs()) == names
        for name in names:
            assert isomorphic(_graph_of(store.ox, name), _graph_of(fresh, name)), name
    graphs = _graphs(trig)
    assert {str(graph_iri("t-1")), str(graph_iri("t-2"))} <= set(graphs)
    # each article graph describes itself: derived from its article, with a generation time
    g1 = graphs[str(graph_iri("t-1"))]
    assert g1.value(graph_iri("t-1"), PROV.wasDerivedFrom) is not None
    assert g1.value(graph_iri("t-1"), PROV.generatedAtTime).datatype == XSD.dateTime


def _graph_of(store: ox.Store, name: ox.NamedNode) -> Graph:
    triples = (q.triple for q in store.quads_for_pattern(None, None, None, name))
    return Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")


TIMES = {PROV.generatedAtTime, DCTERMS.created, DCTERMS.modified, DCTERMS.issued}


def _without_times(g: Graph) -> Graph:
    out = Graph()
    for s, p, o in g:
        if p not in TIMES:
            out.add((s, p, o))
    return out


def test_two_ingests_of_the_same_input_give_isomorphic_exports_but_for_times(tmp_path: Path) -> None:
    exports = []
    for n in (1, 2):
        store = tmp_path / f"s{n}"
        assert kg("ingest", REPO / "seeds", "--store", store).exit_code == 0
        exports.append(_graphs(kg("export", "--format", "trig", "--store", store).stdout_bytes))
    first, second = exports
    assert set(first) == set(second)
    for name in first:
        assert isomorphic(_without_times(first[name]), _without_times(second[name])), name
    # the times are the only difference, and every article graph has one
    stamps = [g.value(URIRef(name), PROV.generatedAtTime) for name, g in first.items() if "/graph/" in name]
    assert len(stamps) == 2 and all(s is not None for s in stamps)


def test_jsonld_of_an_empty_store_is_valid(tmp_path: Path) -> None:
    with Store.open(tmp_path / "empty", create=True) as store:
        buf = io.BytesIO()
        store.export("jsonld", buf)
    assert len(Graph().parse(data=buf.getvalue(), format="json-ld")) == 0
