"""What an import would change, before anything is applied: records on the left, the chosen
record's fields side by side (this PC's value | the incoming value) on the right, and for
spreadsheets and HSDS files the row-by-row verdicts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
)

from dvdesk.admin.diff import WHOLE, describe
from dvdesk.admin.kinds import KINDS
from dvdesk.admin.sheets import RowResult
from dvdesk.admin.sync import ADDED, CHANGED, RELINKED, RETIRED, UNLINKED, ChangePlan, RecordDiff
from dvdesk.gui.admin.admin_labels import field_label, label, path_label, plan_summary, value_text
from dvdesk.gui.admin.capped_columns import CappedColumns
from dvdesk.gui.admin.table_model import Column, ObjectTableModel
from dvdesk.gui.plain import plain_label
from dvdesk.gui.window_keys import closes_with_keys
from dvdesk.gui.window_size import open_at

ACTION_COLOURS = {ADDED: "#e3f4e1", CHANGED: "#fff4cc", RETIRED: "#fbe1e1", UNLINKED: "#fde2c4", RELINKED: "#e2ecfb"}
Names = dict[tuple[str, str], str]  # (kind, key) -> name, for showing references
ROW_WORDS = {
    "added": QT_TRANSLATE_NOOP("ImportPreviewDialog", "追加"),
    "changed": QT_TRANSLATE_NOOP("ImportPreviewDialog", "変更"),
    "retired": QT_TRANSLATE_NOOP("ImportPreviewDialog", "廃止"),
    "restored": QT_TRANSLATE_NOOP("ImportPreviewDialog", "復元"),
    "unchanged": QT_TRANSLATE_NOOP("ImportPreviewDialog", "変更なし"),
}


@dataclass(frozen=True)
class FieldRow:
    label: str
    old: str
    new: str


def field_rows(diff: RecordDiff, names: Names | None = None) -> list[FieldRow]:
    """A diff as rows of (field, old, new); an added record lists its filled fields."""
    if diff.kind not in KINDS:  # synonym groups
        return [FieldRow(label(c.label), describe(c.old), describe(c.new)) for c in diff.changes]
    kind = KINDS[diff.kind]
    rows = []
    for c in diff.display:
        if c.path == WHOLE and isinstance(c.new, dict):
            for f in kind.fields:
                value: Any = c.new.get(f.name)
                if value not in ("", None, [], False):
                    rows.append(FieldRow(field_label(f), "", value_text(kind, f.name, value, names)))
        else:
            rows.append(
                FieldRow(
                    path_label(kind, c.path),
                    value_text(kind, c.path, c.old, names),
                    value_text(kind, c.path, c.new, names),
                )
            )
    return rows


class ImportPreviewDialog(QDialog):
    """Accepting the dialog means 'apply'; the caller does the applying."""

    def __init__(
        self,
        title: str,
        header: str,
        plan: ChangePlan,
        rows: list[RowResult] | None = None,
        names: Names | None = None,
        parent=None,
        acknowledge: str = "",
    ):
        """``acknowledge``: a statement the administrator must tick before 取り込む is enabled
        (a package not signed with this PC's key: who made it, and that she accepts it)."""
        super().__init__(parent)
        self.setWindowTitle(title)
        self.plan = plan
        self.names = names or {}
        first, _, notes = header.partition("\n")  # what changes second, in view above any notes
        info = self.summary = plain_label("\n".join(x for x in (first, plan_summary(plan), notes) if x))
        info.setObjectName("summary")
        info.setTextFormat(Qt.TextFormat.PlainText)  # the manifest's PC name is data, never markup
        info.setWordWrap(True)

        self.records = ObjectTableModel(
            [
                Column(self.tr("操作"), lambda d: label(d.action_label)),
                Column(self.tr("種類"), lambda d: label(d.kind_label)),
                Column(self.tr("名称"), lambda d: d.title),
                Column(self.tr("項目", "how many fields change"), lambda d: len(field_rows(d))),
                Column(self.tr("キー"), lambda d: d.key),
            ],
            plan.diffs,
            background=lambda d, col: ACTION_COLOURS.get(d.action) if col == 0 else None,
        )
        self.record_view = QTableView()
        self.record_view.setObjectName("records")
        self.record_view.setModel(self.records)
        self.record_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.record_view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.record_view.horizontalHeader().setStretchLastSection(True)
        self.fields = ObjectTableModel(
            [
                Column(self.tr("項目"), lambda r: r.label),
                Column(self.tr("現在の値（この PC）"), lambda r: r.old),
                Column(self.tr("取り込む値"), lambda r: r.new),
            ],
            background=lambda r, col: "#fbe1e1" if col == 1 and r.old else "#e3f4e1" if col == 2 and r.new else None,
            multiline=True,
        )
        self.field_view = QTableView()
        self.field_view.setObjectName("fields")
        self.field_view.setModel(self.fields)
        self.field_view.setWordWrap(True)
        self.field_view.horizontalHeader().setStretchLastSection(True)
        self.field_view.viewport().installEventFilter(self)  # share_fields at each width
        self.record_view.selectionModel().currentRowChanged.connect(lambda cur, _: self.show_record(cur.row()))

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.record_view)
        splitter.addWidget(self.field_view)
        splitter.setSizes([470, 630])
        tabs = QTabWidget()
        tabs.addTab(splitter, self.tr("変更点"))
        if rows is not None:
            self.rows = ObjectTableModel(
                [
                    Column(self.tr("表"), lambda r: r.sheet),
                    Column(self.tr("行"), lambda r: r.row),
                    Column(
                        self.tr("結果"),
                        lambda r: (
                            self.tr("受け付けず")
                            if r.status == "rejected"
                            else self.tr("読み飛ばし")
                            if r.status == "skipped"
                            else self.tr("受付（{action}）").format(action=self.tr(str(ROW_WORDS.get(r.action, ""))))
                        ),
                    ),
                    Column(self.tr("名称"), lambda r: r.title),
                    Column(self.tr("理由"), lambda r: " / ".join(r.reasons + getattr(r, "notes", []))),
                ],
                rows,
                background=lambda r, col: "#fbe1e1" if r.status == "rejected" and col == 2 else None,
            )
            row_view = QTableView()
            row_view.setObjectName("rows")
            row_view.setModel(self.rows)
            row_view.horizontalHeader().setStretchLastSection(True)
            row_view.resizeColumnsToContents()
            rejected = sum(1 for r in rows if r.status == "rejected")
            tabs.addTab(row_view, self.tr("行ごとの結果（受け付けず {count}行）").format(count=rejected))
        self.tabs = tabs

        buttons = QDialogButtonBox()
        self.apply_button = buttons.addButton(self.tr("取り込む"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setObjectName("apply")
        buttons.addButton(self.tr("キャンセル"), QDialogButtonBox.ButtonRole.RejectRole)
        self.apply_button.setEnabled(not plan.empty and not acknowledge)
        self.acknowledge = QCheckBox(acknowledge)
        self.acknowledge.setObjectName("acknowledge")
        self.acknowledge.setVisible(bool(acknowledge))
        self.acknowledge.setStyleSheet("QCheckBox { color: #8a1f11; font-weight: bold; }")
        self.acknowledge.toggled.connect(lambda on: self.apply_button.setEnabled(on and not plan.empty))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        note = QLabel(
            self.tr(
                "取り込む前にデータベースのバックアップを取ります。"
                "取り込みはすべて成功するか、何も変わらないかのどちらかです。"
            )
            if not plan.empty
            else self.tr("取り込む変更はありません。")
        )
        note.setWordWrap(True)

        # A long header scrolls (a 100-municipality sheet's 51 「市区町村を…加えます」 lines made the
        # dialog 914 px tall at least: 取り込む below a 768-px screen, one change row in view).
        header_area = QScrollArea()
        header_area.setObjectName("summary_area")
        header_area.setWidget(info)
        header_area.setWidgetResizable(True)
        header_area.setFrameShape(QFrame.Shape.NoFrame)
        header_area.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        header_area.setMaximumHeight(info.fontMetrics().lineSpacing() * 8 + 4)
        layout = QVBoxLayout(self)
        layout.addWidget(header_area)
        layout.addWidget(tabs, 1)
        layout.addWidget(note)
        layout.addWidget(self.acknowledge)
        layout.addWidget(buttons)
        open_at(self, 1100, 640)
        closes_with_keys(self)
        # The name gives way («…») so the count of changed fields stays in view: at 240 px it pushed
        # that count past the list's edge at 1024 px (「11」 can read 「1」).
        CappedColumns(self.record_view).measure((2,))
        if plan.diffs:
            self.record_view.selectRow(0)
            self.show_record(0)

    def show_record(self, row: int) -> None:
        if 0 <= row < len(self.records.items):
            self.fields.set_items(field_rows(self.records.item(row), self.names))
            self.share_fields()

    def share_fields(self) -> None:
        """The field's name at most a third of the list, the current and the new value halves of the
        rest: at 1024 px a fixed 300-px current value pushed 取り込む値 (a phone, an address) past the
        list's edge."""
        view, header = self.field_view, self.field_view.horizontalHeader()
        room = view.viewport().width()
        view.resizeColumnToContents(0)
        view.setColumnWidth(0, max(min(view.columnWidth(0), room // 3), header.sectionSizeHint(0)))
        view.setColumnWidth(1, max((room - view.columnWidth(0)) // 2, header.sectionSizeHint(1)))
        view.resizeRowsToContents()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.field_view.viewport():
            self.share_fields()
        return False
