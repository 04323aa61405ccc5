"""A recovery's numbers for the monthly counts equal what the recovered database holds.

Found in session 12: count rows on an unreadable page of the damaged file were all reported as
「読めなかった相談件数の記録 N件 は、復元したデータにありません」 even when the backup held them.
Worse, a month whose other rows could be read was replaced by those rows alone, so the backup's
copy of the unreadable ones was deleted by the recovery itself. The index of the count cells still
names each unreadable row's cell (month, department, need, channel, DV): the backup's value of that
cell is kept, said as such, and only a cell the recovered database does not hold is counted lost.
"""

import datetime as dt
import shutil
import sqlite3

from sqlalchemy import select

from dvdesk.app.statistics import Statistics
from dvdesk.domain.casework_models import Channel
from dvdesk.domain.models import Need, Organization
from dvdesk.storage import backup, salvage
from dvdesk.storage.db import open_database
from dvdesk.storage.recovery import recover
from test_recover_partial import _rowids_on

TODAY = dt.date(2026, 3, 31)
MONTHS = [dt.date(2025 + (m < 4), m, 1) for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)]
CELLS = "month, organization_id, municipality, department, need_key, channel, dv, count"


def _counts(path):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return sorted(con.execute(f"SELECT {CELLS} FROM consultation_counts"))
    finally:
        con.close()


def _filled(template, folder, *, after=None):
    """A year of counts for every department, need and channel, backed up; ``after(db)`` then runs;
    then one leaf page in the middle of the counts table overwritten (its indexes readable).
    Returns (file, the backup's counts, the rowids on the lost page)."""
    path = folder / "d.sqlite3"
    shutil.copy(template, path)
    db = open_database(path, fill=False)
    with db.read() as s:
        orgs = list(s.scalars(select(Organization.id)))[:3]
        needs = list(s.scalars(select(Need.key)))[:4]
    stats = Statistics(db)
    for month in MONTHS:
        for org in orgs:
            for dv in (True, False):
                grid = {(n, c): 1 + i for i, (n, c) in enumerate((n, c) for n in needs for c in Channel)}
                stats.save_month_counts(month, org, dv, grid, TODAY)
    db.close()
    backup.take(path, "manual")
    held = _counts(path)
    db = open_database(path, fill=False)
    if after is not None:
        after(db)
    with db.write() as s:  # the file is later than its backup
        s.connection().exec_driver_sql("UPDATE meta SET value = value WHERE key = 'change_count'")
    db.close()
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    con = sqlite3.connect(path)
    size = con.execute("PRAGMA page_size").fetchone()[0]
    leaves = sorted(
        r[0] for r in con.execute("SELECT pageno FROM dbstat WHERE name = 'consultation_counts' AND pagetype = 'leaf'")
    )
    con.close()
    assert len(leaves) >= 3
    with open(path, "r+b") as f:
        f.seek((leaves[len(leaves) // 2] - 1) * size)
        lost = _rowids_on(f.read(size))
        f.seek((leaves[len(leaves) // 2] - 1) * size)
        f.write(b"\xff" * size)
    return path, held, lost


def test_unreadable_count_rows_the_backup_holds_are_kept_and_not_reported_lost(_mini_template, tmp_path):
    path, held, lost = _filled(_mini_template, tmp_path)
    cw = salvage.read(path)
    assert cw is not None and cw.unreadable("consultation_counts") == len(lost) > 0
    result = recover(path)
    try:
        c = result.carried
        assert c is not None
        assert _counts(path) == held  # every count as the backup (and the damaged file) held it
        assert c.lost["consultation_counts"] == 0
        assert c.from_backup["consultation_counts"] == len(lost)
        warning = result.warning()
        assert "復元したデータにありません" not in warning
        assert f"読めなかった相談件数の記録 {len(lost)}件 は、バックアップの時の件数のままです" in warning
    finally:
        result.db.close()


def test_a_month_whose_unreadable_rows_the_backup_lacks_counts_them_lost_exactly(_mini_template, tmp_path):
    """Every count changed after the backup: the unreadable rows' cells are in the backup, with older
    numbers; a cell the backup does not hold at all is lost, and the message's numbers are the rows."""

    def new_need_everywhere(db):
        with db.write() as s:
            s.connection().exec_driver_sql(
                "UPDATE consultation_counts SET need_key = need_key || '.later', count = count + 10"
            )

    path, held, lost = _filled(_mini_template, tmp_path, after=new_need_everywhere)
    result = recover(path)
    try:
        c = result.carried
        assert c is not None
        assert c.lost["consultation_counts"] == len(lost)  # their cells (….later) are in no file that can be read
        assert c.from_backup["consultation_counts"] == 0
        assert f"読めなかった相談件数の記録 {len(lost)}件 は、復元したデータにありません" in result.warning()
        assert "バックアップの時の件数" not in result.warning()
    finally:
        result.db.close()


def test_a_month_read_from_a_file_older_than_the_backup_is_not_said_put_in(mini_db, tmp_path):
    """The damaged file is older than the backup (its change counter is behind): the backup's month
    stays, and the message says so instead of counting the file's rows as put in."""
    from pathlib import Path

    from dvdesk.storage.recovery import Recovery
    from dvdesk.storage.salvage import Casework, TableRead
    from dvdesk.storage.salvage_merge import carry

    stats = Statistics(mini_db)
    with mini_db.read() as s:
        org = s.scalar(select(Organization.id))
    stats.save_month_counts(MONTHS[0], org, True, {("", Channel.PHONE): 3}, TODAY)
    with mini_db.write() as s:
        conn = s.connection()
        rows = [dict(r._mapping) for r in conn.exec_driver_sql("SELECT * FROM consultation_counts")]
        older = [{**r, "count": 2} for r in rows]  # the month as the older file had it
        damaged = Casework(
            tables={"consultation_counts": TableRead(columns=list(rows[0]), rows=older)},
            keys={"organizations": None, "services": None},
        )
        carried = carry(conn, damaged, same_file=True, later=False)
    assert stats.month_counts(MONTHS[0], org, True) == {("", Channel.PHONE): 3}  # the backup's, newer
    warning = Recovery(mini_db, Path("d.damaged.sqlite3"), Path("b.sqlite3"), carried).warning()
    assert "復元したデータに入れました" not in warning
    assert "相談件数の記録 1件 は、バックアップの方が新しいため入れていません" in warning
