"""Screening a user's SPARQL text before it runs: is it an update, which endpoints would it call.

`kg query` and `kg serve` run text a user wrote or was handed.  Both refuse SPARQL Update
(the store changes only through `kg ingest`; `LOAD` would fetch a document) and, unless
allowed, `SERVICE` (Oxigraph would send parts of the query to that endpoint).  The text is
read with a small tokenizer, not parsed: strings, IRIs, comments, variables and prefixed
names are skipped, so `?service` or `"DELETE"` are not keywords.  Kept apart from kg.serve
so that `kg query` imports it without the server.
"""

from __future__ import annotations

import re
from http import HTTPStatus


class Refused(Exception):
    """A request the server will not carry out: `status` and a message for the client."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


# ---------------------------------------------------------------------- screening queries

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
    | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<number>[0-9][0-9.eE+-]*)
    | (?P<name>[\w\u00b7\u0300-\u036f\u203f-\u2040.\-]*:[\w\u00b7\u0300-\u036f\u203f-\u2040.\-%:\\]*
               |[A-Za-z_][\w\-]*)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_QUERY_WORDS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


def keywords(sparql: str) -> list[str]:
    """The bare words of a SPARQL text (keywords, function names), upper-cased, in order.

    Strings, IRIs, comments, variables, prefixed names and language tags are skipped, so
    `?service`, `ex:service`, `"SERVICE"` or `# SERVICE` are not the keyword.
    """
    words = []
    for m in _TOKEN.finditer(sparql):
        if m.lastgroup == "name" and ":" not in m.group():
            words.append(m.group().upper())
    return words


def prefixed_names(sparql: str) -> list[str]:
    """The prefixed names of a SPARQL text (`dip:Official`, and `dip:` in its PREFIX line), in order."""
    return [m.group() for m in _TOKEN.finditer(sparql) if m.lastgroup == "name" and ":" in m.group()]


def is_update(sparql: str) -> bool:
    """True for SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...), which no kg command runs for a user."""
    words = keywords(sparql)
    first = next((w for w in words if w not in ("BASE", "PREFIX")), "")
    return first in _UPDATE_WORDS or (first not in _QUERY_WORDS and bool(_UPDATE_WORDS & set(words)))


def service_targets(sparql: str) -> list[str]:
    """What each `SERVICE [SILENT]` of the query calls, as written: an `<IRI>`, a `?variable` or a prefixed name."""
    tokens = [m for m in _TOKEN.finditer(sparql) if m.lastgroup not in ("ws", "comment")]
    targets = []
    for i, m in enumerate(tokens):
        if m.lastgroup == "name" and m.group().upper() == "SERVICE":
            j = i + 1
            if j < len(tokens) and tokens[j].lastgroup == "name" and tokens[j].group().upper() == "SILENT":
                j += 1
            if j < len(tokens):
                targets.append(tokens[j].group())
    return targets


def screen_query(sparql: str, allow_service: bool = False) -> None:
    """Refuse what a read-only public endpoint must not run: updates, and `SERVICE` calls unless allowed.

    Allowed `SERVICE` calls go to http(s) endpoints only: an IRI of another scheme is refused
    here (Oxigraph would refuse it too, with a less helpful message).
    """
    if is_update(sparql):
        raise Refused(
            HTTPStatus.FORBIDDEN,
            "SPARQL Update is refused: this endpoint is read-only (it runs SELECT, ASK, CONSTRUCT and DESCRIBE)",
        )
    if "SERVICE" in keywords(sparql) and not allow_service:
        raise Refused(
            HTTPStatus.FORBIDDEN,
            "SERVICE is refused: this endpoint does not query other endpoints (kg serve --allow-service)",
        )
    for target in service_targets(sparql):
        if _OTHER_SCHEME.match(target):
            raise Refused(
                HTTPStatus.FORBIDDEN, f"SERVICE {target} is refused: only http and https endpoints are called"
            )


# an absolute IRI of a scheme other than http(s), e.g. <file:///etc/passwd>
_OTHER_SCHEME = re.compile(r"<(?!https?:)[A-Za-z][A-Za-z0-9+.-]*:", re.IGNORECASE)
