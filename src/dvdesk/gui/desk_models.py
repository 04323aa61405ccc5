"""Item models over the desk's plain records. They hold rows, the database does the filtering.

The department tree is in ``department_model``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore
from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QColor, QFont

from dvdesk.app.directory_queries import NeedRow
from dvdesk.domain import translatable
from dvdesk.domain.record_kinds import CIRCUMSTANCES, OrgKind, ServiceKind
from dvdesk.domain.search import ORGANIZATION, PROCEDURE, SearchHit
from dvdesk.gui.qt_ints import Align, Role

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

# The models compare the role Qt gives them (an int) with ``qt_ints.Role``; their headers are read
# through ``gui.static_headers`` (neither creates PySide's ``Qt`` namespace before the first paint).
ID_ROLE = Role.USER + 1  # service id (0 on a procedure's or department's row), organization id
KEY_ROLE = Role.USER + 2  # need key
ITEM_ROLE = Role.USER + 3  # (item, id): ("service" | "procedure" | "organization", record id)

Index = QModelIndex | QPersistentModelIndex
Fetch = Callable[[int], tuple[list[SearchHit], bool]]  # rows after the first n, and whether more follow
# Colours for Qt.ForegroundRole, given as QColor: Qt's delegate turns them into its brush, and a
# QBrush made here made PySide create QGradient's Python enums (182 members) before the first paint.
_MUTED = QColor("#6b6b6b")
_MISSING = QColor("#a33a00")


def kind_label(kind: ServiceKind) -> str:
    if kind is ServiceKind.PREVENTION:
        return QCoreApplication.translate("Labels", "啓発・予防")
    if kind is ServiceKind.INTERNAL:
        return QCoreApplication.translate("Labels", "庁内の取組")
    return QCoreApplication.translate("Labels", "利用者向け")


def circumstance_label(key: str) -> str:
    """A circumstance (a ``record_kinds.CIRCUMSTANCES`` key) in the interface language; another key as it is."""
    ja = CIRCUMSTANCES.get(key)
    return QCoreApplication.translate(translatable.CIRCUMSTANCE, ja) if ja else key


def item_label(hit: SearchHit) -> str:
    """The kind column: a service's kind, or what else the row is."""
    if hit.item == PROCEDURE:
        return QCoreApplication.translate("Labels", "手続き")
    if hit.item == ORGANIZATION:
        return QCoreApplication.translate("Labels", "部署・機関")
    return kind_label(hit.kind)


def org_kind_label(kind: str) -> str:
    labels: dict[str, str] = {
        OrgKind.CITY_DEPARTMENT: QCoreApplication.translate("Labels", "市の課・室"),
        OrgKind.CITY_CENTER: QCoreApplication.translate("Labels", "市のセンター・施設"),
        OrgKind.PREFECTURE: QCoreApplication.translate("Labels", "県・都の機関"),
        OrgKind.POLICE: QCoreApplication.translate("Labels", "警察"),
        OrgKind.CHILD_GUIDANCE: QCoreApplication.translate("Labels", "児童相談所"),
        OrgKind.COURT: QCoreApplication.translate("Labels", "裁判所"),
        OrgKind.PRIVATE: QCoreApplication.translate("Labels", "民間支援団体"),
        OrgKind.NATIONAL: QCoreApplication.translate("Labels", "全国の窓口・国の機関"),
        OrgKind.MEDICAL: QCoreApplication.translate("Labels", "医療機関"),
        OrgKind.OTHER: QCoreApplication.translate("Labels", "その他"),
    }
    return labels.get(kind, kind)


def _show_columns(model: ResultsModel | NeedTreeModel, shown: bool) -> None:
    """No columns while a view takes the model (``gui.static_headers``), then a reset with them."""
    if shown != model.columns_shown:
        model.beginResetModel()
        model.columns_shown = shown
        model.endResetModel()


def nationwide() -> str:
    return QCoreApplication.translate("Labels", "全国")


class ResultsModel(QAbstractTableModel):
    """Search hits (or one department's services): name, provider, area, phone, kind."""

    NAME, PROVIDER, AREA, PHONE, KIND = range(5)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []
        self._fetch: Fetch | None = None
        # False: the kind column names only what is not a client service (procedures, departments,
        # the prevention/internal items a search names), so it stays narrow and says what differs.
        self.label_clients = True
        # The translated words of the header and cells, looked up once per list (Qt asks for them
        # thousands of times while it lays the table out; each lookup goes through the translator).
        self._words: dict[tuple, str] = {}
        self._headers: tuple[str, ...] = ()
        self.columns_shown = True

    def set_hits(self, hits: Sequence[SearchHit], fetch: Fetch | None = None) -> None:
        """New rows; ``fetch(n)`` gives the rows after the first ``n`` and whether more follow,
        asked by the view when the counselor scrolls to the end (None: the list is whole)."""
        self.beginResetModel()
        self._hits = list(hits)
        self._fetch = fetch
        self._words.clear()
        self._headers = ()
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and self._fetch is not None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid() or self._fetch is None:
            return
        rows, more = self._fetch(len(self._hits))
        if not more:
            self._fetch = None
        if rows:
            self.beginInsertRows(QModelIndex(), len(self._hits), len(self._hits) + len(rows) - 1)
            self._hits += rows
            self.endInsertRows()

    def hit(self, row: int) -> SearchHit:
        return self._hits[row]

    def row_of(self, service_id: int, item: str = "service") -> int:
        return next((i for i, h in enumerate(self._hits) if h.service_id == service_id and h.item == item), -1)

    def only_client_services(self) -> bool:
        return all(h.is_service and h.kind is ServiceKind.CLIENT for h in self._hits)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or not self.columns_shown else 5

    def header_labels(self) -> tuple[str, ...]:
        if not self._headers:
            self._headers = (
                self.tr("支援・サービス"),
                self.tr("提供する部署・機関"),
                self.tr("地域"),
                self.tr("電話"),
                self.tr("種類"),
            )
        return self._headers

    def show_columns(self, shown: bool) -> None:
        _show_columns(self, shown)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Role.DISPLAY) -> Any:
        """What the view's headers show (``static_headers`` gives them the same from C++); asked
        here by screen readers."""
        if orientation == QtCore.Qt.Orientation.Horizontal and role == Role.DISPLAY:
            return self.header_labels()[section]
        return None

    def data(self, index: Index, role: int = Role.DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit, col = self._hits[index.row()], index.column()
        if role == Role.DISPLAY:
            return self._text(hit, col)
        if role == Role.TOOL_TIP:
            if col == self.PHONE and hit.phone:
                return "\n".join(x for x in (hit.phone, hit.hours) if x)
            return f"{hit.name}\n{hit.provider}" if col in (self.NAME, self.PROVIDER) else self._text(hit, col)
        if role == Role.FOREGROUND:
            if col == self.PHONE and hit.is_service and not hit.phone:
                return _MISSING
            if hit.kind is not ServiceKind.CLIENT:
                return _MUTED
        if role == Role.FONT and self._bold(hit, col):
            font = QFont()
            font.setBold(True)
            return font
        if role == ID_ROLE:
            return hit.service_id if hit.is_service else 0
        if role == ITEM_ROLE:
            return (hit.item, hit.service_id)
        if role == Role.ACCESSIBLE_TEXT:
            return ", ".join(self._text(hit, c) for c in range(5))
        return None

    def cell(self, row: int, col: int) -> tuple[str, bool]:
        """What a cell shows and whether in bold: all its size depends on (see ``ResultsTable``)."""
        hit = self._hits[row]
        return self._text(hit, col), self._bold(hit, col)

    def _bold(self, hit: SearchHit, col: int) -> bool:
        return col == self.PHONE and hit.always_open

    def _text(self, hit: SearchHit, col: int) -> str:
        if col == self.NAME:
            return hit.name
        if col == self.PROVIDER:
            return hit.provider
        if col == self.AREA:
            return hit.municipality or self._word(("area",), nationwide)
        if col == self.PHONE:
            return self.phone_text(hit)
        if not self.label_clients and hit.is_service and hit.kind is ServiceKind.CLIENT:
            return ""
        return self._word((hit.item, hit.kind), lambda: item_label(hit))

    def _word(self, key: tuple, translate: Callable[[], str]) -> str:
        word = self._words.get(key)
        if word is None:
            word = self._words[key] = translate()
        return word

    def phone_text(self, hit: SearchHit) -> str:
        """The number a client may be given, with 24時間 when it answers day and night."""
        if not hit.is_service:
            return ""
        if hit.phone:
            around_the_clock = self._word(("24h",), lambda: self.tr("24時間"))
            return f"{hit.phone}\n{around_the_clock}" if hit.always_open else hit.phone  # keeps the column narrow
        # A number exists but only for staff (an internal line): never shown in the list.
        if hit.has_phone:
            return self._word(("see detail",), lambda: self.tr("詳細を参照"))
        return self._word(("not recorded",), lambda: self.tr("未登録"))


class NeedTreeModel(QAbstractItemModel):
    """The need taxonomy with per-municipality counts; labels in the interface language."""

    LABEL, COUNT = range(2)

    def __init__(self, english: bool = False, parent: Any = None) -> None:
        super().__init__(parent)
        self.english = english
        self._roots: tuple[NeedRow, ...] = ()
        self._parent_of: dict[int, tuple[NeedRow | None, int]] = {}  # id(row) -> (parent, row no.)
        self.columns_shown = True

    def set_needs(self, roots: Sequence[NeedRow]) -> None:
        self.beginResetModel()
        self._roots = tuple(roots)
        self._parent_of = {}

        def walk(rows: tuple[NeedRow, ...], parent: NeedRow | None) -> None:
            for i, r in enumerate(rows):
                self._parent_of[id(r)] = (parent, i)
                walk(r.children, r)

        walk(self._roots, None)
        self.endResetModel()

    def label(self, need: NeedRow) -> str:
        return (need.label_en or need.label_ja) if self.english else need.label_ja

    def _row(self, index: Index) -> NeedRow | None:
        return index.internalPointer() if index.isValid() else None

    def _children(self, parent: NeedRow | None) -> tuple[NeedRow, ...]:
        return self._roots if parent is None else parent.children

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        kids = self._children(self._row(parent))
        if not (0 <= row < len(kids) and 0 <= column < 2):
            return QModelIndex()
        return self.createIndex(row, column, kids[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # QObject.parent() too
        need = self._row(index)
        if need is None:
            return QModelIndex()
        parent, _ = self._parent_of[id(need)]
        if parent is None:
            return QModelIndex()
        return self.createIndex(self._parent_of[id(parent)][1], 0, parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children(self._row(parent)))

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 2 if self.columns_shown else 0

    def header_labels(self) -> tuple[str, ...]:
        # The header is hidden; an empty count title lets that column shrink to its numbers.
        return (self.tr("分野"), "")

    def show_columns(self, shown: bool) -> None:
        _show_columns(self, shown)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Role.DISPLAY) -> Any:
        """As ``ResultsModel.headerData``."""
        if orientation == QtCore.Qt.Orientation.Horizontal and role == Role.DISPLAY:
            return self.header_labels()[section]
        return None

    def data(self, index: Index, role: int = Role.DISPLAY) -> Any:
        need = self._row(index)
        if need is None:
            return None
        if role == Role.DISPLAY:
            return self.label(need) if index.column() == self.LABEL else str(need.count)
        if role == Role.TOOL_TIP:
            if index.column() == self.COUNT:
                return self.tr("この分野の支援：{count}件").format(count=need.count)
            return need.description or self.label(need)
        if role == Role.TEXT_ALIGNMENT and index.column() == self.COUNT:
            return Align.RIGHT | Align.V_CENTER
        if role == Role.FOREGROUND and need.count == 0:
            return _MUTED
        if role == KEY_ROLE:
            return need.key
        if role == Role.ACCESSIBLE_TEXT:
            return self.tr("{label}、{count}件").format(label=self.label(need), count=need.count)
        return None

    def index_of(self, key: str) -> QModelIndex:
        for need, (_, row) in ((n, self._parent_of[id(n)]) for n in self._all()):
            if need.key == key:
                return self.createIndex(row, 0, need)
        return QModelIndex()

    def _all(self) -> list[NeedRow]:
        out: list[NeedRow] = []

        def walk(rows: tuple[NeedRow, ...]) -> None:
            for r in rows:
                out.append(r)
                walk(r.children)

        walk(self._roots)
        return out
