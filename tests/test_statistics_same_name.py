"""Two departments of one name in two municipalities (住宅課 in 高岡市 and in 国立市, as a shared
server or a national directory holds them) never share a count: each keeps its own numbers when the
other saves, the report, its CSV and the command line show them apart, named with their municipality,
and the totals are those entered. The same for the referral log's statistics and the queue."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from sqlalchemy import select

from dvdesk.app.referral_queue import ReferralQueue
from dvdesk.app.statistics import Statistics
from dvdesk.domain import referrals, report_export
from dvdesk.domain.casework_models import Channel, ConsultationCount
from dvdesk.domain.models import Municipality, Organization, OrgKind
from dvdesk.domain.statistics import Source, StatsError

TODAY = dt.date(2025, 9, 10)
APRIL, MAY = dt.date(2025, 4, 1), dt.date(2025, 5, 1)
P, F = Channel.PHONE, Channel.IN_PERSON
TAKAOKA_HOUSING, KUNITACHI_HOUSING = "高岡市　住宅課", "国立市　住宅課"


def _with_kunitachi(db):
    """mini (高岡市 with its 住宅課) plus 国立市 with a 住宅課 of its own; returns (db, 高岡's id, 国立's id)."""
    with db.write() as s:
        town = Municipality(code="132152", name="国立市", prefecture="東京都", source="test fixture")
        s.add(
            Organization(key="kt.housing", municipality=town, name="住宅課", kind=OrgKind.CITY_DEPARTMENT, source="t")
        )
    with db.read() as s:
        ids = dict(s.execute(select(Organization.key, Organization.id)).all())
    return db, ids["test.housing"], ids["kt.housing"]


@pytest.fixture
def two_towns(mini_db):
    return _with_kunitachi(mini_db)


@pytest.fixture
def two_towns_any(any_mini_db):
    """The same on each engine (the server keeps the cell's uniqueness rule of migration 0012)."""
    return _with_kunitachi(any_mini_db)


def enter_both(db, takaoka: int, kunitachi: int) -> Statistics:
    stats = Statistics(db)
    stats.save_month_counts(APRIL, takaoka, True, {("housing", F): 3, ("", P): 1}, TODAY)
    stats.save_month_counts(APRIL, kunitachi, True, {("housing", F): 5}, TODAY)  # the same cell, the other town
    stats.save_month_counts(MAY, kunitachi, False, {("housing", P): 2}, TODAY)
    return stats


def by_department(report) -> dict[str, tuple[int, int]]:
    return {r.label: (r.total, r.dv) for r in report.by_department.rows}


def test_saving_one_towns_department_keeps_the_other_towns_counts(two_towns_any):
    db, takaoka, kunitachi = two_towns_any
    stats = enter_both(db, takaoka, kunitachi)
    assert stats.month_counts(APRIL, takaoka, True) == {("housing", F): 3, ("", P): 1}
    assert stats.month_counts(APRIL, kunitachi, True) == {("housing", F): 5}
    report = stats.year_report(2025)
    assert (report.total, report.dv_total) == (11, 9)
    assert by_department(report) == {TAKAOKA_HOUSING: (4, 4), KUNITACHI_HOUSING: (7, 5)}
    assert report.by_department.total == report.total and not report.by_department.overlapping
    with db.read() as s:  # each row on its own department
        rows = {
            (r.organization_id, r.municipality, r.department, r.count) for r in s.scalars(select(ConsultationCount))
        }
    assert rows == {
        (takaoka, "高岡市", "住宅課", 3),
        (takaoka, "高岡市", "住宅課", 1),
        (kunitachi, "国立市", "住宅課", 5),
        (kunitachi, "国立市", "住宅課", 2),
    }


def test_a_one_town_report_keeps_its_plain_names(mini_db):
    """One municipality's desk reads its departments as it always has: no town before each name."""
    stats = Statistics(mini_db)
    stats.save_month_counts(APRIL, "住宅課", True, {("housing", F): 3}, TODAY)
    stats.save_month_counts(APRIL, "民間支援団体", True, {("", P): 1}, TODAY)  # not in the directory
    assert by_department(stats.year_report(2025)) == {"住宅課": (3, 3), "民間支援団体": (1, 1)}


def test_a_name_shared_by_two_departments_is_refused_not_guessed(two_towns):
    db, takaoka, kunitachi = two_towns
    enter_both(db, takaoka, kunitachi)
    stats = Statistics(db)
    with pytest.raises(StatsError, match="同じ名前の担当課・機関"):
        stats.save_month_counts(APRIL, "住宅課", True, {("housing", F): 9}, TODAY)
    with pytest.raises(StatsError, match="同じ名前の担当課・機関"):
        stats.month_counts(APRIL, "住宅課", True)
    assert stats.year_report(2025).total == 11


def test_a_deleted_department_keeps_its_counts_under_its_town_and_name(two_towns):
    db, takaoka, kunitachi = two_towns
    enter_both(db, takaoka, kunitachi)
    with db.write() as s:
        s.delete(s.get(Organization, kunitachi))
    report = Statistics(db).year_report(2025)
    assert by_department(report) == {TAKAOKA_HOUSING: (4, 4), KUNITACHI_HOUSING: (7, 5)}
    assert report.total == 11


def test_the_csv_and_the_excel_file_show_the_two_departments_apart(two_towns, tmp_path):
    from openpyxl import load_workbook

    db, takaoka, kunitachi = two_towns
    report = enter_both(db, takaoka, kunitachi).year_report(2025)
    lines = list(csv.reader(io.StringIO(report_export.csv_bytes(report).decode("utf-8-sig"))))
    assert [TAKAOKA_HOUSING, "4", *["0"] * 11, "4", "4"] in lines
    assert [KUNITACHI_HOUSING, "5", "2", *["0"] * 10, "7", "5"] in lines
    ws = load_workbook(report_export.write_xlsx(report, tmp_path / "r.xlsx"))["担当課・機関別"]
    table = {row[0]: row[-2:] for row in ws.iter_rows(min_row=4, values_only=True) if row[0]}
    assert table == {TAKAOKA_HOUSING: (4, 4), KUNITACHI_HOUSING: (7, 5), "計": (11, 9)}


def test_the_command_line_report_shows_the_two_departments_apart(two_towns, monkeypatch, capsys):
    from dvdesk.cli import main

    db, takaoka, kunitachi = two_towns
    enter_both(db, takaoka, kunitachi)
    monkeypatch.setenv("DVDESK_DB", str(db.path))
    capsys.readouterr()
    assert main(["stats", "report", "--year", "2025", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    rows = {r["label"]: r for r in out["by_department"]["rows"]}
    assert set(rows) == {TAKAOKA_HOUSING, KUNITACHI_HOUSING} and out["total"] == 11
    assert main(["stats", "report", "--year", "2025"]) == 0
    text = capsys.readouterr().out
    assert f"{TAKAOKA_HOUSING}\t4\t" in text and f"{KUNITACHI_HOUSING}\t5\t2\t" in text


def test_referral_statistics_count_each_towns_department_apart(two_towns_any):
    db, takaoka, kunitachi = two_towns_any
    with db.write() as s:
        views = [
            referrals.record_referral(
                s, case_ref=ref, counselor="相談員A", referred_on=APRIL, today=TODAY, organization_ids=orgs
            )
            for ref, orgs in (("R7-1", [takaoka, kunitachi]), ("R7-2", [kunitachi]))
        ]
    assert views[0].departments == (TAKAOKA_HOUSING, KUNITACHI_HOUSING)  # the log lists both, each with its town
    assert views[1].departments == ("住宅課",)
    report = Statistics(db).year_report(2025, Source.REFERRALS)
    assert report.total == 2
    assert by_department(report) == {TAKAOKA_HOUSING: (1, 1), KUNITACHI_HOUSING: (2, 2)}
    assert report.by_department.overlapping and report.by_department.total == 3  # 延べ: R7-1 went to both


def test_each_towns_queue_holds_only_the_referrals_sent_to_it(two_towns):
    db, takaoka, kunitachi = two_towns
    with db.write() as s:
        referrals.record_referral(
            s, case_ref="R7-1", counselor="相談員A", referred_on=APRIL, today=TODAY, organization_ids=[kunitachi]
        )
    queue = ReferralQueue(db)
    desks = {d.id: d for d in queue.desks()}
    assert desks[takaoka].label == TAKAOKA_HOUSING and desks[kunitachi].label == KUNITACHI_HOUSING
    assert [r.case_ref for r in queue.rows(desks[kunitachi])] == ["R7-1"]
    assert queue.rows(desks[takaoka]) == []


def test_the_count_form_saves_to_the_department_chosen(two_towns, qtbot):
    from dvdesk.gui.referrals.count_entry_dialog import CountEntryDialog

    db, takaoka, kunitachi = two_towns
    d = CountEntryDialog(db, TODAY, APRIL)
    qtbot.addWidget(d)
    names = [d.department.itemText(i) for i in range(d.department.count())]
    assert TAKAOKA_HOUSING in names and KUNITACHI_HOUSING in names and "住宅課" not in names
    d.department.setCurrentIndex(names.index(KUNITACHI_HOUSING))
    row = next(i for i, (key, _) in enumerate(d.grid.needs) if key == "housing")
    assert d.grid.setData(d.grid.index(row, 0), 6)
    assert d.save()
    stats = Statistics(db)
    assert stats.month_counts(APRIL, kunitachi, True) == {("housing", P): 6}
    assert stats.month_counts(APRIL, takaoka, True) == {}


def test_a_restore_counts_each_towns_month_it_takes_back(two_towns, tmp_path):
    from dvdesk.storage import backup

    db, takaoka, kunitachi = two_towns
    before = tmp_path / "before.sqlite3"
    db.engine.dispose()
    before.write_bytes(db.path.read_bytes())
    stats = Statistics(db)
    stats.save_month_counts(APRIL, takaoka, True, {("housing", F): 3}, TODAY)
    stats.save_month_counts(APRIL, kunitachi, True, {("housing", F): 3}, TODAY)  # the same numbers, the other town
    db.engine.dispose()
    assert backup.casework_not_in(before, db.path) == (0, 2)  # two months of counts, not one


def test_the_statistics_window_shows_the_two_departments_apart(two_towns, qtbot):
    from dvdesk.gui.referrals import StatisticsWindow

    db, takaoka, kunitachi = two_towns
    enter_both(db, takaoka, kunitachi)
    w = StatisticsWindow(db, clock=lambda: TODAY)
    qtbot.addWidget(w)
    w.set_year(2025)
    m = w.by_department.model
    shown = {m.cell(r, 0): (m.cell(r, 13), m.cell(r, 14)) for r in range(m.rowCount())}
    assert shown == {TAKAOKA_HOUSING: (4, 4), KUNITACHI_HOUSING: (7, 5), "計": (11, 9)}


def test_a_step_from_one_of_two_same_named_desks_says_which_town_made_it(two_towns):
    db, takaoka, kunitachi = two_towns
    with db.write() as s:
        both = referrals.record_referral(
            s,
            case_ref="R7-1",
            counselor="相談員A",
            referred_on=APRIL,
            today=TODAY,
            organization_ids=[takaoka, kunitachi],
        )
        alone = referrals.record_referral(
            s, case_ref="R7-2", counselor="相談員A", referred_on=APRIL, today=TODAY, organization_ids=[kunitachi]
        )
    queue = ReferralQueue(db)
    desk = next(d for d in queue.desks() if d.id == kunitachi)
    assert queue.move(both.id, "received", desk=desk, today=TODAY).events[-1].desk == KUNITACHI_HOUSING
    assert queue.move(alone.id, "received", desk=desk, today=TODAY).events[-1].desk == "住宅課"  # as before


def test_a_department_deleted_and_made_again_keeps_one_row(two_towns):
    """Its old counts (kept under its town and name) and its new ones are one department's."""
    db, takaoka, kunitachi = two_towns
    stats = enter_both(db, takaoka, kunitachi)
    with db.write() as s:
        s.delete(s.get(Organization, kunitachi))
    with db.write() as s:
        town = s.scalar(select(Municipality).where(Municipality.code == "132152"))
        s.add(
            Organization(key="kt.housing2", municipality=town, name="住宅課", kind=OrgKind.CITY_DEPARTMENT, source="t")
        )
    with db.read() as s:
        again = s.scalar(select(Organization.id).where(Organization.key == "kt.housing2"))
    stats.save_month_counts(dt.date(2025, 6, 1), again, True, {("housing", F): 1}, TODAY)
    assert by_department(stats.year_report(2025)) == {TAKAOKA_HOUSING: (4, 4), KUNITACHI_HOUSING: (8, 6)}
    # The form shows it the month its old self entered, and a correction replaces it (never added twice).
    assert stats.month_counts(APRIL, again, True) == {("housing", F): 5}
    stats.save_month_counts(APRIL, again, True, {("housing", F): 6}, TODAY)
    assert by_department(stats.year_report(2025)) == {TAKAOKA_HOUSING: (4, 4), KUNITACHI_HOUSING: (9, 7)}
    assert stats.month_counts(APRIL, takaoka, True) == {("housing", F): 3, ("", P): 1}


def test_labels_name_the_town_only_where_a_reader_needs_it():
    from dvdesk.domain.department_keys import DepartmentKey as K
    from dvdesk.domain.department_keys import department_labels

    one_town = [
        K(1, "高岡市", "住宅課"),
        K(None, "高岡市", "住宅課"),
        K(None, "", "民間支援団体"),
        K(9, "", "全国窓口"),
    ]
    assert list(department_labels(one_town).values()) == ["住宅課", "住宅課", "民間支援団体", "全国窓口"]
    two_alike = [K(1, "高岡市", "市民課"), K(2, "高岡市", "市民課"), K(None, "高岡市", "市民課")]
    assert list(department_labels(two_alike).values()) == [
        "高岡市　市民課（ID 1）",
        "高岡市　市民課（ID 2）",
        "高岡市　市民課",
    ]
