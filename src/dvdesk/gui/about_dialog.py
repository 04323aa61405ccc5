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
from dvdesk.gui.plain import plain_label

_Index = QModelIndex | QPersistentModelIndex


class ComponentModel(QAbstractTableModel):
    """Rows of (name, version, licence, note), already worded for the interface language."""

    def __init__(self, rows: list[tuple[str, str, str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self._rows = rows
        self._headers = (self.tr("名称"), self.tr("版"), self.tr("ライセンス"), self.tr("備考"))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        return self._rows[index.row()][index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None


class AboutDialog(QDialog):
    def __init__(self, db, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("dvdesk について"))
        layout = QVBoxLayout(self)
        subtitle = self.tr("DV・女性相談窓口のための支援先ディレクトリ")
        layout.addWidget(QLabel(f"<b>dvdesk {__version__}</b><br>{subtitle}"))

        tabs = QTabWidget()
        tabs.addTab(self._data_form(db), self.tr("データ"))

        rows = [(c.name, c.version, c.licence, self._note(c)) for c in about.components()]
        self.components = ComponentModel(rows, self)
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
            note = QLabel(self.tr("ライセンス全文: {folder}").format(folder=folder))
            note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            lib_layout.addWidget(note)
        tabs.addTab(libraries, self.tr("ライブラリとライセンス"))

        text = about.font_licence_text() or self.tr("（ライセンス文が見つかりません）")
        self.font_licence = QPlainTextEdit(text)
        self.font_licence.setReadOnly(True)
        tabs.addTab(self.font_licence, self.tr("フォントのライセンス"))
        layout.addWidget(tabs)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("閉じる"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 480)

    def _note(self, c: about.Component) -> str:
        roles = {
            "program": self.tr("DV・女性相談窓口のための支援先ディレクトリ"),
            "font": self.tr("印刷・画面用フォント"),
            "gui": self.tr("動的ライブラリとして同梱（差し替え可能）"),
            "excel": self.tr("Excel 出力"),
            "data": self.tr("初期設定の市区町村一覧"),
        }
        parts = [roles.get(c.role, "")]
        if c.used_by:
            parts.append(self.tr("{name} が使用").format(name=c.used_by))
        parts.append(c.note)
        return "; ".join(p for p in parts if p)

    def _package(self, record: about.PackageRecord | None) -> str:
        if record is None:
            return self.tr("なし")
        return self.tr("{pc} から（{exported} 書き出し、{imported} 取り込み）").format(
            pc=record.source_pc or "—", exported=record.exported_at or "—", imported=record.imported_at or "—"
        )

    def _data_form(self, db) -> QWidget:
        box = QWidget()
        form = QFormLayout(box)
        try:
            v = about.data_version(db)
        except Exception as exc:  # the dialog must open even if the database cannot be read
            error = QLabel(self.tr("読み取れませんでした（{error}）").format(error=type(exc).__name__))
            form.addRow(self.tr("データ"), error)
            return box
        counts = self.tr("市区町村 {municipalities}、サービス {services}").format(
            municipalities=f"{v.municipalities:,}", services=f"{v.services:,}"
        )
        rows = [
            (self.tr("収録件数"), counts),
            (self.tr("データベースの版"), v.schema or "—"),
            (self.tr("同梱データの読み込み"), v.bundled_loaded_at.replace("T", " ") or "—"),
            (self.tr("最後に取り込んだデータパッケージ"), self._package(v.last_package)),
            (self.tr("サービス情報の最終確認日"), v.last_verified or self.tr("未確認")),
            (
                self.tr("データの出どころ"),
                self.tr(
                    "部署・サービス・手続きの名称と内容は市の計画と公開資料から（各記録の「出典」）。"
                    "市の部署の電話番号・内線・窓口・階は市の管理者が入力したもの（履歴に記録）。"
                    "市で確認済み {checked}件、計画・資料のまま未確認 {unchecked}件"
                ).format(checked=f"{v.city_verified:,}", unchecked=f"{v.from_sources_only:,}"),
            ),
            (self.tr("この PC での更新回数"), f"{v.changes:,}"),
            (self.tr("データベースの場所"), db.location),
        ]
        for label, value in rows:
            shown = plain_label(value)  # a path or a PC name, never markup
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setWordWrap(True)
            form.addRow(label, shown)
        return box
