"""The checklist's rows leave room around their text: at the default row height (the font's
height exactly, 15 px for the bundled font's 15 px kanji) each row's background cut the lowest
pixels of the row above it, and every item on the checklist read as clipped."""

from PySide6.QtCore import QStringListModel
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QListView

from dvdesk.gui.checklist_dialog import ChecklistDialog
from dvdesk.gui.roomy_rows import give_room


def test_every_checklist_row_is_taller_than_its_text(qtbot, checklist_db):
    d = ChecklistDialog(checklist_db, "高岡市", ["children"])
    qtbot.addWidget(d)
    d.show()
    model, view = d.view.model(), d.view
    text_height = QFontMetrics(view.font()).height()
    rows = [model.index(r, 0) for r in range(model.rowCount())]
    rows += [model.index(c, 0, parent) for parent in list(rows) for c in range(model.rowCount(parent))]
    assert len(rows) > 3
    for index in rows:  # departments and their items alike
        assert view.visualRect(index).height() >= text_height + 4, model.data(index)


def test_a_list_given_room_is_taller_than_one_without(qtbot):
    plain, roomy = QListView(), QListView()
    for view in (plain, roomy):
        qtbot.addWidget(view)
        view.setModel(QStringListModel(["住民票の写し等の交付制限", "児童扶養手当の申請"], view))
    give_room(roomy)
    for view in (plain, roomy):
        view.show()
    first = plain.model().index(0, 0)
    assert roomy.visualRect(roomy.model().index(0, 0)).height() >= plain.visualRect(first).height() + 4
