"""The checklist dialog: choose circumstances, edit the proposed procedures, print.

Open it standalone: ``ChecklistDialog(db, municipality_code, need_keys)``. The list being made is an
``app.checklists.ChecklistDraft`` (the proposal with her edits); every printout (preview, printer,
PDF) is made by the print box (``gui.checklist_print_box``: ``Checklists.render`` → ``printing.qt_render``),
the referral slip (``gui.slip_panel``) is told which department is chosen and prints through that
box, the saved templates have their own box (``gui.checklist_template_box``). It writes no file but
the PDF she asks for. Asked for again from the desk, it takes the needs chosen there since (``take_needs``).

What it was built from (municipality, needs, circumstances) stays at the top; the selected item
is shown whole below the list (what to bring included, ``gui.checklist_html``), with the places
she can contact beside it. A department no source names is shown as 「窓口を確認してください」
and the counselor is asked before anything is printed.

Nothing made here is stored (a template only when she saves one), so a list she changed and has
neither printed nor saved as a PDF is not thrown away by Esc, Ctrl+W or the close button without
her saying so (``reject``).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
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
from dvdesk.domain.models import CIRCUMSTANCES
from dvdesk.gui import i18n
from dvdesk.gui.checklist_html import ChecklistHtml
from dvdesk.gui.checklist_layout import Columns, FitColumns
from dvdesk.gui.checklist_model import ChecklistModel
from dvdesk.gui.checklist_print_box import PrintBox
from dvdesk.gui.checklist_template_box import TemplateBox
from dvdesk.gui.desk_models import circumstance_label
from dvdesk.gui.discard_question import DiscardQuestion
from dvdesk.gui.enter_key import enter_does
from dvdesk.gui.plain import make_plain, warn
from dvdesk.gui.roomy_rows import give_room
from dvdesk.gui.slip_panel import SlipPanel, SlipTarget
from dvdesk.gui.window_keys import closes_with_keys
from dvdesk.gui.window_size import initial_size
from dvdesk.gui.wrap_check import WrapCheckBox, titled


class ChecklistDialog(QDialog):
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
        self.html = ChecklistHtml(self)
        self._build()
        self._refresh_directory()
        self._checklist_changed()
        self.resize(initial_size(self, QSize(1280, 800)))  # a 1366×768 laptop: within its screen
        closes_with_keys(self)
        add_free, add_listed = self.add_free_text, self.add_from_directory  # Enter adds; presses no far button
        enter_does(self, {self.free_text: add_free, self.free_department: add_free, self.directory_combo: add_listed})
        self._kept = self._work()  # what closing may drop without asking (as opened, or as last handed out)
        self._slip_kept = self.slip.typed()  # the slip's fields: as opened, or as on the last slip out
        self.slip.handed_out.connect(lambda: setattr(self, "_slip_kept", self.slip.typed()))
        self.discard_question = DiscardQuestion(
            self,
            "checklistDiscardQuestion",
            self.tr(
                "このチェックシートは変更されていて、まだ印刷もPDFへの保存もしていません。"
                "閉じると、選んだ状況・追加や削除した項目・メモ・連絡票に入力した内容は失われます（保存されません）。"
            ),
            self.tr("閉じる（変更を捨てる）"),
            self._discarded,
            lambda: self.unsaved,
        )
        self.printing.handed_out.connect(self._handed_out)

    # --- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.circumstance_boxes: dict[str, QCheckBox] = {}
        situation = QGroupBox(self.tr("状況（手続きが変わるもの）"))
        grid = QVBoxLayout(situation)
        for key in CIRCUMSTANCES:
            box = WrapCheckBox(circumstance_label(key))
            box.toggled.connect(self._repropose)
            self.circumstance_boxes[key] = box
            grid.addWidget(box)

        self.template_box = TemplateBox(self, self.checklists)

        left = QVBoxLayout()
        left.addWidget(titled(situation))  # titles wrap: the window fits 1024 px in English
        left.addWidget(titled(self.template_box))
        left.addStretch()

        self.situation = make_plain(QLabel())  # what the list was built from (names: text, never markup)
        self.situation.setObjectName("checklistSituation")
        self.situation.setWordWrap(True)
        self.view = QTreeView()
        self.view.setModel(self.model)
        give_room(self.view)
        self.view.setAlternatingRowColors(True)
        FitColumns(self.view)  # names as wide as they are, 持ち物 and 注意 still readable (wrapped)
        self.model.modelReset.connect(self.view.expandAll)
        self.model.modelReset.connect(self._checklist_changed)
        self.view.expandAll()
        self.added_label = make_plain(QLabel())  # what the desk's 「チェックリストに追加」 did last (names: text)
        self.added_label.setObjectName("checklistAdded")
        self.added_label.setWordWrap(True)
        self.added_label.setVisible(False)
        self.empty_label = make_plain(QLabel())
        self.empty_label.setObjectName("checklistEmpty")
        self.empty_label.setWordWrap(True)
        # Safety procedures the situation calls for but the directory lacks here (never silent).
        self.safety_label = make_plain(QLabel())  # need names from the directory: text
        self.safety_label.setObjectName("checklistSafetyGaps")
        self.safety_label.setWordWrap(True)
        self.safety_label.setStyleSheet("QLabel { background: #fff4ce; color: #5c3c00; padding: 4px; }")
        self.safety_label.setVisible(False)
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
        # As narrow as 12 characters, however long a procedure's name (its list shows them whole):
        # 360 px and the longest name made the window 1,326 px wide in English, past a 1280 screen.
        self.directory_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.directory_combo.setMinimumContentsLength(12)
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
        self.note.setTabChangesFocus(True)  # keyboard only: Tab goes on to the print box, no tab typed

        center = QVBoxLayout()
        center.addWidget(self.situation)
        center.addWidget(self.added_label)
        center.addWidget(self.empty_label)
        center.addWidget(self.safety_label)
        center.addWidget(self.view, 1)
        center.addWidget(self.below)
        center.addLayout(edit)
        center.addLayout(add)
        center.addLayout(free)
        center.addWidget(self.note)

        right = QVBoxLayout()
        self.printing = PrintBox(self, self.checklists)
        self.note.textChanged.connect(self.printing.update_typed_hint)
        self.model.modelReset.connect(self.printing.update_typed_hint)
        self.model.modelReset.connect(self.printing.update_discreet_hint)

        # Parented by the layout, like its neighbours (focus order).
        self.slip = SlipPanel(self.printing, Referrals(self.db))
        self.view.selectionModel().currentChanged.connect(lambda *_: self._update_slip())
        self.printing.discreet_box.toggled.connect(lambda *_: self._update_slip())
        right.addWidget(titled(self.printing))
        right.addWidget(titled(self.slip))
        right.addStretch()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("閉じる"))
        self.buttons.rejected.connect(self.reject)
        right.addWidget(self.buttons)

        root = QHBoxLayout(self)
        root.addWidget(Columns(left, center, right))  # fits 1024×768: the sides wrap, scroll below that

    # --- what the counselor sees ----------------------------------------------------------
    def _checklist_changed(self) -> None:
        c = self.model.checklist()
        self.situation.setText(self.situation_text())
        if c.procedures_on_record:
            self.empty_label.setText(
                self.tr(
                    "この状況で提案する手続きはありません。左で状況を選ぶか、下の一覧や自由記入で項目を追加してください。"
                )
            )
        else:  # never "nothing applies": the municipality's procedures are missing from the directory
            self.empty_label.setText(
                self.tr(
                    "この市区町村の手続きは、まだ登録されていません（用紙にもそう印刷されます）。"
                    "必要な手続きは自由記入で追加し、管理画面で登録してください。"
                )
            )
        self.empty_label.setVisible(not c.items or not c.procedures_on_record)
        if c.safety_not_on_record:
            names = "、".join(label for _key, label in c.safety_not_on_record)
            self.safety_label.setText(
                self.tr(
                    "この市区町村には、次のニーズの手続きが登録されていません: {names}。"
                    "警察・一時保護・保護命令が必要か確かめ、必要なら自由記入で追加してください"
                    "（用紙には、一部の手続きが未登録であることを印刷します）。"
                ).format(names=names)
            )
        self.safety_label.setVisible(bool(c.safety_not_on_record))
        self.places.setHtml(self.html.places(c))
        places = sum(len(g.services) for g in c.contacts)
        if missing := len(c.needs_without_places):  # said on the tab: the paper says it too
            tab = self.tr("相談できるところ（{n}・未登録のニーズ{m}）").format(n=places, m=missing)
        else:
            tab = self.tr("相談できるところ（{n}）").format(n=places)
        self.below.setTabText(1, tab)
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
                self.printing.discreet_box.isChecked(),
            )
        )

    @property
    def need_keys(self) -> tuple[str, ...]:
        return self.draft.need_keys

    def _need_names(self, keys: Sequence[str]) -> str:
        return self.tr("、").join(self.need_labels.get(k, (k, k))[1 if i18n.english() else 0] for k in keys)

    def take_needs(self, keys: Sequence[str]) -> str:
        """Needs chosen on the desk since: their procedures join, her edits kept; said ("" if none new)."""
        had = len(self.draft.checklist.items)
        if not (new := self.checklists.add_needs(self.draft, keys)):
            return ""
        self.model.draft_changed()  # the model's reset redraws what the list was built from
        self._refresh_directory()
        n, needs = len(self.draft.checklist.items) - had, self._need_names(new)
        said = self.tr("いま選んでいる分野（{needs}）を加えました（手続き {n} 件）。").format(needs=needs, n=n)
        self.say_added(said)
        return said

    def situation_text(self) -> str:
        c = self.model.checklist()
        needs = self._need_names(self.need_keys) or self.tr("（選んでいません）")
        chosen = [circumstance_label(k) for k in self.circumstances() if k in CIRCUMSTANCES]
        circumstances = self.tr("、").join(chosen) or self.tr("（選んでいません）")
        return self.tr("{municipality}　ニーズ: {needs}　状況: {circumstances}").format(
            municipality=c.municipality_name, needs=needs, circumstances=circumstances
        )

    def _show_selected(self) -> None:
        index = self.view.currentIndex()
        self.item_detail.setHtml(self.html.item(self.model.item_at(index) if index.isValid() else None))

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

    # --- building the list -----------------------------------------------------------------
    def circumstances(self) -> list[str]:
        return [k for k, b in self.circumstance_boxes.items() if b.isChecked()]

    def _repropose(self) -> None:
        """New circumstances: propose again, keeping what the counselor added or removed."""
        self.checklists.repropose(self.draft, self.circumstances())
        self.model.draft_changed()  # its reset calls _checklist_changed
        self._refresh_directory()

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

    def add_item(self, item: cl.ChecklistItem) -> bool:
        """Add an item (False: it is on the list already)."""
        if not self.model.add(item):
            return False
        self._refresh_directory()
        return True

    def select_item(self, item: cl.ChecklistItem) -> None:
        """Select the row of ``item`` (one the desk added: she sees where it went)."""
        for s, section in enumerate(self.model.checklist().sections):
            for r, other in enumerate(section.items):
                if (other.kind, other.key) == (item.kind, item.key):
                    index = self.model.index(r, 0, self.model.index(s, 0))
                    self.view.setCurrentIndex(index)
                    self.view.scrollTo(index)
                    return

    def say_added(self, text: str) -> None:
        self.added_label.setText(text)  # what the desk's last 「チェックリストに追加」 did, above the list
        self.added_label.setVisible(bool(text))

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

    def note_text(self) -> str:
        return self.note.toPlainText()

    def checklist(self) -> cl.Checklist:
        return self.model.checklist().with_note(self.note_text())

    def use_template(self, c: cl.Checklist) -> None:
        """A loaded template replaces the list and the circumstances ticked."""
        for key, box in self.circumstance_boxes.items():
            box.blockSignals(True)
            box.setChecked(key in c.circumstances)
            box.blockSignals(False)
        self.checklists.use_template(self.draft, c)
        self.model.draft_changed()
        self._refresh_directory()

    def report(self, message: str) -> None:
        warn(self, self.tr("手続きチェックシート"), message)  # it may quote a name: plain text

    # --- closing ----------------------------------------------------------------------------
    def _work(self) -> tuple[object, ...]:
        """What she made here: the list as it would print (her note included) and an item typed
        but not yet added."""
        return (self.checklist(), self.free_text.text().strip())

    def _handed_out(self) -> None:
        self._kept = self._work()

    @property
    def unsaved(self) -> bool:
        """She changed the list (or typed a note) since it was opened, printed or saved, or typed
        for a slip (a case reference, her name) that has not gone out."""
        return self._work() != self._kept or self.slip.typed() != self._slip_kept

    def reject(self) -> None:
        """Every way of closing (Esc, Ctrl+W, 閉じる, the title bar) comes here: changed work is
        closed only once she says so (the question is window-modal; the dialog closes on her answer)."""
        self.discard_question.reject()

    def _discarded(self) -> None:
        self._kept, self._slip_kept = self._work(), self.slip.typed()
        super().reject()
