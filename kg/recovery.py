"""Crash safety of the embedded store: a journal around each write, and the repair it allows after a crash.

A batch of article graphs is written by Oxigraph's bulk loader, which is not atomic, and a
replaced graph is removed before its new version is loaded; so an ingest killed half-way
(SIGKILL, the OOM killer, a power cut) can leave an article graph in part, or the default
graph (kept as the merge of all named graphs, see `kg.store`) out of step with them.

So each write of the store (`kg.store.Store.replace_graphs`, `load_ontology`) runs inside
`journaled`: before it, the names of the graphs it is about to write are saved in
`kg-journal.json` in the store directory (written to a temporary file, synced, renamed);
after it, the file is removed.  A journal found by the next process that opens the store
for writing (so holding its lock: the writer that left it is gone) means that write did
not finish, and `recover`:
1. removes those named graphs whole (each may be partial);
2. recomputes the default graph as the merge of the named graphs that remain (the only
   step whose cost grows with the store: two SPARQL updates over all triples);
3. reloads the ontology graph if it was being written.
Every article is then wholly present (written by a batch that finished) or wholly absent,
and running the same ingest again writes the absent ones.  The repair runs only after a
crash; a normal write pays one small file written and removed per batch.
"""

from __future__ import annotations

import functools
import json
import os
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar

import pyoxigraph as ox

JOURNAL = "kg-journal.json"

# triples of the default graph no named graph holds, and named-graph triples missing from it
_DROP_ORPHANS = "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"
_ADD_MISSING = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { ?s ?p ?o } }"

F = TypeVar("F", bound=Callable[..., Any])


class Recoverable(Protocol):
    path: Path

    @property
    def ox(self) -> ox.Store: ...

    def load_ontology(self) -> None: ...


def journaled(graph_names: Callable[..., list[str]]) -> Callable[[F], F]:
    """Decorate a store method that writes graphs: `graph_names(self, *args)` names the graphs it writes.

    The journal stays behind if the method raises, so a failed write is repaired like a
    killed one.
    """

    def decorate(method: F) -> F:
        @functools.wraps(method)
        def wrapper(self: Recoverable, *args: Any, **kwargs: Any) -> Any:
            begin(self.path, graph_names(self, *args, **kwargs))
            result = method(self, *args, **kwargs)
            end(self.path)
            return result

        return wrapper  # type: ignore[return-value]

    return decorate


def begin(store_dir: Path, graphs: list[str]) -> None:
    """Save the names of the graphs about to be written, durably, before any of them changes."""
    record = {"graphs": graphs, "pid": os.getpid(), "started": datetime.now(UTC).isoformat()}
    fd, tmp = tempfile.mkstemp(dir=store_dir, prefix=f".{JOURNAL}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, Path(store_dir) / JOURNAL)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _sync_dir(store_dir)


def end(store_dir: Path) -> None:
    """The write finished: forget its journal."""
    (Path(store_dir) / JOURNAL).unlink(missing_ok=True)


def pending(store_dir: Path) -> list[str] | None:
    """The graphs of an unfinished write, or None.  An unreadable journal names no graph but is pending."""
    path = Path(store_dir) / JOURNAL
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return []  # cut short while written: the write it announced had not begun
    graphs = data.get("graphs") if isinstance(data, dict) else None
    return [g for g in graphs if isinstance(g, str)] if isinstance(graphs, list) else []


def recover(store: Recoverable) -> list[str] | None:
    """Undo the unfinished write of a store opened for writing, if there is one; the graphs removed, or None."""
    graphs = pending(store.path)
    if graphs is None:
        return None
    from kg.namespaces import ONTOLOGY_IRI

    for name in graphs:
        node = ox.NamedNode(name)
        if store.ox.contains_named_graph(node):
            store.ox.remove_graph(node)
    store.ox.update(_DROP_ORPHANS)
    store.ox.update(_ADD_MISSING)
    store.ox.flush()
    end(store.path)
    if ONTOLOGY_IRI in graphs:
        store.load_ontology()
    # the stale temporary files of a journal cut short
    for tmp in Path(store.path).glob(f".{JOURNAL}.*.tmp"):
        tmp.unlink(missing_ok=True)
    return graphs


def _sync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # not every file system syncs a directory
    finally:
        os.close(fd)
