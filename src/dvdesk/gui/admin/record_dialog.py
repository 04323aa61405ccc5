"""Adding and editing a record: the form, its contact points, and validation shown in place.

Saving goes through ``Editor.save``; a ``ValidationError`` keeps the dialog open with every
problem listed at the top and under its field. Nothing is written until every field is right.
Closing it (Esc, Ctrl+W, キャンセル, the title bar) with fields changed asks first
(``gui.discard_question``); unchanged, it closes at once.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dvdesk.admin.editing import EditConflict, EditError, Editor
from dvdesk.admin.kinds import CONFIDENTIALITY_LABELS, CONTACT_FIELDS, SOURCED, kind
from dvdesk.admin.records import blank
from dvdesk.admin.validation import ValidationError, contact_problems
from dvdesk.gui.admin.admin_labels import kind_label, label
from dvdesk.gui.admin.form import ERROR_STYLE, FieldForm, Options
from dvdesk.gui.admin.table_model import Column, ObjectTableModel
from dvdesk.gui.discard_question import DiscardQuestion
from dvdesk.gui.plain import plain_box, plain_label
from dvdesk.gui.window_keys import closes_with_keys
from dvdesk.gui.window_size import open_at

BANNER_STYLE = "background: #fdecea; color: #b00020; padding: 6px; border: 1px solid #b00020;"
SOURCE_NAMES = {f.name for f in SOURCED}


def _banner() -> QLabel:
    label = plain_label()  # validation messages quote record values
    label.setObjectName("errors")
    label.setWordWrap(True)
    label.setStyleSheet(BANNER_STYLE)
    label.hide()
    return label


class ContactDialog(QDialog):
    """One contact point. Checked on OK; the organisation is saved by its own dialog."""

    def __init__(self, contact: dict[str, Any] | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("連絡先"))
        self.errors = _banner()
        self.form = FieldForm(CONTACT_FIELDS, {})
        self.form.set_values(contact or {f.name: f.empty() for f in CONTACT_FIELDS})
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("OK")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("キャンセル"))
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.errors)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.resize(520, 520)
        closes_with_keys(self)
        self.discard_question = DiscardQuestion(
            self,
            "contactDiscardQuestion",
            self.tr("この連絡先の入力はまだ反映していません。閉じると、入力した内容は失われます。"),
            self.tr("閉じる（入力を捨てる）"),
            super().reject,
            lambda: self.contact() != self._kept,
        )
        self._kept = self.contact()  # as opened: closing unchanged asks nothing

    def reject(self) -> None:
        """Esc, キャンセル, Ctrl+W or the title bar: a typed phone or hours is dropped only once she says so."""
        self.discard_question.reject()

    def contact(self) -> dict[str, Any]:
        return self.form.values()

    def try_accept(self) -> None:
        problems = contact_problems(self.contact())
        self.form.show_errors({p.path: p.message for p in problems})
        self.errors.setText("\n".join(p.message for p in problems))
        self.errors.setVisible(bool(problems))
        if not problems:
            self.accept()


class ContactsEditor(QWidget):
    """The contact points of an organisation, as a table with add / edit / remove."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = ObjectTableModel(
            [
                Column(self.tr("名称"), lambda c: c["label"]),
                Column(self.tr("電話"), lambda c: c["phone"]),
                Column(self.tr("受付時間"), lambda c: c["hours"]),
                Column(
                    self.tr("公開範囲"),
                    lambda c: (
                        label(CONFIDENTIALITY_LABELS[c["confidentiality"]])
                        if c["confidentiality"] in CONFIDENTIALITY_LABELS
                        else self.tr("（未選択）")
                    ),
                ),
            ]
        )
        self.view = QTableView()
        self.view.setObjectName("contacts")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # headers fit
        self.view.setFixedHeight(120)
        self.error = plain_label()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.dialog: ContactDialog | None = None
        buttons = QHBoxLayout()
        for text, slot in (
            (self.tr("連絡先を追加"), self.add),
            (self.tr("編集"), self.edit),
            (self.tr("削除"), self.remove),
        ):
            b = QPushButton(text)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    def contacts(self) -> list[dict[str, Any]]:
        return [dict(c) for c in self.model.items]

    def set_contacts(self, contacts: list[dict[str, Any]]) -> None:
        self.model.set_items([dict(c) for c in contacts])

    def _selected(self) -> int:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def add(self) -> None:
        self._open(None, -1)

    def edit(self) -> None:
        row = self._selected()
        if row >= 0:
            self._open(self.model.item(row), row)

    def remove(self) -> None:
        row = self._selected()
        if row >= 0:
            self.set_contacts([c for i, c in enumerate(self.contacts()) if i != row])

    def _open(self, contact: dict[str, Any] | None, row: int) -> None:
        self.dialog = dialog = ContactDialog(contact, self)

        def done() -> None:
            items = self.contacts()
            if row < 0:
                items.append(dialog.contact())
            else:
                items[row] = dialog.contact()
            self.set_contacts(items)

        dialog.accepted.connect(done)
        dialog.open()

    def show_errors(self, messages: list[str]) -> None:
        self.error.setText("\n".join(messages))
        self.error.setVisible(bool(messages))


class RecordDialog(QDialog):
    """Add (``key`` None) or edit one record of ``kind_name``."""

    saved = Signal(object)  # the EditResult
    reread = Signal(str)  # the record's key: her changes discarded, another administrator's read

    def __init__(self, editor: Editor, kind_name: str, key: str | None, options: Options, parent=None):
        super().__init__(parent)
        self.editor = editor
        self.kind = kind(kind_name)
        self.is_new = key is None
        self.snap = blank(self.kind) if key is None else editor.load(kind_name, key)
        self.setWindowTitle(
            (self.tr("{kind}を追加") if self.is_new else self.tr("{kind}を編集")).format(kind=kind_label(self.kind))
        )
        self.errors = _banner()

        self.key_edit = QLineEdit(self.snap["key"])
        self.key_edit.setObjectName("field_key")
        self.key_edit.setReadOnly(not self.is_new)
        if not self.is_new:
            self.key_edit.setStyleSheet("background: #eeeeee;")
        self.key_edit.setPlaceholderText(
            self.tr("団体コード（6桁）") if kind_name == "municipality" else self.tr("空欄なら自動で付けます")
        )
        self.key_error = plain_label()
        self.key_error.setStyleSheet(ERROR_STYLE)
        self.key_error.hide()

        main_fields = tuple(f for f in self.kind.fields if f.name not in SOURCE_NAMES)
        source_fields = tuple(f for f in self.kind.fields if f.name in SOURCE_NAMES)
        self.form = FieldForm(main_fields, options)
        self.source_form = FieldForm(source_fields, options, read_only=("verified_on", "verified_by", "retired"))
        self.form.set_values(self.snap)
        self.source_form.set_values(self.snap)
        self.contacts: ContactsEditor | None = None

        body = QWidget()
        column = QVBoxLayout(body)
        key_row = QHBoxLayout()
        key_row.addWidget(QLabel(self.tr("団体コード") if kind_name == "municipality" else self.tr("キー")))
        key_row.addWidget(self.key_edit, 1)
        column.addLayout(key_row)
        column.addWidget(self.key_error)
        column.addWidget(self.form)
        if any(f.name == "contacts" for f in self.kind.fields):
            self.contacts = ContactsEditor()
            self.contacts.set_contacts(self.snap["contacts"])
            group = QGroupBox(self.tr("連絡先（電話・窓口・受付時間）"))
            QVBoxLayout(group).addWidget(self.contacts)
            column.addWidget(group)
        group = QGroupBox(self.tr("出典と確認（確認日は一覧の「確認済みにする」で記録します）"))
        QVBoxLayout(group).addWidget(self.source_form)
        column.addWidget(group)
        self.scroll_area = scroll = QScrollArea()  # not "scroll": that is QWidget.scroll()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("キャンセル"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.errors)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        open_at(self, 760, 820)
        closes_with_keys(self)  # Ctrl+W / Ctrl+F4 as every window of the desk; Esc is the dialog's own
        self.discard_question = DiscardQuestion(
            self,
            "recordDiscardQuestion",
            self.tr("この{kind}の変更はまだ保存していません。閉じると、変更した内容は失われます。").format(
                kind=kind_label(self.kind)
            ),
            self.tr("閉じる（変更を捨てる）"),
            super().reject,
            lambda: self.unsaved,
        )
        self._kept = self._work()  # what closing may drop without asking: the form as opened (or reloaded)

    def _work(self) -> tuple[object, ...]:
        """What she can change here: the key, both forms and the contact points."""
        contacts = self.contacts.contacts() if self.contacts is not None else None
        return (self.key_edit.text().strip(), self.form.values(), self.source_form.values(), contacts)

    @property
    def unsaved(self) -> bool:
        return self._work() != self._kept

    def reject(self) -> None:
        """Every way of closing comes here: changed fields are dropped only once she says so."""
        self.discard_question.reject()

    def values(self) -> dict[str, Any]:
        values = {**self.snap, **self.form.values(), **self.source_form.values(), "key": self.key_edit.text().strip()}
        if self.contacts is not None:
            values["contacts"] = self.contacts.contacts()
        return values

    def save(self) -> None:
        unresolved = self.form.unresolved()  # a name typed but not chosen: never saved as another choice
        if unresolved:
            self.show_problems(unresolved)
            return
        values = self.values()
        lost = [] if self.is_new else self.editor.unlinks(self.kind.name, values)
        if lost and not self.ask_unlinks(lost):
            return
        try:
            result = self.editor.save(
                self.kind.name, values, is_new=self.is_new, base=None if self.is_new else self.snap
            )
        except EditConflict as exc:
            self.resolve_conflict(exc)
            return
        except ValidationError as exc:
            self.show_problems([(p.path, p.message) for p in exc.problems])
            return
        except EditError as exc:
            self.show_problems([("", str(exc))])
            return
        self.saved.emit(result)
        self.accept()

    def ask_unlinks(self, lines: list[str]) -> bool:
        """A plan saved without a measure others name: she sees who loses the link, and chooses."""
        shown = lines[:10] + ([self.tr("ほか{n}件").format(n=len(lines) - 10)] if len(lines) > 10 else [])
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("取組の紐付けが外れます"),
            self.tr("保存すると、次の{n}件の記録から取組の紐付けが外れます（変更履歴に残ります）。").format(
                n=len(lines)
            )
            + "\n\n"
            + "\n".join(shown),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        save = box.addButton(self.tr("保存する"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("編集に戻る"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is save

    def resolve_conflict(self, exc: EditConflict) -> None:
        """Another administrator saved this record after it was opened: she sees what, and chooses."""
        choice = self.ask_conflict(exc)
        if choice == "overwrite":  # her form over what she has now seen
            self.snap = exc.theirs if exc.theirs is not None else self.editor.load(self.kind.name, self.snap["key"])
            self.save()
        elif choice == "discard":
            self.snap = self.editor.load(self.kind.name, self.snap["key"])
            self.form.set_values(self.snap)
            self.source_form.set_values(self.snap)
            if self.contacts is not None:
                self.contacts.set_contacts(self.snap["contacts"])
            self._kept = self._work()
            self.errors.setText(self.tr("変更を破棄し、ほかの管理者が保存した内容を読み直しました。"))
            self.errors.show()
            self.reread.emit(self.snap["key"])

    def ask_conflict(self, exc: EditConflict) -> str:
        """'overwrite', 'discard' or '' (back to editing). A method of its own so tests can answer."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("同時に編集されています"),
            exc.message,
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setInformativeText("\n".join(exc.lines()) or self.tr("（変更された項目を特定できませんでした）"))
        plain_box(box)  # the record's name and values: data, never markup
        overwrite = box.addButton(self.tr("自分の内容で上書きする"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(self.tr("自分の変更を破棄して読み直す"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(self.tr("編集に戻る"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        choices: dict[QAbstractButton, str] = {overwrite: "overwrite", discard: "discard"}
        return choices.get(box.clickedButton(), "")

    def show_problems(self, problems: list[tuple[str, str]]) -> None:
        self.errors.setText(
            self.tr("保存できません。次の点を直してください。")
            + "\n"
            + "\n".join(self.tr("・{problem}").format(problem=m) for _, m in problems)
        )
        self.errors.show()
        fields: dict[str, str] = {}
        for path, message in problems:
            fields.setdefault(path.split(".")[0], message)
        self.form.show_errors(fields)
        self.source_form.show_errors(fields)
        self.key_error.setText(fields.get("key", ""))
        self.key_error.setVisible("key" in fields)
        if self.contacts is not None:
            self.contacts.show_errors([m for p, m in problems if p.startswith("contacts")])
        first = next(
            (e.widget for form in (self.form, self.source_form) for name, e in form.editors.items() if name in fields),
            None,
        )
        if first is not None:  # bring the first bad field into view, below the list of problems
            self.scroll_area.ensureWidgetVisible(first)
            first.setFocus()
