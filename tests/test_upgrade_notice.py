"""An update of dvdesk meets the desk's file at an older revision: the administrator is told before
the migration, with the backup already taken and named (the command line and the window); a
migration that fails leaves the file as the older dvdesk left it, and says so instead of
「データベースを開けませんでした」 or 「予期しないエラー」."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from dvdesk.cli import main
from dvdesk.storage import migrations

OLD = "0006"  # a release before translations, shared desks and department towns


def _referral(case: str) -> None:
    assert main(["referrals", "add", "--case", case, "--counselor", "相談員A", "--department", "test.center"]) == 0


def _make_old(path: Path) -> None:
    """The file as an older dvdesk kept it: its referral log, its tables, revision OLD."""
    engine = create_engine(f"sqlite:///{path}")
    migrations.downgrade(engine, OLD)
    engine.dispose()


def _revision(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        con.close()


def _cases(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [r[0] for r in con.execute("SELECT case_ref FROM referrals ORDER BY id")]
    finally:
        con.close()


def test_the_command_line_says_before_a_migration_and_names_the_backup(cli_mini, capsys):
    _referral("R7-0142")
    _make_old(cli_mini)
    capsys.readouterr()
    assert main(["referrals", "list"]) == 0
    err = capsys.readouterr().err
    assert f"データベースをこの版の dvdesk の形式に更新します（{OLD} → {migrations.head_revision()}）" in err
    backup = Path(err.split("更新前のバックアップ: ", 1)[1].split("（", 1)[0])
    assert backup.name.endswith("-before-migration.sqlite3") and backup.exists()
    assert _revision(backup) == OLD and _cases(backup) == ["R7-0142"]  # the older dvdesk can go on with it
    assert _revision(cli_mini) == migrations.head_revision() and _cases(cli_mini) == ["R7-0142"]
    capsys.readouterr()
    assert main(["referrals", "list"]) == 0
    assert "更新します" not in capsys.readouterr().err  # said once: the file is current now


def _stray_table(path: Path) -> None:
    """A table a later migration creates, already there (left by a tool, a half-copied file): the
    migration fails half-way, after some of its statements ran."""
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE translations (x)")
    con.commit()
    con.close()


def test_a_migration_that_fails_leaves_the_file_usable_and_says_so(cli_mini, capsys):
    _referral("R7-0142")
    _make_old(cli_mini)
    _stray_table(cli_mini)
    before = cli_mini.read_bytes()
    capsys.readouterr()
    assert main(["referrals", "list"]) == 1
    err = capsys.readouterr().err
    assert "更新できませんでした。ファイルは更新前のまま変わっていません（前の版の dvdesk でそのまま使えます）" in err
    assert "-before-migration.sqlite3" in err
    assert "開けませんでした" not in err and "壊れ" not in err
    assert cli_mini.read_bytes() == before
    assert _revision(cli_mini) == OLD and _cases(cli_mini) == ["R7-0142"]


def test_a_failure_of_a_migration_script_itself_is_said_the_same_way(cli_mini, capsys, monkeypatch):
    _make_old(cli_mini)
    before = cli_mini.read_bytes()

    def broken(*args, **kwargs):
        raise KeyError("a bug in a migration script")

    monkeypatch.setattr("alembic.command.upgrade", broken)
    capsys.readouterr()
    assert main(["info"]) == 1
    err = capsys.readouterr().err
    assert "ファイルは更新前のまま変わっていません" in err and "予期しないエラー" not in err
    assert cli_mini.read_bytes() == before and _revision(cli_mini) == OLD


def test_the_window_says_it_before_the_migration_and_when_done(qtbot, cli_mini, monkeypatch):
    from PySide6.QtWidgets import QApplication, QMessageBox

    from dvdesk.gui import shared_desk
    from dvdesk.storage.db import Database

    _referral("R7-0142")
    _make_old(cli_mini)
    seen: list[str] = []
    real = migrations.upgrade

    def watched(engine, target="head"):
        boxes = [w for w in QApplication.topLevelWidgets() if w.objectName() == "migrationNotice"]
        seen.extend(f"{b.isVisible()} {b.text()} {b.informativeText()}" for b in boxes)
        assert not any(button.isEnabled() for b in boxes for button in b.buttons())  # no OK while it works
        return real(engine, target)

    monkeypatch.setattr(migrations, "upgrade", watched)
    db = shared_desk.open_shared_or_local()
    try:
        assert isinstance(db, Database)
        assert len(seen) == 1 and seen[0].startswith("True データベースをこの版の dvdesk の形式に更新しています")
        assert "-before-migration.sqlite3" in seen[0] and "dvdesk restore" in seen[0]
        box = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "migrationNotice")
        assert isinstance(box, QMessageBox) and box.isVisible() and not box.isModal()
        assert box.text().startswith("データベースをこの版の dvdesk の形式に更新しました")
        box.button(QMessageBox.StandardButton.Ok).click()
        assert not box.isVisible()
    finally:
        db.close()


def test_a_current_file_shows_no_notice(qtbot, cli_mini):
    from PySide6.QtWidgets import QApplication

    from dvdesk.gui import shared_desk

    db = shared_desk.open_shared_or_local()
    db.close()
    assert not [w for w in QApplication.topLevelWidgets() if w.objectName() == "migrationNotice" and w.isVisible()]


@pytest.mark.parametrize("newer", ["9999_from_a_newer_dvdesk"])
def test_a_file_from_a_newer_dvdesk_is_refused_before_any_backup(cli_mini, capsys, newer):
    con = sqlite3.connect(cli_mini)
    con.execute("UPDATE alembic_version SET version_num = ?", (newer,))
    con.commit()
    con.close()
    before = cli_mini.read_bytes()
    assert main(["referrals", "list"]) == 1
    err = capsys.readouterr().err
    assert "新しい版の dvdesk で作られているため、この版では開けません。何も変更していません" in err
    assert "更新します" not in err
    assert cli_mini.read_bytes() == before
    assert not list((cli_mini.parent / "backups").glob("*before-migration*"))


def test_the_backup_before_a_migration_outlives_the_thinning(cli_mini, capsys):
    """The notice names it as the way back to the previous dvdesk; the start backup taken minutes
    later is of the new form, and ten more (a week of starts) thinned the older one away."""
    from dvdesk.storage import backup

    _referral("R7-0142")
    _make_old(cli_mini)
    assert main(["info"]) == 0
    migrated = [b.path for b in backup.list_backups(cli_mini) if b.reason == "before-migration"]
    assert len(migrated) == 1
    for _ in range(backup.KEEP_RECENT + 2):
        backup.take(cli_mini, "start")
    assert migrated[0].exists() and _revision(migrated[0]) == OLD and _cases(migrated[0]) == ["R7-0142"]


HOLD_AS_AN_OLDER_DVDESK = """
import sys
from dvdesk.storage import open_marker
marker = open_marker.mark_open(__import__("pathlib").Path(sys.argv[1]))
print("open", flush=True)
sys.stdin.read()
"""


def test_no_migration_while_another_dvdesk_has_the_file_open(cli_mini, capsys):
    """The older version's window left running while the program was updated: migrated under it,
    it would go on writing the old form into the new one."""
    import subprocess
    import sys

    _referral("R7-0142")
    _make_old(cli_mini)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_AS_AN_OLDER_DVDESK, str(cli_mini)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        before = cli_mini.read_bytes()
        capsys.readouterr()
        assert main(["referrals", "list"]) == 1
        err = capsys.readouterr().err
        assert (
            "ほかの dvdesk（前の版を含む）がこのデータベースを開いているため" in err and "何も変更していません" in err
        )
        assert cli_mini.read_bytes() == before and _revision(cli_mini) == OLD
        assert not list((cli_mini.parent / "backups").glob("*before-migration*"))
    finally:
        holder.communicate("")
    assert main(["referrals", "list"]) == 0  # once it is closed, the update goes ahead
    assert _revision(cli_mini) == migrations.head_revision()
