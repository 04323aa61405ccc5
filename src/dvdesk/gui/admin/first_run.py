"""The first-run setup window: choose the municipality, see what the desk lacks, fill it in one grid.

A thin view over ``dvdesk.admin.first_run``: every write goes through the administrator's
``Editor`` (validated, recorded in the history). Rows she edits are ticked; one button saves
them and marks the ticked departments as verified by her today. A department whose values are
refused keeps what she typed, is shown in red, and the reason is listed below the grid.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dvdesk.admin import first_run as fr
from dvdesk.admin.editing import Editor
from dvdesk.gui.discard_question import UnsavedWork, asks_before_closing
from dvdesk.gui.window_keys import closes_with_keys
from dvdesk.gui.window_size import open_at

EDITABLE = ("phone", "extension", "window", "floor", "hours")
ERROR_BACKGROUND = QColor("#fde2e2")


class FirstRunWindow(QMainWindow):
    changed = Signal()  # the directory was written

    def __init__(self, editor: Editor, parent=None):
        super().__init__(parent)
        self.editor = editor
        self.db = editor.db
        self.code = ""
        self.gaps: fr.DeskGaps | None = None
        self.rows: list[fr.DepartmentRow] = []
        self._filling = False
        self.setWindowTitle(self.tr("初期設定 — 市区町村と部署の連絡先"))

        # 1. the municipality
        self.query = QLineEdit()
        self.query.setObjectName("municipality_query")
        self.query.setPlaceholderText(self.tr("市区町村名・よみ・コード（例: 高岡市、たかおか、162027）"))
        self.matches = QComboBox()
        self.matches.setObjectName("municipality_matches")
        self.matches.setMinimumWidth(260)
        self.other_name = QLineEdit()
        self.other_name.setObjectName("municipality_name")
        self.other_name.setPlaceholderText(self.tr("一覧にないコードのときの名称"))
        self.other_name.hide()
        self.choose = QPushButton(self.tr("この市区町村にする"))
        self.choose.setObjectName("choose_municipality")
        self.query.textChanged.connect(self._search)
        self.query.returnPressed.connect(self.choose_current)
        self.choose.clicked.connect(self.choose_current)
        # The box on its own line, its example whole: beside the matches at 1024 px in English
        # 「…, 162027)」 read 「162…」, a code cut like a whole one.
        muni_row = QHBoxLayout()
        for w in (self.matches, self.other_name, self.choose):
            muni_row.addWidget(w)
        muni_row.setStretch(0, 1)  # the matches take the room, the button its own width
        source = QLabel(self.tr("一覧の出典: 総務省「全国地方公共団体コード」（政府標準利用規約 第2.0版）"))
        source.setStyleSheet("color:#6b6b6b;")
        source.setWordWrap(True)  # in English on one line it made the window 1,184 px wide at least
        muni_box = QGroupBox(self.tr("1. 市区町村"))
        muni_layout = QVBoxLayout(muni_box)
        muni_layout.addWidget(self.query)
        muni_layout.addLayout(muni_row)
        muni_layout.addWidget(source)

        # 2. what is missing, and the grid
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.grid = QTableWidget(0, 9)
        self.grid.setObjectName("departments")
        self.grid.setHorizontalHeaderLabels(
            [
                self.tr("確認"),
                self.tr("部署"),
                self.tr("電話"),
                self.tr("内線"),
                self.tr("窓口"),
                self.tr("階"),
                self.tr("受付時間"),
                self.tr("不足"),
                self.tr("最終確認"),
            ]
        )
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in ((0, 44), (1, 190), (2, 150), (3, 60), (4, 130), (5, 60), (6, 220), (7, 150)):
            self.grid.setColumnWidth(col, max(width, header.sectionSizeHint(col)))  # 「Checked」 was 「hecke」
        # Not stretched: where the columns are wider than the window (1024 px) a stretched last
        # column shrank under its heading (「Last verif」); the grid scrolls sideways instead.
        self.grid.setColumnWidth(8, max(150, header.sectionSizeHint(8)))
        self.grid.verticalHeader().hide()
        self.grid.itemChanged.connect(self._edited)
        self.procedures = QTableWidget(0, 3)
        self.procedures.setObjectName("open_procedures")
        self.procedures.setHorizontalHeaderLabels(
            [self.tr("担当課が決まっていない手続き"), self.tr("目安"), self.tr("担当課")]
        )
        self.procedures.horizontalHeader().setStretchLastSection(True)
        self.procedures.setColumnWidth(0, 300)
        self.procedures.setColumnWidth(1, 220)
        self.procedures.verticalHeader().hide()
        self.procedures.setMaximumHeight(130)
        self.errors = QLabel()
        self.errors.setObjectName("errors")
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet("color:#a33a00;")
        self.save = QPushButton(self.tr("保存"))
        self.save.setObjectName("save")
        self.save_verify = QPushButton(self.tr("保存して、チェックした部署を確認済みにする"))
        self.save_verify.setObjectName("save_and_verify")
        self.save.clicked.connect(lambda: self.save_all(verify=False))
        self.save_verify.clicked.connect(lambda: self.save_all(verify=True))
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.save)
        buttons.addWidget(self.save_verify)
        desk_box = QGroupBox(self.tr("2. 窓口として使うために足りないもの"))
        desk_layout = QVBoxLayout(desk_box)
        for widget in (self.summary, self.grid):
            desk_layout.addWidget(widget)
        desk_layout.addWidget(self.procedures)
        desk_layout.addWidget(self.errors)
        desk_layout.addLayout(buttons)
        desk_box.setEnabled(False)
        self.desk_box = desk_box

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(muni_box)
        layout.addWidget(desk_box, 1)
        self.setCentralWidget(body)
        open_at(self, 1180, 760)
        closes_with_keys(self)
        # Typed contacts not yet saved: closing this window (or the administration window) asks first.
        UnsavedWork(self, self.unsaved, lambda: self.refresh() if self.code else None)
        asks_before_closing(self)
        code = fr.desk_municipality(self.db)
        if code:  # set before: shown as chosen, not said again as just set
            if known := fr.known(code):
                self.query.setText(known.name)
                self.matches.setCurrentIndex(max(0, self.matches.findData(code)))
            self.show_municipality(code, said=False)

    # --- the municipality -------------------------------------------------------------------
    def _search(self, text: str) -> None:
        self.matches.clear()
        for m in fr.find_municipalities(text):
            self.matches.addItem(m.label, m.code)
        digits = text.strip()
        unknown_code = len(digits) == 6 and self.matches.count() == 0 and fr.code_problem(digits) is None
        self.other_name.setVisible(unknown_code)

    def choose_current(self) -> None:
        code = self.matches.currentData() or self.query.text().strip()
        try:
            code = fr.choose_municipality(self.editor, code, self.other_name.text())
        except fr.SetupError as exc:
            self.statusBar().showMessage(str(exc))
            return
        self.changed.emit()
        self.show_municipality(code)

    def show_municipality(self, code: str, said: bool = True) -> None:
        self.code = code
        self.refresh()
        self.desk_box.setEnabled(True)
        gaps = self.gaps
        assert gaps is not None  # refresh() has just read them
        if said:
            self.statusBar().showMessage(self.tr("{name}（{code}）を設定しました").format(name=gaps.name, code=code))

    # --- the grid ---------------------------------------------------------------------------
    def refresh(self, keep: dict[str, dict[str, str]] | None = None, errors: dict[str, str] | None = None) -> None:
        """Reload from the database; ``keep`` puts back what she typed in rows that were refused."""
        self.gaps = fr.desk_gaps(self.db, self.code)
        gaps = self.gaps
        self.summary.setText(self.tr("{name}: ").format(name=gaps.name) + "　".join(gaps.summary()))
        self._filling = True
        before = {d.key: i for i, d in enumerate(self.rows)}  # rows stay where she saw them
        self.rows = sorted(gaps.departments, key=lambda d: before.get(d.key, len(before)))
        self.grid.setRowCount(len(self.rows))
        for r, d in enumerate(self.rows):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Checked if keep and d.key in keep else Qt.CheckState.Unchecked)
            self.grid.setItem(r, 0, check)
            name = QTableWidgetItem(d.name)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            name.setData(Qt.ItemDataRole.UserRole, d.key)
            self.grid.setItem(r, 1, name)
            typed = (keep or {}).get(d.key, {})
            for c, field in enumerate(EDITABLE, start=2):
                item = QTableWidgetItem(typed.get(field, getattr(d, field)))
                if errors and d.key in errors:
                    item.setBackground(QBrush(ERROR_BACKGROUND))
                self.grid.setItem(r, c, item)
            for c, text in (
                (7, "・".join(d.lacks)),
                (8, f"{d.verified_on.isoformat()} {d.verified_by}" if d.verified_on else ""),
            ):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.grid.setItem(r, c, item)
        self._filling = False
        self._fill_procedures()

    def _fill_procedures(self) -> None:
        assert self.gaps is not None
        self.procedures.setRowCount(len(self.gaps.open_procedures))
        for r, p in enumerate(self.gaps.open_procedures):
            for c, text in ((0, p.name), (1, p.hint)):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                item.setData(Qt.ItemDataRole.UserRole, p.key)
                self.procedures.setItem(r, c, item)
            combo = QComboBox()
            combo.addItem(self.tr("（未定）"), "")
            for d in sorted(self.rows, key=lambda d: d.name):
                combo.addItem(d.name, d.key)
            self.procedures.setCellWidget(r, 2, combo)

    def _edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() < 2:
            return
        self._filling = True
        _cell(self.grid, item.row(), 0).setCheckState(Qt.CheckState.Checked)  # what she touched, she checked
        self._filling = False

    def typed(self, row: int) -> dict[str, str]:
        return {f: (cell.text() if (cell := self.grid.item(row, c)) else "") for c, f in enumerate(EDITABLE, start=2)}

    def unsaved(self) -> bool:
        """A contact typed, or a procedure given its department, and not saved."""
        for r, row in enumerate(self.rows):
            typed = self.typed(r)
            if tuple(typed[f] for f in EDITABLE) != (row.phone, row.extension, row.window, row.floor, row.hours):
                return True
        return any(
            isinstance(combo := self.procedures.cellWidget(r, 2), QComboBox) and bool(combo.currentData())
            for r in range(self.procedures.rowCount())
        )

    def checked_keys(self) -> list[str]:
        return [
            self.rows[r].key
            for r in range(self.grid.rowCount())
            if _cell(self.grid, r, 0).checkState() == Qt.CheckState.Checked
        ]

    def save_all(self, verify: bool) -> None:
        edits = []
        for r in range(self.grid.rowCount()):  # only the rows she changed: the others may be newer now
            row, typed = self.rows[r], self.typed(r)
            shown = (row.phone, row.extension, row.window, row.floor, row.hours)
            if tuple(typed[f] for f in EDITABLE) != shown:
                edits.append(fr.DepartmentEdit(row.key, **typed, shown=shown))
        checked = self.checked_keys()
        result = fr.save_departments(self.editor, edits)
        for r in range(self.procedures.rowCount()):
            combo = self.procedures.cellWidget(r, 2)
            if isinstance(combo, QComboBox) and combo.currentData():
                try:
                    fr.assign_department(
                        self.editor, _cell(self.procedures, r, 0).data(Qt.ItemDataRole.UserRole), combo.currentData()
                    )
                except fr.SetupError as exc:
                    result.errors[_cell(self.procedures, r, 0).text()] = str(exc)
        verified = 0
        if verify:
            verified = fr.mark_checked(self.editor, [k for k in checked if k not in result.errors])
        keep = {
            self.rows[r].key: self.typed(r) for r in range(self.grid.rowCount()) if self.rows[r].key in result.errors
        }
        names = {d.key: d.name for d in self.rows}
        self.errors.setText(
            "\n".join(
                self.tr("{name}: {reason}").format(name=names.get(k, k), reason=v) for k, v in result.errors.items()
            )
        )
        if result.saved or verified:
            self.changed.emit()
        self.refresh(keep=keep, errors=result.errors)
        self.statusBar().showMessage(
            self.tr("保存 {saved}件、確認済み {verified}件、保存できなかったもの {failed}件").format(
                saved=len(result.saved), verified=verified, failed=len(result.errors)
            )
        )


def _cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    """A cell the window filled when it showed the rows (the name and check columns always are)."""
    item = table.item(row, column)
    assert item is not None
    return item
