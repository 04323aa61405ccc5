"""Attacks on today's recovery that carries casework (session 12, hx-attack12).

Two departments of one name in ONE town (a directory that holds the name twice, as
``statistics._cells_of`` expects) are two count cells: the form saves each alone. A damaged file's
month read for one of them must leave the other's month, on a page that could not be read, as the
backup holds it — not delete it and report it as lost.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3

from sqlalchemy import create_engine, select, text

from damage_support import overwrite_root_page
from dvdesk.app.statistics import Statistics
from dvdesk.domain import referrals
from dvdesk.domain.casework_models import Referral
from dvdesk.domain.models import Organization, OrgKind, Service
from dvdesk.storage import backup, migrations, salvage
from dvdesk.storage.db import open_database
from dvdesk.storage.recovery import recover
from dvdesk.storage.salvage import Casework, TableRead
from dvdesk.storage.salvage_merge import carry
from test_migration_department_towns import _fill_at_0011
from test_recover_partial import AFTER, BEFORE, partly_damaged
from test_statistics_same_name import APRIL, TODAY, F, P


def _twin(db) -> tuple[int, int]:
    """mini's 高岡市 住宅課 and a second 住宅課 of 高岡市 (the directory holds the name twice)."""
    with db.write() as s:
        first = s.scalar(select(Organization).where(Organization.key == "test.housing"))
        s.add(
            Organization(
                key="test.housing2",
                municipality_id=first.municipality_id,
                name=first.name,
                kind=OrgKind.CITY_DEPARTMENT,
                source="t",
            )
        )
    with db.read() as s:
        ids = dict(s.execute(select(Organization.key, Organization.id)).all())
    return ids["test.housing"], ids["test.housing2"]


def test_a_month_read_for_one_of_two_same_named_departments_of_a_town_leaves_the_other_as_it_was(mini_db):
    db = mini_db
    one, two = _twin(db)
    stats = Statistics(db)
    stats.save_month_counts(APRIL, one, True, {("housing", F): 3}, TODAY)
    stats.save_month_counts(APRIL, two, True, {("housing", P): 4}, TODAY)
    with db.write() as s:
        conn = s.connection()
        rows = [dict(r._mapping) for r in conn.exec_driver_sql("SELECT * FROM consultation_counts")]
        readable = [r for r in rows if r["organization_id"] == one]
        for r in readable:
            r["count"] = 6  # the first 住宅課's April, entered again after the backup
        lost = {int(r["id"]) for r in rows if r["organization_id"] == two}  # the second's: on a lost page
        damaged = Casework(
            tables={"consultation_counts": TableRead(columns=list(rows[0]), rows=readable, unreadable_ids=lost)},
            keys={"organizations": None, "services": None},
        )
        carried = carry(conn, damaged, same_file=True, later=True)
    assert stats.month_counts(APRIL, one, True) == {("housing", F): 6}
    assert stats.month_counts(APRIL, two, True) == {("housing", P): 4}  # as the backup holds it
    assert carried.newer["consultation_counts"] == 1


def test_a_link_whose_directory_row_could_not_be_read_never_lands_on_another_department(mini_db):
    """The damaged file's directory unreadable (no id -> key): a target's department id is kept only
    when the recovered directory's row of that id is the department the target names. Another
    desk's file copied in, or a department deleted and its id given to a new one, numbers them
    differently: the referral must not be counted in another department's queue or report."""
    db = mini_db
    with db.read() as s:
        orgs = {o.key: (o.id, o.name) for o in s.scalars(select(Organization))}
    (housing, housing_name), (other, _) = orgs["test.housing"], next(v for k, v in orgs.items() if k != "test.housing")
    with db.write() as s:
        conn = s.connection()
        ref = {
            "id": 900, "case_ref": "R7-0900", "referred_on": "2025-09-01", "counselor": "相談員A",
            "channel": "in_person", "dv": 1, "status": "referred", "updated_on": "2025-09-01",
            "created_at": "2025-09-01 10:00:00.000000", "version": 1,
        }  # fmt: skip
        columns = {c[1] for c in conn.exec_driver_sql("PRAGMA table_info(referrals)")}
        ref = {k: v for k, v in ref.items() if k in columns}
        targets = [  # the same department name, once under its own id and once under another's
            {"id": 1, "referral_id": 900, "service_id": None, "organization_id": housing,
             "service_name": "", "department": housing_name, "municipality": "高岡市"},
            {"id": 2, "referral_id": 900, "service_id": None, "organization_id": other,
             "service_name": "", "department": housing_name, "municipality": "高岡市"},
        ]  # fmt: skip
        damaged = Casework(
            tables={
                "referrals": TableRead(columns=list(ref), rows=[ref]),
                "referral_targets": TableRead(columns=list(targets[0]), rows=targets),
            },
            keys={"organizations": None, "services": None},
        )
        carry(conn, damaged, same_file=True, later=None)
        got = sorted(
            (r[0], r[1])
            for r in conn.exec_driver_sql("SELECT id, organization_id FROM referral_targets WHERE referral_id = 900")
        )
    assert [org for _, org in got] in ([housing, None], [None, housing])
    assert other not in [org for _, org in got]


def _referrals_row_pages_overwritten(path) -> None:
    """Overwrite the referrals table's root page (its rows; its indexes still list their rowids)."""
    overwrite_root_page(path, "referrals")


def _id_reused(template, folder, monkeypatch, kept: bool):
    """The backup holds R7-0002 (and, ``kept``, R7-0001 before it); after the backup R7-0002 is
    deleted (entered by mistake) and R7-0003 recorded, which SQLite numbers as R7-0002 was (a file of
    an earlier version: ``referral_conflicts.new_id`` gives no id twice now), and moved on. Then the referrals' rows become unreadable; their moves stay readable."""
    path = folder / "d.sqlite3"
    shutil.copy(template, path)
    db = open_database(path, fill=False)
    with db.read() as s:
        service = s.scalar(select(Service.id).where(Service.key == "test.svc.housing"))

    def record(case_ref):
        with db.write() as s:
            return referrals.record_referral(s, case_ref=case_ref, counselor="相談員A", service_ids=[service])

    if kept:
        record("R7-0001")
    deleted = record("R7-0002")
    backup.take(path, "manual")
    clock = iter(range(10))
    monkeypatch.setattr(referrals, "_now", lambda: dt.datetime(2030, 1, 1, 9, 0, next(clock)))  # after the backup
    monkeypatch.setattr(referrals, "new_id", lambda session: None)  # numbered as before session 17: SQLite's choice
    with db.write() as s:
        referrals.delete_referral(s, deleted.id)
    new = record("R7-0003")
    with db.write() as s:
        referrals.change_status(s, new.id, "contacted")
    assert new.id == deleted.id
    db.close()
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    _referrals_row_pages_overwritten(path)
    return recover(path)


def test_an_unreadable_referral_that_reused_a_deleted_ones_id_does_not_bring_the_deleted_one_back(
    _mini_template, tmp_path, monkeypatch
):
    """Seen: R7-0002 back in the log with R7-0003's moves and status 連絡済み, and nothing said to be
    missing. Expected: R7-0002 stays deleted (the damaged file holds R7-0001's moves: the same log,
    later), and R7-0003, unreadable, is said to be missing."""
    result = _id_reused(_mini_template, tmp_path, monkeypatch, kept=True)
    try:
        with result.db.read() as s:
            assert set(s.scalars(select(Referral.case_ref))) == {"R7-0001"}
        assert result.referrals_left_behind == 1
        assert "読めなかった紹介記録 1件" in result.warning()
    finally:
        result.db.close()


def test_without_anything_in_common_the_backups_referral_keeps_its_own_moves(_mini_template, tmp_path, monkeypatch):
    """Nothing readable in common: whether R7-0002 was deleted cannot be told, so it stays as the
    backup holds it — but never with the moves and status of the referral that took its id."""
    result = _id_reused(_mini_template, tmp_path, monkeypatch, kept=False)
    try:
        with result.db.read() as s:
            (only,) = s.scalars(select(Referral))
            assert (only.case_ref, only.status, len(only.events)) == ("R7-0002", "referred", 1)
        assert result.referrals_left_behind == 1
        assert "読めなかった紹介記録 1件" in result.warning()
    finally:
        result.db.close()


def test_counts_and_targets_of_a_file_from_before_migration_0012_keep_their_departments_town(mini_db):
    """A file damaged before its first start after the update (at 0011: no town on its rows), its
    backup migrated on the way back. Seen: its May count went in with no town beside 高岡市 住宅課's
    id, so the year's report showed 住宅課 twice (April under one row, May under another). Expected:
    the town filled from the directory, as migration 0012 fills it: one row, 3 + 2."""
    db = mini_db
    with db.read() as s:
        housing = s.scalar(select(Organization.id).where(Organization.key == "test.housing"))
    stats = Statistics(db)
    stats.save_month_counts(APRIL, housing, True, {("housing", F): 3}, TODAY)
    may = {"id": 50, "month": "2025-05-01", "organization_id": housing, "department": "住宅課", "need_key": "housing",
           "need_label": "住まい", "channel": "phone", "dv": 1, "count": 2}  # fmt: skip
    damaged = Casework(
        tables={"consultation_counts": TableRead(columns=list(may), rows=[may])},
        keys={"organizations": None, "services": None},
    )
    with db.write() as s:
        carry(s.connection(), damaged, same_file=True, later=True)
    report = stats.year_report(2025)
    assert [(r.label, r.total) for r in report.by_department.rows] == [("住宅課", 5)]


def test_a_file_cut_short_gives_up_the_referrals_on_the_pages_it_still_has(_mini_template, tmp_path):
    """A copy or a write cut short (a full disk, a pulled USB stick): the file ends pages early, the
    referral log's pages are all there. Seen: SQLite refuses every read of a file shorter than its
    header says ("malformed"), so the 150 referrals recorded after the backup stayed in the file set
    aside and the counselor was told it could not be read at all. Expected: they are carried."""
    path = tmp_path / "d.sqlite3"
    shutil.copy(_mini_template, path)
    db = open_database(path, fill=False)
    with db.read() as s:
        service = s.scalar(select(Service.id).where(Service.key == "test.svc.housing"))

    def record(first, n):
        with db.write() as s:
            for k in range(first, first + n):
                referrals.record_referral(s, case_ref=f"R7-{k:04d}", counselor="相談員A", service_ids=[service])

    record(1, 5)
    backup.take(path, "manual")
    record(6, 150)
    with db.write() as s:  # the last pages written: another table's, the ones the cut takes
        s.connection().exec_driver_sql("INSERT INTO meta (key, value) VALUES ('filler', ?)", ("x" * 60_000,))
    db.close()
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    con = sqlite3.connect(path)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    with open(path, "r+b") as f:
        f.truncate(path.stat().st_size - 3 * page_size)
    result = recover(path)
    try:
        with result.db.read() as s:
            assert len(set(s.scalars(select(Referral.case_ref)))) == 155
        assert "バックアップより新しいもの: 紹介記録 150件" in result.warning()
    finally:
        result.db.close()


def _schema_leaf_without_casework(path) -> int:
    """A leaf page of sqlite_master that names none of the casework or directory tables."""
    con = sqlite3.connect(path)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    data = path.read_bytes()
    first = data[100:page_size]
    assert first[0] == 0x05  # the schema spans pages: page 1 is interior
    cells = int.from_bytes(first[3:5], "big")
    at = [int.from_bytes(first[12 + 2 * i : 14 + 2 * i], "big") for i in range(cells)]
    leaves = [int.from_bytes(data[a : a + 4], "big") for a in at] + [int.from_bytes(first[8:12], "big")]
    words = (b"referral", b"consultation", b"TABLE services", b"TABLE organizations", b"TABLE meta")
    return next(n for n in leaves if not any(w in data[(n - 1) * page_size : n * page_size] for w in words))


def test_a_lost_page_of_the_schema_naming_other_tables_does_not_hide_the_referral_log(_mini_template, tmp_path):
    """One page of sqlite_master lost (it named the search index's tables only): the list of tables
    could not be read, so nothing was read out of the file and the referrals recorded after the
    backup stayed in it. Expected: each casework table looked up by name and carried."""
    path = tmp_path / "d.sqlite3"
    shutil.copy(_mini_template, path)
    db = open_database(path, fill=False)
    with db.read() as s:
        service = s.scalar(select(Service.id).where(Service.key == "test.svc.housing"))
    with db.write() as s:
        referrals.record_referral(s, case_ref="R7-0001", counselor="相談員A", service_ids=[service])
    backup.take(path, "manual")
    with db.write() as s:
        referrals.record_referral(s, case_ref="R7-0002", counselor="相談員A", service_ids=[service])
    db.close()
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    con = sqlite3.connect(path)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    leaf = _schema_leaf_without_casework(path)
    with open(path, "r+b") as f:
        f.seek((leaf - 1) * page_size)
        f.write(b"\xff" * page_size)
    result = recover(path)
    try:
        with result.db.read() as s:
            assert set(s.scalars(select(Referral.case_ref))) == {"R7-0001", "R7-0002"}
        assert "分かりません" not in result.warning()
    finally:
        result.db.close()


def test_a_backup_from_before_migration_0012_is_restored_migrated_and_takes_the_newer_casework(tmp_path):
    """The only backup at 0011; the damaged file at 0012 with a referral and a month recorded after it."""
    path = tmp_path / "d.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    migrations.upgrade(engine, "0011")
    with engine.begin() as conn:
        _fill_at_0011(conn)
    engine.dispose()
    backup.take(path, "manual")
    db = open_database(path, fill=False)
    with db.write() as s:
        referrals.record_referral(s, case_ref="R7-0002", counselor="相談員A", organization_ids=[1])
    Statistics(db).save_month_counts(dt.date(2025, 7, 1), 1, True, {("", F): 7}, TODAY)
    db.close()
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    overwrite_root_page(path, "organizations")
    result = recover(path)
    try:
        with result.db.read() as s:
            conn = s.connection()
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == migrations.head_revision()
            assert set(s.scalars(select(Referral.case_ref))) == {"R7-1", "R7-0002"}
            targets = conn.execute(
                text(
                    "SELECT t.organization_id, t.municipality FROM referral_targets t"
                    " JOIN referrals r ON r.id = t.referral_id WHERE r.case_ref = 'R7-0002'"
                )
            ).all()
            assert targets == [(1, "高岡市")]
        assert Statistics(result.db).month_counts(dt.date(2025, 7, 1), 1, True) == {("", F): 7}
        assert Statistics(result.db).month_counts(dt.date(2025, 4, 1), 1, True) == {("housing", F): 3}
    finally:
        result.db.close()


def test_a_table_without_index_or_last_page_is_probed_a_bounded_way_past_its_rows(_mini_template, tmp_path):
    """The referrals' last leaf and every index of theirs lost (as in a file cut short): no list of
    rowids, no max(rowid), and every lookup past the last row fails (the way down leads to the lost
    leaf). Seen: a million lookups, each failing, each kept as an unreadable rowid (15 s a table on
    this machine, and the window reads the file twice: for its offer and for the recovery). Expected:
    every readable row read, the number unreadable said unknown, and the probing stopped after a
    long run of failures."""
    path, lost = partly_damaged(_mini_template, tmp_path, indexes_too=True, page=-1)
    cw = salvage.read(path)
    refs = cw.tables["referrals"]
    assert len(refs.rows) == BEFORE + AFTER - len(lost)
    assert refs.unreadable is None
    assert len(refs.unreadable_ids) <= salvage.PROBE_FAILED_RUN + BEFORE + AFTER
