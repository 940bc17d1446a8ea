"""Saved SPARQL queries: read their header comment and fill their parameters safely.

A saved query is a `.rq` file that opens with a comment block::

    # Summary: that official's meetings, with date, counterparts, place and article.
    # Parameters: ?name (literal@ar) - a name of the official as written (label or alias)
    # Example: kg query queries/meetings_of_official.rq --bind name=شويجو

Further parameters go on the following comment lines (`#   ?other (iri) - ...`); a query
without parameters says `# Parameters: none`.  The kind in parentheses decides how a value
is written into the query: `literal` (a plain string, the default), `literal@LANG` (a string
with that language tag), `iri`, `integer` or `date` (YYYY-MM-DD).

Values are substituted into the query text, as Jena recommends, rather than passed as
initial bindings: rdflib `initBindings`, oxrdflib and pyoxigraph `substitutions` each give
different answers (see MEASURED.md).  Each parameter `?x` has a placeholder comment line
`# VALUES ?x` in the query body, which `prepare` replaces by `VALUES ?x { <term> }`.  The
placeholder is an explicit, visible mark of where the value constrains the query (often
inside a subquery, so `?x` cannot clash with other variables), and the unprepared text is
still a valid query.  Values are validated for their kind and escaped, so a value cannot
end the literal or IRI it is written into.

`syntax_error` turns a parser's complaint into a `QueryError` placed at a line and column.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import re
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path

from kg.errors import QueryError

__all__ = [
    "KINDS",
    "QueryParameterError",
    "SavedQuery",
    "load",
    "parameters",
    "parse_header",
    "prepare",
    "saved_queries",
    "saved_query",
    "syntax_error",
]

XSD = "http://www.w3.org/2001/XMLSchema#"
KINDS = ("literal", "literal@LANG", "iri", "integer", "date")

_HEADER_FIELD = re.compile(r"#\s*(?P<key>Summary|Parameters|Example)\s*:\s*(?P<value>.*?)\s*$", re.IGNORECASE)
_PARAM = re.compile(
    r"\?(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?:\((?P<kind>[^)]*)\))?\s*(?:[-\u2013\u2014:]\s*(?P<desc>.*?))?\s*$"
)
_PARAM_CONTINUATION = re.compile(r"#\s+(?=\?)")
_LANG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
# absolute IRI without the characters the SPARQL IRIREF production forbids
_IRI = re.compile(r'[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>"{}|^`\\]*')
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SYNTAX_POSITION = re.compile(r"error at (\d+):(\d+): ")
# an item of Oxigraph's "expected one of A, B, [range], "x"" list
_EXPECTED_ITEM = re.compile(r'\[[^\]]*\]|"(?:[^"\\]|\\.)*"|[^,]+')
_PREFIX_DECL = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


class QueryParameterError(ValueError):
    """A saved query's parameters are declared wrongly, or were bound wrongly."""


@dataclass(frozen=True)
class SavedQuery:
    path: Path
    text: str
    summary: str
    parameters: dict[str, str]  # name (without '?') -> description
    kinds: dict[str, str] = field(default_factory=dict)  # name -> literal | literal@ar | iri | ...
    example: str = ""  # a command line that runs it

    @property
    def name(self) -> str:
        """The file name without `.rq`, by which `kg` refers to a bundled query."""
        return self.path.stem


@dataclass(frozen=True)
class Header:
    summary: str
    parameters: dict[str, str]  # name -> description, in declaration order
    kinds: dict[str, str]
    example: str


def _header_lines(query_text: str) -> list[str]:
    """The comment lines before the first line of SPARQL (blank lines allowed in between)."""
    lines = []
    for line in query_text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        lines.append(stripped)
    return lines


def _parse_parameter(spec: str, declared: dict[str, str], kinds: dict[str, str]) -> None:
    m = _PARAM.fullmatch(spec.strip())
    if not m:
        raise QueryParameterError(
            f"cannot read the parameter declaration {spec.strip()!r}: expected '?name (kind) - description'"
        )
    name, kind = m["name"], (m["kind"] or "literal").strip()
    _check_kind(kind, name)
    if name in declared:
        raise QueryParameterError(f"parameter ?{name} is declared twice")
    declared[name] = (m["desc"] or "").strip()
    kinds[name] = kind


def _check_kind(kind: str, name: str) -> None:
    if kind in ("literal", "iri", "integer", "date"):
        return
    if kind.startswith("literal@") and _LANG.fullmatch(kind.removeprefix("literal@")):
        return
    raise QueryParameterError(
        f"parameter ?{name} has an unknown kind {kind!r}; kinds are: {', '.join(KINDS)}"
    )


def parse_header(query_text: str) -> Header:
    """Read the Summary, Parameters and Example fields of a query's leading comment block."""
    summary = example = ""
    declared: dict[str, str] = {}
    kinds: dict[str, str] = {}
    in_parameters = False
    for line in _header_lines(query_text):
        m = _HEADER_FIELD.fullmatch(line)
        if m:
            key, value = m["key"].lower(), m["value"]
            in_parameters = key == "parameters"
            if key == "summary":
                summary = value
            elif key == "example":
                example = example or value
            elif value and value.lower() not in ("none", "-"):
                _parse_parameter(value, declared, kinds)
        elif in_parameters and _PARAM_CONTINUATION.match(line):
            _parse_parameter(_PARAM_CONTINUATION.sub("", line, count=1), declared, kinds)
        else:
            in_parameters = False
    return Header(summary, declared, kinds, example)


def parameters(query_text: str) -> list[str]:
    """Names (without '?') of the parameters the query's header declares, in order."""
    return list(parse_header(query_text).parameters)


def load(path: Path) -> SavedQuery:
    """Read a `.rq` file and its header."""
    path = Path(path)
    return _from_text(path.read_text(encoding="utf-8"), path)


def _from_text(text: str, path: Path) -> SavedQuery:
    header = parse_header(text)
    return SavedQuery(path, text, header.summary, header.parameters, header.kinds, header.example)


def _string(value: str) -> str:
    """A SPARQL STRING_LITERAL2 holding exactly `value`."""
    out = []
    for ch in value:
        if ch in _ECHAR:
            out.append(_ECHAR[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def term(value: str, kind: str, name: str = "value") -> str:
    """The SPARQL term for `value` read as `kind`; raises QueryParameterError if it is not one."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise QueryParameterError(f"--bind {name}=...: the value is not valid text ({e.reason})") from None
    if kind == "literal":
        return _string(value)
    if kind.startswith("literal@"):
        return _string(value) + "@" + kind.removeprefix("literal@")
    if kind == "iri":
        iri = value[1:-1] if value.startswith("<") and value.endswith(">") else value
        if not _IRI.fullmatch(iri):
            raise QueryParameterError(f"--bind {name}={value!r}: not an absolute IRI")
        return f"<{iri}>"
    if kind == "integer":
        if not _INTEGER.fullmatch(value.strip()):
            raise QueryParameterError(f"--bind {name}={value!r}: not an integer")
        return f'"{value.strip()}"^^<{XSD}integer>'
    if kind == "date":
        try:
            if not _DATE.fullmatch(value.strip()):
                raise ValueError
            dt.date.fromisoformat(value.strip())
        except ValueError:
            raise QueryParameterError(f"--bind {name}={value!r}: not a date YYYY-MM-DD") from None
        return f'"{value.strip()}"^^<{XSD}date>'
    _check_kind(kind, name)  # raises for an unknown kind
    raise AssertionError(kind)


def prepare(query_text: str, bindings: dict[str, str]) -> str:
    """The query text with each declared parameter's `# VALUES ?x` line filled from `bindings`.

    Every declared parameter must be bound and every binding must be declared; a leading
    `?` or `$` on a binding name is accepted.
    """
    header = parse_header(query_text)
    given = {k.lstrip("?$"): v for k, v in bindings.items()}
    unknown = sorted(set(given) - set(header.parameters))
    if unknown:
        if header.parameters:
            known = "; it takes: " + ", ".join(f"?{p}" for p in header.parameters)
        else:
            known = "; it takes no parameters"
        names = ", ".join("?" + u for u in unknown)
        raise QueryParameterError(f"unknown parameter {names} for this query{known}")
    missing = [p for p in header.parameters if p not in given]
    if missing:
        passes = " ".join(f"--bind {p}=VALUE" for p in missing)
        raise QueryParameterError(
            f"parameter {', '.join('?' + p for p in missing)} is not bound: pass {passes}"
            + "".join(f" (?{p}: {header.parameters[p]})" for p in missing if header.parameters[p])
        )
    text = query_text
    for name in header.parameters:
        placeholder = re.compile(rf"^(?P<indent>[ \t]*)#[ \t]*VALUES[ \t]+\?{name}[ \t]*$", re.MULTILINE)
        if not placeholder.search(text):
            raise QueryParameterError(
                f"the query declares ?{name} but has no '# VALUES ?{name}' line to fill"
            )
        values = f"VALUES ?{name} {{ {term(given[name], header.kinds[name], name)} }}"
        # a function replacement, so backslashes in the value are not read as group references
        text = placeholder.sub(lambda m, v=values: m["indent"] + v, text)
    return text


def _bundled_dir() -> Traversable:
    try:
        return importlib.resources.files("kg.bundled.queries")
    except ModuleNotFoundError:
        # running from a source checkout: kg.bundled.* exists only once installed
        return Path(__file__).resolve().parent.parent / "queries"


def saved_queries() -> list[SavedQuery]:
    """The queries shipped with kg, sorted by name."""
    entries = [e for e in _bundled_dir().iterdir() if e.name.endswith(".rq") and e.is_file()]
    entries.sort(key=lambda e: e.name)
    return [_from_text(e.read_text(encoding="utf-8"), Path(str(e))) for e in entries]


def saved_query(name: str) -> SavedQuery:
    """The bundled query called `name` (file name with or without `.rq`)."""
    stem = name.removesuffix(".rq")
    queries = saved_queries()
    for q in queries:
        if q.name == stem:
            return q
    raise LookupError(f"no saved query {name!r}; saved queries: {', '.join(q.name for q in queries)}")


# ---------------------------------------------------------------------- syntax errors


def syntax_error(sparql: str, message: str, source: str | Path | None = None) -> QueryError:
    """A `QueryError` for Oxigraph's syntax error `message` about `sparql`, at its line and column.

    Oxigraph reports the furthest point its parser reached, often past the real mistake (at
    the end of the query); rdflib's parser stops where the statement breaks, so its position
    is preferred when it rejects the query too.  Oxigraph's reason is kept, shortened: its
    list of expected tokens holds character ranges, and sometimes the real complaint (an
    undefined prefix, a variable bound twice) as one item among them.
    """
    m = _SYNTAX_POSITION.search(message)
    line = column = None
    reason = message
    if m:
        line, column = int(m.group(1)), _char_column(sparql, int(m.group(1)), int(m.group(2)))
        reason = message[m.end() :]
    reason, definite = _short_reason(sparql, reason)
    try:
        from rdflib.plugins.sparql.parser import parseQuery

        parseQuery(sparql)
    except Exception as e:  # any rejection will do: only its position is wanted
        if getattr(e, "lineno", None) and (e.lineno, getattr(e, "col", None)) != (line, column):
            line, column = e.lineno, getattr(e, "col", None)
            if not definite:
                reason = ""  # what Oxigraph expected at a later place
    if not definite:
        # a list of expected tokens says little by itself: show where reading stopped
        near = _near(sparql, line, column)
        if near is not None:
            reason = f"near {near!r}" + (f" ({reason})" if reason else "")
        reason = reason or "the query cannot be read"
    if source is None and line is not None:
        reason += f" (line {line}" + (f", column {column})" if column else ")")
    return QueryError(f"SPARQL syntax error: {reason}", file=source, line=line, column=column)


def _char_column(sparql: str, line: int, byte_column: int) -> int:
    """Oxigraph counts columns in UTF-8 bytes; people count characters."""
    lines = sparql.split("\n")
    if not 1 <= line <= len(lines):
        return byte_column
    head = lines[line - 1].encode("utf-8")[: max(0, byte_column - 1)]
    return len(head.decode("utf-8", errors="ignore")) + 1


def _near(sparql: str, line: int | None, column: int | None) -> str | None:
    """Up to 24 characters of the query from (line, column), within that line."""
    lines = sparql.split("\n")
    if line is None or not 1 <= line <= len(lines):
        return None
    text = lines[line - 1][max(0, (column or 1) - 1) :].strip()
    if not text:
        return "end of line" if line < len(lines) else None
    return text[:24] + ("..." if len(text) > 24 else "")


def _short_reason(sparql: str, reason: str) -> tuple[str, bool]:
    """Oxigraph's reason made readable, and whether it names the mistake (not just what was expected)."""
    reason = " ".join(reason.split())
    if "Prefix not found" in reason:
        undefined = _undefined_prefixes(sparql)
        if undefined:
            names = ", ".join(f"{p}:" for p in undefined)
            return f"undefined prefix {names} (declare it: PREFIX {undefined[0]}: <IRI>)", True
        return "undefined prefix", True
    if not reason.startswith("expected "):
        return reason, True
    body = reason.removeprefix("expected one of ").removeprefix("expected ")
    items = [i.strip() for i in _EXPECTED_ITEM.findall(body)]
    # a sentence among the expected tokens is the parser's actual complaint
    sentences = [i for i in items if " " in i and i[:1].isupper() and not i.startswith(("[", '"'))]
    if sentences:
        return "; ".join(sentences), True
    tokens = [i for i in items if i and not i.startswith("[")]
    if not tokens:
        return "", False
    shown = ", ".join(tokens[:6]) + (", ..." if len(tokens) > 6 else "")
    return f"expected {'one of ' if len(tokens) > 1 else ''}{shown}", False


def _undefined_prefixes(sparql: str) -> list[str]:
    from kg.screening import prefixed_names

    declared = {m.group(1) or "" for m in _PREFIX_DECL.finditer(sparql)}
    used = []
    for name in prefixed_names(sparql):
        prefix = name.split(":", 1)[0]
        if prefix not in declared and prefix not in used:
            used.append(prefix)
    return used
