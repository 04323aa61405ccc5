"""A sheet exported from another directory brings organisations this one does not have yet, each
with its main contact in the 組織 sheet and all its contacts in the 連絡先 sheet: they are checked
and imported (a prefecture's sheet into a fresh PC stopped the check with an AttributeError)."""

from __future__ import annotations

import shutil

from dvdesk.admin import sheets
from dvdesk.admin.editing import Editor
from dvdesk.admin.sheet_contacts import ACCEPTED
from dvdesk.storage.db import open_database


def test_new_organisations_with_several_contacts_are_imported_from_a_sheet(bundled_db, _bundled_template, tmp_path):
    editor = Editor(bundled_db, "別の市の管理者")
    model = next(o for o in editor.all("organization") if o["contacts"] and o["contacts"][0]["phone"])
    first = model["contacts"][0]
    contacts = [first, {**first, "label": "相談専用", "window": "別館 相談室"}]  # two: the main one and another
    editor.save(
        "organization",
        {**model, "key": "other.org.new-desk", "name": "新しい相談室（試験）", "contacts": contacts},
        is_new=True,
    )
    path = tmp_path / "other.xlsx"
    sheets.export_sheet(bundled_db, path)

    target_path = tmp_path / "fresh.sqlite3"
    shutil.copy(_bundled_template, target_path)
    target = open_database(target_path)
    try:
        report, _ = sheets.check_sheet(target, path)
        rows = [r for r in report.rows if r.key == "other.org.new-desk"]
        assert {r.kind for r in rows} == {"organization", "contact"} and len(rows) == 1 + len(contacts)
        assert all(r.status == ACCEPTED for r in rows), [(r.row, r.reasons) for r in rows]
        sheets.import_sheet(target, path, "管理 花子")
        stored = Editor(target, "x").load("organization", "other.org.new-desk")
        assert [(c["label"], c["window"]) for c in stored["contacts"]] == [(c["label"], c["window"]) for c in contacts]
    finally:
        target.close()
