"""Output syntaxes: the RDF formats of `kg export` / `--output`, and SPARQL results as table, CSV, TSV, JSON.

The CSV, TSV and JSON writers follow the W3C SPARQL 1.1 results recommendations (CSV/TSV
and JSON).  The table is for people: literals by value, IRIs shortened with the project
prefixes, columns padded by their displayed width (combining Arabic marks take no column),
rows in the order the query gave them (ORDER BY survives), Arabic kept in logical order
with no reshaping or reversal -- the terminal's bidi algorithm displays it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import pyoxigraph as ox

from kg.errors import FormatError
from kg.prefixes import PREFIXES

if TYPE_CHECKING:
    from kg.store import QueryResult


@dataclass(frozen=True)
class RdfSyntax:
    rdf_format: ox.RdfFormat
    extensions: tuple[str, ...]
    dataset: bool  # keeps named graphs
    prefixes: bool  # the syntax can abbreviate IRIs with prefixes


RDF_FORMATS: dict[str, RdfSyntax] = {
    "turtle": RdfSyntax(ox.RdfFormat.TURTLE, (".ttl",), False, True),
    "nt": RdfSyntax(ox.RdfFormat.N_TRIPLES, (".nt",), False, False),
    "trig": RdfSyntax(ox.RdfFormat.TRIG, (".trig",), True, True),
    "nquads": RdfSyntax(ox.RdfFormat.N_QUADS, (".nq",), True, False),
    "jsonld": RdfSyntax(ox.RdfFormat.JSON_LD, (".jsonld",), False, False),
    "xml": RdfSyntax(ox.RdfFormat.RDF_XML, (".rdf", ".xml", ".owl"), False, True),
}

RESULT_FORMATS = ("table", "csv", "tsv", "json")

# the project prefixes, plus those the ontology's own axioms use
EXPORT_PREFIXES = {
    **PREFIXES,
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}

_XSD = "http://www.w3.org/2001/XMLSchema#"
# Turtle's short forms, which the TSV results format uses for numbers and booleans
_SHORT = {
    _XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    _XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    _XSD + "double": re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.?[0-9]+)[eE][+-]?[0-9]+"),
    _XSD + "boolean": re.compile(r"true|false"),
}
_NUMERIC = {_XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger")}
_LOCAL = re.compile(r"[\w-]+(?:[\w.%-]*[\w%-])?")
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def format_for_path(path: Path) -> str:
    """The RDF format named by a file's extension (`.ttl` -> turtle); FormatError if none."""
    suffix = path.suffix.lower()
    for name, syntax in RDF_FORMATS.items():
        if suffix in syntax.extensions:
            return name
    known = " ".join(ext for s in RDF_FORMATS.values() for ext in s.extensions)
    raise FormatError(f"cannot tell the RDF syntax of {path} from its extension (known: {known})")


# ---------------------------------------------------------------------- terms


def short_iri(iri: str) -> str:
    """`country:CN` for a project IRI with a clean local name, else `<iri>`."""
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns) and _LOCAL.fullmatch(iri[len(ns) :]):
            return f"{prefix}:{iri[len(ns) :]}"
    return f"<{iri}>"


def display(term: Term | None) -> str:
    """How the table shows a value: literals by their text, IRIs shortened, blank nodes as `_:id`."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.NamedNode):
        return short_iri(term.value)
    return str(term)


def display_width(s: str) -> int:
    """Terminal columns of `s`: combining marks (Arabic harakat) and format characters take none."""
    width = 0
    for ch in s:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _is_number(term: Term) -> bool:
    return isinstance(term, ox.Literal) and term.datatype.value in _NUMERIC


def _tsv_term(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and term.datatype.value in _SHORT:
        if _SHORT[term.datatype.value].fullmatch(term.value):
            return term.value
    return str(term)


def _csv_term(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def json_term(term: Term) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    # an RDF-star triple term: SPARQL JSON 1.2's form, which pyoxigraph reads back
    return {
        "type": "triple",
        "value": {
            "subject": json_term(term.subject),
            "predicate": json_term(term.predicate),
            "object": json_term(term.object),
        },
    }


def write_results(result: QueryResult, fmt: str, out: TextIO) -> None:
    """Write a query result: SELECT in `fmt`, ASK as yes/no (true/false, or JSON), graphs as Turtle."""
    if fmt not in RESULT_FORMATS:
        raise FormatError(f"unknown results format {fmt!r}; formats: {', '.join(RESULT_FORMATS)}")
    if result.kind == "ask":
        if fmt == "json":
            out.write(json.dumps({"head": {}, "boolean": result.boolean}) + "\n")
        elif fmt == "table":
            out.write("yes\n" if result.boolean else "no\n")
        else:
            out.write("true\n" if result.boolean else "false\n")
    elif result.kind == "graph":
        turtle = ox.serialize(result.triples, format=ox.RdfFormat.TURTLE, prefixes=EXPORT_PREFIXES)
        out.write(turtle.decode("utf-8"))
    elif fmt == "table":
        numeric = [
            any(t is not None for t in column) and all(t is None or _is_number(t) for t in column)
            for column in zip(*result.rows, strict=True)
        ] or [False] * len(result.variables)
        out.write(table(result.variables, [[display(t) for t in row] for row in result.rows], numeric))
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(result.variables)
        writer.writerows([_csv_term(t) for t in row] for row in result.rows)
    elif fmt == "tsv":
        out.write("\t".join("?" + v for v in result.variables) + "\n")
        for row in result.rows:
            out.write("\t".join(_tsv_term(t) for t in row) + "\n")
    else:
        bindings = [
            {v: json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
            for row in result.rows
        ]
        doc = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
        out.write(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n")


def table(header: list[str], rows: list[list[str]], right: list[bool] | None = None) -> str:
    """An aligned plain-text table: header, a rule of dashes, then the rows in the given order.

    Columns flagged in `right` (numbers) are aligned right, the others left.
    """
    right = right or [False] * len(header)
    # a line break inside a value would break the grid; show it as a visible mark instead
    rows = [[cell.replace("\r\n", "⏎").replace("\n", "⏎") for cell in row] for row in rows]
    widths = [display_width(h) for h in header]
    for row in rows:
        widths = [max(w, display_width(c)) for w, c in zip(widths, row, strict=True)]
    buf = io.StringIO()
    for cells in [header, ["-" * w for w in widths], *rows]:
        padded = [
            " " * (w - display_width(c)) + c if r else c + " " * (w - display_width(c))
            for c, w, r in zip(cells, widths, right, strict=True)
        ]
        buf.write("  ".join(padded).rstrip() + "\n")
    return buf.getvalue()
