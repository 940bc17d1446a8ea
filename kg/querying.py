"""Run a user's SPARQL query on a store safely: screened, in a killable process, errors placed in the query.

`kg query` runs text a user wrote or was handed, so:
- SPARQL Update (INSERT, DELETE, LOAD, ...) is refused: the store changes only through
  `kg ingest`, and `LOAD` is the one SPARQL operation that would fetch a document;
- `SERVICE` is refused unless the caller allows it (`--allow-service`): Oxigraph would call
  that endpoint over HTTP, sending it parts of the query.  Allowed, it still calls only
  http(s) endpoints (`kg.screening.screen_query`);
- the query runs in a worker process holding a read-only snapshot of the store, killed when
  it runs past `timeout`, because pyoxigraph cannot cancel a query.  The worker is a fresh
  interpreter that imports only this module and pyoxigraph (`_worker`), so it starts in a
  few hundredths of a second; it is not forked, because a process that has opened a store
  holds RocksDB threads and locks a fork would copy half-way (the caller may be a test
  process, or may have repaired the store just before);
- it answers from a consistent state or says the store is busy (`StoreBusyError`, exit
  4).  A query never blocks an ingest: it takes no lock.  While an ingest writes (it holds
  RocksDB's lock, seen with `kg.store.writer_pid`), a snapshot could catch half a batch,
  so the store is busy.  Otherwise the worker opens its snapshot, and the store is checked
  again: still no writer, and no flush or load since the first check (RocksDB's MANIFEST
  unchanged, `kg.store.store_signature`), so no write began or ended in between and the
  snapshot holds whole batches only.  A snapshot taken before an ingest starts stays as it
  was while the ingest writes (measured in `kg.serve`).  A store left by a killed ingest
  is repaired first (`kg.recovery`), which needs a moment of write access;
- a syntax error comes back as a `QueryError` at its line and column (`kg.queries.syntax_error`).

The worker sends its result as Oxigraph serializes it (SPARQL JSON results, N-Triples), so
no term is converted in Python on its side; `run_query` parses it back into a `QueryResult`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.errors import QueryError, QueryTimeoutError, StoreBusyError, StoreError

if TYPE_CHECKING:
    import subprocess

    from kg.store import QueryResult, Store

DEFAULT_TIMEOUT = 300.0  # seconds: generous, a saved query over a large store takes a few
START_TRIES = 3  # a worker that cannot open the store (e.g. files removed under it) is started again
START_TIMEOUT = 60.0  # seconds for a worker to open its snapshot


def check_query(sparql: str, source: str | Path | None = None, allow_service: bool = False) -> None:
    """Raise QueryError for SPARQL Update, and for `SERVICE` unless allowed (http(s) endpoints only)."""
    from kg.screening import Refused, is_update, screen_query

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
    from kg.store import DATA_DIR, Store

    check_query(sparql, source, allow_service)
    if isinstance(store, Store):
        path, held = store.path, True  # its writer is this process: nothing can change under the query
    elif isinstance(store, (str, Path)):
        path, held = Path(store), False
        _prepare(path)
    else:
        return store.query(sparql, source=source)
    before = _quiet(path, held)
    worker = _Worker.start(path / DATA_DIR, sparql)  # it opens its snapshot, then runs the query
    try:
        if not held and _quiet(path, held) != before:
            raise _busy(path)
        reply = worker.reply(timeout)
    finally:
        worker.kill()
    if reply is None:
        raise QueryTimeoutError(
            f"the query was stopped after {timeout:g} s (--timeout): give it more time or narrow it",
            file=source,
        )
    return _result(reply, sparql, source)


def _prepare(path: Path) -> None:
    """A kg store of this version, repaired if an ingest was killed; StoreBusyError while one writes."""
    from kg.recovery import pending
    from kg.store import DATA_DIR, Store, check_store, writer_pid

    check_store(path)
    if writer_pid(path / DATA_DIR) is not None:
        raise _busy(path)
    if pending(path) is not None:
        Store.open(path).close()  # opening for writing repairs (or says the store is busy)


def _quiet(path: Path, held: bool) -> tuple[str, int, int] | None:
    """The store's signature, checking that no other process writes it."""
    from kg.recovery import pending
    from kg.store import DATA_DIR, store_signature, writer_pid

    if not held and (writer_pid(path / DATA_DIR) is not None or pending(path) is not None):
        raise _busy(path)
    return store_signature(path / DATA_DIR)


def _busy(path: Path) -> StoreBusyError:
    return StoreBusyError(
        f"the store {path} is busy: another kg process (an ingest?) is writing it; retry when it ends"
    )


def _result(reply: tuple, sparql: str, source: str | Path | None) -> QueryResult:
    """The worker's reply as a QueryResult, or its error as a QueryError."""
    from kg.store import QueryResult

    kind, data = reply
    if kind == "syntax":
        from kg.queries import syntax_error

        raise syntax_error(sparql, data, source)
    if kind == "failed":
        # "OSError: reason" from the worker: the reason is what the user can act on
        head, _, rest = data.partition(": ")
        raise QueryError(f"query failed: {rest if rest and head.isidentifier() else data}", file=source)
    if kind == "ask":
        return QueryResult("ask", boolean=data)
    if kind == "graph":
        return QueryResult("graph", triples=[q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)])
    solutions = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    variables = [v.value for v in solutions.variables]
    width = range(len(variables))
    rows = [tuple(solution[i] for i in width) for solution in solutions]
    return QueryResult("select", variables=variables, rows=rows)


# ---------------------------------------------------------------------- the worker process
#
# The parent writes the query to the worker's stdin; the worker answers on a pipe with
# length-prefixed pickled tuples: ("ready", "") once its snapshot is open (or ("open-failed",
# reason)), then one of ("select", SPARQL JSON results), ("ask", bool), ("graph", N-Triples),
# ("syntax", message) or ("failed", "ExceptionType: message").


class _Worker:
    """One query process: started with the query, waited for, killed."""

    def __init__(self, process: subprocess.Popen, fd: int) -> None:
        self.process = process
        self.fd = fd

    @classmethod
    def start(cls, data_dir: Path, sparql: str) -> _Worker:
        """A worker that has opened its snapshot of `data_dir` and is running `sparql`."""
        import subprocess
        import time

        last = "the query process stopped while opening the store"
        for attempt in range(START_TRIES):
            ours, theirs = os.pipe()  # we read what the worker writes
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    "from kg.querying import _worker; _worker()",
                    str(theirs),
                    str(data_dir),
                ],
                stdin=subprocess.PIPE,
                pass_fds=(theirs,),
                env=worker_environment(),
                start_new_session=True,  # Ctrl-C reaches kg query alone, which stops the worker
            )
            os.close(theirs)
            worker = cls(process, ours)
            try:
                assert process.stdin is not None
                process.stdin.write(sparql.encode("utf-8"))
                process.stdin.close()
                message = worker._receive(START_TIMEOUT)
                if message is None:
                    last = f"the query process did not open the store within {START_TIMEOUT:.0f} s"
            except (OSError, EOFError):  # it died opening the store (e.g. files removed under it)
                message = None
            if message is not None and message[0] == "ready":
                return worker
            if message is not None:
                last = message[1]
            worker.kill()
            if attempt + 1 < START_TRIES:
                time.sleep(0.2 * (attempt + 1))
        raise StoreError(last)

    def reply(self, timeout: float | None) -> tuple | None:
        """The worker's answer; None when it has not come within `timeout` seconds."""
        try:
            return self._receive(timeout)
        except EOFError:
            self.process.wait()
            raise QueryError(
                "query failed: the query process stopped unexpectedly (out of memory?)"
                f" with exit status {self.process.returncode}"
            ) from None

    def _receive(self, timeout: float | None) -> tuple | None:
        """The next message; None after `timeout` seconds, EOFError when the worker is gone."""
        import pickle
        import time

        deadline = None if timeout is None else time.monotonic() + timeout
        header = self._read(4, deadline)
        if header is None:
            return None
        body = self._read(int.from_bytes(header, "big"), deadline)
        return None if body is None else pickle.loads(body)

    def _read(self, size: int, deadline: float | None) -> bytes | None:
        import select
        import time

        chunks, left = [], size
        while left:
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not select.select([self.fd], [], [], wait)[0]:
                return None  # timed out
            chunk = os.read(self.fd, min(left, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    def kill(self) -> None:
        try:
            self.process.kill()
            self.process.wait(5)
        except Exception:  # already gone, or not reaped in time: nothing more to do
            pass
        try:
            os.close(self.fd)
        except OSError:
            pass


_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)


def worker_environment() -> dict[str, str]:
    """The environment of a worker interpreter (kg query's, kg serve's): it imports this kg."""
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [_PACKAGE_ROOT, os.environ.get("PYTHONPATH")])),
    }


def exit_with_parent() -> None:
    """Stop this worker process when its parent is gone (`kg query` or `kg serve` killed outright)."""
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def _worker() -> None:
    """`python -c 'from kg.querying import _worker; _worker()' FD DATA_DIR`, the query on stdin."""
    import pickle

    out, data_dir = int(sys.argv[1]), sys.argv[2]
    sparql = sys.stdin.buffer.read().decode("utf-8")
    exit_with_parent()

    def send(kind: str, data: Any) -> None:
        body = pickle.dumps((kind, data), protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(len(body).to_bytes(4, "big") + body)
        while view:
            view = view[os.write(out, view) :]

    try:
        store = ox.Store.read_only(data_dir)
    except Exception as e:  # reported by the parent, which may try again
        send("open-failed", f"cannot open the store: {e}")
        os._exit(1)
    send("ready", "")
    try:
        result = store.query(sparql)
        if isinstance(result, ox.QuerySolutions):
            send("select", result.serialize(format=ox.QueryResultsFormat.JSON))
        elif isinstance(result, ox.QueryBoolean):
            send("ask", bool(result))
        else:
            send("graph", ox.serialize(result, format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError as e:
        send("syntax", str(e))
    except Exception as e:  # the parent must get an answer whatever went wrong
        send("failed", f"{type(e).__name__}: {e}")
    os._exit(0)  # no interpreter teardown: the snapshot needs no cleanup
