"""The store survives a killed ingest, a concurrent query and a store of another version.

- `kg ingest` killed with SIGKILL in the middle of a write: the store opens, each article
  graph is whole (equal to a clean ingest's) or absent, the default graph is the merge of
  the named graphs, and the same command run again gives exactly the clean result.
- `kg query` while an ingest runs says the store is busy (exit 4) or answers from a
  consistent state (the store before or after the ingest).
- a store of another format version, or with an unreadable description, is refused clearly.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import REPO
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import EXIT_BUSY
from kg.mapping import graph_iri
from kg.namespaces import ONTOLOGY_IRI
from kg.records import Article
from kg.recovery import JOURNAL, begin, pending
from kg.store import DATA_DIR, MANIFEST, Store
from kg.synthetic import write_corpus

ARTICLES = 300
BATCH = 25  # articles per write, so a run makes a dozen writes and a kill can land inside one
runner = CliRunner()

# `kg ingest` with small batches: batch_size is a parameter of Store.ingest that the CLI leaves at its default
INGEST = (
    "import functools, sys\n"
    "import kg.store\n"
    "kg.store.Store.ingest = functools.partialmethod(kg.store.Store.ingest, batch_size=int(sys.argv[1]))\n"
    "from kg.cli import app\n"
    "app(sys.argv[2:])\n"
)
COUNT = (
    "PREFIX dip: <https://w3id.org/diplomacy-kg/ontology#>\n"
    "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a dip:Article }\n"
)


def ingest_command(corpus: Path, store: Path) -> list[str]:
    return [
        sys.executable,
        "-c",
        INGEST,
        str(BATCH),
        "ingest",
        str(corpus),
        "--store",
        str(store),
        "--jobs",
        "1",
    ]


def contents(store_dir: Path) -> tuple[dict[str, set[str]], dict[str, int]]:
    """Each graph's triples (default graph: key ""), without prov:generatedAtTime; and its blank-node triples' count.

    Opening the store is part of the check: it must open, repairing what a crash left.
    """
    triples: dict[str, set[str]] = defaultdict(set)
    blank: dict[str, int] = defaultdict(int)
    with Store.open(store_dir) as store:
        for q in store.ox:
            key = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
            if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode):
                blank[key] += 1  # the ontology's OWL axioms: new node ids at each load
            elif not q.predicate.value.endswith("generatedAtTime"):
                triples[key].add(f"{q.subject} {q.predicate} {q.object}")
    return dict(triples), dict(blank)


def assert_default_is_the_merge(triples: dict[str, set[str]]) -> None:
    merged = set().union(*(t for g, t in triples.items() if g))
    assert triples.get("", set()) == merged


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus") / "articles.jsonl", ARTICLES)


@pytest.fixture(scope="module")
def clean(
    corpus: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict[str, set[str]], dict[str, int]]:
    store = tmp_path_factory.mktemp("clean") / "store"
    proc = subprocess.run(
        ingest_command(corpus, store), cwd=REPO, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stderr
    return contents(store)


def _kill_inside_a_write(command: list[str], store: Path, nth_write: int, delay: float = 0.0) -> bool:
    """Start the ingest, SIGKILL it `delay` s after its `nth_write`-th article write began; True if it was inside."""
    proc = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    journal = store / JOURNAL
    seen: list[float] = []
    deadline = time.monotonic() + 300
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                stamp = journal.stat().st_mtime
            except FileNotFoundError:
                time.sleep(0.0005)
                continue
            if stamp not in seen:
                seen.append(stamp)  # the first journal is the ontology's, then one per batch
            if len(seen) > nth_write:
                time.sleep(delay)
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(0.0005)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    return proc.returncode == -signal.SIGKILL and journal.exists()


def consistent_without_repair(store_dir: Path) -> bool:
    """Whether the store, read as the crash left it (read-only: no repair), has its default graph the merge."""
    reader = ox.Store.read_only(str(store_dir / DATA_DIR))
    named: set[ox.Triple] = set()
    default: set[ox.Triple] = set()
    for q in reader:
        (named if isinstance(q.graph_name, ox.NamedNode) else default).add(q.triple)
    del reader
    return named == default


def check_after_crash(store: Path, clean_triples: dict[str, set[str]]) -> None:
    """The store opens; each article graph is the clean one or absent; the default graph is their merge."""
    assert pending(store) is not None  # the write the kill interrupted
    triples, _ = contents(store)  # opening the store undoes that write
    assert pending(store) is None
    articles = [g for g in triples if g and g != ONTOLOGY_IRI]
    assert 0 < len(articles) < ARTICLES
    for g in articles:
        assert triples[g] == clean_triples[g], g  # wholly present ...
    assert_default_is_the_merge(triples)  # ... and the rest wholly absent, from the merge too


def check_rerun(command: list[str], store: Path, clean) -> None:
    """The same command again completes the store: equal to a clean ingest, nothing duplicated or left over."""
    clean_triples, clean_blank = clean
    proc = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    triples, blank = contents(store)
    assert triples == clean_triples
    assert blank == clean_blank
    assert len([g for g in triples if g and g != ONTOLOGY_IRI]) == ARTICLES


def test_an_ingest_killed_mid_write_leaves_whole_articles_and_a_rerun_completes_it(
    corpus: Path, clean, tmp_path: Path
) -> None:
    start = time.perf_counter()
    store = tmp_path / "store"
    command = ingest_command(corpus, store)
    caught = False
    for nth, delay in ((4, 0.01), (6, 0.02), (8, 0.0)):  # a kill may land just after the write: try again
        caught = _kill_inside_a_write(command, store, nth, delay)
        if caught:
            break
    assert caught, "the kill never landed inside a write"
    check_after_crash(store, clean[0])
    check_rerun(command, store, clean)
    print(f"SIGKILL test (new store): {time.perf_counter() - start:.1f} s")


def test_a_reingest_killed_mid_write_is_repaired_and_a_rerun_completes_it(
    corpus: Path, clean, tmp_path: Path
) -> None:
    # replacing graphs is where a kill can leave the most damage: graphs removed but not yet
    # written again, and their old triples still in the default graph
    start = time.perf_counter()
    half = tmp_path / "half.jsonl"
    half.write_text("".join(corpus.read_text(encoding="utf-8").splitlines(keepends=True)[: ARTICLES // 2]))
    base = tmp_path / "base"
    assert (
        subprocess.run(ingest_command(half, base), cwd=REPO, capture_output=True, timeout=600).returncode == 0
    )
    damaged = False
    for attempt, delay in enumerate((0.01, 0.02, 0.03, 0.005, 0.04)):
        store = tmp_path / f"store-{attempt}"
        shutil.copytree(base, store)
        command = ingest_command(corpus, store)
        if not _kill_inside_a_write(command, store, 2, delay):
            continue
        damaged = not consistent_without_repair(store)
        check_after_crash(store, clean[0])
        if damaged:
            break
    assert damaged, "no kill left a damaged store to repair"
    check_rerun(command, store, clean)
    print(f"SIGKILL test (re-ingest): {time.perf_counter() - start:.1f} s, {attempt + 1} kill(s)")


def test_a_query_during_an_ingest_says_busy_or_answers_from_a_consistent_state(
    corpus: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    first = tmp_path / "first.jsonl"
    first.write_text(
        "".join(corpus.read_text(encoding="utf-8").splitlines(keepends=True)[:10]), encoding="utf-8"
    )
    assert (
        subprocess.run(ingest_command(first, store), cwd=REPO, capture_output=True, timeout=300).returncode
        == 0
    )
    count = tmp_path / "count.rq"
    count.write_text(COUNT, encoding="utf-8")
    query = [sys.executable, "-m", "kg.cli", "query", str(count), "--store", str(store), "--format", "csv"]

    ingest = subprocess.Popen(ingest_command(corpus, store), cwd=REPO, stderr=subprocess.PIPE, text=True)
    answers = []
    try:
        while ingest.poll() is None:
            q = subprocess.run(query, cwd=REPO, capture_output=True, text=True, timeout=120)
            answers.append((q.returncode, q.stdout, q.stderr))
    finally:
        _, err = ingest.communicate(timeout=600)
    assert ingest.returncode == 0, err
    q = subprocess.run(query, cwd=REPO, capture_output=True, text=True, timeout=120)
    answers.append((q.returncode, q.stdout, q.stderr))  # once it has ended

    busy = [a for a in answers if a[0] == EXIT_BUSY]
    answered = [a for a in answers if a[0] == 0]
    assert len(busy) + len(answered) == len(answers), answers
    assert busy, "no query ran while the ingest wrote"
    for _, _, stderr in busy:
        assert stderr.startswith(f"Error: the store {store} is busy: another kg process")
        assert "Traceback" not in stderr
    # an answer is the store before the ingest (10 articles) or after it (all of them)
    assert {a[1] for a in answered} <= {"n\n10\n", f"n\n{ARTICLES}\n"}  # text mode reads CSV's CRLF as \n
    assert answered[-1][1] == f"n\n{ARTICLES}\n"


# ---------------------------------------------------------------------- the repair, step by step


def test_an_interrupted_write_is_undone_when_the_store_is_next_opened(tmp_path: Path, fake_extractor) -> None:
    articles = [Article(id=k, text="نص") for k in ("t-1", "t-2")]
    with Store.open(tmp_path / "s", create=True) as store:
        store.ingest(articles)
    before, _ = contents(tmp_path / "s")
    t1, t2 = (ox.NamedNode(str(graph_iri(a.id))) for a in articles)

    # what a killed re-ingest of t-1 can leave: its journal, t-1 in part, the merge out of step
    with Store.open(tmp_path / "s") as store:
        begin(store.path, [t1.value])
        half = list(store.ox.quads_for_pattern(None, None, None, t1))[::2]
        for q in half:
            store.ox.remove(q)
        orphan = ox.Quad(
            ox.NamedNode("https://example.org/x"), ox.NamedNode("https://example.org/p"), ox.Literal("y")
        )
        store.ox.add(orphan)
        only_t2 = next(
            q
            for q in store.ox.quads_for_pattern(None, None, None, t2)
            if not any(True for _ in store.ox.quads_for_pattern(q.subject, q.predicate, q.object, t1))
        )
        store.ox.remove(ox.Quad(only_t2.subject, only_t2.predicate, only_t2.object, ox.DefaultGraph()))
    assert pending(tmp_path / "s") == [t1.value]

    after, _ = contents(tmp_path / "s")  # opening repairs
    assert pending(tmp_path / "s") is None
    assert t1.value not in after
    assert after[t2.value] == before[t2.value]
    assert_default_is_the_merge(after)

    with Store.open(tmp_path / "s") as store:
        store.ingest(articles[:1])  # the same ingest again
    again, _ = contents(tmp_path / "s")
    assert again == before


def test_a_journal_cut_short_still_triggers_the_repair(tmp_path: Path, fake_extractor) -> None:
    with Store.open(tmp_path / "s", create=True) as store:
        store.ingest([Article(id="t-1", text="نص")])
        store.ox.add(
            ox.Quad(
                ox.NamedNode("https://example.org/x"), ox.NamedNode("https://example.org/p"), ox.Literal("y")
            )
        )
    (tmp_path / "s" / JOURNAL).write_text('{"graphs": ["https://w3id', encoding="utf-8")
    assert pending(tmp_path / "s") == []
    triples, _ = contents(tmp_path / "s")
    assert_default_is_the_merge(triples)
    assert str(graph_iri("t-1")) in triples and pending(tmp_path / "s") is None


def test_the_server_repairs_a_store_left_by_a_killed_ingest(tmp_path: Path, fake_extractor) -> None:
    from kg.serve import ServeConfig, make_server

    with Store.open(tmp_path / "s", create=True) as store:
        store.ingest([Article(id="t-1", text="نص")])
        begin(store.path, [str(graph_iri("t-1"))])
    server = make_server(ServeConfig(tmp_path / "s", port=0, log=False, workers=1))
    server.server_close()
    assert pending(tmp_path / "s") is None
    assert str(graph_iri("t-1")) not in contents(tmp_path / "s")[0]


# ---------------------------------------------------------------------- stores of another version


def _store(tmp_path: Path, tiny_jsonl: Path) -> Path:
    store = tmp_path / "s"
    assert runner.invoke(app, ["ingest", str(tiny_jsonl), "--store", str(store)]).exit_code == 0
    return store


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        (
            {"format": "diplomacy-kg-store", "format_version": 99, "tool_version": "9.9.9"},
            "store format version 99, made by kg 9.9.9; this kg ",
        ),
        ({"format": "something-else", "format_version": 1}, "not a kg store description"),
        ("{not json", "cannot read the store description: "),
    ],
)
@pytest.mark.parametrize("command", [["query", "meetings_by_country"], ["stats"], ["export"], ["ingest"]])
def test_a_store_of_another_version_is_refused_clearly(
    tmp_path: Path, tiny_jsonl: Path, fake_extractor, manifest, message: str, command: list[str]
) -> None:
    store = _store(tmp_path, tiny_jsonl)
    text = manifest if isinstance(manifest, str) else json.dumps(manifest)
    (store / MANIFEST).write_text(text, encoding="utf-8")
    before = sorted((p.relative_to(store), p.stat().st_mtime_ns) for p in store.rglob("*"))
    args = [*command, *([str(tiny_jsonl)] if command == ["ingest"] else []), "--store", str(store)]
    proc = subprocess.run([sys.executable, "-m", "kg.cli", *args], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"Error: {store / MANIFEST}: {message}")
    assert len(proc.stderr.splitlines()) == 1 and "Traceback" not in proc.stderr
    assert sorted((p.relative_to(store), p.stat().st_mtime_ns) for p in store.rglob("*")) == before


def test_serve_refuses_a_store_of_another_version(tmp_path: Path, tiny_jsonl: Path, fake_extractor) -> None:
    store = _store(tmp_path, tiny_jsonl)
    meta = json.loads((store / MANIFEST).read_text(encoding="utf-8"))
    (store / MANIFEST).write_text(json.dumps({**meta, "format_version": 2}), encoding="utf-8")
    result = runner.invoke(app, ["serve", "--store", str(store), "--port", "0"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {store / MANIFEST}: store format version 2")


def test_busy_is_exit_4_for_every_command_that_opens_the_store(
    tmp_path: Path, tiny_jsonl: Path, fake_extractor
) -> None:
    store = _store(tmp_path, tiny_jsonl)
    with Store.open(store):  # a writer holds the store
        for args in (["stats"], ["export"], ["query", "meetings_by_country"], ["ingest", str(tiny_jsonl)]):
            proc = subprocess.run(
                [sys.executable, "-m", "kg.cli", *args, "--store", str(store)],
                cwd=REPO,
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert proc.returncode == EXIT_BUSY, (args, proc.stderr)
            assert "is busy" in proc.stderr and "Traceback" not in proc.stderr
