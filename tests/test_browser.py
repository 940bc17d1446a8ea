"""A browser test of `kg serve`: headless Chromium (Debian's `chromium`) through the pages people use.

Home page -> a saved query -> an official's page -> the evidence of a fact, over the two
seed articles ingested with the real extractor.  Checks that the article text on the page
is the article's text exactly, right to left, and that each mark is the evidence the graph
records.  Screenshots go to the test's folder, and to $KG_SCREENSHOTS when set (the README's
picture: `KG_SCREENSHOTS=docs python -m pytest tests/test_browser.py`).

Driven by Playwright for Python with the system's Chromium (`executable_path`); Playwright's
own browser download is never used.  Skipped, saying why, when either is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from pathlib import Path

import pytest

from kg.queries import prepare, saved_query
from kg.readers import read_articles
from kg.serve import ServeConfig, make_server
from kg.store import Store, seed_files

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
OA = "http://www.w3.org/ns/oa#"

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright for Python is not installed (pip install playwright)"
)
if not Path(CHROMIUM).is_file():
    pytest.skip(
        f"no Chromium at {CHROMIUM}: install Debian's (apt-get install chromium; .ci/run does)",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory: pytest.TempPathFactory):
    """The seeds ingested with the real extractor, and what the pages should show, read from the store."""
    path = tmp_path_factory.mktemp("browser") / "store"
    articles = {a.id: a for a in read_articles(seed_files())}
    with Store.open(path, create=True) as store:
        store.ingest(articles.values())
        example = saved_query("meetings_of_official")
        rows = store.query(prepare(example.text, {"name": example.example.split("name=")[1].split()[0]})).rows
        evidence = store.query(
            f"""SELECT ?official ?article ?start ?end WHERE {{
              ?ann <{OA}hasBody> ?official ; <{OA}hasTarget> ?t .
              ?official a <https://w3id.org/diplomacy-kg/ontology#Official> .
              ?t <{OA}hasSource> ?article ; <{OA}hasSelector> ?p .
              ?p <{OA}start> ?start ; <{OA}end> ?end .
            }}"""
        ).rows
    spans: dict[str, set[tuple[str, int, int]]] = {}
    for official, article, start, end in evidence:
        art_id = article.value.rsplit("/", 1)[1]
        spans.setdefault(official.value, set()).add((art_id, int(start.value), int(end.value)))
    return path, articles, len(rows), spans


@pytest.fixture(scope="module")
def site(seeds_store):
    server = make_server(ServeConfig(seeds_store[0], port=0, log=False, timeout=20))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _shot(page, tmp_path: Path, name: str, height: int = 1000) -> Path:
    """The top `height` pixels of the page (saved in the test's folder, and in $KG_SCREENSHOTS)."""
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": 1280, "height": height})
    target = os.environ.get("KG_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(target) / name)
    return path


def test_home_saved_query_official_and_evidence(site: str, seeds_store, browser, tmp_path: Path) -> None:
    _, articles, example_rows, spans = seeds_store
    page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="ar")

    # the home page: counts, the network picture, the saved queries
    page.goto(site + "/")
    assert page.locator("h1").inner_text() == "A knowledge graph of diplomacy"
    assert page.locator(".counts div").first.inner_text().split()[0] == str(len(articles))
    assert page.locator("svg.network line").count() > 0
    home = _shot(page, tmp_path, "screenshot-home.png", height=1350)
    assert home.stat().st_size > 10_000

    # one click runs a saved query (with its example value); its rows are the store's answer
    page.locator("a.run", has_text="meetings_of_official").click()
    page.wait_for_selector("table.results")
    assert page.locator("table.results tbody tr").count() == example_rows > 0
    first_name = page.locator("table.results tbody tr td").first
    assert first_name.get_attribute("dir") == "rtl" and first_name.get_attribute("lang") == "ar"

    # an official's page, from the home page's list
    page.goto(site + "/")
    page.locator("section", has=page.locator("h2", has_text="Officials")).locator("li a").first.click()
    page.wait_for_selector(".article-text")
    official = "https://w3id.org/diplomacy-kg" + page.url.split(site, 1)[1].split("#")[0]
    assert page.locator("h1 [lang=ar]").get_attribute("dir") == "rtl"
    text_blocks = page.locator(".article-text")
    assert text_blocks.count() >= 1
    for i in range(text_blocks.count()):
        block = text_blocks.nth(i)
        # the Arabic text on the page is the article's text, exactly, laid out right to left
        assert block.text_content() in {a.text for a in articles.values()}
        assert block.evaluate("e => getComputedStyle(e).direction") == "rtl"

    # each fact links to its evidence: follow the first, the marked words are the recorded span
    recorded = spans[official]
    link = page.locator("table.evidence a").first
    link.click()
    anchor = page.url.split("#", 1)[1]
    found = re.fullmatch(r"ev-(.+)-(\d+)-(\d+)", anchor)
    assert found, anchor
    art_id, start, end = found[1], int(found[2]), int(found[3])
    assert (art_id, start, end) in recorded
    mark = page.locator(f"mark#{anchor}")
    assert mark.is_visible()
    # a span may be cut into several adjacent marks where other evidence overlaps it
    marked = mark.evaluate(
        """(m, n) => { let t = '', e = m;
                      while (e && t.length < n) { t += e.textContent; e = e.nextSibling; }
                      return t; }""",
        end - start,
    )
    assert marked[: end - start] == articles[art_id].text[start:end]
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") != "rgba(0, 0, 0, 0)"
    _shot(page, tmp_path, "screenshot.png", height=1400)
    page.close()
