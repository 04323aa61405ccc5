"""Shared mode against a real PostgreSQL server that stops and starts again (its own cluster,
so the session's shared cluster keeps running for the other tests)."""

import datetime as dt
import subprocess

import pytest
from sqlalchemy import select

import pg_support
from dvdesk.app.shared_mode import ServerAway, SharedDatabase
from dvdesk.domain import referrals
from dvdesk.domain.casework_models import Referral
from dvdesk.domain.models import Service
from dvdesk.domain.search import Searcher, SearchQuery

TODAY = dt.date(2025, 6, 30)


@pytest.fixture
def own_cluster():
    try:
        cluster, data = pg_support._start()
    except (FileNotFoundError, subprocess.CalledProcessError) as exc:
        if pg_support.os.environ.get("CI"):
            pytest.fail(f"PostgreSQL could not start: {exc}")
        pytest.skip(f"no PostgreSQL on this machine: {exc}")
    yield cluster, data
    pg_support._stop(cluster, data)


def pg_ctl(data, action, cluster):
    cmd = [*pg_support._as_postgres_user(), pg_support.pg_bin("pg_ctl"), "-D", str(data), "-w", "-t", "60"]
    if action == "start":
        cmd += [
            "-l",
            str(cluster.socket_dir / "postgres.log"),
            "-o",
            f"-c listen_addresses='' -k {cluster.socket_dir} -c fsync=off",
            "start",
        ]
    else:
        cmd += ["-m", "fast", "stop"]
    subprocess.run(cmd, check=True, capture_output=True, text=True)


def names(db, query):
    with db.read() as s:
        return [h.name for h in Searcher(s).search(SearchQuery(query))]


def test_server_stops_then_returns(own_cluster, tmp_path):
    from dvdesk.storage.db import open_database

    cluster, data = own_cluster
    name = cluster.new_database()
    url = cluster.url(name)
    pg_support._setup_mini(url)
    states: list[bool] = []
    db = SharedDatabase(lambda: open_database(url), tmp_path / "copy" / "directory.sqlite3", on_change=states.append)
    try:
        assert db.online and "市営住宅の入居配慮" in names(db, "住宅")
        with db.read() as s:
            housing = s.scalar(select(Service.id).where(Service.key == "test.svc.housing"))

        pg_ctl(data, "stop", cluster)  # the server stops
        assert not db.probe() and states == [True, False]
        assert "市営住宅の入居配慮" in names(db, "住宅")  # from the local copy
        with pytest.raises(ServerAway) as err, db.write() as s:
            referrals.record_referral(s, case_ref="R3-0142", counselor="相談員A", service_ids=[housing], today=TODAY)
        assert "サーバーに接続できないため保存できません" in err.value.message

        pg_ctl(data, "start", cluster)  # and is back
        assert db.probe() and states == [True, False, True]
        with db.write() as s:
            referrals.record_referral(s, case_ref="R3-0142", counselor="相談員A", service_ids=[housing], today=TODAY)
        with db.read() as s:
            assert list(s.scalars(select(Referral.case_ref))) == ["R3-0142"]  # exactly once
    finally:
        db.close()
