"""A backup carried from another PC and restored here brings that PC's settings held in the
database (its municipality, the administrator's passphrase, the case-number form, the reminder
days) in place of this one's: the restore names each, from what to what, instead of doing it silently."""

from __future__ import annotations

import shutil
import sqlite3

from dvdesk.cli import main


def test_the_keys_are_the_ones_the_desk_writes():
    from dvdesk.admin.passphrase import META_KEY
    from dvdesk.domain.directory_views import DESK_MUNICIPALITY
    from dvdesk.domain.referrals import CASE_PATTERN_KEY, REMINDER_DAYS_KEY
    from dvdesk.storage import restore_settings

    assert restore_settings.DESK_MUNICIPALITY == DESK_MUNICIPALITY
    assert restore_settings.PASSPHRASE == META_KEY
    assert restore_settings.CASE_PATTERN == CASE_PATTERN_KEY
    assert restore_settings.REMINDER_DAYS == REMINDER_DAYS_KEY


def _set(path, **values):
    con = sqlite3.connect(path)
    for key, value in values.items():
        con.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
    con.commit()
    con.close()


def test_restoring_another_desks_backup_names_the_settings_it_brings(cli_mini, tmp_path, capsys):
    assert main(["referrals", "reminder-days", "10"]) == 0
    _set(cli_mini, desk_municipality="162027")
    other = tmp_path / "from-the-other-pc.sqlite3"
    shutil.copy(cli_mini, other)
    _set(other, **{"referrals.reminder_days": "3", "desk_municipality": "999999", "admin_passphrase": "x$y"})
    capsys.readouterr()
    assert main(["restore", str(other)]) == 0
    err = capsys.readouterr().err
    line = next(x for x in err.splitlines() if "この PC の設定もバックアップの値になりました" in x)
    assert "リマインドまでの日数 10日 → 3日" in line
    assert "この PC の市区町村 高岡市（162027） → 999999" in line
    assert "管理者のパスフレーズ（このバックアップを作った PC のものになります）" in line
    assert "x$y" not in err  # never the passphrase's stored value
    assert "dvdesk restore" in line  # the way back


def test_restoring_this_desks_own_backup_of_the_same_settings_says_nothing_of_them(cli_mini, capsys):
    assert main(["backup"]) == 0
    capsys.readouterr()
    assert main(["restore", "1"]) == 0
    assert "この PC の設定" not in capsys.readouterr().err
