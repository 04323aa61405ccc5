"""A contact's 内線, one stored form whichever way it came in, as its phone number.

Found in session 13 (h13-admin): 「３４」 typed in the form's 内線 was stored and printed on the staff
copy in full width, 「内線 ３４」 (the word typed too, as people write it) was refused by the form and a
sheet, while the number beside it went through ``rules.canonical_phone`` on every path. Now the same
shared save path (``records.coerce``: the form, first-run setup, packages, HSDS; a sheet's cells; the
bundled loader) stores ``rules.canonical_extension``: half-width digits, 「内線」 dropped.
"""

import csv
import io
import json
import zipfile

import pytest

from dvdesk.admin import package as pk
from dvdesk.admin import sheets
from dvdesk.admin.editing import Editor
from dvdesk.domain.rules import canonical_extension
from package_support import reseal

ORG = "test.center"  # mini's 相談室, 内線 123
CASES = [
    ("３４", "34"),
    ("内線 ３４", "34"),
    ("内線３４", "34"),
    ("内線：34", "34"),
    (" 34 ", "34"),
    ("３４－５", "34-5"),
    ("34ー5", "34-5"),
    ("123", "123"),
]


def _contact(db):
    with db.read() as session:
        org = next(r for r in pk.collect(session)[0]["organization"] if r["key"] == ORG)
    [contact] = org["contacts"]
    return contact


def by_form(db, tmp_path, typed):
    editor = Editor(db, "管理 花子")
    snap = editor.load("organization", ORG)
    snap["contacts"][0]["extension"] = typed
    editor.save("organization", snap, base=editor.load("organization", ORG))
    return _contact(db)["extension"]


def by_package(db, tmp_path, typed):
    path = tmp_path / "p.dvdesk"
    pk.export_package(db, path)
    with zipfile.ZipFile(path) as zf:
        manifest, content = json.loads(zf.read(pk.MANIFEST)), json.loads(zf.read(pk.CONTENT))
    next(r for r in content["records"]["organization"] if r["key"] == ORG)["contacts"][0]["extension"] = typed
    data = json.dumps(content, ensure_ascii=False).encode("utf-8")
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(pk.MANIFEST, json.dumps(reseal(manifest, data), ensure_ascii=False))
        zf.writestr(pk.CONTENT, data)
    pk.apply_package(db, pk.read_package(path), "管理 花子", backup=None)
    return _contact(db)["extension"]


def by_sheet(db, tmp_path, typed):
    """An organisation sheet with the phone directory's columns (its main contact's number and 内線)."""
    path = tmp_path / "o.csv"
    sheets.export_sheet(db, path, "organization")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    rows[0] += ["主な連絡先の電話番号", "主な連絡先の内線（職員のみ）"]
    for row in rows[1:]:  # (住宅課, which has no contact, gets one: a blank one is refused as empty)
        row += ["0766-99-0000", typed] if row[0] == ORG else ["0766-20-1234", ""]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8-sig")
    report = sheets.import_sheet(db, path, "管理 花子", backup=None)
    assert not report.rejected, report.rejected
    return _contact(db)["extension"]


@pytest.mark.parametrize("path", [by_form, by_package, by_sheet], ids=lambda f: f.__name__)
@pytest.mark.parametrize(("typed", "stored"), CASES, ids=[c[0] for c in CASES])
def test_the_same_extension_is_stored_the_same_way_by_every_path(mini_db, tmp_path, path, typed, stored):
    assert path(mini_db, tmp_path, typed) == stored


@pytest.mark.parametrize(("typed", "stored"), CASES)
def test_the_rule_itself(typed, stored):
    assert canonical_extension(typed) == stored
    assert canonical_extension(stored) == stored  # already stored: unchanged


@pytest.mark.parametrize("typed", ["代表", "内線 三四", "34 (夜間)"])
def test_what_is_no_extension_is_still_refused_in_the_words_typed(mini_db, typed):
    from dvdesk.admin.validation import ValidationError

    editor = Editor(mini_db, "管理 花子")
    snap = editor.load("organization", ORG)
    snap["contacts"][0]["extension"] = typed
    with pytest.raises(ValidationError, match="内線は数字で入力してください"):
        editor.save("organization", snap)
    assert _contact(mini_db)["extension"] == "123"  # nothing changed


def test_an_extension_stored_as_typed_by_an_earlier_version_is_stored_in_the_one_form_at_the_next_save(mini_db):
    """No migration: the next save of its record stores the one form, and the form's check for
    another administrator's save does not take the old form for a change (as for phones, 375a2fd)."""
    with mini_db.write() as s:
        s.connection().exec_driver_sql("UPDATE contact_points SET extension = '内線 １２３'")
    editor = Editor(mini_db, "管理 花子")
    base = editor.load("organization", ORG)
    assert base["contacts"][0]["extension"] == "内線 １２３"
    editor.save("organization", {**base, "description": "説明を足した"}, base=base)  # no EditConflict
    assert _contact(mini_db)["extension"] == "123"


def test_the_counselors_detail_shows_the_extension_in_the_one_form(mini_db):
    """What the staff see: 「内線 ３４」 typed in the form reaches the service's detail (the window's
    「内線 34 職員のみ」) as 34, and the client's view of it still has none."""
    from dvdesk.app.directory_queries import DeskData
    from dvdesk.domain.disclosure import Audience, for_audience

    by_form(mini_db, None, "内線 ３４")
    detail = DeskData(mini_db).service("test.svc.consult")  # provided by the 相談センター
    assert [c.extension for c in detail.provider.contacts] == ["34"]
    client = for_audience(detail, Audience.CLIENT)
    assert client is not None and [c.extension for c in client.provider.contacts] == [""]


def test_the_bundled_loader_stores_the_one_form_too(mini_db, tmp_path):
    import shutil

    from conftest import MINI
    from dvdesk.storage.bundled import load_into

    folder = tmp_path / "dir"
    shutil.copytree(MINI, folder)
    city = folder / "testcity.toml"
    city.write_text(
        city.read_text(encoding="utf-8").replace('extension = "123"', 'extension = "内線 １２３"'), encoding="utf-8"
    )
    load_into(mini_db, folder)
    assert _contact(mini_db)["extension"] == "123"
