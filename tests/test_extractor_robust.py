"""The extractor never raises, whatever Unicode arrives (property-based, hypothesis).

Scrapers deliver mixed scripts, control characters, lone diacritics, endless tokens and
punctuation-only lines; extraction must return a record for each, with spans inside the text.
And the whole path of one article -- cleaning (`kg.clean`), extraction, mapping, N-Triples --
must give a graph that Oxigraph reads back, whatever the text.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.clean import clean_text
from kg.explain import as_dict
from kg.ingest import map_article
from kg.pipeline import extract_article
from kg.records import Article

ARABIC_WORDS = [
    "التقى",
    "الرئيس",
    "الصيني",
    "شي",
    "جين",
    "بينغ",
    "وزير",
    "الخارجية",
    "السعودي",
    "في",
    "الرياض",
    "أمس",
    "اليوم",
    "(الأربعاء)",
    "،",
    ".",
    "بن",
    "عبدالعزيز",
    "آل",
    "سعود",
    "بحضور",
    "اتصالا",
    "هاتفيا",
    "مع",
    "نظيره",
    "الروسي",
    "على",
    "هامش",
    "قمة",
    "٢٠٢٣",
    "يونيو",
    "1436هـ",
    "شوال",
    "صاحب",
    "السمو",
    "الملكي",
    "الأمير",
    "سفير",
    "لدى",
    "المملكة",
    "و",
    "ب",
    "ل",
    "ـ",
    "ً",
    "ّ",
    "«",
    "»",
    "-",
    "/",
    ":",
    "\n",
    "عمان",
    "مالي",
]
DIACRITICS = "".join(chr(c) for c in range(0x064B, 0x0653)) + "\u0670\u0640"

arabic_like = st.lists(st.sampled_from(ARABIC_WORDS), max_size=80).map(" ".join)
anything = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),  # lone surrogates cannot be encoded anyway
    max_size=400,
)
diacritic_soup = st.text(alphabet=DIACRITICS + "ابتثجحخ", max_size=300)
long_token = st.integers(min_value=1, max_value=5000).map(lambda n: "وزير" + "ا" * n)
punctuation = st.text(alphabet="،,.:;؛()«»\"'!?؟-–—/[]|\n\t ", max_size=200)
mixed = st.lists(st.one_of(arabic_like, anything, diacritic_soup, punctuation), max_size=4).map("".join)
# real words with diacritics everywhere: after any letter, one or several marks
voweled = st.lists(
    st.tuples(st.sampled_from(ARABIC_WORDS), st.lists(st.text(alphabet=DIACRITICS, max_size=3), min_size=12)),
    max_size=40,
).map(
    lambda words: " ".join("".join(c + marks[i % len(marks)] for i, c in enumerate(w)) for w, marks in words)
)
# words glued with control characters, bidi marks, zero-width joiners, NUL and the like
controls = st.lists(
    st.one_of(
        st.sampled_from(ARABIC_WORDS),
        st.text(alphabet="\x00\x01\x07\x1b\x7f\u200c\u200d\u200f\u202e\ufeff\ufffe\r\x0b"),
    ),
    max_size=60,
).map("".join)
markup = st.lists(
    st.one_of(
        st.sampled_from(ARABIC_WORDS),
        st.sampled_from(["<p>", "</p>", "<br/>", "<b>", "&amp;", "&#1575;", "<!--", "-->", "<", ">", "&"]),
    ),
    max_size=60,
).map(" ".join)


def check(text: str) -> None:
    record = extract_article(Article(id="x", text=text))
    for o in record.officials:
        assert o.name_ar
        for s in o.spans:
            assert 0 <= s.start <= s.end <= len(text)
    for m in record.meetings:
        assert len(m.participants) >= 1
        if m.span:
            assert 0 <= m.span.start <= m.span.end <= len(text)
    as_dict(record)  # evidence quoting never fails either


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        arabic_like, anything, diacritic_soup, long_token, punctuation, mixed, voweled, controls, markup
    )
)
def test_extraction_never_raises(text: str) -> None:
    check(text)


_UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(anything, voweled, controls, markup, mixed), st.text(max_size=30))
def test_any_text_becomes_a_graph_oxigraph_reads(text: str, article_id: str) -> None:
    cleaned = clean_text(text)
    assert not _UNWRITABLE.search(cleaned)  # what no export syntax could write is gone
    article_id = article_id.strip() or "x"
    if _UNWRITABLE.search(article_id):
        return  # the reader refuses such an id (tests/test_bad_input.py)
    graph = map_article(Article(id=article_id, text=cleaned))
    assert graph.problem is None, graph.problem
    quads = list(ox.parse(graph.ntriples, format=ox.RdfFormat.N_TRIPLES))
    assert len(quads) == graph.triples


def test_known_hard_inputs() -> None:
    for text in (
        "",
        " ",
        "\x00\x01\x02",
        "ً" * 1000,
        "،" * 1000,
        "وزير" * 10000,
        "الرئيس " * 2000,
        "<p>الرئيس <b>الصيني</b> شي جين بينغ</p>",
        "\ufeffالتقى\r\nالرئيس",
        "Hello world, no Arabic here. Obama met Putin.",
    ):
        check(text)
