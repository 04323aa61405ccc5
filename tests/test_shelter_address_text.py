"""A shelter's street address typed into a printed text while its 「所在地」 is left empty.

The gate compared a shelter's printed texts (name, description, 利用方法, discreet sentence …)
only with its own secret location (``secret_echo``): with no location on record — the bundled
shelters keep none, 「保護先の場所は記録せず」 — an address typed into 利用方法 from a spreadsheet
(「避難先は高岡市末広町1-7 ○○荘」) was stored, shown by ``dvdesk show --client`` and written into
the HSDS export, the file made "only of what a client may see". A street address (番地, 丁目,
7番50号, a place name with 1-7) in a shelter's printed text is now refused on every path, in the
preview as at the commit; hours, phone numbers and ages are not addresses."""

import csv
import json
import sqlite3

import pytest

from db_support import dump
from dvdesk.admin import sheets
from dvdesk.admin.editing import Editor
from dvdesk.admin.validation import ValidationError
from dvdesk.cli import main
from dvdesk.domain import integrity
from dvdesk.domain.secret_echo import street_address

ADDRESSES = [
    "避難先は高岡市末広町1-7 ○○荘",
    "広小路7番50号の建物",
    "本町3丁目の建物の2階",
    "末広町12番地",
    "みどり町１－２－３",
]


@pytest.mark.parametrize("text", ADDRESSES)
def test_a_street_address_is_found(text):
    assert street_address([text])


@pytest.mark.parametrize(
    "text",
    [
        "受付 9:00-17:00、電話 0766-20-5555",
        "平日9-17時",
        "1-2歳の子どもと一緒に",
        "2024年6月から。#8008",
        "第2・第4土曜",
        "身の安全のための緊急の避難先",
        "",
    ],
)
def test_hours_phones_and_ages_are_not_an_address(text):
    assert street_address([text]) is None


@pytest.mark.parametrize("field", ["access", "description", "discreet_line", "eligibility"])
def test_the_editor_refuses_a_shelter_address_in_a_printed_text_without_a_location(mini_db, field):
    editor = Editor(mini_db, "管理 花子")
    shelter = editor.load("service", "test.svc.shelter")
    editor.save("service", {**shelter, "location": ""})
    before = dump(mini_db)
    with pytest.raises(ValidationError, match="住所.*「末広町1-7」"):
        editor.save("service", {**editor.load("service", "test.svc.shelter"), field: ADDRESSES[0]})
    assert dump(mini_db) == before


def test_an_ordinary_service_may_print_its_address(mini_db):
    editor = Editor(mini_db, "管理 花子")
    housing = editor.load("service", "test.svc.housing")
    editor.save("service", {**housing, "access": "本町3丁目の市役所2階"})
    assert editor.load("service", "test.svc.housing")["access"] == "本町3丁目の市役所2階"


def sheet_with_address(db, tmp_path):
    path = tmp_path / "services.csv"
    sheets.export_sheet(db, path, "service")
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    out = [head]
    for row in rows[1:]:
        if row[0] == "test.svc.shelter":
            row[head.index("利用方法")] = ADDRESSES[0]
            row[head.index("所在地")] = ""
            out.append(row)
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(out)
    return path


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_sheet_row_with_a_shelter_address_is_refused_and_never_reaches_the_hsds_export(
    mini_db, tmp_path, dry_run, capsys
):
    path = sheet_with_address(mini_db, tmp_path)
    before = dump(mini_db)
    report = sheets.import_sheet(mini_db, path, "管理 花子", dry_run=dry_run, backup=None)
    [row] = report.rows
    assert row.status == sheets.REJECTED and "末広町1-7" in " / ".join(row.reasons), row.reasons
    assert dump(mini_db) == before
    out = tmp_path / "hsds.json"
    assert main(["--db", str(mini_db.path), "export-hsds", str(out)]) == 0
    assert "末広町" not in json.dumps(json.loads(out.read_text(encoding="utf-8")), ensure_ascii=False)


def test_one_already_in_a_file_is_found_by_the_scan(mini_db):
    con = sqlite3.connect(mini_db.path)
    with con:
        con.execute("UPDATE services SET location = '', access = ? WHERE key = 'test.svc.shelter'", (ADDRESSES[0],))
    con.close()
    with mini_db.read() as session:
        found = [f for f in integrity.scan(session) if f.key == "test.svc.shelter"]
    assert found and "末広町1-7" in found[0].problem
