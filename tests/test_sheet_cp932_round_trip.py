"""A sheet written in Shift_JIS (CP932) for old Excel and read back: what CP932 lacks was written
as its readable equivalent (㉑ → (21), the export says so), and read back that spelling was taken
as the administrator's change. Found in session 14 (h14-admin, an administrator's month on the
bundled directory): the 国立市 rows naming 主な取組㉑〜㉙ were all refused (「計画の取組」に見つから
ないものがあります: …#(27)) and ten departments' 出典 and 説明 would have been rewritten with (21).
A cell that reads exactly as the record's value written in CP932 is now that value, unchanged;
a cell she did change is taken as typed.
"""

from __future__ import annotations

import csv
import io

from dvdesk.admin import sheets
from dvdesk.admin.editing import Editor

ADMIN = "管理 花子"


def _with_measure_21(db) -> Editor:
    editor = Editor(db, ADMIN)
    plan = editor.load("plan", "test.plan")
    plan["initiatives"].append({**plan["initiatives"][0], "number": "㉑", "label": "主な取組㉑", "departments": []})
    editor.save("plan", plan)
    svc = editor.load("service", "test.svc.consult")
    editor.save(
        "service",
        {**svc, "initiatives": [*svc["initiatives"], "test.plan#㉑"], "description": "主な取組㉑による夜間の電話相談"},
    )
    return editor


def _rows(path):
    return list(csv.reader(io.StringIO(path.read_bytes().decode("cp932"))))


def _write(path, rows):
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode("cp932"))


def test_a_cp932_sheet_read_back_unchanged_changes_nothing(mini_db, tmp_path):
    _with_measure_21(mini_db)
    path = tmp_path / "s.csv"
    sheets.export_sheet(mini_db, path, "service", encoding="cp932")
    assert "(21)" in path.read_bytes().decode("cp932")
    report = sheets.import_sheet(mini_db, path, ADMIN, dry_run=True)
    assert not report.rejected, [r.reasons for r in report.rejected]
    assert report.plan is not None and report.plan.empty


def test_a_changed_cell_is_taken_and_the_values_cp932_lacks_are_kept(mini_db, tmp_path):
    editor = _with_measure_21(mini_db)
    path = tmp_path / "s.csv"
    sheets.export_sheet(mini_db, path, "service", encoding="cp932")
    rows = _rows(path)
    row = next(r for r in rows if r[0] == "test.svc.consult")
    row[rows[0].index("専用の電話番号")] = "0766-00-0001"
    _write(path, rows)
    report = sheets.import_sheet(mini_db, path, ADMIN, backup=None)
    assert not report.rejected, [r.reasons for r in report.rejected]
    svc = editor.load("service", "test.svc.consult")
    assert svc["phone"] == "0766-00-0001"
    assert "test.plan#㉑" in svc["initiatives"] and svc["description"] == "主な取組㉑による夜間の電話相談"
