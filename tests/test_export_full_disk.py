"""Exports onto a full disk (a USB stick with a few KB left): one Japanese line and no file.

Seen by using it: `dvdesk export-sheet x.xlsx` there said the disk was full, and then Python printed
「Exception ignored in: ZipFile.__del__ … Traceback … ValueError: seek of closed file」 under it:
openpyxl's ZipFile was left open on the file that the failed write had closed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from disk_support import small_tmpfs, unmount

RUN = "import sys; from dvdesk.cli import main; sys.exit(main(sys.argv[1:]))"


@pytest.fixture
def full_folder(tmp_path):
    mount = small_tmpfs(tmp_path, "small", "64k")
    try:
        (mount / "filler").write_bytes(b"x" * (shutil.disk_usage(mount).free))  # not a byte left
        yield mount
    finally:
        unmount(mount)


def command(cli_mini, home, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DVDESK_DB": str(cli_mini), "DVDESK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-c", RUN, *argv], env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name", ["一覧.xlsx", "一覧.csv"])
def test_a_sheet_export_onto_a_full_disk_is_one_line_and_no_file(cli_mini, tmp_path, full_folder, name):
    done = command(cli_mini, tmp_path / "home", "export-sheet", str(full_folder / name))
    assert done.returncode == 1
    assert "ディスクの空き" in done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert sorted(p.name for p in full_folder.iterdir()) == ["filler"]
