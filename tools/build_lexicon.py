"""Build kg/data/arabic_words.txt: the Arabic words of a dictionary, to tell names from words.

Arabic has no capital letters, so "is this token a person's name?" is answered partly by
"is it an ordinary Arabic word?".  The words come from arramooz (Arabic dictionary of nouns
and verbs; GPL, like this project), unvocalized, alef forms
folded, ta marbuta kept (so "قوة" the word and "قوه" the Chinese surname stay apart).
Given names that are also words (خالد، عادل) are removed: kg.extract.lexicon.GIVEN_NAMES wins.

Run once when the dictionary or the folding changes:
    pip install arramooz-pysqlite && python tools/build_lexicon.py
"""

from __future__ import annotations

import sqlite3
from importlib import resources
from pathlib import Path

from kg.extract.lexicon import GIVEN_NAMES
from kg.text import fold, strip_marks

OUT = Path(__file__).resolve().parent.parent / "kg" / "data" / "arabic_words.txt"
_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي"})


def dictionary_form(word: str) -> str:
    """The form kg.extract looks words up in: no diacritics, one alef, ى->ي, ta marbuta kept."""
    return strip_marks(word).translate(_ALEF)


def main() -> None:
    data = resources.files("arramooz") / "data"
    words: set[str] = set()
    with sqlite3.connect(str(data / "arabicdictionary.sqlite")) as db:
        for table in ("nouns", "verbs"):
            words.update(row[0] for row in db.execute(f"SELECT unvocalized FROM {table}"))
    # not the word-frequency list: it was counted on news text and holds names (كارتر، ماكرون)
    forms = {dictionary_form(w) for w in words if w and w.strip()}
    forms = {w for w in forms if len(w) >= 2 and w.isalpha() and fold(w) not in GIVEN_NAMES}
    header = "# Arabic words (arramooz dictionary nouns and verbs; GPL). tools/build_lexicon.py\n"
    OUT.write_text(header + "\n".join(sorted(forms)) + "\n", encoding="utf-8")
    print(f"{len(forms)} words -> {OUT}")


if __name__ == "__main__":
    main()
