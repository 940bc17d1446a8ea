"""Describe and publish the graph: a VoID/DCAT description of a store, and JSON-LD with the project's context.

`void_graph(store)` counts what the store holds -- triples, entities, instances per class,
triples per property, articles per source -- and names the extractor versions that made
its graphs, as a `void:Dataset` / `dcat:Dataset`.  Sources are the `source` values of the
input articles (`dcterms:publisher` of each article); each is a subset of the dataset.  A
source's licence is written only when the data states one, and the input format
(TASK.md) has no licence field, so every source gets `dcterms:rights` "licence not stated
in the input" instead of a guessed `dcterms:license`: the publisher of a newspaper is not
its licence, and the knowledge graph's own terms of use depend on those of its sources.

`write_jsonld` writes triples as JSON-LD compacted with `kg/data/context.json`, so that
`kg export --format jsonld` reads `"participant": ["official:o1..."]` instead of full IRIs.
"""

from __future__ import annotations

import functools
import io
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from importlib import resources
from typing import TYPE_CHECKING, BinaryIO
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from kg.errors import FormatError, KgError
from kg.namespaces import DCAT, DIP, ID, ONTOLOGY_IRI, PREFIXES, PROV, SCHEMA, VOID

if TYPE_CHECKING:
    from kg.store import Store

DATASET_IRI = ID["dataset"]
LICENCE_UNKNOWN = "licence not stated in the input"
_VOCABULARIES = (
    str(DIP._NS),
    "http://www.w3.org/ns/oa#",
    "http://www.w3.org/ns/prov#",
    "http://www.w3.org/ns/org#",
    "http://www.w3.org/2004/02/skos/core#",
    "http://purl.org/dc/terms/",
)
# rdflib's names of the RDF syntaxes of kg.formats
# a description is one graph: as N-Quads it is its N-Triples (all in the default graph)
_RDFLIB_FORMATS = {"turtle": "turtle", "nt": "nt", "trig": "trig", "nquads": "nt", "xml": "xml"}

_NOT_ONTOLOGY = f"FILTER (?g != <{ONTOLOGY_IRI}>)"
_COUNTS = f"""SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?p) AS ?properties)
WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_NOT_ONTOLOGY} }} }}"""
_CLASSES = f"""SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s a ?c }} {_NOT_ONTOLOGY} }}
GROUP BY ?c ORDER BY ?c"""
_PROPERTIES = f"""SELECT ?p (COUNT(*) AS ?n)
WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_NOT_ONTOLOGY} }} }} GROUP BY ?p ORDER BY ?p"""
_SOURCES = f"""SELECT ?source (COUNT(DISTINCT ?a) AS ?n)
WHERE {{ ?a a <{DIP.Article}> . OPTIONAL {{ ?a <{DCTERMS.publisher}> ?source }} }} GROUP BY ?source ORDER BY ?source"""
_AGENTS = f"""SELECT DISTINCT ?agent ?version
WHERE {{ ?agent a <{PROV.SoftwareAgent}> . OPTIONAL {{ ?agent <{SCHEMA.softwareVersion}> ?version }} }}
ORDER BY ?agent"""


def void_graph(store: Store, now: datetime | None = None) -> Graph:
    """The VoID/DCAT description of the store's article graphs (the ontology graph not counted)."""
    if not hasattr(store, "ox"):
        raise KgError("kg export --void reads a store directory, not a SPARQL endpoint")
    g = Graph()
    _bind(g)
    d = DATASET_IRI
    ox_store = store.ox
    g.add((d, RDF.type, VOID.Dataset))
    g.add((d, RDF.type, DCAT.Dataset))
    g.add((d, DCTERMS.title, Literal("diplomacy-kg knowledge graph", lang="en")))
    g.add(
        (
            d,
            DCTERMS.description,
            Literal(
                "Officials, their meetings, the countries and organizations they represent and the topics "
                "discussed, extracted from Arabic news articles; every fact points to its evidence in the text.",
                lang="en",
            ),
        )
    )
    stamp = (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    g.add((d, DCTERMS.modified, Literal(stamp, datatype=XSD.dateTime)))
    g.add((d, VOID.uriSpace, Literal(str(ID))))
    g.add((d, DCTERMS.conformsTo, URIRef(ONTOLOGY_IRI)))
    g.add((d, DCTERMS.conformsTo, URIRef("https://w3id.org/diplomacy-kg/shapes")))
    for vocabulary in _VOCABULARIES:
        g.add((d, VOID.vocabulary, URIRef(vocabulary)))

    row = next(iter(ox_store.query(_COUNTS)))
    g.add((d, VOID.triples, _int(row["triples"])))
    g.add((d, VOID.entities, _int(row["subjects"])))
    g.add((d, VOID.properties, _int(row["properties"])))

    classes = list(ox_store.query(_CLASSES))
    g.add((d, VOID.classes, Literal(len(classes))))
    for r in classes:
        part = URIRef(f"{d}/class/{_local(r['c'].value)}")
        g.add((d, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(r["c"].value)))
        g.add((part, VOID.entities, _int(r["n"])))
    for r in ox_store.query(_PROPERTIES):
        part = URIRef(f"{d}/property/{_local(r['p'].value)}")
        g.add((d, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(r["p"].value)))
        g.add((part, VOID.triples, _int(r["n"])))

    for r in ox_store.query(_SOURCES):
        source = r["source"]
        if source is None:
            g.add((d, RDFS.comment, Literal(f"{r['n'].value} article(s) name no source", lang="en")))
            continue
        sub = URIRef(f"{d}/source/{quote(source.value, safe='')}")
        g.add((d, DCTERMS.source, sub))
        g.add((d, VOID.subset, sub))
        g.add((sub, RDF.type, VOID.Dataset))
        g.add((sub, RDF.type, DCAT.Dataset))
        g.add((sub, DCTERMS.title, Literal(source.value)))
        g.add((sub, DCTERMS.publisher, Literal(source.value)))
        g.add((sub, DCTERMS.rights, Literal(LICENCE_UNKNOWN, lang="en")))
        articles = URIRef(f"{sub}/articles")
        g.add((sub, VOID.classPartition, articles))
        g.add((articles, VOID["class"], DIP.Article))
        g.add((articles, VOID.entities, _int(r["n"])))

    for r in ox_store.query(_AGENTS):
        agent = URIRef(r["agent"].value)
        g.add((d, PROV.wasAttributedTo, agent))
        g.add((agent, RDF.type, PROV.SoftwareAgent))
        if r["version"] is not None:
            g.add((agent, SCHEMA.softwareVersion, Literal(r["version"].value)))
    return g


def write_graph(graph: Graph, fmt: str, out: BinaryIO) -> None:
    """Write a small rdflib graph (the VoID description) in one of the syntaxes of `kg export`."""
    if fmt == "jsonld":
        out.write(_compact(graph).encode("utf-8"))
        return
    if fmt not in _RDFLIB_FORMATS:
        raise FormatError(f"unknown RDF format {fmt!r}")
    out.write(graph.serialize(format=_RDFLIB_FORMATS[fmt], encoding="utf-8"))


def write_jsonld(items: Iterable[ox.Quad | ox.Triple], out: BinaryIO) -> None:
    """Write triples (or the triples of quads) as JSON-LD compacted with the project's context."""
    triples = (t.triple if isinstance(t, ox.Quad) else t for t in items)
    buf = io.BytesIO()
    ox.serialize(triples, buf, ox.RdfFormat.N_TRIPLES)
    graph = Graph(bind_namespaces="none")
    graph.parse(data=buf.getvalue(), format="nt")
    out.write(_compact(graph).encode("utf-8"))


@functools.cache
def jsonld_context() -> dict:
    """The JSON-LD context of the project (`kg/data/context.json`), its `@context` value."""
    with resources.files("kg.data").joinpath("context.json").open(encoding="utf-8") as f:
        return json.load(f)["@context"]


def _compact(graph: Graph) -> str:
    return graph.serialize(format="json-ld", context=jsonld_context(), auto_compact=True, indent=1) + "\n"


def _bind(g: Graph) -> None:
    for prefix, ns in {**PREFIXES, "void": str(VOID), "dcat": str(DCAT)}.items():
        g.bind(prefix, ns, override=True, replace=True)


def _int(term: ox.Literal) -> Literal:
    return Literal(int(term.value))


def _local(iri: str) -> str:
    """`dip-Meeting` for a term of a known namespace, else the IRI percent-encoded."""
    for prefix, ns in sorted(
        {**PREFIXES, "rdf": str(RDF), "void": str(VOID)}.items(), key=lambda kv: -len(kv[1])
    ):
        if iri.startswith(ns) and iri != ns:
            return f"{prefix}-{quote(iri[len(ns) :], safe='')}"
    return quote(iri, safe="")
