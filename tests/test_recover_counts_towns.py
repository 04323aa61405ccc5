"""Recovery carries a damaged file's monthly counts cell by cell as the grid saves them: one
department's month. Two towns' 住宅課 are two departments (migration 0012), so a month read for one
town's 住宅課 replaces that town's month only; the other town's, on a page that could not be read,
stays as the backup holds it."""

from __future__ import annotations

from dvdesk.app.statistics import Statistics
from dvdesk.storage.salvage import Casework, TableRead
from dvdesk.storage.salvage_merge import carry
from test_statistics_same_name import APRIL, F, P, _with_kunitachi, enter_both


def test_a_month_read_for_one_town_leaves_the_other_towns_department_as_it_was(mini_db):
    db, takaoka, kunitachi = _with_kunitachi(mini_db)
    enter_both(db, takaoka, kunitachi)
    with db.write() as s:
        conn = s.connection()
        table = conn.exec_driver_sql("SELECT * FROM consultation_counts")
        rows = [dict(r._mapping) for r in table]
        readable = [r for r in rows if r["organization_id"] == kunitachi]  # 高岡市's rows: on a lost page
        for r in readable:
            if r["month"] == APRIL.isoformat() and r["dv"]:
                r["count"] = 6  # 国立市's April, entered again after the backup
        lost = {int(r["id"]) for r in rows if r["organization_id"] == takaoka}
        damaged = Casework(
            tables={"consultation_counts": TableRead(columns=list(rows[0]), rows=readable, unreadable_ids=lost)},
            keys={"organizations": None, "services": None},
        )
        carry(conn, damaged, same_file=True, later=True)
    stats = Statistics(db)
    assert stats.month_counts(APRIL, kunitachi, True) == {("housing", F): 6}
    assert stats.month_counts(APRIL, takaoka, True) == {("housing", F): 3, ("", P): 1}  # as the backup holds it
