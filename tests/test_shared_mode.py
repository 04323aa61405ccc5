"""When the server is away: reads from the local copy, writes refused with a message, back when it returns.

The "server" here is a database behind a switch (``Switch``): off, every connection fails the way
a stopped server's does. The PostgreSQL run stops a real cluster (tests/test_shared_pg.py).
"""

import contextlib
import datetime as dt

import pytest
from sqlalchemy import select, text

from dvdesk.app import shared_mode
from dvdesk.app.shared_mode import ServerAway, SharedDatabase
from dvdesk.domain import checklist, referrals
from dvdesk.domain.casework_models import Referral
from dvdesk.domain.models import Meta, Service
from dvdesk.domain.search import Searcher, SearchQuery
from dvdesk.storage.errors import DatabaseUnavailable

TODAY = dt.date(2025, 6, 30)


class Switch:
    """A server database that can be switched off (connections refused) and on again."""

    def __init__(self, db):
        self.db, self.up = db, True

    def connect(self):
        if not self.up:
            raise DatabaseUnavailable(self.db.path, "connection refused")
        return self

    def _check(self):
        if not self.up:
            raise DatabaseUnavailable(self.db.path, "server closed the connection unexpectedly")

    @contextlib.contextmanager
    def read(self):
        self._check()
        with self.db.read() as s:
            yield s

    @contextlib.contextmanager
    def write(self):
        self._check()
        with self.db.write() as s:
            yield s

    def close(self):
        pass


def names(db, query):
    with db.read() as s:
        return [h.name for h in Searcher(s).search(SearchQuery(query))]


def service_id(db, key):
    with db.read() as s:
        return s.scalar(select(Service.id).where(Service.key == key))


@pytest.fixture
def shared(any_mini_db, tmp_path):
    server = Switch(any_mini_db)
    states: list[bool] = []
    db = SharedDatabase(server.connect, tmp_path / "copy" / "directory.sqlite3", on_change=states.append)
    yield server, db, states
    db.close()


@pytest.mark.pg_quick("the local copy taken from a real server")
def test_the_local_copy_holds_the_directory_and_nothing_private(shared, tmp_path, any_mini_db):
    server, db, states = shared
    with any_mini_db.write() as s:
        s.merge(Meta(key="admin_passphrase", value="scrypt$secret"))
        referrals.record_referral(
            s,
            case_ref="R3-0142",
            counselor="相談員A",
            service_ids=[service_id(any_mini_db, "test.svc.housing")],
            today=TODAY,
        )
    assert db.refresh_copy()
    from dvdesk.storage.db import open_database

    copy = open_database(tmp_path / "copy" / "directory.sqlite3", fill=False)
    try:
        with copy.read() as s, any_mini_db.read() as server_s:
            assert s.scalar(text("SELECT count(*) FROM services")) == server_s.scalar(
                text("SELECT count(*) FROM services")
            )
            assert s.scalar(text("SELECT count(*) FROM procedures")) == server_s.scalar(
                text("SELECT count(*) FROM procedures")
            )
            tables = {r[0] for r in s.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))}
            assert not tables & shared_mode.NOT_COPIED
            assert s.get(Meta, "admin_passphrase") is None
    finally:
        copy.close()


@pytest.mark.pg_quick("shared mode's away/back cycle over a real server")
def test_server_stops_banner_state_search_from_the_copy_referral_refused_then_back(shared, any_mini_db):
    server, db, states = shared
    assert db.online and states == [True]
    assert "市営住宅の入居配慮" in names(db, "住宅")

    server.up = False  # the server stops
    assert not db.probe()
    assert states == [True, False] and not db.online
    assert "市営住宅の入居配慮" in names(db, "住宅")  # search still works, from the local copy
    assert "緊急一時保護" in names(db, "シェルター")

    with pytest.raises(ServerAway, match="紹介記録と相談件数は表示できません"), db.read() as s:
        referrals.list_referrals(s)  # never an empty list that looks like "no referrals"
    with pytest.raises(ServerAway) as err, db.write() as s:
        referrals.record_referral(
            s, case_ref="R3-0142", counselor="相談員A", service_ids=[service_id(db, "test.svc.housing")], today=TODAY
        )
    assert "サーバーに接続できないため保存できません" in err.value.message
    with any_mini_db.read() as s:
        assert s.scalar(select(Referral.id)) is None  # nothing half-written anywhere

    server.up = True  # the server is back
    assert db.probe()
    assert states == [True, False, True] and db.online
    with db.write() as s:
        referrals.record_referral(
            s, case_ref="R3-0142", counselor="相談員A", service_ids=[service_id(db, "test.svc.housing")], today=TODAY
        )
    with any_mini_db.read() as s:
        assert s.scalar(select(Referral.case_ref)) == "R3-0142"


def items(db):
    with db.read() as s:
        sheet = checklist.propose(s, "高岡市", ["housing"], ["children", "moving_out"])
        return [(sec.department.name, [i.name for i in sec.items]) for sec in sheet.sections]


def test_the_checklist_works_from_the_copy_exactly_as_on_the_server(any_bundled_db, tmp_path):
    server = Switch(any_bundled_db)
    db = SharedDatabase(server.connect, tmp_path / "copy" / "directory.sqlite3")
    try:
        on_server = items(db)
        assert len(on_server) >= 3
        server.up = False
        db.probe()
        assert not db.online
        assert items(db) == on_server
        assert names(db, "住民票")[:3] == names(any_bundled_db, "住民票")[:3]
    finally:
        db.close()


def test_a_read_finds_the_server_gone_before_the_window_probes(shared):
    server, db, states = shared
    server.up = False
    assert "市営住宅の入居配慮" in names(db, "住宅")  # the first read after it left falls back at once
    assert states == [True, False]


def test_the_copy_follows_the_directory_as_it_was_when_the_server_was_last_reachable(shared, any_mini_db):
    server, db, _ = shared
    with any_mini_db.write() as s:
        s.scalar(select(Service).where(Service.key == "test.svc.law")).name = "女性弁護士の法律相談（改）"
    server.up = False
    db.probe()
    assert "女性弁護士の法律相談（改）" not in names(db, "法律")  # the copy predates the edit …
    server.up = True
    db.probe()  # … and is refreshed when the server is back
    server.up = False
    db.probe()
    assert "女性弁護士の法律相談（改）" in names(db, "法律")


def test_starting_while_the_server_is_away(any_mini_db, tmp_path):
    server = Switch(any_mini_db)
    path = tmp_path / "copy" / "directory.sqlite3"
    server.up = False
    with pytest.raises(ServerAway):  # no copy yet: nothing to show, said plainly
        SharedDatabase(server.connect, path)
    server.up = True
    SharedDatabase(server.connect, path).close()  # a first start with the server makes the copy
    server.up = False
    db = SharedDatabase(server.connect, path)
    try:
        assert not db.online
        assert "市営住宅の入居配慮" in names(db, "住宅")
    finally:
        db.close()


def test_the_copy_is_replaced_whole_or_not_at_all(shared, monkeypatch, tmp_path):
    server, db, _ = shared
    path = tmp_path / "copy" / "directory.sqlite3"
    before = path.read_bytes()

    def leaves_mid_copy(*_a, **_k):
        raise DatabaseUnavailable(path, "server closed the connection unexpectedly")

    monkeypatch.setattr(shared_mode.search_index, "rebuild", leaves_mid_copy)
    assert not db.refresh_copy()
    assert path.read_bytes() == before
    server.up = False
    db.probe()
    assert "市営住宅の入居配慮" in names(db, "住宅")


def test_while_the_server_answers_the_copy_is_retaken_after_a_change(shared, any_mini_db, monkeypatch):
    server, db, _ = shared
    monkeypatch.setattr(shared_mode, "COPY_EVERY_S", 0.0)
    taken = db.copy_path.stat().st_mtime_ns
    assert db.probe() and db.copy_path.stat().st_mtime_ns == taken  # nothing changed: no new copy
    with any_mini_db.write() as s:
        s.scalar(select(Service).where(Service.key == "test.svc.law")).name = "女性弁護士の法律相談（改）"
    assert db.probe()
    server.up = False
    db.probe()
    assert "女性弁護士の法律相談（改）" in names(db, "法律")  # the edit reached the copy while online
