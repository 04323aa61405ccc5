"""``dvdesk recover`` on a file that is not damaged refuses and changes nothing: recovery sets the file
aside and puts the newest backup in its place, which on a healthy file took back every directory edit
made since that backup (a shelter's location made secret since: public again) and called the healthy
file 「壊れたファイル」. A damaged, empty or missing file is still recovered (tests/test_backup_safety.py,
tests/test_recover_referrals.py)."""

from __future__ import annotations

import shutil

from db_support import dump
from dvdesk.admin.editing import Editor
from dvdesk.cli import main
from dvdesk.storage import backup
from dvdesk.storage.db import open_database
from dvdesk.storage.recovery import healthy
from test_backup_safety import add_referral


def test_recover_refuses_a_healthy_file_and_keeps_the_edits_made_since_the_backup(
    _mini_template, tmp_path, monkeypatch, capsys
):
    path = tmp_path / "d.sqlite3"
    db = open_database(shutil.copy(_mini_template, path), fill=False)
    add_referral(db, "R7-0142")
    backup.take(path, "manual")
    editor = Editor(db, "管理 花子")  # after the backup: made secret, as an administrator would
    snap = editor.load("service", "test.svc.housing")
    editor.save("service", {**snap, "location": "駅前ビル3階", "location_confidentiality": "secret"})
    before = dump(db)
    db.close()
    assert healthy(path)
    monkeypatch.setenv("DVDESK_DB", str(path))
    capsys.readouterr()
    assert main(["recover"]) == 1
    err = capsys.readouterr().err
    assert "壊れていません" in err and "dvdesk restore" in err and "何も変更していません" in err
    assert err.count("\n") == 1  # one line, no traceback
    assert sorted(p.name for p in tmp_path.iterdir() if "damaged" in p.name) == []
    reopened = open_database(path, fill=False)
    try:
        assert dump(reopened) == before
    finally:
        reopened.close()


def test_an_empty_or_missing_file_is_not_healthy(tmp_path):
    path = tmp_path / "d.sqlite3"
    assert not healthy(path)
    path.write_bytes(b"")
    assert not healthy(path)
    path.write_bytes(b"\0" * 8192)
    assert not healthy(path)
