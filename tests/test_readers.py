"""Tests of kg.readers: .txt, .jsonl, .jsonl.gz, folders; bad items reported with their place, not raised."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.readers import ReadProblem, read_articles

TEXT = "القاهرة 3 مايو 2023 (شينخوا) استقبل الرئيس ضيفه في القصر."


def _read(*paths: Path) -> tuple[list, list[ReadProblem]]:
    problems: list[ReadProblem] = []
    return list(read_articles(paths, on_problem=problems.append)), problems


def _jsonl(path: Path, *lines: str | dict) -> Path:
    body = "".join((json.dumps(x, ensure_ascii=False) if isinstance(x, dict) else x) + "\n" for x in lines)
    path.write_text(body, encoding="utf-8")
    return path


def test_txt_file_id_is_the_stem_and_a_bom_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "cairo-01.txt"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    (article,), problems = _read(path)
    assert problems == []
    assert article.id == "cairo-01"
    assert article.text == TEXT  # offsets count from the first character after the BOM
    assert article.title == "" and article.published is None


def test_jsonl_fields(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path / "a.jsonl",
        {
            "id": "x1",
            "text": TEXT,
            "title": "عنوان",
            "published": "2023-05-03",
            "url": "https://e.org/1",
            "source": "s",
        },
        {"id": 7, "text": TEXT, "published": "2023-05-04T10:00:00"},
    )
    (first, second), problems = _read(path)
    assert problems == []
    assert (first.id, first.title, first.published, first.url, first.source) == (
        "x1",
        "عنوان",
        "2023-05-03",
        "https://e.org/1",
        "s",
    )
    assert (second.id, second.published, second.url) == ("7", "2023-05-04", None)


def test_bad_lines_are_reported_with_file_and_line_and_reading_goes_on(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path / "mixed.jsonl",
        {"id": "ok-1", "text": TEXT},
        '{"id": "broken", "text": ',
        {"text": TEXT},
        {"id": "", "text": TEXT},
        {"id": "no-text"},
        {"id": "blank", "text": "  \n "},
        "[1, 2]",
        "",
        {"id": "ok-1", "text": TEXT},
        {"id": "ok-2", "text": TEXT},
    )
    articles, problems = _read(path)
    assert [a.id for a in articles] == ["ok-1", "ok-2"]
    assert [(p.path, p.line) for p in problems] == [(path, n) for n in (2, 3, 4, 5, 6, 7, 9)]
    reasons = [p.reason for p in problems]
    assert reasons[0].startswith("malformed JSON")
    assert reasons[1] == "missing id"
    assert reasons[2] == "empty or invalid id"
    assert "missing text" in reasons[3]
    assert "empty text: skipped" in reasons[4]
    assert "JSON object" in reasons[5]
    assert "duplicate id 'ok-1'" in reasons[6] and f"{path}:1" in reasons[6]
    assert str(problems[0]) == f"{path}:2: {reasons[0]}"


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "latin.jsonl"
    path.write_bytes(
        json.dumps({"id": "a", "text": TEXT}, ensure_ascii=False).encode() + b"\n"
        b'{"id": "b", "text": "caf\xe9"}\n'
    )
    txt = tmp_path / "bad.txt"
    txt.write_bytes("سطر أول\n".encode() + b"\xff\xfe")
    articles, problems = _read(path, txt)
    assert [a.id for a in articles] == ["a"]
    assert [(p.path, p.line) for p in problems] == [(path, 2), (txt, 2)]
    assert all("not valid UTF-8" in p.reason for p in problems)


def test_gzip_and_truncated_gzip(tmp_path: Path) -> None:
    rows = [{"id": f"g{i}", "text": TEXT} for i in range(300)]
    data = gzip.compress("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode())
    whole = tmp_path / "whole.jsonl.gz"
    whole.write_bytes(data)
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(data[: len(data) // 2])

    articles, problems = _read(whole)
    assert len(articles) == 300 and problems == []

    problems = []
    articles = list(read_articles([cut], on_problem=problems.append))
    assert 0 < len(articles) < 300
    (problem,) = problems
    assert problem.path == cut and "truncated gzip" in problem.reason
    assert problem.line == len(articles) + 1 or problem.line == len(articles) + 2


def test_not_gzip_at_all(tmp_path: Path) -> None:
    fake = tmp_path / "fake.jsonl.gz"
    fake.write_text('{"id": "a", "text": "x"}\n', encoding="utf-8")
    articles, (problem,) = _read(fake)
    assert articles == [] and "not a valid gzip file" in problem.reason


def test_folder_is_read_recursively_in_sorted_order_ignoring_other_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    _jsonl(tmp_path / "b" / "c.jsonl", {"id": "from-jsonl", "text": TEXT})
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    (tmp_path / "data.json").write_text("{}", encoding="utf-8")
    articles, problems = _read(tmp_path)
    assert problems == []
    assert [a.id for a in articles] == ["a", "from-jsonl", "z"]


def test_missing_path_and_unknown_file_type(tmp_path: Path) -> None:
    other = tmp_path / "x.csv"
    other.write_text("id,text\n", encoding="utf-8")
    articles, problems = _read(tmp_path / "nope.jsonl", other)
    assert articles == []
    assert [(p.line, p.reason) for p in problems] == [
        (None, "no such file or directory"),
        (None, "not an article file (expected .txt, .jsonl, .jsonl.gz or a folder)"),
    ]
    assert str(problems[0]) == f"{tmp_path / 'nope.jsonl'}: no such file or directory"


def test_empty_txt_is_skipped_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("\ufeff \n", encoding="utf-8")
    articles, (problem,) = _read(path)
    assert articles == [] and problem.reason == "empty text: skipped"


def test_duplicate_ids_across_files_of_one_run(tmp_path: Path) -> None:
    (tmp_path / "dup.txt").write_text(TEXT, encoding="utf-8")
    jl = _jsonl(tmp_path / "more.jsonl", {"id": "dup", "text": "نص آخر"})
    articles, (problem,) = _read(tmp_path / "dup.txt", jl)
    assert [a.text for a in articles] == [TEXT]
    assert (problem.path, problem.line) == (jl, 1)


def test_without_a_handler_the_first_problem_raises_with_its_place(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "a.jsonl", {"id": "a", "text": TEXT}, "{oops")
    stream = read_articles([path])
    assert next(stream).id == "a"
    with pytest.raises(InputError) as info:
        next(stream)
    assert (info.value.file, info.value.line) == (str(path), 2)
    assert str(info.value).startswith(f"{path}:2: malformed JSON")


def test_jsonl_is_streamed_not_read_whole(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "s.jsonl", {"id": "a", "text": TEXT}, {"id": "b", "text": TEXT})
    stream = read_articles([path])
    assert next(stream).id == "a"
    # a line appended after the first was read is still seen: the file is read as we go
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps({"id": "c", "text": TEXT}) + "\n")
    assert [a.id for a in stream] == ["b", "c"]
