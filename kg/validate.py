"""Check a knowledge graph: SHACL shapes (pySHACL) per finding's article, and OWL reasoning (HermiT).

`validate_graph` runs the shapes of `ontology/shapes.ttl` over an rdflib graph;
`validate_store` runs them over a store's merged graph and says, for each finding, which
article graphs hold its focus node (a person or a country shared by several articles is
listed with all of them).  `reason_store` loads the ontology with the data's class
assertions and the assertions of the ontology's own properties into owlready2 and runs
HermiT (see `kg.ontology` for the datatype rewriting HermiT needs), reporting consistency,
unsatisfiable classes and the class memberships HermiT inferred.

pySHACL and owlready2 are imported inside the functions that need them: importing this
module costs nothing, and `kg query` never loads them.
"""

from __future__ import annotations

import contextlib
import io
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SH

from kg.errors import KgError
from kg.formats import short_iri
from kg.namespaces import GRAPH, ONTOLOGY_IRI

if TYPE_CHECKING:
    from kg.store import Store

_REPO_SHAPES = Path(__file__).resolve().parent.parent / "ontology" / "shapes.ttl"
SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
MAX_ARTICLES_SHOWN = 3


class ValidationError(KgError):
    """The graph could not be checked (unreadable store or shapes, pySHACL or HermiT unavailable)."""

    exit_code = 2


def _resolve_shapes_path() -> Path:
    # installed: the ontology folder is the package kg.bundled.ontology; a plain checkout has it at the top
    try:
        candidate = resources.files("kg.bundled.ontology") / "shapes.ttl"
        if candidate.is_file():
            return Path(str(candidate))
    except ModuleNotFoundError:
        pass
    return _REPO_SHAPES


SHAPES_PATH: Path = _resolve_shapes_path()


def shapes_graph() -> Graph:
    """The SHACL shapes, parsed from `SHAPES_PATH`."""
    try:
        return Graph().parse(SHAPES_PATH, format="turtle")
    except (OSError, SyntaxError, ValueError) as e:
        raise ValidationError(f"cannot read the shapes: {e}", file=SHAPES_PATH) from None


@dataclass
class Finding:
    """One SHACL validation result, with the ids of the articles whose graphs hold its focus node."""

    severity: str  # Violation | Warning | Info
    focus: str
    path: str | None
    value: str | None
    message: str
    articles: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        shown = self.articles[:MAX_ARTICLES_SHOWN]
        more = len(self.articles) - len(shown)
        where = ", ".join(shown) + (f" (+{more} more)" if more > 0 else "") if shown else "(no article)"
        parts = [f"{where}: {self.severity}: {_short(self.focus)}"]
        if self.path:
            parts.append(self.path)
        text = " ".join(parts) + f": {self.message}"
        return text + (f" [value: {self.value}]" if self.value else "")


@dataclass
class ValidationReport:
    findings: list[Finding]
    triples: int
    seconds: float

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def conforms(self) -> bool:
        """No violation (warnings and infos do not make a graph non-conforming)."""
        return not self.violations


def validate_graph(data: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Run the shapes over `data` (no inference: the mapping states every type it means)."""
    try:
        import pyshacl
    except ModuleNotFoundError:
        raise ValidationError("pySHACL is not installed (pip install pyshacl)") from None
    start = time.perf_counter()
    _, results, _ = pyshacl.validate(
        data,
        shacl_graph=shapes if shapes is not None else shapes_graph(),
        inference="none",
        allow_warnings=True,
        advanced=True,
    )
    findings = [_finding(results, r) for r in results.subjects(RDF.type, SH.ValidationResult)]
    findings.sort(key=lambda f: (f.severity != "Violation", f.focus, f.path or "", f.message))
    return ValidationReport(findings, len(data), time.perf_counter() - start)


def validate_store(store: Store) -> ValidationReport:
    """Run the shapes over the store's merged graph; each finding names the articles holding its focus node."""
    start = time.perf_counter()
    data = store_graph(store)
    report = validate_graph(data)
    for finding in report.findings:
        finding.articles = _articles_of(store, finding.focus)
        finding.articles.sort()
    report.findings.sort(key=lambda f: (f.severity != "Violation", f.articles[:1], f.focus, f.path or ""))
    report.seconds = time.perf_counter() - start
    return report


def store_graph(store: Store) -> Graph:
    """The store's merged graph (all article graphs and the ontology) as an rdflib graph."""
    if not hasattr(store, "ox"):
        raise ValidationError("kg validate reads a store directory, not a SPARQL endpoint")
    buf = io.BytesIO()
    try:
        store.ox.dump(buf, ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    except OSError as e:
        raise ValidationError(f"cannot read the store {store.path}: {e}") from None
    graph = Graph(bind_namespaces="none")
    graph.parse(data=buf.getvalue(), format="nt")
    return graph


def _finding(results: Graph, r) -> Finding:
    severity = SEVERITIES.get(results.value(r, SH.resultSeverity), "Violation")
    focus = results.value(r, SH.focusNode)
    path = results.value(r, SH.resultPath)
    value = results.value(r, SH.value)
    message = results.value(r, SH.resultMessage)
    shape = results.value(r, SH.sourceShape)
    return Finding(
        severity=severity,
        focus=str(focus),
        path=_path_text(results, path),
        value=_term_text(value),
        message=str(message) if message is not None else f"fails {_term_text(shape)}",
    )


def _path_text(results: Graph, path) -> str | None:
    if path is None:
        return None
    if isinstance(path, BNode):
        inverse = results.value(path, SH.inversePath)
        if inverse is not None:
            return f"^{short_iri(str(inverse))}"
        return "(complex path)"
    return short_iri(str(path))


def _term_text(term) -> str | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return short_iri(str(term))
    if isinstance(term, Literal):
        return term.n3()
    return "(blank node)"


def _short(iri: str) -> str:
    return short_iri(iri) if iri.startswith(("http://", "https://")) else iri


def _articles_of(store: Store, focus: str) -> list[str]:
    """Ids of the articles whose named graphs state something about `focus` (as subject, else as object)."""
    if not focus.startswith(("http://", "https://", "urn:")):
        return []
    node = ox.NamedNode(focus)
    names = {q.graph_name for q in store.ox.quads_for_pattern(node, None, None, None)}
    if not any(isinstance(n, ox.NamedNode) for n in names):
        names = {q.graph_name for q in store.ox.quads_for_pattern(None, None, node, None)}
    out = []
    for name in names:
        if not isinstance(name, ox.NamedNode):
            continue
        if name.value == ONTOLOGY_IRI:
            out.append("(ontology)")
        elif name.value.startswith(str(GRAPH)):
            out.append(unquote(name.value.removeprefix(str(GRAPH))))
    return out


# ---------------------------------------------------------------------- reasoning


@dataclass
class ReasoningReport:
    """HermiT's verdict on the ontology plus the data, and the class memberships it inferred."""

    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)
    inferred: list[tuple[str, str]] = field(default_factory=list)  # (individual, class) IRIs
    individuals: int = 0
    messages: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable


def reasoning_input(data: Graph, ontology: Graph) -> Graph:
    """The data triples HermiT is given: class assertions of the ontology's classes, and the
    assertions of its object and datatype properties (terms it does not declare would take
    the input out of OWL 2 DL)."""
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    properties = set(ontology.subjects(RDF.type, OWL.ObjectProperty)) | set(
        ontology.subjects(RDF.type, OWL.DatatypeProperty)
    )
    out = Graph(bind_namespaces="none")
    for s, p, o in data:
        if isinstance(s, BNode) or isinstance(o, BNode):
            continue  # the ontology's own axioms (lists, restrictions) come with the ontology
        if (p == RDF.type and o in classes) or p in properties:
            out.add((s, p, o))
    return out


def reason_graph(data: Graph) -> ReasoningReport:
    """Run HermiT over the ontology plus `data`'s assertions (see `reasoning_input`).

    Raises `ValidationError` when HermiT cannot answer (no Java, or it failed).
    """
    import owlready2
    from owlready2.base import OwlReadyInconsistentOntologyError, OwlReadyJavaError

    from kg.ontology import ReasonerError, hermit_input, java_available, ontology_graph

    if not java_available():
        raise ValidationError(f"HermiT needs Java: {owlready2.JAVA_EXE!r} is not on PATH")
    graph, rewritten = hermit_input(reasoning_input(data, ontology_graph()))
    report = ReasoningReport(consistent=True)
    if rewritten:
        report.messages.append(
            f"{rewritten} triple(s) with xsd:date and other datatypes HermiT lacks were given as plain literals"
        )
    ntriples = graph.serialize(format="nt", encoding="utf-8")
    # owlready2's `individuals()` lists only owl:NamedIndividual-typed ones: look the data's nodes up by IRI
    nodes = sorted({str(t) for s, _, o in graph for t in (s, o) if isinstance(t, URIRef)})
    world = owlready2.World()
    chatter = io.StringIO()
    start = time.perf_counter()
    try:
        with contextlib.redirect_stdout(chatter), contextlib.redirect_stderr(chatter):
            onto = world.get_ontology(ONTOLOGY_IRI).load(fileobj=io.BytesIO(ntriples), format="ntriples")
            # a node only used as an object has no entity until the reasoner types it
            before = {iri: _classes(world[iri]) for iri in nodes if _is_individual(world[iri])}
            report.individuals = len(before)
            try:
                owlready2.sync_reasoner_hermit(onto, infer_property_values=False, debug=0)
            except OwlReadyInconsistentOntologyError:
                report.consistent = False
            except (OwlReadyJavaError, ReasonerError, OSError) as e:
                raise ValidationError(f"HermiT failed: {e}") from None
        if report.consistent:
            report.unsatisfiable = sorted(
                c.iri for c in world.inconsistent_classes() if getattr(c, "iri", None) != str(OWL.Nothing)
            )
            for iri, classes in before.items():
                for cls in sorted(_classes(world[iri]) - classes):
                    report.inferred.append((iri, cls))
            report.inferred.sort()
    finally:
        report.seconds = time.perf_counter() - start
        world.close()
    return report


def reason_store(store: Store) -> ReasoningReport:
    return reason_graph(store_graph(store))


def _is_individual(entity) -> bool:
    import owlready2

    return entity is None or isinstance(entity, owlready2.Thing)


def _classes(individual) -> set[str]:
    if individual is None:
        return set()
    return {c.iri for c in individual.is_a if getattr(c, "iri", None) and c.iri != str(OWL.Thing)}
