"""What the desk keeps of itself: its layout from one start to the next (window geometry,
splitters) and what the counselor was looking at, carried into a window rebuilt for another
interface language (``gui.app.Desk.set_language``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSplitter

    from dvdesk.gui.main_window import MainWindow

SEARCH_TAB, DEPARTMENT_TAB = range(2)


def _splitters(window: MainWindow) -> tuple:
    """The window's splitters; the departments tab's once its pane is built (until then its
    remembered state is left as it was, and restored when the pane is built)."""
    built = (window.departments.splitter,) if window.departments_built else ()
    return (window.main_splitter, window.search_splitter, *built)


def restore_layout(window: MainWindow) -> None:
    if geometry := window.settings.layout("geometry"):
        window.restoreGeometry(geometry)
    else:  # the first start: within the screen (a 1024×768 desk PC lost the right pane and the notice's button)
        from dvdesk.gui.window_size import open_at

        open_at(window, 1280, 800)
    for splitter in _splitters(window):
        restore_splitter(window, splitter)


def restore_splitter(window: MainWindow, splitter: QSplitter) -> None:
    if state := window.settings.layout(splitter.objectName()):
        splitter.restoreState(state)


def save_layout(window: MainWindow) -> None:
    window.settings.set_layout("geometry", QByteArray(window.saveGeometry()))
    for splitter in _splitters(window):
        window.settings.set_layout(splitter.objectName(), QByteArray(splitter.saveState()))
    window.settings.sync()


def capture(window: MainWindow) -> dict[str, Any]:
    """What the counselor was looking at: search text, needs, tab, selected rows."""
    built = window.departments_built  # a pane never built has nothing chosen
    department = window.departments.current_department() if built else None
    return {
        "text": window.results.search.text(),
        "needs": window.selected_need_keys(),
        "tab": window.tabs.currentIndex(),
        "service": window.current_service_id(),
        "result": window.results.selected_item(),
        "department": department.id if department else 0,
        "department_service": window.departments.selected_service_id() if built else 0,
    }


def restore(window: MainWindow, state: dict[str, Any]) -> None:
    """``capture``'s state shown again in ``window`` (a freshly built one)."""
    window.results.search.setText(state.get("text", ""))
    window.needs.select(state.get("needs", ()))
    window.controller.run_now()
    if department := state.get("department"):
        window.ensure_departments()
        index = window.departments.departments.index_of(department)
        if index.isValid():
            window.departments.select_department(index)
            window.departments.select_service(state.get("department_service", 0))
    window.tabs.setCurrentIndex(state.get("tab", SEARCH_TAB))
    item, record = state.get("result") or ("service", state.get("service", 0))
    row = window.results.model.row_of(record, item) if record else -1
    if row >= 0:
        window.results.select_row(row)
    if window.tabs.currentIndex() == DEPARTMENT_TAB:
        window._tab_changed(DEPARTMENT_TAB)  # its list read, its row shown
