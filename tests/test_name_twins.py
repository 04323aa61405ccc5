"""Two records whose names differ only by width, case or spaces (「ＤＶ電話相談」, 「DV電話相談」,
「dv電話相談」) look like one on the counselor's screen and are found by the same words, but the
duplicate-name check compared them as written: a city's corrected list (full width → half width,
no key column) added a second record beside the old one, with the old phone still in it. The
check now compares names as the search does (NFKC, case-folded, no spaces), on every path."""

import pytest

from db_support import dump
from dvdesk.admin.editing import Editor
from dvdesk.admin.sheets import import_sheet
from dvdesk.admin.validation import ValidationError, name_key


def write_csv(path, rows):
    path.write_bytes(("\r\n".join(",".join(r) for r in rows) + "\r\n").encode("utf-8"))
    return path


@pytest.mark.parametrize("twin", ["ＤＶ電話相談", "dv電話相談", "DV 電話相談", "ＤＶ　電話相談"])
def test_the_names_compare_as_the_search_reads_them(twin):
    assert name_key(twin) == name_key("DV電話相談")
    assert name_key("DV電話相談") != name_key("DV相談")


def test_a_twin_in_one_sheet_is_refused(mini_db, tmp_path):
    path = write_csv(
        tmp_path / "a.csv",
        [["名称", "市区町村", "内容"], ["ＤＶ電話相談", "162027", "a"], ["DV電話相談", "162027", "b"]],
    )
    report = import_sheet(mini_db, path, "管理 花子", backup=None)
    assert [r.title for r in report.accepted] == ["ＤＶ電話相談"] and report.balanced
    assert "同じ表に同じ名称" in " ".join(report.rejected[0].reasons)


def test_a_twin_of_a_stored_record_is_refused_by_a_sheet_and_by_the_editor(mini_db, tmp_path):
    editor = Editor(mini_db, "管理 花子")
    editor.save("service", {"name": "ＤＶ電話相談", "municipality": "162027", "source": "t"}, is_new=True)
    before = dump(mini_db)
    path = write_csv(tmp_path / "a.csv", [["名称", "市区町村", "内容"], ["DV電話相談", "162027", "b"]])
    report = import_sheet(mini_db, path, "管理 花子", backup=None)
    assert not report.accepted and "同じ名称のサービス" in " ".join(report.rejected[0].reasons)
    with pytest.raises(ValidationError, match="同じ名称"):
        editor.save("service", {"name": "dv電話相談", "municipality": "162027", "source": "t"}, is_new=True)
    assert dump(mini_db) == before


def test_a_twin_in_one_hsds_feed_is_refused_and_counted(mini_db, tmp_path):
    import json

    from dvdesk.admin.hsds_import import import_hsds

    services = [
        {"id": "a", "name": "ＤＶ電話相談", "description": "x", "status": "active"},
        {"id": "b", "name": "DV電話相談", "description": "y", "status": "active"},
        {"id": "c", "name": "別の相談", "description": "z", "status": "active"},
    ]
    path = tmp_path / "feed.json"
    path.write_text(json.dumps({"services": services}, ensure_ascii=False), encoding="utf-8")
    report = import_hsds(mini_db, path, "管理 花子", municipality="162027", backup=None)
    assert [r.title for r in report.accepted] == ["ＤＶ電話相談", "別の相談"] and report.balanced
    assert "同じファイルに同じ名称" in " ".join(report.rejected[0].reasons) and "id a" in report.rejected[0].reasons[0]
