"""The referral log and statistics on the shipped directory (Takaoka)."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from dvdesk.domain import referrals, statistics
from dvdesk.domain.casework_models import Channel
from dvdesk.domain.models import Municipality, Organization
from dvdesk.gui.referrals import ReferralLogWindow, StatisticsWindow
from takaoka_figures import TAKAOKA_FY2020

TODAY = dt.date(2026, 5, 15)
TAKAOKA = "162027"


def takaoka_departments(db):
    with db.read() as s:
        return dict(
            s.execute(
                select(Organization.name, Organization.id).join(Municipality).where(Municipality.code == TAKAOKA)
            ).all()
        )


def test_a_referral_to_a_takaoka_department_from_the_needs(qtbot, bundled_db):
    window = ReferralLogWindow(bundled_db, clock=lambda: TODAY, municipality_code=TAKAOKA)
    qtbot.addWidget(window)
    dialog = window.open_new_referral()
    assert dialog.municipality.currentText() == "高岡市"
    dialog.counselor.insert("相談員A")
    qtbot.keyClicks(dialog.case_ref, "R8-0007")
    dialog.check(dialog.need_model, "info_protection")
    offered = {
        dialog.service_model.item(i).text(): dialog.service_model.item(i).data(Qt.ItemDataRole.UserRole + 1)
        for i in range(dialog.service_model.rowCount())
    }
    assert "窓口でのDV相談（市民課） — 市民課" in offered
    dialog.check(dialog.service_model, offered["窓口でのDV相談（市民課） — 市民課"])
    with qtbot.waitSignal(dialog.recorded):
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    with bundled_db.read() as s:
        [r] = referrals.list_referrals(s)
    assert r.departments == ("市民課",) and r.needs == (("info_protection", "情報保護（支援措置）"),)


def test_takaoka_fy2020_department_counts_in_the_statistics_window(qtbot, bundled_db):
    departments = takaoka_departments(bundled_db)
    assert set(TAKAOKA_FY2020) <= set(departments)  # the plan's departments are in the directory
    with bundled_db.write() as s:
        for name, count in TAKAOKA_FY2020.items():
            statistics.save_month_counts(
                s, dt.date(2021, 3, 1), departments[name], True, {("", Channel.IN_PERSON): count}, today=TODAY
            )
    window = StatisticsWindow(bundled_db, clock=lambda: TODAY)
    qtbot.addWidget(window)
    window.set_year(2020)
    assert window.summary.text() == "令和2年度　相談件数 99件　うちDV 99件（100.0%）"
    model = window.by_department.model
    shown = {model.cell(r, 0): model.cell(r, 13) for r in range(model.rowCount())}
    assert shown == TAKAOKA_FY2020 | {"計": 99}
