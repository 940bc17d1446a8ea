"""Tests of kg.ingest: parallel extraction gives the sequential result, in order, streamed; batches add
and replace; the N-Triples writer agrees with pyoxigraph's terms."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import TINY_TEXTS, tiny_record
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg import synthetic
from kg.ingest import CHUNK_ARTICLES, IN_FLIGHT_PER_JOB, article_graphs, ingest, ntriples, to_nquads
from kg.readers import ReadProblem, read_articles
from kg.records import Article, ArticleRecord
from kg.store import Store

COUNT = CHUNK_ARTICLES * 3 + 5  # enough for several chunks per worker


def _synthetic(n: int = COUNT, seed: int = 7) -> list[Article]:
    return [
        Article(id=r["id"], text=r["text"], title=r["title"], published=r["published"], source=r["source"])
        for r in synthetic.articles(n, seed)
    ]


def _nquads(store: Store) -> list[bytes]:
    # the generation time is the one value that differs between two runs
    quads = [q for q in store.ox.quads_for_pattern(None, None, None, None)]
    return sorted(str(q).encode() for q in quads if "generatedAtTime" not in str(q.predicate))


def test_parallel_ingest_writes_what_a_single_process_writes(tmp_path: Path) -> None:
    articles = _synthetic()
    with Store.open(tmp_path / "one", create=True) as one, Store.open(tmp_path / "two", create=True) as two:
        s1 = one.ingest(articles, jobs=1)
        s2 = two.ingest(articles, jobs=2)
        assert (s1.articles, s1.officials, s1.meetings, s1.triples) == (
            s2.articles,
            s2.officials,
            s2.meetings,
            s2.triples,
        )
        assert s1.meetings > 0  # the synthetic corpus has meetings the extractor finds
        assert _nquads(one) == _nquads(two)


def test_graphs_come_back_in_input_order() -> None:
    articles = _synthetic()
    ids = [g.article_id for g in article_graphs(articles, jobs=2)]
    assert ids == [a.id for a in articles]


def test_input_is_read_as_the_workers_progress_not_whole() -> None:
    pulled = 0

    def stream():
        nonlocal pulled
        for a in _synthetic(CHUNK_ARTICLES * 20):
            pulled += 1
            yield a

    graphs = article_graphs(stream(), jobs=2)
    next(graphs)
    # the first chunk, plus the chunks queued for the two workers, plus one being cut
    assert pulled <= CHUNK_ARTICLES * (2 * IN_FLIGHT_PER_JOB + 2)
    graphs.close()


def test_a_worker_failure_skips_that_article_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    articles = _synthetic()
    bad = articles[40].id

    def flaky(article: Article) -> ArticleRecord:
        if article.id == bad:
            raise ValueError("boom")
        return tiny_record(article)

    import kg.store

    monkeypatch.setattr(kg.store, "_extractor", lambda: flaky)  # the forked workers inherit it
    problems: list[ReadProblem] = []
    with Store.open(tmp_path / "s", create=True) as store:
        summary = store.ingest(articles, jobs=2, on_problem=problems.append)
        assert summary.articles == len(articles) - 1
        assert bad not in store.article_ids()
    assert len(problems) == 1 and repr(bad) in problems[0].reason and "boom" in problems[0].reason
    with Store.open(tmp_path / "strict", create=True) as store, pytest.raises(ValueError, match="boom"):
        store.ingest(articles, jobs=2)  # no handler: the worker's exception reaches the caller


def test_a_second_batch_adds_and_reingest_replaces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = _synthetic(30, seed=1), _synthetic(30, seed=2)
    with Store.open(tmp_path / "s", create=True) as store:
        store.ingest(first, jobs=2)
        store.ingest(second, jobs=2)
        assert store.article_ids() == sorted(a.id for a in first + second)
        before = _nquads(store)
        store.ingest(first[:10], jobs=1)
        assert _nquads(store) == before  # replaced by the same facts: nothing doubled

        # the same ids, now with no facts but the article: the old facts leave the merge too
        import kg.store

        monkeypatch.setattr(kg.store, "_extractor", lambda: tiny_record)
        store.ingest(first, jobs=1)
        default = {q.triple for q in store.ox.quads_for_pattern(None, None, None, ox.DefaultGraph())}
        named = {
            q.triple
            for q in store.ox.quads_for_pattern(None, None, None, None)
            if q.graph_name != ox.DefaultGraph()
        }
        assert default == named  # the default graph is exactly the merge of the named graphs
        assert len(_nquads(store)) < len(before)


def test_ingest_streams_a_gzipped_jsonl(tmp_path: Path) -> None:
    path = synthetic.write_corpus(tmp_path / "corpus.jsonl.gz", COUNT, seed=3)
    with gzip.open(path, "rt", encoding="utf-8") as f:
        assert sum(1 for _ in f) == COUNT
    with Store.open(tmp_path / "s", create=True) as store:
        summary = store.ingest(read_articles([path]), jobs=2)
    assert summary.articles == COUNT


def test_ntriples_gives_the_terms_pyoxigraph_would() -> None:
    g = Graph()
    s = URIRef("https://example.org/s")
    g.add((s, URIRef("https://example.org/p"), Literal('قال "نعم"\\ ثم\nسطر\r', lang="ar")))
    g.add((s, URIRef("https://example.org/d"), Literal("2015-07-21", datatype=XSD.date)))
    g.add((s, URIRef("https://example.org/n"), Literal(42)))
    g.add((s, URIRef("https://example.org/t"), Literal("plain")))
    g.add((s, URIRef("https://example.org/o"), URIRef("https://example.org/o?x=1#f")))
    data = ntriples(g)
    assert data.endswith(b" .\n") and data.count(b"\n") == 5
    parsed = {q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}
    expected = {
        q.triple for q in ox.parse(g.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    }
    assert parsed == expected


def test_ntriples_refuses_an_iri_ntriples_cannot_write() -> None:
    g = Graph()
    g.add((URIRef("https://example.org/a b"), URIRef("https://example.org/p"), Literal("x")))
    with pytest.raises(ValueError, match="not a valid IRI"):
        ntriples(g)


def test_nquads_put_every_line_in_the_article_graph() -> None:
    article = Article(id="t-1", text=TINY_TEXTS["t-1"])
    from kg.ingest import map_article

    graph = map_article(article)
    lines = to_nquads(graph).decode().splitlines()
    assert len(lines) == graph.triples
    assert all(line.endswith(f" <{graph.graph}> .") for line in lines)
    quads = list(ox.parse(to_nquads(graph), format=ox.RdfFormat.N_QUADS))
    assert {q.graph_name.value for q in quads} == {graph.graph}


def test_synthetic_corpus_is_repeatable_and_looks_like_news(tmp_path: Path) -> None:
    a, b = list(synthetic.articles(200, seed=5)), list(synthetic.articles(200, seed=5))
    assert a == b
    assert a != list(synthetic.articles(200, seed=6))
    assert len({r["id"] for r in a}) == 200
    lengths = sorted(len(r["text"]) for r in a)
    assert 800 < lengths[100] < 1800  # median near SaudiNewsNet's
    path = synthetic.write_corpus(tmp_path / "c.jsonl", 3, seed=5)
    assert [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] == a[:3]


class _RecordingSink:
    """A GraphSink that keeps the article ids of each batch, and fails on the batch numbered `fail_at`."""

    def __init__(self, fail_at: int | None = None) -> None:
        self.batches: list[list[str]] = []
        self.fail_at = fail_at
        self.finished = False

    def load_ontology(self) -> None:
        pass

    def replace_graphs(self, graphs: list) -> None:
        if len(self.batches) == self.fail_at:
            self.batches.append([])
            raise OSError("disk full")
        self.batches.append([g.article_id for g in graphs])

    def finish(self) -> None:
        self.finished = True


def test_batches_are_written_whole_and_in_input_order() -> None:
    articles = _synthetic(25)
    sink = _RecordingSink()
    summary = ingest(sink, articles, batch_size=10)
    assert sink.batches == [[a.id for a in articles[i : i + 10]] for i in (0, 10, 20)]
    assert summary.articles == 25 and sink.finished


def test_a_failed_write_stops_the_ingest_and_no_later_batch_is_written() -> None:
    sink = _RecordingSink(fail_at=1)
    with pytest.raises(OSError, match="disk full"):
        ingest(sink, _synthetic(60), batch_size=10)
    assert len(sink.batches[0]) == 10  # the batch before the failure was written
    assert all(b == [] for b in sink.batches[1:])  # the failing one, and nothing after it
    assert not sink.finished
