"""`kg extract`: the records of one article with the evidence of each fact."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from kg.cli import app

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "seed-004.txt"


def run(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_json_evidence_quotes_exactly_the_text_at_its_offsets():
    result = run("extract", SEED, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    text = SEED.read_text(encoding="utf-8")
    spans = [m for o in data["officials"] for m in o["mentions"]]
    spans += [m["evidence"] for m in data["meetings"]] + [data["dateline"]["evidence"]]
    assert spans and all(text[s["start"] : s["end"]] == s["text"] for s in spans)
    (meeting,) = data["meetings"]
    assert meeting["participant_names"] == ["وي فنغ خه", "سيرجي شويجو"]
    assert meeting["place"]["city_ar"] == "دوشنبه" and meeting["date"] == "2021-07-28"


def test_table_report_for_people(tmp_path: Path):
    result = run("extract", SEED)
    assert result.exit_code == 0
    assert "Meetings (1)" in result.stdout
    assert "participants  وي فنغ خه | سيرجي شويجو" in result.stdout


def test_one_article_of_a_jsonl_file_by_id(tmp_path: Path):
    lines = tmp_path / "a.jsonl"
    lines.write_text(
        json.dumps({"id": "a1", "text": "قال الرئيس الروسي فلاديمير بوتين."}, ensure_ascii=False)
        + "\n"
        + json.dumps({"id": "a2", "text": "قالت المستشارة الألمانية أنجيلا ميركل."}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    result = run("extract", lines, "--id", "a2", "--format", "json")
    assert result.exit_code == 0
    assert [o["name_ar"] for o in json.loads(result.stdout)["officials"]] == ["أنجيلا ميركل"]
    missing = run("extract", lines, "--id", "zz")
    assert missing.exit_code == 1
    assert missing.stderr.strip() == f"Error: {lines}: no article with id 'zz'"
