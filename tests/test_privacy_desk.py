"""Nothing about a client stays on the PC: after a desk session in which the counselor typed
words about her client and printed a checklist with a note, no file dvdesk wrote (database,
WAL, settings, logs, caches, backups) and no new temporary file holds those words."""

import os
import tempfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from checklist_support import compact, pdf_text
from dvdesk.gui.app import Desk
from dvdesk.gui.checklist_dialog import ChecklistDialog
from dvdesk.gui.i18n import Translators
from dvdesk.gui.settings import Settings
from gui_support import type_text

TYPED = "夫から逃げたいテスト"  # what a counselor might type at the desk (fictional)
NOTE = "テスト花子さん 木曜に再来所"  # a note for the client on her printout (fictional)


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def holding(paths, *needles: str) -> list[str]:
    found = []
    for path in paths:
        data = path.read_bytes()
        for needle in needles:
            for encoding in ("utf-8", "utf-16-le", "cp932"):
                if needle.encode(encoding) in data:
                    found.append(f"{path} holds {needle!r} ({encoding})")
    return found


@pytest.fixture
def session_files(desk_db, qtbot, isolated_home, tmp_path):
    tmp_before = set(os.listdir(tempfile.gettempdir()))
    font = QApplication.font()
    translators = Translators()
    translators.install("ja")
    desk = Desk(desk_db, Settings(), translators)
    desk.show()
    qtbot.waitExposed(desk.window)
    type_text(desk.window.results.search, TYPED)
    qtbot.waitUntil(lambda: not desk.window.controller.pending)
    dialog = ChecklistDialog(desk_db, "162027", ["housing"])
    qtbot.addWidget(dialog)
    reports: list[str] = []
    dialog.report = reports.append  # a message box would wait for a click
    dialog.note.setPlainText(NOTE)
    pdf = dialog.printing.export_pdf(tmp_path / "client.pdf")
    assert reports == [] and pdf is not None and pdf.exists()
    dialog.close()
    desk.window.close()
    translators.uninstall()
    QApplication.setFont(font)
    desk_db.engine.dispose()  # let SQLite checkpoint and close its files
    new_tmp = [Path(tempfile.gettempdir()) / n for n in set(os.listdir(tempfile.gettempdir())) - tmp_before]
    return [*files_under(isolated_home), *files_under(desk_db.path.parent), *new_tmp], pdf


def test_no_file_dvdesk_wrote_holds_what_was_typed_or_the_clients_note(session_files):
    files, pdf = session_files
    assert "木曜に再来所" in compact(pdf_text(pdf))  # the note did reach the printout itself
    written = [f for f in files if f != pdf and f.is_file()]
    assert written, "expected settings, logs and the database to exist"
    assert holding(written, TYPED, NOTE) == []


def test_printing_leaves_no_temporary_copy(session_files):
    files, pdf = session_files
    stray = [f for f in files if f.suffix.lower() in {".pdf", ".html", ".htm", ".ps"} and f != pdf]
    assert stray == []
