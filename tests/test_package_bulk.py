"""New records written in bulk (admin/bulk.py) and checked from one read per kind (admin/known.py):
the same directory, the same history and the same refusals as the record-by-record path."""

import shutil

import pytest
from sqlalchemy import insert, select

from db_support import dump
from dvdesk.admin import bulk
from dvdesk.admin import package as pk
from dvdesk.admin.kinds import KINDS
from dvdesk.admin.known import Known
from dvdesk.admin.validation import check
from dvdesk.domain.change_log import ChangeRecord
from dvdesk.domain.integrity import DirectoryRefused
from dvdesk.storage.db import open_database


def history(db) -> list[tuple]:
    with db.read() as s:
        rows = s.scalars(select(ChangeRecord).order_by(ChangeRecord.table_name, ChangeRecord.record_key))
        return [
            (r.table_name, r.record_key, r.field, r.old_value, r.new_value, r.admin, r.action, r.note) for r in rows
        ]


@pytest.fixture
def fresh(_empty_template, tmp_path):
    """A new empty database: a copy of the session's migrated template (the template is closed)."""

    def make(name):
        return open_database(shutil.copy(_empty_template, tmp_path / f"{name}.sqlite3"), fill=False)

    return make


@pytest.fixture(scope="module")
def exported(_bundled_template, tmp_path_factory):
    """The shipped directory exported once for the module: whole, and Kunitachi's part (the tests read
    the files anew; nothing writes to them). Another home made them: imports accept them explicitly."""
    folder = tmp_path_factory.mktemp("exported")
    db = open_database(shutil.copy(_bundled_template, folder / "bundled.sqlite3"))
    try:
        pk.export_package(db, folder / "all.dvdesk")
        pk.export_package(db, folder / "kunitachi.dvdesk", "132152")
    finally:
        db.close()
    return folder


@pytest.fixture
def package(exported):
    return pk.read_package(exported / "all.dvdesk")


def check_bulk_and_record_by_record(fresh, monkeypatch, package, at_least_services):
    fast, slow = fresh("fast"), fresh("slow")
    written = []
    add_new = bulk.add_new
    with monkeypatch.context() as m:
        m.setattr(
            bulk, "add_new", lambda session, todo, **kw: written.append(add_new(session, todo, **kw)) or written[-1]
        )
        pk.apply_package(fast, package, "管理 花子", backup=None, accept_untrusted=True)
    assert written == [sum(map(len, package.records.values()))]  # every record went the bulk way
    with monkeypatch.context() as m:
        m.setattr(bulk, "usable", lambda session: False)  # the ORM path, as on a server
        pk.apply_package(slow, package, "管理 花子", backup=None, accept_untrusted=True)
    with fast.read() as a, slow.read() as b:
        assert pk.collect(a) == pk.collect(b)
        assert len(pk.collect(a)[0]["service"]) == len(package.records["service"]) > at_least_services  # all stored
    assert history(fast) == history(slow) and len(history(fast)) >= sum(map(len, package.records.values()))
    assert pk.preview(fast, package).empty  # nothing left to import: every field landed


def test_bulk_and_record_by_record_imports_store_the_same_directory_and_history(exported, fresh, monkeypatch):
    """Kunitachi's package (106 records of every kind, 40 services) in the quick tier."""
    check_bulk_and_record_by_record(fresh, monkeypatch, pk.read_package(exported / "kunitachi.dvdesk"), 30)


@pytest.mark.slow
def test_bulk_and_record_by_record_imports_store_the_same_whole_directory_and_history(package, fresh, monkeypatch):
    check_bulk_and_record_by_record(fresh, monkeypatch, package, 100)


def test_the_gate_sees_rows_written_in_bulk(package, fresh):
    db = fresh("gate")
    before = dump(db)
    records = {name: [dict(s) for s in snaps] for name, snaps in package.records.items()}
    shelter = next(s for s in records["service"] if any(n.startswith("safety.shelter") for n in s["needs"]))
    shelter |= {"location": "高岡市内の某所", "location_confidentiality": "public"}  # past the edit checks
    with pytest.raises(DirectoryRefused), db.write() as session:
        todo = [(KINDS[name], s) for name, snaps in records.items() for s in snaps]
        bulk.add_new(session, sorted(todo, key=lambda t: list(KINDS).index(t[0].name)))
    assert dump(db) == before


def test_a_row_that_does_not_land_undoes_the_whole_import(package, fresh, monkeypatch):
    db = fresh("lost")
    before = dump(db)
    take = bulk.Ids.take
    # Every contact given one id, and duplicates silently skipped: rows go missing.
    monkeypatch.setattr(bulk.Ids, "take", lambda self, t: 10**6 if t is bulk.CONTACTS else take(self, t))
    monkeypatch.setattr(
        bulk.driver_rows,
        "insert_rows",
        lambda session, table, rows: session.execute(insert(table).prefix_with("OR IGNORE"), list(rows)),
    )
    with pytest.raises(pk.PackageError, match="何も変更していません.*しか"):
        pk.apply_package(db, package, "管理 花子", backup=None, accept_untrusted=True)
    assert dump(db) == before


def test_checks_from_one_read_per_kind_find_what_the_per_record_queries_find(bundled_db):
    with bundled_db.read() as s:
        records, _ = pk.collect(s)
        service = dict(records["service"][0])
        twin = service | {"key": service["key"] + ".twin"}  # the same name in the same municipality
        taken = dict(records["organization"][1])  # a new record under a key already taken
        need = next(n for n in records["need"] if n["parent"])
        loop = next(n for n in records["need"] if n["key"] == need["parent"]) | {"parent": need["key"]}
        cases = [
            ("service", twin, True),
            ("service", service, False),
            ("organization", taken, True),
            ("need", loop, False),
            *(("procedure", p, False) for p in records["procedure"][:20]),
        ]
        directory = Known(s)
        for name, snap, is_new in cases:
            one_by_one = check(s, KINDS[name], snap, is_new=is_new)
            batched = check(s, KINDS[name], snap, is_new=is_new, directory=directory)
            assert batched == one_by_one
        assert any("同じ名称" in p.message for p in check(s, KINDS["service"], twin, is_new=True, directory=directory))
        assert any(
            "すでに使われています" in p.message
            for p in check(s, KINDS["organization"], taken, is_new=True, directory=directory)
        )
        assert any("元に戻って" in p.message for p in check(s, KINDS["need"], loop, is_new=False, directory=directory))
