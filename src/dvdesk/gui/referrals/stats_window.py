"""The statistics window: the fiscal year's tables and charts, Excel/CSV export, chart images.

Openable on its own (``StatisticsWindow(db)``). The numbers come from ``dvdesk.domain.statistics``;
this window only shows them and hands them to ``report_export``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dvdesk.app.statistics import Statistics
from dvdesk.domain import fiscal, report_export
from dvdesk.domain.statistics import CrossTable, Source, YearReport
from dvdesk.gui.kept_dialog import let_go
from dvdesk.gui.plain import plain_label
from dvdesk.gui.referrals import casework_labels
from dvdesk.gui.referrals.bar_chart import BarChart, Series
from dvdesk.gui.referrals.casework_labels import (
    NeedNames,
    fiscal_period_label,
    fiscal_year_label,
    month_label,
    source_label,
)
from dvdesk.gui.referrals.casework_widgets import MessageBar, attempt, use_japanese_font
from dvdesk.gui.referrals.count_entry_dialog import CountEntryDialog
from dvdesk.gui.referrals.report_models import CrossTableModel
from dvdesk.gui.window_size import open_at


class ReportTab(QWidget):
    """One of the report's tables, with its chart below and a button to save the chart."""

    def __init__(self, orientation: Qt.Orientation, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = CrossTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(44)
        # The names (a department's can be 30 characters) wrap within what the counts leave: sized to
        # the longest, they pushed 合計 and うちDV past the table's edge at 1024 px.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.setWordWrap(True)
        rows = self.table.verticalHeader()
        rows.setMinimumSectionSize(rows.defaultSectionSize())  # as tall as before, a wrapped name taller
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.viewport().installEventFilter(self)
        self.chart = BarChart(orientation)
        self.save_chart_button = QPushButton(self.tr("グラフを画像で保存…"))
        self.note = plain_label()  # names a table header from the data
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color:#555555;")
        below = QWidget()
        layout = QVBoxLayout(below)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.chart, 1)
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.save_chart_button)
        layout.addLayout(row)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(below)
        split.setSizes([260, 420])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(split)

    def fit_names(self) -> None:
        """The name column as wide as its longest name, within what the count columns leave."""
        table, header = self.table, self.table.horizontalHeader()
        counts = sum(table.columnWidth(c) for c in range(1, self.model.columnCount()))
        room = table.viewport().width() - counts
        width = max(min(table.sizeHintForColumn(0), room), header.sectionSizeHint(0), 120)
        if width != table.columnWidth(0):
            table.setColumnWidth(0, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit_names()
        return False

    def show_table(
        self, report: YearReport, table: CrossTable, chart_title: str, footnote: str, names: NeedNames | None = None
    ) -> None:
        names = names or NeedNames()
        self.model.set_table(table, report.fiscal_year, names)
        self.fit_names()
        self.note.setText(casework_labels.overlap_note(table.row_header) if table.overlapping else "")
        if self.chart.orientation == Qt.Orientation.Vertical:  # months along the bottom, channels stacked
            categories = [month_label(m) for m in report.months]
            series = [Series(names.of_label(r.label), r.months) for r in table.rows]
        else:  # one bar per row, DV and other stacked
            rows = [r for r in table.rows if r.total]
            categories = [names.of_label(r.label) for r in rows]
            series = [
                Series(self.tr("DV相談"), tuple(r.dv for r in rows)),
                Series(self.tr("DV以外"), tuple(r.total - r.dv for r in rows)),
            ]
        self.chart.set_data(chart_title, categories, series, footnote=footnote)


class StatisticsWindow(QWidget):
    def __init__(self, db, parent: QWidget | None = None, *, clock: Callable[[], dt.date] = dt.date.today):
        super().__init__(parent)
        self.db, self.clock = db, clock
        self.statistics = Statistics(db)
        self.report: YearReport | None = None
        self.entry_dialog: CountEntryDialog | None = None
        self.setWindowTitle(self.tr("相談件数の集計 — dvdesk"))
        use_japanese_font(self)
        open_at(self, 1180, 820)
        self.year = QComboBox()
        self.source = QComboBox()
        for source in Source:
            self.source.addItem(source_label(source), source)
        self.summary = plain_label()
        self.summary.setStyleSheet("font-size:15pt; font-weight:bold; padding:4px 0;")
        self.enter_button = QPushButton(self.tr("件数を入力…"))
        self.xlsx_button = QPushButton(self.tr("Excel に出力…"))
        self.csv_button = QPushButton(self.tr("CSV に出力…"))
        self.tabs = QTabWidget()
        self.by_month = ReportTab(Qt.Orientation.Vertical)
        self.by_department = ReportTab(Qt.Orientation.Horizontal)
        self.by_need = ReportTab(Qt.Orientation.Horizontal)
        self.tabs.addTab(self.by_month, self.tr("月別（相談方法別）"))
        self.tabs.addTab(self.by_department, self.tr("担当課・機関別"))
        self.tabs.addTab(self.by_need, self.tr("ニーズ別"))
        self.message = MessageBar()
        tools = QHBoxLayout()
        tools.addWidget(QLabel(self.tr("年度")))
        tools.addWidget(self.year)
        tools.addSpacing(12)
        tools.addWidget(QLabel(self.tr("集計のもと")))
        tools.addWidget(self.source)
        tools.addStretch()
        # The buttons on the summary's line: on the selectors' line the window was 1,171 px wide at
        # least in English, past a 1024-px screen.
        head = QHBoxLayout()
        head.addWidget(self.summary, 1)
        head.addWidget(self.enter_button)
        head.addWidget(self.xlsx_button)
        head.addWidget(self.csv_button)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addLayout(head)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        self.year.currentIndexChanged.connect(lambda _: self.refresh())
        self.source.currentIndexChanged.connect(lambda _: self.refresh())
        self.enter_button.clicked.connect(self.open_count_entry)
        self.xlsx_button.clicked.connect(self._ask_xlsx)
        self.csv_button.clicked.connect(self._ask_csv)
        for tab in (self.by_month, self.by_department, self.by_need):
            tab.save_chart_button.clicked.connect(lambda _=False, t=tab: self._ask_chart(t))
        self.fill_years()

    def fill_years(self, keep: int | None = None) -> None:
        years = self.statistics.years_with_data(self.clock())
        keep = keep or self.year.currentData() or fiscal.fiscal_year_of(self.clock())
        self.year.blockSignals(True)
        self.year.clear()
        for y in years:
            self.year.addItem(self.tr("{label}（{year}年度）").format(label=fiscal_year_label(y), year=y), y)
        self.year.setCurrentIndex(max(0, self.year.findData(keep)))
        self.year.blockSignals(False)
        self.refresh()

    def set_year(self, year: int, source: Source = Source.ENTERED) -> None:
        self.source.setCurrentIndex(self.source.findData(source))
        self.year.setCurrentIndex(self.year.findData(year))
        self.refresh()

    def refresh(self) -> None:
        year = self.year.currentData()
        if year is None:
            return
        source = Source(self.source.currentData())
        self.report = r = self.statistics.year_report(year, source)
        names = NeedNames(self.statistics.need_labels())
        ratio = self.tr("（{percent}）").format(percent=f"{r.dv_ratio:.1%}") if r.dv_ratio is not None else ""
        noun = self.tr("紹介件数") if source is Source.REFERRALS else self.tr("相談件数")
        label = fiscal_year_label(r.fiscal_year)
        self.summary.setText(
            self.tr("{year}　{what} {total}件　うちDV {dv}件{ratio}").format(
                year=label, what=noun, total=f"{r.total:,}", dv=f"{r.dv_total:,}", ratio=ratio
            )
        )
        footnote = self.tr("{period}　集計のもと: {source}　{date} 作成").format(
            period=fiscal_period_label(r.fiscal_year), source=source_label(source), date=f"{self.clock():%Y-%m-%d}"
        )
        self.by_month.show_table(
            r, r.by_channel, self.tr("{year} 月別{what}（相談方法別）").format(year=label, what=noun), footnote, names
        )
        self.by_department.show_table(
            r, r.by_department, self.tr("{year} 担当課・機関別{what}").format(year=label, what=noun), footnote, names
        )
        self.by_need.show_table(
            r, r.by_need, self.tr("{year} ニーズ別{what}").format(year=label, what=noun), footnote, names
        )

    # ------------------------------------------------------------ files

    def _default_path(self, suffix: str, what: str | None = None) -> str:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        label = fiscal_year_label(self.report.fiscal_year) if self.report else self.tr("集計")
        return str(Path(folder) / f"{label}_{self.tr('相談件数') if what is None else what}{suffix}")

    def _current_report(self) -> YearReport:
        """The report as the log and the counts stand now: referrals recorded, corrected or deleted
        while the window stayed open are in the file (and on screen again), never the figures of
        when it was last filled."""
        self.refresh()
        assert self.report is not None
        return self.report

    def export_xlsx(self, path: str | Path) -> bool:
        ok, _ = attempt(self.message, lambda: report_export.write_xlsx(self._current_report(), Path(path)))
        if ok:
            self.message.show_info(self.tr("Excel ファイルに保存しました: {path}").format(path=path))
        return ok

    def export_csv(self, path: str | Path, encoding: str = "utf-8-sig") -> bool:
        notes: list[str] = []  # what CP932 spells differently, cell by cell (Japanese, from the domain)
        ok, _ = attempt(
            self.message, lambda: report_export.write_csv(self._current_report(), Path(path), encoding, notes)
        )
        if ok:
            self.message.show_info(
                self.tr("CSV（{encoding}）に保存しました: {path}").format(
                    encoding=casework_labels.label(report_export.CSV_ENCODINGS[encoding]), path=path
                )
                + "".join(f"\n{note}" for note in notes)
            )
        return ok

    def save_chart(self, tab: ReportTab, path: str | Path) -> bool:
        ok, _ = attempt(self.message, self._current_report)  # the chart drawn from the log as it stands
        if not ok:
            return False
        failed = tab.chart.save_png(str(path))
        if failed is not None:
            self.message.show_error(failed or self.tr("画像を保存できませんでした: {path}").format(path=path))
            return False
        self.message.show_info(self.tr("グラフを画像に保存しました: {path}").format(path=path))
        return True

    def _ask_xlsx(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Excel に出力"), self._default_path(".xlsx"), self.tr("Excel ブック (*.xlsx)")
        )
        if path:
            self.export_xlsx(path if path.endswith(".xlsx") else path + ".xlsx")

    def _ask_csv(self) -> None:
        filters = {
            self.tr("CSV UTF-8・Excel向け (*.csv)"): "utf-8-sig",
            self.tr("CSV Shift_JIS・CP932 (*.csv)"): "cp932",
        }
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("CSV に出力"), self._default_path(".csv"), ";;".join(filters)
        )
        if path:
            self.export_csv(path if path.endswith(".csv") else path + ".csv", filters.get(chosen, "utf-8-sig"))

    def _ask_chart(self, tab: ReportTab) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("グラフを画像で保存"),
            self._default_path(".png", self.tabs.tabText(self.tabs.indexOf(tab))),
            self.tr("PNG 画像 (*.png)"),
        )
        if path:
            self.save_chart(tab, path if path.endswith(".png") else path + ".png")

    def open_count_entry(self) -> CountEntryDialog:
        let_go(self.entry_dialog)
        self.entry_dialog = CountEntryDialog(self.db, self.clock(), parent=self)
        self.entry_dialog.saved.connect(lambda: self.fill_years(self.year.currentData()))
        self.entry_dialog.open()
        return self.entry_dialog
