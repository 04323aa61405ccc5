"""The referral slip (連絡票) to one department of the checklist, and the referral it records.

Printing or saving a slip with a case reference records the referral in the log (issue 7) in
the same step, so the counselor does not enter it twice. Without a case reference the slip is
only printed. The slip carries no client details: the case reference is the paper file's
number, checked by ``domain.privacy`` like every other one.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QDialog, QFormLayout, QGroupBox, QLabel, QLineEdit, QPushButton

from dvdesk.domain import checklist as cl
from dvdesk.domain import privacy, referrals
from dvdesk.domain.disclosure import Audience, checklist_for
from dvdesk.domain.errors import InputError
from dvdesk.printing.document import PrintDocument
from dvdesk.printing.qt_render import PrintFailed, new_printer, to_printer
from dvdesk.printing.slip_html import Counselor, build_slip

if TYPE_CHECKING:
    from dvdesk.gui.checklist_dialog import ChecklistDialog


class SlipPanel(QGroupBox):
    def __init__(self, dialog: ChecklistDialog) -> None:
        super().__init__()
        self.setTitle(self.tr("連絡票（選んだ窓口あて）"))
        self.dialog = dialog
        form = QFormLayout(self)
        self.target = QLabel()  # which department the slip goes to
        self.target.setObjectName("slipTarget")
        self.target.setWordWrap(True)
        form.addRow(self.target)
        self.counselor_name, self.counselor_desk, self.counselor_extension = QLineEdit(), QLineEdit(), QLineEdit()
        self.case_ref = QLineEdit(placeholderText=self.tr("例: R7-0142（名前は書かない）"))
        self.case_ref.setObjectName("slipCaseRef")
        form.addRow(self.tr("担当相談員"), self.counselor_name)
        form.addRow(self.tr("所属"), self.counselor_desk)
        form.addRow(self.tr("内線"), self.counselor_extension)
        form.addRow(self.tr("事例番号"), self.case_ref)
        hint = QLabel(self.tr("事例番号を入れると、印刷・保存と同時に紹介の記録に残ります。"))
        hint.setWordWrap(True)
        form.addRow(hint)
        self.preview_button = QPushButton(self.tr("連絡票プレビュー…"))
        self.print_button = QPushButton(self.tr("連絡票を印刷…"))
        self.pdf_button = QPushButton(self.tr("連絡票をPDFに保存…"))
        for button in (self.preview_button, self.print_button, self.pdf_button):
            form.addRow(button)
        self.preview_button.clicked.connect(lambda: dialog.preview(self.document))
        self.print_button.clicked.connect(self.print_slip)
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        self.recorded: list[referrals.ReferralView] = []

    def update_target(self) -> None:
        """Say which department the slip goes to, or what to choose first."""
        index = self.dialog.selected()
        sections = self.dialog.checklist().sections
        if not index.isValid() or self.dialog.model.position(index)[0] >= len(sections):
            self.target.setText(self.tr("あて先: 一覧で窓口か手続きを選んでください"))
            return
        dept = sections[self.dialog.model.position(index)[0]].department
        if dept.unconfirmed:
            self.target.setText(self.tr("あて先: 窓口を確認してください（「窓口を指定…」で入力）"))
        else:
            self.target.setText(self.tr("あて先: {department}").format(department=dept.name))

    def section(self) -> cl.Section:
        index = self.dialog.selected()
        if not index.isValid():
            raise ValueError(self.tr("連絡票を作る窓口（または手続き）を一覧で選んでください。"))
        section, _row = self.dialog.model.position(index)
        return self.dialog.checklist().sections[section]

    def document(self) -> PrintDocument:
        c = self.dialog.checklist()
        one = cl.Checklist(c.municipality_code, c.municipality_name, sections=(self.section(),))
        counselor = Counselor(self.counselor_name.text().strip(), self.counselor_desk.text().strip(),
                              self.counselor_extension.text().strip())
        return build_slip(checklist_for(one, Audience.STAFF, discreet=self.dialog.discreet_box.isChecked()),
                          counselor)

    def check_referral(self) -> bool:
        """Refuse before printing a case reference or counselor name the log would refuse."""
        if not self.case_ref.text().strip():
            return True
        try:
            with self.dialog.db.read() as session:
                pattern = referrals.case_pattern(session)
            privacy.normalize_case_ref(self.case_ref.text(), pattern)
            privacy.check_counselor(self.counselor_name.text())
        except InputError as exc:
            self.dialog.report(str(exc))
            return False
        return True

    def record(self) -> None:
        """Record the referral the slip stands for, if a case reference was given."""
        if not self.case_ref.text().strip():
            return
        try:
            with self.dialog.db.write() as session:
                view = referrals.record_for_slip(
                    session, self.section(), case_ref=self.case_ref.text(),
                    counselor=self.counselor_name.text(), need_keys=self.dialog.need_keys)
        except (InputError, ValueError) as exc:
            self.dialog.report(self.tr("連絡票は出力しましたが、紹介の記録はできませんでした: {reason}")
                               .format(reason=exc))
            return
        self.recorded.append(view)

    def save_pdf(self, path: str | Path | None = None) -> Path | None:
        if not self.check_referral():
            return None
        saved = self.dialog.export_pdf(path, document=self.document)
        if saved is not None:
            self.record()
        return saved

    def print_slip(self) -> None:
        if not self.check_referral():
            return
        document = self.dialog._make(self.document)
        if document is None:
            return
        printer = new_printer(document)
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return
        try:
            to_printer(printer, document)
        except PrintFailed as exc:
            self.dialog.report(str(exc))
            return
        self.record()
