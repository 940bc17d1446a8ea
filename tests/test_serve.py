"""Tests of `kg serve` over real HTTP: every SPARQL results format, content negotiation, refusals, limits.

The server runs in a thread of the test process on 127.0.0.1 (a free port), its query
workers in their own processes; requests go through urllib.  The store holds two short
articles written for these tests, with hand-made records whose spans make evidence.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import REPO
from rdflib import Graph

from kg.mapping import article_iri, official_iri
from kg.records import Article, ArticleRecord, Dateline, Meeting, Official, Place, Span
from kg.screening import keywords
from kg.serve import (
    GRAPH_TYPES,
    RESULT_TYPES,
    Evidence,
    NetNode,
    ServeConfig,
    Site,
    highlight,
    make_server,
    negotiate,
    network_svg,
    uri_to_iri,
)
from kg.store import Store

DIP = "https://w3id.org/diplomacy-kg/ontology#"
TIMEOUT = 1.5
MAX_ROWS = 40

TEXTS = {
    "w-1": (
        "القاهرة 3 أبريل 2024 (أ ش أ) استقبل وزير الخارجية المصري سامح شكري اليوم في القاهرة "
        "وزير الخارجية الأردني أيمن الصفدي، وبحث الجانبان سبل دعم التعاون الاقتصادي بين البلدين."
    ),
    "w-2": (
        "أجرى وزير الخارجية الأردني أيمن الصفدي اتصالا هاتفيا مع نظيره التركي هاكان فيدان "
        "تناول مستجدات الأوضاع الإنسانية في المنطقة."
    ),
}
TITLES = {"w-1": "شكري يستقبل الصفدي <script>alert(1)</script>", "w-2": ""}


def _span(text: str, words: str, after: int = 0) -> Span:
    start = text.index(words, after)
    return Span(start, start + len(words))


def record(article: Article) -> ArticleRecord:
    """What a correct extractor gives for the two articles above, spans found in their text."""
    t = article.text
    if article.id == "w-1":
        shoukry = Official(
            "shoukry",
            "سامح شكري",
            [],
            ["وزير الخارجية المصري"],
            country="EG",
            spans=[_span(t, "وزير الخارجية المصري سامح شكري")],
        )
        safadi = Official(
            "safadi",
            "أيمن الصفدي",
            [],
            ["وزير الخارجية الأردني"],
            country="JO",
            spans=[_span(t, "وزير الخارجية الأردني أيمن الصفدي")],
        )
        meeting = Meeting(
            ["shoukry", "safadi"],
            ["EG", "JO"],
            "in_person",
            "2024-04-03",
            "dateline",
            Place("القاهرة", "EG", _span(t, "القاهرة", 10)),
            topics=["economic_cooperation"],
            span=Span(0, len(t)),
        )
        dateline = Dateline("القاهرة", "EG", "2024-04-03", "أ ش أ", _span(t, "القاهرة 3 أبريل 2024 (أ ش أ)"))
        return ArticleRecord(
            article, dateline, [shoukry, safadi], [meeting], ["EG", "JO"], ["economic_cooperation"]
        )
    safadi = Official(
        "safadi",
        "أيمن الصفدي",
        [],
        ["وزير الخارجية الأردني"],
        country="JO",
        spans=[_span(t, "وزير الخارجية الأردني أيمن الصفدي")],
    )
    fidan = Official(
        "fidan", "هاكان فيدان", [], ["نظيره التركي"], country="TR", spans=[_span(t, "هاكان فيدان")]
    )
    meeting = Meeting(
        ["safadi", "fidan"], ["JO", "TR"], "phone", topics=["humanitarian_aid"], span=Span(0, len(t))
    )
    return ArticleRecord(article, None, [safadi, fidan], [meeting], ["JO", "TR"], ["humanitarian_aid"])


ARTICLES = [Article(i, text, TITLES[i], "2024-04-03") for i, text in TEXTS.items()]


def build_store(path: Path) -> Path:
    import kg.store

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(kg.store, "_extractor", lambda: record)
        with Store.open(path, create=True) as store:
            store.ingest(ARTICLES)
    return path


class Running:
    """A server on a free port of 127.0.0.1, in a thread; `stop()` ends it and its workers."""

    def __init__(self, store: Path, **options) -> None:
        self.server = make_server(ServeConfig(store, port=0, log=False, **options))
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("serve") / "store")


@pytest.fixture(scope="module")
def server(store: Path):
    running = Running(store, timeout=TIMEOUT, max_rows=MAX_ROWS, workers=2)
    yield running
    running.stop()


class Response:
    def __init__(self, status: int, headers, body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def ctype(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0]


def http(
    url: str, accept: str | None = None, data: bytes | None = None, ctype: str | None = None
) -> Response:
    headers = {}
    if accept is not None:
        headers["Accept"] = accept
    if ctype is not None:
        headers["Content-Type"] = ctype
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return Response(r.status, r.headers, r.read())
    except urllib.error.HTTPError as e:
        return Response(e.code, e.headers, e.read())


def sparql(server: Running, query: str, accept: str | None = None, **params: str) -> Response:
    return http(f"{server.url}/sparql?" + urllib.parse.urlencode({"query": query, **params}), accept)


NAMES = f"""PREFIX dip: <{DIP}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?official ?name ?country WHERE {{
  ?official a dip:Official ; rdfs:label ?name ; dip:represents/dip:isoCode ?country
}} ORDER BY ?country"""
EXPECTED_NAMES = [("سامح شكري", "EG"), ("أيمن الصفدي", "JO"), ("هاكان فيدان", "TR")]


# ---------------------------------------------------------------------- SPARQL results formats


def test_select_as_sparql_json(server: Running) -> None:
    r = sparql(server, NAMES, "application/sparql-results+json")
    assert r.status == 200 and r.ctype == "application/sparql-results+json"
    doc = json.loads(r.text)
    assert doc["head"]["vars"] == ["official", "name", "country"]
    rows = doc["results"]["bindings"]
    assert [(b["name"]["value"], b["country"]["value"]) for b in rows] == EXPECTED_NAMES
    assert rows[0]["name"]["xml:lang"] == "ar" and rows[0]["official"]["type"] == "uri"
    assert rows[0]["official"]["value"] == str(official_iri("سامح شكري"))


def test_select_as_sparql_xml(server: Running) -> None:
    r = sparql(server, NAMES, "application/sparql-results+xml")
    assert r.status == 200 and r.ctype == "application/sparql-results+xml"
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(r.body)
    names = [lit.text for lit in root.findall(".//s:binding[@name='name']/s:literal", ns)]
    assert names == [n for n, _ in EXPECTED_NAMES]
    lang = root.find(".//s:binding[@name='name']/s:literal", ns).get(
        "{http://www.w3.org/XML/1998/namespace}lang"
    )
    assert lang == "ar"


def test_select_as_csv_and_tsv(server: Running) -> None:
    r = sparql(server, NAMES, "text/csv")
    assert r.status == 200 and r.ctype == "text/csv" and "charset=utf-8" in r.headers["Content-Type"]
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0] == ["official", "name", "country"]
    assert [(row[1], row[2]) for row in rows[1:]] == EXPECTED_NAMES
    r = sparql(server, NAMES, "text/tab-separated-values")
    assert r.status == 200 and r.ctype == "text/tab-separated-values"
    lines = r.text.splitlines()
    assert lines[0] == "?official\t?name\t?country"
    assert lines[1] == f'<{official_iri("سامح شكري")}>\t"سامح شكري"@ar\t"EG"'


def test_format_parameter_overrides_accept(server: Running) -> None:
    r = sparql(server, NAMES, "application/sparql-results+json", format="csv")
    assert r.ctype == "text/csv"
    assert sparql(server, NAMES, format="nonsense").status == 400


def test_no_accept_header_gives_json_and_browsers_get_html(server: Running) -> None:
    assert sparql(server, NAMES).ctype == "application/sparql-results+json"
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    r = sparql(server, NAMES, browser)
    assert r.ctype == "text/html"
    assert '<td dir="rtl" lang="ar">سامح شكري</td>' in r.text


def test_ask_in_json_xml_csv(server: Running) -> None:
    ask = f"ASK {{ ?m a <{DIP}Meeting> }}"
    assert json.loads(sparql(server, ask, "application/sparql-results+json").text) == {
        "head": {},
        "boolean": True,
    }
    root = ET.fromstring(sparql(server, ask, "application/sparql-results+xml").body)
    assert root.find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"
    assert sparql(server, ask, "text/csv").text.strip() == "true"


CONSTRUCT = f"""PREFIX dip: <{DIP}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT {{ ?o rdfs:label ?name ; dip:represents ?c }} WHERE {{ ?o a dip:Official ; rdfs:label ?name ; dip:represents ?c }}"""


@pytest.mark.parametrize(
    "accept, rdflib_format",
    [("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld")],
)
def test_construct_in_each_rdf_syntax(server: Running, accept: str, rdflib_format: str) -> None:
    r = sparql(server, CONSTRUCT, accept)
    assert r.status == 200 and r.ctype == accept
    g = Graph().parse(data=r.body, format=rdflib_format)
    assert len(g) == 6
    labels = {str(o) for _, p, o in g if str(p).endswith("#label")}
    assert labels == {n for n, _ in EXPECTED_NAMES}


def test_describe_as_turtle(server: Running) -> None:
    iri = official_iri("هاكان فيدان")
    r = sparql(server, f"DESCRIBE <{iri}>", "text/turtle")
    g = Graph().parse(data=r.body, format="turtle")
    assert ("هاكان فيدان", "ar") in {
        (str(o), o.language) for o in g.objects(predicate=None) if hasattr(o, "language")
    }


def test_select_refuses_an_rdf_only_accept(server: Running) -> None:
    r = sparql(server, NAMES, "text/turtle")
    assert r.status == 406 and "application/sparql-results+json" in r.text


def test_post_form_and_post_query_body_answer_like_get(server: Running) -> None:
    get = sparql(server, NAMES, "text/csv").body
    form = urllib.parse.urlencode({"query": NAMES}).encode()
    posted = http(f"{server.url}/sparql", "text/csv", form, "application/x-www-form-urlencoded")
    direct = http(f"{server.url}/sparql", "text/csv", NAMES.encode(), "application/sparql-query")
    assert posted.status == direct.status == 200
    assert posted.body == direct.body == get
    other = http(f"{server.url}/sparql", "text/csv", b"x", "text/plain")
    assert other.status == 415


def test_dataset_from_default_graph_uri(server: Running) -> None:
    graph = "https://w3id.org/diplomacy-kg/id/graph/w-2"
    r = sparql(server, NAMES, "text/csv", **{"default-graph-uri": graph})
    names = [row[1] for row in list(csv.reader(io.StringIO(r.text)))[1:]]
    assert names == ["أيمن الصفدي", "هاكان فيدان"]


def test_syntax_error_is_400_with_the_reason(server: Running) -> None:
    r = sparql(server, "SELECT ?x WHERE { ?x ", "text/csv")
    assert r.status == 400 and "syntax error" in r.text


# ---------------------------------------------------------------------- refusals and limits


def _triples(server: Running) -> int:
    r = sparql(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "text/csv")
    return int(r.text.splitlines()[1])


@pytest.mark.parametrize(
    "how",
    ["query", "update-param", "update-form", "update-body"],
)
def test_updates_are_refused_and_change_nothing(server: Running, how: str) -> None:
    before = _triples(server)
    update = "PREFIX ex: <http://example.org/> INSERT DATA { ex:a ex:b ex:c }"
    if how == "query":
        r = sparql(server, update)
    elif how == "update-param":
        r = http(f"{server.url}/sparql?" + urllib.parse.urlencode({"update": update}))
    elif how == "update-form":
        body = urllib.parse.urlencode({"update": update}).encode()
        r = http(f"{server.url}/sparql", None, body, "application/x-www-form-urlencoded")
    else:
        r = http(f"{server.url}/sparql", None, update.encode(), "application/sparql-update")
    assert r.status == 403 and "read-only" in r.text
    assert _triples(server) == before
    assert http(f"{server.url}/update", data=update.encode(), ctype="application/sparql-update").status in (
        403,
        405,
    )


def test_service_is_refused_but_a_variable_named_service_is_not(server: Running) -> None:
    r = sparql(server, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert r.status == 403 and "SERVICE" in r.text
    r = sparql(server, "select * where { service silent <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert r.status == 403
    ok = sparql(server, 'SELECT ?service WHERE { ?service ?p "SERVICE" } # SERVICE <x>', "text/csv")
    assert ok.status == 200


def test_keywords_skip_strings_iris_comments_variables_and_prefixed_names() -> None:
    q = 'PREFIX service: <http://x/SERVICE> SELECT ?service WHERE { ?s service:load "INSERT" } # DELETE'
    assert keywords(q) == ["PREFIX", "SELECT", "WHERE"]
    assert "SERVICE" in keywords("SELECT * {SERVICE<http://a>{?s ?p ?o}}")
    assert keywords("ASK { FILTER (1<2) }") == ["ASK", "FILTER"]


def test_a_query_over_the_time_limit_is_stopped(server: Running) -> None:
    workers = {w.process.pid for w in server.server.pool._all}
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }"
    start = time.monotonic()
    r = sparql(server, slow, "text/csv")
    took = time.monotonic() - start
    assert r.status == 503 and "stopped after" in r.text
    assert TIMEOUT <= took < TIMEOUT + 5
    killed = workers - {w.process.pid for w in server.server.pool._all}
    assert len(killed) == 1
    pid = killed.pop()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    # the server goes on answering, with a new worker in place of the killed one
    assert sparql(server, NAMES, "text/csv").status == 200


def test_row_limit_cuts_and_says_so(server: Running) -> None:
    r = sparql(server, "SELECT * WHERE { ?s ?p ?o }", "text/csv")
    assert r.status == 200 and r.headers["KG-Truncated"] == str(MAX_ROWS)
    assert len(list(csv.reader(io.StringIO(r.text)))) == MAX_ROWS + 1
    small = sparql(server, NAMES, "text/csv")
    assert "KG-Truncated" not in small.headers
    g = sparql(server, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "application/n-triples")
    assert g.headers["KG-Truncated"] == str(MAX_ROWS) and len(g.text.strip().splitlines()) == MAX_ROWS


def test_head_and_cors_preflight(server: Running) -> None:
    head = urllib.request.Request(
        f"{server.url}/id/country/JO", method="HEAD", headers={"Accept": "text/turtle"}
    )
    with urllib.request.urlopen(head, timeout=30) as r:
        assert r.status == 200 and r.read() == b"" and int(r.headers["Content-Length"]) > 0
    options = urllib.request.Request(f"{server.url}/sparql", method="OPTIONS")
    with urllib.request.urlopen(options, timeout=30) as r:
        assert r.status == 204 and r.headers["Access-Control-Allow-Origin"] == "*"
        assert "POST" in r.headers["Access-Control-Allow-Methods"]


def test_no_write_methods(server: Running) -> None:
    request = urllib.request.Request(f"{server.url}/id/country/EG", method="DELETE")
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(request, timeout=10)
    assert e.value.code == 405


# ---------------------------------------------------------------------- content negotiation


def test_negotiation_rules() -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert negotiate(browser, GRAPH_TYPES) == "html"
    assert negotiate("*/*", GRAPH_TYPES) == "turtle"
    assert negotiate(None, RESULT_TYPES) == "json"
    assert negotiate("text/turtle;q=0.5, application/ld+json", GRAPH_TYPES) == "jsonld"
    assert negotiate("text/*", RESULT_TYPES) == "csv"
    assert negotiate("image/png", RESULT_TYPES) is None
    assert negotiate("text/html;q=0, */*", RESULT_TYPES) == "json"


@pytest.mark.parametrize(
    "accept, ctype, rdflib_format",
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("*/*", "text/turtle", "turtle"),
    ],
)
def test_resource_as_rdf(server: Running, accept: str, ctype: str, rdflib_format: str) -> None:
    iri = official_iri("أيمن الصفدي")
    path = str(iri).removeprefix("https://w3id.org/diplomacy-kg")
    r = http(server.url + path, accept)
    assert r.status == 200 and r.ctype == ctype and r.headers["Vary"] == "Accept"
    g = Graph().parse(data=r.body, format=rdflib_format)
    subjects = {str(s) for s in g.subjects()}
    objects = {str(o) for o in g.objects()}
    assert str(iri) in subjects  # its own facts
    assert str(iri) in objects  # and the facts pointing at it (meetings, evidence)
    assert "أيمن الصفدي" in {str(o) for o in g.objects(subject=iri)}
    meetings = {str(s) for s, p, o in g if str(p) == DIP + "participant"}
    assert meetings == {
        "https://w3id.org/diplomacy-kg/id/meeting/w-1-1",
        "https://w3id.org/diplomacy-kg/id/meeting/w-2-1",
    }


def test_resource_fragments_come_with_it(server: Running) -> None:
    text = TEXTS["w-2"]
    span = _span(text, "هاكان فيدان")
    r = http(f"{server.url}/id/span/w-2-{span.start}-{span.end}", "application/n-triples")
    g = Graph().parse(data=r.body, format="nt")
    exact = {str(o) for s, p, o in g if str(p) == "http://www.w3.org/ns/oa#exact"}
    assert exact == {"هاكان فيدان"}


def test_unknown_resource_is_404_in_both_forms(server: Running) -> None:
    assert http(f"{server.url}/id/official/nobody", "text/turtle").status == 404
    r = http(f"{server.url}/id/official/nobody", "text/html")
    assert r.status == 404 and r.ctype == "text/html"


def test_format_links_on_the_page_work(server: Running) -> None:
    r = http(f"{server.url}/id/country/JO?format=jsonld")
    assert r.ctype == "application/ld+json"
    assert any(n.get("@id") == "https://w3id.org/diplomacy-kg/id/country/JO" for n in json.loads(r.body))


# ---------------------------------------------------------------------- HTML pages


class _Marks(HTMLParser):
    """The text of each article-text block, and each run of adjacent <mark>s in them."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.texts: list[str] = []
        self.marks: list[str] = []
        self._in_mark = False
        self._joined = False  # the next <mark> continues the previous run
        self.rtl_divs = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div" and "article-text" in (a.get("class") or ""):
            self.depth = 1
            self.texts.append("")
            self.rtl_divs += a.get("dir") == "rtl" and a.get("lang") == "ar"
        elif self.depth and tag == "div":
            self.depth += 1
        if self.depth and tag == "mark":
            self._in_mark = True
            if not self._joined:
                self.marks.append("")

    def handle_endtag(self, tag):
        if self.depth and tag == "div":
            self.depth -= 1
        if tag == "mark":
            self._in_mark = False
            self._joined = True

    def handle_data(self, data):
        if self.depth:
            self.texts[-1] += data
            if self._in_mark:
                self.marks[-1] += data
            else:
                self._joined = False


def test_official_page_shows_the_text_with_its_evidence_marked(server: Running) -> None:
    iri = official_iri("أيمن الصفدي")
    r = http(server.url + str(iri).removeprefix("https://w3id.org/diplomacy-kg"), "text/html")
    assert r.status == 200 and r.ctype == "text/html"
    assert '<h1><span class="kind">Official</span><span dir="rtl" lang="ar">أيمن الصفدي</span></h1>' in r.text
    parsed = _Marks()
    parsed.feed(r.text)
    # both articles, each exactly as written, right to left
    assert sorted(parsed.texts) == sorted(TEXTS.values())
    assert parsed.rtl_divs == 2
    # the evidence of his mentions (name with title) is marked in both
    assert parsed.marks.count("وزير الخارجية الأردني أيمن الصفدي") == 2
    # his meetings, linked
    assert 'href="/id/meeting/w-1-1"' in r.text and 'href="/id/meeting/w-2-1"' in r.text
    assert 'href="/id/country/JO"' in r.text


def test_meeting_page_names_each_fact_with_its_evidence(server: Running) -> None:
    r = http(f"{server.url}/id/meeting/w-1-1", "text/html")
    assert r.status == 200
    assert '<h1><span class="kind">Meeting</span>Meeting on 2024-04-03' in r.text
    dateline = "القاهرة 3 أبريل 2024 (أ ش أ)"
    assert re.search(
        r"<td>date: 2024-04-03</td><td><a href=\"#ev-w-1-0-\d+\" dir=\"rtl\" lang=\"ar\">"
        + re.escape(dateline),
        r.text,
    )
    assert "<td>topic: " in r.text and "participant: سامح شكري" in r.text


def test_article_page_escapes_what_the_article_says(server: Running) -> None:
    r = http(server.url + str(article_iri("w-1")).removeprefix("https://w3id.org/diplomacy-kg"), "text/html")
    assert r.status == 200
    assert "<script>" not in r.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    assert "default-src 'none'" in r.headers["Content-Security-Policy"]


def test_country_page_draws_its_network(server: Running) -> None:
    r = http(f"{server.url}/id/country/JO", "text/html")
    assert r.status == 200
    svg = r.text[r.text.index("<svg") : r.text.index("</svg>")]
    assert svg.count("<line") == 2  # JO met EG and TR
    assert 'class="center"' in svg and 'href="/id/country/TR"' in svg
    assert '<span dir="rtl" lang="ar">الأردن</span>' in r.text


def test_home_page(server: Running) -> None:
    r = http(server.url + "/", "text/html")
    assert r.status == 200 and "charset=utf-8" in r.headers["Content-Type"]
    assert "<b>2</b><span>articles</span>" in r.text and "<b>3</b><span>officials</span>" in r.text
    for name in ("meetings_by_country", "meetings_of_official", "country_network"):
        assert f'href="/query/{name}"' in r.text
    assert '<form class="query" method="get" action="/sparql">' in r.text
    svg = r.text[r.text.index("<svg") : r.text.index("</svg>")]
    assert svg.count("<line") == 2  # EG-JO and JO-TR
    css = http(server.url + "/static/style.css")
    assert css.status == 200 and css.ctype == "text/css"


def test_saved_query_runs_with_its_example_or_given_values(server: Running) -> None:
    r = http(f"{server.url}/query/meetings_by_country", "text/html")
    assert (
        r.status == 200 and "<h2>Results</h2>" in r.text and '<td dir="rtl" lang="ar">الأردن</td>' in r.text
    )
    url = f"{server.url}/query/meetings_of_official?" + urllib.parse.urlencode(
        {"name": "هاكان فيدان", "format": "csv"}
    )
    rows = list(csv.reader(io.StringIO(http(url).text)))
    assert rows[0][0] == "official_name" and [row[0] for row in rows[1:]] == ["هاكان فيدان"]
    assert http(f"{server.url}/query/no_such_query").status == 404


def test_highlight_checks_offsets_against_the_quote() -> None:
    text = "قال الوزير <b> إن"
    good = Evidence("a", 4, 10, "x", "الوزير")
    wrong = Evidence("a", 0, 3, "y", "ليس")
    out = highlight(text, [good, wrong])
    assert "<mark" in out and out.count("<mark") == 1 and ">الوزير</mark>" in out
    assert "&lt;b&gt;" in out


def test_request_paths_become_iris() -> None:
    assert uri_to_iri("place/EG-%D8%A7%D9%84") == "place/EG-ال"
    assert uri_to_iri("article/a%2Fb%20c") == "article/a%2Fb%20c"  # encoded ASCII stays encoded
    assert uri_to_iri("x/%FF%FE") == "x/%FF%FE"  # not UTF-8: left alone


def test_network_svg_weights_and_escapes() -> None:
    nodes = {
        "x:a": NetNode("x:a", "AA", "<أ>", "A"),
        "x:b": NetNode("x:b", "BB", "ب", "B"),
        "x:c": NetNode("x:c", "CC", "ج", "C"),
    }
    svg = network_svg(Site("x:"), nodes, [("x:a", "x:b", 4), ("x:b", "x:c", 1)])
    widths = [float(w) for w in re.findall(r'stroke-width="([\d.]+)"', svg)]
    assert sorted(widths) == pytest.approx([1 + 7 * 1 / 4, 8.0], abs=0.06)
    assert "&lt;أ&gt;" in svg and "<أ>" not in svg


# ---------------------------------------------------------------------- reading while kg ingest writes


def test_the_server_reads_while_a_writer_holds_the_store(tmp_path: Path) -> None:
    import kg.store

    path = build_store(tmp_path / "store")
    running = Running(path, timeout=10, workers=1)
    try:
        count = f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?a a <{DIP}Article> }}"
        assert sparql(running, count, "text/csv").text.splitlines()[1] == "2"
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(kg.store, "_extractor", lambda: record)
            # a writer holds the store (as `kg ingest` does) and adds an article
            with Store.open(path) as writer:
                writer.ingest([Article("w-3", TEXTS["w-2"], "", None)])
                during = sparql(running, count, "text/csv")
                assert during.status == 200 and during.text.splitlines()[1] == "2"  # the snapshot it had
        after = sparql(running, count, "text/csv")
        assert after.text.splitlines()[1] == "3"  # the writer is gone: the server caught up
    finally:
        running.stop()


# ---------------------------------------------------------------------- the command


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_kg_serve_command_starts_answers_and_stops_on_sigterm(store: Path) -> None:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kg.cli",
            "serve",
            "--store",
            str(store),
            "--port",
            str(port),
            "--timeout",
            "5",
        ],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        line = proc.stderr.readline()
        assert f"at http://127.0.0.1:{port}/" in line
        r = http(f"http://127.0.0.1:{port}/sparql?" + urllib.parse.urlencode({"query": NAMES}), "text/csv")
        assert r.status == 200 and "أيمن الصفدي" in r.text
        # the port is taken now: a second server says so and exits 1
        second = subprocess.run(
            [sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--port", str(port)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert second.returncode == 1 and "cannot listen on" in second.stderr
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(20) == 0


def test_kg_serve_without_a_store_exits_1(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    r = subprocess.run(
        [sys.executable, "-m", "kg.cli", "serve", "--store", str(tmp_path / "none"), "--port", "0"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert r.returncode == 1 and "no kg store" in r.stderr
    r = subprocess.run(
        [sys.executable, "-m", "kg.cli", "serve", "--timeout", "0"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert r.returncode == 2


def test_workers_end_with_the_server(store: Path) -> None:
    running = Running(store, workers=2)
    pids = [w.process.pid for w in running.server.pool._all]
    assert len(pids) == 2
    running.stop()
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_results_can_be_read_by_pyoxigraph(server: Running) -> None:
    for accept, fmt in (
        ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ):
        parsed = ox.parse_query_results(sparql(server, NAMES, accept).body, format=fmt)
        assert [(s["name"].value, s["country"].value) for s in parsed] == EXPECTED_NAMES
