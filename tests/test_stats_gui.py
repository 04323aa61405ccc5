"""The statistics window: the hand-computed totals on screen, in the chart, the files and the entry form."""

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QSpinBox, QStyleOptionViewItem

from dvdesk.domain import statistics
from dvdesk.domain.statistics import Source
from dvdesk.gui.referrals import StatisticsWindow
from dvdesk.gui.referrals.bar_chart import PALETTE, BarChart, Series, nice_step
from shared_build import built_once
from stats_fixtures import TODAY, enter_known_counts, record_known_referrals


def _build_stats(mini: Path, path: Path) -> None:
    from dvdesk.storage.db import open_database

    shutil.copy(mini, path)
    db = open_database(path, fill=False)
    enter_known_counts(db)
    record_known_referrals(db)
    db.close()


@pytest.fixture(scope="session")
def _stats_template(_mini_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """mini with the known counts and referrals, entered once per run (each test gets a copy)."""
    return built_once(tmp_path_factory, "stats.sqlite3", lambda path: _build_stats(_mini_template, path))


@pytest.fixture
def stats_db(_stats_template: Path, tmp_path: Path):
    from dvdesk.storage.db import open_database

    path = tmp_path / "stats.sqlite3"
    shutil.copy(_stats_template, path)  # the template is closed: a plain copy is consistent
    db = open_database(path, fill=False)
    yield db
    db.close()


@pytest.fixture
def window(qtbot, stats_db):
    w = StatisticsWindow(stats_db, clock=lambda: TODAY)
    qtbot.addWidget(w)
    w.show()
    w.set_year(2025)
    return w


def table(tab):
    m = tab.model
    return {m.cell(r, 0): tuple(m.cell(r, c) for c in range(1, 15)) for r in range(m.rowCount())}


def test_the_models_pass_qt_checks(qtmodeltester, window):
    qtmodeltester.check(window.by_department.model)
    dialog = window.open_count_entry()
    qtmodeltester.check(dialog.grid)


def test_the_years_on_offer_and_the_summary(window):
    assert [window.year.itemText(i) for i in range(window.year.count())] == [
        "令和8年度（2026年度）",
        "令和7年度（2025年度）",
        "令和6年度（2024年度）",
    ]
    assert window.summary.text() == "令和7年度　相談件数 34件　うちDV 27件（79.4%）"


def test_the_tables_show_the_hand_computed_totals(window):
    dept = table(window.by_department)
    assert dept["テスト相談センター"] == (25, 7, *(0,) * 10, 32, 25)
    assert dept["住宅課"] == (*(0,) * 11, 2, 2, 2)
    assert dept["市民課"] == (0,) * 14
    assert dept["計"] == (25, 7, *(0,) * 9, 2, 34, 27)
    month = table(window.by_month)
    assert month["電話"][-2:] == (21, 14) and month["メール"][-2:] == (1, 1)
    assert table(window.by_need)["未分類"][-2:] == (4, 4)
    total_row = window.by_department.model.index(3, 13)
    assert total_row.data() == "34" and total_row.data(Qt.ItemDataRole.FontRole).bold()


def test_the_charts_draw_the_same_numbers(window):
    assert window.by_month.chart.categories[0] == "4月" and window.by_month.chart.categories[-1] == "3月"
    assert window.by_month.chart.totals() == [25, 7, *(0,) * 9, 2]
    assert [s.name for s in window.by_month.chart.series] == ["電話", "面接", "同行", "メール"]
    dept = window.by_department.chart
    assert dept.categories == ("テスト相談センター", "住宅課")  # 0件 rows stay in the table only
    assert [s.values for s in dept.series] == [(25, 2), (7, 0)]  # DV, other


def test_switching_to_the_referral_log_shows_referral_counts(window):
    window.source.setCurrentIndex(window.source.findData(Source.REFERRALS))
    assert window.summary.text() == "令和7年度　紹介件数 3件　うちDV 2件（66.7%）"
    assert table(window.by_department)["計（延べ）"][-2:] == (4, 3)
    assert "延べ件数" in window.by_department.note.text()
    assert window.by_month.note.text() == ""


def test_excel_and_csv_exports_hold_the_same_totals(window, tmp_path):
    assert window.export_xlsx(tmp_path / "r.xlsx")
    ws = load_workbook(tmp_path / "r.xlsx")["担当課・機関別"]
    rows = {r[0]: r[1:] for r in ws.iter_rows(min_row=4, values_only=True) if r[0]}
    assert rows["計"] == (25, 7, *(0,) * 9, 2, 34, 27)
    assert window.export_csv(tmp_path / "r.csv", "cp932")
    lines = list(csv.reader(io.StringIO((tmp_path / "r.csv").read_bytes().decode("cp932"))))
    assert ["相談件数", "34"] in lines and ["住宅課", *["0"] * 11, "2", "2", "2"] in lines
    assert "CSV（Shift_JIS（CP932））に保存しました" in window.message.text()


def test_a_file_saved_later_holds_the_referrals_recorded_and_changed_since_the_window_opened(window, tmp_path):
    """The window stays open beside the desk; referrals recorded, corrected and deleted meanwhile (a
    slip, the log) are in the file she saves afterwards, as in the report the command line writes."""
    from sqlalchemy import select

    from dvdesk.domain import referrals, slip_referrals
    from dvdesk.domain.casework_models import Channel
    from dvdesk.domain.models import Organization

    window.source.setCurrentIndex(window.source.findData(Source.REFERRALS))
    assert window.summary.text().startswith("令和7年度　紹介件数 3件")
    db = window.statistics.db
    with db.write() as s:
        center = s.scalar(select(Organization.id).where(Organization.key == "test.center"))
        kept = [r.id for r in referrals.list_referrals(s, since=dt.date(2025, 4, 1))]
        for i in range(2):
            referrals.record_referral(
                s,
                case_ref=f"R8-{70 + i}",
                counselor="相談員A",
                organization_ids=[center],
                referred_on=dt.date(2026, 3, 31),
                channel=Channel.PHONE,
                today=TODAY,
            )
        referrals.delete_referral(s, kept[0])
        slip_referrals.correct_slip(s, kept[1], Channel.EMAIL, dv=False)
    with db.read() as s:
        want = statistics.year_report(s, 2025, Source.REFERRALS)
    assert want.total == 4
    assert window.export_xlsx(tmp_path / "r.xlsx")
    summary = {r[0]: r[1] for r in load_workbook(tmp_path / "r.xlsx")["概要"].iter_rows(min_row=4, values_only=True)}
    assert (summary["紹介件数"], summary["うちDV紹介件数"]) == (want.total, want.dv_total)
    assert window.export_csv(tmp_path / "r.csv")
    lines = list(csv.reader(io.StringIO((tmp_path / "r.csv").read_bytes().decode("utf-8-sig"))))
    assert ["紹介件数", str(want.total)] in lines
    channel = {row[0]: row[1:] for row in lines if row and row[0] in ("電話", "メール")}
    assert channel["電話"][-2] == str(next(r.total for r in want.by_channel.rows if r.label == "電話"))
    assert channel["メール"][-2] == str(next(r.total for r in want.by_channel.rows if r.label == "メール"))
    assert window.summary.text().startswith("令和7年度　紹介件数 4件")  # the screen says what the file holds


def test_an_export_that_cannot_be_written_says_so(window, tmp_path):
    assert not window.export_xlsx(tmp_path / "no-such-folder" / "r.xlsx")
    assert window.message.kind == "error" and "保存先のフォルダがありません" in window.message.text()
    assert not (tmp_path / "no-such-folder").exists()


def test_a_chart_is_saved_as_a_sharp_png(window, tmp_path):
    path = tmp_path / "chart.png"
    assert window.save_chart(window.by_month, path)
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1920, 1120)  # 960×560 drawn at twice the resolution
    colours = {image.pixelColor(x, y).name() for x in range(0, 1920, 8) for y in range(0, 1120, 8)}
    assert QColor(PALETTE[0]).name() in colours  # the 電話 bars are there


def test_entering_a_month_updates_the_report(qtbot, window):
    dialog = window.open_count_entry()
    dialog.month.setDate(dt.date(2025, 7, 1))
    dialog.department.setCurrentText("住宅課")
    assert dialog.grid.total() == 0
    row = next(i for i, (key, _) in enumerate(dialog.grid.needs) if key == "housing")
    editor = dialog.table.itemDelegate().createEditor(
        dialog.table.viewport(), QStyleOptionViewItem(), dialog.grid.index(row, 0)
    )
    assert isinstance(editor, QSpinBox) and (editor.minimum(), editor.maximum()) == (0, 100_000)
    assert dialog.grid.setData(dialog.grid.index(row, 0), 5)  # 電話
    assert dialog.grid.setData(dialog.grid.index(row, 1), 3)  # 面接
    assert not dialog.grid.setData(dialog.grid.index(row, 2), -1)
    assert dialog.grid.index(row, 4).data() == 8  # 計
    assert not dialog.department.isEnabled()  # unsaved numbers: switching is blocked
    assert dialog.total.text() == "合計 8件（未保存）"
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.department.isEnabled() and "8件を保存しました" in dialog.message.text()
    assert window.summary.text().startswith("令和7年度　相談件数 42件")
    assert table(window.by_department)["住宅課"][3] == 8  # July
    dialog.month.setDate(dt.date(2025, 8, 1))
    dialog.month.setDate(dt.date(2025, 7, 1))
    assert dialog.grid.total() == 8  # read back from the database


def test_nice_axis_steps_and_an_empty_chart(qtbot):
    assert [nice_step(v) for v in (0, 4, 34, 224, 2247)] == [1, 1, 10, 50, 500]
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.set_data("空", ["4月"], [Series("電話", (0,))])
    image = chart.render_image(QSize(400, 300), 1.0)
    assert not image.isNull()


@pytest.fixture
def desk(qtbot, desk_db):
    from test_gui_desk_shows import opened_desk

    yield from opened_desk(qtbot, desk_db)


def test_the_statistics_opened_from_the_desk_show_a_referral_recorded_meanwhile(desk, desk_db):
    """Left open beside the desk, the statistics follow the referral log as the log window does."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QWidget
    from sqlalchemy import select

    from dvdesk.domain import referrals
    from dvdesk.domain.models import Organization
    from dvdesk.gui.referrals.live import LiveRefresh

    desk.window.findChild(QAction, "statisticsAction").trigger()
    stats = desk.window.findChild(QWidget, "statistics")
    stats.source.setCurrentIndex(stats.source.findData(Source.REFERRALS))
    before = stats.report.total
    with desk_db.write() as s:
        org = s.scalar(select(Organization.id).limit(1))
        referrals.record_referral(s, case_ref="R8-0099", counselor="相談員A", organization_ids=[org])
    [live] = stats.findChildren(LiveRefresh)
    assert live.poll()
    assert stats.report.total == before + 1
