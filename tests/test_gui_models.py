"""The window's item models, checked by pytest-qt's model tester and on their own."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from dvdesk.app.directory_queries import ALL_KINDS, CLIENT_KINDS, DeskData, DeskQuery, merge_hits
from dvdesk.domain.models import ServiceKind
from dvdesk.domain.search import SearchHit
from dvdesk.gui.department_model import DepartmentTreeModel
from dvdesk.gui.desk_models import ID_ROLE, KEY_ROLE, NeedTreeModel, ResultsModel
from gui_support import KUNITACHI, TAKAOKA


def test_results_model_passes_the_model_tester(qtmodeltester, desk_db):
    model = ResultsModel()
    model.set_hits(DeskData(desk_db).search(DeskQuery()))
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 7


def test_results_model_reports_missing_phones_and_national_lines(qapp, desk_db):
    model = ResultsModel()
    model.set_hits(DeskData(desk_db).search(DeskQuery()))
    rows = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    housing, national = rows["市営住宅の入居配慮"], rows["全国テスト相談ダイヤル"]
    assert model.index(housing, ResultsModel.PHONE).data() == "未登録"
    assert model.index(national, ResultsModel.AREA).data() == "全国"
    assert model.index(national, ResultsModel.PHONE).data() == "0120-000-000\n24時間"  # the number itself
    assert isinstance(model.index(housing, 0).data(ID_ROLE), int)


def test_need_tree_model_passes_the_model_tester(qtmodeltester, desk_db):
    model = NeedTreeModel()
    model.set_needs(DeskData(desk_db).needs(TAKAOKA, CLIENT_KINDS))
    qtmodeltester.check(model, force_py=True)


def test_need_tree_has_children_labels_in_either_language_and_keys(qapp, desk_db):
    rows = DeskData(desk_db).needs(None, CLIENT_KINDS)
    japanese, english = NeedTreeModel(), NeedTreeModel(english=True)
    japanese.set_needs(rows)
    english.set_needs(rows)
    children = japanese.index_of("children")
    assert children.data() == "子ども・子育て" and english.index_of("children").data() == "Children"
    kid_keys = {japanese.index(r, 0, children).data(KEY_ROLE) for r in range(japanese.rowCount(children))}
    assert kid_keys == {"children.allowance", "children.daycare", "children.school", "children.care"}
    care = japanese.index_of("children.care")
    assert japanese.parent(care) == children
    assert japanese.parent(children) == QModelIndex()
    assert japanese.index_of("no.such.need") == QModelIndex()


def test_need_counts_match_what_the_list_shows(desk_db):
    data = DeskData(desk_db)
    for kinds in (CLIENT_KINDS, ALL_KINDS):
        for row in data.needs(TAKAOKA, kinds):
            listed = data.search(DeskQuery(municipality_code=TAKAOKA, need_keys=(row.key,), kinds=kinds, limit=1000))
            assert row.count == len(listed), row.key


def test_department_model_passes_the_model_tester(qtmodeltester, desk_db):
    model = DepartmentTreeModel()
    model.set_organizations(DeskData(desk_db).organizations(None))
    qtmodeltester.check(model, force_py=True)


def test_departments_are_grouped_by_kind_with_national_ones_last(qapp, desk_db):
    model = DepartmentTreeModel()
    model.set_organizations(DeskData(desk_db).organizations(KUNITACHI))
    groups = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert groups == ["市の課・室（1）", "全国（1）"]  # the town's own, then national
    town, national = model.index(0, 0), model.index(1, 0)
    assert model.index(0, 0, town).data() == "テスト子育て支援課"
    assert "全国" in model.index(0, 0, national).data(Qt.ItemDataRole.ToolTipRole)
    assert not model.flags(town) & Qt.ItemFlag.ItemIsSelectable  # a heading cannot be chosen
    assert model.organization(town) is None
    assert model.organization(model.index(0, 0, national)).name == "テスト全国相談ダイヤル運営"


def test_several_needs_are_a_union_in_the_searchers_order():
    def hit(i, name, kind=ServiceKind.CLIENT, score=0.0):
        return SearchHit(i, name, "", "", kind, True, score)

    a = [hit(1, "b", score=-2.0), hit(2, "internal", ServiceKind.INTERNAL)]
    b = [hit(1, "b", score=-1.0), hit(3, "a", score=-3.0)]
    merged = merge_hits([a, b], limit=10)
    assert [h.service_id for h in merged] == [3, 1, 2]  # clients first, best score first
    assert merged[1].score == -2.0
    assert len(merge_hits([a, b], limit=2)) == 2


def test_an_edit_to_the_directory_reaches_the_next_search(desk_db):
    from dvdesk.domain.models import Synonym

    data = DeskData(desk_db)
    assert data.search(DeskQuery("おうち")) == []  # the searcher (and its synonyms) is now cached
    with desk_db.write() as s:
        s.add_all([Synonym(group_key="home", term="おうち"), Synonym(group_key="home", term="住宅")])
    assert [h.name for h in data.search(DeskQuery("おうち"))] == ["市営住宅の入居配慮", "住宅課"]  # and its department
