"""The saved queries are written for speed; each must give exactly the rows of its plain form.

tests/fixtures/plain_queries/NAME.rq is the straightforward SPARQL of queries/NAME.rq (as it
was before it was reshaped for Oxigraph: subqueries of one triple pattern, sort keys cut in
pieces, ...).  On a synthetic corpus run through the real pipeline both forms give the same
rows in the same order, with the parameters bound to values the corpus has.  (A graph that
states triples twice is tested in test_queries.py; the plain forms are too slow on one this
size.)  A change of meaning goes into both files.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Store

from kg.queries import prepare, saved_queries
from kg.store import DATA_DIR
from kg.store import Store as KgStore

PLAIN = Path(__file__).resolve().parent / "fixtures" / "plain_queries"
SAVED = {q.name: q for q in saved_queries()}
PREFIXES = """PREFIX dip: <https://w3id.org/diplomacy-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
"""


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A synthetic corpus ingested by the real pipeline, read as kg query reads it (the merged default graph)."""
    from kg import synthetic
    from kg.readers import read_articles

    folder = tmp_path_factory.mktemp("rewrites")
    corpus = synthetic.write_corpus(folder / "corpus.jsonl", 300, seed=3)
    with KgStore.open(folder / "store", create=True) as store:
        store.ingest(read_articles([corpus]), jobs=1)
    return Store.read_only(str(folder / "store" / DATA_DIR))


def bindings(store: Store, name: str) -> list[dict[str, str]]:
    """Values of the query's parameters that the corpus has (and a few it has not)."""

    def column(query: str) -> list[str]:
        return [row[0].value for row in store.query(PREFIXES + query)]

    if name == "meetings_of_official":
        names = column(
            "SELECT ?n WHERE { { SELECT ?o (COUNT(DISTINCT ?m) AS ?k) WHERE { ?m dip:participant ?o } "
            "GROUP BY ?o ORDER BY DESC(?k) ?o LIMIT 4 } ?o rdfs:label|skos:altLabel ?n } ORDER BY ?n"
        )
        return [{"name": n} for n in [*names, "لا أحد"]]
    if name == "articles_mentioning":
        codes = column(
            "SELECT ?c WHERE { { SELECT ?x (COUNT(*) AS ?k) WHERE { ?a dip:mentionsCountry ?x } "
            "GROUP BY ?x ORDER BY DESC(?k) ?x LIMIT 3 } ?x dip:isoCode ?c } ORDER BY ?c"
        )
        return [{"country": c} for c in [*codes, codes[0].lower(), "XX"]]
    if name == "meetings_by_office":
        offices = [
            (row[0].value, row[1].value)
            for row in store.query(
                PREFIXES + "SELECT ?rl ?code (COUNT(*) AS ?n) WHERE { ?p dip:inCapacity ?t . "
                "?t org:role/skos:prefLabel ?rl ; org:organization/(dip:isoCode|skos:notation) ?code } "
                "GROUP BY ?rl ?code ORDER BY DESC(?n) ?rl ?code LIMIT 3"
            )
        ]
        return [{"title": t, "country": c} for t, c in offices] + [
            {"title": t.split()[0], "country": c.lower()} for t, c in offices[:2]
        ]
    return [{}]


def rows(store: Store, text: str) -> list[tuple]:
    result = store.query(text)
    width = range(len(result.variables))
    return [tuple(solution[i] for i in width) for solution in result]


def test_every_saved_query_has_its_plain_form() -> None:
    assert {p.stem for p in PLAIN.glob("*.rq")} == set(SAVED)


@pytest.mark.parametrize("name", sorted(SAVED))
def test_the_saved_query_gives_the_rows_of_its_plain_form(name: str, corpus_store: Store) -> None:
    plain = (PLAIN / f"{name}.rq").read_text(encoding="utf-8")
    answered = 0
    for values in bindings(corpus_store, name):
        expected = rows(corpus_store, prepare(plain, values))
        assert rows(corpus_store, prepare(SAVED[name].text, values)) == expected, values
        answered += bool(expected)
    assert answered, "the corpus should give this query some rows"
