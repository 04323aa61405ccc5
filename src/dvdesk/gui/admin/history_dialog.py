"""A record's history: every change with its old and new value, and undo."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QTableView, QVBoxLayout

from dvdesk.admin.editing import EditError, Editor
from dvdesk.admin.history import ChangeView
from dvdesk.admin.kinds import KINDS, kind
from dvdesk.gui.admin.admin_labels import kind_label, label, path_label, value_text
from dvdesk.gui.admin.table_model import Column, ObjectTableModel
from dvdesk.gui.plain import plain_label
from dvdesk.gui.window_keys import closes_with_keys
from dvdesk.gui.window_size import open_at


def _value(change: ChangeView, value: object) -> str:
    return value_text(KINDS[change.kind], change.path, value) if change.kind in KINDS else str(value)


def _label(change: ChangeView) -> str:
    return path_label(KINDS[change.kind], change.path) if change.kind in KINDS else change.label


class HistoryDialog(QDialog):
    changed = Signal()

    def __init__(self, editor: Editor, kind_name: str, key: str, title: str, parent=None):
        super().__init__(parent)
        self.editor, self.kind_name, self.key = editor, kind_name, key
        self.setWindowTitle(
            self.tr("変更履歴 — {kind}「{title}」").format(kind=kind_label(kind(kind_name)), title=title)
        )
        self.model = ObjectTableModel(self.columns(), greyed=lambda c: bool(c.undone_by), multiline=True)
        self.view = QTableView()
        self.view.setObjectName("history")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.setWordWrap(True)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.message = plain_label()
        self.message.setObjectName("message")
        self.undo_one = QPushButton(self.tr("この変更を取り消す"))
        self.undo_edit = QPushButton(self.tr("この編集をまとめて取り消す"))
        self.undo_one.clicked.connect(self.undo_selected_change)
        self.undo_edit.clicked.connect(self.undo_selected_edit)
        close = QPushButton(self.tr("閉じる"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.undo_one)
        buttons.addWidget(self.undo_edit)
        buttons.addStretch()
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        open_at(self, 980, 480)
        closes_with_keys(self)
        self.refresh()

    def columns(self) -> list[Column]:
        whole, undone = self.tr("（記録全体）"), self.tr("（取り消し済み）")
        return [
            Column(self.tr("日時"), lambda c: f"{c.at:%Y-%m-%d %H:%M}"),
            Column(self.tr("管理者"), lambda c: c.admin),
            Column(self.tr("操作"), lambda c: label(c.action_label) + (undone if c.undone_by else "")),
            Column(self.tr("項目"), lambda c: _label(c) if c.path else whole),
            Column(
                self.tr("変更前"),
                lambda c: _value(c, c.old) if c.path else (self.tr("（なし）") if c.old is None else whole),
            ),
            Column(self.tr("変更後"), lambda c: _value(c, c.new) if c.path else self.tr("（新しく追加）")),
            Column(self.tr("備考"), lambda c: c.note),
        ]

    def refresh(self) -> None:
        self.model.set_items(self.editor.history(self.kind_name, self.key))
        self.view.resizeColumnsToContents()
        self.view.setColumnWidth(3, min(self.view.columnWidth(3), 240))  # long field names wrap
        self.view.setColumnWidth(4, min(self.view.columnWidth(4), 240))
        self.view.setColumnWidth(5, min(self.view.columnWidth(5), 240))
        self.view.resizeRowsToContents()

    def selected(self) -> ChangeView | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.item(rows[0].row()) if rows else None

    def select_row(self, row: int) -> None:
        self.view.selectRow(row)

    def undo_selected_change(self) -> None:
        change = self.selected()
        if change is not None:
            self._run(lambda: self.editor.undo_change(change.id))

    def undo_selected_edit(self) -> None:
        change = self.selected()
        if change is not None:
            self._run(lambda: self.editor.undo_edit(change.edit_id))

    def _run(self, action) -> None:
        try:
            result = action()
        except EditError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(
            self.tr("取り消しました（{count}項目）。取り消しも履歴に残ります。").format(count=len(result.changes))
        )
        self.refresh()
        self.changed.emit()
