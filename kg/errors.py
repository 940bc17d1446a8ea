"""The errors diplomacy-kg reports to its users: one hierarchy, each error knowing its file and line.

The command line prints them at a single place (`kg.cli`) as `Error: FILE:LINE: reason`
and exits with `exit_code`; a library caller can catch `KgError` alone.
"""

from __future__ import annotations

from pathlib import Path


class KgError(Exception):
    """A problem the user can act on (bad input, bad query, unusable store), not a bug."""

    exit_code = 1

    def __init__(self, reason: str, *, file: str | Path | None = None, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.file = None if file is None else str(file)
        self.line = line

    def __str__(self) -> str:
        return located(self.reason, self.file, self.line)


class InputError(KgError):
    """An article input that cannot be read (missing file, malformed JSON line, ...)."""


class StoreError(KgError):
    """The store directory is missing, not a kg store, of another format version, or locked."""


class QueryError(KgError):
    """A SPARQL query that does not parse or cannot be evaluated, or a bad parameter binding."""


class FormatError(KgError):
    """An RDF or results syntax that is not supported (e.g. an unknown `--output` extension)."""


def located(reason: str, file: str | Path | None = None, line: int | None = None) -> str:
    """`FILE:LINE: reason`, `FILE: reason` or `reason`, the way compilers report problems."""
    if file is None:
        return reason
    return f"{file}:{line}: {reason}" if line is not None else f"{file}: {reason}"
