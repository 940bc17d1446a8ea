"""A SPARQL 1.1 endpoint as the store: ingest with SPARQL Update, query with the SPARQL Protocol.

For when one machine is not enough: `kg ingest --store URL` loads into a SPARQL server
(Oxigraph's `oxigraph serve`, Fuseki, ...) and `kg query --store URL` asks it.  The URL is
the server's dataset (`http://host:7878`, `http://host:3030/ds`: queries go to `URL/query`,
updates to `URL/update`) or its query service itself (ending in `/query` or `/sparql`; the
update service is then its sibling `/update`).

The data layout is the embedded store's (kg.store): one named graph per article, replaced
whole on re-ingest, and the default graph kept as the set merge of all named graphs, so
the saved queries, which read the default graph, give the same rows.  A batch of articles
is one update request: copy the old triples of its graphs aside, drop the graphs, insert
the new ones in their graphs and in the default graph, and remove from the default graph
the old triples no named graph holds any more.

Only the standard library speaks HTTP (urllib.request).
"""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError, StoreError
from kg.ingest import ArticleGraph, IngestingSink

BATCH_ARTICLES = 100  # articles per update request (a few MB)
BATCH_BYTES = 4 << 20
_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"


def is_endpoint(location: str | Path | None) -> bool:
    """True when `--store` names a SPARQL endpoint (an http or https URL), not a directory."""
    return isinstance(location, str) and location.lower().startswith(("http://", "https://"))


def endpoint_urls(url: str) -> tuple[str, str]:
    """(query URL, update URL) of an endpoint given as a dataset URL or a query-service URL."""
    base = url.rstrip("/")
    head, _, last = base.rpartition("/")
    if last in ("query", "sparql") and head.count("/") >= 2:
        return base, f"{head}/update"
    return f"{base}/query", f"{base}/update"


class RemoteStore(IngestingSink):
    """A SPARQL endpoint with the read and write operations of `kg.store.Store` that it can serve."""

    batch_articles = BATCH_ARTICLES  # one update request per batch
    batch_bytes = BATCH_BYTES

    def __init__(self, url: str, timeout: float = 300.0) -> None:
        self.url = url
        self.query_url, self.update_url = endpoint_urls(url)
        self.timeout = timeout

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Nothing to release: each request is its own connection."""

    # ------------------------------------------------------------------ HTTP

    def _post(self, url: str, body: bytes, content_type: str, accept: str | None = None) -> tuple[str, bytes]:
        headers = {"Content-Type": content_type}
        if accept:
            headers["Accept"] = accept
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace").strip()
            raise _HttpError(e.code, f"{url} answered {e.code} {e.reason}: {detail[:500]}") from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {reason}") from None

    # ------------------------------------------------------------------ reading

    def query(self, sparql: str, source: str | Path | None = None):  # -> kg.store.QueryResult
        """Run a query on the endpoint; the result has the embedded store's shape and term types."""
        from kg.store import QueryResult

        try:
            content_type, body = self._post(
                self.query_url, sparql.encode("utf-8"), "application/sparql-query", _ACCEPT
            )
        except _HttpError as e:
            raise QueryError(f"query failed: {e}", file=source) from None
        media = content_type.split(";")[0].strip().lower()
        try:
            if media in ("application/sparql-results+json", "application/json"):
                result = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
                if isinstance(result, ox.QueryBoolean):
                    return QueryResult("ask", boolean=bool(result))
                variables = [v.value for v in result.variables]
                rows = [tuple(sol[i] for i in range(len(variables))) for sol in result]
                return QueryResult("select", variables=variables, rows=rows)
            rdf_format = ox.RdfFormat.from_media_type(media) or ox.RdfFormat.N_TRIPLES
            return QueryResult("graph", triples=[q.triple for q in ox.parse(body, format=rdf_format)])
        except (SyntaxError, ValueError) as e:
            raise QueryError(f"unreadable answer from {self.query_url} ({media or 'no type'}): {e}") from None

    # ------------------------------------------------------------------ writing

    def load_ontology(self) -> None:
        from kg.ingest import ntriples
        from kg.namespaces import ONTOLOGY_IRI
        from kg.ontology import ontology_graph

        self.replace_graphs(
            [ArticleGraph("ontology", graph=ONTOLOGY_IRI, ntriples=ntriples(ontology_graph()))]
        )

    def replace_graphs(self, graphs: list[ArticleGraph]) -> None:
        """One update request replacing these graphs, the default graph kept the merge of all."""
        if not graphs:
            return
        stale = f"<urn:diplomacy-kg:stale:{uuid.uuid4().hex}>"
        names = [f"<{g.graph}>" for g in graphs]
        parts = [
            f"INSERT {{ GRAPH {stale} {{ ?s ?p ?o }} }} WHERE {{ VALUES ?g {{ {' '.join(names)} }} "
            "GRAPH ?g { ?s ?p ?o } } ;\n".encode(),
            "".join(f"DROP SILENT GRAPH {n} ;\n" for n in names).encode(),
            b"INSERT DATA {\n",
        ]
        for name, g in zip(names, graphs, strict=True):
            parts += [f"GRAPH {name} {{\n".encode(), g.ntriples, b"}\n"]
        # the same triples in the default graph, in the same operation: blank nodes (the
        # ontology's) are then the same nodes in both places
        parts += [g.ntriples for g in graphs]
        parts += [
            b"} ;\n",
            f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {stale} {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER (?h != {stale}) }} }} ;\n".encode(),
            f"DROP SILENT GRAPH {stale}\n".encode(),
        ]
        try:
            self._post(self.update_url, b"".join(parts), "application/sparql-update")
        except _HttpError as e:
            raise StoreError(f"update failed: {e}") from None

    def finish(self) -> None:
        """Nothing to flush: each request was committed by the server."""

    # ------------------------------------------------------------------ counts

    def wait_until_ready(self, seconds: float = 10.0) -> None:
        """Retry an `ASK {}` until the endpoint answers (a server just started)."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                self.query("ASK {}")
                return
            except StoreError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)


class _HttpError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
