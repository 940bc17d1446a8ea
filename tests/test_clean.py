"""Tests of kg.clean: markup, character references and control characters out; everything else as given."""

from __future__ import annotations

from kg.clean import clean_text, cp1256_hint, has_markup

PLAIN = "التقى الرئيس ضيفه في القصر.\r\nوبحث الجانبان العلاقات الثنائية."


def test_plain_text_is_returned_as_given() -> None:
    assert clean_text(PLAIN) is PLAIN  # CRLF kept: offsets count the text as given
    for text in ("3 < 4 و 5 > 2", "<<الرياض>>", "«القاهرة»", "a<-b", "x &y z"):
        assert clean_text(text) == text, text


def test_block_tags_become_line_breaks_and_inline_tags_vanish() -> None:
    html = "<div><p>التقى <b>الرئيس</b> ضيفه</p><p>في <a href='x'>القصر</a>.</p></div>"
    assert has_markup(html)
    assert clean_text(html) == "التقى الرئيس ضيفه\nفي القصر."
    assert clean_text("سطر<br>سطر<br/>سطر") == "سطر\nسطر\nسطر"
    assert clean_text("<table><tr><td>أ</td><td>ب</td></tr></table>") == "أ  ب"


def test_scripts_styles_comments_and_declarations_are_dropped_whole() -> None:
    html = (
        '<?xml version="1.0"?><!DOCTYPE html><html><head><style>p{}</style><script>if (a < b) {}</script>'
        "</head><body><!-- <p>مخفي</p> -->ظاهر</body></html>"
    )
    assert clean_text(html) == "ظاهر"
    assert clean_text("<p>نص</p><!-- تعليق لم يغلق") == "نص"


def test_character_references_are_decoded_with_or_without_tags() -> None:
    assert clean_text("قال &quot;نعم&quot; &amp; مضى&nbsp;") == 'قال "نعم" & مضى '
    assert clean_text("&#1575;&#x644;") == "ال"
    assert clean_text("&notanentity; & &amp") == "&notanentity; & &amp"


def test_control_characters_bom_and_lone_surrogates() -> None:
    assert clean_text("\ufeffنص\x00\x01\x1b\x7f\ufffe") == "نص"
    assert clean_text("أ\tب\nج\rد") == "أ\tب\nج\rد"
    assert clean_text("نص\ud800") == "نص\ufffd"


def test_windows_1256_hint() -> None:
    assert "Windows-1256" in cp1256_hint(PLAIN.encode("cp1256"))
    assert cp1256_hint("café crème brûlée".encode("latin-1")) == ""
    assert cp1256_hint(b"\xff\xfe") == ""
