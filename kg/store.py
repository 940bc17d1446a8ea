"""The persistent knowledge graph: an on-disk Oxigraph store with one named graph per article.

A store is a directory holding the Oxigraph (RocksDB) data in `oxigraph/` and a small
`kg-store.json` naming the store format version and the tool version that created it, so
`kg` refuses a directory that is not its own instead of scribbling into it.  Each write
runs inside a journal (`kg.recovery`): the last write of an ingest that was killed is
undone when the store is next opened, so each article is wholly present or wholly absent.
One process writes at a time (RocksDB's lock); another one is told the store is busy.

Ingesting an article replaces its named graph (`kg.mapping.graph_iri`), so re-ingesting
replaces facts and never duplicates them.  The ontology lives in a graph of its own, named
by the ontology IRI (a name no article graph can take), replaced at each ingest so topic
labels are queryable.

Queries see the merge of all graphs as their default graph.  Oxigraph 0.5's
`use_default_graph_as_union` is a bag, not a set: a triple held by two article graphs (a
country's description, a person met in two articles) matches twice, doubling rows and
COUNTs (oxigraph/oxigraph#1919, fixed after 0.5).  So the store keeps the default graph as
the materialised RDF merge of the named graphs, maintained at each replacement, and
queries and triple exports read it.

Writing, measured on the 14,848 SaudiNewsNet articles (1.86M article triples, 3.35M quads
with the merge, 2 cores), batches of 1,000 articles as one N-Quads document: `bulk_load`
42-49 s of CPU (RocksDB's threads included), 32 s wall; `load` (transactional) 73 s CPU, 60 s
wall; batches of 5,000 save ~15% of CPU but hold 5x the memory.  Converting rdflib terms to
pyoxigraph terms cost as much as mapping, so the extraction processes write N-Triples text
(kg.ingest) and this process only loads it.  The bulk loader is not atomic; the journal of
kg.recovery makes a batch whole or absent after a crash."""

from __future__ import annotations

import importlib.metadata
import json
import os
import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import pyoxigraph as ox

from kg.errors import FormatError, QueryError, StoreBusyError, StoreError
from kg.formats import EXPORT_PREFIXES, RDF_FORMATS
from kg.ingest import ArticleGraph, IngestingSink
from kg.prefixes import ONTOLOGY_IRI
from kg.recovery import journaled, recover

if TYPE_CHECKING:
    from kg.records import Article, ArticleRecord

# rdflib (the ontology, kg.namespaces) is imported only where a method needs it: `kg query`
# opens no store in this process and should not pay for rdflib (kg.querying)

STORE_FORMAT = "diplomacy-kg-store"
STORE_FORMAT_VERSION = 1
MANIFEST = "kg-store.json"
DATA_DIR = "oxigraph"
_DEFAULT = ox.DefaultGraph()
CLASSES = ("Article", "Official", "Meeting", "Country", "Organization", "Place", "Topic")

_TRIPLE_COUNT = f"""SELECT (COUNT(*) AS ?n) WHERE {{
    SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != <{ONTOLOGY_IRI}>) }}
}}"""


def tool_version() -> str:
    try:
        return importlib.metadata.version("diplomacy-kg")
    except importlib.metadata.PackageNotFoundError:
        return "0.1.0"


def default_store_path() -> Path:
    """`$KG_STORE`, else `$XDG_DATA_HOME/diplomacy-kg/store` (`~/.local/share/diplomacy-kg/store`)."""
    if os.environ.get("KG_STORE"):
        return Path(os.environ["KG_STORE"]).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home).expanduser() / "diplomacy-kg" / "store"


def seed_files() -> list[Path]:
    """The seed articles shipped with kg (`kg.bundled.seeds`, or `seeds/` in a source checkout)."""
    try:
        folder = Path(str(resources.files("kg.bundled.seeds")))
    except ModuleNotFoundError:
        folder = Path(__file__).resolve().parent.parent / "seeds"
    return sorted(folder.glob("*.txt"))


def ensure_default_store(path: Path) -> bool:
    """Build the store at `path` from the bundled seeds if there is none; True if it was built."""
    if path.exists():
        return False
    from kg.readers import read_articles

    with Store.open(path, create=True) as store:
        store.ingest(read_articles(seed_files()), generated_at=datetime.now(UTC))
    return True


# ---------------------------------------------------------------------- probes
# A store directory looked at without opening it: a reader must not take RocksDB's lock.


def check_store(path: Path) -> None:
    """A kg store of this format version at `path`, else StoreError (checked before workers start)."""
    manifest = Path(path) / MANIFEST
    if not manifest.is_file() or not (Path(path) / DATA_DIR).is_dir():
        raise StoreError(f"no kg store at {path} (make one: kg ingest ARTICLES --store {path})")
    Store._check_manifest(manifest)  # the same messages as opening the store


def store_signature(data_dir: Path) -> tuple[str, int, int] | None:
    """What changes whenever RocksDB commits a flush or compaction: the current MANIFEST and its size."""
    try:
        manifest = (data_dir / "CURRENT").read_text().strip()
        st = os.stat(data_dir / manifest)
    except OSError:
        return None
    return manifest, st.st_size, st.st_mtime_ns


def writer_pid(data_dir: Path) -> int | None:
    """The process holding the store's write lock (a running `kg ingest`), or None.

    F_GETLK asks who would block a write lock without taking it, so a writer starting at
    this moment is never turned away.  Unknown (another OS, no LOCK file yet) reads as None.
    """
    try:
        import fcntl  # POSIX only
    except ImportError:
        return None
    try:
        fd = os.open(data_dir / "LOCK", os.O_RDONLY)
    except OSError:
        return None
    try:
        probe = struct.pack("hhqqi", fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0)
        l_type, _, _, _, pid = struct.unpack("hhqqi", fcntl.fcntl(fd, fcntl.F_GETLK, probe))
        return None if l_type == fcntl.F_UNLCK else pid
    except OSError:
        return None
    finally:
        os.close(fd)


@dataclass
class QueryResult:
    """A materialised SPARQL result: `kind` is select, ask or graph (CONSTRUCT / DESCRIBE)."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[ox.NamedNode | ox.BlankNode | ox.Literal | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)


class Store(IngestingSink):
    """A kg store directory; open it with `Store.open`, use it as a context manager."""

    def __init__(self, path: Path, oxstore: ox.Store) -> None:
        self.path = path
        self._ox: ox.Store | None = oxstore

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: Path, create: bool = False) -> Store:
        """Open the store at `path`; with `create`, make it if the path is absent or an empty folder."""
        path = Path(path)
        manifest = path / MANIFEST
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path} is not a directory, so it cannot be a kg store")
        if manifest.is_file():
            cls._check_manifest(manifest)
            store = cls(path, cls._open_oxigraph(path))
            recover(store)  # an ingest killed half-way left a journal: undo its last write
            return store
        if not path.exists() or not any(path.iterdir()):
            if not create:
                raise StoreError(f"no kg store at {path} (make one: kg ingest ARTICLES --store {path})")
            path.mkdir(parents=True, exist_ok=True)
            store = cls(path, cls._open_oxigraph(path))
            manifest.write_text(
                json.dumps(
                    {
                        "format": STORE_FORMAT,
                        "format_version": STORE_FORMAT_VERSION,
                        "tool_version": tool_version(),
                        "oxigraph_version": ox.__version__,
                    },
                    indent=2,
                )
                + "\n",
                encoding="utf-8",
            )
            return store
        raise StoreError(f"{path} is not a kg store (it has files but no {MANIFEST}); give another directory")

    @staticmethod
    def _check_manifest(manifest: Path) -> None:
        try:
            meta = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise StoreError(f"cannot read the store description: {e}", file=manifest) from None
        if not isinstance(meta, dict) or meta.get("format") != STORE_FORMAT:
            raise StoreError(f"not a kg store description (format is not {STORE_FORMAT!r})", file=manifest)
        version = meta.get("format_version")
        if version != STORE_FORMAT_VERSION:
            raise StoreError(
                f"store format version {version}, made by kg {meta.get('tool_version', '?')}; this kg "
                f"{tool_version()} reads version {STORE_FORMAT_VERSION}: ingest into a new store",
                file=manifest,
            )

    @staticmethod
    def _open_oxigraph(path: Path) -> ox.Store:
        try:
            return ox.Store(str(path / DATA_DIR))
        except OSError as e:
            if "lock" in str(e).lower():
                raise StoreBusyError(
                    f"the store {path} is busy: another kg process (an ingest?) is using it; retry when it ends"
                ) from None
            raise StoreError(f"cannot open the store {path}: {e}") from None

    def close(self) -> None:
        """Flush and release the store (its lock goes with the last reference)."""
        if self._ox is not None:
            self._ox.flush()
            self._ox = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def ox(self) -> ox.Store:
        if self._ox is None:
            raise StoreError(f"the store {self.path} is closed")
        return self._ox

    # ------------------------------------------------------------------ writing

    # the GraphSink protocol of kg.ingest

    @journaled(lambda self: [ONTOLOGY_IRI])
    def load_ontology(self) -> None:
        self._load_ontology()

    @journaled(lambda self, graphs: [g.graph for g in graphs])
    def replace_graphs(self, graphs: list[ArticleGraph]) -> None:
        """Write a batch of article graphs, each replacing the graph of that name, the default
        graph kept the merge of all named graphs.

        The batch is one N-Quads document (its triples in the default graph, then in their
        named graphs) given to Oxigraph's bulk loader: it sorts the index entries itself and
        hands RocksDB whole files, 2-3x faster than a transaction of the same quads.  The
        loader is not atomic: a run that is killed leaves part of its last batch, and
        running it again replaces those graphs.
        """
        from kg.ingest import to_nquads

        stale: set[ox.Triple] = set()
        for g in graphs:
            name = ox.NamedNode(g.graph)
            if self.ox.contains_named_graph(name):
                stale.update(q.triple for q in self.ox.quads_for_pattern(None, None, None, name))
                self.ox.remove_graph(name)
        data = b"".join(g.ntriples for g in graphs) + b"".join(to_nquads(g) for g in graphs)
        self.ox.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        self._drop_from_merge(stale)

    def _drop_from_merge(self, triples: Iterable[ox.Triple]) -> None:
        """Remove from the default graph those of `triples` that no named graph holds any more."""
        for t in triples:
            holders = self.ox.quads_for_pattern(t.subject, t.predicate, t.object, None)
            if all(q.graph_name == _DEFAULT for q in holders):
                self.ox.remove(ox.Quad(t.subject, t.predicate, t.object, _DEFAULT))

    def finish(self) -> None:
        self.ox.flush()

    def _replace(self, graphs: list[ox.NamedNode], quads: list[ox.Quad]) -> None:
        """Replace the named graphs `graphs` by `quads`, keeping the default graph their merge."""
        stale: set[ox.Triple] = set()
        for name in graphs:
            if self.ox.contains_named_graph(name):
                stale.update(q.triple for q in self.ox.quads_for_pattern(None, None, None, name))
                self.ox.remove_graph(name)
        self.ox.extend(quads + [ox.Quad(q.subject, q.predicate, q.object, _DEFAULT) for q in quads])
        stale.difference_update(q.triple for q in quads)
        self._drop_from_merge(stale)
        # Oxigraph lets RocksDB's memtables grow until the store closes (1.7 GB for 15k
        # articles); flushing each batch keeps an ingest near 200 MB, and is faster too
        self.ox.flush()

    def _load_ontology(self) -> None:
        from kg.ingest import ntriples
        from kg.ontology import ontology_graph

        # through N-Triples, as the articles go (and as kg.remote sends the ontology); its
        # blank nodes (OWL axioms) keep their labels
        name = ox.NamedNode(ONTOLOGY_IRI)
        triples = ox.parse(ntriples(ontology_graph()), format=ox.RdfFormat.N_TRIPLES)
        self._replace([name], [ox.Quad(t.subject, t.predicate, t.object, name) for t in triples])

    # ------------------------------------------------------------------ reading

    def query(self, sparql: str, source: str | Path | None = None) -> QueryResult:
        """Run a SPARQL query whose default graph is the merge of all graphs; `source` names it in errors."""
        try:
            result = self.ox.query(sparql)
            if isinstance(result, ox.QuerySolutions):
                variables = [v.value for v in result.variables]
                rows = [tuple(sol[i] for i in range(len(variables))) for sol in result]
                return QueryResult("select", variables=variables, rows=rows)
            if isinstance(result, ox.QueryBoolean):
                return QueryResult("ask", boolean=bool(result))
            return QueryResult("graph", triples=list(result))
        except SyntaxError as e:
            from kg.queries import syntax_error

            raise syntax_error(sparql, str(e), source) from None
        except (OSError, ValueError, RuntimeError) as e:
            raise QueryError(f"query failed: {e}", file=source) from None

    def export(self, fmt: str, out: BinaryIO) -> None:
        """Write the graph: triple syntaxes get the merge of all graphs, trig/nquads keep each graph."""
        spec = RDF_FORMATS.get(fmt)
        if spec is None:
            raise FormatError(f"unknown RDF format {fmt!r}; formats: {', '.join(RDF_FORMATS)}")
        prefixes = EXPORT_PREFIXES if spec.prefixes else None
        if fmt == "jsonld":
            # compacted with the project's JSON-LD context (Oxigraph writes expanded JSON-LD only)
            from kg.void import write_jsonld

            write_jsonld(self.ox.quads_for_pattern(None, None, None, _DEFAULT), out)
        elif spec.dataset:
            named = (
                q for g in self.ox.named_graphs() for q in self.ox.quads_for_pattern(None, None, None, g)
            )
            ox.serialize(named, out, spec.rdf_format, prefixes=prefixes)
        else:
            self.ox.dump(out, spec.rdf_format, from_graph=_DEFAULT, prefixes=prefixes)

    def stats(self) -> dict[str, int]:
        """Instances per class, distinct triples and graphs of the articles (the ontology not counted)."""
        from kg.namespaces import DIP

        class_counts = f"""SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{
            GRAPH ?g {{ ?s a ?c }} FILTER (?g != <{ONTOLOGY_IRI}> && STRSTARTS(STR(?c), "{DIP._NS}"))
        }} GROUP BY ?c"""
        counts = dict.fromkeys(CLASSES, 0)
        for row in self.ox.query(class_counts):
            name = row["c"].value.removeprefix(str(DIP._NS))
            if name in counts:
                counts[name] = int(row["n"].value)
        counts["triples"] = int(next(iter(self.ox.query(_TRIPLE_COUNT)))["n"].value)
        counts["graphs"] = sum(1 for g in self.ox.named_graphs() if g.value != ONTOLOGY_IRI)
        return counts

    def article_ids(self) -> list[str]:
        """Identifiers of the stored articles, sorted."""
        from rdflib.namespace import DCTERMS

        from kg.namespaces import DIP

        rows = self.ox.query(
            f"SELECT DISTINCT ?id WHERE {{ ?a a <{DIP.Article}> ; <{DCTERMS.identifier}> ?id }} ORDER BY ?id"
        )
        return [row["id"].value for row in rows]


def _extractor() -> Callable[[Article], ArticleRecord]:
    # imported when needed: the extractors are the heavy part of the package, and opening a
    # store to query it should not pay for them
    from kg.pipeline import extract_article

    return extract_article
