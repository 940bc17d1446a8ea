"""Tests of kg.store: opening and refusing directories, ingest as graph replacement, query, export, stats."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from conftest import TINY_TEXTS, tiny_record
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from kg.errors import QueryError, StoreBusyError, StoreError
from kg.mapping import article_graph, graph_iri, official_iri
from kg.namespaces import ONTOLOGY_IRI
from kg.ontology import ontology_graph
from kg.readers import ReadProblem
from kg.records import Article, ArticleRecord, Official
from kg.store import (
    MANIFEST,
    STORE_FORMAT_VERSION,
    Store,
    default_store_path,
    ensure_default_store,
)

PREFIXES = """PREFIX dip: <https://w3id.org/diplomacy-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

ARTICLES = [Article(id=k, text=v) for k, v in TINY_TEXTS.items()]


def _expected_union() -> Graph:
    g = Graph()
    for article in ARTICLES:
        g += article_graph(tiny_record(article))
    return g


@pytest.fixture
def tiny_store(tmp_path: Path, fake_extractor) -> Store:
    with Store.open(tmp_path / "s", create=True) as store:
        store.ingest(ARTICLES)
    store = Store.open(tmp_path / "s")
    yield store
    store.close()


# ---------------------------------------------------------------------- opening


def test_create_writes_a_manifest_and_reopens(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "store"
    Store.open(path, create=True).close()
    meta = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    assert meta["format"] == "diplomacy-kg-store"
    assert meta["format_version"] == STORE_FORMAT_VERSION
    assert meta["tool_version"]
    Store.open(path).close()


def test_missing_store_is_not_created_without_create(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no kg store at"):
        Store.open(tmp_path / "absent")
    assert not (tmp_path / "absent").exists()


def test_refuses_a_folder_that_is_not_a_kg_store(tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "cat.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(StoreError, match="is not a kg store"):
        Store.open(tmp_path / "photos", create=True)
    assert sorted(p.name for p in (tmp_path / "photos").iterdir()) == ["cat.jpg"]
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="not a directory"):
        Store.open(tmp_path / "file", create=True)


def test_refuses_another_format_version(tmp_path: Path) -> None:
    path = tmp_path / "s"
    Store.open(path, create=True).close()
    meta = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    meta["format_version"] = STORE_FORMAT_VERSION + 1
    (path / MANIFEST).write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(StoreError, match=f"format version {STORE_FORMAT_VERSION + 1}") as info:
        Store.open(path)
    assert info.value.file == str(path / MANIFEST)


def test_a_store_in_use_is_refused_clearly(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s", create=True):
        with pytest.raises(StoreBusyError, match="is busy: another kg process"):
            Store.open(tmp_path / "s")
    Store.open(tmp_path / "s").close()  # released on close


def test_default_store_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_store_path() == tmp_path / "xdg" / "diplomacy-kg" / "store"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert default_store_path() == Path.home() / ".local" / "share" / "diplomacy-kg" / "store"
    monkeypatch.setenv("KG_STORE", str(tmp_path / "mine"))
    assert default_store_path() == tmp_path / "mine"


# ---------------------------------------------------------------------- ingest


def test_ingest_summary_counts_articles_people_meetings_triples(tmp_path: Path, fake_extractor) -> None:
    seen: list[int] = []
    with Store.open(tmp_path / "s", create=True) as store:
        summary = store.ingest(ARTICLES, progress=seen.append)
    assert (summary.articles, summary.officials, summary.meetings) == (2, 3, 2)
    assert summary.triples == sum(len(article_graph(tiny_record(a))) for a in ARTICLES)
    assert summary.seconds > 0
    assert seen == [1, 2]


def test_each_article_lives_in_its_own_named_graph(tiny_store: Store) -> None:
    buf = io.BytesIO()
    tiny_store.export("trig", buf)
    ds = Dataset()
    ds.parse(data=buf.getvalue(), format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert names == {str(graph_iri("t-1")), str(graph_iri("t-2")), ONTOLOGY_IRI}
    for article in ARTICLES:
        assert isomorphic(ds.graph(graph_iri(article.id)), article_graph(tiny_record(article)))


def test_reingest_replaces_and_never_duplicates(tiny_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    before = tiny_store.stats()
    tiny_store.ingest(ARTICLES)
    assert tiny_store.stats() == before

    # t-1 now yields one different official: the old facts of t-1 go, t-2's stay
    def changed(article: Article) -> ArticleRecord:
        record = tiny_record(article)
        if article.id == "t-1":
            record.officials = [Official("x", "خالد منصور", [], [], country="SA")]
            record.meetings = []
        return record

    import kg.store

    monkeypatch.setattr(kg.store, "_extractor", lambda: changed)
    tiny_store.ingest(ARTICLES[:1])
    rows = tiny_store.query(PREFIXES + "SELECT ?o WHERE { ?o a dip:Official }").rows
    assert sorted(r[0].value for r in rows) == sorted(
        str(official_iri(n)) for n in ("خالد منصور", "فيصل بن فرحان", "أنطونيو غوتيريش")
    )
    # فيصل بن فرحان is still mentioned in t-2 only
    rows = tiny_store.query(
        PREFIXES + f"SELECT ?a WHERE {{ <{official_iri('فيصل بن فرحان')}> dip:mentionedIn ?a }}"
    ).rows
    assert [r[0].value.rsplit("/", 1)[1] for r in rows] == ["t-2"]
    assert tiny_store.stats()["Meeting"] == 1


def test_a_failing_extraction_skips_that_article_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def flaky(article: Article) -> ArticleRecord:
        if article.id == "t-1":
            raise RuntimeError("boom")
        return tiny_record(article)

    import kg.store

    monkeypatch.setattr(kg.store, "_extractor", lambda: flaky)
    problems: list[ReadProblem] = []
    with Store.open(tmp_path / "s", create=True) as store:
        summary = store.ingest(ARTICLES, on_problem=problems.append)
        assert store.article_ids() == ["t-2"]
        with pytest.raises(RuntimeError):
            store.ingest(ARTICLES)  # without a handler the error is not swallowed
    assert summary.articles == 1
    assert len(problems) == 1 and "'t-1'" in problems[0].reason and "boom" in problems[0].reason


def test_seeds_build_the_default_store_once(tmp_path: Path, fake_extractor) -> None:
    path = tmp_path / "default"
    assert ensure_default_store(path) is True
    assert ensure_default_store(path) is False
    with Store.open(path) as store:
        assert store.article_ids() == ["seed-000", "seed-004"]


# ---------------------------------------------------------------------- query


def test_select_keeps_variables_and_order(tiny_store: Store) -> None:
    result = tiny_store.query(
        PREFIXES
        + """SELECT ?name ?code WHERE {
               ?o a dip:Official ; rdfs:label ?name .
               OPTIONAL { ?o dip:represents ?c . ?c dip:isoCode ?code }
             } ORDER BY DESC(?name)"""
    )
    assert result.kind == "select" and result.variables == ["name", "code"]
    got = [(r[0].value, r[1].value if r[1] is not None else None) for r in result.rows]
    assert got == [("فيصل بن فرحان", "SA"), ("سامح شكري", "EG"), ("أنطونيو غوتيريش", None)]


def test_default_graph_is_the_union_and_topic_labels_come_from_the_ontology(tiny_store: Store) -> None:
    result = tiny_store.query(
        PREFIXES
        + """SELECT ?label WHERE { ?m a dip:Meeting ; dip:topic ?t . ?t skos:prefLabel ?label
               FILTER (lang(?label) = "en") } ORDER BY ?label"""
    )
    assert [r[0].value for r in result.rows] == ["Economic cooperation", "Humanitarian aid"]


def test_a_triple_held_by_two_article_graphs_matches_once(tiny_store: Store) -> None:
    # SA's description and فيصل بن فرحان's label are in both article graphs
    count = tiny_store.query(PREFIXES + 'SELECT (COUNT(*) AS ?n) WHERE { ?c dip:isoCode "SA" }').rows[0][0]
    assert count.value == "1"
    rows = tiny_store.query(PREFIXES + 'SELECT ?o WHERE { ?o rdfs:label "فيصل بن فرحان"@ar }').rows
    assert len(rows) == 1


def test_ask_and_construct(tiny_store: Store) -> None:
    assert tiny_store.query(PREFIXES + "ASK { ?m dip:mode dip:PhoneCall }").boolean is True
    assert tiny_store.query(PREFIXES + "ASK { ?m dip:mode dip:VideoCall }").boolean is False
    result = tiny_store.query(
        PREFIXES + "CONSTRUCT { ?o rdfs:label ?l } WHERE { ?o a dip:Official ; rdfs:label ?l }"
    )
    assert result.kind == "graph" and len(result.triples) == 3


def test_syntax_error_names_file_and_line(tiny_store: Store) -> None:
    with pytest.raises(QueryError) as info:
        tiny_store.query("SELECT ?x\nWHERE {\n  ?x ?y\n}\n", source="bad.rq")
    # the object is missing on line 3 (Oxigraph alone would say 5:1, where it gave up)
    assert (info.value.file, info.value.line, info.value.column) == ("bad.rq", 3, 3)
    assert str(info.value).startswith("bad.rq:3:3: SPARQL syntax error: near '?x ?y'")
    assert "error at" not in str(info.value)


# ---------------------------------------------------------------------- export and stats


@pytest.mark.parametrize(
    ("fmt", "syntax"), [("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("xml", "xml")]
)
def test_triple_exports_are_the_deduplicated_union(tiny_store: Store, fmt: str, syntax: str) -> None:
    buf = io.BytesIO()
    tiny_store.export(fmt, buf)
    exported = Graph().parse(data=buf.getvalue(), format=syntax)
    expected = _expected_union() + ontology_graph()
    assert isomorphic(exported, expected)
    if fmt == "nt":
        lines = buf.getvalue().decode("utf-8").splitlines()
        assert len(lines) == len(set(lines))  # the country nodes both articles repeat come out once
    if fmt == "turtle":
        assert buf.getvalue().startswith(b"@prefix ")
        assert b"country:SA" in buf.getvalue()


def test_nquads_keep_graphs(tiny_store: Store) -> None:
    buf = io.BytesIO()
    tiny_store.export("nquads", buf)
    ds = Dataset()
    ds.parse(data=buf.getvalue(), format="nquads")
    assert isomorphic(ds.graph(URIRef(graph_iri("t-2"))), article_graph(tiny_record(ARTICLES[1])))


def test_stats(tiny_store: Store) -> None:
    assert tiny_store.stats() == {
        "Article": 2,
        "Official": 3,
        "Meeting": 2,
        "Country": 2,
        "Organization": 1,
        "Place": 1,
        "Topic": 2,
        "triples": len(_expected_union()),
        "graphs": 2,
    }
