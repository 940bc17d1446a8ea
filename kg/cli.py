"""The `kg` command line: ingest articles, then query, export and count the graph (thin over the library).

Errors are reported at one place, `_KgGroup.invoke`: a `KgError` (or an OS error) becomes
`Error: FILE:LINE: reason` on stderr with its exit code (1; 4 for a busy store; 5 for a
query past --timeout); anything else is a bug, reported in one line unless `kg --debug`
asks for the traceback.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, BinaryIO

import typer
from typer.core import TyperGroup

from kg.errors import EXIT_BUSY, EXIT_TIMEOUT, KgError, QueryError
from kg.formats import format_for_path, short_iri, write_results
from kg.querying import DEFAULT_TIMEOUT as DEFAULT_QUERY_TIMEOUT
from kg.readers import MAX_CHARS

if TYPE_CHECKING:
    from kg.readers import ReadProblem
    from kg.store import Store

# Each command imports what it needs when it runs: `kg query` must start fast, and needs
# neither the extractors, nor rdflib, nor the store's writing side (kg.querying).

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_SKIPPED = 0, 1, 2, 3

EXIT_CODES = f"""\b
Exit codes:
  {EXIT_OK}  success
  {EXIT_ERROR}  error: bad input (with --strict), bad query, store or output problem
  {EXIT_USAGE}  usage error: unknown option, missing argument, bad option value
  {EXIT_SKIPPED}  ingest finished, but some input items were skipped (each reported as FILE:LINE: reason)
  {EXIT_BUSY}  the store is busy: another kg process is writing it (retry when it ends)
  {EXIT_TIMEOUT}  the query ran longer than --timeout and was stopped
"""

STORE_HELP = (
    "Store directory. Default: $KG_STORE, else $XDG_DATA_HOME/diplomacy-kg/store "
    "(~/.local/share/diplomacy-kg/store)."
)

# click's exception classes, found through typer's public ones: typer vendors click in recent
# releases and depends on it in older ones, so neither import path works everywhere
_CLICK_BASE = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")
_CLICK_FLOW = (_CLICK_BASE, typer.Exit, typer.Abort)


class _KgGroup(TyperGroup):
    """The one place where errors become messages and exit codes."""

    def invoke(self, ctx: typer.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except _CLICK_FLOW:
            raise
        except BrokenPipeError:
            # the reader went away (`kg query ... | head`): stop quietly
            _silence_stdout()
            raise typer.Exit(EXIT_OK) from None
        except Exception as e:
            if ctx.params.get("debug"):
                raise
            if isinstance(e, KgError):
                message, code = str(e), e.exit_code
            elif isinstance(e, OSError):
                message = f"{e.filename}: {e.strerror}" if e.filename and e.strerror else str(e)
                code = EXIT_ERROR
            else:
                message = f"internal error: {e!r} (run `kg --debug ...` for the traceback; please report it)"
                code = EXIT_ERROR
            typer.echo(f"Error: {message}", err=True)
            raise typer.Exit(code) from None


app = typer.Typer(
    cls=_KgGroup,
    name="kg",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="Turn Arabic news articles into an RDF knowledge graph of diplomacy, and query it with SPARQL.",
    epilog=EXIT_CODES,
)


class ResultFormat(StrEnum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"


class ExportFormat(StrEnum):
    turtle = "turtle"
    nt = "nt"
    trig = "trig"
    nquads = "nquads"
    jsonld = "jsonld"
    xml = "xml"


StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store", envvar="KG_STORE", metavar="DIR", file_okay=False, show_default=False, help=STORE_HELP
    ),
]
# ingest and query also take a SPARQL endpoint (kg.remote); a str, as a Path would mangle "//"
StoreOrEndpointOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        envvar="KG_STORE",
        metavar="DIR|URL",
        show_default=False,
        help=STORE_HELP + " Or a SPARQL 1.1 endpoint with query and update services: the dataset URL"
        " (http://127.0.0.1:7878 for `oxigraph serve`) or its query URL.",
    ),
]


@app.callback()
def main(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback when something fails.")
    ] = False,
) -> None:
    """Turn Arabic news articles into an RDF knowledge graph of diplomacy, and query it with SPARQL.

    \b
    Examples:
      kg ingest articles.jsonl --output graph.ttl
      kg query queries/meetings_by_country.rq
      kg query queries/meetings_of_official.rq --bind name=شويجو --format csv
      kg export --format trig -o graph.trig
      kg stats
    """


@app.command(epilog=EXIT_CODES)
def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH",
            show_default=False,
            help="Article files (.txt, .jsonl, .jsonl.gz) or folders (searched recursively).",
        ),
    ],
    store: StoreOrEndpointOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            dir_okay=False,
            help="Also write the whole graph here, syntax by extension: .ttl .nt .trig .nq .jsonld .rdf",
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Stop at the first bad input item before changing the store (exit 1)."),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            metavar="N",
            show_default=False,
            help="Processes extracting in parallel [default: the number of cores].",
        ),
    ] = None,
    max_chars: Annotated[
        int,
        typer.Option(
            "--max-chars",
            min=1,
            metavar="N",
            help="Skip (and report) an article whose text is longer than this many characters.",
        ),
    ] = MAX_CHARS,
    evidence: Annotated[
        bool,
        typer.Option(
            "--evidence/--no-evidence",
            help="Record, for each fact, the passage it was read from (Web Annotations: about half "
            "the triples).",
        ),
    ] = True,
    text: Annotated[
        bool,
        typer.Option(
            "--text/--no-text",
            help="Keep each article's text in the graph (schema:text); --no-text when its licence "
            "forbids passing it on (the evidence still quotes each fact's passage).",
        ),
    ] = True,
) -> None:
    """Extract officials, meetings, countries and topics from articles into the store.

    Re-ingesting an article replaces its facts. A bad input item (malformed JSON line,
    missing id or text, empty text, duplicate id, bytes that are not UTF-8, truncated gzip,
    a text over --max-chars, a path that is missing or unreadable) is reported as
    FILE:LINE: reason and skipped; the run then ends with exit code 3. HTML markup is
    removed from texts before extraction (evidence offsets count the cleaned text, which
    the graph stores). An ingest that is killed can be run again: it completes the store.

    \b
    Examples:
      kg ingest articles.jsonl --store ./kgstore --output graph.ttl
      kg ingest archive.jsonl.gz --store ./kgstore --no-evidence --jobs 4
    """
    from kg.ingest import default_jobs
    from kg.readers import raise_problem, read_articles
    from kg.remote import RemoteStore, is_endpoint
    from kg.store import Store, default_store_path

    out_format = _check_output(output) if output is not None else None
    if strict:
        # a dry read of every input first, so a bad item stops the run before the store changes
        for _ in read_articles(paths, on_problem=raise_problem, max_chars=max_chars):
            pass
    problems: list[ReadProblem] = []
    status = _StatusLine()

    def report(problem: ReadProblem) -> None:
        problems.append(problem)
        status.echo(str(problem))

    if is_endpoint(store) and output is not None:
        raise KgError("--output needs a store directory; export from the SPARQL server itself")
    path = store if is_endpoint(store) else Path(store).expanduser() if store else default_store_path()
    with RemoteStore(path) if is_endpoint(path) else Store.open(path, create=True) as kg_store:
        try:
            summary = kg_store.ingest(
                read_articles(paths, on_problem=report, max_chars=max_chars),
                progress=status.progress,
                on_problem=report,
                generated_at=datetime.now(UTC),
                jobs=jobs or default_jobs(),
                evidence=evidence,
                text=text,
            )
        finally:
            status.clear()
        typer.echo(
            f"Ingested {summary.articles} articles: {summary.officials} officials, "
            f"{summary.meetings} meetings, {summary.triples} triples in {summary.seconds:.2f} s -> {path}",
            err=True,
        )
        if output is not None and out_format is not None:
            _write_atomically(output, lambda f: kg_store.export(out_format, f))
    if problems:
        typer.echo(f"{len(problems)} input item(s) skipped.", err=True)
        raise typer.Exit(EXIT_SKIPPED)


@app.command(epilog=EXIT_CODES)
def query(
    ctx: typer.Context,
    query_file: Annotated[
        str,
        typer.Argument(
            metavar="FILE.rq",
            show_default=False,
            help="A SPARQL query file, or the name of a bundled query (e.g. meetings_by_country).",
        ),
    ],
    bind: Annotated[
        list[str] | None,
        typer.Option("--bind", "-b", metavar="NAME=VALUE", help="Value of a query parameter (repeatable)."),
    ] = None,
    fmt: Annotated[ResultFormat, typer.Option("--format", "-f", help="How to print SELECT results.")] = (
        ResultFormat.table
    ),
    store: StoreOrEndpointOption = None,
    timeout: Annotated[
        float,
        typer.Option(
            min=0,
            metavar="SECONDS",
            help="Stop the query after this many seconds (exit 5); 0: no limit.",
        ),
    ] = DEFAULT_QUERY_TIMEOUT,
    allow_service: Annotated[
        bool,
        typer.Option("--allow-service", help="Let the query call other endpoints (SERVICE <http...>)."),
    ] = False,
) -> None:
    """Run a SPARQL query over all articles (its default graph merges all their graphs).

    SELECT prints a table (or CSV, TSV, JSON per the SPARQL 1.1 results formats), ASK
    prints yes or no (exit 0 either way), CONSTRUCT and DESCRIBE print Turtle. With no
    store at the default location, one is first built from the bundled seed articles.
    SPARQL Update (LOAD included) is refused, and SERVICE unless --allow-service; a query
    reads no file. While an ingest writes the store, the query says it is busy (exit 4).

    \b
    Examples:
      kg query queries/meetings_by_country.rq
      kg query queries/meetings_of_official.rq --bind name=شويجو --format json
    """
    from kg.queries import QueryParameterError, prepare, saved_query

    source, text = _query_text(query_file, saved_query)
    bindings = {}
    for item in bind or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise typer.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--bind")
        bindings[name.strip()] = value
    try:
        text = prepare(text, bindings)
    except QueryParameterError as e:
        raise QueryError(str(e), file=source) from None
    from kg.querying import run_query

    # the store is not opened here: the query runs in a worker process, with a snapshot (kg.querying)
    with _open_for_reading(ctx, store, open_store=False) as location:
        result = run_query(location, text, source, timeout or None, allow_service)
    write_results(result, fmt.value, sys.stdout)


@app.command(epilog=EXIT_CODES)
def export(
    ctx: typer.Context,
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            show_default=False,
            help="RDF syntax [default: from -o's extension, else turtle].",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            dir_okay=False,
            help="Write here (atomically) instead of stdout.",
        ),
    ] = None,
    store: StoreOption = None,
    void: Annotated[
        bool,
        typer.Option(
            "--void",
            help="Write the VoID/DCAT description of the graph (counts, classes, sources, extractor) instead.",
        ),
    ] = False,
) -> None:
    """Write the whole graph: turtle, nt, jsonld, xml merge all articles; trig, nquads keep one graph each.

    JSON-LD is compacted with the project's context (kg/data/context.json).

    \b
    Examples:
      kg export > graph.ttl
      kg export --format trig -o graph.trig
      kg export --void -o void.ttl
    """
    name = fmt.value if fmt is not None else format_for_path(output) if output is not None else "turtle"
    with _open_for_reading(ctx, store) as kg_store:
        if void:
            from kg.void import void_graph, write_graph

            description = void_graph(kg_store)

            def write(f: BinaryIO) -> None:
                write_graph(description, name, f)
        else:

            def write(f: BinaryIO) -> None:
                kg_store.export(name, f)

        if output is None:
            write(sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            _write_atomically(output, write)


VALIDATE_EXIT_CODES = """\b
Exit codes:
  0  the graph conforms to the shapes (warnings may be listed); with --reason, HermiT finds it consistent
  1  violations (each listed with the article whose graph holds it), or HermiT finds an inconsistency
  2  the graph could not be checked: no readable store, unreadable shapes, pySHACL missing, HermiT unable to run
"""


@app.command(epilog=VALIDATE_EXIT_CODES)
def validate(
    ctx: typer.Context,
    store: StoreOption = None,
    reason: Annotated[
        bool,
        typer.Option(
            "--reason",
            help="Also run HermiT (needs Java) over the ontology with the data's assertions; report inferred facts.",
        ),
    ] = False,
) -> None:
    """Check the graph against the SHACL shapes (ontology/shapes.ttl), and with --reason against the ontology.

    Each finding is printed as ARTICLE: SEVERITY: NODE PATH: message, ARTICLE being the
    article(s) whose named graph holds the node.

    \b
    Examples:
      kg validate --store ./kgstore
      kg validate --reason
    """
    from kg.validate import ValidationError, reason_store, validate_store

    try:
        with _open_for_reading(ctx, store) as kg_store:
            report = validate_store(kg_store)
            reasoning = reason_store(kg_store) if reason else None
    except KgError as e:
        typer.echo(f"Error: {e}", err=True)
        raise typer.Exit(ValidationError.exit_code) from None
    for finding in report.findings:
        typer.echo(str(finding))
    warnings = len(report.findings) - len(report.violations)
    verdict = "conforms" if report.conforms else f"does not conform: {len(report.violations)} violation(s)"
    typer.echo(
        f"SHACL: the merged graph ({report.triples} triples with the ontology) {verdict}, {warnings} warning(s), "
        f"in {report.seconds:.2f} s",
        err=True,
    )
    failed = not report.conforms
    if reasoning is not None:
        for message in reasoning.messages:
            typer.echo(f"HermiT: {message}", err=True)
        for individual, cls in reasoning.inferred:
            typer.echo(f"inferred: {short_iri(individual)} a {short_iri(cls)}")
        for cls in reasoning.unsatisfiable:
            typer.echo(f"unsatisfiable class: {short_iri(cls)}")
        state = "consistent" if reasoning.consistent else "INCONSISTENT"
        typer.echo(
            f"HermiT: ontology + data {state} ({reasoning.individuals} individuals), "
            f"{len(reasoning.inferred)} inferred class membership(s), "
            f"{len(reasoning.unsatisfiable)} unsatisfiable class(es), in {reasoning.seconds:.2f} s",
            err=True,
        )
        failed = failed or not reasoning.ok
    raise typer.Exit(EXIT_ERROR if failed else EXIT_OK)


@app.command(epilog=EXIT_CODES)
def stats(ctx: typer.Context, store: StoreOption = None) -> None:
    """Count the articles, officials, meetings, countries, organizations, places, topics and triples.

    \b
    Example:
      kg stats --store ./kgstore
    """
    with _open_for_reading(ctx, store) as kg_store:
        counts = kg_store.stats()
    labels = {
        "Article": "Articles",
        "Official": "Officials",
        "Meeting": "Meetings",
        "Country": "Countries",
        "Organization": "Organizations",
        "Place": "Places",
        "Topic": "Topics",
        "triples": "Triples",
        "graphs": "Article graphs",
    }
    label_width = max(len(v) for v in labels.values())
    number_width = max(len(str(n)) for n in counts.values())
    for key, label in labels.items():
        typer.echo(f"{label:<{label_width}}  {counts[key]:>{number_width}}")


SERVE_EXIT_CODES = f"""\b
Exit codes:
  {EXIT_OK}  stopped by Ctrl-C or SIGTERM
  {EXIT_ERROR}  cannot serve: no kg store, a store of another version, the port is taken
  {EXIT_USAGE}  usage error: unknown option, bad option value
"""


@app.command(epilog=SERVE_EXIT_CODES)
def serve(
    ctx: typer.Context,
    store: StoreOption = None,
    host: Annotated[
        str, typer.Option(metavar="ADDR", help="Address to listen on (0.0.0.0: every interface).")
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(min=0, max=65535, metavar="PORT", help="Port (0: any free port).")
    ] = 8000,
    base: Annotated[
        str, typer.Option(metavar="IRI", help="The IRI prefix that /id/ stands for.")
    ] = "https://w3id.org/diplomacy-kg/id/",
    timeout: Annotated[
        float, typer.Option(min=0.1, metavar="SECONDS", help="Seconds a query may run.")
    ] = 10.0,
    max_rows: Annotated[
        int, typer.Option(min=1, metavar="N", help="Rows (or triples) a query may return.")
    ] = 10_000,
    workers: Annotated[
        int, typer.Option(min=1, metavar="N", help="Queries run at once (one process each).")
    ] = 2,
    max_memory: Annotated[
        int, typer.Option(min=1024, metavar="MIB", help="Memory cap of each query process.")
    ] = 2048,
    allow_service: Annotated[
        bool,
        typer.Option(
            "--allow-service",
            help="Let queries call other endpoints (SERVICE <http...>): the server then makes requests "
            "its clients choose.",
        ),
    ] = False,
) -> None:
    """Serve the store read-only: a SPARQL endpoint at /sparql, a page for every resource at /id/...

    Browsers get HTML pages; SPARQL clients get JSON, XML, CSV or TSV results (Turtle,
    N-Triples or JSON-LD for CONSTRUCT and DESCRIBE) by Accept. Updates (LOAD included) are
    refused, and SERVICE unless --allow-service; no query reads a file. A running
    `kg ingest` is not blocked: the server sees its data when it ends.

    \b
    Examples:
      kg serve --store ./kgstore
      curl -H 'Accept: text/csv' --data-urlencode 'query=ASK { ?s ?p ?o }' localhost:8000/sparql
    """
    from kg.serve import ServeConfig
    from kg.serve import serve as run_server
    from kg.store import default_store_path, ensure_default_store, seed_files

    path = store or default_store_path()
    if ctx.get_parameter_source("store").name != "COMMANDLINE" and ensure_default_store(path):
        seeds = len(seed_files())
        typer.echo(f"No store at {path}: built it from the {seeds} bundled seed articles.", err=True)
    config = ServeConfig(
        path, host, port, base, timeout, max_rows, workers, max_memory, allow_service=allow_service
    )
    run_server(config, lambda url: typer.echo(f"Serving {path} at {url} (SPARQL: {url}sparql)", err=True))


class ExtractFormat(StrEnum):
    table = "table"
    json = "json"


@app.command(epilog=EXIT_CODES)
def extract(
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="A .txt article, or a .jsonl/.jsonl.gz file.")
    ],
    article_id: Annotated[
        str | None, typer.Option("--id", help="Which article of a .jsonl file (default: the first).")
    ] = None,
    output_format: Annotated[ExtractFormat, typer.Option("--format", help="table (for people) or json.")] = (
        ExtractFormat.table
    ),
) -> None:
    """Show what extraction finds in one article, each fact with its evidence (character span and text).

    Spans are [start, end) code-point offsets into the article text. Nothing is stored.

    \b
    Examples:
      kg extract seeds/seed-004.txt
      kg extract articles.jsonl --id seed-000 --format json
    """
    import json

    from kg.explain import as_dict, as_text
    from kg.pipeline import extract_article
    from kg.readers import raise_problem, read_articles

    for article in read_articles([file], on_problem=raise_problem):
        if article_id is None or article.id == article_id:
            record = extract_article(article)
            if output_format is ExtractFormat.json:
                typer.echo(json.dumps(as_dict(record), ensure_ascii=False, indent=2))
            else:
                typer.echo(as_text(record))
            return
    raise KgError(f"no article with id {article_id!r}", file=str(file))


# ---------------------------------------------------------------------- helpers


def _check_output(output: Path) -> str:
    """The RDF format of `--output`, checked before any work is done (and its folder exists)."""
    fmt = format_for_path(output)
    parent = output.expanduser().parent
    if not parent.is_dir():
        raise KgError(f"cannot write {output}: no folder {parent}")
    return fmt


def _query_text(query_file: str, saved_query: Callable) -> tuple[str, str]:
    path = Path(query_file)
    if path.is_file():
        try:
            return str(path), path.read_text(encoding="utf-8")
        except UnicodeDecodeError as e:
            raise QueryError(f"not valid UTF-8 (byte at offset {e.start})", file=path) from None
    if path.suffix != ".rq" and len(path.parts) == 1:
        try:
            saved = saved_query(query_file)
        except LookupError as e:
            raise typer.BadParameter(f"no file {query_file!r}, and {e}", param_hint="FILE.rq") from None
        return str(saved.path), saved.text
    raise typer.BadParameter(f"no such file: {query_file}", param_hint="FILE.rq")


@contextmanager
def _open_for_reading(
    ctx: typer.Context, store: Path | str | None, open_store: bool = True
) -> Iterator[Store]:
    """Open the store; the default one (not one named with --store) is built from the seeds if absent.

    Without `open_store`, an embedded store is not opened: its path is yielded.
    """
    from kg.store import Store, default_store_path, ensure_default_store, seed_files

    if isinstance(store, str) and store.lower().startswith(("http://", "https://")):
        from kg.remote import RemoteStore

        with RemoteStore(store) as remote:
            yield remote  # type: ignore[misc]  # the reading operations a command uses
        return
    path = Path(store).expanduser() if store else default_store_path()
    if ctx.get_parameter_source("store").name != "COMMANDLINE" and ensure_default_store(path):
        seeds = len(seed_files())
        typer.echo(f"No store at {path}: built it from the {seeds} bundled seed articles.", err=True)
    if not open_store:
        yield path  # type: ignore[misc]
        return
    with Store.open(path) as kg_store:
        yield kg_store


class _StatusLine:
    """A counter line on stderr when it is a terminal, nothing otherwise (logs stay clean)."""

    def __init__(self) -> None:
        self.live = sys.stderr.isatty()
        self._shown = False
        self._last = 0.0

    def progress(self, n: int) -> None:
        now = time.monotonic()
        if self.live and now - self._last >= 0.2:
            self._last = now
            self._shown = True
            sys.stderr.write(f"\rIngesting... {n} articles")
            sys.stderr.flush()

    def echo(self, text: str) -> None:
        """A message on a line of its own, not glued to the counter."""
        self.clear()
        typer.echo(text, err=True)

    def clear(self) -> None:
        if self._shown:
            self._shown = False
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def _write_atomically(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write through a temporary file renamed over `path`, so an error never leaves half a file."""
    path = path.expanduser()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


if __name__ == "__main__":
    app()
