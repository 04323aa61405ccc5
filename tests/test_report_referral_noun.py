"""A report counted from the referral log says 紹介件数 in its files, as the window does.

h14 tryout: two slips recorded, 統計 on 紹介記録から集計 — the window said 「紹介件数 2件」, but the
Excel and CSV files (and `dvdesk stats report --source referrals`) said 「相談件数集計」 and
「相談件数 2」. A referral is not a consultation (one consultation can make three slips, each a
referral), so the committee's file counted referrals as consultations. The files now name what they
count; a report from the entered counts is unchanged.
"""

import csv
import io

from openpyxl import load_workbook

from dvdesk.cli import main
from dvdesk.domain import report_export, statistics
from dvdesk.domain.statistics import Source
from stats_fixtures import enter_known_counts, record_known_referrals


def _csv(report):
    return list(csv.reader(io.StringIO(report_export.csv_bytes(report).decode("utf-8-sig"))))


def test_the_referral_reports_files_say_referrals(mini_db, tmp_path):
    record_known_referrals(mini_db)
    with mini_db.read() as s:
        r = statistics.year_report(s, 2025, Source.REFERRALS)
    lines = _csv(r)
    assert lines[0] == ["令和7年度 紹介件数集計（2025年4月〜2026年3月）"]
    assert ["紹介件数", "3"] in lines and ["うちDV紹介件数", "2"] in lines
    assert not any("相談件数" in cell for line in lines for cell in line)
    path = tmp_path / "r.xlsx"
    report_export.write_xlsx(r, path)
    cells = [c for row in load_workbook(path)["概要"].iter_rows(values_only=True) for c in row if c is not None]
    assert "紹介件数" in cells and "相談件数" not in cells


def test_the_entered_counts_report_still_says_consultations(mini_db):
    enter_known_counts(mini_db)
    with mini_db.read() as s:
        r = statistics.year_report(s, 2025, Source.ENTERED)
    lines = _csv(r)
    assert lines[0] == ["令和7年度 相談件数集計（2025年4月〜2026年3月）"]
    assert ["相談件数", "34"] in lines and ["うちDV相談件数", "27"] in lines


def test_the_command_line_report_from_referrals_says_referrals(mini_db, capsys, monkeypatch):
    record_known_referrals(mini_db)
    monkeypatch.setenv("DVDESK_DB", str(mini_db.path))
    assert main(["stats", "report", "--year", "2025", "--source", "referrals"]) == 0
    out = capsys.readouterr().out
    assert "紹介件数集計" in out and "紹介件数\t3" in out and "相談件数" not in out
