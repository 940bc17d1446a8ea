"""`kg query` runs each query in a small worker process that it stops: at --timeout, on Ctrl-C, when killed.

The worker is a fresh interpreter importing only `kg.querying` and pyoxigraph (so it starts
quickly), holds a read-only snapshot of the store, and sends back Oxigraph's serialization
of the result.  These tests run the real command in subprocesses and look for the worker
among the live processes (Linux /proc), so they check that no query outlives `kg query`.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO

from kg.errors import EXIT_TIMEOUT, QueryTimeoutError, StoreError
from kg.querying import run_query
from kg.store import DATA_DIR, MANIFEST, Store

# a cross product of the whole store with itself four times: it never ends in a test's time
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
WORKER = "from kg.querying import _worker"

pytestmark = pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads /proc (Linux)")


@pytest.fixture
def tiny_store(tmp_path: Path, fake_extractor) -> Path:
    path = tmp_path / "store"
    with Store.open(path, create=True) as store:
        from conftest import TINY_TEXTS

        from kg.records import Article

        store.ingest(Article(id=k, text=v) for k, v in TINY_TEXTS.items())
    return path


def workers_of(store: Path) -> list[int]:
    """The query workers (pids) reading `store`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if WORKER.encode() in b" ".join(argv) and str(store / DATA_DIR).encode() in argv:
            found.append(int(entry.name))
    return found


def wait_for(condition, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def kg_query(store: Path, query: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "query", str(query), "--store", str(store), *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_query_past_its_timeout_is_stopped_and_its_worker_with_it(tiny_store: Path, tmp_path: Path) -> None:
    slow = tmp_path / "slow.rq"
    slow.write_text(SLOW, encoding="utf-8")
    proc = kg_query(tiny_store, slow, "--timeout", "1")
    assert wait_for(lambda: workers_of(tiny_store)), "the worker did not start"
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == EXIT_TIMEOUT
    assert (
        err == f"Error: {slow}: the query was stopped after 1 s (--timeout): give it more time or narrow it\n"
    )
    assert out == ""
    assert workers_of(tiny_store) == []  # kg query reaped it before exiting


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_the_worker_ends_when_kg_query_is_killed_or_interrupted(
    tiny_store: Path, tmp_path: Path, how: signal.Signals
) -> None:
    slow = tmp_path / "slow.rq"
    slow.write_text(SLOW, encoding="utf-8")
    proc = kg_query(tiny_store, slow, "--timeout", "0")  # no limit
    assert wait_for(lambda: workers_of(tiny_store)), "the worker did not start"
    proc.send_signal(how)
    proc.communicate(timeout=60)
    assert proc.returncode != 0
    # Ctrl-C: kg query stops its worker; killed outright: the worker notices within a second or two
    assert wait_for(lambda: workers_of(tiny_store) == [], 15), "the worker outlived kg query"


def test_a_quick_query_answers_and_leaves_no_worker(tiny_store: Path, tmp_path: Path) -> None:
    count = tmp_path / "count.rq"
    count.write_text(
        "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a <https://w3id.org/diplomacy-kg/ontology#Meeting> }"
    )
    proc = kg_query(tiny_store, count, "--format", "json", "--timeout", "30")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert json.loads(out)["results"]["bindings"] == [
        {"n": {"type": "literal", "value": "2", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}
    ]
    assert workers_of(tiny_store) == []


def test_run_query_times_out_for_a_library_caller(tiny_store: Path) -> None:
    start = time.monotonic()
    with pytest.raises(QueryTimeoutError, match=r"stopped after 0.5 s \(--timeout\)"):
        run_query(tiny_store, SLOW, timeout=0.5)
    assert time.monotonic() - start < 30
    assert wait_for(lambda: workers_of(tiny_store) == [], 5)


def test_every_kind_of_result_comes_back_whole(tiny_store: Path) -> None:
    """Terms cross from the worker as Oxigraph writes them: language, datatype, blank node, unbound."""
    select = run_query(
        tiny_store,
        'SELECT ?s ?l ?n ?u WHERE { VALUES (?s ?l ?n ?u) { (<http://x.org/a> "ن"@ar 3 UNDEF) } }',
    )
    assert select.kind == "select" and select.variables == ["s", "l", "n", "u"]
    [(s, label, n, unbound)] = select.rows
    assert (s.value, label.value, label.language, n.value, unbound) == (
        "http://x.org/a",
        "ن",
        "ar",
        "3",
        None,
    )
    assert n.datatype.value == "http://www.w3.org/2001/XMLSchema#integer"
    assert run_query(tiny_store, "ASK { ?s ?p ?o }").boolean is True
    graph = run_query(tiny_store, "CONSTRUCT { _:b <http://x.org/p> 'v'@en } WHERE {}")
    assert graph.kind == "graph" and len(graph.triples) == 1
    assert graph.triples[0].object.language == "en"


def test_a_store_the_worker_cannot_open_is_an_error_not_a_hang(tmp_path: Path, fake_extractor) -> None:
    path = tmp_path / "store"
    Store.open(path, create=True).close()
    data = path / DATA_DIR
    for f in data.iterdir():
        if f.is_file():
            f.write_bytes(b"not a RocksDB file")
    assert (path / MANIFEST).is_file()
    with pytest.raises(StoreError, match="cannot open the store"):
        run_query(path, "ASK { ?s ?p ?o }", timeout=30)
    assert workers_of(path) == []


def test_the_worker_imports_no_more_than_it_needs() -> None:
    """The worker's start-up cost: kg.querying and pyoxigraph, not rdflib, typer or the server."""
    probe = (
        "import sys; import kg.querying; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('kg', 'rdflib', 'typer', 'pydantic')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    ).stdout
    assert out.strip() == "['kg', 'kg.errors', 'kg.querying']"
