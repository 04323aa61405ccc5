"""A slip recorded, its 事例番号 corrected, the slip saved again (h18-try): the log held two
referrals for one (R7-001 and R7-0001), the statistics counted two, and the panel named only the
second. She is now asked; on yes the first is deleted from the log, on no both stay and she is told."""

from __future__ import annotations

import datetime as dt

import pytest

from dvdesk.app.referrals import Referrals
from dvdesk.app.statistics import Statistics
from dvdesk.domain.statistics import Source
from dvdesk.gui.checklist_dialog import ChecklistDialog


@pytest.fixture
def dialog(qtbot, checklist_db, monkeypatch):
    d = ChecklistDialog(checklist_db, "高岡市", ["children"])
    qtbot.addWidget(d)
    d.reports, d.asked, d.answer = [], [], [True]
    monkeypatch.setattr(d, "report", d.reports.append)
    monkeypatch.setattr(d.printing, "confirm", lambda title, text: d.asked.append(text) or d.answer[0])
    d.select_item(d.model.checklist().sections[0].items[0])
    d.slip.counselor_name.setText("相談員A")
    yield d
    d._discarded()


def logged(db) -> list[str]:
    return sorted(r.case_ref for r in Referrals(db).log(dt.date.today(), open_only=False).rows)


def referrals_counted(db) -> int:
    report = Statistics(db).year_report(dt.date.today().year - (dt.date.today().month < 4), Source.REFERRALS)
    return report.total


def test_a_corrected_case_reference_leaves_one_referral(dialog, checklist_db, tmp_path):
    dialog.slip.case_ref.setText("R7-001")
    assert dialog.slip.save_pdf(tmp_path / "a.pdf") is not None
    dialog.slip.case_ref.setText("R7-0001")  # her typo corrected
    assert dialog.slip.save_pdf(tmp_path / "b.pdf") is not None
    assert len(dialog.asked) == 1 and "R7-001" in dialog.asked[0] and "2件" in dialog.asked[0]
    assert logged(checklist_db) == ["R7-0001"]
    assert referrals_counted(checklist_db) == 1
    assert "R7-001」の記録は削除しました" in dialog.slip.logged.text() and dialog.reports == []


def test_another_clients_referral_keeps_both_and_says_so(dialog, checklist_db, tmp_path):
    dialog.answer[0] = False
    dialog.slip.case_ref.setText("R7-0001")
    dialog.slip.save_pdf(tmp_path / "a.pdf")
    dialog.slip.case_ref.setText("R7-0002")
    dialog.slip.save_pdf(tmp_path / "b.pdf")
    assert len(dialog.asked) == 1
    assert logged(checklist_db) == ["R7-0001", "R7-0002"]
    assert "R7-0001」の記録も残っています" in dialog.slip.logged.text()
    dialog.slip.save_pdf(tmp_path / "c.pdf")  # the same slip again: recorded already, not asked again
    assert len(dialog.asked) == 1 and logged(checklist_db) == ["R7-0001", "R7-0002"]
