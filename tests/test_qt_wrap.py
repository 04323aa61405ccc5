"""gui.qt_wrap: a scroll area's viewport reached without PySide's type search, which creates every
widget class (and its Python enums) the first time Python meets a widget Qt made itself."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from PySide6.QtWidgets import QAbstractScrollArea, QTableView, QTreeView

from dvdesk.gui.qt_wrap import push_button, text_action, viewport_of


def _fresh(code: str) -> dict:
    """Run ``code`` in a new interpreter (PySide's classes are created once per process)."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_viewport_is_the_scroll_areas_own(qtbot):
    for view in (QTableView(), QTreeView(), QAbstractScrollArea()):
        qtbot.addWidget(view)
        assert viewport_of(view) is view.viewport()
        assert viewport_of(view).width() == view.viewport().width()


def test_a_replaced_viewport_is_still_found(qtbot):
    """A viewport set by the program has no Qt name: ``viewport()`` answers, the same widget."""
    from PySide6.QtWidgets import QWidget

    view = QTableView()
    qtbot.addWidget(view)
    own = QWidget()
    view.setViewport(own)
    assert viewport_of(view) is own


def test_reaching_the_viewport_creates_no_other_widget_class():
    found = _fresh("""
        import json
        import PySide6.QtWidgets as widgets
        from PySide6.QtWidgets import QApplication, QTableView
        from dvdesk.gui.qt_wrap import push_button, text_action, viewport_of
        app = QApplication([])
        table = QTableView()
        width = viewport_of(table).width()
        quiet = "QWizard" in vars(widgets)
        table.viewport()  # the same wrapper now: still no search
        after = "QWizard" in vars(widgets)
        other = QTableView()
        other.viewport()  # PySide's own path, for contrast: the search creates every widget class
        print(json.dumps([quiet, after, "QWizard" in vars(widgets)]))
    """)
    assert found == [False, False, True]


def test_buttons_and_actions_are_made_with_their_text_and_parent(qtbot):
    from PySide6.QtWidgets import QPushButton, QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    button, plain = push_button("連絡先をコピー(&C)", parent), QPushButton("連絡先をコピー(&C)", parent)
    assert (button.text(), button.parent(), button.shortcut()) == (plain.text(), parent, plain.shortcut())
    made = text_action("手続きチェックシート…", parent)
    assert (made.text(), made.iconText(), made.parent()) == ("手続きチェックシート…", "手続きチェックシート", parent)


def test_neither_creates_qicon():
    found = _fresh("""
        import json
        import PySide6.QtGui as gui
        from PySide6.QtWidgets import QApplication, QWidget
        from dvdesk.gui.qt_wrap import push_button, text_action
        app = QApplication([])
        parent = QWidget()
        push_button("x", parent), text_action("y", parent)
        print(json.dumps("QIcon" in vars(gui)))
    """)
    assert found is False
