"""The statistics files a desk hands to the city, end to end against the referral log.

A seeded log of referrals around two fiscal-year boundaries (3/31 → 4/1) goes through
``dvdesk stats report --source referrals`` into a CSV and an Excel file; both files are read back
and held against a tally made here from the referrals themselves, not by the report's code:
every referral of the year counted once in the month-by-channel table, once under each of its
departments and each of its needs; each table's 計 the sum of its rows; the three tables and the
summary agreeing; nothing of a client (case reference, counselor, note) in either file. Then
referrals are changed after the files were first written (a channel corrected, DV unmarked, a
status moved after the year ended, one deleted) and the files written again say the new truth,
each referral still counted once."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from collections import Counter, defaultdict

import pytest
from openpyxl import load_workbook
from sqlalchemy import or_, select

from dvdesk.cli import main
from dvdesk.domain import fiscal, referrals, slip_referrals
from dvdesk.domain.casework_models import Channel
from dvdesk.domain.models import Municipality, Need, Organization, Service

TODAY = dt.date(2026, 5, 15)
SEED = 20261203
NOTE = "面談後に電話で受付を依頼した"
COUNSELORS = ("相談員 春子", "相談員 夏美", "相談員 秋穂")
BOUNDARY_DAYS = (dt.date(2025, 3, 31), dt.date(2025, 4, 1), dt.date(2026, 3, 31), dt.date(2026, 4, 1))
MONTHS = fiscal.fiscal_months(2025)


def _random_log(db, rng: random.Random, n: int) -> list[dict]:
    """``n`` referrals, a quarter of them on a boundary day; what each was, as recorded."""
    with db.read() as s:
        # One town and the national lines (a report naming two towns labels departments with their town).
        town = s.scalar(select(Municipality.id).where(Municipality.code == "162027"))
        orgs = list(
            s.execute(
                select(Organization.id, Organization.name).where(
                    or_(Organization.municipality_id == town, Organization.municipality_id.is_(None))
                )
            )
        )
        org_names = dict(orgs)
        services = [
            (sid, oid, name, org_names.get(oid))
            for sid, oid, name in s.execute(
                select(Service.id, Service.organization_id, Service.name).where(
                    or_(Service.municipality_id == town, Service.municipality_id.is_(None))
                )
            )
            if oid is None or oid in org_names
        ]
        # a department's name once among them (two of one name would be told apart by id: not tallied here)
        named = Counter([name for _, name in orgs] + [name for _, oid, name, _ in services if oid is None])
        orgs = [o for o in orgs if named[o[1]] == 1]
        services = [sv for sv in services if named[sv[3] or sv[2]] == 1]
        needs = dict(s.execute(select(Need.key, Need.label_ja)).all())
    log = []
    with db.write() as s:
        for i in range(n):
            on = (
                rng.choice(BOUNDARY_DAYS)
                if rng.random() < 0.25
                else dt.date(2025, 3, 1) + dt.timedelta(days=rng.randrange((TODAY - dt.date(2025, 3, 1)).days))
            )
            picked_services = rng.sample(services, rng.randint(0, 2))
            picked_orgs = rng.sample(orgs, rng.randint(0 if picked_services else 1, 2))
            picked_needs = rng.sample(sorted(needs), rng.randint(0, 3))
            channel, dv = rng.choice(list(Channel)), rng.random() < 0.7
            view = referrals.record_referral(
                s,
                case_ref=f"R{7 if on >= dt.date(2025, 4, 1) else 6}-{9000 + i}",
                counselor=rng.choice(COUNSELORS),
                service_ids=[sv[0] for sv in picked_services],
                organization_ids=[o[0] for o in picked_orgs],
                need_keys=picked_needs,
                referred_on=on,
                channel=channel,
                dv=dv,
                note=NOTE,
                today=TODAY,
            )
            # A service counts under its department (or itself, without one); a department given too, once.
            departments = {oname or name for _, _, name, oname in picked_services}
            departments |= {name for _, name in picked_orgs}
            log.append(
                {
                    "id": view.id,
                    "case": view.case_ref,
                    "on": on,
                    "channel": channel.label,
                    "dv": dv,
                    "departments": departments,
                    "needs": {needs[k] for k in picked_needs} or {"未分類"},
                }
            )
    return log


def _expected(log: list[dict]) -> dict:
    """The year 2025's tables tallied from the referrals: {table: {label: (12 months, dv)}}."""
    tables: dict[str, dict[str, list[int]]] = {"channel": {}, "department": {}, "need": {}}
    dvs: dict[str, Counter] = defaultdict(Counter)
    for c in Channel:
        tables["channel"][c.label] = [0] * 12
    for r in log:
        if not dt.date(2025, 4, 1) <= r["on"] <= dt.date(2026, 3, 31):
            continue
        col = MONTHS.index(r["on"].replace(day=1))
        for table, labels in (("channel", {r["channel"]}), ("department", r["departments"]), ("need", r["needs"])):
            for label in labels:
                tables[table].setdefault(label, [0] * 12)[col] += 1
                dvs[table][label] += r["dv"]
    return {t: {lb: (tuple(m), dvs[t][lb]) for lb, m in rows.items()} for t, rows in tables.items()}


def _write_files(tmp_path, tag: str):
    csv_path, xlsx_path = tmp_path / f"{tag}.csv", tmp_path / f"{tag}.xlsx"
    args = ["stats", "report", "--year", "R7", "--source", "referrals", "--csv", str(csv_path)]
    assert main([*args, "--xlsx", str(xlsx_path)]) == 0
    return csv_path, xlsx_path


def _csv_tables(path) -> tuple[dict, dict]:
    """The CSV read back: the summary {項目: 値} and {table title: {label: (months, total, dv)}}."""
    lines = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    blocks, block = [], []
    for line in lines:
        if line:
            block.append(line)
        else:
            blocks.append(block)
            block = []
    blocks.append(block)
    summary = {row[0]: row[1] for row in blocks[0][2:] if len(row) == 2}
    tables = {}
    for b in blocks[1:]:
        title, rows = b[0][0], {}
        for row in b[2:]:
            if len(row) == 15:
                rows[row[0]] = (tuple(int(v) for v in row[1:13]), int(row[13]), int(row[14]))
        tables[title] = rows
    return summary, tables


def _xlsx_tables(path) -> tuple[dict, dict]:
    wb = load_workbook(path)
    summary = {r[0]: r[1] for r in wb["概要"].iter_rows(min_row=4, values_only=True) if r[0]}
    tables = {}
    for ws in wb.worksheets[1:]:
        tables[ws["A1"].value] = {
            r[0]: (tuple(r[1:13]), r[13], r[14])
            for r in ws.iter_rows(min_row=4, values_only=True)
            if r[0] and len(r) >= 15 and isinstance(r[13], int)
        }
    return summary, tables


def _check_files(tmp_path, tag: str, log: list[dict]) -> dict:
    """Both files against the tally; returns the counts checked."""
    want = _expected(log)
    in_year = [r for r in log if dt.date(2025, 4, 1) <= r["on"] <= dt.date(2026, 3, 31)]
    csv_path, xlsx_path = _write_files(tmp_path, tag)
    for summary, tables in (_csv_tables(csv_path), _xlsx_tables(xlsx_path)):
        assert int(summary["紹介件数"]) == len(in_year)
        assert int(summary["うちDV紹介件数"]) == sum(r["dv"] for r in in_year)
        by_title = {t.removeprefix("令和7年度 "): rows for t, rows in tables.items()}
        assert set(by_title) == {"相談方法別・月別", "担当課・機関別", "ニーズ（相談内容）別"}
        for title, key in (
            ("相談方法別・月別", "channel"),
            ("担当課・機関別", "department"),
            ("ニーズ（相談内容）別", "need"),
        ):
            rows = by_title[title]
            total_label = next(lb for lb in rows if lb.startswith("計"))
            total = rows.pop(total_label)
            got = {lb: (months, dv) for lb, (months, _, dv) in rows.items()}
            assert got == want[key], title
            for lb, (months, row_total, _) in rows.items():
                assert row_total == sum(months), (title, lb)
            # 計 is the sum of its rows, column by column; 延べ exactly where a referral counts twice
            assert total[0] == tuple(map(sum, zip(*(m for m, _, _ in rows.values()), strict=True)))
            assert total[1] == sum(t for _, t, _ in rows.values()) and total[2] == sum(d for _, _, d in rows.values())
            overlapping = any(len(r[key + "s"]) > 1 for r in in_year) if key != "channel" else False
            assert (total_label == "計（延べ）") is overlapping, title
            if key == "channel":  # each referral once: the channel table's 計 is the count of the year
                assert total[1] == len(in_year) and total[2] == sum(r["dv"] for r in in_year)
                assert total[0] == tuple(sum(1 for r in in_year if r["on"].replace(day=1) == m) for m in MONTHS)
            else:  # each once under each of its departments / needs: the 延べ count
                assert total[1] == sum(len(r[key + "s"]) for r in in_year)
    for path in (csv_path, xlsx_path):
        text = path.read_bytes().decode("utf-8-sig") if path.suffix == ".csv" else _xlsx_text(path)
        leaks = [r["case"] for r in log if r["case"] in text] + [c for c in COUNSELORS if c in text]
        assert leaks == [] and NOTE not in text and "相談員" not in text
    return {"referrals": len(log), "in_year": len(in_year)}


def _xlsx_text(path) -> str:
    wb = load_workbook(path)
    return "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)


@pytest.fixture
def cli_db(bundled_db, monkeypatch):
    monkeypatch.setenv("DVDESK_DB", str(bundled_db.path))
    return bundled_db


def test_every_referral_of_the_year_is_counted_once_in_each_table_of_both_files(cli_db, tmp_path, capsys):
    rng = random.Random(SEED)
    log = _random_log(cli_db, rng, 80)
    counts = _check_files(tmp_path, "first", log)
    capsys.readouterr()
    assert main(["stats", "report", "--year", "2025", "--source", "referrals", "--json"]) == 0
    as_json = json.loads(capsys.readouterr().out)  # what --json says is what the files say
    _, tables = _csv_tables(tmp_path / "first.csv")
    for key, title in (
        ("by_channel", "相談方法別・月別"),
        ("by_department", "担当課・機関別"),
        ("by_need", "ニーズ（相談内容）別"),
    ):
        rows = {r["label"]: (tuple(r["months"]), r["total"], r["dv"]) for r in as_json[key]["rows"]}
        assert rows == {lb: v for lb, v in tables[f"令和7年度 {title}"].items() if not lb.startswith("計")}
    assert as_json["total"] == counts["in_year"]
    assert counts["in_year"] > 30
    on_boundary = Counter(r["on"] for r in log if r["on"] in BOUNDARY_DAYS)
    assert all(on_boundary[d] > 0 for d in BOUNDARY_DAYS)  # the seed puts referrals on every boundary day

    # Changed after the files were first written: each change is in the next files, counted once.
    in_year = [r for r in log if dt.date(2025, 4, 1) <= r["on"] <= dt.date(2026, 3, 31)]
    last_day = next(r for r in in_year if r["on"] == dt.date(2026, 3, 31))
    first_day = next(r for r in in_year if r["on"] == dt.date(2025, 4, 1))
    gone = next(r for r in in_year if r not in (last_day, first_day))
    with cli_db.write() as s:
        new_channel = next(c for c in Channel if c.label != last_day["channel"])
        slip_referrals.correct_slip(s, last_day["id"], new_channel, dv=False)
        last_day.update(channel=new_channel.label, dv=False)
        # moved on after the year ended (4/2): still counted in the year it was made, once
        referrals.change_status(s, last_day["id"], "contacted", on=dt.date(2026, 4, 2), today=TODAY)
        referrals.change_status(s, first_day["id"], "contacted", on=dt.date(2025, 4, 3), today=TODAY)
        referrals.change_status(s, first_day["id"], "done", on=dt.date(2026, 4, 1), today=TODAY)
        referrals.delete_referral(s, gone["id"])
    log.remove(gone)
    counts = _check_files(tmp_path, "again", log)
    assert counts["in_year"] == len(in_year) - 1


def test_the_year_before_and_after_hold_the_boundary_days(cli_db, tmp_path):
    """3/31 is the last day of its fiscal year, 4/1 the first of the next: each once, in one year."""
    log = _random_log(cli_db, random.Random(SEED + 1), 24)
    seen: Counter = Counter()
    for year in (2024, 2025, 2026):
        csv_path = tmp_path / f"{year}.csv"
        assert main(["stats", "report", "--year", str(year), "--source", "referrals", "--csv", str(csv_path)]) == 0
        summary, _ = _csv_tables(csv_path)
        seen[year] = int(summary["紹介件数"])
    assert seen == Counter(fiscal.fiscal_year_of(r["on"]) for r in log)
    assert sum(seen.values()) == len(log)


@pytest.mark.parametrize("source", ["referrals", "entered"])
def test_a_department_renamed_during_the_year_is_one_row_under_its_name_now(cli_db, tmp_path, source):
    """A count and a referral belong to the directory's department, not to its name: 市民課 renamed
    市民窓口課 in June is one row of the file, with the months before and after, not two departments."""
    from dvdesk.admin.editing import Editor
    from dvdesk.domain import statistics

    with cli_db.read() as s:
        oid = s.scalar(select(Organization.id).where(Organization.key == "takaoka.shiminka"))

    def record(month: int) -> None:
        with cli_db.write() as s:
            if source == "referrals":
                referrals.record_referral(
                    s, case_ref=f"R7-{month}", counselor="相談員A", organization_ids=[oid],
                    referred_on=dt.date(2025, month, 10), today=TODAY,
                )  # fmt: skip
            else:
                statistics.save_month_counts(
                    s, dt.date(2025, month, 1), oid, True, {("", Channel.PHONE): month}, today=TODAY
                )

    record(5)
    editor = Editor(cli_db, "管理 花子")
    editor.save("organization", editor.load("organization", "takaoka.shiminka") | {"name": "市民窓口課"})
    record(7)
    csv_path = tmp_path / "r.csv"
    assert main(["stats", "report", "--year", "2025", "--source", source, "--csv", str(csv_path)]) == 0
    _, tables = _csv_tables(csv_path)
    rows = tables["令和7年度 担当課・機関別"]
    want = (1, 1) if source == "referrals" else (5, 7)
    assert [lb for lb in rows if not lb.startswith("計")] == ["市民窓口課"]
    assert rows["市民窓口課"][0][1] == want[0] and rows["市民窓口課"][0][3] == want[1]


def test_a_need_relabelled_during_the_year_is_one_row_under_its_label_now(cli_db, tmp_path):
    """As the entered counts do: a need's referrals before and after its label changed (a taxonomy
    update) are one row of the need table, under the label it has now."""
    from dvdesk.domain.models import Need as NeedModel

    with cli_db.read() as s:
        oid = s.scalar(select(Organization.id).where(Organization.key == "takaoka.shiminka"))
        label = s.scalar(select(NeedModel.label_ja).where(NeedModel.key == "housing"))

    def record(month: int) -> None:
        with cli_db.write() as s:
            referrals.record_referral(
                s, case_ref=f"R7-{month}", counselor="相談員A", organization_ids=[oid], need_keys=["housing"],
                referred_on=dt.date(2025, month, 10), today=TODAY,
            )  # fmt: skip

    record(5)
    with cli_db.write() as s:
        s.scalars(select(NeedModel).where(NeedModel.key == "housing")).one().label_ja = "住まい・住居"
    record(7)
    csv_path = tmp_path / "r.csv"
    assert main(["stats", "report", "--year", "2025", "--source", "referrals", "--csv", str(csv_path)]) == 0
    _, tables = _csv_tables(csv_path)
    rows = tables["令和7年度 ニーズ（相談内容）別"]
    assert label not in rows and rows["住まい・住居"][1] == 2


def test_entered_counts_each_cell_once_in_every_table_of_the_file(cli_db, tmp_path):
    """The counts entered month by month (件数の入力), seeded, around both boundaries, a month entered
    twice (the second replaces the first): the file's three tables each add up to the year's count,
    department by department, need by need and channel by channel, as tallied here."""
    from dvdesk.domain import statistics

    rng = random.Random(SEED + 2)
    with cli_db.read() as s:
        town = s.scalar(select(Municipality.id).where(Municipality.code == "162027"))
        orgs = list(s.execute(select(Organization.id, Organization.name).where(Organization.municipality_id == town)))
        named = Counter(name for _, name in orgs)
        orgs = [o for o in orgs if named[o[1]] == 1]
        needs = dict(s.execute(select(Need.key, Need.label_ja)).all())
    months = [dt.date(2025, 3, 1), dt.date(2025, 4, 1), dt.date(2026, 3, 1), dt.date(2026, 4, 1)]
    months += [dt.date(2025, m, 1) for m in (5, 8, 12)] + [dt.date(2026, 1, 1)]
    entered: dict[tuple, dict] = {}
    with cli_db.write() as s:
        for _ in range(40):
            month, (oid, name), dv = rng.choice(months), rng.choice(orgs), rng.random() < 0.6
            grid = {(rng.choice(["", *sorted(needs)]), rng.choice(list(Channel))): rng.randint(0, 9) for _ in range(3)}
            statistics.save_month_counts(s, month, oid, dv, grid, today=TODAY)
            entered[(month, name, dv)] = grid  # a month entered again replaces what it held
    want: dict[str, Counter] = {"channel": Counter(), "department": Counter(), "need": Counter()}
    for (month, name, _dv), grid in entered.items():
        if fiscal.fiscal_year_of(month) != 2025:
            continue
        for (need, channel), n in grid.items():
            want["channel"][channel.label] += n
            want["department"][name] += n
            want["need"][needs[need] if need else "未分類"] += n
    total = sum(want["channel"].values())
    assert total > 50
    csv_path = tmp_path / "entered.csv"
    assert main(["stats", "report", "--year", "2025", "--csv", str(csv_path)]) == 0
    summary, tables = _csv_tables(csv_path)
    assert int(summary["相談件数"]) == total
    for key, title in (
        ("channel", "相談方法別・月別"),
        ("department", "担当課・機関別"),
        ("need", "ニーズ（相談内容）別"),
    ):
        rows = tables[f"令和7年度 {title}"]
        assert rows.pop("計")[1] == total, title  # never 延べ: a count is under one department and need
        assert {lb: t for lb, (_, t, _) in rows.items() if t} == {lb: n for lb, n in want[key].items() if n}, title
