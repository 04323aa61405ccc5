"""The local copy of a shared server's directory is one snapshot, whatever an administrator saves
while it is taken.

The copy reads table after table. On PostgreSQL each statement of a READ COMMITTED transaction sees
what was committed when it starts, so an administrator's save between two of them (a new department
and a service moved to it) gave the copy a service whose department it did not hold: the copy was
refused by its foreign keys and the desk kept an old one, or would have held a mixed directory.
"""

from __future__ import annotations

import os
import stat

import psycopg
import pytest
from sqlalchemy import event, select, text

import pg_support
from dvdesk.app.shared_mode import write_local_copy
from dvdesk.domain.models import Organization, Service
from dvdesk.storage.db import close_servers, open_database


@pytest.fixture
def server(pg_cluster):
    name = pg_cluster.new_database(pg_support.template_database(pg_cluster, "tpl_mini", pg_support._setup_mini))
    db = open_database(pg_cluster.url(name))
    yield db, pg_cluster, name
    db.close()
    close_servers()
    pg_cluster.drop_database(name)


def admin_moves_the_housing_service_to_a_new_department(cluster, name):
    """One administrator's save, committed on a connection of its own."""
    with (
        psycopg.connect(host=str(cluster.socket_dir), dbname=name, user=pg_support.SUPERUSER, autocommit=True) as conn,
        conn.transaction(),
    ):
        columns = [
            r[0]
            for r in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'organizations' "
                "AND column_name NOT IN ('id', 'key', 'name')"
            )
        ]
        listed = ", ".join(columns)
        conn.execute(
            f"INSERT INTO organizations(key, name, {listed}) "
            f"SELECT 'test.newdept', '住宅政策課', {listed} FROM organizations WHERE key = 'test.housing'"
        )
        conn.execute(
            "UPDATE services SET version = version + 1, organization_id = "
            "(SELECT id FROM organizations WHERE key = 'test.newdept') WHERE key = 'test.svc.housing'"
        )


def test_an_administrators_save_while_the_copy_is_taken_does_not_split_it(server, tmp_path):
    db, cluster, name = server
    saved: list[bool] = []

    @event.listens_for(db.engine, "before_cursor_execute")
    def between_two_tables(conn, cursor, statement, params, context, executemany):
        if not saved and statement.lstrip().startswith("SELECT") and "FROM services" in statement:
            saved.append(True)  # the copy has read the departments and is about to read the services
            admin_moves_the_housing_service_to_a_new_department(cluster, name)

    path = tmp_path / "copy" / "directory.sqlite3"
    write_local_copy(db, path)
    assert saved
    copy = open_database(path, fill=False)
    try:
        with copy.read() as s:
            assert s.execute(text("PRAGMA foreign_key_check")).all() == []
            department = s.scalar(
                select(Organization.key)
                .join(Service, Service.organization_id == Organization.id)
                .where(Service.key == "test.svc.housing")
            )
        assert department == "test.housing"  # the directory as it was when the copy began, whole
    finally:
        copy.close()


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_the_copy_and_its_folders_are_the_pc_users_alone(server, tmp_path):
    """The copy holds the whole directory, shelters' locations and staff notes included (the
    counselor's screen shows them): like the desk's own database, its folders are owner-only (0700)."""
    db, _, _ = server
    path = tmp_path / "home" / "data" / "shared-copy" / "directory.sqlite3"
    write_local_copy(db, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700  # shared-copy
    assert stat.S_IMODE(path.parent.parent.stat().st_mode) == 0o700  # the data folder it made
    path.parent.chmod(0o755)  # a copy folder an earlier version made
    write_local_copy(db, path)
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
