"""Qt models for the receiving department's queue: one row per referral, and its events."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from dvdesk.domain.casework_models import ReferralStatus
from dvdesk.domain.referrals import ReferralView
from dvdesk.gui.referrals.casework_labels import NeedNames, status_label
from dvdesk.gui.referrals.referral_model import EventTableModel

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
NEW_BG = QColor("#E3F0FB")  # not yet taken in (紹介済み): the desk's to-do
CLOSED_FG = QColor("#777777")


class QueueTableModel(QAbstractTableModel):
    HEADERS = (
        QT_TRANSLATE_NOOP("QueueTableModel", "事例番号"),
        QT_TRANSLATE_NOOP("QueueTableModel", "紹介日"),
        QT_TRANSLATE_NOOP("QueueTableModel", "状況"),
        QT_TRANSLATE_NOOP("QueueTableModel", "最終更新"),
        QT_TRANSLATE_NOOP("QueueTableModel", "ニーズ"),
        QT_TRANSLATE_NOOP("QueueTableModel", "紹介した相談員"),
    )
    CASE, DATE, STATUS, UPDATED, NEEDS, COUNSELOR = range(6)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[ReferralView] = []
        self.today = dt.date.today()
        self.need_names = NeedNames()

    def set_rows(self, rows: list[ReferralView], today: dt.date, need_names: NeedNames | None = None) -> None:
        self.beginResetModel()
        self.rows, self.today = rows, today
        self.need_names = need_names or NeedNames()
        self.endResetModel()

    def row_of(self, referral_id: int) -> int:
        return next((i for i, r in enumerate(self.rows) if r.id == referral_id), -1)

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(str(self.HEADERS[section]))  # QT_TRANSLATE_NOOP is typed as object
        return None

    def text(self, r: ReferralView, column: int) -> str:
        if column == self.CASE:
            return r.case_ref
        if column == self.DATE:
            return f"{r.referred_on:%Y-%m-%d}"
        if column == self.STATUS:
            return status_label(r.status)
        if column == self.UPDATED:
            idle = (self.today - r.updated_on).days
            return (
                self.tr("{date}（{days}日前）").format(date=f"{r.updated_on:%m/%d}", days=idle)
                if idle
                else self.tr("{date}（今日）").format(date=f"{r.updated_on:%m/%d}")
            )
        if column == self.NEEDS:
            return self.tr("、").join(self.need_names.of_key(key, label) for key, label in r.needs) or "—"
        return r.counselor

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(r, index.column())
        if role == Qt.ItemDataRole.BackgroundRole and r.status is ReferralStatus.REFERRED:
            return NEW_BG
        if role == Qt.ItemDataRole.ForegroundRole and not r.is_open:
            return CLOSED_FG
        return None


class QueueEventModel(EventTableModel):
    """The referral's steps, with the desk that recorded each (「紹介元」 for the referring desk)."""

    HEADERS = (
        QT_TRANSLATE_NOOP("QueueEventModel", "日付"),
        QT_TRANSLATE_NOOP("QueueEventModel", "状況"),
        QT_TRANSLATE_NOOP("QueueEventModel", "記録した窓口"),
        QT_TRANSLATE_NOOP("QueueEventModel", "記録"),
    )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        e = self.events[index.row()]
        return (
            f"{e.on:%Y-%m-%d}",
            status_label(e.status) if e.status else self.tr("記録"),
            e.desk or self.tr("紹介元"),
            e.note,
        )[index.column()]
