"""``server-backup`` keeps a dump only when it holds every row of every table the server has.

Found in h18: after pg_dump the command looked for the data of five tables in ``pg_restore --list``
(services, organizations, referrals, change_history, alembic_version). A dump without the referral
events, the monthly counts, the checklist templates, the settings (``meta``) … was kept and called a
backup. Now the dump is taken in a snapshot held open by dvdesk (``pg_dump --snapshot``), every
table's rows are counted in that snapshot, and the dump's rows are read back and compared.
"""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from sqlalchemy import func, select, text

import pg_support
from dvdesk.app import server_backup
from dvdesk.cli import main, server_commands
from dvdesk.domain import referrals
from dvdesk.domain.casework_models import Referral
from dvdesk.domain.models import Service
from dvdesk.storage.db import close_servers, open_database

pytestmark = [
    pytest.mark.slow,  # pg_dump and pg_restore of the server: the thorough tier
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),  # as test_server_roles
]


@pytest.fixture
def server(pg_cluster):
    name = pg_cluster.new_database(pg_support.template_database(pg_cluster, "tpl_mini", pg_support._setup_mini))
    yield pg_cluster.url(name)
    close_servers()
    pg_cluster.drop_database(name)


def _record(url: str, case_ref: str) -> None:
    db = open_database(url)
    with db.write() as s:
        service_id = s.scalar(select(Service.id).order_by(Service.id))
        referrals.record_referral(
            s, case_ref=case_ref, counselor="相談員A", service_ids=[service_id],
            referred_on=dt.date(2026, 12, 1), today=dt.date(2026, 12, 1),
        )  # fmt: skip
        s.execute(
            text("INSERT INTO checklist_templates (municipality_code, name, needs, circumstances, items) "
                 "VALUES ('162027', :n, '[]', '[]', '[]')"),
            {"n": f"転出 {case_ref}"},
        )  # fmt: skip
    db.close()


def _pg_dump_wrapped(monkeypatch, change):
    real_run = subprocess.run

    def run(args, **kwargs):
        if "pg_dump" in str(args[0]):
            args = change(list(args))
        return real_run(args, **kwargs)

    monkeypatch.setattr(server_commands.subprocess, "run", run)


def test_a_dump_without_one_tables_rows_is_refused_and_not_kept(server, tmp_path, monkeypatch, capsys):
    _record(server, "R8-0001")
    _pg_dump_wrapped(monkeypatch, lambda a: [a[0], "--exclude-table-data=checklist_templates", *a[1:]])
    target = tmp_path / "dvdesk.dump"
    assert main(["--db", server, "server-backup", str(target)]) == 1
    err = capsys.readouterr().err
    assert "checklist_templates" in err and "残していません" in err and "Traceback" not in err, err
    assert not target.exists() and not target.with_name(target.name + ".partial").exists()


def test_a_dump_holding_fewer_rows_than_the_server_is_refused(server, pg_cluster, tmp_path, monkeypatch, capsys):
    """The dump's table data all listed, but a referral short (here: pg_dump reached a copy of the
    database taken before the referral): the counts differ, and it is named."""
    stale = pg_cluster.new_database(server.split("@/")[1].split("?")[0])
    _record(server, "R8-0002")

    def elsewhere(args):
        return [a.replace(server.split("@/")[1].split("?")[0], stale) for a in args if not a.startswith("--snapshot")]

    _pg_dump_wrapped(monkeypatch, elsewhere)
    target = tmp_path / "dvdesk.dump"
    try:
        assert main(["--db", server, "server-backup", str(target)]) == 1
    finally:
        close_servers()
        pg_cluster.drop_database(stale)
    err = capsys.readouterr().err
    assert "referrals（サーバー 1 行、ダンプ 0 行）" in err and not target.exists(), err


def test_a_referral_recorded_while_the_dump_runs_neither_fails_the_check_nor_half_enters(
    server, pg_cluster, tmp_path, monkeypatch, capsys
):
    """A desk records a referral after the snapshot, before pg_dump reads: the dump and its counts are
    of the same moment, so the backup is kept, without that referral, and restores whole."""
    _record(server, "R8-0003")

    def a_desk_records_meanwhile(args):
        _record(server, "R8-0004")
        return args

    _pg_dump_wrapped(monkeypatch, a_desk_records_meanwhile)
    target = tmp_path / "dvdesk.dump"
    assert main(["--db", server, "server-backup", str(target)]) == 0
    out = capsys.readouterr().out
    assert "確かめました" in out and target.exists()
    restored = pg_cluster.new_database()
    subprocess.run(
        [server_commands.pg_tool("pg_restore"), "--no-owner", "-d", pg_cluster.url(restored), str(target)],
        check=True,
        capture_output=True,
    )
    copy = open_database(pg_cluster.url(restored))
    with copy.read() as s:
        assert s.scalars(select(Referral.case_ref)).all() == ["R8-0003"]
        assert s.scalar(select(func.count()).select_from(text("checklist_templates"))) == 1
    copy.close()
    pg_cluster.drop_database(restored)


def test_the_counts_read_back_from_pg_restores_output():
    lines = [
        "SET client_encoding = 'UTF8';\n",
        "COPY public.meta (key, value) FROM stdin;\n",
        "a\tb\n",
        "c\t\\\\.\n",  # a backslash-dot inside a value is escaped: not the end
        "\\.\n",
        'COPY public."checklist_templates" (id) FROM stdin;\n',
        "\\.\n",
    ]
    found = server_backup.dump_counts(lines)
    assert found == {"meta": 2, "checklist_templates": 0}
    expected = {"meta": 2, "checklist_templates": 1, "referrals": 3, "needs": -1}
    assert server_backup.shortfalls(expected, found) == [
        "checklist_templates（サーバー 1 行、ダンプ 0 行）",
        "needs（サーバーにこの表がありません）",
        "referrals（ダンプに行のデータがありません。サーバーは 3 行）",
    ]


def test_a_server_an_older_dvdesk_set_up_is_backed_up_before_the_update(server, capsys, tmp_path):
    """The backup an administrator takes before running the new server-setup: the server is at an
    older revision (here: as if before checklist templates), which the desks refuse — the backup may
    not. Its own tables are checked; the model's newer ones are not asked of it."""
    from dvdesk.storage.db import close_servers

    _record(server, "R8-0005")
    db = open_database(server)
    with db.write() as s:
        s.execute(text("DROP TABLE checklist_templates"))
        s.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    db.close()
    close_servers()
    target = tmp_path / "before-update.dump"
    assert main(["--db", server, "server-backup", str(target)]) == 0, capsys.readouterr().err
    assert "確かめました" in capsys.readouterr().out and target.exists()
