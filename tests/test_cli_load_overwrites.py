"""`dvdesk load` over a directory in use: a backup first, and an administrator's edit it writes
over is named and recorded in the history (dvdesk.admin.reload).

Seen by using it: an administrator corrected a line's description and phone in the window, then
ran `dvdesk load` (as the README says, "idempotent"): the shipped text came back, no backup was
taken (the window's imports all take one), and `dvdesk history` still showed the correction as
the record's last change — the edit was gone without a word.
"""

import json
import sqlite3
from pathlib import Path

from conftest import MINI
from dvdesk.admin.editing import Editor
from dvdesk.cli import main
from dvdesk.storage import backup
from dvdesk.storage.db import open_database

KEY = "test.svc.law"
EDITED = "毎月第2金曜日（管理者が確認して修正）"
SHIPPED = "毎月第4金曜日"  # tests/data/mini/testcity.toml


def _edit(path: Path) -> None:
    db = open_database(path)
    try:
        editor = Editor(db, "管理者A")
        editor.save("service", {**editor.load("service", KEY), "schedule": EDITED})
    finally:
        db.close()


def _schedule(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT schedule FROM services WHERE key = ?", (KEY,)).fetchone()[0]
    finally:
        con.close()


def test_load_backs_up_first_and_names_the_edit_it_writes_over(cli_mini, capsys):
    _edit(cli_mini)
    assert main(["load", "--dir", str(MINI)]) == 0
    out, err = capsys.readouterr()
    assert _schedule(cli_mini) == SHIPPED  # what load is for: the shipped values
    backups = backup.list_backups(cli_mini)
    assert len(backups) == 1 and str(backups[0].path) in out
    assert _schedule(backups[0].path) == EDITED  # the edit is kept in the backup
    assert KEY in out and "上書きしました" in out and "1 件" in err
    # the history says what happened, last: the edit, then the load that wrote over it
    assert main(["history", KEY, "--json"]) == 0
    changes = json.loads(capsys.readouterr()[0])
    load = [c for c in changes if c["admin"] == "dvdesk load"]
    assert [(c["field"], c["old"], c["new"]) for c in load] == [("schedule", EDITED, SHIPPED)]


def test_a_load_that_changes_nothing_names_nothing(cli_mini, capsys):
    assert main(["load", "--dir", str(MINI)]) == 0
    out, err = capsys.readouterr()
    assert "上書きしました" not in out and err == ""
    assert main(["history", KEY]) == 1  # no history was invented


def test_a_first_load_into_an_empty_file_takes_no_backup(tmp_path, monkeypatch, capsys):
    path = tmp_path / "fresh.sqlite3"
    monkeypatch.setenv("DVDESK_DB", str(path))
    assert main(["load", "--dir", str(MINI)]) == 0
    out, _ = capsys.readouterr()
    assert "バックアップ" not in out and backup.list_backups(path) == []


def test_a_refused_bundle_changes_nothing(cli_mini, tmp_path, capsys):
    _edit(cli_mini)
    bad = tmp_path / "bad"
    bad.mkdir()
    for f in MINI.glob("*.toml"):
        (bad / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    text = (bad / "testcity.toml").read_text(encoding="utf-8")
    (bad / "testcity.toml").write_text(text.replace('provider = "test.center"', 'provider = "nope"', 1), "utf-8")
    assert main(["load", "--dir", str(bad)]) == 1
    _, err = capsys.readouterr()
    assert len(err.strip().splitlines()) == 1
    assert _schedule(cli_mini) == EDITED


def test_a_mistyped_folder_is_named_in_japanese(cli_mini, tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    for folder, reason in ((tmp_path / "nope", "フォルダがありません"), (empty, "*.toml")):
        assert main(["load", "--dir", str(folder)]) == 1
        _, err = capsys.readouterr()
        assert reason in err and str(folder) in err and len(err.strip().splitlines()) == 1
        assert "not found" not in err and "no .toml" not in err
