"""A counselor's first morning on the bundled directory (高岡市), end to end through the window:
a client who fled last night with two children and no money. The checklist built in the window is
printed as the client's copy, the discreet copy and the staff copy, and every line the counselor
sees on the screen is looked up on the paper; nothing staff-only reaches the client's papers."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from checklist_support import compact, pdf_text, poppler_page_texts
from dvdesk.domain.disclosure import Audience
from dvdesk.gui.checklist_dialog import ChecklistDialog

TAKAOKA = "162027"
NEEDS = ["safety.shelter", "money", "children.allowance", "children.school", "info_protection", "insurance_pension"]
CIRCUMSTANCES = ["children", "school", "health_insurance"]


@pytest.fixture
def dialog(qtbot, bundled_db, monkeypatch):
    d = ChecklistDialog(bundled_db, TAKAOKA, NEEDS)
    reports: list[str] = []
    monkeypatch.setattr(d, "report", reports.append)
    monkeypatch.setattr(d.printing, "confirm", lambda *_: True)
    d.reports = reports
    qtbot.addWidget(d)
    for key in CIRCUMSTANCES:
        d.circumstance_boxes[key].setChecked(True)
    return d


def screen_rows(d) -> list[tuple[str, list[str]]]:
    """The list as the counselor sees it: each department's row with its items' rows."""
    m, rows = d.model, []
    for s in range(m.rowCount()):
        parent = m.index(s, 0)
        rows.append((m.data(parent), [m.data(m.index(r, 0, parent)) for r in range(m.rowCount(parent))]))
    return rows


def print_copy(d, tmp_path: Path, name: str, audience: Audience, discreet: bool = False) -> Path:
    d.printing.copy_combo.setCurrentIndex(d.printing.copy_combo.findData(audience))
    d.printing.discreet_box.setChecked(discreet)
    path = d.printing.export_pdf(tmp_path / f"{name}.pdf")
    assert d.reports == [] and path is not None
    return path


def test_every_line_on_the_screen_is_on_the_client_and_staff_copies(dialog, tmp_path):
    # A staff-only record added by the counselor: marked on the screen, on the staff copy only.
    dialog.add_item(dialog.checklists.directory_item(TAKAOKA, "service", "takaoka.int.kankeika-kaigi"))
    rows = screen_rows(dialog)
    assert any("［職員のみ" in row for _, items in rows for row in items)
    assert sum(len(items) for _, items in rows) >= 15
    for audience, name in ((Audience.CLIENT, "client"), (Audience.STAFF, "staff")):
        paper = compact("".join(poppler_page_texts(print_copy(dialog, tmp_path, name, audience))))
        client = audience is Audience.CLIENT
        shown = [(d, items) for d, items in rows if not (client and all("［職員のみ" in i for i in items))]
        missing = [dept for dept, _ in shown if compact(dept) not in paper]
        for _, items in rows:
            for row in items:
                staff_only = "［職員のみ" in row
                text = row.split("［職員のみ")[0].replace("［支援］", "").replace("［自由記入］", "")  # screen marks
                if client and staff_only:  # the screen says it stays off her copy
                    assert compact(text.split(". ", 1)[1]) not in paper, row
                elif compact("□" + text) not in paper:
                    missing.append(row)
        assert missing == [], f"{name}: on the screen, not on the paper: {missing}"


def test_places_on_the_screen_are_on_the_client_copy(dialog, tmp_path):
    paper = compact("".join(poppler_page_texts(print_copy(dialog, tmp_path, "client", Audience.CLIENT))))
    c = dialog.model.checklist()
    names = [s.name for g in c.contacts for s in g.services]
    assert names and [n for n in names if compact(n) not in paper] == []


def test_tab_from_the_note_for_the_client_reaches_the_print_buttons(dialog, qtbot):
    """Keyboard only: Tab walks past the note (it does not type a tab into what is printed) to the
    copy, the discreet box and 「PDFに保存…」."""
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.note.setFocus()
    reached = []
    for _ in range(12):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    assert dialog.note.toPlainText() == ""
    assert dialog.printing.copy_combo in reached and dialog.printing.pdf_button in reached


def test_the_discreet_copy_numbers_every_item_on_the_screen_and_says_nothing_of_its_purpose(dialog, tmp_path):
    from dvdesk.domain import discreet as words

    dialog.free_text.setText("印鑑を持っていく")
    dialog.free_department.setText("市民課")
    dialog.add_free_button.click()
    rows = screen_rows(dialog)
    count = sum(len(items) for _, items in rows)
    path = print_copy(dialog, tmp_path, "discreet", Audience.CLIENT, discreet=True)
    paper = compact("".join(poppler_page_texts(path)))
    assert [n for n in range(1, count + 1) if f"□{n}." not in paper] == []
    assert f"□{count + 1}." not in paper
    assert "印鑑を持っていく" in paper
    assert words.violations(pdf_text(path)) == []
    from pypdf import PdfReader

    meta = PdfReader(str(path)).metadata
    assert meta.title == "手続きのご案内" and words.violations(f"{meta.title} {meta.creator}") == []


def test_a_slip_records_how_the_consultation_took_place_as_the_counselor_says(dialog, tmp_path):
    """A slip with a case number is a referral in the log, and the statistics count it by channel and
    DV: a telephone consultation that is not counted as DV is recorded so, not as 面接・DV."""
    from dvdesk.app.referrals import Referrals
    from dvdesk.domain.casework_models import Channel

    m = dialog.model
    section = next(s for s in range(m.rowCount()) if m.data(m.index(s, 0)) == "社会福祉課")
    dialog.view.setCurrentIndex(m.index(section, 0))
    slip = dialog.slip
    slip.counselor_name.setText("相談員A")
    slip.case_ref.setText("R8-0012")
    slip.channel.setCurrentIndex(slip.channel.findData(Channel.PHONE))
    slip.dv.setChecked(False)
    assert slip.save_pdf(tmp_path / "slip.pdf") is not None and dialog.reports == []
    (view,) = Referrals(dialog.db).list()
    assert (view.case_ref, view.channel, view.dv) == ("R8-0012", Channel.PHONE, False)
    assert [t.department for t in view.targets] == ["社会福祉課"]
