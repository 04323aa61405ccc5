"""A server backup put back (``dvdesk server-restore``) never gives a referral number twice.

Found in h18 (left): the server's numbers come from its sequence, and ``pg_restore`` of a
``server-backup`` file set it back to where it stood at the backup: the referrals recorded since
left the log, and the next referral got the number of one of them — the number the counselor
holding its slip would move it by (``referrals status 2 done``), silently moving a new client's
referral. (The SQLite restore keeps the highest number given: test_referral_id_after_restore.)
``server-restore`` restores in one transaction that sets the sequence above every number given.
"""

from __future__ import annotations

import subprocess

import pytest
from sqlalchemy import select

import pg_support
from dvdesk.cli import main
from dvdesk.domain.casework_models import Referral
from dvdesk.storage.db import close_servers, open_database

pytestmark = [
    pytest.mark.slow,  # pg_dump, pg_restore and psql of the server: the thorough tier
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),  # as test_server_roles
]


@pytest.fixture
def server(pg_cluster):
    name = pg_cluster.new_database(pg_support.template_database(pg_cluster, "tpl_mini", pg_support._setup_mini))
    yield pg_cluster.url(name)
    close_servers()
    pg_cluster.drop_database(name)


def _add(capsys, url: str, case: str) -> int:
    args = ["--db", url, "referrals", "add", "--case", case, "--counselor", "相談員A", "--department", "test.center"]
    assert main(args) == 0
    return int(capsys.readouterr().out.split("記録しました:", 1)[1].split()[0])


def _backup(capsys, url: str, target) -> None:
    assert main(["--db", url, "server-backup", str(target)]) == 0
    capsys.readouterr()


def _case_refs(url: str) -> list[str]:
    db = open_database(url)
    with db.read() as s:
        refs = list(s.scalars(select(Referral.case_ref).order_by(Referral.id)))
    db.close()
    return refs


def test_after_a_restore_a_new_referral_never_takes_the_number_of_one_taken_out(server, tmp_path, capsys):
    first = _add(capsys, server, "R7-4")
    dump = tmp_path / "dvdesk.dump"
    _backup(capsys, server, dump)
    given = [_add(capsys, server, "R7-5"), _add(capsys, server, "R7-6")]
    assert main(["--db", server, "server-restore", str(dump)]) == 0
    out = capsys.readouterr().out
    assert f"次の紹介は {max(given) + 1} 番から" in out, out
    assert _case_refs(server) == ["R7-4"]  # the backup's log
    new = _add(capsys, server, "R8-1")
    assert new not in [first, *given] and new > max(given)
    # The counselor holding R7-6's number moves it: never the new client's referral.
    assert main(["--db", server, "referrals", "status", str(given[1]), "done"]) != 0
    capsys.readouterr()
    assert main(["--db", server, "referrals", "list"]) == 0
    listed = capsys.readouterr().out
    assert "R8-1" in listed and "対応完了" not in listed


def test_a_restore_into_another_database_keeps_the_numbers_of_the_one_in_use(server, pg_cluster, tmp_path, capsys):
    dump = tmp_path / "dvdesk.dump"
    _backup(capsys, server, dump)
    given = _add(capsys, server, "R7-5")
    restored = pg_cluster.url(pg_cluster.new_database())
    try:
        assert main(["--db", restored, "server-restore", str(dump), "--keep-numbers-of", server]) == 0
        capsys.readouterr()
        assert _add(capsys, restored, "R8-1") > given
    finally:
        close_servers()
        pg_cluster.drop_database(restored.split("@/")[1].split("?")[0])


def test_a_damaged_backup_changes_nothing(server, tmp_path, capsys):
    before = _add(capsys, server, "R7-5")
    dump = tmp_path / "dvdesk.dump"
    _backup(capsys, server, dump)
    after = _add(capsys, server, "R7-6")
    data = dump.read_bytes()
    dump.write_bytes(data[: len(data) * 2 // 3])  # cut short (a copy broken off)
    assert main(["--db", server, "server-restore", str(dump)]) == 1
    err = capsys.readouterr().err
    assert "復元できませんでした" in err and "復元前のまま" in err and "Traceback" not in err, err
    assert _case_refs(server) == ["R7-5", "R7-6"]
    assert _add(capsys, server, "R8-1") > max(before, after)


def test_a_server_away_is_said_and_nothing_claimed(server, tmp_path, capsys):
    """psql cannot connect: one Japanese line and exit 1 (a first version's broken pipe, writing the
    backup into a psql that had stopped, ended the command silently with 0, as if restored)."""
    dump = tmp_path / "dvdesk.dump"
    _backup(capsys, server, dump)
    away = f"postgresql://postgres@/dvdesk?host={tmp_path / 'no-server'}"
    assert main(["--db", away, "server-restore", str(dump)]) == 1
    err = capsys.readouterr().err
    assert "復元できませんでした" in err and "復元前のまま" in err and "Traceback" not in err, err
    assert err.count("\n") == 1


def test_a_counselors_backup_and_an_administrators_restore_name_the_login_to_use(server, pg_cluster, tmp_path, capsys):
    """The server refuses them (a counselor's role reads no sequence; only the owner drops tables):
    said with the login that may, and the server's data as it was."""
    from test_server_roles import login

    pg_cluster.sql(
        f'GRANT CONNECT ON DATABASE "{server.split("@/")[1].split("?")[0]}" TO dvdesk_counselor, dvdesk_admin'
    )
    dump = tmp_path / "dvdesk.dump"
    _backup(capsys, server, dump)
    given = _add(capsys, server, "R7-5")
    counselor = login(pg_cluster, server, "counselor_r1", "dvdesk_counselor")
    assert main(["--db", counselor, "server-backup", str(tmp_path / "c.dump")]) == 1
    err = capsys.readouterr().err
    assert "dvdesk_admin" in err and "Traceback" not in err and not (tmp_path / "c.dump").exists(), err
    admin = login(pg_cluster, server, "admin_r1", "dvdesk_admin")
    assert main(["--db", admin, "server-restore", str(dump)]) == 1
    err = capsys.readouterr().err
    assert "所有者" in err and "復元前のまま" in err, err
    assert _case_refs(server) == ["R7-5"] and _add(capsys, server, "R8-1") > given


def _change_count(url: str) -> int:
    from sqlalchemy import text

    db = open_database(url)
    with db.read() as s:
        count = int(s.execute(text("SELECT value FROM meta WHERE key = 'change_count'")).scalar_one())
    db.close()
    return count


def test_the_change_counter_goes_forward_too(server, tmp_path, capsys):
    """A desk keeps its search vocabulary and its local copy while the counter is unchanged: set back
    by the restore and counted up again to the value a desk had seen, it would read the old directory."""
    dump = tmp_path / "dvdesk.dump"
    _backup(capsys, server, dump)
    at_backup = _change_count(server)
    for n in range(3):
        _add(capsys, server, f"R7-{n}")
    seen = _change_count(server)
    assert seen > at_backup
    assert main(["--db", server, "server-restore", str(dump)]) == 0
    capsys.readouterr()
    assert _change_count(server) > seen


def test_another_databases_dump_is_not_restored_over_the_server(server, pg_cluster, tmp_path, capsys):
    """--clean drops only what the archive holds: another database's dump would be mixed in."""
    from dvdesk.cli.server_commands import pg_tool

    other = pg_cluster.new_database()
    pg_cluster.sql("CREATE TABLE accounts (id int); INSERT INTO accounts VALUES (1)", dbname=other)
    dump = tmp_path / "other.dump"
    subprocess.run(
        [pg_tool("pg_dump"), "--format=custom", "--file", str(dump), pg_cluster.url(other)],
        check=True,
        capture_output=True,
    )
    pg_cluster.drop_database(other)
    _add(capsys, server, "R7-5")
    assert main(["--db", server, "server-restore", str(dump)]) == 1
    err = capsys.readouterr().err
    assert "server-backup のファイルではありません" in err and "復元前のまま" in err, err
    assert _case_refs(server) == ["R7-5"]
