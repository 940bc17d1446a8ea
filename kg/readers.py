"""Read articles from `.txt`, `.jsonl` and `.jsonl.gz` files and folders, reporting bad items as they go.

Input is streamed: a JSONL file is read line by line, never whole.  A bad item (a
malformed line, a missing id or text, a duplicate id, undecodable bytes, a truncated
gzip, a missing path) is not raised in the middle of the stream: it is handed to the
`on_problem` callback as a `ReadProblem(path, line, reason)` and reading goes on.  The
callback may raise to stop at the first problem (`kg ingest --strict`).

Each text is cleaned (`kg.clean.clean_text`: HTML markup, character references and stray
control characters out), and the cleaned text is the article's text: evidence offsets count
its code points.  A text over `max_chars` characters is skipped with a report: the
extractor's time grows faster than the length (measured: 0.8 s for 109k characters, 44 s
for 545k, 446 s and 1 GB for a 5 MB article), and news articles are far shorter (the
longest dev article has 2.6k characters).  A file that is not UTF-8 is reported, with a
hint when it reads as Arabic in Windows-1256.
"""

from __future__ import annotations

import gzip
import json
import re
import stat
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import IO

from kg.clean import clean_text, cp1256_hint
from kg.errors import InputError, located
from kg.records import Article

BOM = "\ufeff"
MAX_CHARS = 200_000  # characters of one article's text (see above)
_BAD_ID = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:$|[T ])")


@dataclass(frozen=True)
class ReadProblem:
    """One input item that was skipped, and why; `line` is 1-based, None for a whole file or no file."""

    path: Path | None
    line: int | None
    reason: str

    def __str__(self) -> str:
        return located(self.reason, self.path, self.line)

    def error(self) -> InputError:
        return InputError(self.reason, file=self.path, line=self.line)


ProblemHandler = Callable[[ReadProblem], None]


def raise_problem(problem: ReadProblem) -> None:
    """The default handler: stop at the first problem."""
    raise problem.error()


def read_articles(
    paths: Iterable[Path], on_problem: ProblemHandler | None = None, max_chars: int = MAX_CHARS
) -> Iterator[Article]:
    """Yield the articles of `paths` in order (folders: their files recursively, sorted by path), cleaned.

    Without `on_problem`, the first problem raises `InputError` (carrying file and line).
    """
    report = on_problem or raise_problem
    seen: dict[str, str] = {}  # id -> where it was first read, to name both places of a duplicate
    for path in paths:
        path = Path(path)
        for raw, where_line, file in _read_path(path, report):
            article, reason = _prepared(raw, max_chars)
            if article is None:
                report(ReadProblem(file, where_line, reason))
                continue
            first = seen.get(article.id)
            if first is not None:
                report(ReadProblem(file, where_line, f"duplicate id {article.id!r} (first read at {first})"))
                continue
            seen[article.id] = f"{file}:{where_line}" if where_line is not None else str(file)
            yield article


def _prepared(article: Article, max_chars: int) -> tuple[Article | None, str]:
    """The article with its text and title cleaned, or None and why it is skipped."""
    if _BAD_ID.search(article.id):
        return None, f"invalid id {article.id!r}: it holds control characters or a lone surrogate"
    text = clean_text(article.text)
    if not text.strip():
        return None, f"article {article.id!r}: empty text once its markup is removed: skipped"
    if len(text) > max_chars:
        return None, (
            f"article {article.id!r}: {len(text):,} characters, more than --max-chars {max_chars:,}: skipped"
        )
    if text is article.text and not article.title:
        return article, ""
    return replace(article, text=text, title=clean_text(article.title).strip()), ""


def input_files(path: Path) -> list[Path]:
    """The article files of a folder, recursively and sorted; other files are ignored."""
    return sorted(p for p in path.rglob("*") if p.is_file() and _kind(p) is not None)


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    for suffix in (".jsonl.gz", ".jsonl", ".txt"):
        if name.endswith(suffix):
            return suffix
    return None


def _read_path(path: Path, report: ProblemHandler) -> Iterator[tuple[Article, int | None, Path]]:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        report(ReadProblem(path, None, "no such file or directory"))
        return
    except OSError as e:  # a symlink loop, a folder that may not be searched, ...
        report(ReadProblem(path, None, e.strerror or str(e)))
        return
    if stat.S_ISDIR(mode):
        for file in input_files(path):
            yield from _read_file(file, report)
    elif stat.S_ISREG(mode):
        yield from _read_file(path, report)
    else:
        # a named pipe would block the reader until someone writes to it
        report(ReadProblem(path, None, "not a regular file (a pipe, socket or device): skipped"))


def _read_file(path: Path, report: ProblemHandler) -> Iterator[tuple[Article, int | None, Path]]:
    kind = _kind(path)
    if kind == ".txt":
        article = _read_txt(path, report)
        if article is not None:
            yield article, None, path
    elif kind == ".jsonl":
        yield from _read_jsonl(path, report, open)
    elif kind == ".jsonl.gz":
        yield from _read_jsonl(path, report, gzip.open)
    else:
        report(ReadProblem(path, None, "not an article file (expected .txt, .jsonl, .jsonl.gz or a folder)"))


def _read_txt(path: Path, report: ProblemHandler) -> Article | None:
    try:
        data = path.read_bytes()
    except OSError as e:
        report(ReadProblem(path, None, e.strerror or str(e)))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        report(ReadProblem(path, _line_of(data, e.start), _decode_reason(e)))
        return None
    # spans are offsets into the text as stored, which is the file without its BOM
    text = text.removeprefix(BOM)
    if not text.strip():
        report(ReadProblem(path, None, "empty text: skipped"))
        return None
    return Article(id=path.name[: -len(".txt")], text=text)


def _read_jsonl(
    path: Path, report: ProblemHandler, opener: Callable[..., IO[bytes]]
) -> Iterator[tuple[Article, int, Path]]:
    lineno = 0
    try:
        with opener(path, "rb") as f:
            for lineno, raw in enumerate(f, start=1):
                article = _parse_line(raw, lineno == 1, path, lineno, report)
                if article is not None:
                    yield article, lineno, path
    except (EOFError, gzip.BadGzipFile, zlib.error) as e:
        what = "truncated gzip" if isinstance(e, EOFError) else "not a valid gzip file"
        where = lineno + 1 if lineno else None
        report(ReadProblem(path, where, f"{what}: {e}; the rest of the file is skipped"))
    except OSError as e:
        report(ReadProblem(path, None, e.strerror or str(e)))


def _parse_line(raw: bytes, first: bool, path: Path, lineno: int, report: ProblemHandler) -> Article | None:
    def problem(reason: str) -> None:
        report(ReadProblem(path, lineno, reason))

    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        problem(_decode_reason(e))
        return None
    # a BOM opens the file, or each file of several joined by `cat`
    line = line.removeprefix(BOM)
    if not line.strip():
        return None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        problem(f"malformed JSON: {e.msg} (column {e.colno})")
        return None
    if not isinstance(obj, dict):
        problem(f"expected a JSON object, got {type(obj).__name__}")
        return None
    art_id = obj.get("id")
    if isinstance(art_id, int) and not isinstance(art_id, bool):
        art_id = str(art_id)
    if not isinstance(art_id, str) or not art_id.strip():
        problem("missing id" if art_id is None else "empty or invalid id")
        return None
    text = obj.get("text")
    if text is None:
        problem(f"article {art_id!r}: missing text")
        return None
    if not isinstance(text, str):
        problem(f"article {art_id!r}: text is not a string")
        return None
    if not text.strip():
        problem(f"article {art_id!r}: empty text: skipped")
        return None
    return Article(
        id=art_id.strip(),
        text=text,
        title=_string(obj.get("title")) or "",
        published=_published(obj.get("published")),
        url=_string(obj.get("url")),
        source=_string(obj.get("source")),
    )


def _string(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return value.strip() or None


def _published(value: object) -> str | None:
    # a date-time or a date with trailing noise keeps its date; anything else is unknown
    if not isinstance(value, str):
        return None
    m = _DATE.match(value.strip())
    if m is None:
        return None
    try:
        return date.fromisoformat(m.group(1)).isoformat()
    except ValueError:
        return None


def _decode_reason(e: UnicodeDecodeError) -> str:
    return f"not valid UTF-8 (byte 0x{e.object[e.start]:02x} at offset {e.start})" + cp1256_hint(e.object)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1
