"""A form built from a kind's field list (``dvdesk.admin.kinds``): one widget per field, a red
message under each field that has a problem, and values in and out as a snapshot dict."""

from __future__ import annotations

import enum
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dvdesk.admin.kinds import CONFIDENTIALITY_LABELS, Field
from dvdesk.gui.admin.admin_labels import field_label, label
from dvdesk.gui.admin.ref_combo import RefCombo
from dvdesk.gui.plain import plain_label

Options = dict[str, list[tuple[str, str]]]  # target kind -> [(key, label)]
CHOOSE = QT_TRANSLATE_NOOP("FieldForm", "（選んでください）")
ERROR_STYLE = "color: #b00020;"
INVALID_STYLE = "border: 2px solid #b00020;"
MAX_CAPTION = 300  # pixels; a longer field label wraps


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


class FieldEditor:
    """One field's widget, with get/set in snapshot values."""

    def __init__(self, f: Field, options: Options):
        self.field = f
        t = f.type
        if t in ("text", "phone", "extension", "date"):
            self.widget: QWidget = QLineEdit()
            if t == "date":
                self.widget.setPlaceholderText(QCoreApplication.translate("FieldForm", "2026-04-01（空欄は未確認）"))
        elif t == "longtext":
            self.widget = QPlainTextEdit()
            self.widget.setTabChangesFocus(True)
            self.widget.setFixedHeight(64)
        elif t == "flag":
            self.widget = QCheckBox()
        elif t == "number":
            self.widget = QSpinBox()
            self.widget.setRange(-9999, 9999)
        elif t == "choice":
            self.widget = QComboBox()
            if f.choices is CONFIDENTIALITY_LABELS:
                self.widget.addItem(QCoreApplication.translate("FieldForm", str(CHOOSE)), "")
            for value, text in f.choices.items():
                self.widget.addItem(label(text), _plain(value))
        elif t == "ref":
            self.widget = RefCombo()  # thousands of organisations: found by typing part of a name
            self.widget.addItem(QCoreApplication.translate("FieldForm", "（なし）"), "")
            for key, text in options.get(f.target, []):
                self.widget.addItem(text, key)
        elif t in ("refs",) or (t == "texts" and f.choices):
            self.widget = QListWidget()
            self.widget.setFixedHeight(120)
            pairs = options.get(f.target, []) if t == "refs" else list(f.choices.items())
            for key, text in pairs:
                item = QListWidgetItem(label(text))
                item.setData(Qt.ItemDataRole.UserRole, key)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.widget.addItem(item)
        elif t == "texts":
            self.widget = QPlainTextEdit()
            self.widget.setTabChangesFocus(True)
            self.widget.setFixedHeight(64)
            self.widget.setPlaceholderText(QCoreApplication.translate("FieldForm", "1行に1つ"))
        else:
            raise ValueError(f"no editor for {t}")
        if isinstance(self.widget, QComboBox):  # a long organisation name must not widen the whole form
            self.widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            self.widget.setMinimumContentsLength(20)
        self.widget.setObjectName(f"field_{f.name}")
        self.error = plain_label()  # quotes the value typed
        self.error.setObjectName(f"error_{f.name}")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()

    def set(self, value: Any) -> None:
        w, t = self.widget, self.field.type
        if isinstance(w, QLineEdit):
            w.setText("" if value is None else str(value))
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText("\n".join(value) if t == "texts" else str(value or ""))
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QSpinBox):
            w.setValue(int(value or 0))
        elif isinstance(w, QComboBox):
            i = w.findData(_plain(value))
            if i < 0 and value:  # a value not offered (e.g. a retired organisation): show it anyway
                w.addItem(str(value), value)
                i = w.count() - 1
            w.setCurrentIndex(max(i, 0))
        elif isinstance(w, QListWidget):
            wanted = set(value or [])
            for row in range(w.count()):
                item = w.item(row)
                checked = item.data(Qt.ItemDataRole.UserRole) in wanted
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def get(self) -> Any:
        w, t = self.widget, self.field.type
        if isinstance(w, QLineEdit):
            text = w.text().strip()
            return (text or None) if t == "date" else text
        if isinstance(w, QPlainTextEdit):
            text = w.toPlainText()
            return [line.strip() for line in text.splitlines() if line.strip()] if t == "texts" else text.strip()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QSpinBox):
            return w.value()
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QListWidget):
            return [
                w.item(r).data(Qt.ItemDataRole.UserRole)
                for r in range(w.count())
                if w.item(r).checkState() == Qt.CheckState.Checked
            ]
        raise AssertionError(t)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
        self.widget.setStyleSheet(INVALID_STYLE if message else "")
        self.widget.setToolTip(message)


class FieldForm(QWidget):
    """The fields as a form; ``values()`` and ``set_values()`` speak snapshot dicts."""

    def __init__(self, fields: tuple[Field, ...], options: Options, read_only: tuple[str, ...] = (), parent=None):
        super().__init__(parent)
        self.editors: dict[str, FieldEditor] = {}
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for f in fields:
            if f.type == "items":
                continue
            editor = FieldEditor(f, options)
            if f.name in read_only:
                editor.widget.setEnabled(False)
            self.editors[f.name] = editor
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(editor.widget)
            column.addWidget(editor.error)
            caption = QLabel(field_label(f) + ("＊" if f.required else ""))
            caption.setWordWrap(True)  # only past MAX_CAPTION: a wrapped label would not get the room it has
            caption.setMinimumWidth(min(caption.fontMetrics().horizontalAdvance(caption.text()) + 4, MAX_CAPTION))
            layout.addRow(caption, box)

    def set_values(self, snap: dict[str, Any]) -> None:
        for name, editor in self.editors.items():
            editor.set(snap.get(name, editor.field.empty()))

    def values(self) -> dict[str, Any]:
        return {name: editor.get() for name, editor in self.editors.items()}

    def unresolved(self) -> list[tuple[str, str]]:
        """(field, problem) for each reference whose typed text names no single choice."""
        typed = {name: e.widget.unresolved() for name, e in self.editors.items() if isinstance(e.widget, RefCombo)}
        problem = QCoreApplication.translate("FieldForm", "「{text}」は候補にありません。候補から選んでください")
        return [(name, problem.format(text=text)) for name, text in typed.items() if text]

    def show_errors(self, errors: dict[str, str]) -> None:
        for name, editor in self.editors.items():
            editor.show_error(errors.get(name, ""))
