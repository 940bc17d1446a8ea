"""Run a user's SPARQL query on a store safely: screened, in a killable process, errors placed in the query.

`kg query` runs text a user wrote or was handed, so:
- SPARQL Update (INSERT, DELETE, LOAD, ...) is refused: the store changes only through
  `kg ingest`, and `LOAD` is the one SPARQL operation that would fetch a document;
- `SERVICE` is refused unless the caller allows it (`--allow-service`): Oxigraph would call
  that endpoint over HTTP, sending it parts of the query.  Allowed, it still calls only
  http(s) endpoints (`kg.serve.screen_query`);
- the query runs in a worker process of `kg.serve` (a fresh interpreter holding a read-only
  snapshot of the store) that is killed when it runs past `timeout`, because pyoxigraph
  cannot cancel a query;
- it answers from a consistent state or says the store is busy (`StoreBusyError`, exit
  4).  A query never blocks an ingest: it takes no lock.  While an ingest writes (it holds
  RocksDB's lock, seen with `kg.serve.writer_pid`), a snapshot could catch half a batch,
  so the store is busy.  Otherwise the worker opens its snapshot, and the store is checked
  again: still no writer, and no flush or load since the first check (RocksDB's MANIFEST
  unchanged, `kg.serve.store_signature`), so no write began or ended in between and the
  snapshot holds whole batches only.  A snapshot taken before an ingest starts stays as it
  was while the ingest writes (measured in `kg.serve`).  A store left by a killed ingest
  is repaired first (`kg.recovery`), which needs a moment of write access;
- a syntax error comes back as a `QueryError` at its line and column (`kg.queries.syntax_error`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.errors import QueryError, QueryTimeoutError, StoreBusyError
from kg.queries import syntax_error

if TYPE_CHECKING:
    from kg.serve import T
    from kg.store import QueryResult, Store

DEFAULT_TIMEOUT = 300.0  # seconds: generous, a saved query over a large store takes a few


def check_query(sparql: str, source: str | Path | None = None, allow_service: bool = False) -> None:
    """Raise QueryError for SPARQL Update, and for `SERVICE` unless allowed (http(s) endpoints only)."""
    from kg.serve import Refused, is_update, screen_query

    if is_update(sparql):
        raise QueryError(
            "SPARQL Update (INSERT, DELETE, LOAD, ...) is refused: kg query runs SELECT, ASK, CONSTRUCT "
            "and DESCRIBE; the store changes only through kg ingest",
            file=source,
        )
    try:
        screen_query(sparql, allow_service)
    except Refused as e:
        message = e.message
        if not allow_service:
            message = "SERVICE is refused: a query calls no other endpoint unless you pass --allow-service"
        raise QueryError(message, file=source) from None


def run_query(
    store: Path | Store | Any,
    sparql: str,
    source: str | Path | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    allow_service: bool = False,
) -> QueryResult:
    """Check `sparql`, then run it on `store`: a store directory, an open `kg.store.Store`, or a
    `kg.remote.RemoteStore`.

    On an embedded store the query runs in a worker process, stopped after `timeout`
    seconds (None: no limit) with `QueryTimeoutError`.
    """
    from kg.serve import QueryTimeout, Refused, SparqlJob, WorkerPool
    from kg.store import QueryResult, Store

    check_query(sparql, source, allow_service)
    if isinstance(store, Store):
        path, held = store.path, True  # its writer is this process: nothing can change under the query
    elif isinstance(store, (str, Path)):
        path, held = Path(store), False
        _prepare(path)
    else:
        return store.query(sparql, source=source)
    before = _quiet(path, held)
    pool = WorkerPool(path, 1, 0)
    try:
        pool.start()  # the worker opens its snapshot now
        if not held and _quiet(path, held) != before:
            raise _busy(path)
        # no limit: 11 days, the most that poll() accepts in round figures
        reply = pool.run(SparqlJob(sparql, "rows", "rows", sys.maxsize), timeout or 1e6)
    except QueryTimeout:
        raise QueryTimeoutError(
            f"the query was stopped after {timeout:g} s (--timeout): give it more time or narrow it",
            file=source,
        ) from None
    except Refused as e:
        raise QueryError(e.message, file=source) from None
    finally:
        pool.close()
    return _result(reply, sparql, source, QueryResult)


def _prepare(path: Path) -> None:
    """A kg store of this version, repaired if an ingest was killed; StoreBusyError while one writes."""
    from kg.recovery import pending
    from kg.serve import check_store, writer_pid
    from kg.store import DATA_DIR, Store

    check_store(path)
    if writer_pid(path / DATA_DIR) is not None:
        raise _busy(path)
    if pending(path) is not None:
        Store.open(path).close()  # opening for writing repairs (or says the store is busy)


def _quiet(path: Path, held: bool) -> tuple[str, int, int] | None:
    """The store's signature, checking that no other process writes it."""
    from kg.recovery import pending
    from kg.serve import store_signature, writer_pid
    from kg.store import DATA_DIR

    if not held and (writer_pid(path / DATA_DIR) is not None or pending(path) is not None):
        raise _busy(path)
    return store_signature(path / DATA_DIR)


def _busy(path: Path) -> StoreBusyError:
    return StoreBusyError(
        f"the store {path} is busy: another kg process (an ingest?) is writing it; retry when it ends"
    )


def _result(
    reply: Any, sparql: str, source: str | Path | None, result_type: type[QueryResult]
) -> QueryResult:
    if reply.status != 200:
        message = reply.body.decode("utf-8", errors="replace").strip()
        if message.startswith("SPARQL syntax error: "):
            raise syntax_error(sparql, message.removeprefix("SPARQL syntax error: "), source)
        # "query failed: OSError: reason" from the worker: the reason is what the user can act on
        head, _, rest = message.removeprefix("query failed: ").partition(": ")
        reason = rest if rest and head.isidentifier() else message.removeprefix("query failed: ")
        raise QueryError(f"query failed: {reason}", file=source)
    if reply.kind == "ask":
        return result_type("ask", boolean=bool(reply.boolean))
    rows = [tuple(_term(t) for t in row) for row in reply.rows]
    if reply.kind == "graph":
        return result_type("graph", triples=[ox.Triple(s, p, o) for s, p, o in rows])
    return result_type("select", variables=list(reply.variables), rows=rows)


def _term(t: T | None) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
    """A worker's plain term back as a pyoxigraph term."""
    if t is None:
        return None
    if t.kind == "uri":
        return ox.NamedNode(t.value)
    if t.kind == "bnode":
        return ox.BlankNode(t.value)
    if t.kind == "literal" and t.lang:
        return ox.Literal(t.value, language=t.lang)
    if t.kind == "literal" and t.datatype:
        return ox.Literal(t.value, datatype=ox.NamedNode(t.datatype))
    return ox.Literal(t.value)  # an RDF-star triple term, shown as its text
