"""The verification report: records nobody has checked for a year, and records without phones."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTableView, QVBoxLayout

from dvdesk.admin.verification import NEVER, NO_PHONE, ReportRow
from dvdesk.gui.admin.admin_labels import label
from dvdesk.gui.admin.capped_columns import CappedColumns
from dvdesk.gui.admin.table_model import Column, ObjectTableModel
from dvdesk.gui.window_keys import closes_with_keys
from dvdesk.gui.window_size import open_at

COLOURS = {NEVER: "#fff4cc", NO_PHONE: "#fbe1e1"}


class VerificationReportDialog(QDialog):
    def __init__(self, rows: list[ReportRow], parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("確認レポート"))
        never = sum(1 for r in rows if r.problem == NEVER)
        no_phone = sum(1 for r in rows if r.problem == NO_PHONE)
        summary = QLabel(
            self.tr(
                "未確認 {never}件、1年以上確認なし {stale}件、電話番号なし {no_phone}件。"
                "一覧の「確認済みにする」で確認日を記録できます。"
            ).format(never=never, stale=len(rows) - never - no_phone, no_phone=no_phone)
        )
        summary.setWordWrap(True)
        self.model = ObjectTableModel(
            [
                Column(self.tr("問題"), lambda r: label(r.problem_label)),
                Column(self.tr("種類"), lambda r: label(r.kind_label)),
                Column(self.tr("市区町村"), lambda r: r.municipality or self.tr("全国")),
                Column(self.tr("名称"), lambda r: r.title),
                Column(
                    self.tr("最終確認"),
                    lambda r: (
                        self.tr("{date}（{who}）").format(date=r.verified_on, who=r.verified_by)
                        if r.verified_on
                        else "—"
                    ),
                ),
                Column(self.tr("キー"), lambda r: r.key),
            ],
            rows,
            background=lambda r, col: COLOURS.get(r.problem) if col == 0 else None,
        )
        view = QTableView()
        view.setObjectName("report")
        view.setModel(self.model)
        view.setSortingEnabled(False)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        view.horizontalHeader().setStretchLastSection(True)
        self.view = view
        # The name gives way («…») so that 最終確認 stays in view: at 1024 px it ran past the edge.
        CappedColumns(view).measure((3,))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("閉じる"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(view)
        layout.addWidget(buttons)
        open_at(self, 980, 560)
        closes_with_keys(self)
