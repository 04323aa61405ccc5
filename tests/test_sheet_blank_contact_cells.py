"""An organisation sheet's phone-directory columns left blank on a department with no contact yet.

Found in session 13 (h13-polish, while testing the 内線 column): such a row was refused 「連絡先1が空です」
— the import made an empty main contact for it and the edit check refused the empty contact — so a
city's phone list with one department's number still unknown could not be imported whole. Blank
cells there now leave the department without a contact, as it was, and the row is taken.
"""

import csv
import io

from dvdesk.admin import package as pk
from dvdesk.admin import sheets


def test_blank_phone_directory_cells_on_a_department_without_a_contact_are_taken(mini_db, tmp_path):
    path = tmp_path / "o.csv"
    sheets.export_sheet(mini_db, path, "organization")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    rows[0] += ["主な連絡先の電話番号", "主な連絡先の内線（職員のみ）"]
    for row in rows[1:]:  # 住宅課 has no contact; its number is not known yet
        row += ["0766-99-0000", "１２３"] if row[0] == "test.center" else ["", ""]
    housing = next(r for r in rows if r[0] == "test.housing")
    housing[rows[0].index("説明")] = "説明を表で足した"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8-sig")
    report = sheets.import_sheet(mini_db, path, "管理 花子", backup=None)
    assert not report.rejected, [r.reasons for r in report.rejected]
    with mini_db.read() as s:
        orgs = {r["key"]: r for r in pk.collect(s)[0]["organization"]}
    assert orgs["test.housing"]["contacts"] == [] and orgs["test.housing"]["description"] == "説明を表で足した"
    assert [(c["phone"], c["extension"]) for c in orgs["test.center"]["contacts"]] == [("0766-99-0000", "123")]
