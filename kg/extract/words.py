"""Is a token an ordinary Arabic word?  Names are what is left when words are ruled out.

Looks a token up in kg/data/arabic_words.txt (built by tools/build_lexicon.py from the
arramooz dictionary) after peeling the particles and pronoun or plural endings that Arabic
glues to words: "وتمنياته" -> "تمنيات" / "تمنية"; "استقباله" -> "استقبال"; "مصافحاً" -> "مصافح".
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from kg.text import strip_marks

_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي"})
_PREFIXES = ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
# pronouns, the feminine plural and the tanween alef; not -ون/-ين/-ان, which end many foreign
# names (ماكرون، أردوغان) and would turn them into words
_SUFFIXES = (
    "اتهما",
    "اتها",
    "اتهم",
    "اته",
    "هما",
    "كما",
    "تها",
    "ته",
    "تهم",
    "ها",
    "هم",
    "كم",
    "نا",
    "ه",
    "ات",
    "ا",
)
_PLURAL = ("ات", "اته", "اتها", "اتهم", "اتهما", "ته", "تها", "تهم")
_PRONOUN = ("ه", "ها", "هم", "هما")
_MIN_STEM = 3


@cache
def _words() -> frozenset[str]:
    text = (resources.files("kg.data") / "arabic_words.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def dictionary_form(token: str) -> str:
    return strip_marks(token).translate(_ALEF)


@cache
def is_word(token: str) -> bool:
    """True when `token` (as written) is a dictionary word, possibly with particles and endings."""
    words = _words()
    w = dictionary_form(token)
    if w in words:
        return True
    for stem, ending in _stems(w):
        if stem in words or (ending in _PLURAL and stem + "ة" in words):
            return True
        if ending and stem.endswith("ا") and stem[:-1] + "ي" in words:
            return True  # a verb in ى takes ا before a pronoun: أجراه -> أجرى
    return False


def _stems(w: str) -> list[tuple[str, str]]:
    heads = [w] + [w[len(p) :] for p in _PREFIXES if w.startswith(p) and len(w) - len(p) >= _MIN_STEM]
    stems = [(heads[0], "")] + [(h, "") for h in heads[1:]]
    for h in heads:
        for s in _SUFFIXES:
            if h.endswith(s) and len(h) - len(s) >= (
                _MIN_STEM if s in _PLURAL or s in _PRONOUN else _MIN_STEM + 1
            ):
                stems.append((h[: -len(s)], s))
    return stems
