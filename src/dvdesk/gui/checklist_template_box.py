"""The checklist dialog's template box: the lists a desk keeps per municipality (needs,
circumstances and items, never the note for the client), chosen, saved, renamed and deleted
here. A name or item that looks like a client's details is pointed out before it is saved
(``domain.checklist_templates``), since every counselor of the desk sees the templates. The box
asks the dialog it sits in only through ``TemplateHost``: the list as it stands, where to
report, and what to do with a loaded list.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QInputDialog, QMessageBox, QPushButton, QWidget

from dvdesk.app.checklists import Checklists
from dvdesk.domain import checklist as cl
from dvdesk.domain import checklist_templates as tpl
from dvdesk.gui.error_dialogs import storage_message
from dvdesk.gui.plain import ask, inform
from dvdesk.storage.errors import StorageError

T = TypeVar("T")


class TemplateHost(Protocol):
    """The few things the template box asks of the checklist dialog."""

    municipality: str

    @property
    def unsaved(self) -> bool: ...  # she changed the list since it was opened, printed or saved
    def checklist(self) -> cl.Checklist: ...
    def use_template(self, checklist: cl.Checklist) -> None: ...
    def report(self, message: str) -> None: ...


class TemplateBox(QGroupBox):
    def __init__(self, host: TemplateHost, checklists: Checklists, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("テンプレート"))
        self.host, self.checklists = host, checklists
        t = QGridLayout(self)
        self.combo = QComboBox()
        self.load_button = QPushButton(self.tr("読み込む"))
        self.save_button = QPushButton(self.tr("保存…"))
        self.rename_button = QPushButton(self.tr("名前変更…"))
        self.delete_button = QPushButton(self.tr("削除"))
        t.addWidget(self.combo, 0, 0, 1, 2)
        for n, b in enumerate((self.load_button, self.save_button, self.rename_button, self.delete_button)):
            t.addWidget(b, 1 + n // 2, n % 2)
        self.load_button.clicked.connect(self.load_selected_template)
        self.save_button.clicked.connect(self.save_template_interactive)
        self.rename_button.clicked.connect(self.rename_template_interactive)
        self.delete_button.clicked.connect(self.delete_template_interactive)
        self.refresh()

    def refresh(self) -> None:
        names = [t.name for t in self.checklists.templates(self.host.municipality)]
        self.combo.clear()
        self.combo.addItems(names)
        for b in (self.load_button, self.rename_button, self.delete_button):
            b.setEnabled(bool(names))

    def _tried(self, action: Callable[[], T]) -> tuple[bool, T | None]:
        """``action``, or its refusal said in the dialog: a reason (an empty name, one in use, a role
        the server refuses) or the server gone away (ServerAway's 「サーバーに接続できないため保存できません」:
        her list stays as it is), never an error box or a traceback."""
        try:
            return True, action()
        except tpl.TemplateError as exc:
            self.host.report(str(exc))
        except StorageError as exc:
            self.host.report(storage_message(exc))
        return False, None

    def _personal_confirmed(self, warnings: list[str]) -> bool:
        """What looks like a client's details, pointed out before it is kept (every counselor sees it)."""
        if not warnings:
            return True
        return ask(  # quotes what she typed: plain text
            self,
            self.tr("テンプレートの保存"),
            self.tr(
                "個人情報のように見える記述があります。テンプレートは他の相談員も使います。\n\n"
                "{warnings}\n\nこのまま保存しますか？"
            ).format(warnings="\n".join(warnings)),
        )

    def save_template(self, name: str, confirm_warnings: bool = True) -> bool:
        c = self.host.checklist()
        if confirm_warnings and not self._personal_confirmed(tpl.personal_detail_warnings(name, c)):
            return False
        done, not_kept = self._tried(lambda: self.checklists.save_template(name, c))
        if not done:
            return False
        self.refresh()
        self.combo.setCurrentText(" ".join(name.split()))
        if not_kept:  # the template keeps the procedure, not the window she named for it
            inform(  # procedure and window names: plain text
                self,
                self.tr("テンプレートの保存"),
                self.tr(
                    "保存しました。ただし、指定した窓口はテンプレートに保存されません:\n\n{windows}\n\n"
                    "読み込んだあとは「窓口を確認してください」に戻ります。"
                    "そのつど「窓口を指定…」で指定してください。"
                ).format(
                    windows="\n".join(
                        self.tr("・{procedure} → {window}").format(procedure=p, window=w) for p, w in not_kept
                    )
                ),
            )
        return True

    def save_template_interactive(self) -> None:
        name, ok = QInputDialog.getText(
            self,
            self.tr("テンプレートの保存"),
            self.tr("テンプレート名（例: 子どものいる世帯の転出）\n相談者へのメモは保存されません。"),
            text=self.combo.currentText(),
        )
        if ok:
            self.save_template(name)

    def load_template(self, name: str) -> None:
        done, loaded = self._tried(lambda: self.checklists.load_template(self.host.municipality, name))
        if not done or loaded is None:
            return
        if self.host.unsaved and not self._replace_confirmed(name):
            return  # her list as it was
        self.host.use_template(loaded.checklist)
        if loaded.missing:
            self.host.report(
                self.tr("次の項目は現在のディレクトリにないため外しました: {items}").format(
                    items=self.tr("、").join(loaded.missing)
                )
            )

    def _replace_confirmed(self, name: str) -> bool:
        """Loading replaces the list: asked first when she changed it (戻る: No, the default)."""
        return ask(  # the template's name: plain text
            self,
            self.tr("テンプレートの読み込み"),
            self.tr(
                "テンプレート「{name}」を読み込むと、いまの一覧（追加・削除した項目、自由記入）は"
                "置き換わります。読み込みますか？"
            ).format(name=name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )

    def load_selected_template(self) -> None:
        if self.combo.currentText():
            self.load_template(self.combo.currentText())

    def rename_template_interactive(self) -> None:
        old = self.combo.currentText()
        new, ok = QInputDialog.getText(self, self.tr("名前変更"), self.tr("新しいテンプレート名"), text=old)
        # The name alone: the lines it holds were pointed out when it was saved.
        named_only = cl.Checklist(self.host.municipality, "")
        if ok and self._personal_confirmed(tpl.personal_detail_warnings(new, named_only)):
            self._tried(lambda: self.checklists.rename_template(self.host.municipality, old, new))
            self.refresh()

    def delete_template_interactive(self) -> None:
        name = self.combo.currentText()
        if name and ask(self, self.tr("削除"), self.tr("テンプレート「{name}」を削除しますか？").format(name=name)):
            self._tried(lambda: self.checklists.delete_template(self.host.municipality, name))
            self.refresh()
