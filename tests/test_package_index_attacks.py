"""A shipped search index (format 2) that a careless or hostile exporter made: the records are
fine, the index is not. Checked: a shelter made findable by its address words (text and postings,
or postings alone), postings for rows that are not in the index, a member that is not a plain
index file (views, triggers), and FTS5 settings of the file's own (never taken). Each import builds the index instead, says so, and the database
equals a build's."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

import test_package_index as base
from dvdesk.domain.japanese import index_tokens
from dvdesk.storage import search_index_ship as ship
from test_package_index import _rewrite_index, built_instead, export, imported, state

fresh, source = base.fresh, base.source  # its fixtures: empty targets, and the exporting PC
ADDRESS = "西新宿二丁目 サンシャインビル"
REFUSED = "同梱の索引を使えないため作り直しました"


def shelter_row(db) -> tuple[int, str]:
    """(FTS rowid, body text) of a shelter in the bundled directory."""
    with db.read() as s:
        rowid = s.execute(
            text(
                "SELECT (o.slot << 24) | o.service_id FROM search_order o "
                "JOIN service_needs sn ON sn.service_id = o.service_id "
                "JOIN needs n ON n.id = sn.need_id AND n.key = 'safety.shelter' ORDER BY o.service_id LIMIT 1"
            )
        ).scalar_one()
        body = s.execute(text("SELECT c2 FROM search_fts_content WHERE id = :r"), {"r": rowid}).scalar_one()
    return rowid, body


def with_address_words(db, rowid: int, body: str) -> None:
    """The exporter's index says the shelter's address in its text (FTS5 keeps postings in step)."""
    con = sqlite3.connect(db.path)
    with con:
        con.execute("UPDATE search_fts SET body = ? WHERE rowid = ?", (body + " " + index_tokens(ADDRESS), rowid))
    con.close()


def finds_the_shelter(db, rowid: int) -> bool:
    with db.read() as s:
        return bool(
            s.execute(
                text("SELECT count(*) FROM search_fts WHERE search_fts MATCH :q AND rowid = :r"),
                {"q": 'body:"さん" AND body:"しゃ"', "r": rowid},
            ).scalar()
        )


@pytest.mark.parametrize("postings_only", [False, True], ids=["text and postings", "postings alone"])
def test_a_shelter_made_findable_by_its_address_words_is_refused_and_built(
    postings_only, source, fresh, tmp_path, monkeypatch
):
    rowid, body = shelter_row(source)
    with_address_words(source, rowid, body)
    assert finds_the_shelter(source, rowid)
    path = export(source, tmp_path / "all.dvdesk")
    if postings_only:  # the stored text as it should be; the postings still hold the words
        _rewrite_index(path, lambda c: c.execute("UPDATE search_fts_content SET c2 = ? WHERE id = ?", (body, rowid)))
    monkeypatch.setattr(ship, "SAMPLE", 0)  # a national package: 400 of 350,000 services sampled
    a, b = fresh("shipped"), fresh("built")
    assert REFUSED in imported(a, path)
    assert not finds_the_shelter(a, rowid)
    built_instead(monkeypatch, b, path)
    assert state(a) == state(b)


def test_postings_for_a_row_that_is_not_in_the_index_are_refused(source, fresh, tmp_path, monkeypatch):
    rowid, body = shelter_row(source)
    stray = rowid + 1  # a rowid no service has (another slot of the same id bits)
    con = sqlite3.connect(source.path)
    with con:
        con.execute("INSERT INTO search_fts(rowid, name, org, body, tags) VALUES (?, 'x', '', ?, '')", (stray, body))
    con.close()
    path = export(source, tmp_path / "all.dvdesk")
    _rewrite_index(
        path,
        lambda c: (
            c.execute("DELETE FROM search_fts_content WHERE id = ?", (stray,)),
            c.execute("DELETE FROM search_fts_docsize WHERE id = ?", (stray,)),
        ),
    )
    monkeypatch.setattr(ship, "SAMPLE", 0)
    assert REFUSED in imported(fresh("shipped"), path)


CRAFTED = {
    "a view instead of a table": lambda c: (
        c.execute("ALTER TABLE shipped_meta RENAME TO meta_rows"),
        c.execute("CREATE VIEW shipped_meta AS SELECT * FROM meta_rows"),
    ),
    "a trigger": lambda c: c.execute("CREATE TRIGGER t AFTER INSERT ON record_ids BEGIN DELETE FROM record_ids; END"),
    "a table of its own": lambda c: c.execute("CREATE TABLE extra (x)"),
    # Read in the import's own connection (attached), where a computed column runs (1 MB a row here).
    "its meta table with a computed column": lambda c: (
        c.execute("ALTER TABLE shipped_meta RENAME TO m"),
        c.execute(
            "CREATE TABLE shipped_meta (key TEXT PRIMARY KEY, v TEXT, "
            "value AS (v || substr(hex(zeroblob(1000000)), 1, 0)))"
        ),
        c.execute("INSERT INTO shipped_meta (key, v) SELECT key, value FROM m"),
        c.execute("DROP TABLE m"),
    ),
    "its record ids with a computed column": lambda c: (
        c.execute("ALTER TABLE record_ids RENAME TO r"),
        c.execute("CREATE TABLE record_ids (kind TEXT NOT NULL, key TEXT NOT NULL, i INTEGER, id AS (i + 0))"),
        c.execute("INSERT INTO record_ids (kind, key, i) SELECT kind, key, id FROM r"),
        c.execute("DROP TABLE r"),
    ),
}


@pytest.mark.parametrize("what", sorted(CRAFTED))
def test_an_index_file_with_more_than_its_tables_is_refused(what, source, fresh, tmp_path, monkeypatch):
    path = export(source, tmp_path / "all.dvdesk")
    _rewrite_index(path, CRAFTED[what])
    assert "索引のファイルに" in imported(fresh("shipped"), path)


def test_the_shipped_file_is_opened_read_only_without_a_journal(source, tmp_path):
    """Opening it writes nothing beside it (no -wal, -shm or -journal) even when it says WAL."""
    path = export(source, tmp_path / "all.dvdesk")
    _rewrite_index(path, lambda c: c.execute("PRAGMA journal_mode = WAL"))
    from dvdesk.admin import package as pk

    package = pk.read_package(path)
    file = package.index.file()
    assert file is not None
    package.index.preset("service")
    package.index.postings()  # the background check's scratch copy, beside it until then, is gone
    assert sorted(p.name for p in Path(file).parent.iterdir()) == [file.name]
    package.index.close()


def _settings_of_its_own(con: sqlite3.Connection) -> None:
    """FTS5 settings the exporter's file carries beside its rows (each FTS5 table's ``_config``): pages
    of 32 bytes and a merge after two segments for every later edit on this desk, and a 5 MB value
    that FTS5 reads each time it opens the table."""
    for table in ship.SERVICE_FTS:
        con.execute(f"INSERT INTO {table}_config VALUES ('pgsz', 32), ('crisismerge', 2), ('x', zeroblob(5000000))")


def fts5_settings(db) -> dict[str, list]:
    with db.read() as s:
        return {
            t: s.execute(
                text(f"SELECT k, iif(typeof(v) = 'blob', 'blob of ' || length(v), v) FROM {t}_config ORDER BY k")
            ).all()
            for t in ship.SERVICE_FTS
        }


@pytest.mark.slow  # the thorough tier (CI runs both): the quick tier stays under 90 s
def test_the_shipped_file_s_own_fts5_settings_are_not_taken(source, fresh, tmp_path, monkeypatch):
    """Its rows are right and are used; FTS5's settings are the ones a build here makes."""
    path = export(source, tmp_path / "all.dvdesk")
    _rewrite_index(path, _settings_of_its_own)
    a, b = fresh("shipped"), fresh("built")
    assert ship.USED in imported(a, path)
    built_instead(monkeypatch, b, path)
    assert fts5_settings(a) == fts5_settings(b)
    assert state(a) == state(b)


@pytest.mark.slow  # the thorough tier (CI runs both): the quick tier stays under 90 s
def test_an_index_of_another_fts5_format_is_refused_and_built(source, fresh, tmp_path, monkeypatch):
    path = export(source, tmp_path / "all.dvdesk")
    _rewrite_index(path, lambda c: c.execute("UPDATE search_fts_names_config SET v = 5 WHERE k = 'version'"))
    a, b = fresh("shipped"), fresh("built")
    assert REFUSED in imported(a, path)
    built_instead(monkeypatch, b, path)
    assert fts5_settings(a) == fts5_settings(b)
    assert state(a) == state(b)
