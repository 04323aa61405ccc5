"""Migrations: every database is created by them, old ones upgrade without loss, newer ones are refused."""

import sqlite3

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from dvdesk.storage import migrations
from dvdesk.storage.db import open_database
from dvdesk.storage.errors import SchemaTooNew


def revisions():
    script = ScriptDirectory.from_config(migrations.config())
    return [s.revision for s in reversed(list(script.walk_revisions()))]


def test_a_new_database_is_at_head(tmp_path):
    db = open_database(tmp_path / "new.sqlite3", fill=False)
    assert migrations.current_revision(db.engine) == migrations.head_revision()


@pytest.mark.parametrize("start", revisions())
def test_a_database_from_every_revision_upgrades_with_its_records(tmp_path, start):
    path = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    migrations.upgrade(engine, start)
    engine.dispose()
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO municipalities (id, code, name, prefecture, source, source_note, "
        "verified_by, retired) VALUES (1, '162027', '高岡市', '富山県', 'test', '', '', 0)"
    )
    con.execute(
        "INSERT INTO organizations (id, key, municipality_id, name, kind, discreet_name, "
        "description, address, address_confidentiality, staff_note, source, source_note, "
        "verified_by, retired) VALUES (1, 'o', 1, '市民課', 'city_department', '', '', '', "
        "'public', 'メモ', 'test', '', '', 0)"
    )
    con.commit()
    con.close()
    db = open_database(path, fill=False)
    assert migrations.current_revision(db.engine) == migrations.head_revision()
    con = sqlite3.connect(path)
    assert con.execute("SELECT code, name FROM municipalities").fetchall() == [("162027", "高岡市")]
    assert con.execute("SELECT name, staff_note FROM organizations").fetchall() == [("市民課", "メモ")]
    con.close()


def test_a_database_from_a_newer_dvdesk_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "future.sqlite3"
    open_database(path, fill=False).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(SchemaTooNew):
        open_database(path, fill=False)
    assert path.read_bytes() == before


def test_a_database_indexed_by_an_older_dvdesk_is_reindexed_at_open(tmp_path):
    from conftest import MINI
    from dvdesk.domain.search import Searcher, SearchQuery
    from dvdesk.storage.bundled import load_into

    path = tmp_path / "old-index.sqlite3"
    db = open_database(path, fill=False)
    load_into(db, MINI)
    db.close()
    con = sqlite3.connect(path)
    con.execute("DELETE FROM search_fts")  # as if indexed by an older dvdesk …
    con.execute("UPDATE meta SET value = '1' WHERE key = 'search_index_version'")  # … under version 1
    con.commit()
    con.close()
    db = open_database(path, fill=False)
    with db.read() as s:
        assert [h.name for h in Searcher(s).search(SearchQuery("住宅"))] == ["市営住宅の入居配慮"]
