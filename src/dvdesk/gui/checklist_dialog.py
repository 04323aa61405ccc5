"""The checklist dialog: choose circumstances, edit the proposed procedures, print.

Open it standalone: ``ChecklistDialog(db, municipality_code, need_keys)``. The list being made
is an ``app.checklists.ChecklistDraft`` (the proposal with her edits); every printout (preview,
printer, PDF) is ``Checklists.render`` → ``printing.qt_render.to_printer``, and the referral slip
(``gui.slip_panel``) is told which department is chosen and asks back only through
``SlipOutput``. The dialog never writes a file except the PDF the counselor asks for.

What it was built from (municipality, needs, circumstances) stays at the top; the selected item
is shown whole below the list (what to bring included), with the places she can contact beside
it. A department no source names is shown as 「窓口を確認してください」 and the counselor is asked
before anything is printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, QStandardPaths
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from dvdesk.app.checklists import Checklists
from dvdesk.app.referrals import Referrals
from dvdesk.domain import checklist as cl
from dvdesk.domain import checklist_templates as tpl
from dvdesk.domain import translatable
from dvdesk.domain.disclosure import Audience
from dvdesk.domain.discreet import DiscreetViolation
from dvdesk.domain.models import CIRCUMSTANCES
from dvdesk.gui import i18n
from dvdesk.gui.checklist_model import ChecklistModel
from dvdesk.gui.print_preview import PrintPreview
from dvdesk.gui.slip_panel import SlipPanel, SlipTarget
from dvdesk.gui.window_keys import closes_with_keys
from dvdesk.gui.window_size import initial_size
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


class ChecklistDialog(QDialog):
    last_folder: Path | None = None  # where the counselor last saved a PDF in this session

    def __init__(
        self, db, municipality_code: str, need_keys: Sequence[str] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.checklists = Checklists(db)
        self.setWindowTitle(self.tr("手続きチェックシート"))
        self.draft = self.checklists.new_draft(municipality_code, need_keys)
        self.municipality = self.draft.municipality_code
        self.need_labels = self.checklists.need_labels()  # key → (Japanese, English)
        self.model = ChecklistModel(self.draft, self)
        self._build()
        self._refresh_templates()
        self._refresh_directory()
        self._checklist_changed()
        self.resize(initial_size(self, QSize(1280, 800)))  # a 1366×768 laptop: within its screen
        closes_with_keys(self)

    # --- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.circumstance_boxes: dict[str, QCheckBox] = {}
        situation = QGroupBox(self.tr("状況（手続きが変わるもの）"))
        grid = QVBoxLayout(situation)
        for key, ja in CIRCUMSTANCES.items():
            box = QCheckBox(QCoreApplication.translate(translatable.CIRCUMSTANCE, ja))
            box.toggled.connect(self._repropose)
            self.circumstance_boxes[key] = box
            grid.addWidget(box)

        templates = QGroupBox(self.tr("テンプレート"))
        t = QGridLayout(templates)
        self.template_combo = QComboBox()
        self.template_load = QPushButton(self.tr("読み込む"))
        self.template_save = QPushButton(self.tr("保存…"))
        self.template_rename = QPushButton(self.tr("名前変更…"))
        self.template_delete = QPushButton(self.tr("削除"))
        t.addWidget(self.template_combo, 0, 0, 1, 2)
        for n, b in enumerate((self.template_load, self.template_save, self.template_rename, self.template_delete)):
            t.addWidget(b, 1 + n // 2, n % 2)
        self.template_load.clicked.connect(self.load_selected_template)
        self.template_save.clicked.connect(self.save_template_interactive)
        self.template_rename.clicked.connect(self.rename_template_interactive)
        self.template_delete.clicked.connect(self.delete_template_interactive)

        left = QVBoxLayout()
        left.addWidget(situation)
        left.addWidget(templates)
        left.addStretch()

        self.situation = QLabel()  # what the list was built from
        self.situation.setObjectName("checklistSituation")
        self.situation.setWordWrap(True)
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        header = self.view.header()
        header.setStretchLastSection(False)
        # Names are never cut: the name column takes what it needs; the others share the rest.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.model.modelReset.connect(self.view.expandAll)
        self.model.modelReset.connect(self._checklist_changed)
        self.view.expandAll()
        self.empty_label = QLabel(
            self.tr(
                "この状況で提案する手続きはありません。左で状況を選ぶか、下の一覧や自由記入で項目を追加してください。"
            )
        )
        self.empty_label.setObjectName("checklistEmpty")
        self.empty_label.setWordWrap(True)
        self.item_detail = QTextBrowser()
        self.item_detail.setObjectName("checklistItemDetail")
        self.places = QTextBrowser()
        self.places.setObjectName("checklistPlaces")
        self.below = QTabWidget()
        self.below.addTab(self.item_detail, self.tr("選んだ項目の内容"))
        self.below.addTab(self.places, self.tr("相談できるところ"))
        self.below.setMaximumHeight(210)
        self.view.selectionModel().currentChanged.connect(lambda *_: self._show_selected())
        edit = QHBoxLayout()
        self.up_button, self.down_button = QPushButton(self.tr("▲ 上へ")), QPushButton(self.tr("▼ 下へ"))
        self.remove_button = QPushButton(self.tr("削除"))
        self.assign_button = QPushButton(self.tr("窓口を指定…"))
        self.assign_button.setToolTip(self.tr("選んだ窓口の名前を入力します（資料に担当課がないときなど）"))
        for b in (self.up_button, self.down_button, self.remove_button, self.assign_button):
            edit.addWidget(b)
        edit.addStretch()
        self.assign_button.clicked.connect(self.assign_department_interactive)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.remove_button.clicked.connect(self.remove_selected)

        add = QHBoxLayout()
        self.directory_combo = QComboBox()
        self.directory_combo.setMinimumWidth(360)
        self.add_directory_button = QPushButton(self.tr("一覧から追加"))
        add.addWidget(self.directory_combo, 1)
        add.addWidget(self.add_directory_button)
        free = QHBoxLayout()
        self.free_text = QLineEdit(placeholderText=self.tr("自由記入の項目（例: 印鑑を持っていく）"))
        self.free_department = QLineEdit(placeholderText=self.tr("窓口（任意）"))
        self.add_free_button = QPushButton(self.tr("自由記入を追加"))
        self.free_department.setMinimumWidth(  # its hint must stay readable in any language
            self.free_department.fontMetrics().horizontalAdvance(self.free_department.placeholderText()) + 16
        )
        free.addWidget(self.free_text, 3)
        free.addWidget(self.free_department, 1)
        free.addWidget(self.add_free_button)
        self.add_directory_button.clicked.connect(self.add_from_directory)
        self.add_free_button.clicked.connect(self.add_free_text)

        self.note = QPlainTextEdit(placeholderText=self.tr("相談者へのメモ（印刷されます。保存はされません）"))
        self.note.setMaximumHeight(70)

        center = QVBoxLayout()
        center.addWidget(self.situation)
        center.addWidget(self.empty_label)
        center.addWidget(self.view, 1)
        center.addWidget(self.below)
        center.addLayout(edit)
        center.addLayout(add)
        center.addLayout(free)
        center.addWidget(self.note)

        right = QVBoxLayout()
        options = QGroupBox(self.tr("印刷"))
        form = QFormLayout(options)
        self.copy_combo = QComboBox()
        self.copy_combo.addItem(self.tr("相談者に渡す"), Audience.CLIENT)
        self.copy_combo.addItem(self.tr("職員用（内線・職員メモ入り）"), Audience.STAFF)
        self.discreet_box = QCheckBox(self.tr("目立たない印刷（何の手続きか分からない題名と言葉にする）"))
        self.language_combo = QComboBox()
        for code, strings in LANGUAGES.items():
            self.language_combo.addItem(strings.name, code)
        form.addRow(self.tr("印刷するもの"), self.copy_combo)
        form.addRow(self.discreet_box)
        form.addRow(self.tr("言語"), self.language_combo)
        self.preview_button = QPushButton(self.tr("プレビュー…"))
        self.print_button = QPushButton(self.tr("印刷…"))
        self.pdf_button = QPushButton(self.tr("PDFに保存…"))
        for b in (self.preview_button, self.print_button, self.pdf_button):
            form.addRow(b)
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_to_printer)
        self.pdf_button.clicked.connect(lambda: self.export_pdf())
        self.copy_combo.currentIndexChanged.connect(self._sync_options)

        self.status = QLabel()  # what was saved, and where
        self.status.setObjectName("checklistStatus")
        self.status.setWordWrap(True)
        form.addRow(self.status)

        self.slip = SlipPanel(self, Referrals(self.db))  # parented by the layout, like its neighbours (focus order)
        self.view.selectionModel().currentChanged.connect(lambda *_: self._update_slip())
        self.discreet_box.toggled.connect(lambda *_: self._update_slip())
        right.addWidget(options)
        right.addWidget(self.slip)
        right.addStretch()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("閉じる"))
        self.buttons.rejected.connect(self.reject)
        right.addWidget(self.buttons)

        root = QHBoxLayout(self)
        root.addLayout(left)
        root.addLayout(center, 1)
        root.addLayout(right)

    # --- what the counselor sees ----------------------------------------------------------
    def _checklist_changed(self) -> None:
        c = self.model.checklist()
        self.situation.setText(self.situation_text())
        self.empty_label.setVisible(not c.items)
        self.places.setHtml(self._places_html(c))
        self.below.setTabText(1, self.tr("相談できるところ（{n}）").format(n=sum(len(g.services) for g in c.contacts)))
        self._show_selected()
        if hasattr(self, "slip"):
            self._update_slip()

    def _update_slip(self) -> None:
        """Tell the slip which department is chosen (or that none is)."""
        index = self.selected()
        c = self.checklist()
        section = self.model.position(index)[0] if index.isValid() else len(c.sections)
        self.slip.set_target(
            SlipTarget(
                c,
                c.sections[section] if section < len(c.sections) else None,
                self.need_keys,
                self.discreet_box.isChecked(),
            )
        )

    @property
    def need_keys(self) -> tuple[str, ...]:
        return self.draft.need_keys

    def situation_text(self) -> str:
        c = self.model.checklist()
        english = i18n.english()
        needs = self.tr("、").join(
            self.need_labels.get(k, (k, k))[1 if english else 0] for k in self.need_keys
        ) or self.tr("（選んでいません）")
        circumstances = self.tr("、").join(
            QCoreApplication.translate(translatable.CIRCUMSTANCE, CIRCUMSTANCES[k])
            for k in self.circumstances()
            if k in CIRCUMSTANCES
        ) or self.tr("（選んでいません）")
        return self.tr("{municipality}　ニーズ: {needs}　状況: {circumstances}").format(
            municipality=c.municipality_name, needs=needs, circumstances=circumstances
        )

    def _show_selected(self) -> None:
        index = self.view.currentIndex()
        item = self.model.item_at(index) if index.isValid() else None
        if item is None:
            self.item_detail.setHtml(escape(self.tr("項目を選ぶと、内容・持ち物・注意がここに出ます。")))
            return
        rows = [f"<b>{escape(item.name)}</b>"]
        dept = item.department
        rows.append(
            escape(
                self.tr("窓口: {name}").format(
                    name=self.tr("窓口を確認してください（目安: {hint}）").format(hint=dept.hint)
                    if dept.unconfirmed
                    else dept.name
                )
            )
        )
        if item.description:
            rows.append(escape(item.description))
        if item.what_to_bring:
            rows.append(
                escape(self.tr("持ち物:"))
                + "<ul>"
                + "".join(f"<li>{escape(w)}</li>" for w in item.what_to_bring)
                + "</ul>"
            )
        if item.caution:
            rows.append(escape(self.tr("注意: {text}").format(text=item.caution)))
        if item.staff_note:
            rows.append(
                "<span style='color:#7a1f00'>"
                + escape(self.tr("［職員メモ］{note}").format(note=item.staff_note))
                + "</span>"
            )
        if item.source:
            rows.append(
                "<span style='color:#555'>" + escape(self.tr("出典: {source}").format(source=item.source)) + "</span>"
            )
        self.item_detail.setHtml("<br>".join(rows))

    def _places_html(self, c: cl.Checklist) -> str:
        if not c.contacts:
            return escape(self.tr("ニーズを選ぶと、そのニーズの相談先がここに出ます（印刷にも入ります）。"))
        parts = []
        for group in c.contacts:
            parts.append(f"<h4>{escape(group.need_label)}</h4><ul>")
            for item in group.services:
                phones = [item.phone] if item.phone else []
                org = item.department.organization
                phones += [x.phone for x in (org.contacts if org else ()) if x.phone and x.phone not in phones]
                extra = "　".join(x for x in (self.tr("、").join(phones), item.hours) if x)
                parts.append(
                    f"<li>{escape(item.name)}（{escape(item.department.name)}）"
                    + (f"　{escape(extra)}" if extra else "")
                    + "</li>"
                )
            parts.append("</ul>")
        return "".join(parts)

    def assign_department_interactive(self) -> None:
        index = self.selected()
        if not index.isValid():
            self.report(self.tr("窓口を指定する手続きを一覧で選んでください。"))
            return
        section, _ = self.model.position(index)
        dept = self.model.checklist().sections[section].department
        name, ok = QInputDialog.getText(
            self,
            self.tr("窓口を指定"),
            self.tr("窓口の名前（例: 子育て支援課）"),
            text="" if dept.unconfirmed else dept.name,
        )
        if ok:
            self.assign_department(section, name)

    def assign_department(self, section: int, name: str) -> None:
        try:
            self.draft.assign_department(section, name)
        except ValueError as exc:
            self.report(str(exc))
            return
        self.model.draft_changed()

    def confirm(self, title: str, text: str) -> bool:
        return QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes

    def _windows_confirmed(self) -> bool:
        """Before printing: a department no source names is pointed out, and printing waits for a yes."""
        missing = self.checklist().unconfirmed
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

    # --- building the list -----------------------------------------------------------------
    def circumstances(self) -> list[str]:
        return [k for k, b in self.circumstance_boxes.items() if b.isChecked()]

    def _repropose(self) -> None:
        """New circumstances: propose again, keeping what the counselor added or removed."""
        self.checklists.repropose(self.draft, self.circumstances())
        self.model.draft_changed()
        self._refresh_directory()
        self._checklist_changed()

    def _refresh_directory(self) -> None:
        procedures = self.checklists.procedure_entries(self.municipality)
        services = self.checklists.service_entries(self.municipality)
        current = self.model.checklist()
        self.directory_combo.clear()
        for item in procedures:
            if not current.contains(item):
                self.directory_combo.addItem(
                    self.tr("手続き: {name}（{department}）").format(name=item.name, department=item.department.name),
                    ("procedure", item.key),
                )
        for key, name in services:
            self.directory_combo.addItem(self.tr("支援: {name}").format(name=name), ("service", key))

    def selected(self):
        return self.view.currentIndex()

    def move_selected(self, delta: int) -> None:
        index = self.selected()
        if index.isValid():
            self.view.setCurrentIndex(self.model.move(index, delta))

    def remove_selected(self) -> None:
        index = self.selected()
        if not index.isValid():
            return
        self.model.remove(index)
        self._refresh_directory()

    def add_item(self, item: cl.ChecklistItem) -> None:
        if self.model.add(item):
            self._refresh_directory()

    def add_from_directory(self) -> None:
        data = self.directory_combo.currentData()
        if not data:
            return
        kind, key = data
        self.add_item(self.checklists.directory_item(self.municipality, kind, key))

    def add_free_text(self) -> None:
        try:
            item = cl.free_item(self.free_text.text(), self.free_department.text())
        except ValueError as exc:
            self.report(str(exc))
            return
        self.add_item(item)
        self.free_text.clear()

    def checklist(self) -> cl.Checklist:
        return self.model.checklist().with_note(self.note.toPlainText())

    # --- templates -------------------------------------------------------------------------
    def _refresh_templates(self) -> None:
        names = [t.name for t in self.checklists.templates(self.municipality)]
        self.template_combo.clear()
        self.template_combo.addItems(names)
        for b in (self.template_load, self.template_rename, self.template_delete):
            b.setEnabled(bool(names))

    def save_template(self, name: str, confirm_warnings: bool = True) -> bool:
        c = self.checklist()
        warnings = tpl.personal_detail_warnings(name, c)
        if warnings and confirm_warnings:
            answer = QMessageBox.question(
                self,
                self.tr("テンプレートの保存"),
                self.tr(
                    "個人情報のように見える記述があります。テンプレートは他の相談員も使います。\n\n"
                    "{warnings}\n\nこのまま保存しますか？"
                ).format(warnings="\n".join(warnings)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            self.checklists.save_template(name, c)
        except tpl.TemplateError as exc:
            self.report(str(exc))
            return False
        self._refresh_templates()
        self.template_combo.setCurrentText(" ".join(name.split()))
        return True

    def save_template_interactive(self) -> None:
        name, ok = QInputDialog.getText(
            self,
            self.tr("テンプレートの保存"),
            self.tr("テンプレート名（例: 子どものいる世帯の転出）\n相談者へのメモは保存されません。"),
            text=self.template_combo.currentText(),
        )
        if ok:
            self.save_template(name)

    def load_template(self, name: str) -> None:
        try:
            loaded = self.checklists.load_template(self.municipality, name)
        except tpl.TemplateError as exc:
            self.report(str(exc))
            return
        c = loaded.checklist
        for key, box in self.circumstance_boxes.items():
            box.blockSignals(True)
            box.setChecked(key in c.circumstances)
            box.blockSignals(False)
        self.draft.replace(c)
        self.model.draft_changed()
        self._refresh_directory()
        if loaded.missing:
            self.report(
                self.tr("次の項目は現在のディレクトリにないため外しました: {items}").format(
                    items=self.tr("、").join(loaded.missing)
                )
            )

    def load_selected_template(self) -> None:
        if self.template_combo.currentText():
            self.load_template(self.template_combo.currentText())

    def rename_template_interactive(self) -> None:
        old = self.template_combo.currentText()
        new, ok = QInputDialog.getText(self, self.tr("名前変更"), self.tr("新しいテンプレート名"), text=old)
        if ok:
            try:
                self.checklists.rename_template(self.municipality, old, new)
            except tpl.TemplateError as exc:
                self.report(str(exc))
            self._refresh_templates()

    def delete_template_interactive(self) -> None:
        name = self.template_combo.currentText()
        if (
            name
            and QMessageBox.question(
                self, self.tr("削除"), self.tr("テンプレート「{name}」を削除しますか？").format(name=name)
            )
            == QMessageBox.StandardButton.Yes
        ):
            self.checklists.delete_template(self.municipality, name)
            self._refresh_templates()

    # --- printing --------------------------------------------------------------------------
    def document(self) -> PrintDocument:
        """The checklist as printed with the options chosen on the right."""
        self.draft.audience = self.copy_combo.currentData()
        self.draft.discreet = self.draft.audience is Audience.CLIENT and self.discreet_box.isChecked()
        self.draft.language = self.language_combo.currentData()
        self.draft.note = self.note.toPlainText()
        return self.checklists.render_draft(self.draft)

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

    def make_preview(self, build=None) -> PrintPreview | None:
        """The preview of a document already checked to fit on its pages, or None (reported)."""
        document = self.make_document(build or self.document)
        if document is None:
            return None
        dialog = PrintPreview(document, self.report, self)
        try:
            paginate_checked(document, dialog.owned_printer)
        except PrintFailed as exc:
            dialog.dispose()
            self.report(str(exc))
            return None
        dialog.setWindowTitle(self.tr("印刷プレビュー — {title}").format(title=document.title))
        return dialog

    def preview(self, build=None) -> None:
        dialog = self.make_preview(build)
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
                ChecklistDialog.last_folder = Path(path).parent
        except (PrintFailed, OSError) as exc:
            self.report(str(exc))
            return None
        message = self.tr("保存しました（{pages} ページ）: {path}").format(pages=pages, path=str(path))
        self.status.setText(message)
        if interactive:  # she chose the place herself: say where it went
            QMessageBox.information(self, self.tr("PDFに保存"), message)
        return Path(path)

    def report(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("手続きチェックシート"), message)
