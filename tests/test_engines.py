"""Shared mode (issue #16): the same schema, the same migrations, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect, text

from dvdesk.storage import migrations, server
from dvdesk.storage.db import open_database
from dvdesk.storage.errors import ServerNotReady, ServerUnavailable


def _engine(engine_name, tmp_path, request):
    if engine_name == "sqlite":
        return create_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    return server.make_engine(request.getfixturevalue("pg_url"))


@pytest.mark.pg_quick("every migration's PostgreSQL branch, up and down")
def test_every_migration_runs_up_and_down_and_up_again(engine_name, tmp_path, request):
    engine = _engine(engine_name, tmp_path, request)
    revisions = [
        s.revision for s in reversed(list(migrations.ScriptDirectory.from_config(migrations.config()).walk_revisions()))
    ]
    for revision in revisions:  # one at a time, so a failing revision is named
        migrations.upgrade(engine, revision)
        assert migrations.current_revision(engine) == revision
    tables = set(inspect(engine).get_table_names())
    assert {"services", "referrals", "change_history", "translations"} <= tables
    if engine_name == "postgresql":
        assert {"search_pg_services", "search_pg_names", "search_pg_procedures", "search_pg_orgs"} <= tables
    else:
        assert "search_fts" in tables and not any(t.startswith("search_pg") for t in tables)
    for revision in reversed([None, *revisions[:-1]]):
        migrations.downgrade(engine, revision or "base")
        assert migrations.current_revision(engine) == revision
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrations.upgrade(engine)
    assert migrations.current_revision(engine) == migrations.head_revision()
    engine.dispose()


@pytest.mark.pg_quick("DVDESK_DB as a server URL")
def test_a_server_url_opens_the_server_not_a_folder(any_mini_db, engine_name, tmp_path, monkeypatch):
    assert any_mini_db.is_server == (engine_name == "postgresql")
    with any_mini_db.read() as s:
        assert s.execute(text("SELECT name FROM municipalities")).scalar() == "高岡市"
    if engine_name == "postgresql":
        assert any_mini_db.location.startswith("postgresql://postgres@/")
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("DVDESK_DB", any_mini_db.url)
        db = open_database()
        assert db.is_server and not (tmp_path / "postgresql:").exists()
        db.close()


def test_an_empty_server_database_names_the_setup_command(pg_url):
    with pytest.raises(ServerNotReady) as caught:
        open_database(pg_url)
    assert "dvdesk server-setup" in caught.value.message


def test_an_unreachable_server_is_said_in_one_line(tmp_path):
    with pytest.raises(ServerUnavailable) as caught:
        open_database(f"postgresql://nobody@/dvdesk?host={tmp_path}")
    assert "共有サーバー" in caught.value.message and "\n" not in caught.value.message
