"""The administration window lists this PC's municipality (with the nationwide records) by default,
any other scope on request, and never hides a record she has just saved."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import text

from dvdesk.admin.editing import NATIONWIDE_ONLY, Editor
from dvdesk.gui.admin.list_scope import ALL
from dvdesk.gui.admin.window import AdminWindow, build_options
from gui_support import KUNITACHI, TAKAOKA


def set_desk_municipality(db, code: str) -> None:
    with db.write() as session:
        session.execute(text("INSERT INTO meta(key, value) VALUES ('desk_municipality', :c)"), {"c": code})


def listed(window) -> set[str]:
    return {s["key"] for s in window.model.items}


def by_municipality(editor: Editor, kind_name: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for s in editor.all(kind_name):
        out.setdefault(s["municipality"], set()).add(s["key"])
    return out


@pytest.fixture
def takaoka_window(qtbot, bundled_db):
    set_desk_municipality(bundled_db, TAKAOKA)
    w = AdminWindow(bundled_db, "管理 花子")
    qtbot.addWidget(w)
    w.show()
    return w


def test_the_list_opens_on_this_pcs_municipality_with_the_nationwide_records(takaoka_window, bundled_db):
    groups = by_municipality(Editor(bundled_db, "x"), "service")
    assert groups[TAKAOKA] and groups[KUNITACHI] and groups[""]  # the test is about something
    assert takaoka_window.scope.currentData() == TAKAOKA
    assert listed(takaoka_window) == groups[TAKAOKA] | groups[""]
    assert "高岡市" in takaoka_window.statusBar().currentMessage()


def test_each_scope_lists_exactly_its_records(takaoka_window, bundled_db):
    editor = Editor(bundled_db, "x")
    for kind_name in ("service", "organization", "procedure", "plan"):
        groups = by_municipality(editor, kind_name)
        everything = set().union(*groups.values())
        assert editor.all(kind_name, None) and {s["key"] for s in editor.all(kind_name, None)} == everything
        assert {s["key"] for s in editor.all(kind_name, NATIONWIDE_ONLY)} == groups.get("", set())
        for code in (TAKAOKA, KUNITACHI):
            assert {s["key"] for s in editor.all(kind_name, code)} == groups.get(code, set()) | groups.get("", set())
            assert editor.count(kind_name, code) == len(groups.get(code, set()) | groups.get("", set()))
    takaoka_window.show_kind("service")
    groups = by_municipality(editor, "service")
    for data, expected in (
        (KUNITACHI, groups[KUNITACHI] | groups[""]),
        (NATIONWIDE_ONLY, groups[""]),
        (ALL, set().union(*groups.values())),
    ):
        takaoka_window.scope.setCurrentIndex(takaoka_window.scope.findData(data))
        assert listed(takaoka_window) == expected


def test_kinds_without_a_municipality_ignore_the_scope(takaoka_window, bundled_db):
    takaoka_window.show_kind("need")
    assert not takaoka_window.scope.isEnabled()
    assert listed(takaoka_window) == {s["key"] for s in Editor(bundled_db, "x").all("need")}


def test_headings_are_the_records_own_names_municipalities_and_states(bundled_db):
    editor = Editor(bundled_db, "x")
    for kind_name, title in (("organization", "name"), ("service", "name"), ("municipality", "name")):
        full = editor.all(kind_name)
        light = editor.headings(kind_name)
        assert len(light) == len(full) > 0
        for h, s in zip(light, full, strict=True):
            assert h["key"] == s["key"] and h[title] == s[title] and h["retired"] == s["retired"]
            assert h.get("municipality", "") == s.get("municipality", "")


def test_a_reference_can_still_name_another_municipalitys_department(takaoka_window, bundled_db):
    """The list is scoped; the choices of a record's references are not (a 国立市 service edited
    from the 高岡市 list keeps its 国立市 provider)."""
    options, _ = build_options(Editor(bundled_db, "x"))
    keys = {k for k, _ in options["organization"]}
    groups = by_municipality(Editor(bundled_db, "x"), "organization")
    assert groups[KUNITACHI] <= keys and groups[TAKAOKA] <= keys
    assert {k for k, _ in takaoka_window.options["organization"]} == keys


def test_a_record_saved_outside_the_chosen_municipality_is_shown_and_selected(qtbot, takaoka_window, bundled_db):
    window = takaoka_window
    window.show_kind("organization")
    window.filter.setText("高岡")  # a typed filter the new record does not match either
    qtbot.mouseClick(window.buttons["add"], Qt.MouseButton.LeftButton)
    dialog = window.dialog
    dialog.form.editors["name"].widget.setText("くにたち女性相談窓口（試験）")
    municipality = dialog.form.editors["municipality"].widget
    municipality.setCurrentIndex(municipality.findData(KUNITACHI))
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    key = saved.args[0].key
    assert window.selected() is not None and window.selected()["key"] == key
    # Its own municipality's list, not every record (a national directory's took 102 s and a gigabyte).
    assert window.scope.currentData() == KUNITACHI and window.filter.text() == ""
    assert window.statusBar().currentMessage() == "保存しました"


def test_a_municipality_brought_by_an_import_becomes_a_choice(takaoka_window, bundled_db):
    editor = Editor(bundled_db, "管理 花子")
    editor.save(
        "municipality", {"key": "162116", "name": "射水市", "prefecture": "富山県", "source": "試験"}, is_new=True
    )
    takaoka_window.refresh()
    assert takaoka_window.scope.findData("162116") >= 0
    assert takaoka_window.scope.currentData() == TAKAOKA  # her choice kept


def test_plan_measures_are_the_plans_own_measures_in_order(bundled_db):
    editor = Editor(bundled_db, "x")
    full = editor.all("plan")
    assert sum(len(p["initiatives"]) for p in full) > 20  # the bundled plans' measures
    assert editor.plan_measures() == [
        {
            "key": p["key"],
            "title": p["title"],
            "initiatives": [
                {"number": i["number"], "label": i["label"], "title": i["title"]} for i in p["initiatives"]
            ],
        }
        for p in full
    ]
