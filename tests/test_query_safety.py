"""Queries end with a clear error and exit code, and no query reads a file or calls out unless allowed.

`kg query`: a missing .rq file (2), a syntax error at its line and column (1), an unbound
or unknown parameter naming the `--bind` to pass (1), a query past `--timeout` (5), a
refused LOAD or SERVICE (1); no traceback.  `kg query` and `kg serve` refuse SPARQL Update
(LOAD included) always and SERVICE unless `--allow-service`, and then only to http(s);
`FROM`, `GRAPH`, `DESCRIBE` and the protocol's dataset parameters naming a file read nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO
from test_serve import Running, build_store, http, sparql
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import EXIT_TIMEOUT
from kg.store import store_signature

runner = CliRunner()
SECRET = "TOPSECRET-9f2c"


def kg(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("safety") / "store")


@pytest.fixture(scope="module")
def secret(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Files a query must not be able to read: RDF, SPARQL results and plain text holding a marker."""
    folder = tmp_path_factory.mktemp("secret")
    (folder / "secret.nt").write_text(f'<http://x.org/s> <http://x.org/p> "{SECRET}" .\n', encoding="utf-8")
    results = {
        "head": {"vars": ["s"]},
        "results": {"bindings": [{"s": {"type": "literal", "value": SECRET}}]},
    }
    (folder / "secret.srj").write_text(json.dumps(results), encoding="utf-8")
    return folder / "secret.nt"


def query_file(tmp_path: Path, text: str, name: str = "q.rq") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------- errors and exit codes


def test_a_missing_query_file_is_a_usage_error(store: Path, tmp_path: Path) -> None:
    result = kg("query", tmp_path / "nowhere.rq", "--store", store)
    assert result.exit_code == 2
    assert f"no such file: {tmp_path / 'nowhere.rq'}" in result.stderr


@pytest.mark.parametrize(
    ("text", "position", "reason"),
    [
        ("SELECT ?x\nWHERE {\n  ?x ?y\n}\n", "3:3", "near '?x ?y'"),
        (
            "SELECT * WHERE {\n  ?s dip:mode ?m\n}\n",
            "2:14",
            "undefined prefix dip: (declare it: PREFIX dip: <IRI>)",
        ),
        ('SELECT * WHERE {\n  ?s ?p "نص" . ?s ?q ?o )\n}', "2:25", "near ')'"),
        ("SELECT ?x (COUNT(?y) AS ?x) WHERE { ?x ?p ?y } GROUP BY ?x", "1:59", "The SELECT overrides"),
    ],
)
def test_a_syntax_error_is_reported_at_its_line_and_column(
    store: Path, tmp_path: Path, text: str, position: str, reason: str
) -> None:
    q = query_file(tmp_path, text)
    result = kg("query", q, "--store", store)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {q}:{position}: SPARQL syntax error: {reason}")
    assert len(result.stderr.splitlines()) == 1


def test_an_unbound_parameter_names_the_bind_to_pass(store: Path) -> None:
    saved = REPO / "queries" / "meetings_of_official.rq"
    result = kg("query", saved, "--store", store)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {saved}: parameter ?name is not bound: pass --bind name=VALUE")
    unknown = kg("query", saved, "--bind", "name=x", "--bind", "nmae=y", "--store", store)
    assert unknown.exit_code == 1 and "unknown parameter ?nmae" in unknown.stderr


def test_a_query_past_its_timeout_is_stopped_with_exit_5(store: Path, tmp_path: Path) -> None:
    q = query_file(tmp_path, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
    start = time.perf_counter()
    result = kg("query", q, "--store", store, "--timeout", "1")
    assert result.exit_code == EXIT_TIMEOUT == 5
    assert (
        result.stderr
        == f"Error: {q}: the query was stopped after 1 s (--timeout): give it more time or narrow it\n"
    )
    assert time.perf_counter() - start < 30
    # the default is generous, and said in the help
    assert "[default: 300.0;" in " ".join(kg("query", "--help").stdout.split())
    # a quick query is not affected by a short limit
    quick = query_file(tmp_path, "ASK { ?s ?p ?o }", "quick.rq")
    assert kg("query", quick, "--store", store, "--timeout", "5").stdout == "yes\n"


def test_a_query_file_that_is_not_utf8(store: Path, tmp_path: Path) -> None:
    q = tmp_path / "latin.rq"
    q.write_bytes(b'SELECT * WHERE { ?s ?p "caf\xe9" }')
    result = kg("query", q, "--store", store)
    assert result.exit_code == 1 and result.stderr.startswith(f"Error: {q}: not valid UTF-8")


def test_query_errors_reach_the_terminal_without_traceback(store: Path, tmp_path: Path) -> None:
    cases = {
        "syntax": ("SELECT ?x WHERE { ?x }", 1),
        "timeout": ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }", 5),
        "load": ("LOAD <file:///etc/passwd>", 1),
        "service": ("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }", 1),
    }
    for name, (text, code) in cases.items():
        q = query_file(tmp_path, text, f"{name}.rq")
        proc = subprocess.run(
            [sys.executable, "-m", "kg.cli", "query", str(q), "--store", str(store), "--timeout", "1"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == code, (name, proc.stderr)
        assert proc.stderr.startswith(f"Error: {q}") and len(proc.stderr.splitlines()) == 1, name
        assert "Traceback" not in proc.stderr and proc.stdout == ""


# ---------------------------------------------------------------------- no file, no call out: kg query


@pytest.mark.parametrize(
    "text",
    [
        "LOAD <file://{path}>",
        "LOAD <file://{path}> INTO GRAPH <http://x.org/g>",
        "PREFIX x: <http://x.org/>\nINSERT DATA {{ x:a x:b x:c }}",
        "CLEAR ALL",
    ],
)
def test_kg_query_refuses_load_and_every_update(store: Path, tmp_path: Path, secret: Path, text: str) -> None:
    before = kg("export", "--format", "nt", "--store", store).stdout
    q = query_file(tmp_path, text.format(path=secret))
    result = kg("query", q, "--store", store)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {q}: SPARQL Update (INSERT, DELETE, LOAD, ...) is refused")
    assert kg("export", "--format", "nt", "--store", store).stdout == before


def test_kg_query_refuses_service_unless_allowed_and_then_only_http(
    store: Path, tmp_path: Path, secret: Path
) -> None:
    call = query_file(tmp_path, "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
    refused = kg("query", call, "--store", store)
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"Error: {call}: SERVICE is refused: a query calls no other endpoint unless you pass --allow-service\n"
    )
    # allowed: Oxigraph really calls the endpoint (here nothing listens on port 1)
    allowed = kg("query", call, "--store", store, "--allow-service")
    assert allowed.exit_code == 1 and allowed.stderr.startswith(f"Error: {call}: query failed: ")
    for target in (f"file://{secret}", f"file://{secret.with_suffix('.srj')}", "ftp://example.org/x"):
        q = query_file(tmp_path, f"SELECT * WHERE {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }}", "f.rq")
        result = kg("query", q, "--store", store, "--allow-service")
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: {q}: SERVICE <{target}> is refused: only http and https endpoints are called\n"
        )
    # a SERVICE IRI given through a variable: refused as well without the option
    var = query_file(
        tmp_path, "SELECT * WHERE { VALUES ?e { <http://x.org/> } SERVICE ?e { ?s ?p ?o } }", "v.rq"
    )
    assert kg("query", var, "--store", store).exit_code == 1


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * FROM <file://{path}> WHERE {{ ?s ?p ?o }}",
        "SELECT * FROM NAMED <file://{path}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ GRAPH <file://{path}> {{ ?s ?p ?o }} }}",
        "DESCRIBE <file://{path}>",
        "CONSTRUCT {{ ?s ?p ?o }} FROM <file://{path}> WHERE {{ ?s ?p ?o }}",
        "SELECT * WHERE {{ BIND(IRI('file://{path}') AS ?f) ?f ?p ?o }}",
    ],
)
def test_no_file_is_read_through_a_query(store: Path, tmp_path: Path, secret: Path, text: str) -> None:
    q = query_file(tmp_path, text.format(path=secret))
    result = kg("query", q, "--store", store, "--format", "csv", "--allow-service")
    assert result.exit_code == 0, result.output
    assert SECRET not in result.output
    assert "x.org" not in result.output


# ---------------------------------------------------------------------- no file, no call out: kg serve


@pytest.fixture(scope="module")
def server(store: Path):
    running = Running(store, timeout=5, workers=1)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def open_server(store: Path):
    running = Running(store, timeout=5, workers=1, allow_service=True)
    yield running
    running.stop()


def test_serve_refuses_load_and_service_and_reads_no_file(server: Running, store: Path, secret: Path) -> None:
    before = store_signature(store / "oxigraph")
    for text in (
        f"LOAD <file://{secret}>",
        "DROP ALL",
        f"LOAD <file://{secret}> INTO GRAPH <http://x.org/g>",
    ):
        r = sparql(server, text)
        assert r.status == 403 and "read-only" in r.text
    r = sparql(server, f"SELECT * WHERE {{ SERVICE <file://{secret}> {{ ?s ?p ?o }} }}")
    assert r.status == 403 and "--allow-service" in r.text
    for text in (
        f"SELECT * FROM <file://{secret}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * WHERE {{ GRAPH <file://{secret}> {{ ?s ?p ?o }} }}",
        f"DESCRIBE <file://{secret}>",
    ):
        r = sparql(server, text)
        assert r.status == 200 and SECRET not in r.text
    r = sparql(server, "SELECT * WHERE { ?s ?p ?o }", "text/csv", **{"default-graph-uri": f"file://{secret}"})
    assert r.status == 200 and SECRET not in r.text
    r = http(f"{server.url}/describe?iri=" + f"file://{secret}")
    assert SECRET not in r.text
    assert store_signature(store / "oxigraph") == before  # nothing was written


def test_serve_allow_service_calls_http_endpoints_only(open_server: Running, secret: Path) -> None:
    r = sparql(open_server, f"SELECT * WHERE {{ SERVICE <file://{secret}> {{ ?s ?p ?o }} }}")
    assert r.status == 403 and "only http and https" in r.text
    r = sparql(open_server, "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
    assert r.status >= 500 and r.status != 403  # allowed: the call was made, and failed
    assert SECRET not in r.text
    r = sparql(open_server, f"LOAD <file://{secret}>")
    assert r.status == 403  # updates stay refused whatever the option
