"""Arabic text primitives, and the pyarabic behaviours kg.text deliberately works around."""

from __future__ import annotations

from pyarabic import araby

from kg.text import fold, fold_in_place, sentence_spans, tokenize, western_digits


def test_fold_keeps_alef_maqsura_a_ya_not_an_alef():
    # pyarabic 0.6.15's normalize_alef turns ى into ا ("على" -> "علا"); fold must not
    assert araby.normalize_alef("على") == "علا"
    assert fold("على") == "علي"
    assert fold("أوباما") == fold("اوباما") == "اوباما"
    assert fold("قوة") == fold("قوه")
    assert fold("اتصالاً هاتفياً") == "اتصالا هاتفيا"


def test_digits_and_in_place_fold_keep_length():
    assert western_digits("٢٩ يونيو ٢٠١٦") == "29 يونيو 2016"
    text = "إلى جانب اتصالاً"
    assert len(fold_in_place(text)) == len(text)


def test_sentences_beyond_32_and_commas_do_not_split():
    text = "".join(f"قال الوزير، في الجملة {n}، إن التعاون مهم. " for n in range(40))
    spans = list(sentence_spans(text))
    assert len(spans) == 40
    assert all(text[s:e].startswith("قال الوزير،") and text[s:e].endswith(".") for s, e in spans)
    # pyarabic's sentence_tokenize stops splitting after 32 sentences and splits on commas
    assert len(araby.sentence_tokenize(text)) != 40


def test_tokens_carry_offsets_into_the_original_text():
    text = "وأدلى قوهُ شنغ كون، عضو"
    for tok in tokenize(text):
        assert text[tok.start : tok.end] == tok.text
    assert [t.norm for t in tokenize(text)][:2] == ["وادلي", "قوه"]


def test_whole_text_tokens_agree_with_tokens_of_a_slice():
    # the whole-text tokeniser folds all words in one call; a word that folds to nothing
    # (a lone tatweel) must keep every later word in its place
    text = "قال ـ الوزيرُ: «التعاونُ» مع ١٥ دولةً\nـــ ثم غادر"
    whole = tokenize(text)
    assert whole == tokenize(text, 0, len(text))  # the slice path folds word by word
    assert [t.norm for t in whole] == [fold(t.text) for t in whole]
    assert "" in [t.norm for t in whole] and whole[-1].norm == "غادر"
    assert all(text[t.start : t.end] == t.text for t in whole)
