"""Make a scraped article text fit for extraction and for RDF: markup, entities and control characters out.

Scrapers deliver text with HTML left in it (`<p>`, `<br>`, `&quot;`).  Markup tokens would
be read as words (measured: a dateline `<html><body><p>أوفا` gave the place name
"<html><body><p>أوفا"), so the reader cleans each text before extraction, and the graph
stores the cleaned text: evidence offsets (`oa:TextPositionSelector`) count code points of
the text as stored (`schema:text`), never of the file.  The cleaning:

- HTML: when the text holds tags, `<script>`/`<style>` elements and comments are dropped,
  block tags (`<p>`, `<br>`, `<div>`, `<li>`, headings, table rows) become line breaks,
  table cells a space, other tags nothing (`<b>كلمة</b>` is the word); then each line is
  trimmed and blank lines dropped.  A `<` not opening a tag (`3 < 4`, `<الرياض>`) stays.
- character references (`&quot;`, `&amp;`, `&#1575;`, `&nbsp;`) become their characters,
  with or without tags; a no-break space becomes a space.
- control characters that mean nothing in news text and that XML 1.0 cannot carry (C0
  controls but tab, line feed and carriage return; DEL; U+FFFE, U+FFFF) are removed, so
  every export syntax, RDF/XML included, can write the text; a lone surrogate (from a
  JSON escape like `\\ud800`, which no UTF-8 text can hold) becomes U+FFFD.
- a byte-order mark at the start is removed.

Anything else (line ends CRLF or LF, Latin text, diacritics) is kept as given: the
extractor reads it as it is.  A text without any of the above is returned unchanged,
after one regular-expression scan.
"""

from __future__ import annotations

import html
import re
from html.entities import html5

BOM = "\ufeff"

_SUSPECT = re.compile(r"[<&\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\ufffe\uffff\ud800-\udfff]")
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9:-]*)(?:\s[^<>]*)?/?>")
_DROPPED = re.compile(
    r"<!--.*?(?:-->|$)|<(script|style|noscript|template)\b[^>]*>.*?(?:</\1\s*>|$)|<![A-Za-z][^<>]*>|<\?[^<>]*\?>",
    re.DOTALL | re.IGNORECASE,
)
_BLOCK = frozenset(
    "p br div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 tr table thead tbody tfoot blockquote pre hr section "
    "article header footer nav aside main figure figcaption address title body html head caption".split()
)
_CELL = frozenset(("td", "th"))
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")


def has_markup(text: str) -> bool:
    """True when the text holds an HTML tag, comment or declaration."""
    return "<" in text and bool(_TAG.search(text) or _DROPPED.search(text))


def clean_text(text: str) -> str:
    """The text with HTML markup, character references and stray control characters removed (see above)."""
    if not _SUSPECT.search(text):
        return text
    text = text.removeprefix(BOM)
    if has_markup(text):
        text = _strip_markup(text)
    if "&" in text:
        text = _ENTITY.sub(_unescape, text)
    text = _CONTROL.sub("", text)
    return _SURROGATE.sub("\ufffd", text)


def _strip_markup(text: str) -> str:
    text = _DROPPED.sub("", text)

    def tag(m: re.Match[str]) -> str:
        name = m.group(1).lower()
        return "\n" if name in _BLOCK else " " if name in _CELL else ""

    text = _TAG.sub(tag, text)
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _unescape(m: re.Match[str]) -> str:
    ref = m.group()
    if ref[1] != "#" and ref[1:] not in html5:
        return ref  # not an entity: html.unescape would still decode a prefix of it (&notx; -> ¬x;)
    char = html.unescape(ref)
    return " " if char == "\xa0" else char


def cp1256_hint(data: bytes) -> str:
    """A hint for bytes that are not UTF-8 but read as Arabic in Windows-1256 (else "")."""
    text = data.decode("cp1256", errors="replace")
    arabic = len(_ARABIC_LETTER.findall(text))
    letters = sum(ch.isalpha() for ch in text)
    if arabic >= 3 and arabic * 2 >= letters:
        return (
            "; it reads as Arabic in Windows-1256: convert it to UTF-8 first (iconv -f WINDOWS-1256 -t UTF-8)"
        )
    return ""
