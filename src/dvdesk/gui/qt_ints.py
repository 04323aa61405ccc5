"""The values of Qt's enums that the window's start-up uses, as plain ints.

``from PySide6.QtCore import Qt`` (or ``QtCore.Qt``) makes PySide create the whole ``Qt``
namespace — 93 Python enum classes, 1,385 members, ~124 M instructions, about a tenth of the
desk's start and nothing a bare window pays. The modules the window imports before its first
paint therefore never name ``Qt`` at import or while the window is built: an item model compares
the role it is given (an int) with ``Role``, a key handler compares ``event.key()`` (an int) with
``Key``, and a widget property that takes one of Qt's enums is set through ``set_property``
(Qt converts the int). Code that runs later (a key press that moves the focus, a dialog) uses
``QtCore.Qt`` at that moment; the desk creates it anyway once the window has settled
(``gui.app.Desk``). ``tests/test_qt_ints.py`` compares every value here with Qt's own, and the
start-up probe reports whether ``Qt`` was created before the first search
(``qt_namespace_at_first_search``, checked by ``tests/test_start_quick.py``).
"""

from __future__ import annotations

from PySide6.QtCore import QObject


class Role:
    """``Qt.ItemDataRole``."""

    DISPLAY = 0
    TOOL_TIP = 3
    FONT = 6
    TEXT_ALIGNMENT = 7
    FOREGROUND = 9
    ACCESSIBLE_TEXT = 11
    USER = 256


class Key:
    """``Qt.Key``: what ``QKeyEvent.key()`` returns."""

    ESCAPE = 0x01000000
    RETURN = 0x01000004
    ENTER = 0x01000005
    UP = 0x01000013
    DOWN = 0x01000015
    PAGE_DOWN = 0x01000017


class Align:
    """``Qt.AlignmentFlag``."""

    RIGHT = 0x0002
    V_CENTER = 0x0080


class TextFormat:
    """``Qt.TextFormat``."""

    PLAIN = 0
    RICH = 1


class TextInteraction:
    """``Qt.TextInteractionFlag``."""

    SELECTABLE_BY_MOUSE = 1
    SELECTABLE_BY_KEYBOARD = 2
    LINKS_BY_MOUSE = 4
    LINKS_BY_KEYBOARD = 8
    BROWSER = SELECTABLE_BY_MOUSE | LINKS_BY_MOUSE | LINKS_BY_KEYBOARD  # TextBrowserInteraction


def set_property(widget: QObject, name: str, value: int) -> None:
    """``widget.setName(Qt.Enum(value))`` for one of the widget's enum properties, through the
    property system: Qt converts the int to the property's enum, PySide creates nothing."""
    if not widget.setProperty(name, value):
        raise ValueError(f"{type(widget).__name__} has no property {name!r}")
