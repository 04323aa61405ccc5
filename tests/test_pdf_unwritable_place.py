"""A PDF saved where no file can be made (/proc, a read-only drive, a folder she may not write to) is
refused naming the real cause: the folder cannot be written. It said 「保存先のフォルダがありません:
/proc」 (the folder is there) or 「読み取り専用か、Excel などで開かれています」 of a file that does not exist."""

from __future__ import annotations

import errno
import sys
from pathlib import Path

import pytest

from dvdesk import files
from dvdesk.cli import main
from dvdesk.gui.checklist_dialog import ChecklistDialog

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and /sys are Linux's")
CANNOT = "には書き込めません（読み取り専用の場所か、書き込む権限がありません）"


@linux
@pytest.mark.parametrize("target", ["/proc/x.pdf", "/sys/x.pdf"])
def test_the_command_names_a_folder_it_cannot_write(qapp, checklist_db, monkeypatch, capsys, target):
    monkeypatch.setenv("DVDESK_DB", str(checklist_db.path))
    code = main(["checklist", "-m", "高岡市", "--pdf", target])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert f"保存先のフォルダ {Path(target).parent} {CANNOT}" in err, err
    assert "フォルダがありません" not in err and "Excel" not in err
    assert not Path(target).exists()


@linux
def test_the_window_names_a_folder_it_cannot_write(qtbot, checklist_db, monkeypatch):
    dialog = ChecklistDialog(checklist_db, "高岡市", ["children"])
    said: list[str] = []
    monkeypatch.setattr(dialog, "report", said.append)
    qtbot.addWidget(dialog)
    assert dialog.printing.export_pdf("/proc/x.pdf") is None
    assert len(said) == 1 and f"/proc {CANNOT}" in said[0], said
    assert "フォルダがありません" not in said[0]


def test_a_folder_no_file_can_be_made_in_is_not_said_to_be_a_file_open_in_excel(tmp_path):
    denied = PermissionError(errno.EACCES, "Permission denied")
    refused = files.explain(tmp_path / "x.pdf", denied, making=True)  # the temporary file was refused
    assert f"{tmp_path} {CANNOT}" in refused.message and "Excel" not in refused.message
    refused = files.explain(tmp_path / "x.pdf", denied)  # replacing the file was refused: held open, as before
    assert "x.pdf に書き込めません（読み取り専用か、Excel などで開かれています）" in refused.message


def test_a_missing_folder_is_still_said_missing(tmp_path):
    refused = files.explain(tmp_path / "no" / "x.pdf", FileNotFoundError(errno.ENOENT, "No such file"))
    assert refused.message == f"保存先のフォルダがありません: {tmp_path / 'no'}"
