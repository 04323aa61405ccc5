"""The checklist window's 「相談できるところ」 tab says which places and phones stay off the client's paper.

Seen by using it: a sheet row marked 掲載 × made a staff-only service under 一時保護・シェルター; the
tab listed it, with its phones, under a heading that says 「印刷にも入ります」, while the client
copy (rightly) left it out — screen and paper differed without a word. A staff-only line of a
department was listed the same way.
"""

import pytest
from sqlalchemy import select

from checklist_support import compact, pdf_text
from dvdesk.domain.models import ContactPoint, Organization, Service
from dvdesk.domain.record_kinds import Confidentiality
from dvdesk.gui.checklist_dialog import ChecklistDialog


@pytest.fixture
def db(checklist_db):
    with checklist_db.write() as s:  # 子どものケア (children.care) made staff-only; its provider gets a staff line
        kids = s.scalar(select(Service).where(Service.key == "test.svc.kids"))
        kids.confidentiality = Confidentiality.STAFF
        center = s.get(Organization, kids.organization_id)
        s.add(
            ContactPoint(
                organization_id=center.id, label="職員直通", phone="0766-88-8888", confidentiality=Confidentiality.STAFF
            )
        )
    return checklist_db


def test_the_places_tab_marks_what_the_client_copy_leaves_out(db, qtbot, qapp, tmp_path):
    dialog = ChecklistDialog(db, "高岡市", ["children"])
    qtbot.addWidget(dialog)
    shown = dialog.places.toPlainText()
    kids_line = next(line for line in shown.splitlines() if "子どものケア" in line)
    assert "相談者用には印刷しません" in kids_line
    assert "0766-88-8888（職員のみ）" in shown
    path = dialog.printing.export_pdf(tmp_path / "client.pdf")
    paper = compact(pdf_text(path))
    assert "子どものケア" not in paper and "0766-88-8888" not in paper  # the paper leaves both out, as before


def test_public_places_carry_no_mark(checklist_db, qtbot):
    dialog = ChecklistDialog(checklist_db, "高岡市", ["children"])
    qtbot.addWidget(dialog)
    shown = dialog.places.toPlainText()
    assert "子どものケア" in shown and "相談者用には印刷しません" not in shown and "職員のみ" not in shown


def test_a_staff_only_service_added_to_the_list_is_marked_on_the_list(db, qtbot):
    dialog = ChecklistDialog(db, "高岡市", ["protection_order"])
    qtbot.addWidget(dialog)
    combo = dialog.directory_combo
    at = next(n for n in range(combo.count()) if combo.itemData(n) == ("service", "test.svc.kids"))
    dialog.directory_combo.setCurrentIndex(at)
    dialog.add_directory_button.click()
    m = dialog.model
    rows = [m.data(m.index(r, 0, m.index(s, 0))) for s in range(m.rowCount()) for r in range(m.rowCount(m.index(s, 0)))]
    kids = next(r for r in rows if "子どものケア" in r)
    assert "相談者用には印刷しません" in kids
    assert all("相談者用には印刷しません" not in r for r in rows if r != kids)
