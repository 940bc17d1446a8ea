"""A tokenised article shared by the extractors: tokens, the punctuation between them, sentences,
and the country and organisation mentions found once per article.

Built once per article and read by every rule, so no extractor re-scans the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property

from kg import gazetteer
from kg.extract import lexicon as lx
from kg.text import Token, sentence_spans, tokenize

# Punctuation between two tokens that ends a name or a title phrase.
_BREAK = re.compile(r"[،,.:;؛()«»\"“”'!?؟\-–—/\[\]\n|]")
_COMMA = re.compile(r"^\s*[،,]\s*$")


@dataclass
class Doc:
    text: str
    tokens: list[Token] = field(init=False)
    starts: list[int] = field(init=False)

    # tokens whose leading "و" is the conjunction "and" glued to a name: "، ورونالد لويس"
    waw_conjunction: set[int] = field(init=False, default_factory=set)

    def __post_init__(self) -> None:
        self.tokens = tokenize(self.text)
        self.starts = [t.start for t in self.tokens]

    def start_of(self, i: int) -> int:
        """Character offset where token i's word begins (after a conjunction "و" glued to a name)."""
        return self.tokens[i].start + (i in self.waw_conjunction)

    def word(self, i: int) -> str:
        """Token i folded, without a glued conjunction "و" in front of a name."""
        norm = self.tokens[i].norm
        return norm[1:] if i in self.waw_conjunction else norm

    # ------------------------------------------------------------------ tokens and gaps
    def gap(self, i: int) -> str:
        """The text between token i-1 and token i."""
        if i <= 0 or i >= len(self.tokens):
            return ""
        return self.text[self.tokens[i - 1].end : self.tokens[i].start]

    def breaks_before(self, i: int) -> bool:
        return bool(_BREAK.search(self.gap(i)))

    def comma_before(self, i: int) -> bool:
        return bool(_COMMA.match(self.gap(i)))

    def core(self, i: int) -> str:
        """Token i folded, with a leading clitic removed when that reveals a known word."""
        return self.analysed[i][1]

    def clitic(self, i: int) -> str:
        return self.analysed[i][0]

    @cached_property
    def analysed(self) -> list[tuple[str, str]]:
        known = _split_cache.get
        return [split if (split := known(t.norm)) is not None else _split(t.norm) for t in self.tokens]

    def definite(self, i: int) -> bool:
        """Token i carries the article "ال", possibly behind a particle: الوزير، والوزير، للوزير، بالوزير."""
        w = self.tokens[i].norm
        return (
            w.startswith("ال")
            or w.startswith("لل")
            or (w[:1] in lx.CLITICS and (w[1:].startswith("ال") or w[1:].startswith("لل")))
        )

    def token_index(self, offset: int) -> int:
        """Index of the first token starting at or after `offset`."""
        return bisect_left(self.starts, offset)

    def token_range(self, start: int, end: int) -> range:
        return range(bisect_left(self.starts, start), bisect_right(self.starts, end - 1))

    # ------------------------------------------------------------------ sentences
    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        return list(sentence_spans(self.text))

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence holding `offset` (or the next one, for an offset between two)."""
        n = bisect_left(self._sentence_ends, offset)
        return min(n, len(self.sentences) - 1)

    @cached_property
    def _sentence_ends(self) -> list[int]:
        return [e - 1 for _, e in self.sentences]

    # ------------------------------------------------------------------ gazetteer mentions
    @cached_property
    def country_mentions(self) -> list[gazetteer.Mention]:
        return gazetteer.find_countries(self.text)

    @cached_property
    def org_mentions(self) -> list[gazetteer.Mention]:
        return gazetteer.find_organizations(self.text)

    @cached_property
    def city_mentions(self) -> list[gazetteer.Mention]:
        return gazetteer.find_cities(self.text)

    @cached_property
    def city_tokens(self) -> set[int]:
        """Indices of tokens that are (part of) a city name."""
        out: set[int] = set()
        for m in self.city_mentions:
            out.update(self.tokens_of(m))
        return out

    @cached_property
    def _mention_at_token(self) -> dict[int, gazetteer.Mention]:
        at: dict[int, gazetteer.Mention] = {}
        for m in self.org_mentions + self.country_mentions:
            i = self.token_index(m.start)
            # a mention may begin inside a token carrying a clitic ("وأفغانستان")
            if i > 0 and self.tokens[i - 1].end > m.start:
                i -= 1
            at.setdefault(i, m)
        return at

    def mention_at(self, i: int) -> gazetteer.Mention | None:
        """The country/organisation mention that starts at token i, if any."""
        return self._mention_at_token.get(i)

    def tokens_of(self, m: gazetteer.Mention) -> range:
        first = self.token_index(m.start)
        if first > 0 and self.tokens[first - 1].end > m.start:
            first -= 1
        last = first
        while last + 1 < len(self.tokens) and self.tokens[last + 1].start < m.end:
            last += 1
        return range(first, last + 1)


def split_clitic(word: str) -> tuple[str, str]:
    """("و", "وزير") for "ووزير"; ("", "وانغ") for "وانغ" (a name that merely begins with و).

    A leading particle is split off only when what remains is a word the lexicons know, so
    names beginning with و, ب, ل, ف or ك keep their first letter.
    """
    if word in _KNOWN or len(word) < 3:
        return "", word
    for clitic in lx.CLITICS:
        if word.startswith(clitic):
            rest = word[len(clitic) :]
            if rest in _KNOWN:
                return clitic, rest
            if clitic in ("ب", "ل") and "ال" + rest in _KNOWN:  # "بالوزير", "للوزير" -> الوزير
                return clitic, "ال" + rest
            if rest.startswith("ل") and "ا" + rest in _KNOWN:  # "للرئيس" -> "الرئيس"
                return clitic, "ا" + rest
    if word.startswith("لل") and "ا" + word[1:] in _KNOWN:
        return "ل", "ا" + word[1:]
    return "", word


# split_clitic per distinct word, remembered across articles (words recur; bounded, cleared when full)
_SPLIT_CACHE_MAX = 200_000
_split_cache: dict[str, tuple[str, str]] = {}


def _split(word: str) -> tuple[str, str]:
    if len(_split_cache) >= _SPLIT_CACHE_MAX:
        _split_cache.clear()
    split = _split_cache[word] = split_clitic(word)
    return split


_KNOWN = (
    lx.TITLE_HEADS
    | lx.RANKS
    | lx.HONORIFICS
    | lx.NOT_NAME
    | lx.GIVEN_NAMES
    | lx.TITLE_COMPLEMENTS
    | lx.PHONE_WORDS
    | lx.VIDEO_WORDS
)
