"""The shipped index file attached to the import's connection (``search_index_ship.install``):
what a signed member of an odd make does there, and a failure while it is attached. Each import
ends with the file let go (no descriptor open, its folder removed), nothing of it left in the
desk's database (one schema, ``main``), and the pooled connection taking the next write and the
next import. A member that SQLite reads differently from this build's (WAL, another page size)
is used; one it cannot attach or read is set aside and the index built."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import text

import test_package_index as base
from db_support import dump
from dvdesk.admin import package_index
from dvdesk.storage import search_index_ship as ship
from dvdesk.storage.errors import DiskFull
from package_support import reseal
from test_package_index import _open_index_files, _rewrite_index, extracted, imported, state

fresh, shipped, whole, exporters_key = base.fresh, base.shipped, base.whole, base.exporters_key
REFUSED = "同梱の索引を使えないため作り直しました"


def _replace_member(path: Path, data: bytes) -> None:
    """The index member replaced by ``data``, the package re-sealed with this PC's key."""
    with zipfile.ZipFile(path) as zf:
        content, manifest = zf.read("directory.json"), json.loads(zf.read("manifest.json"))
    manifest["index_sha256"] = hashlib.sha256(data).hexdigest()
    sealed = reseal(manifest, content)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("directory.json", content)
        zf.writestr(package_index.MEMBER, data)
        zf.writestr("manifest.json", json.dumps(sealed, ensure_ascii=False))


def _member(path: Path) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read(package_index.MEMBER)


def _utf16(path: Path) -> None:
    """The member's tables, made and filled the same, in a UTF-16 database (SQLite attaches only a
    database of the main one's text encoding)."""
    with zipfile.ZipFile(path) as zf:
        src = Path(zf.extract(package_index.MEMBER, path.parent / "utf8"))
    out = path.parent / "utf16.sqlite3"
    old, new = sqlite3.connect(src), sqlite3.connect(out)
    new.execute("PRAGMA encoding = 'UTF-16le'")
    for name, sql in old.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall():
        new.execute(sql)
        rows = old.execute(f'SELECT * FROM "{name}"').fetchall()
        if rows:
            new.executemany(f'INSERT INTO "{name}" VALUES ({", ".join("?" * len(rows[0]))})', rows)
    new.commit()
    old.close()
    new.close()
    _replace_member(path, out.read_bytes())


def _vacuumed(page_size: int):  # type: ignore[no-untyped-def]
    def change(con: sqlite3.Connection) -> None:
        con.commit()
        con.execute(f"PRAGMA page_size = {page_size}")
        con.execute("VACUUM")

    return change


def _renamed_in_another_case(con: sqlite3.Connection) -> None:
    con.execute("ALTER TABLE search_order RENAME TO tmp_order")
    con.execute("ALTER TABLE tmp_order RENAME TO SEARCH_ORDER")


def _rewritten(change):  # type: ignore[no-untyped-def]
    return lambda path: _rewrite_index(path, change)


UNREADABLE, NOT_PLAIN = "同梱の索引を読めません", "索引のファイル"
# What is done to the member; what the report says (the index used, or why it was built); whether
# the record ids the member carries are still read and given (a build then has them too).
REMADE = {
    "WAL mode": (_rewritten(lambda c: c.execute("PRAGMA journal_mode = WAL")), ship.USED, True),
    "pages of 512 bytes": (_rewritten(_vacuumed(512)), ship.USED, True),
    "pages of 64 KiB": (_rewritten(_vacuumed(65536)), ship.USED, True),
    "a UTF-16 database": (_utf16, UNREADABLE, True),
    "a meta value that is not UTF-8": (
        _rewritten(
            lambda c: c.execute(
                "UPDATE shipped_meta SET value = CAST(x'ff41' AS TEXT) WHERE key = 'columns:search_list'"
            )
        ),
        UNREADABLE,
        True,
    ),
    "a table of ours named in another case": (_rewritten(_renamed_in_another_case), NOT_PLAIN, False),
    "an empty file": (lambda path: _replace_member(path, b""), UNREADABLE, False),
    "not SQLite": (lambda path: _replace_member(path, os.urandom(50_000)), NOT_PLAIN, False),
    "cut short at 90 %": (
        lambda path: _replace_member(path, _member(path)[: len(_member(path)) * 9 // 10]),
        NOT_PLAIN,
        False,
    ),
    "a header naming pages of 512 bytes": (
        lambda path: _replace_member(path, _member(path)[:16] + (512).to_bytes(2, "big") + _member(path)[18:]),
        NOT_PLAIN,
        False,
    ),
}


def _let_go_and_writes_again(db) -> None:
    assert _open_index_files() == []
    with db.write() as s:  # the pooled connection that held the file attached
        assert [r[1] for r in s.execute(text("PRAGMA database_list"))] == ["main"]
        s.execute(text("UPDATE meta SET value = value WHERE key = 'change_count'"))


QUICK = ("WAL mode", "a UTF-16 database")  # the rest: the thorough tier


@pytest.mark.parametrize(
    "what", [pytest.param(w, marks=() if w in QUICK else pytest.mark.slow) for w in sorted(REMADE)]
)
def test_a_member_of_another_make_is_used_or_built_and_let_go(what, shipped, whole, fresh, monkeypatch, tmp_path):
    remake, said, ids_read = REMADE[what]
    remake(whole)
    a = fresh("a")
    files = extracted(monkeypatch)
    report = imported(a, whole)
    assert said in report and (said == ship.USED or REFUSED in report), report
    assert files and all(f is None or not f.parent.exists() for f in files)
    _let_go_and_writes_again(a)
    if ids_read:
        assert state(a) == shipped.built
    else:  # the same as a package without an index
        b = fresh("old")
        imported(b, Path(shutil.copy(shipped.old, tmp_path / "old.dvdesk")))
        assert state(a) == state(b)


@pytest.mark.slow  # held: the thorough tier
def test_a_temporary_folder_named_with_quotes_and_uri_characters(whole, fresh, tmp_path, monkeypatch):
    folder = tmp_path / 'it\'s "q" ?mode=rw#x %41 file:'
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    a = fresh("a")
    assert ship.USED in imported(a, whole)
    package_index.wait_removed()  # the extracted file is removed behind the import's return
    assert list(folder.iterdir()) == []
    _let_go_and_writes_again(a)


def _raise(exc: BaseException):  # type: ignore[no-untyped-def]
    def fail(*args: object, **kw: object) -> None:
        raise exc

    return fail


@pytest.mark.parametrize(
    "exc",
    [RuntimeError("検査の途中で失敗"), pytest.param(KeyboardInterrupt(), marks=pytest.mark.slow)],
    ids=["error", "interrupt"],
)
def test_a_failure_while_the_file_is_attached_leaves_the_desk_as_it_was(exc, whole, fresh, monkeypatch):
    a = fresh("a")
    before = dump(a)
    files = extracted(monkeypatch)
    with monkeypatch.context() as m:
        m.setattr(ship, "_sample", _raise(exc))  # after the copy, before the end of the checks
        with pytest.raises(type(exc)):
            imported(a, whole)
    assert dump(a) == before
    assert files and all(f is not None and not f.parent.exists() for f in files)
    _let_go_and_writes_again(a)
    assert ship.USED in imported(a, whole)


@pytest.mark.slow  # held: the thorough tier
def test_a_full_disk_during_the_copy_leaves_the_desk_as_it_was(whole, fresh, monkeypatch):
    """The desk's file may grow by 50 pages: the copy fails half-way, then the build."""
    a = fresh("a")
    before = dump(a)
    pages = os.path.getsize(a.path) // 4096 + 50
    real = ship.install

    def install(session, path, seed, postings=None):  # type: ignore[no-untyped-def]
        session.connection().exec_driver_sql(f"PRAGMA max_page_count = {pages}")
        return real(session, path, seed, postings)

    with monkeypatch.context() as m:
        m.setattr(ship, "install", install)
        with pytest.raises(DiskFull):
            imported(a, whole)
    assert dump(a) == before
    with a.write() as s:
        s.execute(text("PRAGMA max_page_count = 1073741823"))  # room again, on the same pooled connection
    _let_go_and_writes_again(a)
    assert ship.USED in imported(a, whole)


LONG = "\x1b[2J" + "版" * 100_000  # a terminal's clear-screen, then 100,000 characters


@pytest.mark.parametrize(
    "change",
    [
        lambda c: c.execute("UPDATE shipped_meta SET value = ? WHERE key = 'index_version'", (LONG,)),
        pytest.param(  # held: the thorough tier
            lambda c: c.execute(
                "UPDATE shipped_meta SET value = CAST(x'ff' || hex(zeroblob(50000)) AS TEXT) WHERE key = 'index_version'"
            ),
            marks=pytest.mark.slow,
        ),
    ],
    ids=["a long version", "a long value that is not UTF-8 (Python cuts it)"],
)
def test_what_the_member_says_reaches_the_report_one_line_long(change, whole, fresh):
    _rewrite_index(whole, change)
    report = imported(fresh("a"), whole)
    assert REFUSED in report and len(report) < 300 and "\x1b" not in report, report[:300]


def test_what_a_killed_import_left_in_the_temporary_folder_goes_with_the_next_one(whole, fresh, tmp_path, monkeypatch):
    """A killed import leaves its extracted index (2.7 GB national) in the temporary folder, which
    Windows never empties: the next import removes such a folder of its own once it is a day old,
    never one of another import running now, nor another program's."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    two_days_ago = time.time() - 2 * 86400
    # A folder set aside to be removed (``package_index.REMOVING``), its program killed meanwhile:
    # never used again, removed whatever its age.
    aside = package_index.REMOVING + "dvdesk-index-set-aside"
    for name in ("dvdesk-index-killed", "dvdesk-index-running", "another-program", aside):
        (folder / name).mkdir()
        (folder / name / package_index.MEMBER).write_bytes(b"x" * 1000)
        if name not in ("dvdesk-index-running", aside):
            os.utime(folder / name, (two_days_ago, two_days_ago))
    assert ship.USED in imported(fresh("a"), whole)
    package_index.wait_removed()  # this import's own file, removed behind its return
    assert sorted(p.name for p in folder.iterdir()) == ["another-program", "dvdesk-index-running"]


@pytest.mark.slow  # the thorough tier (CI runs both): the quick tier stays under 90 s
def test_a_huge_row_in_the_meta_table_is_not_read(whole, fresh, monkeypatch):
    """The import reads its own keys of the member's meta table, each cut short: a row of 60 MB
    (a member may hold 8 GB of them) never reaches the import's memory."""
    _rewrite_index(whole, lambda c: c.execute("INSERT INTO shipped_meta VALUES ('note', hex(zeroblob(30000000)))"))
    real, peaks = ship.install, []

    def install(*args):  # type: ignore[no-untyped-def]
        tracemalloc.start()
        try:
            return real(*args)
        finally:
            peaks.append(tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()

    monkeypatch.setattr(ship, "install", install)
    assert ship.USED in imported(fresh("a"), whole)
    assert peaks and peaks[0] < 20_000_000, peaks


@pytest.mark.slow  # the thorough tier (CI runs both): the quick tier stays under 90 s
def test_a_member_with_more_record_ids_than_a_package_holds_records_is_not_read(whole, fresh, monkeypatch):
    """``record_ids`` is read into memory, a kind at a time: 600,000 ids of services (more than a
    package may hold records) and a key of 20 MB are refused unread; the index is built here."""
    _rewrite_index(
        whole,
        lambda c: (
            c.execute(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600000) "
                "INSERT INTO record_ids SELECT 'service', 'extra.' || i, 100000 + i FROM n"
            ),
            c.execute("INSERT INTO record_ids VALUES ('need', CAST(zeroblob(20000000) AS TEXT), 99999)"),
        ),
    )
    real, peaks = package_index.ShippedIndex.preset, []

    def preset(self, kind):  # type: ignore[no-untyped-def]
        self.file()  # extracted first (unzipping buffers blocks of its own)
        tracemalloc.start()
        try:
            return real(self, kind)
        finally:
            peaks.append(tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()

    monkeypatch.setattr(package_index.ShippedIndex, "preset", preset)
    assert REFUSED in imported(fresh("a"), whole)
    assert peaks and max(peaks) < 5_000_000, peaks
