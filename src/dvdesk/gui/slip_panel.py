"""The referral slip (連絡票) to one department of the checklist, and the referral it records.

Printing or saving a slip with a case reference records the referral in the log (issue 7) in
the same step, so the counselor does not enter it twice. Without a case reference the slip is
only printed. The slip carries no client details: the case reference is the paper file's
number, checked by ``domain.privacy`` like every other one.

The panel knows the checklist only through what the dialog tells it (``set_target``, a
``SlipTarget``) and asks back only through ``SlipOutput``; it says what it recorded with the
``recorded_referral`` signal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from dvdesk.app.checklists import Checklists
from dvdesk.app.referrals import Referrals
from dvdesk.app.shared_mode import commit_uncertain
from dvdesk.domain import checklist as cl
from dvdesk.domain import referrals, translatable
from dvdesk.domain.casework_models import Channel
from dvdesk.domain.input_errors import InputError
from dvdesk.gui.error_dialogs import storage_message
from dvdesk.gui.plain import make_plain, plain_label
from dvdesk.printing.document import PrintDocument
from dvdesk.printing.qt_render import PrintFailed, new_printer, to_printer
from dvdesk.printing.slip_html import Counselor
from dvdesk.storage.errors import StorageError

Build = Callable[[], PrintDocument]


@dataclass(frozen=True)
class SlipTarget:
    """What the checklist tells the slip: the list, the department chosen in it (None: none
    yet), the needs it was built for, and whether the discreet wording is chosen."""

    checklist: cl.Checklist
    section: cl.Section | None = None
    need_keys: tuple[str, ...] = ()
    discreet: bool = False


class SlipOutput(Protocol):
    """The few things the slip asks of the window it sits in (the checklist dialog)."""

    def make_document(self, build: Build) -> PrintDocument | None: ...
    def preview(self, build: Build | None = None, printed: Callable[[], None] | None = None) -> None: ...
    def export_pdf(self, path: str | Path | None = None, document: Build | None = None) -> Path | None: ...
    def report(self, message: str) -> None: ...
    def confirm(self, title: str, text: str) -> bool: ...


class SlipPanel(QGroupBox):
    recorded_referral = Signal(object)  # the ReferralView a printed slip recorded
    handed_out = Signal()  # a slip was printed or saved as a PDF (what was typed for it went out)

    def __init__(self, output: SlipOutput, referral_log: Referrals, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("連絡票（選んだ窓口あて）"))
        self.output, self.referral_log = output, referral_log
        self._target: SlipTarget | None = None
        form = QFormLayout(self)
        self.target = make_plain(QLabel())  # which department the slip goes to (its name: text)
        self.target.setObjectName("slipTarget")
        self.target.setWordWrap(True)
        form.addRow(self.target)
        self.counselor_name, self.counselor_desk, self.counselor_extension = QLineEdit(), QLineEdit(), QLineEdit()
        self.case_ref = QLineEdit(placeholderText=self.tr("例: R7-0142（名前は書かない）"))
        self.case_ref.setObjectName("slipCaseRef")
        # Its hint says never to write a name: never cut (「例: R7-0142（名前は書か…」 at 1024 px); the
        # label goes over the field when the column is narrow.
        self.case_ref.setMinimumWidth(
            self.case_ref.fontMetrics().horizontalAdvance(self.case_ref.placeholderText()) + 16
        )
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("担当相談員"), self.counselor_name)
        form.addRow(self.tr("所属"), self.counselor_desk)
        form.addRow(self.tr("内線"), self.counselor_extension)
        form.addRow(self.tr("事例番号"), self.case_ref)
        # What the statistics count the referral by: said here, never assumed (a call is not 面接).
        self.channel = QComboBox()
        self.channel.setObjectName("slipChannel")
        for channel in Channel:
            self.channel.addItem(QCoreApplication.translate(translatable.CASEWORK, channel.label), channel)
        self.channel.setCurrentIndex(self.channel.findData(Channel.IN_PERSON))
        self.dv = QCheckBox(self.tr("DV相談として数える"))
        self.dv.setChecked(True)
        form.addRow(self.tr("相談方法"), self.channel)
        form.addRow(self.dv)
        hint = QLabel(self.tr("事例番号を入れると、印刷・保存と同時に紹介の記録に残ります。"))
        hint.setWordWrap(True)
        form.addRow(hint)
        self.logged = plain_label()  # what the last output left in the referral log (it quotes her input)
        self.logged.setObjectName("slipLogged")
        self.logged.setWordWrap(True)
        form.addRow(self.logged)
        self.preview_button = QPushButton(self.tr("連絡票プレビュー…"))
        self.print_button = QPushButton(self.tr("連絡票を印刷…"))
        self.pdf_button = QPushButton(self.tr("連絡票をPDFに保存…"))
        for button in (self.preview_button, self.print_button, self.pdf_button):
            form.addRow(button)
        # Printed from the preview, the slip is recorded as when printed from its button.
        self.preview_button.clicked.connect(lambda: output.preview(self.document, self.record))
        self.print_button.clicked.connect(self.print_slip)
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        self.recorded: list[referrals.ReferralView] = []
        # 相談方法 and DV describe the consultation: changed after a slip was recorded, the log follows.
        self.channel.currentIndexChanged.connect(lambda *_: self.correct_recorded())
        self.dv.toggled.connect(lambda *_: self.correct_recorded())
        # The slips this panel recorded, by what they say: the same slip saved and then printed (or
        # printed again) is one referral, never counted twice in the log and the statistics.
        self._recorded_slips: dict[tuple[object, ...], referrals.ReferralView] = {}
        self.set_target(None)

    def typed(self) -> tuple[str, ...]:
        """What she typed for the slip (her name, desk, extension, the case reference)."""
        fields = (self.counselor_name, self.counselor_desk, self.counselor_extension, self.case_ref)
        return tuple(f.text().strip() for f in fields)

    def set_target(self, target: SlipTarget | None) -> None:
        """The checklist's choice changed: say which department the slip goes to, or what to choose."""
        self._target = target
        dept = target.section.department if target is not None and target.section is not None else None
        if dept is None:
            self.target.setText(self.tr("あて先: 一覧で窓口か手続きを選んでください"))
        elif dept.unconfirmed:
            self.target.setText(self.tr("あて先: 窓口を確認してください（「窓口を指定…」で入力）"))
        else:
            self.target.setText(self.tr("あて先: {department}").format(department=dept.name))

    def section(self) -> cl.Section:
        if self._target is None or self._target.section is None:
            raise ValueError(self.tr("連絡票を作る窓口（または手続き）を一覧で選んでください。"))
        return self._target.section

    def document(self) -> PrintDocument:
        section = self.section()
        assert self._target is not None  # section() said so
        counselor = Counselor(
            self.counselor_name.text().strip(),
            self.counselor_desk.text().strip(),
            self.counselor_extension.text().strip(),
        )
        slip = Checklists(self.referral_log.db).render_slip  # the directory as it is now: a changed record refuses
        return slip(self._target.checklist, section, counselor, discreet=self._target.discreet)

    def check_referral(self) -> bool:
        """Refuse before printing a case reference or counselor name the log would refuse."""
        if not self.case_ref.text().strip():
            return True
        try:
            self.referral_log.check_slip(self.case_ref.text(), self.counselor_name.text())
        except InputError as exc:
            self.output.report(str(exc))
            return False
        return True

    def record(self) -> None:
        """Record the referral the slip stands for, if a case reference was given, once per slip."""
        if not self.case_ref.text().strip():
            return
        need_keys = self._target.need_keys if self._target else ()
        try:
            section = self.section()
            case_ref = self.referral_log.check_slip(self.case_ref.text(), self.counselor_name.text())
            slip = (case_ref, section.department.name, tuple(i.key for i in section.items), tuple(need_keys))
            earlier = self._recorded_slips.get(slip)
            if earlier is not None and not self._still_logged(earlier):
                del self._recorded_slips[slip]  # deleted from the log since: this slip is logged anew
                earlier = None
            if earlier is not None:
                self.logged.setText(
                    self.tr("この連絡票の紹介は記録済みです（{case} → {department}）。もう一度は記録しません。").format(
                        case=earlier.case_ref, department=section.department.name
                    )
                )
                return
            view = self.referral_log.record_for_slip(
                section,
                case_ref=self.case_ref.text(),
                counselor=self.counselor_name.text(),
                need_keys=need_keys,
                channel=self.channel.currentData(),
                dv=self.dv.isChecked(),
            )
        except (InputError, ValueError, StorageError) as exc:
            # The slip is out; the log could not take it (bad input, the server away, the disk full).
            reason = storage_message(exc) if isinstance(exc, StorageError) else str(exc)
            if commit_uncertain(exc):  # the server may hold it: never "not recorded" (she would record it twice)
                self.output.report(self.tr("連絡票は出力しました。紹介の記録について: {reason}").format(reason=reason))
                return
            self.output.report(
                self.tr("連絡票は出力しましたが、紹介の記録はできませんでした: {reason}").format(reason=reason)
            )
            return
        self._recorded_slips[slip] = view
        self.logged.setText(
            self.tr("紹介の記録に残しました（{case} → {department}、{how}、ニーズ: {needs}）。").format(
                case=view.case_ref, department=section.department.name, how=self._how(view), needs=self._needs(view)
            )
        )
        self._same_slip_other_case(slip)
        self.recorded.append(view)
        self.recorded_referral.emit(view)

    def _same_slip_other_case(self, slip: tuple[object, ...]) -> None:
        """The same slip recorded before under another case reference (she corrected a typo in
        事例番号, most often): two referrals would be counted for one. She is asked; the earlier
        one is deleted from the log on her yes, and what the log holds is said either way."""
        earlier = [
            (k, v) for k, v in self._recorded_slips.items() if k[1:] == slip[1:] and k != slip and self._still_logged(v)
        ]
        if not earlier:
            return
        cases = self.tr("、").join(v.case_ref for _k, v in earlier)
        if not self.output.confirm(
            self.tr("事例番号の確認"),
            self.tr(
                "この連絡票は、先に事例番号「{earlier}」でも紹介の記録に残しています。"
                "このままでは紹介が2件と数えられます。\n\n"
                "事例番号の入力を直したのなら「はい」: 「{earlier}」の記録を削除し、「{case}」だけを残します。\n"
                "別の相談者の紹介なら「いいえ」: 両方を残します。"
            ).format(earlier=cases, case=slip[0]),
        ):
            self.logged.setText(
                self.logged.text() + self.tr("「{earlier}」の記録も残っています。").format(earlier=cases)
            )
            return
        for key, view in earlier:
            try:
                self.referral_log.delete(view.id, seen_version=view.version)
            except (InputError, StorageError) as exc:  # moved by someone since, or the disk: said, kept
                reason = storage_message(exc) if isinstance(exc, StorageError) else str(exc)
                self.output.report(
                    self.tr("「{case}」の記録を削除できませんでした: {reason}").format(
                        case=view.case_ref, reason=reason
                    )
                )
                continue
            del self._recorded_slips[key]
            try:  # as the log's 削除: gone from the WAL and the file now
                self.referral_log.forget_deleted()
            except StorageError as exc:
                self.output.report(storage_message(exc))
            self.logged.setText(
                self.logged.text() + self.tr("「{case}」の記録は削除しました。").format(case=view.case_ref)
            )

    def _still_logged(self, view: referrals.ReferralView) -> bool:
        try:
            self.referral_log.get(view.id)
        except referrals.ReferralGone:
            return False
        return True

    def _how(self, view: referrals.ReferralView) -> str:
        channel = QCoreApplication.translate(translatable.CASEWORK, view.channel.label)
        return self.tr("{channel}・DV").format(channel=channel) if view.dv else channel

    def _needs(self, view: referrals.ReferralView) -> str:
        return self.tr("、").join(label for _key, label in view.needs) or self.tr("未分類")

    def correct_recorded(self) -> None:
        """She changed 相談方法 or DV after slips were recorded: the logged referrals are changed to
        match, and the panel says so (never a window that says 電話 over a log that counts 面接)."""
        channel, dv = self.channel.currentData(), self.dv.isChecked()
        stale = [(k, v) for k, v in self._recorded_slips.items() if (v.channel, v.dv) != (channel, dv)]
        if not stale:
            return
        # Each one on its own: one deleted from the log since must not leave the rest as they were.
        corrected, failed = [], []
        for key, view in stale:
            try:
                self._recorded_slips[key] = self.referral_log.correct_slip(view.id, channel, dv)
                corrected.append(key)
            except InputError as exc:
                if isinstance(exc, referrals.ReferralGone):  # the same slip out again is logged anew
                    del self._recorded_slips[key]
                failed.append(str(exc))
            except StorageError as exc:  # the server away, the disk full: the rest would fail alike
                failed.append(storage_message(exc))
        said = []
        if corrected:
            cases = self.tr("、").join(dict.fromkeys(self._recorded_slips[k].case_ref for k in corrected))
            said.append(
                self.tr("記録済みの紹介（{case}、{n}件）の相談方法を「{how}」に直しました。").format(
                    case=cases, n=len(corrected), how=self._how(self._recorded_slips[corrected[0]])
                )
            )
        if failed:
            said.append(
                self.tr("記録済みの紹介{n}件の相談方法を直せませんでした: {reason}").format(
                    n=len(failed), reason=" ".join(dict.fromkeys(failed))
                )
            )
        self.logged.setText(" ".join(said))
        if failed:
            self.output.report(self.logged.text())

    def save_pdf(self, path: str | Path | None = None) -> Path | None:
        if not self.check_referral():
            return None
        saved = self.output.export_pdf(path, document=self.document)
        if saved is not None:
            self.record()
            self.handed_out.emit()
        return saved

    def print_slip(self) -> None:
        if not self.check_referral():
            return
        document = self.output.make_document(self.document)
        if document is None:
            return
        printer = new_printer(document)
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return
        try:
            to_printer(printer, document)
        except PrintFailed as exc:
            self.output.report(str(exc))
            return
        self.record()
        self.handed_out.emit()
