"""A restore copies a file over the database whole, and asked only that the file open, pass
``quick_check`` and hold a municipality (and, since main's 98b3b4f, be of no newer dvdesk's schema).
Another program's SQLite file with a
``municipalities`` table was restored and the desk could not open its database; a dvdesk backup with a
trigger added was restored and the trigger ran on the desk's own writes (one here deletes each
referral as it is recorded). Each is now refused in one Japanese line naming the cause, with the
database left as it was (every table's rows compared), and a recovery never picks such a file."""

import sqlite3
from pathlib import Path

import pytest

from conftest import MINI
from dvdesk.cli import main
from dvdesk.storage import backup, backup_schema, migrations


def _rows(db: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {n: sorted(map(repr, con.execute(f'SELECT * FROM "{n}"'))) for n in names}
    finally:
        con.close()


@pytest.fixture
def desk(monkeypatch, capsys, tmp_path):
    db = tmp_path / "desk.sqlite3"
    monkeypatch.setenv("DVDESK_DB", str(db))
    assert main(["load", "--dir", str(MINI)]) == 0
    good = backup.take(db, "manual")
    assert main(["referrals", "add", "--case", "R8-0001", "--counselor", "相談員A", "--department", "test.center"]) == 0
    capsys.readouterr()
    return db, good


def _altered(good: Path, tmp_path: Path, name: str, *sql: str) -> Path:
    copy = tmp_path / name
    copy.write_bytes(good.read_bytes())
    con = sqlite3.connect(copy)
    for statement in sql:
        con.execute(statement)
    con.commit()
    con.close()
    return copy


def _other_program(tmp_path: Path) -> Path:
    path = tmp_path / "places.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE municipalities (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO municipalities VALUES (1, '高岡市')")
    con.commit()
    con.close()
    return path


CASES = {
    "newer": (("UPDATE alembic_version SET version_num = '0999'",), "新しい版の dvdesk で作られ"),
    "trigger": (
        ("CREATE TRIGGER t AFTER INSERT ON referrals BEGIN DELETE FROM referrals; END",),
        "dvdesk が作らないもの（trigger「t」）",
    ),
    "view": (
        ("DROP TABLE search_order", "CREATE VIEW search_order AS SELECT 1 AS x"),
        "dvdesk が作らないもの（view「search_order」）",
    ),
    "column": (("ALTER TABLE services DROP COLUMN staff_note",), "表「services」の列「staff_note」がありません"),
    "no-revision": (("DROP TABLE alembic_version",), "dvdesk のバックアップではありません"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_backup_dvdesk_cannot_use_is_refused_and_the_database_is_left_as_it_was(desk, capsys, tmp_path, case):
    db, good = desk
    sql, said = CASES[case]
    hostile = _altered(good, tmp_path, f"{case}.sqlite3", *sql)
    assert backup.is_good(hostile)  # what was asked before: it passed
    before = _rows(db)

    assert main(["restore", str(hostile)]) == 1
    err = capsys.readouterr().err
    assert said in err and "何も変更していません" in err and "Traceback" not in err
    assert _rows(db) == before
    assert main(["referrals", "list"]) == 0 and "R8-0001" in capsys.readouterr().out


def test_another_programs_sqlite_file_is_not_restored(desk, capsys, tmp_path):
    db, _ = desk
    before = _rows(db)
    assert main(["restore", str(_other_program(tmp_path))]) == 1
    err = capsys.readouterr().err
    assert "dvdesk のバックアップではありません" in err and "何も変更していません" in err
    assert _rows(db) == before


def test_the_restore_function_refuses_too_so_a_recovery_cannot_put_one_back(desk, tmp_path):
    db, good = desk
    hostile = _altered(good, tmp_path, "t.sqlite3", "CREATE TRIGGER t AFTER INSERT ON referrals BEGIN SELECT 1; END")
    before = _rows(db)
    with pytest.raises(backup_schema.NotRestorable):
        backup.restore(hostile, db)
    assert _rows(db) == before
    # the newest good backup a recovery would restore passes over a newer dvdesk's
    newest = backup.take(db, "manual")
    con = sqlite3.connect(newest)
    con.execute("UPDATE alembic_version SET version_num = '0999'")
    con.commit()
    con.close()
    assert backup.newest_good(db).path == good


def test_a_backup_of_an_older_schema_is_still_restored_and_upgraded(monkeypatch, capsys, tmp_path):
    """Every revision this dvdesk knows may be restored: the desk upgrades it when it opens it."""
    from sqlalchemy import create_engine

    db = tmp_path / "desk.sqlite3"
    monkeypatch.setenv("DVDESK_DB", str(db))
    assert main(["load", "--dir", str(MINI)]) == 0
    old = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{old}")
    migrations.upgrade(engine, "0004")
    engine.dispose()
    con = sqlite3.connect(old)
    con.execute(
        "INSERT INTO municipalities (code, name, prefecture, source, source_note, verified_by, retired)"
        " VALUES ('162027', '高岡市', '富山県', 's', '', '', 0)"
    )
    con.commit()
    con.close()
    assert backup_schema.unrestorable(old) == ""
    assert main(["restore", str(old)]) == 0
    assert main(["municipalities"]) == 0
    assert "高岡市" in capsys.readouterr().out
