"""A sheet import applies what its preview showed, or nothing.

The administrator's window checks the sheet (the preview she reads), then 取り込む reads the file
and plans again: a sheet saved again in Excel meanwhile, or a record another administrator edited
meanwhile, was applied as it then stood — not what she accepted, and without a word. Now the
import is refused when its plan is not the previewed one (nothing changed; preview again).
"""

from __future__ import annotations

import pytest

from dvdesk.admin import sheet_files, sheets
from dvdesk.admin.editing import Editor
from test_admin_sheets import write_csv

HEADER = ["キー", "名称", "市区町村（空欄は全国）", "専用の電話番号"]


def _sheet(tmp_path, phone: str):
    return write_csv(
        tmp_path / "office.csv",
        [HEADER, ["test.svc.law", "女性弁護士による無料法律相談", "162027", phone]],
        "utf-8",
    )


def test_a_sheet_saved_again_after_the_preview_is_not_applied(mini_db, tmp_path):
    path = _sheet(tmp_path, "0766-00-0003")
    previewed, _ = sheets.check_sheet(mini_db, path)
    _sheet(tmp_path, "0766-00-0009")  # saved again in Excel while the preview was on screen
    with pytest.raises(sheet_files.SheetFileError, match="プレビュー"):
        sheets.import_sheet(mini_db, path, "管理 花子", expected=previewed.plan)
    assert Editor(mini_db, "管理 花子").load("service", "test.svc.law")["phone"] != "0766-00-0009"


def test_a_record_edited_after_the_preview_is_not_overwritten(mini_db, tmp_path):
    path = _sheet(tmp_path, "0766-00-0003")
    previewed, _ = sheets.check_sheet(mini_db, path)
    other = Editor(mini_db, "管理 次郎")
    other.save("service", {**other.load("service", "test.svc.law"), "phone": "0766-00-0007"})
    with pytest.raises(sheet_files.SheetFileError, match="プレビュー"):
        sheets.import_sheet(mini_db, path, "管理 花子", expected=previewed.plan)
    assert Editor(mini_db, "管理 花子").load("service", "test.svc.law")["phone"] == "0766-00-0007"


def test_the_previewed_sheet_unchanged_is_applied(mini_db, tmp_path):
    path = _sheet(tmp_path, "0766-00-0003")
    previewed, _ = sheets.check_sheet(mini_db, path)
    report = sheets.import_sheet(mini_db, path, "管理 花子", expected=previewed.plan)
    assert report.applied
    assert Editor(mini_db, "管理 花子").load("service", "test.svc.law")["phone"] == "0766-00-0003"


def test_an_hsds_file_saved_again_after_the_preview_is_not_applied(mini_db, tmp_path):
    """The same for an HSDS file (the admin window's HSDS import)."""
    import json

    from dvdesk.admin import hsds, hsds_import

    path = tmp_path / "feed.json"
    hsds.export_hsds(mini_db, path)

    def with_schedule(text: str) -> None:
        doc = json.loads(path.read_text(encoding="utf-8"))
        law = next(s for s in doc["services"] if s["name"] == "女性弁護士による無料法律相談")
        law["schedules"][0]["description"] = text
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")

    with_schedule("毎月第2金曜日 13:00〜16:00")
    previewed, _ = hsds_import.check_hsds(mini_db, path)
    with_schedule("毎月第3金曜日 13:00〜16:00")  # saved again while the preview was on screen
    with pytest.raises(hsds_import.HsdsError, match="プレビュー"):
        hsds_import.import_hsds(mini_db, path, "管理 花子", expected=previewed.plan, backup=None)
    assert "第3" not in Editor(mini_db, "管理 花子").load("service", "test.svc.law")["schedule"]
    with_schedule("毎月第2金曜日 13:00〜16:00")
    report = hsds_import.import_hsds(mini_db, path, "管理 花子", expected=previewed.plan, backup=None)
    assert report.applied and Editor(mini_db, "管理 花子").load("service", "test.svc.law")["schedule"].startswith(
        "毎月第2"
    )
