"""A whole directory's package carries its search index (format 2, ``admin/package_index.py``,
``storage/search_index_ship.py``): a first import copies and checks it instead of building it.
What is checked: the same database (records, ids, history, every index table's rows) and the same
search answers as a build; a shipped index that does not match (checksum, version, rows, text,
postings) is set aside and the index built, the report saying so; format-1 packages still import;
a package from another PC's key never has its index used."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from db_support import dump
from dvdesk.admin import package as pk
from dvdesk.admin import package_index, package_key, sync
from dvdesk.admin.kinds import KINDS
from dvdesk.domain.change_log import ChangeRecord
from dvdesk.storage import search_index_ship as ship
from dvdesk.storage.db import open_database
from dvdesk.storage.search_index import FTS_TABLE, NAMES_TABLE, PROVIDERS_TABLE
from package_support import reseal

INDEX_TABLES = (
    *(f"{t}_{s}" for t in (FTS_TABLE, NAMES_TABLE, PROVIDERS_TABLE) for s in ("content", "docsize")),
    "search_fts_procedures_content",
    "search_fts_orgs_content",
    "search_order",
    "search_list",
)
QUERIES = ("DV", "相談", "母子", "シェルター", "住民票", "国立", "189", "女性", "子ども")


@pytest.fixture
def fresh(_empty_template, tmp_path):
    def make(name):
        return open_database(shutil.copy(_empty_template, tmp_path / f"{name}.sqlite3"), fill=False)

    return make


@pytest.fixture
def source(_bundled_template, tmp_path):
    """The bundled directory, as the exporting PC holds it (this test's home: the same key)."""
    db = open_database(shutil.copy(_bundled_template, tmp_path / "source.sqlite3"))
    yield db
    db.close()


@dataclasses.dataclass(frozen=True)
class Shipped:
    """The bundled directory exported once for the module (each test copies what it changes)."""

    full: Path  # the whole directory with its index (format 2)
    old: Path  # the same without it (format 1)
    key: bytes  # the exporting PC's key file: a test's home gets it (``exporters_key``), so both are trusted
    built: dict[str, list]  # ``state`` after importing ``full`` with its index refused: built, same ids
    services: list  # the exporter's (key, id) of every service
    records: dict  # ``pk.collect`` of the exporter's directory


@pytest.fixture(scope="module")
def shipped(_bundled_template, _empty_template, tmp_path_factory) -> Shipped:
    """Exporting the whole directory and building its index are the same in every test that compares
    with them: done once here (they were ~0.75 s of CPU in each of ~12 tests)."""
    folder = tmp_path_factory.mktemp("package_index")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DVDESK_HOME", str(folder / "home"))  # a module fixture: no test's home yet
        db = open_database(shutil.copy(_bundled_template, folder / "source.sqlite3"))
        try:
            full, old = export(db, folder / "all.dvdesk"), export(db, folder / "old.dvdesk", with_index=False)
            exporter = state(db)
            built = open_database(shutil.copy(_empty_template, folder / "built.sqlite3"), fill=False)
            try:
                assert "test" in built_instead(mp, built, full)  # the report says why it was built
                built_state = state(built)
            finally:
                built.close()
        finally:
            db.close()
        key = package_key.key_path().read_bytes()
    return Shipped(full, old, key, built_state, exporter["service"], exporter["records"][0])


@pytest.fixture
def exporters_key(shipped) -> None:
    """This test's home holds the key the module's packages were signed with: they are trusted here."""
    home_key = package_key.key_path()
    home_key.parent.mkdir(parents=True, exist_ok=True)
    home_key.write_bytes(shipped.key)


@pytest.fixture
def whole(shipped, exporters_key, tmp_path) -> Path:
    """A copy of the module's whole-directory package (with its index), trusted by this test's home."""
    return Path(shutil.copy(shipped.full, tmp_path / "all.dvdesk"))


def export(db, path: Path, **kw) -> Path:
    pk.export_package(db, path, **kw)
    return path


def state(db) -> dict[str, list]:
    """Records with their ids, history, every index table's rows and a few searches' answers."""
    out: dict[str, list] = {}
    with db.read() as s:
        for name, kind in KINDS.items():
            out[name] = s.execute(
                select(getattr(kind.model, kind.key_attr), kind.model.id).order_by(kind.model.id)
            ).all()
        out["records"] = [pk.collect(s)]
        out["history"] = [
            (r.table_name, r.record_key, r.field, r.old_value, r.new_value, r.action)
            for r in s.scalars(select(ChangeRecord).order_by(ChangeRecord.id))
        ]
        for table in INDEX_TABLES:
            out[table] = s.execute(text(f"SELECT * FROM {table} ORDER BY 1, 2")).all()
        for q in QUERIES:
            for table, column in ((FTS_TABLE, "body"), (NAMES_TABLE, "name"), (PROVIDERS_TABLE, "org")):
                out[f"{table}:{q}"] = s.execute(
                    text(f"SELECT rowid FROM {table} WHERE {table} MATCH :q ORDER BY rowid"),
                    {"q": f'{column}:"{q[:2]}"'},
                ).all()
    return out


def imported(db, path: Path, **kw) -> str:
    return pk.apply_package(db, pk.read_package(path), "管理 花子", backup=None, **kw).plan.index


def built_instead(monkeypatch, db, path: Path) -> str:
    """The same package imported with its index refused: built here, with the same ids."""

    def refuse(session, file, seed, postings=None):
        raise ship.Refused("test")

    with monkeypatch.context() as m:
        m.setattr(ship, "install", refuse)
        return imported(db, path)


def test_a_first_import_uses_the_shipped_index_and_equals_a_build(shipped, whole, fresh, monkeypatch):
    path = whole
    package = pk.read_package(path)
    assert package.manifest.format_version == 2 and package.index is not None
    with zipfile.ZipFile(path) as zf:
        assert package_index.MEMBER in zf.namelist()
    a = fresh("shipped")
    files = extracted(monkeypatch)
    assert ship.USED in imported(a, path)
    assert files and all(f is not None and not f.exists() for f in files)  # removed after the import
    sa = state(a)
    assert sa == shipped.built  # the same package imported with its index built here
    assert len(sa["search_order"]) > 100 and all(sa[f"{FTS_TABLE}:{q}"] for q in ("DV", "相談"))
    # The ids are the exporting PC's: the index's rows name them.
    assert sa["service"] == shipped.services


def extracted(monkeypatch) -> list[Path | None]:
    """The index files an import extracts (to check that none is left behind)."""
    seen: list[Path | None] = []
    real = package_index.ShippedIndex.file
    monkeypatch.setattr(package_index.ShippedIndex, "file", lambda self: seen.append(real(self)) or seen[-1])
    return seen


def _rewrite_index(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Change the index member with ``change(sqlite3 connection)`` and re-seal the package (new
    checksums, this PC's signature): what an exporter with a wrong index would have written."""
    work = path.parent / "work"
    work.mkdir(exist_ok=True)
    with zipfile.ZipFile(path) as zf:
        zf.extractall(work)
    con = sqlite3.connect(work / package_index.MEMBER)
    change(con)
    con.commit()
    con.close()
    manifest = json.loads((work / "manifest.json").read_text(encoding="utf-8"))
    content = (work / "directory.json").read_bytes()
    manifest["index_sha256"] = hashlib.sha256((work / package_index.MEMBER).read_bytes()).hexdigest()
    sealed = reseal(manifest, content)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("directory.json", content)
        zf.write(work / package_index.MEMBER, package_index.MEMBER)
        zf.writestr("manifest.json", json.dumps(sealed, ensure_ascii=False))
    shutil.rmtree(work)


def _first_live(con: sqlite3.Connection) -> tuple[int, int]:
    sid, slot = con.execute("SELECT service_id, slot FROM search_order ORDER BY service_id LIMIT 1").fetchone()
    return sid, slot << 24 | sid


MISMATCHES = {
    "a name in the rank order": lambda c: c.execute("UPDATE search_order SET name = name || 'X' WHERE rowid = 7"),
    "rank order broken": lambda c: c.execute(
        "UPDATE search_order SET slot = (SELECT max(slot) + 1 FROM search_order) WHERE rowid = 3"
    ),
    "a service missing": lambda c: c.execute(
        "DELETE FROM search_fts_names_content WHERE id = (SELECT min(id) FROM search_fts_names_content)"
    ),
    "a list row missing": lambda c: c.execute(
        "DELETE FROM search_list WHERE (tag, kind, name, service_id) IN (SELECT * FROM search_list LIMIT 1)"
    ),
    "a token changed": lambda c: c.execute(
        "UPDATE search_fts_content SET c2 = c2 || ' 偽造' WHERE id = (SELECT max(id) FROM search_fts_content)"
    ),
    "postings without the text": lambda c: c.execute("DELETE FROM search_fts_providers_data WHERE id > 10"),
    "another index version": lambda c: c.execute("UPDATE shipped_meta SET value = '4' WHERE key = 'index_version'"),
    "another layout": lambda c: c.execute(
        "UPDATE shipped_meta SET value = value || ',c9' WHERE key = 'columns:search_fts_content'"
    ),
}


# One of each check in the quick tier (rank order, rows, postings, version); the others: the thorough tier.
QUICK_MISMATCHES = {"rank order broken", "a list row missing", "a token changed", "another index version"}


@pytest.mark.parametrize(
    "what", [pytest.param(w, marks=() if w in QUICK_MISMATCHES else pytest.mark.slow) for w in sorted(MISMATCHES)]
)
def test_a_shipped_index_that_does_not_match_is_set_aside_and_built(what, shipped, whole, fresh, monkeypatch):
    path = whole
    _rewrite_index(path, MISMATCHES[what])  # the directory itself is unchanged: ``shipped.built`` holds
    monkeypatch.setattr(ship, "SAMPLE", 10**6)  # every service is in the sample here
    a = fresh("shipped")
    report = imported(a, path)
    assert "同梱の索引を使えないため作り直しました" in report, report
    assert state(a) == shipped.built


def _names_columns_swapped(con: sqlite3.Connection) -> None:
    """The names' text stored under its own column names in the other order (the manifest unchanged):
    a copy of whole rows (``SELECT *``) would put each service's tags where its name goes."""
    con.execute("ALTER TABLE search_fts_names_content RENAME TO old")
    con.execute("CREATE TABLE search_fts_names_content (id INTEGER PRIMARY KEY, c1, c0)")
    con.execute("INSERT INTO search_fts_names_content (id, c1, c0) SELECT id, c1, c0 FROM old")
    con.execute("DROP TABLE old")


def _untyped(con: sqlite3.Connection) -> None:
    """The member as session 9's exporter wrote it: every table with bare column names (no types,
    no keys). Its tables are not made as here, so it is not copied (a table of the file's own
    making could carry a generated column or a constraint that runs during the copy)."""
    for (table,) in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'search%'"
    ).fetchall():
        columns = [r[1] for r in con.execute(f"PRAGMA table_info('{table}')")]
        con.execute(f'ALTER TABLE "{table}" RENAME TO old')
        con.execute(f'CREATE TABLE "{table}" ({", ".join(columns)})')
        con.execute(f'INSERT INTO "{table}" SELECT * FROM old')
        con.execute("DROP TABLE old")


def _generated_column(con: sqlite3.Connection) -> None:
    """A table made by the file with a column computed on every read: the same visible columns."""
    con.execute("ALTER TABLE search_list RENAME TO old")
    columns = [r[1] for r in con.execute("PRAGMA table_info('old')")]
    con.execute(f"CREATE TABLE search_list ({', '.join(columns)}, g AS (abs(-1)) VIRTUAL)")
    con.execute(f"INSERT INTO search_list ({', '.join(columns)}) SELECT * FROM old")
    con.execute("DROP TABLE old")


# Tables not made as this database makes them: each is set aside and the index built (the report
# names the table where one is named).
REMADE = {
    "columns in another order": (_names_columns_swapped, "（search_fts_names_content）"),
    "the earlier layout (session 9's bare columns)": (_untyped, ""),
    "a computed column of the file's own": (_generated_column, "（search_list）"),
}


@pytest.mark.parametrize("what", sorted(REMADE))
def test_a_shipped_table_not_made_as_here_is_not_copied(what, shipped, whole, fresh):
    change, table = REMADE[what]
    path = whole
    _rewrite_index(path, change)
    a = fresh("shipped")
    assert f"使えないため作り直しました: 同梱の索引の形が違います{table}" in imported(a, path)
    assert state(a) == shipped.built


def _open_index_files() -> list[str]:
    """The index files this process holds open once the removal behind the import's return is
    over (its ``rmtree`` holds the folder open for a moment: seen here, by chance, as held). A file
    SQLite still holds shows then as ``…/dvdesk-index-…/index.sqlite3 (deleted)``."""
    package_index.wait_removed()
    fds = Path("/proc/self/fd")
    return [t for fd in fds.iterdir() if "dvdesk-index-" in (t := os.path.realpath(fd))] if fds.exists() else []


def test_the_shipped_file_is_let_go_after_the_import_and_the_desk_writes_again(whole, fresh):
    """SQLite detaches the shipped file only once the import's transaction is over: then its 3 GB
    (national) are freed with the temporary file, and the connection takes the next write."""
    path = whole
    a = fresh("shipped")
    assert ship.USED in imported(a, path)
    assert _open_index_files() == []
    with a.write() as s:
        assert [r[1] for r in s.execute(text("PRAGMA database_list"))] == ["main"]
    b = fresh("second")
    assert ship.USED in imported(b, path)  # a pooled connection that had it attached attaches it again


def test_a_damaged_index_member_fails_its_checksum_and_the_index_is_built(shipped, whole, fresh, tmp_path):
    path = whole
    manifest = json.loads(zipfile.ZipFile(path).read("manifest.json"))
    work = tmp_path / "damaged.dvdesk"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(work, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == package_index.MEMBER:
                data = data[:-100] + bytes(100)  # the signed manifest still names the old checksum
            zout.writestr(info.filename, data)
    assert json.loads(zipfile.ZipFile(work).read("manifest.json")) == manifest
    a, b = fresh("shipped"), fresh("built")
    assert "チェックサムが一致しません" in imported(a, work)
    # Its ids are not used either: the same database as a format-1 package's import.
    imported(b, shipped.old)
    assert state(a) == state(b)


def test_a_failure_after_the_shipped_index_is_in_rolls_everything_back(whole, fresh, monkeypatch):
    from dvdesk.storage import search_index_build

    path = whole
    a = fresh("failed")
    before = dump(a)

    def broken(session):
        raise pk.RecordError("手続きの索引に失敗（試験）")

    monkeypatch.setattr(search_index_build, "index_procedures", broken)  # after the services' rows are in
    files = extracted(monkeypatch)
    with pytest.raises(pk.PackageError, match="何も変更していません"):
        imported(a, path)
    assert dump(a) == before
    assert files and all(f is not None and not f.exists() for f in files)  # the extracted index is gone


def test_a_format_1_package_still_imports_and_builds_the_index(shipped, exporters_key, fresh, tmp_path):
    path = Path(shutil.copy(shipped.old, tmp_path / "old.dvdesk"))
    manifest = json.loads(zipfile.ZipFile(path).read("manifest.json"))
    assert manifest["format_version"] == 1 and "index_sha256" not in manifest
    assert zipfile.ZipFile(path).namelist() == ["directory.json", "manifest.json"]
    package = pk.read_package(path)
    assert package.trusted and package.index is None
    a = fresh("old")
    report = imported(a, path)
    assert report == "索引がまだないため、索引全体を作りました"
    with a.read() as s:
        assert pk.collect(s) == shipped.records


def test_an_index_from_another_pcs_key_is_never_used(whole, fresh, tmp_path, monkeypatch):
    path = whole
    monkeypatch.setenv("DVDESK_HOME", str(tmp_path / "other-home"))  # another PC: another key
    package = pk.read_package(path)
    assert not package.trusted and package.index is None
    a = fresh("other")
    result = pk.apply_package(a, package, "管理 花子", backup=None, accept_untrusted=True)
    assert result.plan.index == "索引がまだないため、索引全体を作りました"


def test_a_municipalitys_package_has_no_index(source, tmp_path):
    path = export(source, tmp_path / "kunitachi.dvdesk", municipality_code="132152")
    assert package_index.MEMBER not in zipfile.ZipFile(path).namelist()
    assert pk.read_package(path).manifest.format_version == 1


def _counting_checks(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = pk._check_records
    monkeypatch.setattr(pk, "_check_records", lambda *a: calls.append(1) or real(*a))
    return calls


def test_an_import_previewed_by_its_caller_is_not_checked_twice_and_stores_the_same(
    source, fresh, tmp_path, monkeypatch
):
    path = export(source, tmp_path / "kunitachi.dvdesk", municipality_code="132152")
    package = pk.read_package(path)
    a, b = fresh("once"), fresh("twice")
    checks = _counting_checks(monkeypatch)
    plans = _counting_plans(monkeypatch)
    plan = pk.preview(a, package)
    assert checks == [1] and plans == [1]
    done = pk.apply_package(a, package, "管理 花子", backup=None, previewed=plan)
    assert checks == [1] and done.plan.counts == plan.counts  # the caller's preview was the one check
    assert plans == [1]  # and its plan the one written (0.7–1.1 s at a national package)
    pk.apply_package(b, package, "管理 花子", backup=None)
    assert checks == [1, 1] and plans == [1, 1]  # without one, apply_package previews itself
    assert state(a) == state(b)


def _counting_plans(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = sync.plan_changes

    def counted(*a, **kw):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*a, **kw)

    monkeypatch.setattr(sync, "plan_changes", counted)
    monkeypatch.setattr(pk, "plan_changes", counted)
    return calls


def test_a_directory_changed_after_the_preview_is_checked_again_inside_the_import(
    source, whole, fresh, tmp_path, monkeypatch
):
    path = export(source, tmp_path / "kunitachi.dvdesk", municipality_code="132152")
    package = pk.read_package(path)
    a = fresh("changed")
    plan = pk.preview(a, package)
    checks = _counting_checks(monkeypatch)
    pk.apply_package(a, pk.read_package(whole), "管理 太郎", backup=None)
    assert checks == [1]  # another import since: the directory changed under the preview
    plans = _counting_plans(monkeypatch)
    result = pk.apply_package(a, package, "管理 花子", backup=None, previewed=plan)
    assert checks == [1, 1]  # the directory changed since the preview: checked again, in the transaction
    assert plans == [1]  # planned once there, and that plan written
    assert result.plan.counts != plan.counts  # what was applied is the plan of the directory as it is now


def test_a_missing_index_file_is_refused_and_not_made(fresh, tmp_path):
    a = fresh("missing")
    with pytest.raises(ship.Refused, match="ありません"), a.write() as s:
        ship.install(s, tmp_path / "gone.sqlite3", "seed")
    assert not (tmp_path / "gone.sqlite3").exists()


def test_the_list_rows_a_check_expects_are_the_rows_a_build_writes(source):
    """``verify`` counts the ``search_list`` rows the live services make (a recursive query over
    needs and their parents) and compares them with the shipped rows: on the bundled directory,
    one service retired, that count is what the build itself wrote."""
    from dvdesk.domain.models import Service
    from dvdesk.storage import search_index_build

    with source.write() as s:
        s.execute(text("UPDATE services SET retired = 1 WHERE id = (SELECT min(id) FROM services)"))
        search_index_build.rebuild(s)
        written = s.execute(text("SELECT count(*) FROM search_list")).scalar()
        live = s.scalar(select(func.count()).select_from(Service).where(Service.retired.is_(False)))
        expected = ship._list_rows_expected(s)
        nested = s.execute(text("SELECT count(*) FROM needs WHERE parent_id IS NOT NULL")).scalar()
    assert expected == written and written > 2 * live and nested > 0
