"""Arabic text primitives: normalisation for matching, digits, tokens and sentences with offsets.

Everything here keeps offsets into the original text: normalisation is applied per token,
never to the whole text, so evidence spans stay exact.

pyarabic is used for what it does right (diacritics, tatweel).  Two of its functions are
deliberately not used, and the tests pin why: `normalize_alef` (0.6.15) turns ى into ا
(`على` -> `علا`), and `sentence_tokenize` stops after 32 splits and splits on commas.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pyarabic import araby

_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي", "ـ": None}
)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_TOKEN = re.compile(r"[\w\u0640\u064B-\u065F\u0670]+")
# sentence ends: full stops, question/exclamation marks, line breaks; not commas
_SENTENCE_END = re.compile(r"(?:[.!?؟]+(?=\s|$|[\"»”)])|\n+)")


def strip_marks(s: str) -> str:
    """Remove diacritics (tashkeel) and tatweel."""
    return araby.strip_tatweel(araby.strip_tashkeel(s))


def fold(s: str) -> str:
    """Normal form for matching: no diacritics, one alef, ى->ي, ة->ه, ؤ->و, ئ->ي, western digits.

    Two spellings that differ only in these respects fold to the same string
    (`أوباما` / `اوباما`, `قوة` / `قوه`).  Not for display: names are kept as written.
    """
    return strip_marks(s).translate(_FOLD).translate(_DIGITS)


def western_digits(s: str) -> str:
    """Arabic-Indic and Persian digits to 0-9, everything else unchanged (same length)."""
    return s.translate(_DIGITS)


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str  # as written
    norm: str  # fold(text)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Word tokens of `text[start:end]` with offsets into `text`."""
    end = len(text) if end is None else end
    return [Token(m.start(), m.end(), m.group(), fold(m.group())) for m in _TOKEN.finditer(text, start, end)]


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence, leading/trailing whitespace excluded; no limit on count."""
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        yield from _trimmed(text, pos, m.end())
        pos = m.end()
    yield from _trimmed(text, pos, len(text))


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        yield start, end


_FOLD_SAME_LENGTH = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
)


def fold_in_place(s: str) -> str:
    """Like `fold` but keeping every character's position (diacritics stay), for searches whose
    match offsets must point into the original text."""
    return s.translate(_FOLD_SAME_LENGTH).translate(_DIGITS)
