"""A bidirectional override (U+202E …) in a record's text reverses what follows it on paper and on
screen: 「電話 \u202e4321-02-6670」 prints as 0766-20-1234. Such text comes from outside (an HSDS
feed, a sheet, a package) more than from a keyboard; every write refuses it like a control
character, and nothing changes."""

import json

import openpyxl
import pytest

from db_support import dump
from dvdesk.admin.editing import Editor
from dvdesk.admin.hsds_import import import_hsds
from dvdesk.admin.sheets import import_sheet
from dvdesk.admin.validation import ValidationError
from dvdesk.domain import rules

MARKS = ["\u202e", "\u202d", "\u202a", "\u2066", "\u2067", "\u2068", "\u2069"]


@pytest.mark.parametrize("mark", MARKS)
def test_the_rule_refuses_every_bidirectional_control(mark):
    assert rules.text_problem(f"電話は{mark}4321-02-6670です") == "制御文字が含まれています"
    assert rules.text_problem(f"相談{mark}", 200, multiline=False) == "制御文字が含まれています"


def test_ordinary_japanese_and_latin_text_passes():
    assert rules.text_problem("平日 9:00〜17:00（祝日を除く）\nDV相談＋ 0120-279-889") is None


def test_the_editor_refuses_it_and_nothing_changes(mini_db):
    before = dump(mini_db)
    with pytest.raises(ValidationError, match="制御文字"):
        Editor(mini_db, "管理 花子").save(
            "service", {"name": "相談（テスト）", "description": "電話は\u202e4321-02-6670", "source": "t"}, is_new=True
        )
    assert dump(mini_db) == before


def test_an_hsds_record_carrying_it_is_refused(mini_db, tmp_path):
    path = tmp_path / "h.json"
    record = {"id": "x1", "name": "相談（テスト）", "description": "電話\u202e4321", "status": "active"}
    path.write_text(json.dumps({"services": [record]}), encoding="utf-8")
    before = dump(mini_db)
    report = import_hsds(mini_db, path, "管理 花子", municipality="162027")
    assert len(report.rejected) == 1 and "制御文字" in " ".join(report.rejected[0].reasons)
    assert dump(mini_db) == before


@pytest.mark.parametrize(
    ("cell", "said"),
    [("電話\u202e4321-02-6670", "制御文字"), ("DV電\u200b話相談", "見えない文字")],  # test_invisible_text
    ids=["bidi override", "zero-width space"],
)
def test_a_sheet_row_carrying_it_is_refused_and_the_others_are_stored(mini_db, tmp_path, cell, said):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "サービス"
    ws.append(["市区町村", "名称", "内容"])
    ws.append(["高岡市", "向きの相談（テスト）", cell])
    ws.append(["高岡市", "普通の相談（テスト）", "普通"])
    wb.save(tmp_path / "b.xlsx")
    report = import_sheet(mini_db, tmp_path / "b.xlsx", "管理 花子")
    assert [r.title for r in report.rejected] == ["向きの相談（テスト）"] and report.balanced
    assert said in " ".join(report.rejected[0].reasons)
    assert [r.title for r in report.accepted] == ["普通の相談（テスト）"]
