"""`kg serve`: the store as linked data over HTTP -- a SPARQL endpoint, dereferenceable IRIs and HTML pages.

Routes:
- `/sparql`: the SPARQL 1.1 Protocol (GET `?query=`, POST form or `application/sparql-query`),
  results by `Accept` (or `format=`) as SPARQL JSON, XML, CSV, TSV or an HTML table;
  CONSTRUCT / DESCRIBE as Turtle, N-Triples, JSON-LD or RDF/XML.  Read-only: SPARQL Update
  (and so `LOAD`) is refused, and so is `SERVICE` (Oxigraph would fetch a remote endpoint)
  unless `--allow-service` is given, and even then only to http(s) endpoints; no query
  reads a file (measured: pyoxigraph's `FROM <file:...>` names a graph, fetches nothing).
  There is no update endpoint.  A cut result says so in the `KG-Truncated` header.
- `/id/PATH`: the resource `BASE + PATH` (BASE is `--base`, by default the data namespace
  https://w3id.org/diplomacy-kg/id/), by content negotiation an HTML page or its triples
  (as subject and as object, with its `#fragment` nodes) in Turtle, JSON-LD or N-Triples.
  `/describe?iri=...` does the same for any other IRI (ontology terms, topics' concepts).
- `/`: counts, sources, licence, the country network, the saved queries, a query box;
  `/query/NAME`: a saved query of `queries/` run with its parameters (its example by default).

Every query runs in a worker process (`--workers`, each a fresh interpreter: forking a
process that has RocksDB threads is unsafe), never in the server process, because pyoxigraph
cannot cancel a query: a query past `--timeout` has its worker killed and replaced.  Workers also bound the damage of
reading a store another process writes (measured with pyoxigraph 0.5.13, a writer
replacing 2000-quad graphs in a loop):
- `Store.read_only` opened *while* the writer runs failed 5 times in 30: three errors
  (an SST file deleted under the reader, "Corruption"), and twice an attempt to allocate
  1 GiB; without a memory cap that reader grew to 24 GB and the kernel's OOM killer stopped it.
- a read-only store opened *before* the writer started answered all of ~300 queries
  during the writes, with the data as it was when opened.
So each worker runs under an address-space cap (`--max-memory`), holds one read-only
snapshot, and reopens it to see new data only when the store changed and no writer holds
the store's lock (RocksDB's `LOCK`, tested with `fcntl` F_GETLK, which takes no lock).
A running `kg ingest` is never blocked (a read-only open takes no lock); while it runs the
server answers from the snapshot taken before it started, and catches up when it ends.

HTML is built here from escaped values (`html.escape`) into `kg/web/page.html`; Arabic
values carry `dir="rtl" lang="ar"`.  The country network is an SVG drawn on the server.
"""

from __future__ import annotations

import html
import json
import math
import queue
import re
import resource
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from multiprocessing.connection import Connection
from pathlib import Path
from string import Template
from typing import Any, NamedTuple
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

import pyoxigraph as ox

from kg.errors import KgError, StoreError
from kg.formats import json_term  # one SPARQL JSON term writer for the CLI and the server
from kg.prefixes import DATA_BASE, ONTOLOGY_IRI, PREFIXES
from kg.querying import worker_environment
from kg.screening import Refused, screen_query
from kg.store import check_store, store_signature, writer_pid

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 10_000
DEFAULT_WORKERS = 2
DEFAULT_MAX_MEMORY = 2048  # MiB of address space per worker
MAX_BODY = 1 << 20  # bytes of a POSTed query
PAGE_ROWS = 500  # rows an internal page query may return
PAGE_ARTICLES = 20  # article texts shown on one page

_DIP = ONTOLOGY_IRI + "#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_DCT = "http://purl.org/dc/terms/"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_OA = "http://www.w3.org/ns/oa#"
_ORG = "http://www.w3.org/ns/org#"
_SCHEMA = "https://schema.org/"
_NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
_TYPE = _RDF + "type"

_PROLOGUE = f"""PREFIX dip: <{_DIP}>
PREFIX rdf: <{_RDF}>
PREFIX rdfs: <{_RDFS}>
PREFIX skos: <{_SKOS}>
PREFIX dcterms: <{_DCT}>
PREFIX oa: <{_OA}>
PREFIX org: <{_ORG}>
PREFIX schema: <{_SCHEMA}>
PREFIX nif: <{_NIF}>
"""


@dataclass(frozen=True)
class ServeConfig:
    """What `kg serve` was asked for; `base` is the IRI prefix that `/id/` stands for."""

    store: Path
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    base: str = DATA_BASE
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    workers: int = DEFAULT_WORKERS
    max_memory: int = DEFAULT_MAX_MEMORY
    log: bool = True
    allow_service: bool = False  # let queries call other endpoints (SERVICE <http...>)


# ---------------------------------------------------------------------- content negotiation

# short name -> (media types it answers to, Content-Type sent); the first is preferred for */*
RESULT_TYPES: dict[str, tuple[tuple[str, ...], str]] = {
    "json": (("application/sparql-results+json", "application/json"), "application/sparql-results+json"),
    "xml": (
        ("application/sparql-results+xml", "application/xml"),
        "application/sparql-results+xml",
    ),
    "csv": (("text/csv",), "text/csv; charset=utf-8"),
    "tsv": (("text/tab-separated-values",), "text/tab-separated-values; charset=utf-8"),
    "html": (("text/html", "application/xhtml+xml"), "text/html; charset=utf-8"),
}
GRAPH_TYPES: dict[str, tuple[tuple[str, ...], str]] = {
    "turtle": (("text/turtle", "application/x-turtle"), "text/turtle; charset=utf-8"),
    "nt": (("application/n-triples", "text/plain"), "application/n-triples"),
    "jsonld": (("application/ld+json", "application/json"), "application/ld+json"),
    "rdfxml": (("application/rdf+xml", "application/xml"), "application/rdf+xml"),
    "html": (("text/html", "application/xhtml+xml"), "text/html; charset=utf-8"),
}
_FORMAT_ALIASES = {"ttl": "turtle", "n-triples": "nt", "ntriples": "nt", "json-ld": "jsonld", "rdf": "rdfxml"}
_RESULTS_OX = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_GRAPH_OX = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges of an Accept header with their q values (no header: `*/*`)."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges = []
    for part in header.split(","):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media:
            continue
        q = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges


def _quality(media: str, ranges: list[tuple[str, float]]) -> tuple[float, int]:
    """The q the most specific matching range gives `media`, and that range's specificity."""
    kind = media.split("/")[0]
    best: tuple[int, float] | None = None
    for r, q in ranges:
        spec = 2 if r == media else 1 if r == kind + "/*" else 0 if r == "*/*" else -1
        if spec >= 0 and (best is None or spec > best[0]):
            best = (spec, q)
    return (0.0, -1) if best is None else (best[1], best[0])


def negotiate(accept: str | None, offers: dict[str, tuple[tuple[str, ...], str]]) -> str | None:
    """The offer the client prefers: highest q, then most specific match, then the offers' order."""
    ranges = parse_accept(accept)
    best, best_key = None, None
    for order, (name, (medias, _)) in enumerate(offers.items()):
        for media in medias:
            q, spec = _quality(media, ranges)
            if q <= 0:
                continue
            key = (q, spec, -order)
            if best_key is None or key > best_key:
                best, best_key = name, key
    return best


def format_choice(value: str, offers: dict[str, tuple[tuple[str, ...], str]]) -> str | None:
    """A `format=` parameter (a short name or a media type) as one of `offers`, or None."""
    value = _FORMAT_ALIASES.get(value.strip().lower(), value.strip().lower())
    if value in offers:
        return value
    for name, (medias, _) in offers.items():
        if value in medias:
            return name
    return None


# ---------------------------------------------------------------------- terms across processes


class T(NamedTuple):
    """An RDF term as plain data, so results cross from a worker to the server process."""

    kind: str  # uri | bnode | literal | triple
    value: str
    lang: str | None = None
    datatype: str | None = None


def plain(term: Any) -> T | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return T("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return T("bnode", term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return T("literal", term.value, term.language)
        return T("literal", term.value, None, term.datatype.value)
    return T("triple", str(term))


def serialize_solutions(variables: list[str], rows: list[tuple[Any, ...]], fmt: str) -> bytes:
    """SELECT rows in a SPARQL results format, written by pyoxigraph from their JSON form."""
    bindings = [
        {v: json_term(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows
    ]
    doc = json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False)
    parsed = ox.parse_query_results(doc.encode("utf-8"), format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=_RESULTS_OX[fmt])


# ---------------------------------------------------------------------- the worker process


@dataclass(frozen=True)
class SparqlJob:
    """A client's query. A format of None means the client accepts none for that kind of result."""

    query: str
    result_format: str | None  # json | xml | csv | tsv | rows
    graph_format: str | None  # turtle | nt | jsonld | rdfxml | rows
    max_rows: int
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class PageJob:
    """The server's own queries for one page, run on one snapshot; `stats` adds `Store.stats()`."""

    queries: tuple[str, ...]
    stats: bool = False


@dataclass
class Reply:
    status: int = 200
    content_type: str = "text/plain; charset=utf-8"
    body: bytes = b""
    kind: str = ""  # select | ask | graph
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[T | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    truncated: bool = False
    tables: list[tuple[list[str], list[tuple[T | None, ...]]]] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)


class _Snapshot:
    """A worker's read-only view of the store, reopened when it changed and no writer holds it."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.store: ox.Store | None = None
        self.signature: tuple[str, int, int] | None = None

    def open(self) -> ox.Store:
        signature = store_signature(self.data_dir)
        self.store = None  # drop the old snapshot first: it pins deleted files
        self.store = ox.Store.read_only(str(self.data_dir))
        self.signature = signature
        return self.store

    def get(self) -> ox.Store:
        if self.store is None:
            return self.open()
        if store_signature(self.data_dir) != self.signature and writer_pid(self.data_dir) is None:
            return self.open()
        return self.store


def _worker_entry() -> None:
    """`python -c 'from kg.serve import _worker_entry; _worker_entry()' FD DATA_DIR MAX_MEMORY`."""
    fd, data_dir, max_memory = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    _worker_main(Connection(fd), data_dir, max_memory)


def _worker_main(conn: Connection, data_dir: str, max_memory: int) -> None:
    """A worker's life: open the snapshot, say ready, then answer jobs until the pipe closes."""
    from kg.querying import exit_with_parent

    exit_with_parent()
    if max_memory > 0:
        limit = max_memory * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    snapshot = _Snapshot(Path(data_dir))
    try:
        snapshot.open()
        conn.send(("ready", ""))
    except Exception as e:
        conn.send(("failed", f"cannot open the store: {e}"))
        return
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = _run_job(snapshot, job)
        except MemoryError:
            reply = Reply(503, body=f"the query needed more than {max_memory} MiB (--max-memory)".encode())
        except Exception as e:  # the server must get an answer whatever went wrong
            reply = Reply(500, body=f"query failed: {type(e).__name__}: {e}".encode())
        conn.send(reply)


def _run_job(snapshot: _Snapshot, job: SparqlJob | PageJob) -> Reply:
    store = snapshot.get()
    try:
        return _job_on(store, job)
    except (OSError, RuntimeError) as e:
        # a compaction may have removed a file this snapshot had not opened yet: reopen once
        if "No such file" not in str(e) and "Corruption" not in str(e):
            raise
        return _job_on(snapshot.open(), job)


def _job_on(store: ox.Store, job: SparqlJob | PageJob) -> Reply:
    if isinstance(job, PageJob):
        reply = Reply()
        for q in job.queries:
            result = store.query(q)
            variables = [v.value for v in result.variables]
            rows = []
            for n, sol in enumerate(result):
                if n >= PAGE_ROWS:
                    break
                rows.append(tuple(plain(sol[i]) for i in range(len(variables))))
            reply.tables.append((variables, rows))
        if job.stats:
            from kg.store import Store

            reply.stats = Store(Path("."), store).stats()
        return reply
    return _sparql(store, job)


def _sparql(store: ox.Store, job: SparqlJob) -> Reply:
    try:
        result = store.query(
            job.query,
            default_graph=[ox.NamedNode(g) for g in job.default_graphs] or None,
            named_graphs=[ox.NamedNode(g) for g in job.named_graphs] or None,
        )
    except SyntaxError as e:
        return Reply(400, body=f"SPARQL syntax error: {e}".encode())
    except ValueError as e:
        return Reply(400, body=f"bad request: {e}".encode())
    if isinstance(result, ox.QuerySolutions):
        fmt = job.result_format
        if fmt is None:
            return _not_acceptable("SELECT", RESULT_TYPES)
        variables = [v.value for v in result.variables]
        rows, truncated = [], False
        for sol in result:
            if len(rows) >= job.max_rows:
                truncated = True
                break
            rows.append(tuple(sol[i] for i in range(len(variables))))
        if fmt == "rows":
            return Reply(
                kind="select",
                variables=variables,
                rows=[tuple(plain(t) for t in row) for row in rows],
                truncated=truncated,
            )
        body = serialize_solutions(variables, rows, fmt)
        return Reply(content_type=RESULT_TYPES[fmt][1], body=body, kind="select", truncated=truncated)
    if isinstance(result, ox.QueryBoolean):
        fmt = job.result_format
        if fmt is None:
            return _not_acceptable("ASK", RESULT_TYPES)
        if fmt == "rows":
            return Reply(kind="ask", boolean=bool(result))
        body = result.serialize(format=_RESULTS_OX[fmt])
        return Reply(content_type=RESULT_TYPES[fmt][1], body=body, kind="ask")
    fmt = job.graph_format
    if fmt is None:
        return _not_acceptable("CONSTRUCT/DESCRIBE", GRAPH_TYPES)
    triples, truncated = [], False
    for t in result:
        if len(triples) >= job.max_rows:
            truncated = True
            break
        triples.append(t)
    if fmt == "rows":
        rows = [(plain(t.subject), plain(t.predicate), plain(t.object)) for t in triples]
        return Reply(
            kind="graph", variables=["subject", "predicate", "object"], rows=rows, truncated=truncated
        )
    return Reply(
        content_type=GRAPH_TYPES[fmt][1],
        body=serialize_triples(triples, fmt),
        kind="graph",
        truncated=truncated,
    )


def serialize_triples(triples: Iterable[ox.Triple], fmt: str) -> bytes:
    from kg.formats import EXPORT_PREFIXES

    prefixes = EXPORT_PREFIXES if fmt in ("turtle", "rdfxml") else None
    return ox.serialize(list(triples), format=_GRAPH_OX[fmt], prefixes=prefixes)


def _not_acceptable(kind: str, offers: dict[str, tuple[tuple[str, ...], str]]) -> Reply:
    types = ", ".join(t for medias, _ in offers.values() for t in medias)
    return Reply(406, body=f"a {kind} result can be sent as: {types}".encode())


# ---------------------------------------------------------------------- the worker pool


class QueryTimeout(Exception):
    pass


class _Worker:
    def __init__(self, process: subprocess.Popen, conn: Connection) -> None:
        self.process = process
        self.conn = conn

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        try:
            self.process.kill()
            self.process.wait(5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        try:
            self.conn.close()
        except OSError:
            pass


class WorkerPool:
    """`size` query processes; a query past its time is stopped by killing its process."""

    START_TRIES = 3
    START_TIMEOUT = 60.0

    def __init__(self, store_dir: Path, size: int, max_memory: int) -> None:
        self.data_dir = Path(store_dir) / "oxigraph"
        self.max_memory = max_memory
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self.size = max(1, size)
        for _ in range(self.size):
            self._idle.put(None)  # a free slot; its process starts when first needed

    def start(self) -> None:
        """Start every worker now, so the first requests are quick and a bad store is reported at once."""
        slots = [self._idle.get() for _ in range(self.size)]
        try:
            slots = [w or self._spawn() for w in slots]
        finally:
            for w in slots:
                self._idle.put(w)

    def _spawn(self) -> _Worker:
        last = "the worker stopped while opening the store"
        for attempt in range(self.START_TRIES):
            # a fresh interpreter, not multiprocessing: forking a process that has RocksDB threads
            # is unsafe, and multiprocessing's spawn re-runs the caller's main script
            ours, theirs = socket.socketpair()
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    "from kg.serve import _worker_entry; _worker_entry()",
                    str(theirs.fileno()),
                    str(self.data_dir),
                    str(self.max_memory),
                ],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                env=worker_environment(),
                start_new_session=True,
            )
            theirs.close()
            parent = Connection(ours.detach())
            worker = _Worker(process, parent)
            try:
                if parent.poll(self.START_TIMEOUT):
                    status, message = parent.recv()
                    if status == "ready":
                        with self._lock:
                            self._all.add(worker)
                        return worker
                    last = message
                else:
                    last = f"the worker did not open the store within {self.START_TIMEOUT:.0f} s"
            except (EOFError, OSError):
                # a worker that died opening the store (e.g. read while being written): retry
                pass
            worker.kill()
            time.sleep(0.2 * (attempt + 1))
        raise StoreError(last)

    def run(self, job: SparqlJob | PageJob, timeout: float) -> Reply:
        """Run `job` in an idle worker; QueryTimeout (the worker killed) after `timeout` seconds."""
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise Refused(
                HTTPStatus.SERVICE_UNAVAILABLE, f"all {self.size} query workers are busy; retry later"
            ) from None
        try:
            if worker is None or not worker.alive():
                if worker is not None:
                    self._discard(worker)
                worker = None
                worker = self._spawn()
            worker.conn.send(job)
            if not worker.conn.poll(timeout):
                self._discard(worker)
                worker = None
                raise QueryTimeout
            return worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            if worker is not None:
                self._discard(worker)
                worker = None
            raise Refused(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"the query process stopped: the query may need more than {self.max_memory} MiB "
                "(--max-memory), or the store could not be read; retry",
            ) from None
        finally:
            self._idle.put(worker)

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)

    def close(self) -> None:
        with self._lock:
            workers, self._all = list(self._all), set()
        for w in workers:
            w.kill()


# ---------------------------------------------------------------------- HTML pieces

_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile(r"[A-Za-z]")


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def is_arabic(text: str) -> bool:
    """Mostly Arabic script (more Arabic letters than Latin ones)."""
    return len(_ARABIC.findall(text)) > len(_LATIN.findall(text))


def text_html(text: str, lang: str | None = None, tag: str = "span") -> str:
    """Escaped text; Arabic (by tag or by script) marked right-to-left."""
    if (lang or "").lower().startswith("ar") or (lang is None and is_arabic(text)):
        return f'<{tag} dir="rtl" lang="ar">{esc(text)}</{tag}>'
    if lang:
        return f'<{tag} lang="{esc(lang)}">{esc(text)}</{tag}>'
    return esc(text)


_BY_LENGTH = sorted(
    {**PREFIXES, "rdf": _RDF, "oa": _OA, "org": _ORG, "schema": _SCHEMA, "nif": _NIF}.items(),
    key=lambda kv: -len(kv[1]),
)


def short(iri: str) -> str:
    """A prefixed name for display (`dip:participant`), else the IRI itself."""
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    if iri.startswith(DATA_BASE):
        return iri[len(DATA_BASE) :]
    return iri


@dataclass
class Labels:
    """Arabic and English labels (and codes) of the IRIs a page shows."""

    ar: dict[str, str] = field(default_factory=dict)
    en: dict[str, str] = field(default_factory=dict)
    code: dict[str, str] = field(default_factory=dict)

    def add_rows(self, rows: Iterable[tuple[T | None, ...]]) -> None:
        for x, label in rows:
            if x is None or label is None:
                continue
            if label.lang and label.lang.lower().startswith("ar"):
                self.ar.setdefault(x.value, label.value)
            elif label.lang and label.lang.lower().startswith("en"):
                self.en.setdefault(x.value, label.value)
            elif label.lang is None:
                self.code.setdefault(x.value, label.value)

    def text(self, iri: str) -> str:
        return self.en.get(iri) or self.ar.get(iri) or self.code.get(iri) or short(iri)


def labels_query(iris: Iterable[str]) -> str:
    """Labels, codes and identifiers of `iris` (all of them validated as IRIs first)."""
    from kg.queries import term

    values = " ".join(term(i, "iri") for i in sorted(set(iris)))
    return (
        _PROLOGUE
        + f"""SELECT ?x ?label WHERE {{
  VALUES ?x {{ {values} }}
  {{ ?x rdfs:label|skos:prefLabel ?label }} UNION {{ ?x dip:isoCode|skos:notation|dcterms:identifier ?label }}
}}"""
    )


class Site:
    """What pages need to draw links: the `/id/` base, and the labels fetched for the page."""

    def __init__(self, base: str, labels: Labels | None = None) -> None:
        self.base = base
        self.labels = labels or Labels()

    def href(self, iri: str) -> str | None:
        if iri.startswith(self.base):
            return "/id/" + quote(iri[len(self.base) :], safe="/%-._~!$&'()*+,;=:@#")
        if iri.startswith(ONTOLOGY_IRI) or iri.startswith("urn:"):
            return "/describe?" + urlencode({"iri": iri})
        if iri.startswith(("http://", "https://")):
            return iri
        return None

    def link(self, iri: str, text: str | None = None) -> str:
        """A link to the resource, named by its labels (English and Arabic when both exist)."""
        href = self.href(iri)
        if text is not None:
            inner = esc(text)
        else:
            en, ar = self.labels.en.get(iri), self.labels.ar.get(iri)
            parts = []
            if en:
                parts.append(esc(en))
            if ar:
                parts.append(text_html(ar, "ar"))
            if not parts:
                parts.append(esc(self.labels.code.get(iri) or short(iri)))
            inner = " · ".join(parts)
        if href is None:
            return inner
        external = "" if href.startswith("/") else ' rel="nofollow noopener" class="external"'
        return f'<a href="{esc(href)}"{external}>{inner}</a>'

    def term(self, t: T | None) -> str:
        if t is None:
            return ""
        if t.kind == "uri":
            return self.link(t.value)
        if t.kind == "bnode":
            return esc("_:" + t.value)
        if t.kind == "literal":
            return text_html(t.value, t.lang)
        return esc(t.value)

    def cell(self, t: T | None) -> str:
        """A table cell, right-to-left when it holds Arabic text."""
        if t is not None and t.kind == "literal" and ((t.lang or "").startswith("ar") or is_arabic(t.value)):
            return f'<td dir="rtl" lang="ar">{esc(t.value)}</td>'
        if (
            t is not None
            and t.kind == "literal"
            and t.datatype
            and t.datatype.startswith(_XSD)
            and (t.datatype[len(_XSD) :] in ("integer", "decimal", "double", "float", "int", "long"))
        ):
            return f'<td class="num">{esc(t.value)}</td>'
        return f"<td>{self.term(t)}</td>"


def results_table(site: Site, variables: Sequence[str], rows: Sequence[tuple[T | None, ...]]) -> str:
    head = "".join(f"<th>{esc(v)}</th>" for v in variables)
    body = "".join("<tr>" + "".join(site.cell(t) for t in row) + "</tr>" for row in rows)
    return f'<table class="results"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


_TEMPLATE: Template | None = None


def page(title: str, body: str, head: str = "", endpoint: str = "/sparql") -> bytes:
    """A whole HTML document: the trusted layout of kg/web/page.html around an escaped body."""
    global _TEMPLATE
    if _TEMPLATE is None:
        _TEMPLATE = Template(_asset("page.html").decode("utf-8"))
    from kg.store import tool_version

    doc = _TEMPLATE.substitute(
        title=esc(title), body=body, head=head, version=esc(tool_version()), endpoint=esc(endpoint)
    )
    return doc.encode("utf-8")


def _asset(name: str) -> bytes:
    return resources.files("kg").joinpath("web", name).read_bytes()


# ---------------------------------------------------------------------- the network picture


@dataclass(frozen=True)
class NetNode:
    iri: str
    code: str
    name_ar: str
    name_en: str


def network_svg(
    site: Site,
    nodes: dict[str, NetNode],
    edges: list[tuple[str, str, int]],
    center: str | None = None,
    limit: int = 40,
    size: int = 620,
) -> str:
    """Countries on a circle (the page's own country in the middle), meetings as weighted edges."""
    strength: dict[str, int] = {}
    for a, b, w in edges:
        strength[a] = strength.get(a, 0) + w
        strength[b] = strength.get(b, 0) + w
    ranked = sorted(strength, key=lambda n: (-strength[n], nodes[n].code if n in nodes else n))
    keep = ranked[:limit]
    if center is not None and center in strength and center not in keep:
        keep[-1] = center
    kept = set(keep)
    edges = [e for e in edges if e[0] in kept and e[1] in kept]
    if not edges:
        return '<p class="note">No meetings between countries to draw yet.</p>'
    ring = sorted((n for n in keep if n != center), key=lambda n: nodes[n].code if n in nodes else n)
    mid = size / 2
    radius = size * 0.36
    pos: dict[str, tuple[float, float]] = {}
    if center is not None and center in kept:
        pos[center] = (mid, mid)
    for i, n in enumerate(ring):
        angle = -math.pi / 2 + 2 * math.pi * i / max(1, len(ring))
        pos[n] = (mid + radius * math.cos(angle), mid + radius * math.sin(angle))
    heaviest = max(w for _, _, w in edges)
    top = max(strength[n] for n in keep)
    out = [
        f'<svg class="network" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'width="{size}" height="{size}" role="img" aria-labelledby="net-title">',
        '<title id="net-title">Country network: countries that met, edge width = number of meetings</title>',
    ]
    for a, b, w in sorted(edges, key=lambda e: e[2]):
        (x1, y1), (x2, y2) = pos[a], pos[b]
        width = 1 + 7 * w / heaviest
        name = f"{_node_name(nodes, a)} – {_node_name(nodes, b)}: {w} meeting{'s' if w != 1 else ''}"
        out.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke-width="{width:.1f}">'
            f"<title>{esc(name)}</title></line>"
        )
        if len(edges) <= 60:
            out.append(
                f'<text class="w" x="{(x1 + x2) / 2:.1f}" y="{(y1 + y2) / 2 - 2:.1f}" '
                f'text-anchor="middle">{w}</text>'
            )
    for n in keep:
        x, y = pos[n]
        node = nodes.get(n)
        r = 9 + 9 * math.sqrt(strength[n] / top)
        cls = ' class="center"' if n == center else ""
        tip = f"{_node_name(nodes, n)}: {strength[n]} meeting link{'s' if strength[n] != 1 else ''}"
        href = site.href(n)
        label_x, label_y = x, y + r + 12
        if n != center:
            dx, dy = x - mid, y - mid
            norm = math.hypot(dx, dy) or 1
            label_x, label_y = x + dx / norm * (r + 16), y + dy / norm * (r + 16) + 4
        name_ar = node.name_ar if node else ""
        out.append(
            (f'<a href="{esc(href)}">' if href else "<g>")
            + f"<title>{esc(tip)}</title>"
            + f'<circle{cls} cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"/>'
            + f'<text class="code" x="{x:.1f}" y="{y + 3:.1f}" text-anchor="middle">'
            + f"{esc(node.code if node else '')}</text>"
            + (
                f'<text class="label" x="{label_x:.1f}" y="{label_y:.1f}" text-anchor="middle" lang="ar" direction="rtl">'
                f"{esc(name_ar)}</text>"
                if name_ar
                else ""
            )
            + ("</a>" if href else "</g>")
        )
    out.append("</svg>")
    shown = f" (the {len(keep)} most connected of {len(strength)})" if len(strength) > len(keep) else ""
    return "".join(out) + f'<p class="note">Edge width: number of meetings{esc(shown)}.</p>'


def _node_name(nodes: dict[str, NetNode], iri: str) -> str:
    node = nodes.get(iri)
    if node is None:
        return short(iri)
    return " · ".join(x for x in (node.name_en, node.name_ar) if x) or node.code


def network_query(country: str | None = None) -> str:
    """Country pairs with their number of distinct meetings (only meetings `country` took part in)."""
    from kg.queries import term

    restrict = ""
    if country is not None:
        c = term(country, "iri")
        restrict = f"{{ ?meeting dip:participantCountry {c} }} UNION {{ ?meeting dip:participant/dip:represents {c} }}"
    return (
        _PROLOGUE
        + f"""SELECT ?a ?b (COUNT(DISTINCT ?meeting) AS ?n) WHERE {{
  ?meeting a dip:Meeting .
  {restrict}
  {{ ?meeting dip:participantCountry ?a }} UNION {{ ?meeting dip:participant/dip:represents ?a }}
  {{ ?meeting dip:participantCountry ?b }} UNION {{ ?meeting dip:participant/dip:represents ?b }}
  ?a dip:isoCode ?ca . ?b dip:isoCode ?cb .
  FILTER (STR(?ca) < STR(?cb))
}} GROUP BY ?a ?b"""
    )


NODES_QUERY = (
    _PROLOGUE
    + """SELECT ?c (MIN(?iso) AS ?code) (MIN(?ar) AS ?name_ar) (MIN(?en) AS ?name_en) WHERE {
  ?c a dip:Country ; dip:isoCode ?iso .
  OPTIONAL { ?c rdfs:label ?ar FILTER (langMatches(lang(?ar), "ar")) }
  OPTIONAL { ?c rdfs:label ?en FILTER (langMatches(lang(?en), "en")) }
} GROUP BY ?c"""
)


def network_data(
    edge_rows: list[tuple[T | None, ...]], node_rows: list[tuple[T | None, ...]]
) -> tuple[dict[str, NetNode], list[tuple[str, str, int]]]:
    nodes = {
        r[0].value: NetNode(r[0].value, _v(r[1]), _v(r[2]), _v(r[3])) for r in node_rows if r[0] is not None
    }
    edges = [(r[0].value, r[1].value, int(r[2].value)) for r in edge_rows if None not in r[:3]]
    return nodes, edges


def _v(t: T | None) -> str:
    return "" if t is None else t.value


def _count(t: T | None, noun: str) -> str:
    n = _v(t) or "0"
    return f"{esc(n)} {noun}{'' if n == '1' else 's'}"


# ---------------------------------------------------------------------- evidence in the text


@dataclass(frozen=True)
class Evidence:
    """A span of an article's text that supports a fact (`what`), from the graph or found by name."""

    article: str
    start: int
    end: int
    what: str
    exact: str | None = None
    prefix: str = ""
    suffix: str = ""
    about: str | None = None  # the node the fact is about (a meeting, an official)
    focus: bool = True
    found: bool = False  # a name found in the text, not a recorded annotation

    @property
    def anchor(self) -> str:
        article = re.sub(r"[^A-Za-z0-9_-]", "_", self.article.rstrip("/").rsplit("/", 1)[-1])
        return f"ev-{article}-{self.start}-{self.end}"


def evidence_query(body_pattern: str) -> str:
    """Annotations (W3C Web Annotation, as kg.mapping writes them) whose body matches `body_pattern`.

    The pattern binds ?body.  A body is a node fact (an Official for a mention, a Meeting, a
    participation, a tenure) or the `rdf:Statement` of a one-triple fact (date, place, topic);
    the optional parts say which, so `evidence_rows` can name the fact.
    """
    return (
        _PROLOGUE
        + f"""SELECT DISTINCT ?article ?start ?end ?exact ?prefix ?suffix ?body ?class ?pred ?subj ?obj
       ?participant ?meeting ?member ?role WHERE {{
  {body_pattern}
  ?ann oa:hasBody ?body ; oa:hasTarget ?target .
  ?target oa:hasSource ?article ; oa:hasSelector ?pos .
  ?pos oa:start ?start ; oa:end ?end .
  OPTIONAL {{
    ?target oa:hasSelector ?quote . ?quote oa:exact ?exact .
    OPTIONAL {{ ?quote oa:prefix ?prefix }} OPTIONAL {{ ?quote oa:suffix ?suffix }}
  }}
  OPTIONAL {{ ?body a ?class FILTER (?class IN (dip:Official, dip:Meeting)) }}
  OPTIONAL {{ ?body rdf:predicate ?pred ; rdf:subject ?subj ; rdf:object ?obj }}
  OPTIONAL {{ ?body dip:official ?participant . OPTIONAL {{ ?meeting dip:hasParticipation ?body }} }}
  OPTIONAL {{ ?body org:member ?member . OPTIONAL {{ ?body org:role ?role }} }}
}} ORDER BY ?article ?start ?end"""
    )


def evidence_rows(rows: list[tuple[T | None, ...]], site: Site) -> list[Evidence]:
    """Evidence from `evidence_query` rows, each named by its fact (labels from `site`)."""
    out = []
    for row in rows:
        (
            article,
            start,
            end,
            exact,
            prefix,
            suffix,
            body,
            cls,
            pred,
            subj,
            obj,
            person,
            meeting,
            member,
            role,
        ) = row
        if article is None or start is None or end is None or body is None:
            continue
        try:
            s, e = int(start.value), int(end.value)
        except ValueError:
            continue
        about: str | None = None
        if pred is not None:
            name = pred.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            what = f"{name}: {_label(site, obj)}"
            about = _v(subj) or None
        elif person is not None:
            what = f"participant: {_label(site, person)}" + (f" ({short(meeting.value)})" if meeting else "")
            about = _v(meeting) or None
        elif member is not None:
            what = f"title: {_label(site, role)}" if role is not None else "title"
            about = member.value
        elif cls is not None and cls.value == _DIP + "Official":
            what = f"mention: {_label(site, body)}"
            about = body.value
        elif cls is not None and cls.value == _DIP + "Meeting":
            what = "the meeting"
            about = body.value
        else:
            what = f"evidence of {_label(site, body)}"
        quote_text = exact.value if exact is not None else None
        out.append(Evidence(article.value, s, e, what, quote_text, _v(prefix), _v(suffix), about))
    return out


def _label(site: Site, t: T | None) -> str:
    if t is None:
        return ""
    if t.kind == "uri":
        return site.labels.ar.get(t.value) or site.labels.text(t.value)
    return t.value


def names_in_text(text: str, names: Iterable[str], article: str, what: str) -> list[Evidence]:
    """Every occurrence of the given names in the text (longest name first, no overlaps)."""
    taken: list[tuple[int, int]] = []
    out = []
    for name in sorted({n for n in names if n.strip()}, key=len, reverse=True):
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if all(end <= a or start >= b for a, b in taken):
                taken.append((start, end))
                out.append(Evidence(article, start, end, what, name, found=True))
            start = text.find(name, end)
    return out


def _by_span(spans: Sequence[Evidence]) -> list[Evidence]:
    """One Evidence per distinct span, naming every fact it supports."""
    merged: dict[tuple[int, int], Evidence] = {}
    for s in spans:
        key = (s.start, s.end)
        if key in merged:
            kept = merged[key]
            if s.what not in kept.what.split("; "):
                merged[key] = Evidence(**{**kept.__dict__, "what": kept.what + "; " + s.what})
        else:
            merged[key] = s
    return sorted(merged.values(), key=lambda s: (s.start, s.end))


def evidence_list(spans: Sequence[Evidence], text: str | None) -> str:
    """Each fact once, with the words that support it, each linked to where it is marked."""
    facts: dict[str, list[str]] = {}
    for s in sorted(spans, key=lambda s: (s.start, s.end)):
        if s.found:
            continue
        if text is not None and not (0 <= s.start < s.end <= len(text)):
            quoted, ok = s.exact or "", False
        else:
            quoted = text[s.start : s.end] if text is not None else (s.exact or "")
            ok = s.exact is None or quoted == s.exact
        words = quoted if len(quoted) <= 90 else quoted[:60] + " … " + quoted[-20:]
        where = (
            f'<a href="#{esc(s.anchor)}" dir="rtl" lang="ar">{esc(words)}</a>'
            if ok
            else f'<span class="note">the recorded quote does not match the text at {s.start}-{s.end}</span>'
        )
        if where not in facts.setdefault(s.what, []):
            facts[s.what].append(where)
    if not facts:
        return ""
    rows = "".join(
        f"<tr><td>{esc(what)}</td><td>{' · '.join(links)}</td></tr>" for what, links in facts.items()
    )
    return (
        '<table class="evidence"><thead><tr><th>fact</th><th>evidence in the text</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def highlight(text: str, spans: Sequence[Evidence]) -> str:
    """The text, escaped, with each span whose offsets fit (and whose quote matches) in a <mark>."""
    good = [
        s
        for s in spans
        if 0 <= s.start < s.end <= len(text) and (s.exact is None or text[s.start : s.end] == s.exact)
    ]
    cuts = sorted({0, len(text), *(s.start for s in good), *(s.end for s in good)})
    out = []
    anchored: set[str] = set()
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = esc(text[a:b])
        covering = [s for s in good if s.start <= a and b <= s.end]
        if not covering:
            out.append(piece)
            continue
        classes = ["ev"]
        if any(s.focus for s in covering):
            classes.append("focus")
        if all(s.found for s in covering):
            classes.append("name")
        title = "; ".join(dict.fromkeys(s.what for s in covering))
        ident = ""
        for s in covering:
            if s.start == a and s.anchor not in anchored:
                anchored.add(s.anchor)
                ident = f' id="{esc(s.anchor)}"'
                break
        out.append(f'<mark class="{" ".join(classes)}"{ident} title="{esc(title)}">{piece}</mark>')
    return "".join(out)


def quotes_html(spans: Sequence[Evidence]) -> str:
    """Without the article text: each quote with its context, the quoted words marked."""
    items = []
    for s in _by_span(spans):
        if s.exact is None:
            continue
        items.append(
            f'<div class="quote" dir="rtl" lang="ar">…{esc(s.prefix)}<mark class="ev focus" id="{esc(s.anchor)}" '
            f'title="{esc(s.what)}">{esc(s.exact)}</mark>{esc(s.suffix)}…</div>'
        )
    return "".join(items)


# ---------------------------------------------------------------------- the pages


class Pages:
    """Builds the HTML pages; every query goes through `run` (a worker, with the time limit)."""

    def __init__(self, config: ServeConfig, pool: WorkerPool) -> None:
        self.config = config
        self.pool = pool
        self._home_cache: tuple[Any, float, bytes] | None = None

    def run(self, *queries: str, stats: bool = False) -> Reply:
        try:
            reply = self.pool.run(PageJob(tuple(queries), stats), self.config.timeout)
        except QueryTimeout:
            raise Refused(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"building this page took longer than {self.config.timeout:g} s",
            ) from None
        if reply.status != 200:
            raise Refused(reply.status, reply.body.decode("utf-8", "replace"))
        return reply

    def site_for(self, tables: Iterable[list[tuple[T | None, ...]]]) -> Site:
        """A Site whose labels cover every IRI in the given rows."""
        iris = {t.value for rows in tables for row in rows for t in row if t is not None and t.kind == "uri"}
        site = Site(self.config.base)
        if iris:
            site.labels.add_rows(self.run(labels_query(iris)).tables[0][1])
        return site

    # -------------------------------------------------------------- home

    def home(self) -> bytes:
        signature = store_signature(self.pool.data_dir)
        cached = self._home_cache
        if (
            cached is not None
            and signature is not None
            and cached[0] == signature
            and time.time() - cached[1] < 300
        ):
            return cached[2]
        body = self._home_body()
        doc = page("A knowledge graph of diplomacy", body)
        self._home_cache = (signature, time.time(), doc)
        return doc

    def _home_body(self) -> str:
        from kg.queries import saved_queries

        reply = self.run(
            network_query(),
            NODES_QUERY,
            _PROLOGUE
            + """SELECT ?publisher (COUNT(DISTINCT ?a) AS ?n) (MIN(?d) AS ?first) (MAX(?d) AS ?last) WHERE {
  ?a a dip:Article . OPTIONAL { ?a dcterms:publisher ?publisher }
  OPTIONAL { ?a dcterms:issued|dip:datelineDate ?d }
} GROUP BY ?publisher ORDER BY DESC(?n)""",
            _PROLOGUE
            + """SELECT ?agency (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a dip:Article ; dip:agency ?agency }
GROUP BY ?agency ORDER BY DESC(?n) LIMIT 20""",
            _PROLOGUE
            + """SELECT ?o (COUNT(DISTINCT ?m) AS ?n) WHERE {
  ?o a dip:Official . OPTIONAL { ?m dip:participant ?o }
} GROUP BY ?o ORDER BY DESC(?n) STR(?o) LIMIT 16""",
            _PROLOGUE
            + """SELECT ?a (MIN(?d) AS ?date) WHERE {
  ?a a dip:Article . OPTIONAL { ?a dcterms:issued|dip:datelineDate ?d }
} GROUP BY ?a ORDER BY DESC(?date) STR(?a) LIMIT 16""",
            stats=True,
        )
        edges_rows, node_rows, publishers, agencies, officials, articles = (t[1] for t in reply.tables)
        site = self.site_for([officials, articles])
        counts = reply.stats
        names = {
            "Article": "articles",
            "Official": "officials",
            "Meeting": "meetings",
            "Country": "countries",
            "Organization": "organizations",
            "Place": "places",
            "Topic": "topics",
            "triples": "triples",
        }
        count_html = "".join(
            f"<div><b>{counts.get(k, 0):,}</b><span>{esc(label)}</span></div>" for k, label in names.items()
        )
        source_rows = "".join(
            f"<tr>{site.cell(p) if p is not None else '<td class=note>not recorded</td>'}"
            f"<td class='num'>{esc(_v(n))}</td><td>{esc(_v(f))}</td><td>{esc(_v(la))}</td></tr>"
            for p, n, f, la in publishers
        )
        agency_list = ", ".join(f"{site.term(a)} ({esc(_v(n))})" for a, n in agencies)
        nodes, edges = network_data(edges_rows, node_rows)
        svg = network_svg(site, nodes, edges)
        query_rows = []
        for q in saved_queries():
            params = ", ".join(f"?{esc(p)}" for p in q.parameters) or "—"
            query_rows.append(
                f'<tr><td><a class="run" href="/query/{esc(quote(q.name))}">{esc(q.name)}</a></td>'
                f"<td>{esc(q.summary)}</td><td>{params}</td></tr>"
            )
        official_list = "".join(
            f"<li>{site.link(o.value)} <span class='note'>({_count(n, 'meeting')})</span></li>"
            for o, n in officials
            if o is not None
        )
        article_list = "".join(
            f"<li>{site.link(a.value)} <span class='note'>{esc(_v(d))}</span></li>"
            for a, d in articles
            if a is not None
        )
        country_list = "".join(
            f"<li>{site.link(n.iri, _node_name(nodes, n.iri))}</li>"
            for n in sorted(nodes.values(), key=lambda n: n.code)
            if any(n.iri in e[:2] for e in edges)
        )
        # a resource that exists, for the curl example
        example_iri = min((n.iri for n in nodes.values()), default=self.config.base)
        example = _PROLOGUE.split("PREFIX oa")[0] + (
            "SELECT ?name ?country (COUNT(DISTINCT ?meeting) AS ?meetings) WHERE {\n"
            "  ?official a dip:Official ; rdfs:label ?name .\n"
            "  OPTIONAL { ?official dip:represents/dip:isoCode ?country }\n"
            "  OPTIONAL { ?meeting dip:participant ?official }\n"
            "} GROUP BY ?name ?country ORDER BY DESC(?meetings) ?name LIMIT 50\n"
        )
        return f"""
<h1>A knowledge graph of diplomacy</h1>
<p>Officials, meetings, countries and topics extracted from Arabic news articles, as linked data.
Every resource below is a page; ask for Turtle, JSON-LD or N-Triples at the same address to get its triples.</p>
<div class="counts">{count_html}</div>
<div class="cols">
<section>
<h2>Sources</h2>
<table><thead><tr><th>publisher</th><th>articles</th><th>from</th><th>to</th></tr></thead>
<tbody>{source_rows}</tbody></table>
<p>News agencies named in datelines: {agency_list or "none recorded"}.</p>
</section>
<section>
<h2>Licence</h2>
<p>The software (diplomacy-kg) is GPL-3.0-or-later; the ontology is CC BY 4.0. The graph is extracted
from the articles ingested into this store: the article texts and the quotations shown as evidence
remain the property of their publishers, and are shown here for research on them.</p>
</section>
</div>
<h2>Country network</h2>
{svg}
<h2 id="queries">Saved queries</h2>
<p>Click a name to run it (queries with parameters start with their example value).</p>
<table class="queries"><thead><tr><th>query</th><th>what it answers</th><th>parameters</th></tr></thead>
<tbody>{"".join(query_rows)}</tbody></table>
<h2>Ask your own question</h2>
{query_form(example)}
<div class="cols">
<section><h2>Officials</h2><ul>{official_list}</ul></section>
<section><h2>Countries</h2><ul class="browse">{country_list}</ul></section>
<section><h2>Latest articles</h2><ul>{article_list}</ul></section>
</div>
<h2>For programs</h2>
<pre class="sparql">curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE {{ ?s ?p ?o }} LIMIT 5' {esc(self._origin())}/sparql
curl -H 'Accept: text/turtle' {esc(self._origin() + (site.href(example_iri) or "/id/"))}</pre>
<p class="note">Queries stop after {self.config.timeout:g} s and {self.config.max_rows:,} rows;
a cut result carries the header <code>KG-Truncated</code>. Updates and SERVICE are refused.</p>
"""

    def _origin(self) -> str:
        host = self.config.host if ":" not in self.config.host else f"[{self.config.host}]"
        return f"http://{host}:{self.config.port}"

    # -------------------------------------------------------------- resources

    def describe_rdf(self, iri: str, fmt: str) -> Reply:
        """The resource's triples as subject and as object, and those of its `#fragment` nodes."""
        from kg.queries import term

        r = term(iri, "iri")
        q = f"""CONSTRUCT {{ ?s ?p ?o }} WHERE {{
  {{ {r} ?p ?o BIND ({r} AS ?s) }}
  UNION {{ ?s ?p {r} BIND ({r} AS ?o) }}
  UNION {{ {r} ?link ?s FILTER (isIRI(?s) && STRSTARTS(STR(?s), CONCAT(STR({r}), "#"))) ?s ?p ?o }}
}}"""
        try:
            reply = self.pool.run(SparqlJob(q, None, fmt, self.config.max_rows), self.config.timeout)
        except QueryTimeout:
            raise Refused(HTTPStatus.SERVICE_UNAVAILABLE, "describing this resource took too long") from None
        if reply.status != 200:
            raise Refused(reply.status, reply.body.decode("utf-8", "replace"))
        return reply

    def resource(self, iri: str) -> bytes | None:
        """The HTML page of a resource, or None when the graph says nothing about it."""
        from kg.queries import term

        r = term(iri, "iri")
        reply = self.run(
            f"SELECT ?p ?o WHERE {{ {r} ?p ?o }} ORDER BY ?p ?o",
            f"SELECT ?s ?p WHERE {{ ?s ?p {r} }} ORDER BY ?p ?s",
        )
        out_rows, in_rows = reply.tables[0][1], reply.tables[1][1]
        if not out_rows and not in_rows:
            return None
        types = {o.value for p, o in out_rows if p is not None and o is not None and p.value == _TYPE}
        site = self.site_for([out_rows, in_rows, [(T("uri", iri),)]])
        kind = next(
            (k for k in ("Official", "Meeting", "Country", "Topic", "Article") if _DIP + k in types), None
        )
        if kind is None and _SKOS + "Concept" in types and iri.startswith(self.config.base + "topic/"):
            kind = "Topic"
        special = getattr(self, f"_{kind.lower()}_html")(iri, site) if kind else ""
        title = site.labels.text(iri)
        title_html = _title_html(site, iri)
        if kind == "Meeting":
            # a meeting has no label: name it by its date and place
            facts = {p.value: o for p, o in out_rows if p is not None and o is not None}
            date, place = facts.get(_DIP + "date"), facts.get(_DIP + "location")
            title = "Meeting" + (f" on {date.value}" if date else "")
            title_html = esc(title) + (
                f" · {_title_html(site, place.value)}" if place and place.kind == "uri" else ""
            )
        heading = f'<h1><span class="kind">{esc(kind or _kind_name(types))}</span>{title_html}</h1>'
        formats = " ".join(
            f'<a href="?format={f}" type="{esc(GRAPH_TYPES[f][1].split(";")[0])}">{label}</a>'
            for f, label in (
                ("turtle", "Turtle"),
                ("jsonld", "JSON-LD"),
                ("nt", "N-Triples"),
                ("rdfxml", "RDF/XML"),
            )
        )
        body = (
            heading
            + f'<p class="iri">{esc(iri)}</p><p class="formats">This resource as: {formats}</p>'
            + special
            + "<h2>All facts</h2>"
            + facts_table(site, out_rows)
            + ("<h2>Referenced by</h2>" + referenced_table(site, in_rows) if in_rows else "")
        )
        head = "".join(
            f'<link rel="alternate" type="{esc(GRAPH_TYPES[f][1].split(";")[0])}" href="?format={f}">'
            for f in ("turtle", "jsonld", "nt")
        )
        return page(title, body, head)

    def _labels_html(self, site: Site, iri: str, extra: str = "") -> str:
        ar, en = site.labels.ar.get(iri), site.labels.en.get(iri)
        parts = []
        if ar:
            parts.append(text_html(ar, "ar"))
        if en:
            parts.append(f'<span lang="en">{esc(en)}</span>')
        return f'<p class="labels">{"".join(parts)}{extra}</p>' if parts or extra else ""

    def _official_html(self, iri: str, site: Site) -> str:
        from kg.queries import term

        r = term(iri, "iri")
        reply = self.run(
            f"{_PROLOGUE}SELECT ?p ?v WHERE {{ VALUES ?p {{ rdfs:label skos:prefLabel skos:altLabel dip:title }} {r} ?p ?v }}",
            meetings_query(f"?m dip:participant {r}"),
            meetings_participants_query(f"?m dip:participant {r}"),
            evidence_query(
                f"{{ BIND ({r} AS ?body) }} UNION {{ ?body dip:official {r} }} UNION {{ ?body org:member {r} }}"
            ),
            f"{_PROLOGUE}SELECT DISTINCT ?a WHERE {{ {r} dip:mentionedIn ?a }} ORDER BY ?a LIMIT {PAGE_ARTICLES}",
        )
        names, meetings, participants, ev_rows, articles = (t[1] for t in reply.tables)
        site = self._more_labels(site, meetings, participants, ev_rows)
        by_kind: dict[str, list[T]] = {}
        for p, v in names:
            if p is not None and v is not None:
                by_kind.setdefault(short(p.value), []).append(v)
        forms = [
            v.value for k in ("rdfs:label", "skos:prefLabel", "skos:altLabel") for v in by_kind.get(k, [])
        ]
        rows = "".join(
            f"<tr><th>{esc(label)}</th><td>{'، '.join(text_html(v.value, v.lang) for v in by_kind[k])}</td></tr>"
            for k, label in (
                ("rdfs:label", "name"),
                ("skos:altLabel", "also written"),
                ("dip:title", "titles as written"),
            )
            if k in by_kind
        )
        evidence = evidence_rows(ev_rows, site)
        texts = self._evidence_section(
            [a.value for (a,) in articles if a is not None], evidence, site, {"mention": forms}
        )
        return (
            f'<table class="facts">{rows}</table>'
            + "<h2>Meetings</h2>"
            + meetings_table(site, meetings, participants, evidence)
            + texts
        )

    def _meeting_html(self, iri: str, site: Site) -> str:
        from kg.queries import term

        r = term(iri, "iri")
        reply = self.run(
            meetings_query(f"VALUES ?m {{ {r} }}"),
            meetings_participants_query(f"VALUES ?m {{ {r} }}"),
            evidence_query(
                f"{{ BIND ({r} AS ?body) }} UNION {{ ?body rdf:subject {r} }} UNION {{ {r} dip:hasParticipation ?body }}"
            ),
            f"{_PROLOGUE}SELECT ?a WHERE {{ {r} dip:reportedIn ?a }}",
            f"{_PROLOGUE}SELECT ?o ?label WHERE {{ {r} dip:participant ?o . ?o rdfs:label|skos:altLabel ?label }}",
        )
        meetings, participants, ev_rows, articles, names = (t[1] for t in reply.tables)
        site = self._more_labels(site, meetings, participants, ev_rows)
        evidence = evidence_rows(ev_rows, site)
        found = {"participant": [n.value for _, n in names if n is not None]}
        return meetings_table(site, meetings, participants, evidence, one=True) + self._evidence_section(
            [a.value for (a,) in articles if a is not None], evidence, site, found
        )

    def _country_html(self, iri: str, site: Site) -> str:
        from kg.queries import term

        r = term(iri, "iri")
        pattern = f"{{ ?m dip:participantCountry {r} }} UNION {{ ?m dip:participant/dip:represents {r} }}"
        reply = self.run(
            network_query(iri),
            NODES_QUERY,
            f"{_PROLOGUE}SELECT ?o (COUNT(DISTINCT ?m) AS ?n) WHERE {{ ?o dip:represents {r} . "
            f"OPTIONAL {{ ?m dip:participant ?o }} }} GROUP BY ?o ORDER BY DESC(?n) STR(?o)",
            meetings_query(pattern),
            meetings_participants_query(pattern),
            f"{_PROLOGUE}SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?a dip:mentionsCountry {r} }}",
        )
        edges_rows, node_rows, officials, meetings, participants, mentions = (t[1] for t in reply.tables)
        site = self._more_labels(site, officials, meetings, participants)
        nodes, edges = network_data(edges_rows, node_rows)
        officials_html = "".join(
            f"<li>{site.link(o.value)} <span class='note'>({_count(n, 'meeting')})</span></li>"
            for o, n in officials
            if o is not None
        )
        n_mentions = _v(mentions[0][0]) if mentions else "0"
        return (
            self._labels_html(site, iri)
            + f"<p>Mentioned in {esc(n_mentions)} articles.</p>"
            + "<h2>Meetings network</h2>"
            + network_svg(site, nodes, edges, center=iri)
            + f"<h2>Officials representing it</h2><ul>{officials_html or '<li>none recorded</li>'}</ul>"
            + "<h2>Meetings</h2>"
            + meetings_table(site, meetings, participants, [])
        )

    def _topic_html(self, iri: str, site: Site) -> str:
        from kg.queries import term

        r = term(iri, "iri")
        reply = self.run(
            f"{_PROLOGUE}SELECT ?d WHERE {{ {r} skos:definition ?d }}",
            meetings_query(f"?m dip:topic {r}"),
            meetings_participants_query(f"?m dip:topic {r}"),
            f"{_PROLOGUE}SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?a a dip:Article ; dip:topic {r} }}",
        )
        definitions, meetings, participants, articles = (t[1] for t in reply.tables)
        site = self._more_labels(site, meetings, participants)
        defs = "".join(f"<p>{text_html(d.value, d.lang)}</p>" for (d,) in definitions if d is not None)
        return (
            self._labels_html(site, iri)
            + defs
            + f"<p>Topic of {esc(_v(articles[0][0]) if articles else '0')} articles.</p>"
            + "<h2>Meetings</h2>"
            + meetings_table(site, meetings, participants, [])
        )

    def _article_html(self, iri: str, site: Site) -> str:
        from kg.queries import term

        r = term(iri, "iri")
        reply = self.run(
            meetings_query(f"?m dip:reportedIn {r}"),
            meetings_participants_query(f"?m dip:reportedIn {r}"),
            evidence_query(f"?target oa:hasSource {r} . ?ann oa:hasTarget ?target ; oa:hasBody ?body ."),
            f"{_PROLOGUE}SELECT ?o ?label WHERE {{ ?o dip:mentionedIn {r} ; rdfs:label|skos:altLabel ?label }}",
        )
        meetings, participants, ev_rows, names = (t[1] for t in reply.tables)
        site = self._more_labels(site, meetings, participants, ev_rows)
        evidence = evidence_rows(ev_rows, site)
        found = {"mention": [n.value for _, n in names if n is not None]}
        officials = sorted({o.value for o, _ in names if o is not None}, key=site.labels.text)
        self._more_labels(site, [(T("uri", o),) for o in officials])
        return (
            f"<h2>Officials mentioned</h2><ul>{''.join(f'<li>{site.link(o)}</li>' for o in officials)}</ul>"
            + "<h2>Meetings reported</h2>"
            + meetings_table(site, meetings, participants, evidence)
            + self._evidence_section([iri], evidence, site, found, heading="Text")
        )

    def _more_labels(self, site: Site, *tables: list[tuple[T | None, ...]]) -> Site:
        iris = {
            t.value
            for rows in tables
            for row in rows
            for t in row
            if t is not None
            and t.kind == "uri"
            and t.value not in site.labels.en
            and t.value not in site.labels.ar
        }
        if iris:
            site.labels.add_rows(self.run(labels_query(iris)).tables[0][1])
        return site

    def _evidence_section(
        self,
        articles: list[str],
        evidence: list[Evidence],
        site: Site,
        names: dict[str, list[str]],
        heading: str = "Evidence in the articles",
    ) -> str:
        """Each article's text with the evidence marked; its quotes when the text is not in the store.

        Articles whose facts have no recorded evidence (an older store) get the names found
        in their text marked instead.
        """
        from kg.queries import term

        articles = list(dict.fromkeys(articles + [e.article for e in evidence]))[:PAGE_ARTICLES]
        if not articles:
            return ""
        values = " ".join(term(a, "iri") for a in articles)
        reply = self.run(
            f"{_PROLOGUE}SELECT ?a ?text WHERE {{ VALUES ?a {{ {values} }} ?a schema:text|nif:isString ?text }}"
        )
        texts = {a.value: t.value for a, t in reply.tables[0][1] if a is not None and t is not None}
        parts = [f"<h2>{esc(heading)}</h2>"]
        for a in articles:
            spans = [e for e in evidence if e.article == a]
            text = texts.get(a)
            parts.append(f"<h3>{site.link(a)}</h3>")
            if text is not None:
                if not spans:
                    for what, forms in names.items():
                        spans.extend(names_in_text(text, forms, a, f"{what} (name found in the text)"))
                parts.append(evidence_list(spans, text))
                parts.append(f'<div class="article-text" dir="rtl" lang="ar">{highlight(text, spans)}</div>')
            elif spans:
                parts.append(evidence_list(spans, None) + quotes_html(spans))
            else:
                parts.append('<p class="note">The text of this article is not in the store.</p>')
        return "".join(parts)

    # -------------------------------------------------------------- queries

    def results_page(
        self, query: str, reply: Reply, title: str = "SPARQL", intro: str = "", downloads: str = ""
    ) -> bytes:
        site = self.site_for([reply.rows]) if reply.rows else Site(self.config.base)
        if reply.kind == "ask":
            result = f"<p>Answer: <b>{'yes' if reply.boolean else 'no'}</b></p>"
        else:
            n = len(reply.rows)
            result = f"<p>{n:,} {'row' if n == 1 else 'rows'}.</p>" + results_table(
                site, reply.variables, reply.rows
            )
        if reply.truncated:
            result = (
                f'<p class="truncated">Only the first {self.config.max_rows:,} results are shown '
                f"(the server's --max-rows).</p>" + result
            )
        body = f"<h1>{esc(title)}</h1>{intro}{downloads}<h2>Results</h2>{result}<h2>Query</h2>{query_form(query)}"
        return page(title, body)

    def query_page(self, query: str = "", message: str = "") -> bytes:
        error = f'<div class="error">{esc(message)}</div>' if message else ""
        return page("SPARQL", f"<h1>SPARQL query</h1>{error}{query_form(query)}")


def query_form(query: str) -> str:
    options = "".join(
        f'<option value="{v}">{esc(label)}</option>'
        for v, label in (
            ("html", "HTML table"),
            ("json", "SPARQL JSON"),
            ("xml", "SPARQL XML"),
            ("csv", "CSV"),
            ("tsv", "TSV"),
            ("turtle", "Turtle (CONSTRUCT)"),
            ("jsonld", "JSON-LD (CONSTRUCT)"),
            ("nt", "N-Triples (CONSTRUCT)"),
        )
    )
    return (
        '<form class="query" method="get" action="/sparql">'
        f'<textarea name="query" spellcheck="false" aria-label="SPARQL query">{esc(query)}</textarea>'
        f'<div class="row"><label>Results as <select name="format">{options}</select></label> '
        '<button type="submit">Run query</button></div></form>'
    )


_TEXT_PROPERTIES = (_SCHEMA + "text", _NIF + "isString")


def facts_table(site: Site, rows: list[tuple[T | None, ...]]) -> str:
    grouped: dict[str, list[T]] = {}
    for p, o in rows:
        if p is not None and o is not None:
            grouped.setdefault(p.value, []).append(o)
    body = "".join(
        f"<tr><th>{site.link(p, short(p))}</th><td>"
        + (
            f'<span class="note">the article text, shown above ({sum(len(o.value) for o in objs):,} characters)</span>'
            if p in _TEXT_PROPERTIES
            else "<br>".join(site.term(o) for o in objs)
        )
        + "</td></tr>"
        for p, objs in grouped.items()
    )
    return f'<table class="facts">{body}</table>'


def referenced_table(site: Site, rows: list[tuple[T | None, ...]]) -> str:
    body = "".join(
        f"<tr><td>{site.term(s)}</td><th>{site.link(p.value, short(p.value))}</th></tr>"
        for s, p in rows
        if s is not None and p is not None
    )
    return f'<table class="facts">{body}</table>'


def meetings_query(pattern: str) -> str:
    """One row per meeting matching `pattern` (which binds ?m): date, mode, place, article."""
    return (
        _PROLOGUE
        + f"""SELECT ?m (MIN(?d) AS ?date) (MIN(?md) AS ?mode) (MIN(?loc) AS ?place) (MIN(?a) AS ?article)
       (MIN(?oc) AS ?occasion) WHERE {{
  {{ SELECT DISTINCT ?m WHERE {{ ?m a dip:Meeting . {pattern} }} LIMIT {PAGE_ROWS} }}
  OPTIONAL {{ ?m dip:date ?d }}
  OPTIONAL {{ ?m dip:mode ?md }}
  OPTIONAL {{ ?m dip:location ?loc }}
  OPTIONAL {{ ?m dip:reportedIn ?a }}
  OPTIONAL {{ ?m dip:occasion ?oc }}
}} GROUP BY ?m ORDER BY (!BOUND(?date)) ?date STRLEN(STR(?m)) STR(?m)"""
    )


def meetings_participants_query(pattern: str) -> str:
    """Who and which countries took part in each meeting matching `pattern`."""
    return (
        _PROLOGUE
        + f"""SELECT DISTINCT ?m ?rel ?who WHERE {{
  {{ SELECT DISTINCT ?m WHERE {{ ?m a dip:Meeting . {pattern} }} LIMIT {PAGE_ROWS} }}
  VALUES ?rel {{ dip:participant dip:participantCountry dip:participantOrganization dip:topic }}
  ?m ?rel ?who .
}}"""
    )


def meetings_table(
    site: Site,
    meetings: list[tuple[T | None, ...]],
    participants: list[tuple[T | None, ...]],
    evidence: Sequence[Evidence],
    one: bool = False,
) -> str:
    if not meetings:
        return '<p class="note">No meetings recorded.</p>'
    who: dict[tuple[str, str], list[str]] = {}
    for m, rel, w in participants:
        if m is not None and rel is not None and w is not None:
            key = rel.value.rsplit("#", 1)[-1]  # participant, participantCountry, ..., topic
            group = "sides" if key in ("participantCountry", "participantOrganization") else key
            who.setdefault((m.value, group), []).append(w.value)
    rows = []
    for m, date, mode, place, article, occasion in meetings:
        if m is None:
            continue
        people = who.get((m.value, "participant"), [])
        sides = who.get((m.value, "sides"), [])
        topics = who.get((m.value, "topic"), [])
        ev = [e for e in evidence if e.about == m.value]
        ev_link = f' <a class="evidence" href="#{esc(ev[0].anchor)}">evidence</a>' if ev else ""
        rows.append(
            "<tr>"
            + f"<td>{site.link(m.value, _v(date) or 'undated')}{ev_link}</td>"
            + f"<td>{esc(_v(mode).rsplit('#', 1)[-1])}</td>"
            + f"<td>{site.term(place)}</td>"
            + f"<td>{'<br>'.join(site.link(p) for p in sorted(people, key=site.labels.text))}</td>"
            + f"<td>{', '.join(site.link(s) for s in sorted(sides, key=site.labels.text))}</td>"
            + f"<td>{', '.join(site.link(t) for t in sorted(topics, key=site.labels.text))}</td>"
            + (f"<td>{site.term(occasion)}</td>" if one else "")
            + f"<td>{site.term(article)}</td>"
            + "</tr>"
        )
    head = "<th>meeting</th><th>mode</th><th>place</th><th>participants</th><th>countries</th><th>topics</th>"
    head += "<th>occasion</th>" if one else ""
    return f'<table class="meetings"><thead><tr>{head}<th>article</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _title_html(site: Site, iri: str) -> str:
    en, ar = site.labels.en.get(iri), site.labels.ar.get(iri)
    if ar and en:
        return f"{esc(en)} · {text_html(ar, 'ar')}"
    if ar:
        return text_html(ar, "ar")
    return esc(en or site.labels.code.get(iri) or short(iri))


def _kind_name(types: set[str]) -> str:
    if not types:
        return "Resource"
    return ", ".join(sorted(short(t) for t in types))


# ---------------------------------------------------------------------- HTTP


class KgServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, config: ServeConfig, pool: WorkerPool) -> None:
        self.config = config
        self.pool = pool
        self.pages = Pages(config, pool)
        super().__init__((config.host, config.port), _Handler)

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


class _Handler(BaseHTTPRequestHandler):
    server: KgServer
    protocol_version = "HTTP/1.1"
    head_only = False

    def version_string(self) -> str:
        from kg.store import tool_version

        return f"diplomacy-kg/{tool_version()}"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class names it so
        if self.server.config.log:
            super().log_message(format, *args)

    # -------------------------------------------------------------- dispatch

    def do_GET(self) -> None:
        self._handle("GET")

    def do_HEAD(self) -> None:
        self._handle("HEAD")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_OPTIONS(self) -> None:
        self._send(
            204,
            "text/plain; charset=utf-8",
            b"",
            {
                "Access-Control-Allow-Origin": "*",
                "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                "Access-Control-Allow-Headers": "Content-Type, Accept",
                "Allow": "GET, HEAD, POST, OPTIONS",
            },
        )

    def do_PUT(self) -> None:
        self._refuse_write()

    def do_DELETE(self) -> None:
        self._refuse_write()

    def do_PATCH(self) -> None:
        self._refuse_write()

    def _refuse_write(self) -> None:
        self._drain()
        self._error(
            HTTPStatus.METHOD_NOT_ALLOWED, "this server is read-only", {"Allow": "GET, HEAD, POST, OPTIONS"}
        )

    def _handle(self, method: str) -> None:
        self.head_only = method == "HEAD"
        url = urlsplit(self.path)
        self.params = parse_qs(url.query, keep_blank_values=True)
        path = url.path
        try:
            if path == "/sparql":
                self._sparql(method)
            elif method == "POST":
                self._drain()
                self._error(HTTPStatus.METHOD_NOT_ALLOWED, "POST is for /sparql only", {"Allow": "GET, HEAD"})
            elif path == "/":
                self._html(self.server.pages.home())
            elif path.startswith("/id/"):
                self._resource(self.server.config.base + uri_to_iri(path[len("/id/") :]))
            elif path == "/describe":
                self._resource(self._one("iri"))
            elif path.startswith("/query/"):
                self._saved_query(unquote(path[len("/query/") :]))
            elif path.startswith("/static/") and "/" not in path[len("/static/") :]:
                self._static(path[len("/static/") :])
            elif path == "/update":
                self._error(HTTPStatus.FORBIDDEN, "there is no update endpoint: this server is read-only")
            else:
                self._error(HTTPStatus.NOT_FOUND, f"nothing at {path}")
        except Refused as e:
            self._error(e.status, e.message)
        except KgError as e:
            self._error(HTTPStatus.BAD_REQUEST, str(e))
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _one(self, name: str, params: dict[str, list[str]] | None = None) -> str:
        values = (params if params is not None else self.params).get(name, [])
        if len(values) != 1:
            raise Refused(HTTPStatus.BAD_REQUEST, f"give exactly one {name}= parameter")
        return values[0]

    # -------------------------------------------------------------- SPARQL protocol

    def _sparql(self, method: str) -> None:
        params = self.params
        query: str | None = None
        if method == "POST":
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            body = self._read_body()
            if ctype == "application/x-www-form-urlencoded":
                form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
                if "update" in form:
                    raise Refused(
                        HTTPStatus.FORBIDDEN, "SPARQL Update is refused: this endpoint is read-only"
                    )
                params = {**params, **form}
            elif ctype == "application/sparql-query":
                query = body.decode("utf-8", "replace")
            elif ctype == "application/sparql-update":
                raise Refused(HTTPStatus.FORBIDDEN, "SPARQL Update is refused: this endpoint is read-only")
            else:
                raise Refused(
                    HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                    "POST a query as application/sparql-query or application/x-www-form-urlencoded (query=...)",
                )
        elif "update" in params:
            raise Refused(HTTPStatus.FORBIDDEN, "SPARQL Update is refused: this endpoint is read-only")
        if query is None:
            if "query" not in params:
                if negotiate(self.headers.get("Accept"), {"html": RESULT_TYPES["html"]}) == "html":
                    return self._html(self.server.pages.query_page())
                raise Refused(HTTPStatus.BAD_REQUEST, "no query: give query=... (SPARQL 1.1 Protocol)")
            query = self._one("query", params)
        result_fmt, graph_fmt = self._formats(params)
        try:
            screen_query(query, self.server.config.allow_service)
        except Refused as e:
            if result_fmt == "html":
                return self._html(self.server.pages.query_page(query, e.message), e.status)
            raise
        job = SparqlJob(
            query,
            "rows" if result_fmt == "html" else result_fmt,
            "rows" if graph_fmt == "html" else graph_fmt,
            self.server.config.max_rows,
            tuple(self._iris(params, "default-graph-uri")),
            tuple(self._iris(params, "named-graph-uri")),
        )
        self._answer(job, query, result_fmt, graph_fmt)

    def _answer(
        self,
        job: SparqlJob,
        query: str,
        result_fmt: str | None,
        graph_fmt: str | None,
        title: str = "SPARQL",
        intro: str = "",
        downloads: str = "",
    ) -> None:
        config = self.server.config
        try:
            reply = self.server.pool.run(job, config.timeout)
        except QueryTimeout:
            message = f"the query was stopped after {config.timeout:g} s (the server's --timeout)"
            if result_fmt == "html":
                return self._html(
                    self.server.pages.query_page(query, message), HTTPStatus.SERVICE_UNAVAILABLE
                )
            raise Refused(HTTPStatus.SERVICE_UNAVAILABLE, message) from None
        headers = {"Access-Control-Allow-Origin": "*", "Vary": "Accept"}
        if reply.truncated:
            headers["KG-Truncated"] = str(config.max_rows)
        if reply.status != 200:
            if result_fmt == "html" and reply.status in (400, 406):
                return self._html(self.server.pages.query_page(query, reply.body.decode()), reply.status)
            return self._send(reply.status, reply.content_type, reply.body, headers)
        if (reply.kind in ("select", "ask") and result_fmt == "html") or (
            reply.kind == "graph" and graph_fmt == "html"
        ):
            doc = self.server.pages.results_page(query, reply, title, intro, downloads)
            return self._html(doc, headers=headers)
        self._send(200, reply.content_type, reply.body, headers)

    def _formats(self, params: dict[str, list[str]]) -> tuple[str | None, str | None]:
        if "format" in params:
            value = self._one("format", params)
            result_fmt, graph_fmt = format_choice(value, RESULT_TYPES), format_choice(value, GRAPH_TYPES)
            if result_fmt is None and graph_fmt is None:
                raise Refused(HTTPStatus.BAD_REQUEST, f"unknown format {value!r}")
            # a format for one kind of result leaves the other kind to its default
            return result_fmt or "json", graph_fmt or "turtle"
        accept = self.headers.get("Accept")
        return negotiate(accept, RESULT_TYPES), negotiate(accept, GRAPH_TYPES)

    @staticmethod
    def _iris(params: dict[str, list[str]], name: str) -> list[str]:
        from kg.queries import QueryParameterError, term

        out = []
        for value in params.get(name, []):
            try:
                out.append(term(value, "iri")[1:-1])
            except QueryParameterError:
                raise Refused(HTTPStatus.BAD_REQUEST, f"{name}: not an absolute IRI: {value!r}") from None
        return out

    # -------------------------------------------------------------- saved queries

    def _saved_query(self, name: str) -> None:
        from kg.queries import QueryParameterError, prepare, saved_query

        try:
            saved = saved_query(name)
        except LookupError as e:
            raise Refused(HTTPStatus.NOT_FOUND, str(e)) from None
        example = _example_bindings(saved.example)
        values = {p: (self.params.get(p) or [example.get(p, "")])[0] for p in saved.parameters}
        result_fmt, graph_fmt = self._formats(self.params) if "format" in self.params else (None, None)
        if result_fmt is None:
            accept = self.headers.get("Accept")
            result_fmt, graph_fmt = negotiate(accept, RESULT_TYPES), negotiate(accept, GRAPH_TYPES)
        inputs = "".join(
            f'<div class="row"><label>?{esc(p)} <input type="text" name="{esc(p)}" value="{esc(v)}" '
            f'dir="auto"></label> <span class="note">{esc(saved.parameters[p])}</span></div>'
            for p, v in values.items()
        )
        form = (
            f'<form class="query" method="get" action="/query/{esc(quote(saved.name))}">{inputs}'
            '<button type="submit">Run</button></form>'
            if saved.parameters
            else ""
        )
        try:
            text = prepare(saved.text, values)
        except QueryParameterError as e:
            if result_fmt == "html":
                body = f'<h1>{esc(saved.name)}</h1><p>{esc(saved.summary)}</p><div class="error">{esc(e)}</div>{form}'
                return self._html(page(saved.name, body), HTTPStatus.BAD_REQUEST)
            raise Refused(HTTPStatus.BAD_REQUEST, str(e)) from None
        links = " ".join(
            f'<a href="/query/{esc(quote(saved.name))}?{esc(urlencode({**values, "format": f}))}">{label}</a>'
            for f, label in (("json", "JSON"), ("csv", "CSV"), ("tsv", "TSV"), ("xml", "XML"))
        )
        job = SparqlJob(
            text,
            "rows" if result_fmt == "html" else result_fmt,
            "rows" if graph_fmt == "html" else graph_fmt,
            self.server.config.max_rows,
        )
        intro = f"<p>{esc(saved.summary)}</p>{form}"
        self._answer(
            job, text, result_fmt, graph_fmt, saved.name, intro, f'<p class="formats">Download: {links}</p>'
        )

    # -------------------------------------------------------------- resources

    def _resource(self, iri: str) -> None:
        from kg.queries import QueryParameterError, term

        try:
            term(iri, "iri")
        except QueryParameterError:
            raise Refused(HTTPStatus.BAD_REQUEST, f"not an IRI: {iri!r}") from None
        if "format" in self.params:
            fmt = format_choice(self._one("format"), GRAPH_TYPES)
            if fmt is None:
                raise Refused(HTTPStatus.BAD_REQUEST, "format: one of turtle, jsonld, nt, rdfxml, html")
        else:
            fmt = negotiate(self.headers.get("Accept"), _RESOURCE_TYPES)
            if fmt is None:
                return self._error(
                    HTTPStatus.NOT_ACCEPTABLE,
                    "this resource is available as "
                    + ", ".join(m for medias, _ in _RESOURCE_TYPES.values() for m in medias),
                )
        headers = {"Vary": "Accept", "Access-Control-Allow-Origin": "*"}
        pages = self.server.pages
        if fmt == "html":
            doc = pages.resource(iri)
            if doc is None:
                return self._error(HTTPStatus.NOT_FOUND, f"the graph says nothing about <{iri}>")
            return self._html(doc, headers=headers)
        reply = pages.describe_rdf(iri, fmt)
        if not _has_triples(reply.body, fmt):
            return self._error(HTTPStatus.NOT_FOUND, f"the graph says nothing about <{iri}>")
        if reply.truncated:
            headers["KG-Truncated"] = str(self.server.config.max_rows)
        self._send(200, GRAPH_TYPES[fmt][1], reply.body, headers)

    def _static(self, name: str) -> None:
        types = {".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}
        suffix = Path(name).suffix
        if suffix not in types:
            return self._error(HTTPStatus.NOT_FOUND, f"no static file {name}")
        try:
            data = _asset(name)
        except (FileNotFoundError, IsADirectoryError, OSError):
            return self._error(HTTPStatus.NOT_FOUND, f"no static file {name}")
        self._send(200, types[suffix], data, {"Cache-Control": "max-age=3600"})

    # -------------------------------------------------------------- responses

    def _read_body(self) -> bytes:
        length = self.headers.get("Content-Length")
        if length is None:
            raise Refused(HTTPStatus.LENGTH_REQUIRED, "a POST needs a Content-Length")
        try:
            n = int(length)
        except ValueError:
            raise Refused(HTTPStatus.BAD_REQUEST, "bad Content-Length") from None
        if n > MAX_BODY:
            self.close_connection = True
            raise Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"a query may have at most {MAX_BODY} bytes")
        return self.rfile.read(n)

    def _drain(self) -> None:
        try:
            n = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            n = 0
        if 0 < n <= MAX_BODY:
            self.rfile.read(n)
        elif n:
            self.close_connection = True

    def _html(self, doc: bytes, status: int = 200, headers: dict[str, str] | None = None) -> None:
        self._send(status, "text/html; charset=utf-8", doc, headers)

    def _error(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        wants_html = (
            negotiate(
                self.headers.get("Accept"), {"text": (("text/plain",), ""), **{"html": RESULT_TYPES["html"]}}
            )
            == "html"
        )
        if wants_html:
            phrase = HTTPStatus(status).phrase
            doc = page(phrase, f'<h1>{status} {esc(phrase)}</h1><div class="error">{esc(message)}</div>')
            return self._send(status, "text/html; charset=utf-8", doc, headers)
        self._send(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"), headers)

    def _send(self, status: int, ctype: str, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if ctype.startswith("text/html"):
            self.send_header(
                "Content-Security-Policy",
                "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'",
            )
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if not self.head_only:
            self.wfile.write(body)


_RESOURCE_TYPES = {k: GRAPH_TYPES[k] for k in ("turtle", "jsonld", "nt", "rdfxml", "html")}


_PERCENT_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def uri_to_iri(path: str) -> str:
    """A request path as IRI text (RFC 3987 3.2): percent-encoded UTF-8 of non-ASCII characters decoded.

    Browsers send `/id/...` percent-encoded; the store's IRIs keep non-ASCII characters as
    they are, while an encoded ASCII character (`%2F`, `%20`) must stay encoded.
    """

    def decode(m: re.Match[str]) -> str:
        raw = bytes.fromhex(m.group().replace("%", ""))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return m.group()
        return "".join(ch if ord(ch) > 0x7F else f"%{ord(ch):02X}" for ch in text)

    return _PERCENT_RUN.sub(decode, path)


def _has_triples(body: bytes, fmt: str) -> bool:
    try:
        return next(iter(ox.parse(body, format=_GRAPH_OX[fmt])), None) is not None
    except (SyntaxError, ValueError):
        return bool(body.strip())


def _example_bindings(example: str) -> dict[str, str]:
    """The `--bind NAME=VALUE` pairs of a saved query's Example line."""
    try:
        words = shlex.split(example)
    except ValueError:
        return {}
    out = {}
    for flag, value in zip(words, words[1:], strict=False):
        if flag in ("--bind", "-b") and "=" in value:
            k, _, v = value.partition("=")
            out[k.lstrip("?$")] = v
    return out


# ---------------------------------------------------------------------- entry points


def _recover(path: Path) -> None:
    """Undo the unfinished last write of an ingest that was killed (kg.recovery), unless one is running."""
    from kg.errors import StoreBusyError
    from kg.recovery import pending
    from kg.store import DATA_DIR, Store

    if pending(path) is None or writer_pid(path / DATA_DIR) is not None:
        return
    try:
        Store.open(path).close()  # opening for writing repairs
    except StoreBusyError:
        pass  # an ingest started meanwhile: it holds the store, and the journal is its own


def make_server(config: ServeConfig) -> KgServer:
    """Check the store, start the workers and bind the socket (port 0: a free port); not yet serving."""
    check_store(config.store)
    _recover(Path(config.store))
    if config.timeout <= 0 or config.max_rows <= 0 or config.workers <= 0:
        raise KgError("--timeout, --max-rows and --workers must be positive")
    if not config.base.endswith(("/", "#")):
        raise KgError(f"--base {config.base!r} must end with / or #")
    pool = WorkerPool(config.store, config.workers, config.max_memory)
    try:
        pool.start()
        server = KgServer(config, pool)
    except OSError as e:
        pool.close()
        raise KgError(f"cannot listen on {config.host}:{config.port}: {e.strerror or e}") from None
    except BaseException:
        pool.close()
        raise
    # the port actually bound (port 0 asks the system for a free one)
    host, port = server.server_address[:2]
    server.config = ServeConfig(**{**config.__dict__, "port": int(port)})
    server.pages.config = server.config
    return server


def serve(config: ServeConfig, announce: Any = None) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM); `announce(url)` is told where."""
    server = make_server(config)

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = (
        signal.signal(signal.SIGTERM, stop) if threading.current_thread() is threading.main_thread() else None
    )
    try:
        host = server.config.host if ":" not in server.config.host else f"[{server.config.host}]"
        if announce is not None:
            announce(f"http://{host}:{server.config.port}/")
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        sys.stderr.flush()
