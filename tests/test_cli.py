"""Tests of the `kg` command line: outputs, exit codes 0/1/2/3, error messages, atomic writes, seeds."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import REPO
from rdflib import Dataset, Graph
from typer.testing import CliRunner

from kg.cli import app
from kg.store import DATA_DIR, Store

runner = CliRunner()

QUERY = """PREFIX dip: <https://w3id.org/diplomacy-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?name ?country ?articles WHERE {
  { SELECT ?o (COUNT(DISTINCT ?a) AS ?articles) WHERE { ?o a dip:Official ; dip:mentionedIn ?a } GROUP BY ?o }
  ?o rdfs:label ?name .
  OPTIONAL { ?o dip:represents ?country . ?country a dip:Country }
}
ORDER BY DESC(?name)
"""


def kg(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def tiny_store(tmp_path: Path, tiny_jsonl: Path, fake_extractor) -> Path:
    store = tmp_path / "tiny-store"
    result = kg("ingest", tiny_jsonl, "--store", store)
    assert result.exit_code == 0, result.output
    return store


@pytest.fixture
def query_file(tmp_path: Path) -> Path:
    path = tmp_path / "officials.rq"
    path.write_text(QUERY, encoding="utf-8")
    return path


# ---------------------------------------------------------------------- help


def test_help_documents_exit_codes_and_examples() -> None:
    result = kg("--help")
    assert result.exit_code == 0
    assert "Exit codes:" in result.output and "3  ingest finished" in result.output
    for command in ("ingest", "query", "export", "stats"):
        result = kg(command, "--help")
        assert result.exit_code == 0, command
        assert (
            "Exit codes:" in result.output and "Example" in result.output and "kg " + command in result.output
        )


# ---------------------------------------------------------------------- ingest


def test_ingest_with_store_and_output(tmp_path: Path, tiny_jsonl: Path, fake_extractor) -> None:
    store, out = tmp_path / "s", tmp_path / "graph.ttl"
    result = kg("ingest", tiny_jsonl, "--store", store, "--output", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert re.fullmatch(
        rf"Ingested 2 articles: 3 officials, 2 meetings, \d+ triples in \d+\.\d\d s -> {re.escape(str(store))}\n",
        result.stderr,
    )
    g = Graph().parse(out, format="turtle")
    ids = {str(i) for i in g.objects(None, g.namespace_manager.expand_curie("dcterms:identifier"))}
    assert ids == {"t-1", "t-2"}


def test_ingest_into_the_default_store(tmp_path: Path, tiny_jsonl: Path, fake_extractor, monkeypatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    out = tmp_path / "graph.ttl"
    result = kg("ingest", tiny_jsonl, "--output", out)
    assert result.exit_code == 0, result.output
    default = tmp_path / "xdg" / "diplomacy-kg" / "store"
    assert result.stderr.rstrip().endswith(f"-> {default}")
    assert (default / "kg-store.json").is_file() and out.is_file()


@pytest.mark.parametrize(
    ("suffix", "syntax"),
    [
        (".ttl", "turtle"),
        (".nt", "nt"),
        (".jsonld", "json-ld"),
        (".rdf", "xml"),
        (".trig", "trig"),
        (".nq", "nquads"),
    ],
)
def test_output_syntax_follows_the_extension(
    tmp_path: Path, tiny_jsonl: Path, fake_extractor, suffix, syntax
):
    out = tmp_path / f"graph{suffix}"
    assert kg("ingest", tiny_jsonl, "--store", tmp_path / "s", "--output", out).exit_code == 0
    if syntax in ("trig", "nquads"):
        ds = Dataset()
        ds.parse(out, format=syntax)
        assert len([g for g in ds.graphs() if len(g)]) == 3  # two articles and the ontology
    else:
        assert len(Graph().parse(out, format=syntax)) > 0


def test_unknown_output_extension_fails_before_ingesting(
    tmp_path: Path, tiny_jsonl: Path, fake_extractor
) -> None:
    store = tmp_path / "s"
    result = kg("ingest", tiny_jsonl, "--store", store, "--output", tmp_path / "graph.xyz")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot tell the RDF syntax of ")
    assert not store.exists()


def test_malformed_line_is_reported_and_skipped_exit_3(
    tmp_path: Path, tiny_jsonl: Path, fake_extractor
) -> None:
    bad = tmp_path / "bad.jsonl"
    lines = tiny_jsonl.read_text(encoding="utf-8").splitlines()
    bad.write_text(lines[0] + "\n{not json\n" + lines[1] + "\n", encoding="utf-8")
    result = kg("ingest", bad, "--store", tmp_path / "s")
    assert result.exit_code == 3
    first, summary, skipped = result.stderr.splitlines()
    assert first.startswith(f"{bad}:2: malformed JSON")
    assert summary.startswith("Ingested 2 articles:")
    assert skipped == "1 input item(s) skipped."


def test_strict_stops_before_changing_the_store(tiny_store: Path, tmp_path: Path, fake_extractor) -> None:
    before = kg("stats", "--store", tiny_store).stdout
    extra = tmp_path / "extra.jsonl"
    extra.write_text(
        json.dumps({"id": "t-3", "text": "نص جديد عن لقاء."}, ensure_ascii=False)
        + "\n"
        + '{"id": "t-4", "text"\n',
        encoding="utf-8",
    )
    result = kg("ingest", extra, "--store", tiny_store, "--strict")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {extra}:2: malformed JSON")
    assert kg("stats", "--store", tiny_store).stdout == before
    fresh = tmp_path / "never-made"
    assert kg("ingest", extra, "--store", fresh, "--strict").exit_code == 1
    assert not fresh.exists()


def test_reingest_gives_no_duplicates(tiny_store: Path, tiny_jsonl: Path) -> None:
    first = kg("export", "--format", "nt", "--store", tiny_store).stdout_bytes
    assert kg("ingest", tiny_jsonl, "--store", tiny_store).exit_code == 0
    second = kg("export", "--format", "nt", "--store", tiny_store).stdout_bytes

    def timeless(nt: bytes) -> list[bytes]:
        # each ingest stamps its graphs with a new prov:generatedAtTime; all else is the same
        return sorted(line for line in nt.splitlines() if b"prov#generatedAtTime" not in line)

    assert timeless(first) == timeless(second)
    assert len(timeless(first)) == len(first.splitlines()) - 2  # one time per article graph
    assert len(set(second.splitlines())) == len(second.splitlines())


def test_a_folder_that_is_not_a_store_is_refused(tmp_path: Path, tiny_jsonl: Path, fake_extractor) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("x", encoding="utf-8")
    result = kg("ingest", tiny_jsonl, "--store", other)
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"Error: {other} is not a kg store (it has files but no kg-store.json); give another directory\n"
    )


# ---------------------------------------------------------------------- stats and query


def test_stats_output(tiny_store: Path) -> None:
    result = kg("stats", "--store", tiny_store)
    assert result.exit_code == 0
    with Store.open(tiny_store) as store:
        triples = store.stats()["triples"]
    width = len(str(triples))
    counts = [
        ("Articles", 2),
        ("Officials", 3),
        ("Meetings", 2),
        ("Countries", 2),
        ("Organizations", 1),
        ("Places", 1),
        ("Topics", 2),
        ("Triples", triples),
        ("Article graphs", 2),
    ]
    assert result.stdout == "".join(f"{label:<14}  {n:>{width}}\n" for label, n in counts)


def test_query_table_keeps_order_shows_values_and_short_iris(tiny_store: Path, query_file: Path) -> None:
    result = kg("query", query_file, "--store", tiny_store)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "name             country     articles\n"
        "---------------  ----------  --------\n"
        "فيصل بن فرحان    country:SA         2\n"
        "سامح شكري        country:EG         1\n"
        "أنطونيو غوتيريش                     1\n"
    )


@pytest.mark.parametrize(
    ("fmt", "oxformat"),
    [
        ("csv", ox.QueryResultsFormat.CSV),
        ("tsv", ox.QueryResultsFormat.TSV),
        ("json", ox.QueryResultsFormat.JSON),
    ],
)
def test_query_results_formats_follow_the_w3c_specs(
    tiny_store: Path, query_file: Path, fmt, oxformat
) -> None:
    result = kg("query", query_file, "--store", tiny_store, "--format", fmt)
    assert result.exit_code == 0, result.output
    # Oxigraph's own results serialisers implement the W3C formats: the bytes must agree
    reference = ox.Store(str(tiny_store / DATA_DIR)).query(QUERY).serialize(format=oxformat)
    assert result.stdout_bytes.rstrip(b"\n") == reference.rstrip(b"\n")


def test_ask_prints_yes_or_no_and_exits_0(tiny_store: Path, tmp_path: Path) -> None:
    ask = tmp_path / "ask.rq"
    for pattern, answer in (("dip:PhoneCall", "yes\n"), ("dip:VideoCall", "no\n")):
        ask.write_text(
            f"PREFIX dip: <https://w3id.org/diplomacy-kg/ontology#>\nASK {{ ?m dip:mode {pattern} }}\n"
        )
        result = kg("query", ask, "--store", tiny_store)
        assert (result.exit_code, result.stdout) == (0, answer)


def test_construct_prints_turtle(tiny_store: Path, tmp_path: Path) -> None:
    q = tmp_path / "c.rq"
    q.write_text(
        "PREFIX dip: <https://w3id.org/diplomacy-kg/ontology#>\n"
        "CONSTRUCT { ?m dip:mode ?mode } WHERE { ?m dip:mode ?mode }\n"
    )
    result = kg("query", q, "--store", tiny_store)
    assert result.exit_code == 0
    assert len(Graph().parse(data=result.stdout, format="turtle")) == 2


def test_bad_query_is_error_with_file_and_line(tiny_store: Path, tmp_path: Path) -> None:
    q = tmp_path / "bad.rq"
    q.write_text("SELECT ?x\nWHERE {\n  ?x ?y ?z .\n  FILTER (?x = )\n}\n")
    result = kg("query", q, "--store", tiny_store)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {q}:4:3: SPARQL syntax error: near 'FILTER (?x = )'\n"
    assert "Traceback" not in result.output


def test_bind_fills_a_saved_query_parameter(tiny_store: Path) -> None:
    query = REPO / "queries" / "meetings_of_official.rq"
    result = kg("query", query, "--bind", "name=شكري", "--format", "json", "--store", tiny_store)
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["results"]["bindings"]) == 1
    unbound = kg("query", query, "--store", tiny_store)
    assert unbound.exit_code == 1 and unbound.stderr.startswith(
        f"Error: {query}: parameter ?name is not bound"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["query", "q.rq", "--bind", "no-equals-sign"],
        ["query", "q.rq", "--format", "yaml"],
        ["stats", "--no-such-option"],
        ["export", "--format", "pdf"],
        ["query", "missing.rq"],
        ["ingest"],
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, monkeypatch, args: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "q.rq").write_text("ASK {}\n")
    result = kg(*args)
    assert result.exit_code == 2, result.output


# ---------------------------------------------------------------------- export


@pytest.mark.parametrize(
    ("fmt", "syntax"),
    [
        ("turtle", "turtle"),
        ("nt", "nt"),
        ("trig", "trig"),
        ("nquads", "nquads"),
        ("jsonld", "json-ld"),
        ("xml", "xml"),
    ],
)
def test_export_formats_parse_back(tiny_store: Path, fmt: str, syntax: str) -> None:
    result = kg("export", "--format", fmt, "--store", tiny_store)
    assert result.exit_code == 0
    if syntax in ("trig", "nquads"):
        graph = Dataset(default_union=True)
        graph.parse(data=result.stdout_bytes, format=syntax)
    else:
        graph = Graph().parse(data=result.stdout_bytes, format=syntax)
    turtle = Graph().parse(data=kg("export", "--store", tiny_store).stdout_bytes, format="turtle")
    assert len(set(graph.triples((None, None, None)))) == len(turtle)


def test_export_to_a_file_is_atomic(tiny_store: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "graph.nt"
    assert kg("export", "-o", out, "--store", tiny_store).exit_code == 0
    good = out.read_bytes()
    assert good.startswith(b"<")  # the extension chose N-Triples

    def half_then_fail(self, fmt: str, f: io.BufferedWriter) -> None:
        f.write(b"<half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Store, "export", half_then_fail)
    result = kg("export", "-o", out, "--store", tiny_store)
    assert result.exit_code == 1
    assert result.stderr == "Error: [Errno 28] No space left on device\n"
    assert out.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


# ---------------------------------------------------------------------- stores and seeds


def test_seeds_build_the_default_store_on_first_query(
    store_dir: Path, query_file: Path, fake_extractor
) -> None:
    result = kg("query", query_file)
    assert result.exit_code == 0, result.output
    assert result.stderr == f"No store at {store_dir}: built it from the 2 bundled seed articles.\n"
    again = kg("query", query_file)
    assert again.exit_code == 0 and again.stderr == ""


def test_an_explicit_store_that_does_not_exist_is_an_error(tmp_path: Path, query_file: Path) -> None:
    result = kg("query", query_file, "--store", tmp_path / "typo")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: no kg store at {tmp_path / 'typo'}")
    assert not (tmp_path / "typo").exists()


def test_seed_articles_give_their_true_counts(tmp_path: Path) -> None:
    # seed-000: 4 officials, 3 meetings; seed-004: 2 officials, 1 meeting (real extractor)
    result = kg("ingest", REPO / "seeds", "--store", tmp_path / "s")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("Ingested 2 articles: 6 officials, 4 meetings, ")
    stats = kg("stats", "--store", tmp_path / "s").stdout
    assert re.search(r"^Officials +6$", stats, re.MULTILINE)
    assert re.search(r"^Meetings +4$", stats, re.MULTILINE)


def test_no_evidence_and_no_text_give_the_same_answers_from_fewer_triples(tmp_path: Path) -> None:
    full = kg("ingest", REPO / "seeds", "--store", tmp_path / "full")
    lean = kg("ingest", REPO / "seeds", "--store", tmp_path / "lean", "--no-evidence", "--no-text")
    assert full.exit_code == 0 and lean.exit_code == 0, lean.output
    triples = [int(re.search(r"(\d+) triples", r.stderr).group(1)) for r in (full, lean)]
    assert triples[1] < triples[0] * 0.6  # the evidence was about half the graph
    ask = tmp_path / "ask.rq"
    ask.write_text(
        "ASK { { ?a a <http://www.w3.org/ns/oa#Annotation> } UNION { ?x <https://schema.org/text> ?t } }",
        encoding="utf-8",
    )
    assert kg("query", ask, "--store", tmp_path / "full").stdout.strip() == "yes"
    assert kg("query", ask, "--store", tmp_path / "lean").stdout.strip() == "no"
    for name in ("meetings_by_country", "officials_by_country", "timeline"):
        rows = [
            kg("query", name, "--store", tmp_path / s, "--format", "csv").stdout for s in ("full", "lean")
        ]
        assert rows[0] == rows[1] and rows[0].count("\n") > 2


# ---------------------------------------------------------------------- errors and --debug


def test_unexpected_errors_are_one_line_unless_debug(tiny_store: Path, monkeypatch) -> None:
    def broken(self) -> dict:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(Store, "stats", broken)
    result = kg("stats", "--store", tiny_store)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: internal error: RuntimeError('kaboom')")
    assert len(result.stderr.splitlines()) == 1
    debug = kg("--debug", "stats", "--store", tiny_store)
    assert isinstance(debug.exception, RuntimeError)


def test_no_traceback_reaches_the_terminal(tiny_store: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE {\n  ?x ?y ?z FILTER (?x = )\n}\n")
    proc = subprocess.run(
        [sys.executable, "-m", "kg.cli", "query", str(bad), "--store", str(tiny_store)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"Error: {bad}:2:12: SPARQL syntax error")
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_query_imports_only_what_it_needs(tiny_store: Path) -> None:
    # `kg query` starts cold each time: rdflib (~65 ms), the extractors, the mapping and the
    # server are for other commands, and importing them would cost more than the query itself
    heavy = ("rdflib", "kg.extract", "kg.pipeline", "kg.mapping", "kg.gazetteer", "kg.serve", "kg.ontology")
    code = (
        "import sys\n"
        "from kg.cli import app\n"
        "try:\n"
        f"    app(['query', 'meetings_by_country', '--format', 'csv', '--store', {str(tiny_store)!r}])\n"
        "except SystemExit as e:\n"
        "    assert not e.code, e.code\n"
        f"print('imported:', *sorted(m for m in sys.modules if m.startswith({heavy!r})))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    header, *rows, imported = proc.stdout.splitlines()
    assert header == "code,name_en,name_ar,meetings,counterparts" and rows  # the query ran
    assert imported == "imported:"
