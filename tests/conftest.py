"""Shared test set-up: import this checkout, `--regen-golden`, and a tiny hand-built corpus with its records.

The tiny corpus is two short articles written for these tests, with the records a correct
extractor would produce for them, built by hand.  Store and CLI tests run the real store
and CLI over those records (through `fake_extractor`), so their expected outputs do not
move when the extraction rules change.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# test this checkout, whether or not (and wherever) the package is installed
sys.path.insert(0, str(REPO))

from kg.records import (  # noqa: E402
    Article,
    ArticleRecord,
    Dateline,
    Meeting,
    Official,
    Place,
)

GOLDEN = Path(__file__).resolve().parent / "golden"

TINY_TEXTS = {
    "t-1": (
        "الرياض 5 مارس 2024 (واس) التقى وزير الخارجية فيصل بن فرحان اليوم في الرياض نظيره المصري "
        "سامح شكري، وبحث الجانبان التعاون الاقتصادي بين البلدين. وقال شكري إن مصر حريصة على تعزيز التجارة."
    ),
    "t-2": (
        "تلقى وزير الخارجية السعودي فيصل بن فرحان اتصالا هاتفيا أمس من الأمين العام للأمم المتحدة "
        "أنطونيو غوتيريش، جرى خلاله بحث المساعدات الإنسانية."
    ),
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files under tests/golden/ from the current output instead of comparing",
    )


@pytest.fixture(autouse=True)
def _no_user_store(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    # the default store lives under XDG_DATA_HOME: point it at a scratch folder for every test
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg")))
    monkeypatch.delenv("KG_STORE", raising=False)


@pytest.fixture
def regen_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen-golden"))


def tiny_record(article: Article) -> ArticleRecord:
    """What extraction should give for the tiny corpus (the same person appears in both articles)."""
    if article.id == "t-1":
        return ArticleRecord(
            article=article,
            dateline=Dateline(place_ar="الرياض", country="SA", date="2024-03-05", agency="واس"),
            officials=[
                Official("faisal", "فيصل بن فرحان", [], ["وزير الخارجية"], country="SA"),
                Official("shoukry", "سامح شكري", ["شكري"], ["وزير الخارجية المصري"], country="EG"),
            ],
            meetings=[
                Meeting(
                    participants=["faisal", "shoukry"],
                    countries=["SA", "EG"],
                    mode="in_person",
                    date="2024-03-05",
                    date_basis="dateline",
                    place=Place("الرياض", "SA"),
                    topics=["economic_cooperation"],
                )
            ],
            countries=["SA", "EG"],
            topics=["economic_cooperation"],
        )
    if article.id == "t-2":
        return ArticleRecord(
            article=article,
            dateline=None,
            officials=[
                Official("faisal", "فيصل بن فرحان", [], ["وزير الخارجية السعودي"], country="SA"),
                Official("guterres", "أنطونيو غوتيريش", ["غوتيريش"], ["الأمين العام"], org="UN"),
            ],
            meetings=[
                Meeting(
                    participants=["faisal", "guterres"],
                    countries=["SA"],
                    organizations=["UN"],
                    mode="phone",
                    date="2024-03-04",
                    date_basis="relative",
                    topics=["humanitarian_aid"],
                )
            ],
            countries=["SA"],
            topics=["humanitarian_aid"],
            organizations=["UN"],
        )
    return ArticleRecord(article=article, dateline=None, officials=[], meetings=[], countries=[], topics=[])


@pytest.fixture
def fake_extractor(monkeypatch: pytest.MonkeyPatch):
    """Make `Store.ingest` (and so `kg ingest`) use `tiny_record` instead of the real extractor."""
    import kg.store

    monkeypatch.setattr(kg.store, "_extractor", lambda: tiny_record)
    return tiny_record


@pytest.fixture
def tiny_jsonl(tmp_path: Path) -> Path:
    """The tiny corpus as a JSONL file, in the ingest format of TASK.md."""
    path = tmp_path / "tiny.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i, (art_id, text) in enumerate(TINY_TEXTS.items()):
            row = {"id": art_id, "text": text, "title": "", "published": f"2024-03-0{5 + i}"}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


@pytest.fixture
def store_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store location of this test's own, also set as KG_STORE so no test touches the user's store."""
    path = tmp_path / "store"
    monkeypatch.setenv("KG_STORE", str(path))
    return path
