"""A package's records held packed (admin/packed.py) and applied a chunk at a time (admin/bulk.py):
the same records, the same directory, history and search index as plain lists applied whole, and
a failure in a later chunk leaves the database exactly as it was."""

import dataclasses

import pytest
from sqlalchemy import text

from db_support import dump
from dvdesk.admin import bulk, history, packed
from dvdesk.admin import package as pk
from dvdesk.admin.diff import WHOLE, field_changes
from dvdesk.admin.kinds import KINDS
from dvdesk.admin.packed import PackedSnapshots
from test_package_bulk import exported, fresh  # noqa: F401 — fixtures
from test_package_bulk import history as history_rows

SNAPS = [{"key": f"k{i:03d}", "name": f"窓口{i}", "languages": ["ja", "en"], "when": (i, "x")} for i in range(23)]


def test_packed_records_read_back_equal_in_order_and_by_index(monkeypatch):
    monkeypatch.setattr(packed, "CHUNK", 5)  # 23 records: four full chunks and a partial one
    p = PackedSnapshots(SNAPS)
    assert len(p) == 23 and list(p) == SNAPS and p == SNAPS and SNAPS == list(p)
    assert [p[i] for i in range(23)] == SNAPS and p[-1] == SNAPS[-1] and p[4:7] == SNAPS[4:7]
    assert p[7]["when"] == (7, "x")  # types kept exactly (a tuple stays a tuple)
    assert p != SNAPS[:-1] and p != [*SNAPS[:-1], {"key": "other"}]
    with pytest.raises(IndexError):
        _ = p[23]
    p[0]["name"] = "書き換え"  # a copy: what is stored does not change
    assert p[0]["name"] == "窓口0"


def test_packed_records_appended_one_at_a_time_then_sealed(monkeypatch):
    monkeypatch.setattr(packed, "CHUNK", 4)
    p = PackedSnapshots()
    for s in SNAPS:
        p.append(s)
    assert list(p) == SNAPS and p[22] == SNAPS[22]  # the unsealed tail is read too
    p.seal()
    assert list(p) == SNAPS and p[21] == SNAPS[21] and p.packed_bytes > 0


def test_a_read_package_holds_its_records_packed_and_its_plan_does_not_unpack_them(exported, fresh):  # noqa: F811
    package = pk.read_package(exported / "all.dvdesk")
    assert all(isinstance(snaps, PackedSnapshots) for snaps in package.records.values())
    plan = pk.preview(fresh("plan"), package)
    services = package.records["service"]
    added = [d for d in plan.diffs if d.kind == "service"]
    assert len(added) == len(services) > 100
    for d, snap in zip(added, services, strict=True):  # fetched when looked at: the record itself
        assert list(d.changes) == field_changes(KINDS["service"], None, snap)
        assert d.changes[0].path == WHOLE and d.changes[0].new == snap and len(d.changes) == 1


def _index(db) -> list[tuple]:
    with db.read() as s:
        return [
            *s.execute(text("SELECT rowid, name, org, body, tags FROM search_fts ORDER BY rowid")),
            *s.execute(text("SELECT * FROM search_list ORDER BY 1, 2, 3, 4")),
        ]


def test_packed_and_plain_records_import_the_same_directory_history_and_index(exported, fresh, monkeypatch):  # noqa: F811
    """The chunked apply (chunks of 7 records) of the packed package against the same records as
    plain lists applied in one chunk: collect(), history and search index compared."""
    package = pk.read_package(exported / "all.dvdesk")
    plain = dataclasses.replace(package, records={name: list(snaps) for name, snaps in package.records.items()})
    a, b = fresh("packed"), fresh("plain")
    with monkeypatch.context() as m:
        m.setattr(bulk, "RECORDS_CHUNK", 7)
        pk.apply_package(a, package, "管理 花子", backup=None, accept_untrusted=True)
    with monkeypatch.context() as m:
        m.setattr(bulk, "RECORDS_CHUNK", 10**9)
        pk.apply_package(b, plain, "管理 花子", backup=None, accept_untrusted=True)
    with a.read() as sa, b.read() as sb:
        assert pk.collect(sa) == pk.collect(sb)
        assert len(pk.collect(sa)[0]["service"]) == len(package.records["service"])
    assert history_rows(a) == history_rows(b) and len(history_rows(a)) >= sum(map(len, package.records.values()))
    assert _index(a) == _index(b) and len(_index(a)) > len(package.records["service"])
    assert pk.preview(a, package).empty


def test_a_failure_in_a_later_chunk_of_new_records_leaves_the_database_as_it_was(exported, fresh, monkeypatch):  # noqa: F811
    db = fresh("later")
    package = pk.read_package(exported / "all.dvdesk")
    before = dump(db)
    calls: list[int] = []
    real = history.record_added

    def record_added(*args, **kwargs):  # the history of the third chunk fails, two are written
        calls.append(1)
        if len(calls) == 3:
            raise pk.RecordError("試験の失敗（3つ目のチャンク）")
        return real(*args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(bulk, "RECORDS_CHUNK", 20)
        m.setattr(history, "record_added", record_added)
        with pytest.raises(pk.PackageError, match="何も変更していません"):
            pk.apply_package(db, package, "管理 花子", backup=None, accept_untrusted=True)
    assert len(calls) == 3 and dump(db) == before
    pk.apply_package(db, package, "管理 花子", backup=None, accept_untrusted=True)  # then imports whole
    with db.read() as s:
        assert len(pk.collect(s)[0]["service"]) == len(package.records["service"])


def test_the_plan_of_a_first_import_from_keys_and_titles_equals_the_plan_from_the_records(exported, fresh):  # noqa: F811
    """Into an empty directory a packed package is planned from its kept keys and titles, not
    unpacked: the plan (every diff, its title, action and change) is the general path's."""
    package = pk.read_package(exported / "all.dvdesk")
    plain = dataclasses.replace(package, records={name: list(snaps) for name, snaps in package.records.items()})
    db = fresh("plans")
    fast, general = pk.preview(db, package), pk.preview(db, plain)
    assert fast.diffs == general.diffs and fast.counts == general.counts and len(fast.diffs) > 100
    assert [type(d.changes) for d in general.diffs if d.kind == "service"][0] is tuple  # truly the general path
    assert all(isinstance(s.keys, list) and s.keys == [r["key"] for r in s] for s in package.records.values())


def test_picked_records_unpack_each_needed_chunk_once(monkeypatch):
    monkeypatch.setattr(packed, "CHUNK", 5)
    p = PackedSnapshots(SNAPS)
    unpacked = []
    real = packed.zlib.decompress
    monkeypatch.setattr(packed.zlib, "decompress", lambda data: unpacked.append(1) or real(data))
    assert list(p.picked([1, 2, 9, 22])) == [(i, SNAPS[i]) for i in (1, 2, 9, 22)]
    assert len(unpacked) == 3  # chunks 0, 1 and 4; 2 and 3 hold nothing asked for


def test_the_plan_against_a_directory_holding_some_records_equals_the_plan_from_the_records(
    exported,  # noqa: F811
    fresh,  # noqa: F811
    monkeypatch,
):
    """A new desk holds some of a package's records (the bundled directory): a packed package is
    planned from keys and titles for the new records and unpacks only the chunks holding the others;
    the plan (every diff, in order, its title, action and change, and the unchanged count) is the
    general path's."""
    monkeypatch.setattr(packed, "CHUNK", 7)
    package = pk.read_package(exported / "all.dvdesk")
    plain = {name: list(snaps) for name, snaps in package.records.items()}
    some = {**plain, "service": plain["service"][::3], "procedure": []}
    some["service"][0] = some["service"][0] | {"description": "この PC で書き換え"}
    db = fresh("some")
    part = dataclasses.replace(package, records=some, index=None, translations={})
    pk.apply_package(db, part, "管理", backup=None, accept_untrusted=True)
    fast, general = pk.preview(db, package), pk.preview(db, dataclasses.replace(package, records=plain))
    assert fast.diffs == general.diffs and fast.unchanged == general.unchanged > 10
    assert fast.counts == general.counts and fast.counts["changed"] == 1 and fast.counts["added"] > 100


def test_records_asked_by_index_in_turn_unpack_each_chunk_once_and_stay_copies(monkeypatch):
    """The import preview asks each listed record's diff for its fields (``RecordDiff.display``):
    1,000 rows measured unpacked a 1,000-record chunk each (13.5 s of 27 for a 24,000-record package)."""
    monkeypatch.setattr(packed, "CHUNK", 5)
    p = PackedSnapshots(SNAPS)
    unpacked = []
    real = packed.zlib.decompress
    monkeypatch.setattr(packed.zlib, "decompress", lambda data: unpacked.append(1) or real(data))
    assert [p[i] for i in range(23)] == SNAPS
    assert len(unpacked) == 5  # each of the five chunks once (before: one per record, 23)
    p[0]["name"] = "書き換え"
    p[1]["languages"].append("fr")  # a nested value too: the kept chunk is not the caller's
    assert p[0]["name"] == "窓口0" and p[1]["languages"] == ["ja", "en"] and p[0] is not p[0]
