"""Tests of kg.remote against a real SPARQL server: `oxigraph serve` started on 127.0.0.1 by the test.

The saved queries must give the same rows from the server as from the embedded store
holding the same articles, and re-ingesting into the server must replace, not add.
"""

from __future__ import annotations

import shlex
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TINY_TEXTS
from typer.testing import CliRunner

from kg.cli import app
from kg.queries import prepare, saved_queries
from kg.records import Article
from kg.remote import RemoteStore, endpoint_urls, is_endpoint
from kg.store import Store

ARTICLES = [Article(id=k, text=v) for k, v in TINY_TEXTS.items()]
# bindings that find the tiny corpus's facts, beside each query's own example
TINY_BINDINGS = {
    "meetings_of_official": {"name": "فيصل بن فرحان"},
    "meetings_by_office": {"title": "وزير الخارجية", "country": "SA"},
    "articles_mentioning": {"country": "SA"},
}
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
COUNT_NAMED = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _oxigraph() -> str | None:
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path):
    binary = _oxigraph()
    if binary is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    port = _free_port()
    proc = subprocess.Popen(
        [binary, "serve", "--location", str(tmp_path / "server"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        RemoteStore(url).wait_until_ready(15)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


def _bindings(query) -> list[dict[str, str]]:
    out = []
    args = shlex.split(query.example)
    example = {}
    for i, arg in enumerate(args[:-1]):
        if arg in ("--bind", "-b"):
            name, _, value = args[i + 1].partition("=")
            example[name] = value
    out.append(example)
    if query.name in TINY_BINDINGS:
        out.append(TINY_BINDINGS[query.name])
    return out


def test_endpoint_urls() -> None:
    assert endpoint_urls("http://h:7878") == ("http://h:7878/query", "http://h:7878/update")
    assert endpoint_urls("http://h:3030/ds/") == ("http://h:3030/ds/query", "http://h:3030/ds/update")
    assert endpoint_urls("http://h/ds/sparql") == ("http://h/ds/sparql", "http://h/ds/update")
    assert is_endpoint("https://h/x") and not is_endpoint("./store") and not is_endpoint(Path("http:/x"))


def test_saved_queries_give_the_same_rows_as_the_embedded_store(
    server: str, tmp_path: Path, fake_extractor
) -> None:
    remote = RemoteStore(server)
    remote.ingest(ARTICLES)
    with Store.open(tmp_path / "local", create=True) as local:
        local.ingest(ARTICLES)
        compared = nonempty = 0
        for query in saved_queries():
            for bindings in _bindings(query):
                text = prepare(query.text, bindings)
                here, there = local.query(text), remote.query(text)
                assert (there.kind, there.variables) == (here.kind, here.variables), query.name
                assert there.rows == here.rows, (query.name, bindings)
                compared += 1
                nonempty += bool(here.rows)
        assert compared >= len(saved_queries()) and nonempty >= 5
        assert remote.query(COUNT).rows == local.query(COUNT).rows


def test_reingest_into_the_server_replaces(server: str, fake_extractor) -> None:
    remote = RemoteStore(server)
    remote.ingest(ARTICLES)
    counts = remote.query(COUNT).rows, remote.query(COUNT_NAMED).rows
    summary = remote.ingest(ARTICLES[:1])
    assert summary.articles == 1
    assert (remote.query(COUNT).rows, remote.query(COUNT_NAMED).rows) == counts
    assert remote.query("ASK { ?s ?p ?o }").boolean is True
    graph = remote.query(
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://w3id.org/diplomacy-kg/ontology#Meeting> ; ?p ?o }"
    )
    assert graph.kind == "graph" and graph.triples


def test_cli_ingest_and_query_through_an_endpoint(
    server: str, tmp_path: Path, tiny_jsonl: Path, fake_extractor
) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(tiny_jsonl), "--store", server, "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert f"-> {server}" in result.output
    local = tmp_path / "local"
    assert runner.invoke(app, ["ingest", str(tiny_jsonl), "--store", str(local)]).exit_code == 0
    for fmt in ("table", "csv"):
        there = runner.invoke(app, ["query", "meetings_by_country", "--store", server, "--format", fmt])
        here = runner.invoke(app, ["query", "meetings_by_country", "--store", str(local), "--format", fmt])
        assert there.exit_code == 0 and there.stdout == here.stdout
        assert "SA" in there.stdout
    refused = runner.invoke(
        app, ["ingest", str(tiny_jsonl), "--store", server, "-o", str(tmp_path / "g.ttl")]
    )
    assert refused.exit_code == 1 and "--output needs a store directory" in refused.output


def test_an_unreachable_endpoint_is_a_clear_error(tiny_jsonl: Path) -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    result = CliRunner().invoke(app, ["query", "meetings_by_country", "--store", url])
    assert result.exit_code == 1
    assert "cannot reach the SPARQL endpoint" in result.output
