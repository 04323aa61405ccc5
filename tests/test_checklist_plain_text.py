"""The checklist dialog shows names as text, never as HTML (h18-try).

A QLabel and a static QMessageBox guess: text that looks like HTML is rendered as HTML. A
procedure's or department's name from a data package, a line or a window she typed, quoted in
one of the dialog's labels, then loaded a local image over the list (``<img src=…>``) or lost its
tags (「<b>印鑑</b>を持っていく」 shown as a bold 「印鑑を持っていく」), while the list and the
paper said the name as written. Each label and message of the dialog is read here as the
counselor reads it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from sqlalchemy import select, update

from dvdesk.domain.models import Organization, Procedure
from dvdesk.gui.checklist_dialog import ChecklistDialog

IMG = '<img src="/etc/hostname" width=900 height=900>'
BOLD = "<b>印鑑</b>を持っていく"


def seen(text: str, text_format: Qt.TextFormat) -> str:
    """What a label with this text and format shows (markup rendered, tags gone)."""
    rich = text_format == Qt.TextFormat.RichText or (
        text_format == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)
    )
    if not rich:
        return text
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText()


def shown(label: QLabel) -> str:
    return seen(label.text(), label.textFormat())


def _marked_up(db) -> str:
    """A procedure and its department named with markup, as a data package could bring them."""
    with db.write() as s:
        proc = s.scalars(select(Procedure).where(Procedure.name == "児童手当の受給者変更")).one()
        s.execute(update(Organization).where(Organization.id == proc.organization_id).values(name="子育て" + IMG))
        proc.name = "児童手当" + IMG
        return proc.key


def test_every_label_of_the_dialog_shows_names_as_written(qtbot, checklist_db):
    _marked_up(checklist_db)
    d = ChecklistDialog(checklist_db, "高岡市", ["children"])
    qtbot.addWidget(d)
    d.show()
    procedure = next(i for i in d.checklist().items if i.name.startswith("児童手当"))
    d.select_item(procedure)
    assert "子育て" + IMG in shown(d.slip.target)  # あて先: the department's name

    d.say_added(f"「{procedure.name}」をチェックリストに追加しました。")  # as the desk says it
    assert "児童手当" + IMG in shown(d.added_label)

    d.free_text.setText(BOLD)
    d.add_free_text()
    d.printing.language_combo.setCurrentIndex(d.printing.language_combo.findData("en"))
    assert d.printing.typed_hint.isVisible()
    assert BOLD in shown(d.printing.typed_hint)  # her line, quoted as she typed it

    d.printing.language_combo.setCurrentIndex(d.printing.language_combo.findData("ja"))
    d.printing.discreet_box.setChecked(True)
    if d.printing.discreet_hint.isVisible():  # the procedure has 持ち物 or 注意 to say aloud
        assert "<img" in shown(d.printing.discreet_hint)

    d.assign_department(0, "<u>子ども</u>支援課")
    d.select_item(d.checklist().sections[0].items[0])
    assert "<u>子ども</u>支援課" in shown(d.slip.target)
    for label in (d.situation, d.added_label, d.empty_label, d.safety_label, d.printing.status):
        assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()
    d._discarded()


def test_the_dialogs_messages_quote_names_as_written(qtbot, checklist_db):
    d = ChecklistDialog(checklist_db, "高岡市", ["children"])
    qtbot.addWidget(d)
    d.show()
    boxes: list[tuple[str, Qt.TextFormat]] = []

    def read_box() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            boxes.append((box.text(), box.textFormat()))
            box.done(int(QMessageBox.StandardButton.No))
        else:
            QTimer.singleShot(20, read_box)

    QTimer.singleShot(0, read_box)
    d.report(f"「{IMG}」は印刷できません。")
    qtbot.waitUntil(lambda: len(boxes) == 1)
    assert IMG in seen(*boxes[0])

    QTimer.singleShot(0, read_box)  # 窓口を確認してください lists the procedures' names
    d.printing.confirm(d.tr("窓口を確認してください"), f"・{BOLD}")
    qtbot.waitUntil(lambda: len(boxes) == 2)
    assert BOLD in seen(*boxes[1])
    d._discarded()
