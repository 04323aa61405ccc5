"""A backup made by a newer dvdesk (another PC's, brought on a USB stick; this PC's, after the
program was put back to an older version) is never restored over the desk's file: restored, it
left a database this dvdesk refuses to open, every command and the window locked out."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from dvdesk.cli import main
from dvdesk.storage import backup


def _newer_copy(source: Path, target: Path) -> Path:
    shutil.copy(source, target)
    con = sqlite3.connect(target)
    con.execute("UPDATE alembic_version SET version_num = '9999_newer'")
    con.commit()
    con.close()
    return target


def test_a_backup_from_a_newer_dvdesk_is_refused_and_nothing_changes(cli_mini, tmp_path, capsys):
    assert main(["referrals", "add", "--case", "R7-0142", "--counselor", "相談員A", "--department", "test.center"]) == 0
    newer = _newer_copy(cli_mini, tmp_path / "from-the-other-pc.sqlite3")
    before = cli_mini.read_bytes()
    backups_before = sorted(p.name for p in (cli_mini.parent / "backups").iterdir())
    capsys.readouterr()
    assert main(["restore", str(newer)]) == 1
    err = capsys.readouterr().err
    assert "新しい版の dvdesk で作られているため、この版では復元できません。何も変更していません" in err
    assert cli_mini.read_bytes() == before
    assert sorted(p.name for p in (cli_mini.parent / "backups").iterdir()) == backups_before
    assert main(["referrals", "list"]) == 0  # the desk still opens its file
    assert "R7-0142" in capsys.readouterr().out


def test_the_storage_layer_refuses_it_too(cli_mini, tmp_path):
    import pytest

    from dvdesk.storage.errors import BackupTooNew

    newer = _newer_copy(cli_mini, tmp_path / "newer.sqlite3")
    with pytest.raises(BackupTooNew):
        backup.restore(newer, cli_mini)


def test_recovery_starts_from_the_newest_backup_this_dvdesk_can_open(cli_mini):
    own = backup.take(cli_mini, "manual")
    newer = _newer_copy(own, own.with_name("dvdesk-29991231-235959-000000-manual.sqlite3"))  # listed first
    assert backup.list_backups(cli_mini)[0].path == newer
    assert backup.newest_good(cli_mini).path == own
