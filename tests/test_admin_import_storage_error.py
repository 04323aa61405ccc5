"""An import that meets a full disk (or a drive gone) as it is applied: the administration window says
「取り込めませんでした（何も変更していません）」 and why, like any other refused import, and the
database holds what it held. The StorageError went past the preview's handler to the program's
error box, which said the disk was full but not that the import had not happened."""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy.exc
from PySide6.QtCore import Qt

from db_support import dump
from dvdesk.admin import package as pk
from dvdesk.admin.editing import Editor
from dvdesk.gui.admin.window import AdminWindow
from dvdesk.storage import db as db_module


@pytest.fixture
def window(qtbot, mini_db):
    w = AdminWindow(mini_db, "管理 花子")
    qtbot.addWidget(w)
    w.show()
    return w


@pytest.mark.parametrize(
    ("sqlite_says", "words"),
    [("database or disk is full", "ディスクの空き"), ("disk I/O error", "")],
    ids=["disk-full", "drive-gone"],
)
def test_a_package_applied_onto_a_full_disk_says_nothing_changed(
    qtbot, window, mini_db, tmp_path, monkeypatch, sqlite_says, words
):
    from dvdesk.storage.db import open_database

    source = open_database(tmp_path / "other.sqlite3", fill=False)
    pk.export_package(mini_db, tmp_path / "a.dvdesk")
    pk.apply_package(source, pk.read_package(tmp_path / "a.dvdesk"), "x")
    Editor(source, "別の管理者").save(
        "service", {**Editor(source, "x").load("service", "test.svc.law"), "schedule": "毎月第2金曜日"}
    )
    pk.export_package(source, tmp_path / "b.dvdesk")
    source.close()
    said: list[str] = []
    monkeypatch.setattr(window, "show_error", said.append)
    window.import_package(tmp_path / "b.dvdesk")
    preview = window.dialog
    qtbot.waitUntil(preview.isVisible)
    before = dump(mini_db)

    def full(_session):
        raise sqlalchemy.exc.OperationalError("INSERT", {}, sqlite3.OperationalError(sqlite_says))

    monkeypatch.setattr(db_module, "_count_change", full)
    qtbot.mouseClick(preview.apply_button, Qt.MouseButton.LeftButton)
    assert len(said) == 1 and "取り込めませんでした（何も変更していません）" in said[0], said
    assert words in said[0]
    assert "取り込みました" not in window.statusBar().currentMessage()
    assert dump(mini_db) == before
