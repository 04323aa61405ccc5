"""A desk's read is one state of the database, whatever another desk or the administrator commits
meanwhile.

SQLite's WAL gives a read transaction one snapshot. On the server every read was READ COMMITTED,
a snapshot per statement: a checklist built while an administrator's save committed between two of
its statements named a department that never held the procedure (the procedure as before the
save, its department as after), and a year's statistics built while another desk deleted a
referral counted it in the total under no department. Here the other desk's commit lands exactly
between two statements of the desk's read (an engine event), on both engines."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import event, select

from dvdesk.app.checklists import Checklists
from dvdesk.app.referrals import Referrals
from dvdesk.app.statistics import Statistics
from dvdesk.domain.models import Organization, Procedure
from dvdesk.storage.db import open_database

TODAY = dt.date(2025, 6, 30)


def second_desk(db):
    """Another PC's connection to the same database (its own engine, its own pool)."""
    return open_database(db.url or db.path)


def commit_between(db, table: str, change):  # type: ignore[no-untyped-def]
    """Run ``change`` (another desk's whole transaction) just before ``db``'s first statement that
    reads ``table``, once."""
    fired: list[bool] = []

    def before(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if not fired and f"FROM {table}" in statement:
            fired.append(True)
            change()

    event.listen(db.engine, "before_cursor_execute", before)
    return fired


def _move_procedure(db, to: str, rename_old: str = "") -> None:
    with db.write() as s:
        proc = s.scalar(select(Procedure).where(Procedure.key == "test.proc.shienshochi"))
        old = proc.organization
        proc.organization = s.scalar(select(Organization).where(Organization.key == to))
        if rename_old and old is not None:
            old.name = rename_old


def _where_procedure_is(checklist) -> list[str]:
    return [i.department.name for sec in checklist.sections for i in sec.items if i.key == "test.proc.shienshochi"]


def test_a_checklist_built_while_the_administrator_saves_is_the_directory_before_or_after(any_mini_db):
    db = any_mini_db
    admin = second_desk(db)
    _move_procedure(admin, "test.housing")  # the procedure is 住宅課's ...
    checklists = Checklists(db)
    situation = ("162027", ["info_protection"], ["moving_within"])
    before = _where_procedure_is(checklists.propose(*situation))
    assert before == ["住宅課"]
    # ... and the administrator gives it to the centre and renames the old department, in one save
    fired = commit_between(db, "organizations", lambda: _move_procedure(admin, "test.center", "旧住宅課"))
    during = _where_procedure_is(checklists.propose(*situation))
    assert fired
    after = _where_procedure_is(checklists.propose(*situation))
    assert after == ["テスト相談センター"]
    assert during in (before, after), f"a department that never held the procedure: {during}"
    admin.close()


def test_the_years_statistics_built_while_another_desk_deletes_count_each_referral_once(any_mini_db):
    db = any_mini_db
    log = Referrals(db)
    [housing, law] = log.target_ids(["test.svc.housing", "test.svc.law"])
    gone = log.record(case_ref="R7-0001", counselor="相談員A", service_ids=[housing], referred_on=TODAY, today=TODAY)
    log.record(case_ref="R7-0002", counselor="相談員A", service_ids=[law], referred_on=TODAY, today=TODAY)
    other = second_desk(db)
    fired = commit_between(db, "referral_needs", lambda: Referrals(other).delete(gone.id, seen_version=gone.version))
    report = Statistics(db).year_report(2025, "referrals")
    assert fired
    counted = {row.label: row.total for row in report.by_department.rows}
    # The deleted referral is counted whole (the log as it was) or not at all (as it is), never in
    # the total under no department.
    assert counted in ({"住宅課": 1, "テスト相談センター": 1}, {"テスト相談センター": 1}), counted
    assert report.total == sum(counted.values())
    other.close()


def test_the_referral_log_read_while_another_desk_deletes_shows_no_referral_without_its_targets(any_mini_db):
    db = any_mini_db
    log = Referrals(db)
    [housing] = log.target_ids(["test.svc.housing"])
    gone = log.record(case_ref="R7-0001", counselor="相談員A", service_ids=[housing], referred_on=TODAY, today=TODAY)
    other = second_desk(db)
    fired = commit_between(db, "referral_targets", lambda: Referrals(other).delete(gone.id, seen_version=gone.version))
    shown = log.list()
    assert fired
    assert all(r.targets and r.events for r in shown), [(r.case_ref, r.targets, r.events) for r in shown]
    other.close()
