"""Which municipality's records the administration window lists.

A national directory holds 1,741 municipalities' records (347,930 services: minutes and a gigabyte
to list at once); an administrator keeps her own. The list opens on this PC's municipality with
the nationwide records (what its desk shows), and she can choose another municipality, the
nationwide records alone, or every record. The item data is the scope ``Editor.all`` takes:
``ALL`` ("*", every record), ``NATIONWIDE_ONLY`` (""), or a municipality's code.

This PC's municipality set anew in one administration window's first-run setup is followed by every
open one (``desk_moves``): a second window left on the old municipality listed what no desk here shows.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from dvdesk.admin.editing import NATIONWIDE_ONLY
from dvdesk.admin.records import Snapshot

ALL = "*"


class ListScopeBox(QComboBox):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("scope")
        # As wide as a municipality's name, not as the longest choice: the filter keeps its room.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(22)
        self.setMaxVisibleItems(20)
        self.set_municipalities([], ALL)

    def set_municipalities(self, municipalities: Sequence[Snapshot], chosen: str | None = None) -> None:
        """The choices for the directory's ``municipalities`` (``headings`` or snapshots), keeping
        the current choice (or ``chosen``) when it is still there, else every record."""
        keep = self.currentData() if chosen is None else chosen
        self.blockSignals(True)
        try:
            self.clear()
            self.addItem(QCoreApplication.translate("ListScopeBox", "すべての市区町村"), ALL)
            self.addItem(QCoreApplication.translate("ListScopeBox", "全国の窓口・国の機関のみ"), NATIONWIDE_ONLY)
            for m in sorted(municipalities, key=lambda m: m["key"]):
                text = QCoreApplication.translate("ListScopeBox", "{name}（{code}）と全国")
                self.addItem(text.format(name=m["name"], code=m["key"]), m["key"])
            index = self.findData(keep)
            self.setCurrentIndex(index if index >= 0 else 0)
        finally:
            self.blockSignals(False)

    @property
    def scope(self) -> str | None:
        """What ``Editor.all`` takes: None for every record."""
        data = self.currentData()
        return None if data in (None, ALL) else str(data)

    def widen(self, municipality: str = "") -> None:
        """A scope that shows a record of ``municipality`` saved outside the chosen one (shown, not
        lost from view): its municipality with the nationwide records, as small a list as shows it
        (every record of a national directory took 102 s and a gigabyte); every record when that
        municipality is not a choice."""
        index = self.findData(municipality) if municipality else -1
        self.setCurrentIndex(index if index >= 0 else self.findData(ALL))

    def follow(self, old: str, new: str, municipalities: Sequence[Snapshot]) -> None:
        """This PC's municipality changed from ``old`` ("" before the setup) to ``new``: a list on
        the old one (or on every record, before there was one) moves to the new one, as a window
        opened now would; a scope she chose stays. No signal: the caller refreshes."""
        if new and new != old and self.currentData() == (old or ALL):
            self.set_municipalities(municipalities, new)


class DeskMoves(QObject):
    moved = Signal()  # this PC's municipality was set in a first-run setup (any administration window)


@functools.cache
def desk_moves() -> DeskMoves:
    """The one ``DeskMoves`` every administration window listens to."""
    return DeskMoves()
