"""The About dialog (ヘルプ > dvdesk について): version, the data's version, bundled licences.

Wire it into the Help menu with ``AboutDialog(db, parent).exec()``. What it says comes from
``dvdesk.about`` (no Qt there); the library list is a table model, the font licence plain text.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dvdesk import __version__, about

_Index = QModelIndex | QPersistentModelIndex


class ComponentModel(QAbstractTableModel):
    HEADERS = ("名称", "版", "ライセンス", "備考")

    def __init__(self, components: list[about.Component], parent: QWidget | None = None):
        super().__init__(parent)
        self._rows = components

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        c = self._rows[index.row()]
        return (c.name, c.version, c.licence, c.note)[index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None


def _data_form(db) -> QWidget:  # type: ignore[no-untyped-def]
    box = QWidget()
    form = QFormLayout(box)
    try:
        v = about.data_version(db)
    except Exception as exc:  # the dialog must open even if the database cannot be read
        form.addRow("データ", QLabel(f"読み取れませんでした（{type(exc).__name__}）"))
        return box
    missing = "—"
    rows = [
        ("収録件数", f"市区町村 {v.municipalities:,}、サービス {v.services:,}"),
        ("データベースの版", v.schema or missing),
        ("同梱データの読み込み", v.bundled_loaded_at.replace("T", " ") or missing),
        ("最後に取り込んだデータパッケージ", v.last_package or "なし"),
        ("サービス情報の最終確認日", v.last_verified or "未確認"),
        ("この PC での更新回数", f"{v.changes:,}"),
        ("データベースの場所", str(db.path)),
    ]
    for label, value in rows:
        shown = QLabel(value)
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        shown.setWordWrap(True)
        form.addRow(label, shown)
    return box


class AboutDialog(QDialog):
    def __init__(self, db, parent: QWidget | None = None):  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setWindowTitle("dvdesk について")
        layout = QVBoxLayout(self)
        title = QLabel(f"<b>dvdesk {__version__}</b><br>DV・女性相談窓口のための支援先ディレクトリ")
        layout.addWidget(title)

        tabs = QTabWidget()
        tabs.addTab(_data_form(db), "データ")

        self.components = ComponentModel(about.components(), self)
        table = QTableView()
        table.setModel(self.components)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        libraries = QWidget()
        lib_layout = QVBoxLayout(libraries)
        lib_layout.addWidget(table)
        folder = about.licences_folder()
        if folder:
            note = QLabel(f"ライセンス全文: {folder}")
            note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            lib_layout.addWidget(note)
        tabs.addTab(libraries, "ライブラリとライセンス")

        self.font_licence = QPlainTextEdit(about.font_licence_text() or "（ライセンス文が見つかりません）")
        self.font_licence.setReadOnly(True)
        tabs.addTab(self.font_licence, "フォントのライセンス")
        layout.addWidget(tabs)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("閉じる")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 480)
