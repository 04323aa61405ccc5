"""The connection to the shared server lost while a save commits: the server may hold the save.

The desk cannot know whether the COMMIT reached the server before the connection went. Telling the
counselor 「この PC には保存していません…もう一度保存してください」 then makes her record the referral
twice (the receiving department sees two, the statistics count two). The message says it cannot be
known and to look before saving again. A connection lost before the commit still says nothing was saved.
"""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg

import pg_support
from dvdesk.app.referrals import Referrals
from dvdesk.app.shared_mode import ServerAway, SharedDatabase
from dvdesk.cli import main
from dvdesk.storage.db import open_database

TODAY = dt.date(2025, 6, 30)
# PostgreSQL's words when the connection drops (psycopg's OperationalError, no SQLSTATE).
GONE = "server closed the connection unexpectedly"


@pytest.fixture
def server_url(pg_cluster):
    name = pg_cluster.new_database(pg_support.template_database(pg_cluster, "tpl_mini", pg_support._setup_mini))
    yield pg_cluster.url(name)
    from dvdesk.storage.db import close_servers

    close_servers()
    pg_cluster.drop_database(name)


@pytest.fixture
def lost_after_commit(monkeypatch):
    """The COMMIT reaches the server and is applied; the answer never comes back."""
    real = PGDialect_psycopg.do_commit

    def commit_then_lose(self, dbapi_connection):
        real(self, dbapi_connection)
        raise psycopg.OperationalError(GONE)

    monkeypatch.setattr(PGDialect_psycopg, "do_commit", commit_then_lose)
    return monkeypatch


def case_refs(url):
    db = open_database(url)
    try:
        return [v.case_ref for v in Referrals(db).list()]
    finally:
        db.close()


def test_a_desk_told_its_save_may_have_reached_the_server_does_not_record_it_twice(
    server_url, lost_after_commit, tmp_path
):
    shared = SharedDatabase(lambda: open_database(server_url), tmp_path / "copy" / "directory.sqlite3")
    log = Referrals(shared)
    try:
        [housing] = log.target_ids(["test.svc.housing"])
        with pytest.raises(ServerAway) as err:
            log.record(case_ref="R7-0001", counselor="相談員A", service_ids=[housing], today=TODAY)
        message = err.value.message
        assert "保存されたかどうか" in message and "確かめ" in message, message
        assert "保存していません" not in message  # it may well be on the server
        assert "\n" not in message
        lost_after_commit.undo()
        assert shared.probe()  # the server answers again
        assert case_refs(server_url) == ["R7-0001"]  # saved once: looking first, she does not save it again
    finally:
        shared.close()


def test_the_command_line_says_so_too(server_url, lost_after_commit, capsys):
    code = main(
        ["--db", server_url, "referrals", "add", "--case", "R7-0002", "--counselor", "相談員A"]
        + ["--service", "test.svc.housing", "--date", "2025-06-01"]
    )
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "保存されたかどうか" in err, err
    lost_after_commit.undo()
    assert case_refs(server_url) == ["R7-0002"]


def test_a_connection_lost_before_the_commit_still_says_nothing_was_saved(server_url, monkeypatch, tmp_path):
    shared = SharedDatabase(lambda: open_database(server_url), tmp_path / "copy" / "directory.sqlite3")
    log = Referrals(shared)
    try:
        [housing] = log.target_ids(["test.svc.housing"])

        real = PGDialect_psycopg.do_execute

        def lose_at_the_insert(self, cursor, statement, parameters, context=None):
            if statement.lstrip().upper().startswith("INSERT INTO REFERRALS"):
                raise psycopg.OperationalError(GONE)
            return real(self, cursor, statement, parameters, context)

        monkeypatch.setattr(PGDialect_psycopg, "do_execute", lose_at_the_insert)
        with pytest.raises(ServerAway) as err:
            log.record(case_ref="R7-0003", counselor="相談員A", service_ids=[housing], today=TODAY)
        assert "この PC には保存していません" in err.value.message
        monkeypatch.undo()
        assert case_refs(server_url) == []
    finally:
        shared.close()
