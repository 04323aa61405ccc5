"""Qt models over the referral log: one row per referral, and the events of the selected one."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from dvdesk.domain.referrals import EventView, ReferralView
from dvdesk.gui.referrals.casework_labels import NeedNames, status_label

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()  # the invisible root: these models are flat tables
STALE_BG = QColor("#FFF1C2")
CLOSED_FG = QColor("#777777")
REFERRAL_ROLE = Qt.ItemDataRole.UserRole


class ReferralTableModel(QAbstractTableModel):
    HEADERS = (
        QT_TRANSLATE_NOOP("ReferralTableModel", "事例番号"),
        QT_TRANSLATE_NOOP("ReferralTableModel", "紹介日"),
        QT_TRANSLATE_NOOP("ReferralTableModel", "紹介先"),
        QT_TRANSLATE_NOOP("ReferralTableModel", "ニーズ"),
        QT_TRANSLATE_NOOP("ReferralTableModel", "状況"),
        QT_TRANSLATE_NOOP("ReferralTableModel", "経過"),
        QT_TRANSLATE_NOOP("ReferralTableModel", "最終更新"),
        QT_TRANSLATE_NOOP("ReferralTableModel", "担当"),
    )
    CASE, DATE, TARGETS, NEEDS, STATUS, AGE, UPDATED, COUNSELOR = range(8)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[ReferralView] = []
        self.today = dt.date.today()
        self.reminder_days = 14
        self.need_names = NeedNames()

    def set_rows(
        self, rows: list[ReferralView], today: dt.date, reminder_days: int, need_names: NeedNames | None = None
    ) -> None:
        self.beginResetModel()
        self.rows, self.today, self.reminder_days = rows, today, reminder_days
        self.need_names = need_names or NeedNames()
        self.endResetModel()

    def referral(self, row: int) -> ReferralView:
        return self.rows[row]

    def row_of(self, referral_id: int) -> int:
        return next((i for i, r in enumerate(self.rows) if r.id == referral_id), -1)

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(str(self.HEADERS[section]))
        return None

    def text(self, r: ReferralView, column: int) -> str:
        if column == self.CASE:
            return r.case_ref
        if column == self.DATE:
            return f"{r.referred_on:%Y-%m-%d}"
        if column == self.TARGETS:
            return self.tr("、").join(r.departments)
        if column == self.NEEDS:
            return self.tr("、").join(self.need_names.of_key(key, label) for key, label in r.needs) or "—"
        if column == self.STATUS:
            return status_label(r.status)
        if column == self.AGE:
            return self.tr("{days}日").format(days=r.age_days(self.today)) if r.is_open else "—"
        if column == self.UPDATED:
            idle = r.idle_days(self.today)
            return (
                self.tr("{date}（{days}日前）").format(date=f"{r.updated_on:%m/%d}", days=idle)
                if idle
                else self.tr("{date}（今日）").format(date=f"{r.updated_on:%m/%d}")
            )
        return r.counselor

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(r, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.TARGETS:
            return "\n".join(t.label for t in r.targets)
        if role == REFERRAL_ROLE:
            return r
        if role == Qt.ItemDataRole.BackgroundRole and r.is_stale(self.today, self.reminder_days):
            return STALE_BG
        if role == Qt.ItemDataRole.ForegroundRole and not r.is_open:
            return CLOSED_FG
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == self.AGE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class EventTableModel(QAbstractTableModel):
    HEADERS: tuple[object, ...] = (
        QT_TRANSLATE_NOOP("EventTableModel", "日付"),
        QT_TRANSLATE_NOOP("EventTableModel", "状況"),
        QT_TRANSLATE_NOOP("EventTableModel", "記録"),
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self.events: tuple[EventView, ...] = ()

    def set_events(self, events: tuple[EventView, ...]) -> None:
        self.beginResetModel()
        self.events = events
        self.endResetModel()

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.events)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(str(self.HEADERS[section]))
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        e = self.events[index.row()]
        # A step recorded by the receiving department from its queue names it (shared mode).
        note = self.tr("［{desk}］{note}").format(desk=e.desk, note=e.note) if e.desk else e.note
        return (f"{e.on:%Y-%m-%d}", status_label(e.status) if e.status else self.tr("記録"), note)[index.column()]
