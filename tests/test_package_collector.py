"""A package's read, preview and apply run with the cyclic garbage collector paused
(``admin.collector``): at national size it made 41 full passes over the heap, 21 s of a 120 s
import, finding next to nothing. On again after each call, whatever happened; left off when it
was off before (the window's start)."""

from __future__ import annotations

import gc

import pytest

import test_package_index as base
from db_support import dump
from dvdesk.admin import package as pk
from dvdesk.admin import package_read, sync
from dvdesk.admin.collector import paused

fresh, shipped, whole, exporters_key = base.fresh, base.shipped, base.whole, base.exporters_key


@pytest.fixture
def collector_seen(monkeypatch) -> list[tuple[str, bool]]:
    """Whether the collector ran, as the read, the plan and the bulk write saw it."""
    seen: list[tuple[str, bool]] = []
    real_plan, real_stream = sync.plan_changes, package_read._stream

    def plan(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(("plan", gc.isenabled()))
        return real_plan(*args, **kwargs)

    def stream(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(("read", gc.isenabled()))
        return real_stream(*args, **kwargs)

    monkeypatch.setattr(sync, "plan_changes", plan)
    monkeypatch.setattr(pk, "plan_changes", plan)
    monkeypatch.setattr(package_read, "_stream", stream)
    yield seen
    gc.enable()


def test_the_collector_is_paused_through_the_import_and_on_after_it(whole, fresh, collector_seen):
    assert gc.isenabled()
    package = pk.read_package(whole)
    assert gc.isenabled()
    db = fresh("a")
    plan = pk.preview(db, package)
    assert gc.isenabled()
    result = pk.apply_package(db, package, "管理 花子", backup=None, previewed=plan)
    assert "検査して使いました" in result.plan.index
    assert gc.isenabled()
    assert collector_seen and all(not on for _, on in collector_seen), collector_seen
    assert {what for what, _ in collector_seen} == {"read", "plan"}


def test_the_collector_is_on_again_after_a_failed_import(whole, fresh, collector_seen, monkeypatch):
    from dvdesk.storage import search_index_build

    def broken(session):  # type: ignore[no-untyped-def]
        raise pk.RecordError("手続きの索引に失敗（試験）")

    monkeypatch.setattr(search_index_build, "index_procedures", broken)
    db = fresh("a")
    before = dump(db)
    with pytest.raises(pk.PackageError, match="何も変更していません"):
        pk.apply_package(db, pk.read_package(whole), "管理 花子", backup=None)
    assert gc.isenabled()
    assert dump(db) == before
    with pytest.raises(pk.PackageError):  # a package that cannot be read: refused, the collector on
        pk.read_package(whole.parent / "missing.dvdesk")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the window's start turns it on itself, after its first paint
    finally:
        gc.enable()
