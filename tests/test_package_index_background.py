"""The shipped index extracted and its postings checked in a background thread (``ShippedIndex.start``,
``search_index_ship.postings_on_copy``) while the records are read, previewed and written: the
same report and the same database as the work done in the import's own thread; what the thread
raises reaches the import as a Japanese ``PackageError`` with nothing changed; and its temporary
folder goes on every path (an import, a failed read, a preview not applied)."""

from __future__ import annotations

import json
import sqlite3
import tempfile
import threading
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import text

import test_package_index as base
from db_support import dump
from dvdesk.admin import package as pk
from dvdesk.admin import package_index
from dvdesk.storage import checkpoint_behind
from package_support import reseal
from test_package_index import _rewrite_index, state

fresh, shipped, whole, exporters_key = base.fresh, base.shipped, base.whole, base.exporters_key


@pytest.fixture
def temp(tmp_path, monkeypatch) -> Path:
    """The temporary folder the index is extracted to (its leftovers are what is checked)."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def index_folders(temp: Path) -> list[str]:
    return sorted(p.name for p in temp.iterdir() if p.name.startswith(package_index.PREFIX))


def answers(monkeypatch) -> list[tuple[str, str] | None]:
    """What the background check answered, each time the import asked."""
    seen: list[tuple[str, str] | None] = []
    real = package_index.ShippedIndex.postings
    monkeypatch.setattr(package_index.ShippedIndex, "postings", lambda self: seen.append(real(self)) or seen[-1])
    return seen


def import_as(db, path: Path, *, extract: bool) -> str:
    return pk.apply_package(db, pk.read_package(path, extract=extract), "管理 花子", backup=None).plan.index


DAMAGE = {
    "as exported": None,
    "postings without the text": lambda c: c.execute("DELETE FROM search_fts_providers_data WHERE id > 10"),
    "a token's postings gone": lambda c: c.execute(
        "DELETE FROM search_fts_data WHERE id = (SELECT max(id) FROM search_fts_data)"
    ),
}


@pytest.mark.parametrize("what", sorted(DAMAGE))
def test_the_postings_checked_beside_the_import_give_the_same_report_and_database(
    what, whole, fresh, temp, monkeypatch
):
    if DAMAGE[what] is not None:
        _rewrite_index(whole, DAMAGE[what])
    seen = answers(monkeypatch)
    a, b = fresh("background"), fresh("in_place")
    report = import_as(a, whole, extract=True)
    assert seen and seen[-1] is not None  # answered by the background thread's scratch copy
    background_said = seen[-1]
    seen.clear()
    assert import_as(b, whole, extract=False) == report  # the check run in the import's transaction
    assert seen == [None]
    assert state(a) == state(b)
    if DAMAGE[what] is None:
        assert "同梱の索引を検査して使いました" in report, report
        assert background_said == ("", "")
    else:
        assert "同梱の索引を使えないため作り直しました: 索引の検索語が索引の行と一致しません" in report, report
        assert background_said[0] and background_said[1]
    assert index_folders(temp) == []


def test_a_failure_in_the_background_reaches_the_import_and_nothing_changes(whole, fresh, temp, monkeypatch):
    def broken(self, path):  # type: ignore[no-untyped-def]
        raise RuntimeError("読み出しに失敗（試験）")

    monkeypatch.setattr(package_index.ShippedIndex, "_read_ids", broken)
    a = fresh("failed")
    before = dump(a)
    package = pk.read_package(whole)
    plan = pk.preview(a, package)
    with pytest.raises(
        pk.PackageError, match="何も変更していません.*同梱の索引を取り出せません（読み出しに失敗（試験）"
    ) as err:
        pk.apply_package(a, package, "管理 花子", backup=None, previewed=plan)
    assert "Traceback" not in str(err.value) and "\n" not in str(err.value)
    assert dump(a) == before
    assert index_folders(temp) == []


def test_a_package_read_and_not_applied_leaves_nothing_once_closed(whole, fresh, temp):
    package = pk.read_package(whole)
    pk.preview(fresh("a"), package)
    package.close()  # the window's cancel, the command line's dry run
    assert index_folders(temp) == []
    package.close()  # twice: nothing more to do
    # Read again and imported: the file is extracted anew (a second import of the same package).
    b = fresh("b")
    assert "検査して使いました" in pk.apply_package(b, package, "管理 花子", backup=None).plan.index
    assert index_folders(temp) == []


def test_a_read_that_fails_after_the_extraction_began_stops_it_and_removes_the_file(whole, temp):
    with zipfile.ZipFile(whole) as zf:
        content, manifest = zf.read("directory.json"), json.loads(zf.read("manifest.json"))
        member = zf.read(package_index.MEMBER)
    manifest["counts"]["service"] += 1  # signed as it is, but the records fall short of it
    sealed = reseal(manifest, content)
    with zipfile.ZipFile(whole, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("directory.json", content)
        zf.writestr(package_index.MEMBER, member)
        zf.writestr("manifest.json", json.dumps(sealed, ensure_ascii=False))
    with pytest.raises(pk.PackageError, match="件数がマニフェストと一致しません"):
        pk.read_package(whole)
    assert index_folders(temp) == []


def test_a_dry_run_does_not_extract_the_index(whole, temp, monkeypatch):
    started: list[object] = []
    monkeypatch.setattr(package_index.ShippedIndex, "start", lambda self: started.append(self))
    package = pk.read_package(whole, extract=False)
    assert package.index is not None and started == []
    package.close()
    assert index_folders(temp) == []


def _file_alone(db, tmp_path: Path, name: str) -> int:
    """The services in the database file without its WAL (what a checkpoint has copied into it)."""
    copy = tmp_path / f"{name}.sqlite3"
    copy.write_bytes(Path(db.path).read_bytes())
    con = sqlite3.connect(copy)
    try:
        return con.execute("SELECT count(*) FROM services").fetchone()[0]
    finally:
        con.close()


def test_the_import_commits_without_the_checkpoint_which_runs_behind_it(whole, fresh, tmp_path, monkeypatch):
    """With a window holding the file the import stays in WAL mode (``storage.large_write``)."""
    started: list[Path] = []
    real_start = checkpoint_behind.start
    monkeypatch.setattr(checkpoint_behind, "start", lambda path, ms: started.append(path))
    monkeypatch.setattr(checkpoint_behind, "AUTO", 10)  # pages: any commit here would copy its WAL
    a = fresh("a")
    window = sqlite3.connect(a.path)
    window.execute("SELECT count(*) FROM services").fetchone()
    assert "検査して使いました" in import_as(a, whole, extract=True)
    with a.read() as s:  # the import is there for every reader at once (from the WAL)
        services = s.execute(text("SELECT count(*) FROM services")).scalar_one()
    assert services > 100 and len(started) == 1
    assert _file_alone(a, tmp_path, "before") == 0  # the commit did not copy the WAL into the file
    window.close()
    with a.write() as s:  # the import's pooled connection checkpoints on its own again
        assert s.execute(text("PRAGMA wal_autocheckpoint")).scalar_one() == checkpoint_behind.AUTO
    real_start(a.path, 1000)
    checkpoint_behind.settle(a.path)
    assert _file_alone(a, tmp_path, "after") == services  # copied by the background checkpoint
    a.close()


def test_a_failed_import_leaves_the_automatic_checkpoint_on(whole, fresh, monkeypatch):
    from dvdesk.storage import search_index_build

    def broken(session):  # type: ignore[no-untyped-def]
        raise pk.RecordError("手続きの索引に失敗（試験）")

    monkeypatch.setattr(search_index_build, "index_procedures", broken)
    a = fresh("a")
    with pytest.raises(pk.PackageError, match="何も変更していません"):
        import_as(a, whole, extract=True)
    with a.write() as s:
        assert s.execute(text("PRAGMA wal_autocheckpoint")).scalar_one() == checkpoint_behind.AUTO
    a.close()


@pytest.mark.parametrize("fails", [False, True], ids=["imported", "failed"])
def test_the_import_returns_before_the_extracted_file_is_removed_and_it_still_goes(
    fails, whole, fresh, temp, monkeypatch
):
    """Removing the extracted member (3.25 GB at a national package: ≈ 1.6 s of ``unlink``) is
    not on the import's path: it returns, the file already out of its folder, then a thread
    removes it; nothing of the import stays in the temporary folder once that thread ends."""
    real = package_index._remove_all
    returned: list[bool] = []
    removing_after_return: list[bool] = []
    release = threading.Event()

    def slow(folders):  # type: ignore[no-untyped-def]
        if not folders:  # the package's finalizer, with nothing left to remove
            return
        release.wait(5)  # the removal held until the import has returned (5 s without the thread)
        removing_after_return.append(bool(returned))
        real(folders)

    monkeypatch.setattr(package_index, "_remove_all", slow)
    if fails:
        monkeypatch.setattr(
            package_index.ShippedIndex, "_read_ids", lambda self, path: (_ for _ in ()).throw(OSError("試験"))
        )
    a = fresh("removal")
    before = dump(a)
    try:
        pk.apply_package(a, pk.read_package(whole), "管理 花子", backup=None)
    except pk.PackageError:
        assert fails and dump(a) == before
    returned.append(True)
    assert index_folders(temp) == []  # out of the import's folder at once
    release.set()
    package_index.wait_removed()
    assert removing_after_return == [True]
    assert list(temp.iterdir()) == []  # and gone from the disk
