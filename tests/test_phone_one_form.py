"""One phone number, one stored value, whichever way it came in.

Found in session 12: a phone typed in the administrator's form was stored as typed (０７６６ー２０ー
１２３４), while the same number in a spreadsheet was stored as 0766-20-1234 — so a re-import of an
unchanged export showed "changes", and the detail listed one number twice. Now the form, a sheet, an
HSDS feed and a package store the same value for the same input (``rules.canonical_phone``).
"""

import csv
import io
import json
import shutil
import zipfile

import pytest

from dvdesk.admin import hsds_import, sheets
from dvdesk.admin import package as pk
from dvdesk.admin.editing import Editor
from dvdesk.domain.rules import canonical_phone
from package_support import reseal
from test_hsds_thirdparty import CITY, TAKAOKA

SERVICE = "test.svc.housing"
CASES = [
    ("０７６６ー２０ー１２３４", "0766-20-1234"),  # full-width digits, katakana long vowel as hyphen
    ("０７６６－２０－１２３４", "0766-20-1234"),  # full-width hyphen-minus
    ("0766‐20‐1234", "0766-20-1234"),  # U+2010 hyphen
    ("0766 20 1234", "0766-20-1234"),  # spaces
    ("0766　20　1234", "0766-20-1234"),  # ideographic spaces
    ("（０７６６）２０－１２３４", "0766-20-1234"),
    (" 0766-20-1234 ", "0766-20-1234"),
    ("＃８００８", "#8008"),
    ("# 8008", "#8008"),
    ("０１２０ー２７９ー８８９", "0120-279-889"),
    ("0120 279 889", "0120-279-889"),
    ("0766201234", "0766201234"),  # no separators: kept, none guessed
    ("１１０", "110"),
]


def _stored(db, kind, key):
    with db.read() as session:
        return next(r for r in pk.collect(session)[0][kind] if r["key"] == key)


def by_form(db, tmp_path, typed):
    editor = Editor(db, "管理 花子")
    snap = editor.load("service", SERVICE)
    editor.save("service", {**snap, "phone": typed})
    return _stored(db, "service", SERVICE)["phone"]


def by_sheet(db, tmp_path, typed):
    path = tmp_path / "s.csv"
    sheets.export_sheet(db, path, "service")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    column = rows[0].index("専用の電話番号")
    next(r for r in rows if r[0] == SERVICE)[column] = typed
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8-sig")
    report = sheets.import_sheet(db, path, "管理 花子", backup=None)
    assert not report.rejected, report.rejected
    return _stored(db, "service", SERVICE)["phone"]


def by_hsds(db, tmp_path, typed):
    folder = tmp_path / "feed"
    shutil.copytree(CITY, folder)
    (folder / "phones.json").write_text(
        json.dumps([{"id": "p-9", "service_id": "jp-svc-2", "number": typed}]), encoding="utf-8"
    )
    hsds_import.import_hsds(db, folder, "管理 花子", backup=None, municipality=TAKAOKA)
    return _stored(db, "service", "hsds.jp-svc-2")["phone"]


def by_package(db, tmp_path, typed):
    path = tmp_path / "p.dvdesk"
    pk.export_package(db, path)
    with zipfile.ZipFile(path) as zf:
        manifest, content = json.loads(zf.read(pk.MANIFEST)), json.loads(zf.read(pk.CONTENT))
    next(r for r in content["records"]["service"] if r["key"] == SERVICE)["phone"] = typed
    data = json.dumps(content, ensure_ascii=False).encode("utf-8")
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(pk.MANIFEST, json.dumps(reseal(manifest, data), ensure_ascii=False))
        zf.writestr(pk.CONTENT, data)
    pk.apply_package(db, pk.read_package(path), "管理 花子", backup=None)
    return _stored(db, "service", SERVICE)["phone"]


@pytest.mark.parametrize("path", [by_form, by_sheet, by_hsds, by_package], ids=lambda f: f.__name__)
@pytest.mark.parametrize(("typed", "stored"), CASES, ids=[c[0] for c in CASES])
def test_the_same_number_is_stored_the_same_way_by_every_path(mini_db, tmp_path, path, typed, stored):
    assert path(mini_db, tmp_path, typed) == stored


@pytest.mark.parametrize(("typed", "stored"), CASES)
def test_the_rule_itself(typed, stored):
    assert canonical_phone(typed) == stored
    assert canonical_phone(stored) == stored  # already stored: unchanged


def test_a_number_stored_as_typed_by_an_earlier_version_is_stored_in_the_one_form_at_the_next_save(mini_db):
    """No migration: a number an earlier dvdesk stored as typed reads, prints and dials as before
    (every reader normalises it); the next save of its record, by any path, stores the one form, and
    the form's check for another administrator's save does not take that for a change."""
    with mini_db.write() as s:
        s.connection().exec_driver_sql(
            "UPDATE services SET phone = '０７６６ー２０ー１２３４' WHERE key = ?", (SERVICE,)
        )
    editor = Editor(mini_db, "管理 花子")
    base = editor.load("service", SERVICE)
    assert base["phone"] == "０７６６ー２０ー１２３４"
    editor.save("service", {**base, "cost": "無料"}, base=base)  # used to raise EditConflict
    after = _stored(mini_db, "service", SERVICE)
    assert after["phone"] == "0766-20-1234" and after["cost"] == "無料"


def _with_contact_phone(db, tmp_path, typed, path):
    """An organisation's main contact's number, by ``path`` (the form, a package, an HSDS feed)."""
    if path == "form":
        editor = Editor(db, "管理 花子")
        snap = editor.load("organization", "test.housing")
        snap["contacts"] = [*snap["contacts"], {**NEW_CONTACT, "phone": typed}]
        editor.save("organization", snap)
        return _ours(_stored(db, "organization", "test.housing")["contacts"])
    if path == "package":
        file = tmp_path / "p.dvdesk"
        pk.export_package(db, file)
        with zipfile.ZipFile(file) as zf:
            manifest, content = json.loads(zf.read(pk.MANIFEST)), json.loads(zf.read(pk.CONTENT))
        org = next(r for r in content["records"]["organization"] if r["key"] == "test.housing")
        org["contacts"] = [*org["contacts"], {**NEW_CONTACT, "phone": typed}]
        data = json.dumps(content, ensure_ascii=False).encode("utf-8")
        with zipfile.ZipFile(file, "w") as zf:
            zf.writestr(pk.MANIFEST, json.dumps(reseal(manifest, data), ensure_ascii=False))
            zf.writestr(pk.CONTENT, data)
        pk.apply_package(db, pk.read_package(file), "管理 花子", backup=None)
        return _ours(_stored(db, "organization", "test.housing")["contacts"])
    folder = tmp_path / "feed"
    shutil.copytree(CITY, folder)
    phones = [{"id": "p-9", "organization_id": "jp-org-3", "number": typed}]
    (folder / "phones.json").write_text(json.dumps(phones, ensure_ascii=False), encoding="utf-8")
    hsds_import.import_hsds(db, folder, "管理 花子", backup=None, municipality=TAKAOKA)
    return _ours(_stored(db, "organization", "hsds.jp-org-3")["contacts"])


NEW_CONTACT = {
    "label": "",
    "phone": "",
    "extension": "",
    "window": "",
    "hours": "",
    "email": "",
    "note": "",
    "confidentiality": "public",
}


def _ours(contacts):
    [contact] = [c for c in contacts if "0766" in canonical_phone(c["phone"]) or "12" in c["extension"]]
    return contact


EXTENSIONS = [
    "0766-20-1234 内線12",
    "０７６６ー２０ー１２３４　内線１２",
    "0766-20-1234（内線 12）",
    "0766 20 1234 ext. 12",
]


@pytest.mark.parametrize("path", ["form", "package", "hsds"])
@pytest.mark.parametrize("typed", EXTENSIONS)
def test_an_extension_typed_after_a_contacts_number_goes_to_its_extension(mini_db, tmp_path, path, typed):
    contact = _with_contact_phone(mini_db, tmp_path, typed, path)
    assert (contact["phone"], contact["extension"]) == ("0766-20-1234", "12")


@pytest.mark.parametrize("path", [by_form, by_sheet, by_hsds, by_package], ids=lambda f: f.__name__)
@pytest.mark.parametrize("typed", EXTENSIONS)
def test_an_extension_typed_after_a_services_number_goes_to_its_staff_note(mini_db, tmp_path, path, typed):
    key = "hsds.jp-svc-2" if path is by_hsds else SERVICE
    assert path(mini_db, tmp_path, typed) == "0766-20-1234"
    service = _stored(mini_db, "service", key)
    assert "電話の備考: 内線12" in service["staff_note"]
    assert service["confidentiality"] != "" and "内線" not in service["phone"]


def test_a_directory_folder_loaded_with_numbers_as_typed_stores_the_one_form(_empty_template, tmp_path):
    """``dvdesk load --dir``: a city's own TOML files go in the same form as every other path."""
    from conftest import MINI
    from dvdesk.storage.bundled import load_into
    from dvdesk.storage.db import open_database

    folder = tmp_path / "dir"
    shutil.copytree(MINI, folder)
    changed = 0
    for toml in folder.rglob("*.toml"):
        text = toml.read_text(encoding="utf-8")
        if 'phone = "' in text:
            changed += text.count('phone = "0')
            toml.write_text(text.replace('phone = "0', 'phone = "０'), encoding="utf-8")
    assert changed
    db = open_database(shutil.copy(_empty_template, tmp_path / "e.sqlite3"), fill=False)
    try:
        load_into(db, folder)
        with db.read() as session:
            records = pk.collect(session)[0]
    finally:
        db.close()
    numbers = [r["phone"] for r in records["service"]]
    numbers += [c["phone"] for r in records["organization"] for c in r["contacts"]]
    assert numbers and all(n == canonical_phone(n) and "０" not in n for n in numbers)


def test_a_sheet_row_with_two_different_extensions_is_refused_not_one_dropped(mini_db, tmp_path):
    """A phone directory whose 電話番号 says 内線12 and whose 内線 column says 34: one of them used to be
    dropped without a word. The row is refused, naming both; nothing is stored."""
    import openpyxl

    from dvdesk.admin.sheet_layout import SheetOptions

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "庁内電話帳"
    ws.append(["部署名", "電話番号", "内線", "窓口", "受付時間"])
    ws.append(["住宅課", "0766-00-0071 内線12", "34", "本庁舎3階", ""])
    wb.save(tmp_path / "電話帳.xlsx")
    before = _stored(mini_db, "organization", "test.housing")
    report = sheets.import_sheet(
        mini_db, tmp_path / "電話帳.xlsx", "管理 花子", options=SheetOptions(municipality="162027")
    )
    [row] = report.rows
    assert row.status != sheets.ACCEPTED and any("12" in r and "34" in r for r in row.reasons), row
    assert _stored(mini_db, "organization", "test.housing") == before
