"""The real desk's first national import (``admin/replace_whole.py``): a new desk holds the bundled
directory, so a whole directory's package never landed in an empty one and its shipped index went
unused. When the package holds every record the desk has, the desk's directory is replaced whole
and the shipped index used. What is checked: the same directory, history and search answers as the
ordinary import; an index equal to a full rebuild's of the result; a desk's own record, or a
referral to one of its records, keeps the ordinary import and the report says why; a stale editor
cannot write over a record that took an old id; a failure at any step after the delete changes
nothing (the file, and this process's answers); what the desk holds outside its directory (templates,
referrals and counts naming no record by id, its municipality, synonyms, history) is kept, and its
administrator's edits end as after an ordinary import (the package's values, the desk's in the history)."""

from __future__ import annotations

import collections
import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select, text

from db_support import dump
from dvdesk.admin import package as pk
from dvdesk.admin import replace_whole
from dvdesk.admin.kinds import KINDS
from dvdesk.app.desk_query import ALL_KINDS, DeskQuery
from dvdesk.app.directory_queries import DeskData
from dvdesk.domain import integrity
from dvdesk.domain.casework_models import Referral, ReferralTarget
from dvdesk.domain.change_log import ChangeRecord
from dvdesk.domain.models import Service
from dvdesk.storage import search_index, search_index_build
from dvdesk.storage import search_index_ship as ship
from dvdesk.storage.db import open_database

INDEX_TABLES = (
    "search_fts_content",
    "search_fts_docsize",
    "search_fts_names_content",
    "search_fts_providers_content",
    "search_fts_procedures_content",
    "search_fts_orgs_content",
    "search_order",
    "search_list",
)
QUERIES = ("DV", "相談", "母子", "シェルター", "住民票", "国立", "189", "女性", "子ども", "別館", "更新")


@pytest.fixture
def desk(_bundled_template, tmp_path):
    """A new desk: the bundled directory, as every desk holds it after its first start."""
    opened = []

    def make(name: str):
        db = open_database(shutil.copy(_bundled_template, tmp_path / f"{name}.sqlite3"))
        opened.append(db)
        return db

    yield make
    for db in opened:
        db.close()


@pytest.fixture
def package(desk, tmp_path) -> Path:
    """The exporting PC's whole directory: the bundled one with every service's description
    updated, an organisation renamed and 30 services of its own, its index current."""
    return exported(desk, tmp_path)


def exported(desk, tmp_path: Path, *, first: str = "", kept: str = "0") -> Path:
    """``package``'s, the SQL ``first`` run on the exporter's directory before (as the gate never
    sees it), and the services ``kept`` (an SQL condition) left unchanged."""
    source = desk("source")
    with source.write() as s:
        if first:
            s.execute(text(first))
        s.execute(text(f"UPDATE services SET description = description || '（更新）' WHERE NOT ({kept})"))
        s.execute(
            text("UPDATE organizations SET name = name || '（新）' WHERE id = (SELECT min(id) FROM organizations)")
        )
        cols = [c.name for c in Service.__table__.columns if c.name not in ("id", "key", "name")]
        s.execute(
            text(
                f"INSERT INTO services (key, name, {', '.join(cols)}) "
                f"SELECT key || '-annex', name || '（別館）', {', '.join(cols)} FROM services ORDER BY id LIMIT 30"
            )
        )
        search_index.rebuild(s)
    path = tmp_path / "all.dvdesk"
    pk.export_package(source, path)
    return path


def imported(db, path: Path) -> str:
    package = pk.read_package(path)
    assert package.index is not None
    plan = pk.preview(db, package)
    return pk.apply_package(db, package, "管理 花子", backup=None, previewed=plan).plan.index


def ordinary(monkeypatch, db, path: Path) -> str:
    with monkeypatch.context() as m:
        m.setattr(replace_whole, "why_not", lambda *a, **k: "test")
        return imported(db, path)


def answers(db) -> dict[str, list[tuple[str, str]]]:
    """What the desk's search shows for each query, by record key (ids differ between the paths)."""
    data = DeskData(db)
    with db.read() as s:
        keys = dict(s.execute(select(Service.id, Service.key)).all())
    out = {}
    asked = [DeskQuery(text=q, kinds=ALL_KINDS, limit=1000) for q in QUERIES]
    asked += [  # a need or a place chosen, with and without words (the list of ``search_list``)
        DeskQuery(need_keys=("safety.shelter",), kinds=ALL_KINDS, limit=1000),
        DeskQuery(need_keys=("housing",), municipality_code="132152", limit=1000),
        DeskQuery(text="相談", municipality_code="162027", limit=1000),
        DeskQuery(text="DV", need_keys=("safety",), limit=1000),
    ]
    for query in asked:
        hits = data.desk_search(query).hits
        out[repr(query)] = [(h.item, keys[h.service_id] if h.item == "service" else h.key) for h in hits]
    return out


def ids(db) -> dict[tuple[str, str], int]:
    with db.read() as s:
        return {
            (name, key): i
            for name, kind in KINDS.items()
            for key, i in s.execute(select(getattr(kind.model, kind.key_attr), kind.model.id))
        }


def history(db) -> collections.Counter:
    with db.read() as s:
        return collections.Counter(
            (r.table_name, r.record_key, r.field, r.old_value, r.new_value, r.action)
            for r in s.scalars(select(ChangeRecord))
        )


def index_rows(db) -> dict[str, list]:
    with db.read() as s:
        return {t: s.execute(text(f"SELECT * FROM {t} ORDER BY 1, 2")).all() for t in INDEX_TABLES}


def backed_up(db, path: Path) -> Path:
    """A consistent copy of an open database (its WAL included, which a file copy would miss)."""
    src, dst = sqlite3.connect(db.path), sqlite3.connect(path)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return path


def test_a_new_desk_is_replaced_whole_and_equals_the_ordinary_import(desk, package, monkeypatch, tmp_path):
    a, b = desk("replaced"), desk("ordinary")
    ids_before = ids(a)
    said = imported(a, package)
    after = ids(a)
    assert all(after[k] == i for k, i in ids_before.items())  # a list or an editor may hold them
    assert replace_whole.REPLACED in said and ship.USED in said
    assert "この PC の一覧を置き換えなかった理由" in ordinary(monkeypatch, b, package)  # told why (here: "test")
    with a.read() as sa, b.read() as sb:
        assert pk.collect(sa) == pk.collect(sb)  # every record, field by field
    assert history(a) == history(b) and sum(history(a).values()) > 30
    assert answers(a) == answers(b)
    found = answers(a)
    assert all(found[repr(DeskQuery(text=q, kinds=ALL_KINDS, limit=1000))] for q in ("DV", "相談", "別館", "更新"))
    assert all(found.values())  # every query finds something, each the same as after the ordinary import
    # The index the package brought is the one this desk would build from what it now holds.
    copy = open_database(backed_up(a, tmp_path / "rebuilt.sqlite3"))
    try:
        with copy.write() as s:
            search_index_build.rebuild(s)
        assert index_rows(copy) == index_rows(a)
    finally:
        copy.close()


def test_a_desk_with_a_record_of_its_own_keeps_it_and_is_told(desk, package):
    db = desk("own")
    with db.write() as s:
        own = s.scalars(select(Service).order_by(Service.id)).first()
        assert own is not None
        s.execute(
            text("UPDATE services SET key = 'own.desk.service', name = name || '（この PC）' WHERE id = :i"),
            {"i": own.id},
        )
        search_index.rebuild(s)
        ids = dict(s.execute(select(Service.key, Service.id)).all())
    said = imported(db, package)
    assert replace_whole.REPLACED not in said and "own.desk.service" in said and "残します" in said
    with db.read() as s:
        after = dict(s.execute(select(Service.key, Service.id)).all())
    assert after["own.desk.service"] == ids["own.desk.service"]
    assert all(after[k] == i for k, i in ids.items())  # the desk's records keep their ids


@pytest.mark.slow  # the thorough tier (CI runs both): the quick tier stays under 90 s
def test_a_referral_to_a_desk_record_keeps_the_ordinary_import(desk, package):
    db = desk("referred")
    with db.write() as s:
        sid = s.scalar(select(Service.id).order_by(Service.id))
        today, now = dt.date(2026, 12, 2), dt.datetime(2026, 12, 2, 10, 0)
        ref = Referral(case_ref="R-1", referred_on=today, counselor="相談員A", updated_on=today, created_at=now)
        ref.targets.append(ReferralTarget(service_id=sid, service_name="窓口"))
        s.add(ref)
    said = imported(db, package)
    assert replace_whole.REPLACED not in said and "referral_targets" in said
    with db.read() as s:
        assert s.scalar(select(ReferralTarget.service_id)) == sid


def test_an_editor_holding_a_record_from_before_cannot_write_over_the_package_s(desk, package):
    db = desk("stale")
    before = ids(db)
    imported(db, package)
    with db.read() as s:
        for name in ("organization", "service", "procedure"):
            model = KINDS[name].model
            held = {i for (kind, _), i in before.items() if kind == name}
            versions = [v for i, v in s.execute(select(model.id, model.version)) if i in held]
            assert len(versions) == len(held) and min(versions) > 1  # every editor's copy from before had 1


def _failing_after(where: str):  # type: ignore[no-untyped-def]
    """A replacement that fails at one of its steps (the desk already cleared at each)."""
    from dvdesk.admin import bulk, sync
    from dvdesk.domain import integrity

    def broken(*a, **k):  # type: ignore[no-untyped-def]
        raise RuntimeError(f"{where}で失敗")

    real_cleared = replace_whole.Cleared.__init__

    def cleared_then_broken(self, session):  # type: ignore[no-untyped-def]
        real_cleared(self, session)
        broken()

    return {
        "the delete": (replace_whole.Cleared, "__init__", cleared_then_broken),
        "the rows": (bulk, "add_new", broken),
        "the versions": (replace_whole.Cleared, "guard", broken),
        "the synonyms": (sync, "_write_synonyms", broken),
        "the index": (search_index_build, "rebuild", broken),
        "the gate before commit": (integrity, "gate", broken),
    }[where]


@pytest.mark.parametrize(
    "where",
    [
        *(pytest.param(w, marks=pytest.mark.slow) for w in ("the delete", "the rows", "the versions", "the synonyms")),
        "the index",
        "the gate before commit",
    ],
)
def test_a_failure_after_the_desk_was_cleared_changes_nothing(where, desk, package, monkeypatch):
    """The file as it was (another process's view), the same answers from this process's pooled
    connection (FTS5's tables were dropped and made again in the failed transaction), and the next
    import replaces the directory."""
    db = desk("failing")
    before, found = dump(db), answers(db)
    with monkeypatch.context() as m:
        m.setattr(*_failing_after(where))
        with pytest.raises(RuntimeError):
            imported(db, package)
    assert dump(db) == before
    assert answers(db) == found
    assert replace_whole.REPLACED in imported(db, package)


def test_a_package_without_every_desk_record_or_with_other_ids_is_never_replaced(desk, package):
    db = desk("check")
    read = pk.read_package(package)
    assert read.index is not None
    try:
        with db.read() as s:
            incoming, preset = read.records, read.index.preset
            assert replace_whole.why_not(s, incoming, 10**6, preset) == ""
            fewer = {**incoming, "need": list(incoming["need"])[1:]}
            assert "パッケージにありません" in replace_whole.why_not(s, fewer, 10**6, preset)
            moved = lambda name: {k: i + 1 for k, i in preset(name).items()}  # noqa: E731
            assert "番号（ID）が書き出した PC と違います" in replace_whole.why_not(s, incoming, 10**6, moved)
            assert replace_whole.why_not(s, incoming, 1, preset) == replace_whole.FEW
            assert replace_whole.why_not(s, incoming, 10**6, None) == replace_whole.NO_INDEX
    finally:
        read.index.close()


OUTSIDE = (
    "checklist_templates",
    "synonyms",
    "referrals",
    "referral_needs",
    "referral_targets",
    "referral_events",
    "consultation_counts",
)


def _desk_of_its_own(db) -> None:
    """What a desk holds besides its directory, none of it naming a record by id, and an
    administrator's edits made on this PC (a phone and a staff note changed, a service retired)."""
    from dvdesk.admin.editing import Editor
    from dvdesk.domain.casework_models import ConsultationCount, ReferralNeed
    from dvdesk.domain.directory_views import DESK_MUNICIPALITY
    from dvdesk.domain.models import ChecklistTemplate, Meta, Need, Procedure, Synonym

    with db.write() as s:
        need = s.scalar(select(Need.key).order_by(Need.id))
        proc = s.scalar(select(Procedure.key).order_by(Procedure.id))
        s.add(ChecklistTemplate(municipality_code="132152", name="転出", needs=[need], items=[{"procedure": proc}]))
        s.merge(Meta(key=DESK_MUNICIPALITY, value="132152"))
        s.add(Synonym(group_key="desk-own", term="この窓口の言葉"))
        today, now = dt.date(2026, 12, 2), dt.datetime(2026, 12, 2, 10, 0)
        ref = Referral(case_ref="R-2", referred_on=today, counselor="相談員B", updated_on=today, created_at=now)
        ref.needs.append(ReferralNeed(need_key=need, label="住まい"))
        ref.targets.append(ReferralTarget(service_name="窓口（名前だけ）", department="市民課"))
        s.add(ref)
        s.add(ConsultationCount(month=dt.date(2026, 11, 1), department="市民課", need_key=need, count=3))
    editor = Editor(db, "管理 太郎")
    with db.read() as s:
        keys = s.scalars(select(Service.key).order_by(Service.id)).all()
    snap = editor.load("service", keys[0])
    editor.save("service", {**snap, "phone": "042-576-2111", "staff_note": "この PC で書いた職員メモ"}, base=snap)
    editor.retire("service", keys[1])


def outside(db) -> dict[str, list]:
    with db.read() as s:
        out = {t: s.execute(text(f"SELECT * FROM {t} ORDER BY 1, 2")).all() for t in OUTSIDE}
        out["meta"] = s.execute(
            text("SELECT * FROM meta WHERE key NOT IN ('change_count', 'last_package_import') ORDER BY 1")
        ).all()
        out["history"] = s.execute(text("SELECT * FROM change_history ORDER BY id")).all()
    return out


def test_a_replacement_keeps_all_the_desk_holds_outside_its_directory_and_its_edits_as_an_import_does(
    desk, package, monkeypatch
):
    a, b = desk("replaced"), desk("ordinary")
    for db in (a, b):
        _desk_of_its_own(db)
    before = outside(a)
    assert replace_whole.REPLACED in imported(a, package)
    ordinary(monkeypatch, b, package)
    after = outside(a)
    assert after["history"][: len(before["history"])] == before["history"]  # the desk's own history, kept
    assert {t: after[t] for t in after if t != "history"} == {t: before[t] for t in before if t != "history"}
    with a.read() as sa, b.read() as sb:
        assert pk.collect(sa) == pk.collect(sb)  # the desk's edits: where the package says otherwise, its values
    assert history(a) == history(b)  # the values written over are in the history, as after an import
    written_over = {(f, old) for (_, _, f, old, _, action) in history(a) if action == "import"}
    assert {
        ("staff_note", '"この PC で書いた職員メモ"'),
        ("phone", '"042-576-2111"'),
        ("retired", "true"),
    } <= written_over
    assert answers(a) == answers(b)


# A shelter whose location is public, written around the gate (what a restored old backup can hold):
# both PCs have it, and the package leaves it as it is.
SHELTER = (
    "id = (SELECT sn.service_id FROM service_needs sn JOIN needs n ON n.id = sn.need_id "
    "WHERE n.key = 'safety.shelter' ORDER BY sn.service_id LIMIT 1)"
)
PUBLIC_SHELTER = (
    f"UPDATE services SET location = '国立市富士見台二丁目', location_confidentiality = 'public' WHERE {SHELTER}"
)


@pytest.mark.slow  # the thorough tier (CI runs both): the quick tier stays under 90 s
def test_a_problem_already_on_a_record_the_package_leaves_as_it_is_does_not_block_the_replacement(
    desk, tmp_path, monkeypatch
):
    """The gate holds against a write only the records it touched (``domain/integrity.py``): the
    ordinary import leaves the shelter alone and is accepted; the replacement rewrites it exactly as
    it was, and must be accepted too."""
    path = exported(desk, tmp_path, first=PUBLIC_SHELTER, kept=SHELTER)
    a, b = desk("replaced"), desk("ordinary")
    for db in (a, b):
        with db.write() as s:
            s.execute(text(PUBLIC_SHELTER))
    ordinary(monkeypatch, b, path)
    assert replace_whole.REPLACED in imported(a, path)
    with a.read() as sa, b.read() as sb:
        assert pk.collect(sa) == pk.collect(sb)
        assert [str(f) for f in integrity.scan(sa)] == [str(f) for f in integrity.scan(sb)] != []  # still reported
    assert history(a) == history(b) and answers(a) == answers(b)


def test_a_record_the_package_changes_is_still_held_against_the_replacement(desk, tmp_path, monkeypatch):
    """Only what the package leaves as it is goes unchecked: its own public shelter (the import's
    checks of each record skipped here, as for a rule only the gate knows) refuses the whole import."""
    path = exported(desk, tmp_path, first=PUBLIC_SHELTER)
    db = desk("desk")
    before = dump(db)
    monkeypatch.setattr(pk, "_check_records", lambda *a: None)
    with pytest.raises(pk.PackageError, match="一時保護・シェルターの所在地が「公開」"):
        imported(db, path)
    assert dump(db) == before


_LIVE_REFS = """
import sqlite3, sys
from dvdesk.admin import replace_whole
known = {(t.name, c.name) for t, c in replace_whole._outside_refs()}
directory = {t.name for t in replace_whole.DIRECTORY}
con = sqlite3.connect(sys.argv[1])
for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
    for fk in con.execute(f"PRAGMA foreign_key_list('{name}')").fetchall() if name not in directory else ():
        if fk[2] in directory and (name, fk[3]) not in known:
            print(name, fk[3])
"""


def test_every_column_of_the_file_that_refers_to_a_directory_record_is_checked(_bundled_template):
    """``why_not`` finds references from the models' foreign keys, in a process that imported only
    ``replace_whole``: every foreign key of a real desk's file into the directory must be among them
    (a table whose model that process never imported would lose its references silently)."""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", _LIVE_REFS, str(_bundled_template)], capture_output=True, text=True, check=True
    )
    assert out.stdout == ""


@pytest.mark.parametrize(
    "room",
    [pytest.param(r, marks=pytest.mark.slow) for r in (0, 30, 60)],  # the thorough tier
)
def test_a_full_disk_during_the_replacement_leaves_the_desk_as_it_was(room, desk, package):
    """The desk's file may grow by ``room`` pages only (the replacement needs about 80 here): the
    import fails as a full disk, the file and this process's answers are as they were, and once
    there is room again the next import replaces the directory."""
    from sqlalchemy import event

    from dvdesk.storage.errors import DiskFull

    db = desk("full")
    before, found = dump(db), answers(db)
    pages = db.path.stat().st_size // 4096 + room

    def full(conn) -> None:  # type: ignore[no-untyped-def]
        conn.exec_driver_sql(f"PRAGMA max_page_count = {pages}")

    event.listen(db.engine, "begin", full)
    with pytest.raises(DiskFull):
        imported(db, package)
    event.remove(db.engine, "begin", full)
    assert dump(db) == before
    assert answers(db) == found
    with db.write() as s:
        s.execute(text("PRAGMA max_page_count = 1073741823"))  # the same pooled connection, room again
    assert replace_whole.REPLACED in imported(db, package)
