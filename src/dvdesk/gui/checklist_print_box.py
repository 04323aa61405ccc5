"""The checklist dialog's print box: what to print (the client's or the staff copy, discreet
wording, her language) and the three ways out — preview, printer, PDF. Every printout, the
referral slip's included (the box is the slip's ``SlipOutput``), is made here from a build
function, checked to fit on its pages before anything is drawn, and refused with a message
rather than printed incomplete. Before a checklist is printed, a department no source names is
pointed out and printing waits for a yes. The box asks the dialog only through ``PrintHost``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from dvdesk.app.checklists import ChecklistDraft, Checklists
from dvdesk.domain import checklist as cl
from dvdesk.domain.disclosure import Audience, discreet_leaves_off
from dvdesk.domain.discreet import DiscreetViolation
from dvdesk.domain.japanese import typed_in_japanese
from dvdesk.gui.plain import ask, make_plain, plain_box
from dvdesk.gui.print_preview import PrintPreview
from dvdesk.gui.wrap_check import WrapCheckBox
from dvdesk.printing.document import PrintDocument
from dvdesk.printing.print_languages import LANGUAGES
from dvdesk.printing.qt_render import PrintFailed, new_printer, paginate_checked, to_printer, write_pdf


def save_folder(last: Path | None) -> Path:
    """Where the save dialog opens: the folder last used, else the Documents folder, never the
    program's working directory (on a packaged PC, the program's own folder)."""
    if last is not None and last.is_dir():
        return last
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


class PrintHost(Protocol):
    """The few things the print box asks of the checklist dialog."""

    draft: ChecklistDraft

    def checklist(self) -> cl.Checklist: ...
    def note_text(self) -> str: ...
    def report(self, message: str) -> None: ...


class PrintBox(QGroupBox):
    last_folder: Path | None = None  # where the counselor last saved a PDF in this session
    handed_out = Signal()  # the checklist was printed or saved as a PDF (the slip's are not)

    def __init__(self, host: PrintHost, checklists: Checklists, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("印刷"))
        self.host, self.checklists = host, checklists
        form = QFormLayout(self)
        # A label over its field when the column is narrow (the window fits a 1024-px screen).
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.copy_combo = QComboBox()
        self.copy_combo.addItem(self.tr("相談者に渡す"), Audience.CLIENT)
        self.copy_combo.addItem(self.tr("職員用（内線・職員メモ入り）"), Audience.STAFF)
        self.discreet_box = WrapCheckBox(self.tr("目立たない印刷"))
        # What it does, wrapped under it: on one line it made the window wider than a 1280 screen.
        discreet_what = QLabel(self.tr("何の手続きか分からない題名と言葉にします"))
        discreet_what.setWordWrap(True)
        discreet_what.setBuddy(self.discreet_box)
        discreet_what.setIndent(24)  # under the box's text, not its square
        self.discreet_box.setAccessibleDescription(discreet_what.text())
        self.language_combo = QComboBox()
        for code, strings in LANGUAGES.items():
            self.language_combo.addItem(strings.name, code)
        form.addRow(self.tr("印刷するもの"), self.copy_combo)
        form.addRow(self.discreet_box)
        form.addRow(discreet_what)
        # What the discreet copy leaves off (each procedure's 持ち物 and 注意), to be said aloud.
        self.discreet_hint = make_plain(QLabel())  # procedures' names: text, never markup
        self.discreet_hint.setObjectName("checklistDiscreetHint")
        self.discreet_hint.setWordWrap(True)
        self.discreet_hint.setStyleSheet("QLabel { background: #fff4ce; color: #5c3c00; padding: 4px; }")
        self.discreet_hint.setVisible(False)
        form.addRow(self.discreet_hint)
        form.addRow(self.tr("言語"), self.language_combo)
        # What she typed in Japanese (a free line, the note) prints as typed on a copy in her language.
        self.typed_hint = make_plain(QLabel())  # quotes what she typed
        self.typed_hint.setObjectName("checklistTypedHint")
        self.typed_hint.setWordWrap(True)
        self.typed_hint.setStyleSheet("QLabel { background: #fff4ce; color: #5c3c00; padding: 4px; }")
        self.typed_hint.setVisible(False)
        form.addRow(self.typed_hint)
        self.preview_button = QPushButton(self.tr("プレビュー…"))
        self.print_button = QPushButton(self.tr("印刷…"))
        self.pdf_button = QPushButton(self.tr("PDFに保存…"))
        for b in (self.preview_button, self.print_button, self.pdf_button):
            form.addRow(b)
        self.preview_button.clicked.connect(lambda: self.preview())  # not clicked's bool as ``build``
        self.print_button.clicked.connect(self.print_to_printer)
        self.pdf_button.clicked.connect(lambda: self.export_pdf())
        self.copy_combo.currentIndexChanged.connect(self._sync_options)
        self.copy_combo.currentIndexChanged.connect(self.update_typed_hint)
        self.copy_combo.currentIndexChanged.connect(self.update_discreet_hint)
        self.discreet_box.toggled.connect(self.update_discreet_hint)
        self.language_combo.currentIndexChanged.connect(self.update_typed_hint)

        self.status = make_plain(QLabel())  # what was saved, and where
        self.status.setObjectName("checklistStatus")
        self.status.setWordWrap(True)
        form.addRow(self.status)

    def report(self, message: str) -> None:
        """Said by the dialog (the slip reports through here too)."""
        self.host.report(message)

    def confirm(self, title: str, text: str) -> bool:
        return ask(self, title, text)  # it lists procedures' names: plain text

    def _windows_confirmed(self) -> bool:
        """Before printing: a department no source names is pointed out, and printing waits for a yes."""
        missing = self.host.checklist().unconfirmed
        if not missing:
            return True
        return self.confirm(
            self.tr("窓口を確認してください"),
            self.tr(
                "次の手続きは、担当の窓口が資料にありません。窓口を確認してください。\n\n{items}\n\n"
                "「窓口を指定…」で入力できます。このまま印刷すると、紙には窓口の記入欄が入ります。印刷しますか？"
            ).format(items="\n".join(f"・{i.name}" for i in missing)),
        )

    def _sync_options(self) -> None:
        client = self.copy_combo.currentData() is Audience.CLIENT
        self.discreet_box.setEnabled(client)
        self.language_combo.setEnabled(client)

    def update_typed_hint(self) -> None:
        """Shown while a line or the note she typed in Japanese would print as typed on the copy in
        the language chosen (nothing translates them); the dialog calls it when either changes."""
        from dvdesk.printing.qt_fonts import undrawable  # the print check's own question (fonts here)

        lang, c = self.language_combo.currentData(), self.host.checklist()
        refused = ""  # said while she types, not only when she prints: a control character, a box on paper
        typed = [c.client_note] + [f"{i.name}{i.department.name}" for i in c.items if i.kind is cl.ItemKind.TEXT]
        try:
            cl.note_clean(c.client_note)
        except ValueError as exc:
            refused = str(exc)
        if not refused and (chars := undrawable("".join(typed))):
            refused = self.tr(
                "印刷用の文字（フォント）にない文字「{chars}」があります。このままでは印刷・保存できません"
                "（紙には □ と出ます）。消すか、別の書き方にしてください。"
            ).format(chars="".join(chars[:8]))
        texts: list[str] = []
        if self.copy_combo.currentData() is Audience.CLIENT:
            texts = [
                f"「{i.name if len(i.name) <= 20 else i.name[:19] + '…'}」"
                for i in c.items
                if i.kind is cl.ItemKind.TEXT and typed_in_japanese(i.name, lang)
            ]
            if typed_in_japanese(c.client_note, lang):
                texts.append(self.tr("相談者へのメモ"))
        hint = self.tr(
            "自由記入の項目とメモは翻訳されません。{texts}は、{language}の用紙にも入力したとおり"
            "（日本語のまま）印刷されます。"
        ).format(texts=self.tr("、").join(texts), language=self.language_combo.currentText())
        self.typed_hint.setText("\n".join(([refused] if refused else []) + ([hint] if texts else [])))
        self.typed_hint.setVisible(bool(texts or refused))

    def update_discreet_hint(self) -> None:
        """Shown while the discreet copy is chosen and items on the list have 持ち物 or 注意, which it
        leaves off: named, for her to say aloud (the dialog calls it when the list changes)."""
        left: list[str] = []
        if self.copy_combo.currentData() is Audience.CLIENT and self.discreet_box.isChecked():
            left = [
                f"「{i.name if len(i.name) <= 20 else i.name[:19] + '…'}」"
                for i in discreet_leaves_off(self.host.checklist())
            ]
        named = self.tr("、").join(left[:3])  # a short label: the column fits a 1024-px screen
        if len(left) > 3:
            named = self.tr("{named}ほか{more}件").format(named=named, more=len(left) - 3)
        self.discreet_hint.setText(
            self.tr(
                "目立たない印刷には、持ち物と注意は印刷されません。{items}の持ち物・注意は、相談者に口頭で伝えてください。"
            ).format(items=named)
        )
        self.discreet_hint.setVisible(bool(left))

    def document(self) -> PrintDocument:
        """The checklist as printed with the options chosen on the right."""
        draft = self.host.draft
        draft.audience = self.copy_combo.currentData()
        draft.discreet = draft.audience is Audience.CLIENT and self.discreet_box.isChecked()
        draft.language = self.language_combo.currentData()
        draft.note = self.host.note_text()
        return self.checklists.render_draft(draft)

    def make_document(self, build) -> PrintDocument | None:
        """The document ``build`` makes, or None after saying why (for the checklist: after the
        counselor confirmed the windows no source names)."""
        if build in (None, self.document) and not self._windows_confirmed():
            return None
        try:
            return build()
        except (ValueError, DiscreetViolation) as exc:
            self.report(str(exc))
            return None

    def make_preview(self, build=None, printed=None) -> PrintPreview | None:
        """The preview of a document already checked to fit on its pages, or None (reported).
        ``printed`` is called when she prints from it (the checklist's own: handed out)."""
        document = self.make_document(build or self.document)
        if document is None:
            return None
        if printed is None and build in (None, self.document):
            printed = self.handed_out.emit
        dialog = PrintPreview(document, self.report, self, printed)
        try:
            paginate_checked(document, dialog.owned_printer)
        except PrintFailed as exc:
            dialog.dispose()
            self.report(str(exc))
            return None
        dialog.setWindowTitle(self.tr("印刷プレビュー — {title}").format(title=document.title))
        return dialog

    def preview(self, build=None, printed=None) -> None:
        dialog = self.make_preview(build, printed)
        if dialog is not None:
            try:
                dialog.exec()
            finally:
                dialog.dispose()

    def print_to_printer(self) -> None:
        document = self.make_document(self.document)
        if document is None:
            return
        printer = new_printer(document)
        if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            try:
                to_printer(printer, document)
            except PrintFailed as exc:
                self.report(str(exc))
                return
            self.handed_out.emit()

    def export_pdf(self, path: str | Path | None = None, document=None) -> Path | None:
        doc = self.make_document(document or self.document)
        if doc is None:
            return None
        interactive = path is None
        if path is None:
            suggested = save_folder(self.last_folder) / f"{doc.title}.pdf"
            path, _ = QFileDialog.getSaveFileName(self, self.tr("PDFに保存"), str(suggested), "PDF (*.pdf)")
            if not path:
                return None
        try:
            pages = write_pdf(Path(path), doc)
            if interactive:
                PrintBox.last_folder = Path(path).parent
        except (PrintFailed, OSError) as exc:
            self.report(str(exc))
            return None
        message = self.tr("保存しました（{pages} ページ）: {path}").format(pages=pages, path=str(path))
        self.status.setText(message)
        if document in (None, self.document):
            self.handed_out.emit()
        if interactive:  # she chose the place herself: say where it went
            info = QMessageBox(QMessageBox.Icon.Information, self.tr("PDFに保存"), message, parent=self)
            plain_box(info).exec()  # the path she chose, as written
        return Path(path)
