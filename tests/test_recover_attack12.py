"""Attacks on today's recovery that carries casework (session 12, hx-attack12).

Two departments of one name in ONE town (a directory that holds the name twice, as
``statistics._cells_of`` expects) are two count cells: the form saves each alone. A damaged file's
month read for one of them must leave the other's month, on a page that could not be read, as the
backup holds it — not delete it and report it as lost.
"""

from __future__ import annotations

from sqlalchemy import select

from dvdesk.app.statistics import Statistics
from dvdesk.domain.models import Organization, OrgKind
from dvdesk.storage.salvage import Casework, TableRead
from dvdesk.storage.salvage_merge import carry
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
