"""A plan that loses a measure (取組) unlinks the services and departments that named it: the
preview lists each of them (counted, named, in Japanese), the apply writes a history row for each
(so the admin window's history and undo see it), and the editor says so before it saves.

Plans reach the directory through data packages and the editor only (sheets and HSDS carry no
plans): both are held here. In the fixture, 取組1 of test.plan is named by the service
test.svc.consult and has test.center as its department.
"""

from __future__ import annotations

import pytest

from dvdesk.admin import package as pk
from dvdesk.admin.editing import EditError, Editor
from dvdesk.admin.sync import UNLINKED
from dvdesk.cli.admin_commands import print_plan
from test_package_gate import members, record, write


def _dropping_package(mini_db, tmp_path, *, with_service: bool = False):
    path = tmp_path / "mini.dvdesk"
    pk.export_package(mini_db, path, exported_by="管理 花子")
    manifest, doc = members(path)
    plan = record(doc, "plan", "test.plan")
    # 取組1 dropped, another measure in its place (one of the same title would be 取組1 renumbered)
    plan["initiatives"] = [{**plan["initiatives"][0], "number": "2", "label": "取組2", "title": "就労"}]
    kept = {"plan": [plan]}
    if with_service:
        svc = record(doc, "service", "test.svc.consult")
        svc["initiatives"] = []
        kept["service"] = [svc]
    doc["records"] = kept
    doc["synonyms"] = {}
    return pk.read_package(write(tmp_path / "dropping.dvdesk", manifest, doc))


def _initiatives(mini_db, key):
    return Editor(mini_db, "管理 花子").load("service", key)["initiatives"]


def test_the_package_preview_names_each_record_that_loses_a_link(mini_db, tmp_path, capsys):
    assert "test.plan#1" in _initiatives(mini_db, "test.svc.consult")
    plan = pk.preview(mini_db, _dropping_package(mini_db, tmp_path))
    lost = {(d.kind, d.key): d for d in plan.diffs if d.action == UNLINKED}
    assert set(lost) == {("service", "test.svc.consult"), ("organization", "test.center")}
    svc = lost[("service", "test.svc.consult")]
    assert svc.action_label == "取組の紐付けが外れる" and svc.title  # named, in Japanese
    assert "test.plan#1" in svc.changes[0].old and "test.plan#1" not in svc.changes[0].new
    assert svc.changes[0].label == "計画の取組"
    assert "取組の紐付けが外れる 2件" in plan.summary()  # counted
    print_plan(plan)
    out = capsys.readouterr().out
    assert "test.svc.consult" in out and "test.center" in out and "担当する計画の取組" in out


def test_a_service_of_the_same_package_is_its_own_change_not_a_lost_link(mini_db, tmp_path):
    plan = pk.preview(mini_db, _dropping_package(mini_db, tmp_path, with_service=True))
    assert {(d.kind, d.key) for d in plan.diffs if d.action == UNLINKED} == {("organization", "test.center")}


def test_the_apply_writes_history_for_each_unlinked_record_and_undo_puts_it_back(mini_db, tmp_path):
    package = _dropping_package(mini_db, tmp_path)
    pk.apply_package(mini_db, package, "管理 花子", backup=None, previewed=pk.preview(mini_db, package))
    assert "test.plan#1" not in _initiatives(mini_db, "test.svc.consult")
    editor = Editor(mini_db, "管理 花子")
    rows = editor.history("service", "test.svc.consult")
    assert rows and rows[0].label == "計画の取組" and "test.plan#1" in rows[0].old
    dept = editor.history("organization", "test.center")
    assert dept and dept[0].label == "担当する計画の取組" and dept[0].old == ["test.plan#1"] and dept[0].new == []
    # The department's row alone cannot be undone (the measure is the plan's): said in words.
    try:
        editor.undo_change(dept[0].id)
    except EditError as exc:
        assert "計画" in str(exc)
    else:
        raise AssertionError("a department's lost link undone alone without a word")
    editor.undo_edit(rows[0].edit_id)
    assert "test.plan#1" in _initiatives(mini_db, "test.svc.consult")
    plan = editor.load("plan", "test.plan")
    assert [i["number"] for i in plan["initiatives"]] == ["1"]
    assert plan["initiatives"][0]["departments"] == ["test.center"]


@pytest.mark.pg_quick("the lost links are found by a query that joins a plan's key and a measure's number")
def test_the_editor_says_who_loses_a_link_and_records_it(any_mini_db):
    mini_db = any_mini_db
    editor = Editor(mini_db, "管理 花子")
    snap = editor.load("plan", "test.plan")
    snap["initiatives"] = []
    said = editor.unlinks("plan", snap)
    assert any("test.svc.consult" in s or "相談" in s for s in said) and len(said) == 2
    assert all("取組1" in s for s in said)
    result = editor.save("plan", snap)
    rows = editor.history("service", "test.svc.consult")
    assert rows[0].edit_id == result.edit_id and "test.plan#1" in rows[0].old
    assert editor.unlinks("plan", editor.load("plan", "test.plan")) == []


def test_the_form_asks_before_saving_a_plan_that_unlinks_others(qtbot, mini_db, monkeypatch):
    """The record dialog (a plan's measures edited in it) asks first; declined, nothing is saved."""
    from PySide6.QtCore import Qt

    from dvdesk.gui.admin.record_dialog import RecordDialog
    from dvdesk.gui.admin.window import build_options

    editor = Editor(mini_db, "管理 花子")
    for answer in (False, True):
        dialog = RecordDialog(editor, "plan", "test.plan", build_options(editor)[0])
        qtbot.addWidget(dialog)
        given = {**dialog.values(), "initiatives": []}  # the measures as a form would give them: 取組1 removed
        monkeypatch.setattr(dialog, "values", lambda given=given: given)
        asked: list[list[str]] = []
        monkeypatch.setattr(
            dialog, "ask_unlinks", lambda lines, answer=answer, asked=asked: asked.append(lines) or answer
        )
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert len(asked) == 1 and len(asked[0]) == 2 and "相談" in asked[0][0]
        held = "test.plan#1" in _initiatives(mini_db, "test.svc.consult")
        assert held != answer


def test_undoing_the_edit_that_added_a_measure_records_who_loses_it(mini_db):
    """An undo that takes a measure away (its edit added it; a service named it since) unlinks
    that service: its history says so, as a save's would."""
    editor = Editor(mini_db, "管理 花子")
    plan = editor.load("plan", "test.plan")
    plan["initiatives"].append({**plan["initiatives"][0], "number": "2", "label": "取組2", "departments": []})
    added = editor.save("plan", plan)
    svc = editor.load("service", "test.svc.law")
    editor.save("service", {**svc, "initiatives": [*svc["initiatives"], "test.plan#2"]})
    undone = editor.undo_edit(added.edit_id)
    assert "test.plan#2" not in _initiatives(mini_db, "test.svc.law")
    rows = editor.history("service", "test.svc.law")
    assert rows[0].edit_id == undone.edit_id and "test.plan#2" in rows[0].old and "test.plan#2" not in rows[0].new
