"""Two administrators editing one record at once: detected, shown field by field, no lost update."""

import threading

import pytest
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from dvdesk.admin.editing import EditConflict, Editor
from dvdesk.domain.models import Service


def test_the_second_saver_sees_what_changed_and_nothing_is_lost(any_mini_db):
    a, b = Editor(any_mini_db, "管理 A"), Editor(any_mini_db, "管理 B")
    base_a = a.load("service", "test.svc.housing")
    base_b = b.load("service", "test.svc.housing")
    a.save("service", {**base_a, "cost": "無料", "schedule": "平日 8:30〜17:15"}, base=base_a)
    mine = {**base_b, "cost": "有料（一部）", "description": "Bの説明"}
    with pytest.raises(EditConflict) as err:
        b.save("service", mine, base=base_b)
    fields = {f.path: (f.base, f.theirs, f.mine) for f in err.value.fields}
    assert fields == {
        "cost": (base_b["cost"], "無料", "有料（一部）"),
        "schedule": (base_b["schedule"], "平日 8:30〜17:15", base_b["schedule"]),
    }
    assert "ほかの管理者が保存しています（2項目）" in err.value.message
    assert any(line.startswith("費用") or "無料" in line for line in err.value.lines())
    now = b.load("service", "test.svc.housing")  # A's save is intact, B's wrote nothing
    assert (now["cost"], now["schedule"], now["description"]) == ("無料", "平日 8:30〜17:15", base_b["description"])
    # B decides to overwrite: she saves again against what she has now seen
    b.save("service", mine, base=err.value.theirs)
    now = b.load("service", "test.svc.housing")
    assert (now["cost"], now["description"]) == ("有料（一部）", "Bの説明")
    assert now["schedule"] == base_b["schedule"]  # overwrite means her whole form, as she chose


def test_discarding_keeps_the_other_save_and_an_unchanged_record_saves_without_a_question(any_mini_db):
    a, b = Editor(any_mini_db, "管理 A"), Editor(any_mini_db, "管理 B")
    base = a.load("organization", "test.housing")
    a.save("organization", {**base, "description": "Aの説明"}, base=base)
    fresh = b.load("organization", "test.housing")  # B discarded and reloaded
    b.save("organization", {**fresh, "staff_note": "Bのメモ"}, base=fresh)
    now = a.load("organization", "test.housing")
    assert (now["description"], now["staff_note"]) == ("Aの説明", "Bのメモ")


def test_a_contact_changed_by_someone_else_is_a_conflict_too(any_mini_db):
    a, b = Editor(any_mini_db, "管理 A"), Editor(any_mini_db, "管理 B")
    base = a.load("organization", "test.center")
    assert base["contacts"], "the fixture's センター has a contact"
    contacts = [dict(c) for c in base["contacts"]]
    contacts[0]["hours"] = "平日 9:00〜16:00"
    a.save("organization", {**base, "contacts": contacts}, base=base)
    with pytest.raises(EditConflict) as err:
        b.save("organization", {**base, "description": "B"}, base=base)
    assert [f.path for f in err.value.fields] == ["contacts.0.hours"]


@pytest.mark.pg_quick("the row-version check as the server's UPDATE … WHERE version reports it")
def test_the_version_column_refuses_an_update_from_a_stale_row(any_mini_db):
    """A desk read version n; another commits n+1; the first desk's UPDATE … WHERE version = n
    matches nothing and fails instead of overwriting."""
    with any_mini_db.read() as s:
        stale = s.scalar(select(Service).where(Service.key == "test.svc.law"))
        s.expunge(stale)  # what one desk's screen holds
    version = stale.version
    with any_mini_db.write() as s:
        s.scalar(select(Service).where(Service.key == "test.svc.law")).cost = "無料"
    with pytest.raises(StaleDataError), any_mini_db.write() as s:
        stale = s.merge(stale, load=False)
        stale.cost = "古い画面からの上書き"
        s.flush()
    with any_mini_db.read() as s:
        row = s.scalar(select(Service).where(Service.key == "test.svc.law"))
        assert (row.cost, row.version) == ("無料", version + 1)


@pytest.mark.pg_quick("two real server sessions saving at once (row locks, READ COMMITTED)")
def test_two_savers_at_the_same_moment_one_wins_the_other_is_told(any_mini_db):
    editors = [Editor(any_mini_db, f"管理 {n}") for n in "AB"]
    base = editors[0].load("service", "test.svc.kids")
    start = threading.Barrier(2, timeout=60)  # never an endless wait if the other saver died first
    outcomes: list[str] = []

    def save(editor, cost):
        start.wait()
        try:
            editor.save("service", {**base, "cost": cost}, base=base)
            outcomes.append("saved")
        except EditConflict:
            outcomes.append("conflict")

    # daemon: a saver stuck in a lock wait fails this test instead of keeping the worker from exiting
    threads = [
        threading.Thread(target=save, args=(e, c), daemon=True) for e, c in zip(editors, ("A案", "B案"), strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads), "a saver still waits after 60 s (a lock wait?)"
    assert sorted(outcomes) == ["conflict", "saved"]
    assert editors[0].load("service", "test.svc.kids")["cost"] in ("A案", "B案")
