"""The errors diplomacy-kg reports to its users: one hierarchy, each error knowing its file and line.

The command line prints them at a single place (`kg.cli`) as `Error: FILE:LINE: reason`
(`FILE:LINE:COLUMN: reason` when the column is known) and exits with `exit_code`; a
library caller can catch `KgError` alone.

Exit codes: 1 for most errors; 4 when the store is busy (another kg process is writing it:
retry when it ends); 5 when a query ran past its `--timeout`.  (2, a usage error, and 3,
an ingest that skipped input items, are decided by `kg.cli`.)
"""

from __future__ import annotations

from pathlib import Path

EXIT_BUSY = 4
EXIT_TIMEOUT = 5


class KgError(Exception):
    """A problem the user can act on (bad input, bad query, unusable store), not a bug."""

    exit_code = 1

    def __init__(
        self,
        reason: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.file = None if file is None else str(file)
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return located(self.reason, self.file, self.line, self.column)


class InputError(KgError):
    """An article input that cannot be read (missing file, malformed JSON line, ...)."""


class StoreError(KgError):
    """The store directory is missing, not a kg store, of another format version, or locked."""


class StoreBusyError(StoreError):
    """Another kg process is writing the store (it holds the store's lock): retry when it ends."""

    exit_code = EXIT_BUSY


class QueryError(KgError):
    """A SPARQL query that does not parse or cannot be evaluated, or a bad parameter binding."""


class QueryTimeoutError(QueryError):
    """A query stopped because it ran longer than allowed (`kg query --timeout`)."""

    exit_code = EXIT_TIMEOUT


class FormatError(KgError):
    """An RDF or results syntax that is not supported (e.g. an unknown `--output` extension)."""


def located(
    reason: str, file: str | Path | None = None, line: int | None = None, column: int | None = None
) -> str:
    """`FILE:LINE:COLUMN: reason`, `FILE:LINE: reason`, `FILE: reason` or `reason`, as compilers say it."""
    if file is None:
        return reason
    if line is None:
        return f"{file}: {reason}"
    return f"{file}:{line}:{column}: {reason}" if column is not None else f"{file}:{line}: {reason}"
