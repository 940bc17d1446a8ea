"""The ingest pipeline: articles streamed to extraction processes, their graphs streamed back in order.

`article_graphs` turns a stream of articles into a stream of `ArticleGraph`s (one article's
named graph as N-Triples bytes, with its counts), in input order.  With `jobs > 1` the
articles go, in chunks, to `jobs` worker processes that extract, map and serialise them; at
most a few chunks per worker are in flight, so the input is read as the workers progress,
never whole.  One process -- the caller -- receives the graphs and writes them: a store
has one writer.

`ingest` drives that stream into a sink (the embedded `kg.store.Store`, or a SPARQL
endpoint, `kg.remote.RemoteStore`) in batches, each replacing the named graphs of its articles.

Serialisation is done here rather than through pyoxigraph terms: building one
`pyoxigraph.Quad` per triple costs as much as the mapping itself, while N-Triples text is
what both sinks read fastest (Oxigraph's loader, a SPARQL `INSERT DATA`).
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import re
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from typing import TYPE_CHECKING, Protocol

from kg.readers import ProblemHandler, ReadProblem
from kg.records import Article

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

    from kg.mapping import GraphOptions

CHUNK_ARTICLES = 32  # articles per task sent to a worker process
IN_FLIGHT_PER_JOB = 3  # chunks queued per worker: enough to keep it busy, few enough to stream
BATCH_ARTICLES = 1000  # articles per write
BATCH_BYTES = 32 << 20  # ... or fewer, when their N-Triples reach this size

# What may stand between < and > in N-Triples (RDF 1.1 IRIREF, without \u escapes).
_IRI = re.compile(r'[^\x00-\x20<>"{}|^`\\]*')


@dataclass
class ArticleGraph:
    """One article's named graph, serialised; or why the article was skipped (`problem`)."""

    article_id: str
    graph: str = ""  # the graph IRI
    ntriples: bytes = b""
    triples: int = 0
    meetings: int = 0
    officials: list[str] = field(default_factory=list)  # IRIs of the persons it mentions
    problem: str | None = None


@dataclass
class IngestSummary:
    articles: int = 0
    officials: int = 0  # distinct persons in the articles of this run
    meetings: int = 0
    triples: int = 0  # triples written (sum over the article graphs)
    seconds: float = 0.0


class GraphSink(Protocol):
    """Where ingested graphs go: the embedded store or a SPARQL endpoint."""

    def load_ontology(self) -> None: ...

    def replace_graphs(self, graphs: list[ArticleGraph]) -> None: ...

    def finish(self) -> None: ...


class IngestingSink:
    """`ingest` for a GraphSink class: the embedded store and the SPARQL endpoint share it,
    each with its own batch sizes."""

    batch_articles = BATCH_ARTICLES
    batch_bytes = BATCH_BYTES

    def ingest(
        self,
        articles: Iterable[Article],
        progress: Callable[[int], None] | None = None,
        on_problem: ProblemHandler | None = None,
        batch_size: int | None = None,
        generated_at: datetime | None = None,
        jobs: int = 1,
        evidence: bool = True,
        text: bool = True,
    ) -> IngestSummary:
        """Extract, map and store each article, replacing its named graph.

        An article whose extraction fails is reported to `on_problem` and skipped; without
        `on_problem` the exception propagates.  `progress(n)` is called after each article.
        `generated_at`, when given, is recorded as each graph's `prov:generatedAtTime`.
        `jobs` processes extract in parallel; this one writes, `batch_size` articles at a
        time.  Without `evidence` or `text` the graphs leave out the Web Annotations or the
        article texts (`kg.mapping.GraphOptions`).
        """
        from kg.mapping import GraphOptions

        return ingest(
            self,  # the class using it is a GraphSink
            articles,
            jobs=jobs,
            progress=progress,
            on_problem=on_problem,
            options=GraphOptions(generated_at, evidence=evidence, text=text),
            batch_size=batch_size or self.batch_articles,
            batch_bytes=self.batch_bytes,
        )


# ---------------------------------------------------------------------- one article


def map_article(article: Article, options: GraphOptions | None = None, strict: bool = False) -> ArticleGraph:
    """Extract, map and serialise one article; an exception becomes `problem` (raised if `strict`)."""
    from kg import store as kg_store  # the extractor is looked up there (tests replace it)
    from kg.mapping import article_triples, graph_iri, official_iri

    try:
        record = kg_store._extractor()(article)
        g = article_triples(record, options)
        data = ntriples(g)
    except Exception as e:
        if strict:
            raise
        return ArticleGraph(article.id, problem=f"article {article.id!r}: extraction failed ({e!r}); skipped")
    return ArticleGraph(
        article.id,
        graph=str(graph_iri(article.id)),
        ntriples=data,
        triples=len(g),
        meetings=len(record.meetings),
        officials=[str(official_iri(o.name_ar)) for o in record.officials],
    )


# IRIs and blank nodes as written, kept from one call to the next: the vocabulary (every
# predicate, every class) and the shared nodes (countries, topics) recur in every article graph.
# Emptied when it holds _WRITTEN_LIMIT of them, so a long ingest keeps only recent ones (an
# article's own IRIs are seldom asked again).  Literals are not kept: an article's are mostly
# its own, and two literals whose language tags differ in case are equal, yet written apart.
_WRITTEN_LIMIT = 20_000
_written_nodes: dict[Node, str] = {}


def ntriples(g: Graph | Iterable[tuple[Node, Node, Node]]) -> bytes:
    """The triples of an rdflib graph (or any iterable of rdflib triples) as N-Triples (UTF-8), one per line, each ending in " .\\n".

    Raises ValueError for an IRI that N-Triples cannot write (the pyoxigraph route would
    have refused it too).
    """
    from rdflib import BNode, Literal, URIRef

    if len(_written_nodes) >= _WRITTEN_LIMIT:
        _written_nodes.clear()
    written = _written_nodes
    known = written.get

    def term(t: Node) -> str:
        # rdflib's terms are ABCs, whose isinstance is slow when it fails: the exact types first
        if type(t) is Literal or (type(t) is not URIRef and isinstance(t, Literal)):
            lex = _escape(str(t))
            language, datatype = t.language, t.datatype
            if language:
                return f'"{lex}"@{language}'
            if datatype is not None:
                return f'"{lex}"^^{known(datatype) or term(datatype)}'
            return f'"{lex}"'
        if type(t) is URIRef or isinstance(t, URIRef):
            if not _IRI.fullmatch(t):
                raise ValueError(f"not a valid IRI: {str(t)!r}")
            s = f"<{t}>"
        elif isinstance(t, BNode):
            s = f"_:{t}"
        else:
            raise ValueError(f"not an RDF term: {t!r}")
        written[t] = s
        return s

    # a literal object is written without a look-up: rdflib hashes a Literal in Python, and
    # the look-up would miss (literals are not kept)
    lines = [
        f"{known(s) or term(s)} {known(p) or term(p)} {term(o) if type(o) is Literal else known(o) or term(o)} .\n"
        for s, p, o in g
    ]
    return "".join(lines).encode("utf-8")


def _escape(s: str) -> str:
    # the four characters N-Triples must escape in a string; each a fast scan when absent
    if "\\" in s:
        s = s.replace("\\", "\\\\")
    if '"' in s:
        s = s.replace('"', '\\"')
    if "\n" in s:
        s = s.replace("\n", "\\n")
    if "\r" in s:
        s = s.replace("\r", "\\r")
    return s


def to_nquads(graph: ArticleGraph) -> bytes:
    """The article's N-Triples placed in its named graph (N-Quads).

    Every line ends in " .\\n" and nothing else can: a newline inside a literal is escaped.
    """
    return graph.ntriples.replace(b" .\n", b" <" + graph.graph.encode("utf-8") + b"> .\n")


# ---------------------------------------------------------------------- many articles


def _work(chunk: list[Article], options: GraphOptions | None, strict: bool) -> list[ArticleGraph]:
    # an exception raised here reaches the parent through the pool (pickled), as if raised there
    return [map_article(a, options, strict) for a in chunk]


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def article_graphs(
    articles: Iterable[Article],
    jobs: int = 1,
    options: GraphOptions | None = None,
    chunk_size: int = CHUNK_ARTICLES,
    strict: bool = False,
) -> Iterator[ArticleGraph]:
    """The graphs of `articles`, in input order; with `jobs > 1`, made by that many processes.

    With `strict`, an extraction error is raised (from the worker, when there are workers)
    instead of being returned as the article's `problem`.
    """
    it = iter(articles)
    first = list(islice(it, chunk_size))
    if jobs <= 1 or len(first) < chunk_size:
        # too little input to be worth starting processes
        for article in first:
            yield map_article(article, options, strict)
        for article in it:
            yield map_article(article, options, strict)
        return
    # fork: the workers start at once with the extractors already imported (and see any
    # extractor a test put in place); they never touch the store the parent has open
    method = "fork" if sys.platform == "linux" else "spawn"
    ctx = multiprocessing.get_context(method)
    chunks = _chunks(it, first, chunk_size)
    with ctx.Pool(jobs) as pool:
        pending: deque = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(_work, (chunk, options, strict)))
            if len(pending) >= jobs * IN_FLIGHT_PER_JOB:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def _chunks(it: Iterator[Article], first: list[Article], size: int) -> Iterator[list[Article]]:
    chunk = first
    while chunk:
        yield chunk
        chunk = list(islice(it, size))


def ingest(
    sink: GraphSink,
    articles: Iterable[Article],
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
    on_problem: ProblemHandler | None = None,
    options: GraphOptions | None = None,
    batch_size: int = BATCH_ARTICLES,
    batch_bytes: int = BATCH_BYTES,
) -> IngestSummary:
    """Extract, map and write each article into `sink`, replacing its named graph.

    An article whose extraction fails is reported to `on_problem` and skipped; without
    `on_problem` its exception propagates.  `progress(n)` is called after each article.
    `options` says what each graph holds besides the facts (`kg.mapping.GraphOptions`).
    """
    start = time.perf_counter()
    sink.load_ontology()
    summary = IngestSummary()
    officials: set[str] = set()
    batch: list[ArticleGraph] = []
    size = 0
    with _BackgroundWriter(sink) as writer:
        for graph in article_graphs(articles, jobs, options, strict=on_problem is None):
            if graph.problem is not None and on_problem is not None:
                on_problem(ReadProblem(None, None, graph.problem))
                continue
            batch.append(graph)
            size += len(graph.ntriples)
            summary.articles += 1
            summary.meetings += graph.meetings
            summary.triples += graph.triples
            officials.update(graph.officials)
            if len(batch) >= batch_size or size >= batch_bytes:
                writer.write(batch)
                batch, size = [], 0
            if progress is not None:
                progress(summary.articles)
        if batch:
            writer.write(batch)
    sink.finish()
    summary.officials = len(officials)
    summary.seconds = time.perf_counter() - start
    return summary


class _BackgroundWriter:
    """Writes batches into a sink from a thread of its own, one at a time, in the order given.

    Oxigraph's loader and the HTTP client release the GIL, so the extraction processes
    keep working (and this process keeps collecting their graphs) while a batch is
    written: writing no longer stalls extraction.  At most one batch waits behind the one
    being written, which bounds memory.  A write that fails is raised here, at the next
    `write` or when the block ends; later batches are then dropped, never written out of order.
    """

    def __init__(self, sink: GraphSink) -> None:
        self._sink = sink
        self._queue: queue.Queue[list[ArticleGraph] | None] = queue.Queue(maxsize=1)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="kg-writer", daemon=True)

    def __enter__(self) -> _BackgroundWriter:
        self._thread.start()
        return self

    def _run(self) -> None:
        while (batch := self._queue.get()) is not None:
            if self._error is None:
                try:
                    self._sink.replace_graphs(batch)
                except BaseException as e:  # handed to the caller's thread, which raises it
                    self._error = e

    def write(self, batch: list[ArticleGraph]) -> None:
        self._raise_error()
        self._queue.put(batch)

    def _raise_error(self) -> None:
        if self._error is not None:
            raise self._error  # and again at each later call: no batch is written after a failed one

    def __exit__(self, exc_type: object, *rest: object) -> None:
        # wait for the batches already handed over, even when the caller failed: the last
        # batch is then wholly written, and the store's journal has nothing to undo
        self._queue.put(None)
        self._thread.join()
        if exc_type is None:
            self._raise_error()
