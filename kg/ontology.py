"""The diplomacy-kg ontology: where its Turtle file is, the parsed graph, and a HermiT consistency check.

`check_consistency()` loads the ontology (plus, optionally, instance data) into a fresh
owlready2 `World` and runs the HermiT reasoner bundled with owlready2 (needs `java`).

HermiT only knows the datatypes of the OWL 2 datatype map, and `xsd:date` (with `xsd:time`,
the `xsd:g*` types and `xsd:duration`) is not in it: HermiT aborts on it, even when it only
appears as the `rdfs:range` of `dip:date`.  So the copy of the graph fed to HermiT -- and
only that copy -- has every such datatype IRI replaced by `rdfs:Literal` and every literal of
such a type replaced by a plain string with the same lexical form.  The logic of classes,
properties, domains, ranges, disjointness and functionality is unaffected; what HermiT can
then no longer catch is an ill-formed date value (`"2019-13-45"^^xsd:date`), which is a
lexical check, not a reasoning one.  The report says how many triples were rewritten.
"""

from __future__ import annotations

import contextlib
import functools
import io
import shutil
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDFS, XSD

from kg.namespaces import ONTOLOGY_IRI

_REPO_ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology" / "diplomacy.ttl"


def _resolve_ontology_path() -> Path:
    # An installed package carries the file as `kg.bundled.ontology`; a source checkout that
    # is not installed (the package-dir mapping only exists after `pip install`) has it at
    # the top of the repository.
    try:
        candidate = resources.files("kg.bundled.ontology") / "diplomacy.ttl"
        if candidate.is_file():
            return Path(str(candidate))
    except ModuleNotFoundError:
        pass
    return _REPO_ONTOLOGY


ONTOLOGY_PATH: Path = _resolve_ontology_path()

# Datatypes outside the OWL 2 datatype map that HermiT rejects ("... is not supported").
HERMIT_UNSUPPORTED_DATATYPES: frozenset[URIRef] = frozenset(
    {
        XSD.date,
        XSD.time,
        XSD.gYear,
        XSD.gYearMonth,
        XSD.gMonth,
        XSD.gMonthDay,
        XSD.gDay,
        XSD.duration,
        XSD.yearMonthDuration,
        XSD.dayTimeDuration,
    }
)


@functools.cache
def ontology_graph() -> Graph:
    """The ontology parsed from `ONTOLOGY_PATH` (cached: treat it as read-only)."""
    graph = Graph()
    graph.parse(ONTOLOGY_PATH, format="turtle")
    return graph


@dataclass
class ReasonerReport:
    """Outcome of one HermiT run.

    `consistent` is logical consistency (some model exists); `inconsistent_classes` are the
    unsatisfiable named classes (equivalent to owl:Nothing), which HermiT can only list when
    the whole is consistent.  `ok` needs both.
    """

    consistent: bool
    inconsistent_classes: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.consistent and not self.inconsistent_classes


class ReasonerError(RuntimeError):
    """HermiT could not run (no Java, or it rejected the input): neither consistent nor not."""


def java_available() -> bool:
    """Whether the Java executable owlready2 will call is on PATH."""
    import owlready2

    return shutil.which(owlready2.JAVA_EXE) is not None


def _hermit_term(term):
    if isinstance(term, URIRef) and term in HERMIT_UNSUPPORTED_DATATYPES:
        return RDFS.Literal
    if isinstance(term, Literal) and term.datatype in HERMIT_UNSUPPORTED_DATATYPES:
        return Literal(str(term))
    return term


def hermit_input(data: Graph | None = None) -> tuple[Graph, int]:
    """The graph HermiT reasons over -- ontology plus `data`, unsupported datatypes rewritten
    (see the module docstring) -- and how many triples were rewritten."""
    out = Graph()
    rewritten = 0
    sources = [ontology_graph()] + ([data] if data is not None else [])
    for source in sources:
        for triple in source:
            new = tuple(_hermit_term(t) for t in triple)
            if new != triple:
                rewritten += 1
            out.add(new)
    return out, rewritten


def check_consistency(data: Graph | None = None, *, debug: bool = False) -> ReasonerReport:
    """Run HermiT over the ontology, plus the instance triples of `data` if given.

    Raises `ReasonerError` when HermiT cannot give an answer (Java missing or an error).
    owlready2's chatter is swallowed unless `debug`, in which case it is kept in `messages`.
    """
    import owlready2
    from owlready2.base import OwlReadyInconsistentOntologyError, OwlReadyJavaError

    if not java_available():
        raise ReasonerError(f"HermiT needs Java: {owlready2.JAVA_EXE!r} is not on PATH")

    graph, rewritten = hermit_input(data)
    messages: list[str] = []
    if rewritten:
        messages.append(
            f"{rewritten} triple(s) use datatypes HermiT does not support (xsd:date, ...): "
            "reasoned over with rdfs:Literal / plain strings instead"
        )
    ntriples = graph.serialize(format="nt", encoding="utf-8")

    # A fresh World per call: owlready2's default world is global, and reasoning writes the
    # inferred facts into it, so a shared one would leak one check's data into the next.
    world = owlready2.World()
    chatter = io.StringIO()
    consistent = True
    unsatisfiable: list[str] = []
    start = time.perf_counter()
    try:
        with contextlib.redirect_stdout(chatter), contextlib.redirect_stderr(chatter):
            onto = world.get_ontology(ONTOLOGY_IRI).load(fileobj=io.BytesIO(ntriples), format="ntriples")
            try:
                owlready2.sync_reasoner_hermit(onto, infer_property_values=False, debug=2 if debug else 0)
            except OwlReadyInconsistentOntologyError:
                consistent = False
            except OwlReadyJavaError as exc:
                raise ReasonerError(str(exc)) from exc
            except OSError as exc:  # java vanished between the check above and the call
                raise ReasonerError(f"could not start HermiT: {exc}") from exc
        if consistent:
            unsatisfiable = sorted(
                c.iri for c in world.inconsistent_classes() if getattr(c, "iri", None) != str(OWL.Nothing)
            )
    finally:
        seconds = time.perf_counter() - start
        world.close()

    if not consistent:
        messages.append(
            "HermiT: the ontology with the data is inconsistent (an individual in two disjoint "
            "classes, a violated domain/range or functional property, ...)"
        )
    for iri in unsatisfiable:
        messages.append(f"HermiT: class {iri} is unsatisfiable")
    if debug and chatter.getvalue().strip():
        messages.append(chatter.getvalue().strip())
    return ReasonerReport(consistent, unsatisfiable, messages, seconds)
