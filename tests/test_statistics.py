"""Statistics for the yearly report: hand-computed totals in the tables, the Excel file and the CSV."""

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from dvdesk.domain import fiscal, report_export, statistics
from dvdesk.domain.casework_models import Channel
from dvdesk.domain.statistics import Entry, Source, StatsError
from stats_fixtures import TODAY, enter_known_counts, record_known_referrals
from takaoka_figures import TAKAOKA_FY2020

Z = (0,) * 12


def months(**by_month):
    """12 monthly values, April first: months(apr=3, mar=1)."""
    names = ["apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "jan", "feb", "mar"]
    return tuple(by_month.get(n, 0) for n in names)


def rows(table):
    return {r.label: (r.months, r.total, r.dv) for r in table.rows}


def test_fiscal_year_runs_april_to_march_with_reiwa_labels():
    assert fiscal.fiscal_year_of(dt.date(2026, 3, 31)) == 2025
    assert fiscal.fiscal_year_of(dt.date(2025, 4, 1)) == 2025
    assert fiscal.fiscal_months(2025)[0] == dt.date(2025, 4, 1)
    assert fiscal.fiscal_months(2025)[-1] == dt.date(2026, 3, 1)
    assert [fiscal.fiscal_year_label(y) for y in (2025, 2020, 2019, 2018)] == [
        "令和7年度",
        "令和2年度",
        "令和元年度",
        "平成30年度",
    ]


@pytest.fixture
def entered(mini_db):
    enter_known_counts(mini_db)
    with mini_db.read() as s:
        return statistics.year_report(s, 2025, Source.ENTERED)


def test_entered_counts_match_the_hand_computed_totals(entered):
    r = entered
    assert r.label == "令和7年度"
    assert (r.total, r.dv_total) == (34, 27)  # 18 + 7 + 7 + 2; the 7 in April are not DV
    assert round(r.dv_ratio, 3) == 0.794
    assert r.monthly_totals == months(apr=25, may=7, mar=2)
    assert rows(r.by_channel) == {
        "電話": (months(apr=17, may=4), 21, 14),
        "面接": (months(apr=5, may=3, mar=2), 10, 10),
        "同行": (months(apr=2), 2, 2),
        "メール": (months(apr=1), 1, 1),
    }
    assert [row.label for row in r.by_department.rows] == ["テスト相談センター", "住宅課", "市民課"]
    assert rows(r.by_department) == {
        "テスト相談センター": (months(apr=25, may=7), 32, 25),
        "住宅課": (months(mar=2), 2, 2),
        "市民課": (Z, 0, 0),  # reported with no consultations: listed with 0件, as the plans do
    }
    assert [row.label for row in r.by_need.rows] == [
        "相談窓口",
        "一時保護・シェルター",
        "住まい",
        "法律・離婚",
        "未分類",
    ]
    assert rows(r.by_need) == {
        "相談窓口": (months(apr=22), 22, 15),
        "一時保護・シェルター": (months(apr=2), 2, 2),
        "住まい": (months(may=3, mar=2), 5, 5),
        "法律・離婚": (months(apr=1), 1, 1),
        "未分類": (months(may=4), 4, 4),
    }
    for table in r.tables:
        assert table.total == 34 and table.dv_total == 27 and not table.overlapping


def test_referral_log_statistics_count_each_referral_once_and_mark_overlaps(mini_db):
    record_known_referrals(mini_db)
    with mini_db.read() as s:
        r = statistics.year_report(s, 2025, Source.REFERRALS)
    assert (r.total, r.dv_total) == (3, 2)
    assert r.monthly_totals == months(apr=2, feb=1)
    assert rows(r.by_channel)["面接"] == (months(apr=1), 1, 1)
    assert rows(r.by_channel)["電話"] == (months(apr=1), 1, 0)
    assert rows(r.by_channel)["同行"] == (months(feb=1), 1, 1)
    assert rows(r.by_department) == {
        "テスト相談センター": (months(apr=2, feb=1), 3, 2),
        "住宅課": (months(apr=1), 1, 1),
    }
    assert r.by_department.overlapping and r.by_department.total == 4  # 延べ
    assert rows(r.by_need) == {
        "一時保護・シェルター": (months(feb=1), 1, 1),
        "住まい": (months(apr=1), 1, 1),
        "法律・離婚": (months(apr=1), 1, 1),
        "未分類": (months(apr=1), 1, 0),
    }
    assert r.by_need.overlapping and not r.by_channel.overlapping


def test_the_excel_file_holds_the_same_totals(entered, tmp_path):
    path = report_export.write_xlsx(entered, tmp_path / "report.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["概要", "相談方法別・月別", "担当課・機関別", "ニーズ（相談内容）別"]
    summary = {ws_row[0]: ws_row[1] for ws_row in wb["概要"].iter_rows(min_row=4, values_only=True) if ws_row[0]}
    assert summary["相談件数"] == 34 and summary["うちDV相談件数"] == 27 and summary["DV相談の割合"] == "79.4%"
    ws = wb["担当課・機関別"]
    assert ws["A1"].value == "令和7年度 担当課・機関別"
    header = [c.value for c in ws[3]]
    assert header[:3] == ["担当課・機関", "4月", "5月"] and header[-3:] == ["3月", "合計", "うちDV"]
    table = {row[0]: row[1:] for row in ws.iter_rows(min_row=4, values_only=True) if row[0]}
    assert table["テスト相談センター"] == (25, 7, *(0,) * 10, 32, 25)
    assert table["住宅課"][-3:] == (2, 2, 2)
    assert table["計"] == (25, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 34, 27)
    monthly = {row[0]: row[1:] for row in wb["相談方法別・月別"].iter_rows(min_row=4, values_only=True) if row[0]}
    assert monthly["電話"][-2:] == (21, 14) and monthly["計"][-2:] == (34, 27)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp932"])
def test_the_csv_holds_the_same_totals_in_either_encoding(entered, tmp_path, encoding):
    path = report_export.write_csv(entered, tmp_path / "report.csv", encoding)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    text = raw.decode(encoding).replace("～", "〜")  # CP932 has one wave dash; Windows reads it as ～
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == ["令和7年度 相談件数集計（2025年4月〜2026年3月）"]
    assert ["相談件数", "34"] in lines and ["うちDV相談件数", "27"] in lines
    assert ["テスト相談センター", "25", "7", *["0"] * 10, "32", "25"] in lines
    assert ["計", "25", "7", *["0"] * 9, "2", "34", "27"] in lines
    assert ["未分類", "0", "4", *["0"] * 10, "4", "4"] in lines


def test_cp932_maps_a_character_it_lacks_and_names_the_cell(tmp_path):
    """Was: the CP932 export stopped on 𠮷. Now it maps as every other CP932 export does, and says where."""
    entry = Entry(dt.date(2025, 4, 1), ("𠮷野市相談室", "㉗番窓口", "한국어 상담"), (), Channel.PHONE, True, 1)
    report = statistics.build_report([entry], 2025, Source.ENTERED)
    notes: list[str] = []
    path = report_export.write_csv(report, tmp_path / "x.csv", "cp932", notes=notes)
    lines = list(csv.reader(io.StringIO(path.read_bytes().decode("cp932"))))
    rows = {line[0]: n for n, line in enumerate(lines, start=1) if line}
    assert "吉野市相談室" in rows and "(27)番窓口" in rows and "〓〓〓 〓〓" in rows
    assert "𠮷" not in path.read_bytes().decode("cp932")
    assert f"「𠮷」→「吉」に置き換えました（A{rows['吉野市相談室']}）" in notes
    assert f"「㉗」→「(27)」に置き換えました（A{rows['(27)番窓口']}）" in notes
    missing = [n for n in notes if n.startswith("「한」")]
    assert missing and f"A{rows['〓〓〓 〓〓']}" in missing[0] and "UTF-8（BOM付き）" in missing[0]
    assert "𠮷野市相談室" in report_export.csv_bytes(report).decode("utf-8-sig")  # UTF-8 keeps it as it is
    clean: list[str] = []
    report_export.write_csv(statistics.build_report([], 2025, Source.ENTERED), tmp_path / "y.csv", "cp932", clean)
    assert clean == []


def test_a_month_can_be_corrected_and_read_back_for_the_form(mini_db):
    enter_known_counts(mini_db)
    with mini_db.write() as s:
        assert statistics.month_counts(s, dt.date(2025, 5, 20), "テスト相談センター", True) == {
            ("housing", Channel.IN_PERSON): 3,
            ("", Channel.PHONE): 4,
        }
        statistics.save_month_counts(
            s, dt.date(2025, 5, 1), "テスト相談センター", True, {("housing", Channel.IN_PERSON): 6}, today=TODAY
        )
        r = statistics.year_report(s, 2025)
    assert r.total == 34 - 7 + 6


@pytest.mark.parametrize(
    ("grid", "dept", "month", "message"),
    [
        ({("housing", Channel.PHONE): -1}, "住宅課", dt.date(2025, 4, 1), "0〜100,000の整数"),
        ({("nope", Channel.PHONE): 1}, "住宅課", dt.date(2025, 4, 1), "ニーズ分類がありません"),
        ({("housing", Channel.PHONE): 1}, "山田さん 090-1234-5678", dt.date(2025, 4, 1), "課や機関の名前だけ"),
        ({("housing", Channel.PHONE): 1}, 9999, dt.date(2025, 4, 1), "ディレクトリにありません"),
        ({("housing", Channel.PHONE): 1}, "住宅課", dt.date(2026, 6, 1), "まだ来ていない月"),
    ],
)
def test_bad_counts_are_refused_and_the_month_keeps_its_numbers(mini_db, grid, dept, month, message):
    enter_known_counts(mini_db)
    with pytest.raises(StatsError, match=message), mini_db.write() as s:
        statistics.save_month_counts(s, month, dept, True, grid, today=TODAY)
    with mini_db.read() as s:
        assert statistics.year_report(s, 2025).total == 34


def test_takaoka_department_counts_reproduce_the_plans_table(mini_db):
    """取り組み4(2), 令和2年度: DV consultations per department (Takaoka's progress report)."""
    counts = TAKAOKA_FY2020
    with mini_db.write() as s:
        for dept, n in counts.items():
            statistics.save_month_counts(s, dt.date(2021, 3, 1), dept, True, {("", Channel.IN_PERSON): n}, today=TODAY)
        r = statistics.year_report(s, 2020)
    assert r.label == "令和2年度" and r.total == 99 == sum(counts.values())
    assert {row.label: row.total for row in r.by_department.rows} == counts
    assert [row.label for row in r.by_department.rows][:3] == ["市民課", "高齢介護課", "社会福祉課"]


def test_years_with_data_include_the_current_year(mini_db):
    enter_known_counts(mini_db)
    with mini_db.read() as s:
        assert statistics.years_with_data(s, TODAY) == [2026, 2025, 2024]


def test_the_cli_writes_cp932_and_names_the_cells_it_changed(tmp_path, monkeypatch, capsys):
    from conftest import MINI
    from dvdesk.admin.editing import Editor
    from dvdesk.cli import main
    from dvdesk.storage.db import open_database

    monkeypatch.setenv("DVDESK_DB", str(tmp_path / "cli.sqlite3"))
    monkeypatch.setenv("DVDESK_ADMIN", "管理 花子")
    assert main(["load", "--dir", str(MINI)]) == 0
    db = open_database(tmp_path / "cli.sqlite3")
    editor = Editor(db, "管理 花子")
    editor.save("organization", {**editor.load("organization", "test.center"), "name": "𠮷野相談センター"})
    enter_known_counts(db)
    db.close()
    capsys.readouterr()
    path = tmp_path / "r.csv"
    assert main(["stats", "report", "--year", "2025", "--csv", str(path), "--encoding", "cp932"]) == 0
    out = capsys.readouterr().out
    lines = path.read_bytes().decode("cp932").splitlines()
    row = next(n for n, line in enumerate(lines, start=1) if line.startswith("吉野相談センター,"))
    assert f"注意: 「𠮷」→「吉」に置き換えました（A{row}" in out and f"保存しました: {path}" in out
