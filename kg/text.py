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
from functools import partial
from itertools import accumulate
from typing import NamedTuple

from pyarabic import araby

_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي", "ـ": None}
)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# pyarabic's own constants, compiled into one deletion table: `strip_tashkeel` deletes
# araby.TASHKEEL (after an `is_vocalized` test that is true exactly when one of them occurs,
# since marks are not alphabetic) and `strip_tatweel` deletes araby.TATWEEL.  One
# `str.translate` does both, and the fold table adds the letter and digit mappings; none of
# their outputs is an input of another step, so the composition equals the steps in order.
_MARKS = str.maketrans(dict.fromkeys((*araby.TASHKEEL, araby.TATWEEL)))
_FOLD_ALL = {**_MARKS, **_FOLD, **_DIGITS}
# `str.translate` looks every character up in the table (a failed lookup costs an exception):
# ~9 M chars/s on Arabic.  On long strings, deleting the marks with one regex and replacing
# the ~30 mapped characters one by one (each a fast scan, skipped when absent) is 10-40x
# faster; on words translate is faster.  Each character maps on its own, so both agree.
_LONG = 48
_MARKS_RE = re.compile("[" + "".join(chr(c) for c in _MARKS) + "]")
_FOLD_PAIRS = tuple(
    (chr(c), v if isinstance(v, str) else chr(v)) for c, v in {**_FOLD, **_DIGITS}.items() if v is not None
)
# News copy repeats its words: a folded word is looked up, not recomputed.  Bounded so a
# long ingest cannot grow it without limit (cleared when full: cheaper than an LRU).
_WORD_CACHE_MAX = 200_000
_word_cache: dict[str, str] = {}
_TOKEN = re.compile(r"[\w\u0640\u064B-\u065F\u0670]+")
# sentence ends: full stops, question/exclamation marks, line breaks; not commas
_SENTENCE_END = re.compile(r"(?:[.!?؟]+(?=\s|$|[\"»”)])|\n+)")


def strip_marks(s: str) -> str:
    """Remove diacritics (tashkeel) and tatweel."""
    return s.translate(_MARKS) if len(s) < _LONG else _MARKS_RE.sub("", s)


def fold(s: str) -> str:
    """Normal form for matching: no diacritics, one alef, ى->ي, ة->ه, ؤ->و, ئ->ي, western digits.

    Two spellings that differ only in these respects fold to the same string
    (`أوباما` / `اوباما`, `قوة` / `قوه`).  Not for display: names are kept as written.
    """
    if len(s) < _LONG:
        return s.translate(_FOLD_ALL)
    return _replace_all(_MARKS_RE.sub("", s), _FOLD_PAIRS)


def _replace_all(s: str, pairs: tuple[tuple[str, str], ...]) -> str:
    for old, new in pairs:
        if old in s:
            s = s.replace(old, new)
    return s


def fold_word(word: str) -> str:
    """`fold(word)`, remembered: for the words of a text, which recur across articles."""
    folded = _word_cache.get(word)
    if folded is None:
        if len(_word_cache) >= _WORD_CACHE_MAX:
            _word_cache.clear()
        folded = _word_cache[word] = word.translate(_FOLD_ALL)
    return folded


def western_digits(s: str) -> str:
    """Arabic-Indic and Persian digits to 0-9, everything else unchanged (same length)."""
    return s.translate(_DIGITS)


class Token(NamedTuple):
    # a named tuple, not a dataclass: an article has thousands, and a tuple is built 4x faster
    start: int
    end: int
    text: str  # as written
    norm: str  # fold(text)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Word tokens of `text[start:end]` with offsets into `text`."""
    if start == 0 and end is None:
        return list(_all_tokens(text))
    end = len(text) if end is None else end
    return [
        Token(m.start(), m.end(), w := m.group(), fold_word(w)) for m in _TOKEN.finditer(text, start, end)
    ]


_TEXTS_KEPT = 4
_texts: dict[str, tuple[Token, ...]] = {}


def _all_tokens(text: str) -> tuple[Token, ...]:
    # the Doc, the gazetteer and the topic matcher tokenise the same article one after another
    # (with short strings, such as a dateline's, in between): the last few texts' tokens are kept
    tokens = _texts.get(text)
    if tokens is None:
        if len(_texts) >= _TEXTS_KEPT:
            del _texts[next(iter(_texts))]
        # one split gives the words and the gaps between them, so the offsets are running sums
        # of their lengths; the words are folded in one call, joined by a space (no word has
        # one, and folding makes none); C-level loops throughout, ~1.6x faster than finditer
        parts = _TOKEN_SPLIT.split(text)
        words = parts[1::2]
        offsets = list(accumulate(map(len, parts)))
        norms = fold(" ".join(words)).split(" ")
        spans = zip(offsets[0::2], offsets[1::2], words, norms, strict=False)  # a gap more than words
        tokens = _texts[text] = tuple(map(_new_token, spans))
    return tokens


_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")
_new_token = partial(tuple.__new__, Token)  # Token._make without its Python-level call


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
_IN_PLACE = {**_FOLD_SAME_LENGTH, **_DIGITS}
_IN_PLACE_PAIRS = tuple((chr(c), v if isinstance(v, str) else chr(v)) for c, v in _IN_PLACE.items())


def fold_in_place(s: str) -> str:
    """Like `fold` but keeping every character's position (diacritics stay), for searches whose
    match offsets must point into the original text."""
    return s.translate(_IN_PLACE) if len(s) < _LONG else _replace_all(s, _IN_PLACE_PAIRS)
