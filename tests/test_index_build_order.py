"""The full index build hands FTS5 its rows in rowid order (rank positions): a row with a lower
rowid than the last makes FTS5 flush the terms it holds, and rows in id order cost one small
segment per row (3× the CPU of a national build). The index itself is the same either way
(tests/test_index_incremental.py compares builds)."""

from sqlalchemy import text

from dvdesk.storage import search_index_build as build
from dvdesk.storage import search_index_rows as rows


def test_the_full_build_writes_every_fts_table_in_rowid_order(bundled_db, monkeypatch):
    written: dict[str, list[int]] = {}
    write_fts = rows.write_fts

    def recording(session, insert, table, batch):
        written.setdefault(table, []).extend(int(r["id"]) for r in batch)
        write_fts(session, insert, table, batch)

    monkeypatch.setattr(rows, "write_fts", recording)
    monkeypatch.setattr(build, "write_fts", recording)
    with bundled_db.write() as session:
        count = build.rebuild(session)
        stored = session.execute(text(f"SELECT count(*) FROM {rows.FTS_TABLE}")).scalar()
    assert count == stored > 100
    assert {rows.FTS_TABLE, rows.NAMES_TABLE, rows.PROCEDURES_TABLE, rows.ORGS_TABLE} <= written.keys()
    for table, rowids in written.items():
        assert rowids == sorted(rowids) and len(set(rowids)) == len(rowids), table
    assert len(written[rows.FTS_TABLE]) == count
