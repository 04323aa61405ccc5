"""A column the city marked for staff in its heading's brackets (「内容（職員用）」, 「所在地（非公開）」)
was read by its bare heading (brackets are dropped to match 「掲載(〇/×)」) into a field that is
printed for the client: the staff's words went onto the client's copy, and an organisation's
address marked 非公開 was stored at the form's default level 公開. Such a column is now not read
into a printed field without the administrator's word (--map), and the report says why."""

from db_support import dump
from dvdesk.admin import sheets
from dvdesk.admin.sheet_layout import SheetOptions
from dvdesk.app.checklists import Checklists
from dvdesk.domain.disclosure import Audience


def write_csv(path, rows):
    path.write_bytes(("\r\n".join(",".join(r) for r in rows) + "\r\n").encode("utf-8"))
    return path


NOTE = "加害者が近隣に住むため来所時は裏口へ"


def test_a_staff_column_is_not_read_into_a_printed_field_and_the_report_says_why(mini_db, tmp_path):
    path = write_csv(
        tmp_path / "list.csv",
        [
            ["キー", "名称", "市区町村", "内容（職員用）", "利用方法(内部メモ)", "所在地（非公開）"],
            ["test.svc.law", "女性弁護士による無料法律相談", "162027", NOTE, "裏口から案内", "秘密町1-2-3"],
        ],
    )
    report = sheets.import_sheet(mini_db, path, "管理 花子")
    said = " ".join(report.notes)
    assert "内容（職員用）" in said and "利用方法(内部メモ)" in said and "印刷" in said
    law = next(s for s in sheets_records(mini_db) if s["key"] == "test.svc.law")
    assert NOTE not in law["description"] and "裏口" not in law["access"]
    assert law["location"] == "秘密町1-2-3"  # 所在地 is never printed unless made public: read
    checklists = Checklists(mini_db)
    draft = checklists.new_draft("162027", ["legal"], [])
    draft.add(checklists.service_item("test.svc.law"))
    assert NOTE not in checklists.render(draft.printed(), Audience.CLIENT).html


def test_an_organisation_address_marked_hidden_is_not_stored_as_public(mini_db, tmp_path):
    path = write_csv(
        tmp_path / "orgs.csv",
        [["キー", "組織名", "市区町村", "住所（非公開）"], ["test.housing", "住宅課", "162027", "秘密町9-9-9"]],
    )
    before = dump(mini_db)
    report = sheets.import_sheet(mini_db, path, "管理 花子", options=SheetOptions(kind="organization"))
    assert "住所（非公開）" in " ".join(report.notes)
    assert "秘密町9-9-9" not in str(dump(mini_db)) and dump(mini_db) == before


def test_she_can_still_put_the_column_where_she_means(mini_db, tmp_path):
    path = write_csv(
        tmp_path / "list.csv",
        [
            ["キー", "名称", "市区町村", "内容（職員用）"],
            ["test.svc.law", "女性弁護士による無料法律相談", "162027", NOTE],
        ],
    )
    sheets.import_sheet(mini_db, path, "管理 花子", options=SheetOptions(mapping={"内容（職員用）": "staff_note"}))
    law = next(s for s in sheets_records(mini_db) if s["key"] == "test.svc.law")
    assert law["staff_note"] == NOTE and NOTE not in law["description"]


def sheets_records(db):
    from dvdesk.admin.package import collect

    with db.read() as session:
        return collect(session)[0]["service"]
