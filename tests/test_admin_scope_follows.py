"""The administration window's municipality scope follows what she does: a new municipality for
this PC, an undo from a record's history, an import of other municipalities' records. Nothing she
has just done leaves the list without a word."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from dvdesk.admin import package as pk
from dvdesk.admin.editing import Editor
from dvdesk.gui.admin.list_scope import ALL
from dvdesk.gui.admin.window import AdminWindow
from dvdesk.storage.db import open_database
from gui_support import KUNITACHI, TAKAOKA
from test_admin_list_scope import listed, set_desk_municipality


def open_window(qtbot, db) -> AdminWindow:
    w = AdminWindow(db, "管理 花子")
    qtbot.addWidget(w)
    w.show()
    return w


def choose_in_setup(qtbot, window: AdminWindow, name: str) -> None:
    setup = window.open_first_run()
    qtbot.addWidget(setup)
    setup.query.setText(name)
    setup.choose_current()


@pytest.mark.parametrize("before", [TAKAOKA, ""])
def test_the_list_follows_this_pcs_new_municipality(qtbot, bundled_db, before):
    """Set up for 国立市 (the PC was 高岡市's, or nobody's yet): the list shows 国立市 and the
    nationwide records, as a window opened now would."""
    if before:
        set_desk_municipality(bundled_db, before)
    window = open_window(qtbot, bundled_db)
    choose_in_setup(qtbot, window, "国立市")
    assert window.scope.currentData() == KUNITACHI
    assert listed(window) == {s["key"] for s in Editor(bundled_db, "x").all("service", KUNITACHI)}
    assert "国立市" in window.statusBar().currentMessage()


def test_a_scope_she_chose_herself_is_kept_when_the_municipality_changes(qtbot, bundled_db):
    set_desk_municipality(bundled_db, TAKAOKA)
    window = open_window(qtbot, bundled_db)
    window.scope.setCurrentIndex(window.scope.findData(ALL))
    choose_in_setup(qtbot, window, "国立市")
    assert window.scope.currentData() == ALL


def test_an_undo_that_moves_a_record_out_of_the_list_keeps_it_shown_and_selected(qtbot, bundled_db):
    """A 国立市 department moved to 高岡市 (shown in 高岡市's list); she undoes the move from its
    history: it is back in 国立市, and still in front of her, selected, with a word."""
    set_desk_municipality(bundled_db, TAKAOKA)
    editor = Editor(bundled_db, "管理 花子")
    org = next(o for o in editor.all("organization", KUNITACHI) if o["municipality"] == KUNITACHI)
    editor.save("organization", {**org, "municipality": TAKAOKA})
    window = open_window(qtbot, bundled_db)
    window.show_kind("organization")
    window.select_key(org["key"])
    window.history_of_selected()
    history = window.dialog
    qtbot.addWidget(history)
    history.select_row(0)  # the newest change: the move
    qtbot.mouseClick(history.undo_one, Qt.MouseButton.LeftButton)
    assert editor.load("organization", org["key"])["municipality"] == KUNITACHI
    assert window.selected() is not None and window.selected()["key"] == org["key"]
    assert window.selected()["municipality"] == KUNITACHI  # the list's copy is the database's
    assert window.scope.currentData() == KUNITACHI  # its own municipality, not every record
    assert "取り消しました" in window.statusBar().currentMessage()


def test_after_an_import_the_status_says_the_list_shows_one_municipality(qtbot, bundled_db, tmp_path):
    """A package of other municipalities' records, imported with the list on 高岡市: the result
    says what came in and that the list shows 高岡市 only (the new records are one choice away)."""
    set_desk_municipality(bundled_db, TAKAOKA)
    source = open_database(tmp_path / "other.sqlite3", fill=False)
    pk.apply_package(source, pk.read_package(pk_export(bundled_db, tmp_path / "a.dvdesk")), "x")
    other = Editor(source, "別の管理者")
    org = next(o for o in other.all("organization", KUNITACHI) if o["municipality"] == KUNITACHI)
    other.save("organization", {**org, "name": org["name"] + "（新）"})
    path = pk_export(source, tmp_path / "b.dvdesk")
    source.close()
    window = open_window(qtbot, bundled_db)
    window.show_kind("organization")
    window.import_package(path)
    preview = window.dialog
    with qtbot.waitSignal(preview.accepted):
        qtbot.mouseClick(preview.apply_button, Qt.MouseButton.LeftButton)
    assert Editor(bundled_db, "x").load("organization", org["key"])["name"].endswith("（新）")
    message = window.statusBar().currentMessage()
    assert "取り込みました: 変更 1件" in message
    assert org["key"] not in listed(window)
    assert "高岡市（162027）と全国" in message and "すべての市区町村" in message


def pk_export(db, path):
    pk.export_package(db, path)
    return path
