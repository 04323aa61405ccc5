"""The desk's notice while this PC's municipality is not chosen (first-run setup not done).

A new desk opens on 全市区町村: every municipality of the directory with the national lines. For
a city whose records are not in it yet (or that is one of several in it), that list mixes other
towns' departments into her searches. So while no municipality is set for this PC and the desk
shows 全市区町村, the window says so above the list, names whose places she is looking at, and
offers the two ways out: choosing her municipality in the box (remembered in ``dvdesk.ini``, the
default at every start) or the administrator's 初期設定, which sets it for the PC (and adds a city
the directory lacks).

A desk that is set up keeps her choice (全市区町村, another town), even one an older ``dvdesk.ini``
made before the setup, but never silently: beside the box a short line says what is shown and which
municipality is this PC's, with a button back to it (``TownLine``; h13-attack: a 高岡市 desk opened on
全市区町村 at every start and other towns' departments came up in her searches, unsaid).
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from dvdesk.gui.qt_ints import TextFormat, set_property
from dvdesk.gui.qt_wrap import push_button
from dvdesk.gui.settings import Settings

STYLE = "QLabel { background: #fff4ce; color: #5c3c00; padding: 6px; }"
NAMED = 3  # municipalities named in the notice; a national directory has 1,700


class SetupNotice(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setupNotice")
        self.label = QLabel(self)
        self.label.setObjectName("setupNoticeText")
        set_property(self.label, "textFormat", TextFormat.PLAIN)  # municipality names are data
        self.label.setWordWrap(True)
        self.label.setStyleSheet(STYLE)
        self.choose_button = push_button(self.tr("市区町村を選ぶ"), self)  # made without QIcon (gui.qt_wrap)
        self.choose_button.setObjectName("setupChoose")
        self.setup_button = push_button(self.tr("初期設定（管理者）…"), self)
        self.setup_button.setObjectName("setupOpen")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.choose_button)
        layout.addWidget(self.setup_button)
        self.hide()

    def show_state(self, set_up: bool, shown_code: str | None, names: list[str]) -> None:
        """Shown while this PC has no municipality and the desk shows 全市区町村."""
        if set_up or shown_code:
            self.hide()
            return
        listed = "、".join(names[:NAMED]) + (self.tr("など") if len(names) > NAMED else "")
        places = self.tr("{names}と全国の窓口").format(names=listed) if names else self.tr("全国の窓口")
        self.label.setText(
            self.tr(
                "このパソコンの市区町村がまだ決まっていません。いまは全市区町村（{places}）を"
                "まとめて表示しています。上の「市区町村」で選んでください。一覧にない市区町村は、管理者が"
                "「初期設定」で登録します。"
            ).format(places=places)
        )
        self.show()


class TownLine(QWidget):
    """「全市区町村を表示中（このパソコンは高岡市）」 and a button back to this PC's municipality, shown
    while a set-up desk shows another one. ``names``: code -> the municipality's name (the box's rows)."""

    def __init__(self, box: QComboBox, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("townLine")
        self.box, self.desk = box, ""
        self.names: dict[str, str] = {}
        self.label = QLabel(self)
        self.label.setObjectName("townLineText")
        set_property(self.label, "textFormat", TextFormat.PLAIN)  # municipality names are data
        self.label.setStyleSheet(STYLE)
        self.back_button = push_button("", self)
        self.back_button.setObjectName("townLineBack")
        self.back_button.setToolTip(self.tr("このパソコンの市区町村（初期設定で決めたもの）の表示に戻します"))
        self.back_button.clicked.connect(lambda: self.box.setCurrentIndex(max(self.box.findData(self.desk), 0)))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.back_button)
        self.hide()

    def show_state(self, desk: str, shown_code: str | None) -> None:
        """``desk``: this PC's municipality ("" before the setup, or gone from the directory)."""
        self.desk = desk
        if not desk or shown_code == desk or desk not in self.names:
            self.hide()
            return
        mine = self.names[desk]
        shown = self.names.get(shown_code or "", "") or self.tr("全市区町村")
        self.label.setText(self.tr("{shown}を表示中（このパソコンは{desk}）").format(shown=shown, desk=mine))
        self.back_button.setText(self.tr("{desk}に戻す").format(desk=mine))
        self.show()


def opening_row(box: QComboBox, settings: Settings, desk: str) -> int:
    """The row of the municipality box the desk opens on: her choice (全市区町村 included), unless she
    made it before the administrator set or changed this PC's municipality (``desk``), or it is no
    longer in the directory (it opened on 全市区町村 unsaid); then this PC's, 全市区町村 before the setup."""
    under = settings.municipality_chosen_under
    hers = settings.has_municipality and (under is None or under == desk)
    row = box.findData(settings.municipality_code) if hers else -1
    return max(row if row >= 0 else box.findData(desk), 0)
