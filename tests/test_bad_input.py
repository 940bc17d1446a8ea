"""Bad input never breaks the graph: each bad item is reported as FILE:LINE: reason, the good ones are ingested.

Every kind of input a scraper may deliver goes through `kg ingest`: empty and whitespace
texts, non-Arabic text, HTML, Windows-1256, a BOM, CRLF, a 5 MB article, malformed lines,
missing ids and texts, duplicate ids, a truncated gzip, a folder of other files, an
unreadable file, a named pipe and a path that does not exist.  `--strict` stops at the
first of them and changes nothing.  No traceback reaches the user.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, TINY_TEXTS
from typer.testing import CliRunner

from kg.cli import app
from kg.readers import MAX_CHARS
from kg.store import Store

runner = CliRunner()

# written for these tests: one in-person meeting of two foreign ministers, on two lines
MEETING = (
    "الرياض 12 مارس 2024 (واس) - استقبل وزير الخارجية السعودي فيصل بن فرحان اليوم في الرياض "
    "وزير الخارجية الأردني أيمن الصفدي، وبحث الجانبان العلاقات الثنائية.\nوأكد الوزيران أهمية التنسيق المشترك."
)
GOOD = TINY_TEXTS["t-1"]

EVIDENCE = """PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX schema: <https://schema.org/>
SELECT ?text ?start ?end ?exact WHERE {
  ?target oa:hasSource ?a ; oa:hasSelector ?pos, ?quote .
  ?a schema:text ?text .
  ?pos a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  ?quote a oa:TextQuoteSelector ; oa:exact ?exact .
}"""
OFFICIALS = """PREFIX dip: <https://w3id.org/diplomacy-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?name WHERE { ?o a dip:Official ; rdfs:label ?name } ORDER BY ?name"""


def kg(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args])


def jsonl(path: Path, *rows: dict | str) -> Path:
    """A JSONL file of UTF-8 lines; a row holding a lone surrogate is written with a JSON escape for it."""
    lines = []
    for r in rows:
        line = json.dumps(r, ensure_ascii=False) if isinstance(r, dict) else r
        try:
            lines.append(line.encode("utf-8") + b"\n")
        except UnicodeEncodeError:
            lines.append(json.dumps(r).encode("ascii") + b"\n")
    path.write_bytes(b"".join(lines))
    return path


def ids(store: Path) -> list[str]:
    with Store.open(store) as s:
        return s.article_ids()


def reported(stderr: str) -> list[str]:
    """The problem lines of an ingest's stderr (not its summary lines)."""
    return [
        line
        for line in stderr.splitlines()
        if not line.startswith(("Ingested ", "No store at")) and not line.endswith("item(s) skipped.")
    ]


def export_nt(store: Path) -> bytes:
    return kg("export", "--format", "nt", "--store", store).stdout_bytes


# ---------------------------------------------------------------------- all at once


@pytest.fixture
def bad_folder(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A folder with good articles among bad ones; the good ids, and the line each bad item must give."""
    folder = tmp_path / "scraped"
    folder.mkdir()
    mixed = jsonl(
        folder / "a-mixed.jsonl",
        {"id": "good-1", "text": GOOD},
        '{"id": "broken", "text": "نص',
        {"text": GOOD},
        {"id": "no-text"},
        {"id": "blank", "text": " \n\t "},
        {"id": "good-1", "text": "نص آخر"},
        {"id": "good-2", "text": MEETING},
        {"id": "markup-only", "text": "<div><br/></div>"},
    )
    rows = "".join(json.dumps({"id": f"gz-{i}", "text": GOOD}, ensure_ascii=False) + "\n" for i in range(200))
    data = gzip.compress(rows.encode("utf-8"))
    cut = folder / "b-cut.jsonl.gz"
    cut.write_bytes(data[: len(data) // 2])
    arabic_1256 = folder / "c-windows.txt"
    arabic_1256.write_bytes(GOOD.encode("cp1256"))
    (folder / "notes.md").write_text("not an article", encoding="utf-8")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "d-good.txt").write_text(MEETING, encoding="utf-8")
    expected = {
        "malformed": f"{mixed}:2: malformed JSON: ",
        "missing id": f"{mixed}:3: missing id",
        "missing text": f"{mixed}:4: article 'no-text': missing text",
        "empty": f"{mixed}:5: article 'blank': empty text: skipped",
        "duplicate": f"{mixed}:6: duplicate id 'good-1' (first read at {mixed}:1)",
        "markup only": f"{mixed}:8: article 'markup-only': empty text once its markup is removed: skipped",
        "truncated": f"{cut}:",
        "cp1256": f"{arabic_1256}:1: not valid UTF-8 (byte 0x",
    }
    return folder, expected


def test_each_bad_item_is_reported_with_its_place_and_the_good_ones_are_ingested(
    tmp_path: Path, bad_folder, fake_extractor
) -> None:
    folder, expected = bad_folder
    missing = tmp_path / "nowhere.jsonl"
    store = tmp_path / "store"
    result = kg("ingest", folder, missing, "--store", store)
    assert result.exit_code == 3, result.output
    lines = reported(result.stderr)
    for what, start in expected.items():
        assert sum(line.startswith(start) for line in lines) == 1, (what, lines)
    assert f"{missing}: no such file or directory" in lines
    assert len(lines) == len(expected) + 1  # nothing else: notes.md and photo.jpg are not article files
    truncated = next(line for line in lines if line.startswith(expected["truncated"]))
    assert "truncated gzip" in truncated and "the rest of the file is skipped" in truncated
    cp1256 = next(line for line in lines if line.startswith(expected["cp1256"]))
    assert "Windows-1256" in cp1256 and "iconv" in cp1256
    assert result.stderr.splitlines()[-1] == f"{len(lines)} input item(s) skipped."
    got = ids(store)
    gz = [i for i in got if i.startswith("gz-")]
    assert 0 < len(gz) < 200  # the lines before the cut are kept
    assert sorted(set(got) - set(gz)) == ["d-good", "good-1", "good-2"]


def test_no_traceback_for_bad_input_and_the_exit_code_says_items_were_skipped(
    tmp_path: Path, bad_folder
) -> None:
    folder, _ = bad_folder
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "kg.cli",
            "ingest",
            str(folder),
            str(tmp_path / "nope"),
            "--store",
            str(tmp_path / "s"),
            "--jobs",
            "1",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 3, proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    assert proc.stderr.splitlines()[-1].endswith("input item(s) skipped.")


# ---------------------------------------------------------------------- --strict


def _strict_cases(tmp_path: Path) -> dict[str, tuple[list[Path], str]]:
    good = jsonl(tmp_path / "good.jsonl", {"id": "s-1", "text": GOOD})
    malformed = jsonl(tmp_path / "malformed.jsonl", {"id": "s-2", "text": GOOD}, "{oops")
    duplicate = jsonl(tmp_path / "dup.jsonl", {"id": "s-3", "text": GOOD}, {"id": "s-3", "text": GOOD})
    windows = tmp_path / "win.txt"
    windows.write_bytes(GOOD.encode("cp1256"))
    long = jsonl(tmp_path / "long.jsonl", {"id": "s-4", "text": GOOD}, {"id": "long", "text": "ا" * 301})
    return {
        "malformed line": ([good, malformed], f"{malformed}:2: malformed JSON"),
        "duplicate id": ([good, duplicate], f"{duplicate}:2: duplicate id 's-3'"),
        "missing path": ([good, tmp_path / "absent.jsonl"], f"{tmp_path / 'absent.jsonl'}: no such file"),
        "windows-1256": ([good, windows], f"{windows}:1: not valid UTF-8"),
        "too long": ([good, long], f"{long}:2: article 'long': 301 characters, more than --max-chars 300"),
    }


@pytest.mark.parametrize(
    "case", ["malformed line", "duplicate id", "missing path", "windows-1256", "too long"]
)
def test_strict_stops_at_the_first_problem_and_changes_nothing(
    tmp_path: Path, tiny_jsonl: Path, fake_extractor, case: str
) -> None:
    store = tmp_path / "store"
    assert kg("ingest", tiny_jsonl, "--store", store).exit_code == 0
    before = export_nt(store)
    paths, message = _strict_cases(tmp_path)[case]
    result = kg("ingest", *paths, "--store", store, "--strict", "--max-chars", "300")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {message}")
    assert len(result.stderr.splitlines()) == 1
    assert export_nt(store) == before
    # and a store that did not exist is not created
    fresh = tmp_path / "fresh"
    assert kg("ingest", *paths, "--store", fresh, "--strict", "--max-chars", "300").exit_code == 1
    assert not fresh.exists()


# ---------------------------------------------------------------------- texts


def _officials(store: Path) -> list[str]:
    with Store.open(store) as s:
        return [r[0].value for r in s.query(OFFICIALS).rows]


def _check_evidence(store: Path) -> str:
    """Every evidence span of the store indexes the stored text and quotes it exactly; the stored text."""
    with Store.open(store) as s:
        rows = s.query(EVIDENCE).rows
    assert rows
    texts = {r[0].value for r in rows}
    for text, start, end, exact in rows:
        assert text.value[int(start.value) : int(end.value)] == exact.value
    (text,) = texts
    return text


def test_html_markup_is_removed_before_extraction_and_offsets_index_the_stored_text(tmp_path: Path) -> None:
    first, second = MEETING.split("\n")
    html = (
        "<!DOCTYPE html><html><head><style>p { color: red }</style></head><body>\n"
        f'  <p class="lead">{first.replace("فيصل بن فرحان", "<b>فيصل بن فرحان</b>")}</p>\n'
        f"  <p>{second}&nbsp;&quot;</p><!-- comment --><script>var x = '<p>';</script>\n</body></html>"
    )
    clean, marked = tmp_path / "clean.jsonl", tmp_path / "marked.jsonl"
    jsonl(clean, {"id": "m", "text": MEETING})
    jsonl(marked, {"id": "m", "text": html})
    for path in (clean, marked):
        assert kg("ingest", path, "--store", tmp_path / path.stem, "--jobs", "1").exit_code == 0
    assert (
        _officials(tmp_path / "marked") == _officials(tmp_path / "clean") == ["أيمن الصفدي", "فيصل بن فرحان"]
    )
    stored = _check_evidence(tmp_path / "marked")
    assert stored == MEETING + ' "'  # the cleaned text is the one stored: no tag, entities decoded
    assert "<" not in stored and "&" not in stored


def test_crlf_and_bom_give_the_same_facts(tmp_path: Path) -> None:
    crlf_txt = tmp_path / "crlf.txt"
    crlf_txt.write_bytes(b"\xef\xbb\xbf" + MEETING.replace("\n", "\r\n").encode("utf-8"))
    # a JSONL file with CRLF line ends, and a BOM at its start and again on a later line (files joined by cat)
    crlf_jsonl = tmp_path / "crlf.jsonl"
    crlf_jsonl.write_bytes(
        b"\xef\xbb\xbf"
        + json.dumps({"id": "j-1", "text": MEETING.replace("\n", "\r\n")}, ensure_ascii=False).encode()
        + b"\r\n\xef\xbb\xbf"
        + json.dumps({"id": "j-2", "text": "\ufeff" + MEETING}, ensure_ascii=False).encode()
        + b"\r\n"
    )
    for path in (crlf_txt, crlf_jsonl):
        store = tmp_path / f"s-{path.suffix}"
        result = kg("ingest", path, "--store", store, "--jobs", "1")
        assert result.exit_code == 0, result.output
        assert _officials(store) == ["أيمن الصفدي", "فيصل بن فرحان"]
    with Store.open(tmp_path / "s-.txt") as s:
        (text,) = {r[0].value for r in s.query(EVIDENCE).rows}
    assert text == MEETING.replace("\n", "\r\n")  # CRLF kept as given, the BOM gone
    assert ids(tmp_path / "s-.jsonl") == ["j-1", "j-2"]


def test_non_arabic_text_is_an_article_with_no_facts(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "en.jsonl",
        {"id": "en", "text": "The foreign minister met his counterpart in Riyadh on Monday."},
        {"id": "mixed", "text": "Привет мир 你好 Ελληνικά — 123 !!!"},
    )
    store = tmp_path / "s"
    result = kg("ingest", path, "--store", store, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert ids(store) == ["en", "mixed"]
    assert _officials(store) == []


def test_control_characters_are_removed_so_every_export_syntax_can_write_the_text(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "ctl.jsonl", {"id": "ctl", "text": "\x00" + MEETING.replace("،", "،\x01\x1b") + "\ud800"}
    )
    store = tmp_path / "s"
    assert kg("ingest", path, "--store", store, "--jobs", "1").exit_code == 0
    for fmt in ("xml", "turtle", "jsonld", "nt"):
        result = kg("export", "--format", fmt, "--store", store)
        assert result.exit_code == 0, (fmt, result.output)
    from rdflib import Graph

    xml = kg("export", "--format", "xml", "--store", store).stdout_bytes
    assert len(Graph().parse(data=xml, format="xml")) > 0  # well-formed XML 1.0
    assert _check_evidence(store) == MEETING + "\ufffd"


def test_awkward_ids_become_valid_iris_and_bad_ones_are_reported(tmp_path: Path, fake_extractor) -> None:
    awkward = ["a b", "x/y#z?q=1", '<>"{}|^`\\', "مقال-١", "%41", "." * 3, "L" * 2000]
    path = jsonl(
        tmp_path / "ids.jsonl",
        *({"id": i, "text": GOOD} for i in awkward),
        {"id": "bell\x07", "text": GOOD},
        {"id": "\ud800", "text": GOOD},
        {"id": ["a"], "text": GOOD},
    )
    store = tmp_path / "s"
    result = kg("ingest", path, "--store", store)
    assert result.exit_code == 3
    lines = reported(result.stderr)
    assert [line.split(": ", 1)[0] for line in lines] == [f"{path}:{n}" for n in (8, 9, 10)]
    assert "invalid id 'bell\\x07'" in lines[0]
    assert sorted(ids(store)) == sorted(awkward)
    assert kg("export", "--format", "nt", "--store", store).exit_code == 0


# ---------------------------------------------------------------------- files and paths


def test_a_folder_of_other_files_ingests_nothing_and_says_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "misc"
    (folder / "sub").mkdir(parents=True)
    (folder / "README").write_text("x", encoding="utf-8")
    (folder / "sub" / "data.csv").write_text("id,text\n", encoding="utf-8")
    (folder / "sub" / "page.html").write_text("<p>نص</p>", encoding="utf-8")
    result = kg("ingest", folder, "--store", tmp_path / "s")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("Ingested 0 articles")


def test_a_path_that_does_not_exist_is_reported_and_the_others_ingested(
    tmp_path: Path, tiny_jsonl: Path, fake_extractor
) -> None:
    missing = tmp_path / "typo.jsonl"
    result = kg("ingest", missing, tiny_jsonl, "--store", tmp_path / "s")
    assert result.exit_code == 3
    assert reported(result.stderr) == [f"{missing}: no such file or directory"]
    assert ids(tmp_path / "s") == ["t-1", "t-2"]


def _unreadable(tmp_path: Path, kind: str) -> Path:
    if kind == "chmod 000":
        if os.geteuid() == 0:
            pytest.skip("root reads a file whatever its mode: the /proc/self/mem case covers root")
        path = tmp_path / "locked.jsonl"
        jsonl(path, {"id": "locked", "text": GOOD})
        path.chmod(0)
        return path
    if not Path("/proc/self/mem").exists():
        pytest.skip("needs Linux's /proc")
    # reading /proc/self/mem at offset 0 fails with EIO for every user, root included
    path = tmp_path / f"mem{'.txt' if kind.endswith('txt') else '.jsonl'}"
    path.symlink_to("/proc/self/mem")
    return path


@pytest.mark.parametrize("kind", ["chmod 000", "unreadable jsonl", "unreadable txt"])
def test_an_unreadable_file_is_reported_and_the_others_ingested(
    tmp_path: Path, tiny_jsonl: Path, fake_extractor, kind: str
) -> None:
    bad = _unreadable(tmp_path, kind)
    result = kg("ingest", bad, tiny_jsonl, "--store", tmp_path / "s")
    assert result.exit_code == 3
    (line,) = reported(result.stderr)
    assert line in (f"{bad}: Permission denied", f"{bad}: Input/output error")
    assert ids(tmp_path / "s") == ["t-1", "t-2"]


def test_a_named_pipe_is_reported_not_waited_for(tmp_path: Path, tiny_jsonl: Path) -> None:
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "kg.cli",
            "ingest",
            str(fifo),
            str(tiny_jsonl),
            "--store",
            str(tmp_path / "s"),
            "--jobs",
            "1",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 3
    assert reported(proc.stderr) == [f"{fifo}: not a regular file (a pipe, socket or device): skipped"]


# ---------------------------------------------------------------------- size


def test_a_5_mb_article_is_skipped_quickly_in_bounded_memory(tmp_path: Path) -> None:
    sentence = "استقبل الرئيس ضيفه في القصر وبحث معه العلاقات الثنائية بين البلدين. "
    big = sentence * (5_000_000 // len(sentence.encode("utf-8")) + 1)
    assert len(big.encode("utf-8")) >= 5_000_000
    path = jsonl(tmp_path / "big.jsonl", {"id": "big", "text": big}, {"id": "small", "text": MEETING})
    # the child reports its own peak memory: RUSAGE_CHILDREN would be the peak of every child so far
    script = (
        "import resource, sys\n"
        "from kg.cli import app\n"
        "try:\n"
        "    app(sys.argv[1:])\n"
        "finally:\n"
        "    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stdout)\n"
    )
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", script, "ingest", str(path), "--store", str(tmp_path / "s"), "--jobs", "1"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    seconds = time.perf_counter() - start
    assert proc.returncode == 3, proc.stderr
    (line,) = reported(proc.stderr)
    assert line == (
        f"{path}:1: article 'big': {len(big):,} characters, more than --max-chars {MAX_CHARS:,}: skipped"
    )
    assert ids(tmp_path / "s") == ["small"]
    peak_mb = int(proc.stdout.strip()) / 1024
    # measured: about 2 s and 150 MB (extracting it would take 446 s and 1 GB)
    assert seconds < 60 and peak_mb < 600, (seconds, peak_mb)


def test_a_long_article_under_the_limit_is_ingested(tmp_path: Path) -> None:
    long = ((MEETING + "\n") * (60_000 // len(MEETING)))[:60_000]
    path = jsonl(tmp_path / "long.jsonl", {"id": "long", "text": long})
    start = time.perf_counter()
    result = kg("ingest", path, "--store", tmp_path / "s", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert time.perf_counter() - start < 60
    assert _officials(tmp_path / "s") == ["أيمن الصفدي", "فيصل بن فرحان"]
