"""Before a spreadsheet is checked: which column of which sheet goes to which field.

One row per column of every sheet (and one per sheet that is not read, with why). The field
column is a drop-down: she fixes a misread heading, takes a column out, or picks the one of two
columns that counts; hidden and ambiguous columns are coloured. The municipality for rows that
do not name one is chosen here, and 全国 only by choosing it. Every change re-reads the layout
(``dvdesk.admin.sheet_layout``), so what the table shows is what the import will do.
Accepting gives ``options`` for ``sheets.check_sheet``; the preview of changes comes next.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, cast

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dvdesk.admin import sheet_layout
from dvdesk.admin.sheet_files import SheetData, SheetFileError
from dvdesk.admin.sheet_headers import IGNORE, field_names
from dvdesk.admin.sheet_layout import AMBIGUOUS, HIDDEN, USED, ColumnMap, SheetLayout, SheetOptions
from dvdesk.app.administration import ScopeChoice
from dvdesk.gui.admin.admin_labels import label
from dvdesk.gui.admin.municipality_scope import MunicipalityScopeBox
from dvdesk.gui.admin.table_model import Column, Index, ObjectTableModel
from dvdesk.gui.discard_question import DiscardQuestion
from dvdesk.gui.plain import plain_label
from dvdesk.gui.window_keys import closes_with_keys
from dvdesk.gui.window_size import open_at

COMMAND_HINT = re.compile(r"（[^（）]*--[a-z-]+[^（）]*）")
COLOURS = {USED: "#e3f4e1", HIDDEN: "#eeeeee", AMBIGUOUS: "#fbe1e1"}
FIELD_COLUMN = 4


@dataclass(frozen=True)
class MappingRow:
    layout: SheetLayout
    column: ColumnMap | None  # None: the sheet is not read (layout.skip_reason)


HEADERS = (
    QT_TRANSLATE_NOOP("SheetMappingDialog", "シート"),
    QT_TRANSLATE_NOOP("SheetMappingDialog", "種類"),
    QT_TRANSLATE_NOOP("SheetMappingDialog", "列"),
    QT_TRANSLATE_NOOP("SheetMappingDialog", "見出し"),
    QT_TRANSLATE_NOOP("SheetMappingDialog", "取り込む項目"),
    QT_TRANSLATE_NOOP("SheetMappingDialog", "状態"),
    QT_TRANSLATE_NOOP("SheetMappingDialog", "例"),
    QT_TRANSLATE_NOOP("SheetMappingDialog", "（読まない）"),
)


class MappingModel(ObjectTableModel):
    """The field column is editable; editing it asks the dialog to re-read the layout."""

    def __init__(self, dialog: SheetMappingDialog):
        def _t(text: object) -> str:  # QT_TRANSLATE_NOOP is typed as returning object
            return QCoreApplication.translate("SheetMappingDialog", str(text))

        sheet, kind, column, heading, field, status, examples, unread = HEADERS
        super().__init__(
            [
                Column(_t(sheet), lambda r: r.layout.title),
                Column(_t(kind), lambda r: label(r.layout.kind_label) if r.layout.kind else _t(unread)),
                Column(_t(column), lambda r: r.column.letter if r.column else ""),
                Column(_t(heading), lambda r: r.column.header if r.column else ""),
                Column(_t(field), dialog.field_text),
                Column(_t(status), dialog.status_text),
                Column(_t(examples), lambda r: " / ".join(r.column.samples) if r.column else ""),
            ],
            background=lambda r, col: (
                COLOURS.get(r.column.status)
                if r.column and col in (4, 5)
                else ("#fff4cc" if r.column is None and col == 5 else None)
            ),
        )
        self.dialog = dialog

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        row = self.items[index.row()] if index.isValid() else None
        if row is not None and row.column is not None and index.column() == FIELD_COLUMN:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != FIELD_COLUMN:
            return False
        row = self.items[index.row()]
        if row.column is None:
            return False
        self.dialog.choose(row.layout.title, row.column.letter, str(value))
        return True


class FieldDelegate(QStyledItemDelegate):
    """A drop-down of the fields this kind of sheet can fill, and 「読まない」."""

    def __init__(self, dialog: SheetMappingDialog):
        super().__init__(dialog)
        self.dialog = dialog

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        row: MappingRow = cast(MappingModel, index.model()).items[index.row()]
        box = QComboBox(parent)
        box.addItem(QCoreApplication.translate("SheetMappingDialog", str(HEADERS[-1])), IGNORE)
        for name, text in field_names(row.layout.kind).items():
            box.addItem(label(text), name)
        return box

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        row: MappingRow = cast(MappingModel, index.model()).items[index.row()]
        current = row.column.field if row.column and row.column.status == USED else IGNORE
        box = cast(QComboBox, editor)  # createEditor made it
        box.setCurrentIndex(max(box.findData(current), 0))

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        model.setData(index, cast(QComboBox, editor).currentData(), Qt.ItemDataRole.EditRole)


class SheetMappingDialog(QDialog):
    """Accepting means 'check the sheet read this way'; ``options`` holds her choices."""

    def __init__(
        self,
        file_name: str,
        book: dict[str, SheetData],
        scopes: Sequence[ScopeChoice],
        options: SheetOptions | None = None,
        parent=None,
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("表の読み方の確認: {file}").format(file=file_name))
        self.book = book
        self.options = options or SheetOptions()
        self.layouts: list[SheetLayout] = []

        self.municipality = MunicipalityScopeBox(scopes)
        self.municipality.currentIndexChanged.connect(self._municipality_changed)
        self.hidden_rows = QCheckBox(self.tr("非表示の行も読む（既定では読み飛ばして、行ごとの結果に示します）"))
        self.hidden_rows.setObjectName("hidden_rows")
        self.hidden_rows.toggled.connect(self._hidden_rows_changed)

        self.model = MappingModel(self)
        self.view = QTableView()
        self.view.setObjectName("mapping")
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(FIELD_COLUMN, FieldDelegate(self))
        self.view.setEditTriggers(QTableView.EditTrigger.AllEditTriggers)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().setVisible(False)

        self.notes = plain_label("")
        self.notes.setObjectName("notes")
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)  # headings and titles are data, never markup

        buttons = QDialogButtonBox()
        self.next_button = buttons.addButton(self.tr("この読み方で確認する…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.next_button.setObjectName("next")
        buttons.addButton(self.tr("キャンセル"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        intro = QLabel(
            self.tr(
                "見出しから読み取った列の対応です。違っていれば「取り込む項目」を選び直してください。"
                "非表示の列は、選ばない限り読みません。"
            )
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("市区町村"), self.municipality)
        form.addRow("", self.hidden_rows)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.notes)
        layout.addWidget(buttons)
        closes_with_keys(self)
        open_at(self, 1100, 620)
        self.relayout()
        self._kept = self.options  # as read: closing with none of her choices asks nothing
        self.discard_question = DiscardQuestion(
            self,
            "sheetMappingDiscardQuestion",
            self.tr("選び直した列の対応は、閉じると失われます（何も取り込まれません）。"),
            self.tr("閉じる（選び直しを捨てる）"),
            super().reject,
            lambda: self.options != self._kept,
        )

    def reject(self) -> None:
        """Esc, Ctrl+W, キャンセル, the title bar: columns she chose again are dropped only once she says so."""
        self.discard_question.reject()

    # --- what the table shows -------------------------------------------------------------------
    def field_text(self, row: MappingRow) -> str:
        if row.column is None or row.column.status != USED:
            return self.tr("（読まない）")
        return label(field_names(row.layout.kind).get(row.column.field, row.column.field))

    def status_text(self, row: MappingRow) -> str:
        if row.column is None:
            return row.layout.skip_reason
        status = label(sheet_layout.STATUS_LABELS[row.column.status])
        if row.column.chosen:
            status = self.tr("指定: {status}").format(status=status)
        reason = COMMAND_HINT.sub("", row.column.reason)  # the command line's flags mean nothing here
        return f"{status} — {reason}" if reason else status

    # --- her choices ------------------------------------------------------------------------
    def choose(self, sheet: str, letter: str, target: str) -> None:
        mapping = {**self.options.mapping, f"{sheet}!{letter}": target}
        self.options = replace(self.options, mapping=mapping)
        self.relayout()

    def _municipality_changed(self) -> None:
        box = self.municipality
        self.options = replace(self.options, municipality=box.code, nationwide=box.nationwide)
        self.relayout()

    def _hidden_rows_changed(self, on: bool) -> None:
        self.options = replace(self.options, hidden_rows=on)
        self.relayout()

    def relayout(self) -> None:
        try:
            self.layouts = sheet_layout.read_layouts(self.book, self.options)
        except SheetFileError as exc:  # two columns chosen for one field: undo the last choice
            self.notes.setText(str(exc))
            return
        rows = [MappingRow(lay, c) for lay in self.layouts for c in lay.columns] + [
            MappingRow(lay, None) for lay in self.layouts if not lay.kind
        ]
        self.model.set_items(rows)
        self.view.resizeColumnsToContents()
        for col, most in ((3, 200), (4, 220), (5, 420)):
            self.view.setColumnWidth(col, min(self.view.columnWidth(col), most))
        notes = []
        for lay in self.layouts:
            if lay.kind:
                rows_in = sum(1 for _ in lay.data_rows())
                notes.append(
                    self.tr("シート「{sheet}」: {kind}の表、見出し {header}行目、データ {rows}行").format(
                        sheet=lay.title, kind=label(lay.kind_label), header=lay.header_row, rows=rows_in
                    )
                )
                notes += [f"　{COMMAND_HINT.sub('', n)}" for n in lay.notes]
                if lay.needs_municipality:
                    notes.append(
                        self.tr(
                            "　このままでは取り込めません: 市区町村の列がありません。上の「市区町村」で"
                            "選んでください（全国の窓口なら「全国の窓口として取り込む」）"
                        )
                    )
                elif lay.refusal:
                    reason = COMMAND_HINT.sub("", lay.refusal)
                    notes.append(self.tr("　このままでは取り込めません: {reason}").format(reason=reason))
        self.notes.setText("\n".join(notes))
        self.next_button.setEnabled(any(lay.kind and not lay.refusal for lay in self.layouts))
