"""A routine run only from the command line is backed up too: before the first write of the day a
CLI command makes (``dvdesk referrals add`` …), a backup of the database as it was, unless one was
taken today already (by the window's start, an import, an earlier command) or nothing changed since
the newest. It was only ever backed up at the window's next start: a desk that records referrals by
script alone had no backup of them at all. At most one such backup a day, so a 3 GB national file
does not stall every write; a command that only reads never takes one."""

from __future__ import annotations

import datetime as dt
import sqlite3

from dvdesk.cli import main
from dvdesk.storage import backup
from dvdesk.storage.errors import DiskFull


def add(case: str) -> int:
    return main(["referrals", "add", "--case", case, "--counselor", "相談員A", "--department", "test.center"])


def referral_cases(path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [r[0] for r in con.execute("SELECT case_ref FROM referrals ORDER BY id")]
    finally:
        con.close()


def as_of_yesterday(info: backup.BackupInfo) -> None:
    """The backup as if taken yesterday (its name carries the time it was taken)."""
    yesterday = (info.taken_at - dt.timedelta(days=1)).strftime("%Y%m%d-%H%M%S-%f")
    info.path.rename(info.path.with_name(f"dvdesk-{yesterday}-{info.reason}.sqlite3"))


def test_the_first_write_of_the_day_is_preceded_by_a_backup_of_the_database_as_it_was(cli_mini, capsys):
    assert backup.list_backups(cli_mini) == []
    assert add("R8-0001") == 0
    taken = backup.list_backups(cli_mini)
    assert [b.reason for b in taken] == ["cli"]
    assert referral_cases(taken[0].path) == []  # the state before the write
    assert referral_cases(cli_mini) == ["R8-0001"]

    assert add("R8-0002") == 0  # the same day: no second backup
    assert main(["referrals", "list"]) == 0
    assert [b.path for b in backup.list_backups(cli_mini)] == [taken[0].path]
    assert "バックアップ" not in capsys.readouterr().err


def test_the_next_days_first_write_backs_up_what_the_command_line_wrote_the_day_before(cli_mini):
    assert add("R8-0001") == 0
    as_of_yesterday(backup.list_backups(cli_mini)[0])
    assert add("R8-0002") == 0
    newest = backup.list_backups(cli_mini)
    assert len(newest) == 2 and newest[0].taken_at.date() == dt.date.today()
    assert referral_cases(newest[0].path) == ["R8-0001"]  # yesterday's referral is in a backup now


def test_no_backup_when_nothing_changed_since_the_newest_or_when_only_reading(cli_mini):
    kept = backup.take(cli_mini, "manual")
    as_of_yesterday(backup.list_backups(cli_mini)[0])
    assert main(["referrals", "list"]) == 0
    assert main(["search", "相談"]) == 0
    assert len(backup.list_backups(cli_mini)) == 1  # reading takes none
    assert add("R8-0001") == 0  # unchanged since yesterday's backup: it already holds this state
    assert len(backup.list_backups(cli_mini)) == 1
    assert not kept.exists()  # (renamed)


def test_a_backup_that_fails_is_said_in_one_line_and_the_write_still_happens(cli_mini, capsys, monkeypatch):
    def full(path, reason):
        raise DiskFull(path, "No space left on device")

    monkeypatch.setattr(backup, "take", full)
    assert add("R8-0001") == 0
    err = capsys.readouterr().err
    assert len([line for line in err.splitlines() if "バックアップ" in line]) == 1
    assert referral_cases(cli_mini) == ["R8-0001"]
