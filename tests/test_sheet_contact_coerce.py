"""An organisation sheet's phone-directory columns (its main contact) go through ``records.coerce``
like every other path into the directory (the form, a package, HSDS, the contact sheet): a cell the
form would refuse is refused with the form's words, in the report of refusals, never stored as the
spreadsheet's spelling of it (a TRUE cell in 「主な連絡先の窓口・階」 was stored as the text "True").
"""

from __future__ import annotations

import csv
import io

import openpyxl

from dvdesk.admin import package as pk
from dvdesk.admin import sheets


def _organizations(db, tmp_path, window: object):
    path = tmp_path / "o.csv"
    sheets.export_sheet(db, path, "organization")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    rows[0] += ["主な連絡先の電話番号", "主な連絡先の内線（職員のみ）", "主な連絡先の窓口・階"]
    for row in rows[1:]:
        row += ["0766-99-0000", "内線 ３４", window] if row[0] == "test.center" else ["", "", ""]
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(tmp_path / "o.xlsx")
    return tmp_path / "o.xlsx"


def _center(db):
    with db.read() as s:
        return next(r for r in pk.collect(s)[0]["organization"] if r["key"] == "test.center")


def test_a_cell_the_form_refuses_is_refused_in_the_main_contact_too(mini_db, tmp_path):
    before = _center(mini_db)
    report = sheets.import_sheet(mini_db, _organizations(mini_db, tmp_path, True), "管理 花子", backup=None)
    refused = [r for r in report.rejected if r.key == "test.center"]
    assert refused and any("文字で入力" in reason for reason in refused[0].reasons)
    assert _center(mini_db) == before
    assert all(c["window"] != "True" for c in _center(mini_db)["contacts"])


def test_the_main_contact_takes_the_values_the_form_would_store(mini_db, tmp_path):
    report = sheets.import_sheet(mini_db, _organizations(mini_db, tmp_path, " 2階 "), "管理 花子", backup=None)
    assert not report.rejected, [r.reasons for r in report.rejected]
    main = _center(mini_db)["contacts"][0]
    assert (main["phone"], main["extension"], main["window"]) == ("0766-99-0000", "34", "2階")
