"""The city's key exported onto a full USB stick: one Japanese line, no half-written key.

Seen by using it: the key window's 「書き出す」 onto a full disk raised OSError past its handler (only
PackageKeyError was caught), so the program's 「予期しないエラー」 box came up; the command line said
「鍵のファイルを書けません: …（No space left on device）」, the system's English.
"""

from __future__ import annotations

import contextlib
import io
import shutil

import pytest

from disk_support import small_tmpfs, unmount
from dvdesk.admin import package_key
from dvdesk.cli import main


@pytest.fixture
def full_folder(tmp_path):
    mount = small_tmpfs(tmp_path, "small", "64k")
    try:
        (mount / "filler").write_bytes(b"x" * shutil.disk_usage(mount).free)  # not a byte left
        yield mount
    finally:
        unmount(mount)


@pytest.fixture
def keyed(isolated_home):
    package_key.create("高岡市 男女平等推進センター")
    return isolated_home


def test_the_key_window_says_the_disk_is_full(qtbot, keyed, full_folder):
    from dvdesk.gui.admin.key_dialog import PackageKeyDialog

    dialog = PackageKeyDialog()
    qtbot.addWidget(dialog)
    dialog.export_to(full_folder / "市の鍵.dvdesk-key")  # raised OSError to the program's error box
    assert "ディスクの空き" in dialog.message.text()
    assert sorted(p.name for p in full_folder.iterdir()) == ["filler"]


def test_the_command_says_the_disk_is_full_in_japanese(keyed, full_folder):
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(["package-key", "export", str(full_folder / "市の鍵.dvdesk-key")])
    assert code == 1
    assert "ディスクの空き" in err.getvalue() and "No space" not in err.getvalue(), err.getvalue()
    assert sorted(p.name for p in full_folder.iterdir()) == ["filler"]
