"""A long result list comes a page at a time (the first page at once, the next ones as the
counselor scrolls), yet shows the same rows in the same order as one whole read, says how many
rows there are, and scrolling reaches the last of them."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtWidgets import QApplication

from dvdesk.app.desk_query import PAGE
from dvdesk.app.directory_queries import ALL_KINDS, DeskData, DeskQuery
from dvdesk.gui.app import Desk
from dvdesk.gui.i18n import Translators
from dvdesk.gui.settings import Settings
from gui_support import result_names, type_text


@pytest.fixture
def window(qtbot, bundled_db):
    font = QApplication.font()
    translators = Translators()
    translators.install("ja")
    settings = Settings()
    settings.municipality_code = ""  # every municipality: the longest list
    settings.show_all_kinds = True
    desk = Desk(bundled_db, settings, translators)
    desk.show()
    qtbot.waitExposed(desk.window)
    yield desk.window
    desk.window.close()
    translators.uninstall()
    QApplication.setFont(font)


def every_service(path) -> set[int]:
    """Every live service, read from the file directly (not through the search)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {sid for (sid,) in con.execute("SELECT id FROM services WHERE NOT retired")}
    finally:
        con.close()


def scroll_to_the_end(qtbot, window) -> int:
    """Scroll down as she would until the list stops growing; returns how many scrolls it took."""
    table, model = window.results.table, window.results.model
    for scrolls in range(1, 100):
        before = model.rowCount()
        table.scrollToBottom()
        qtbot.wait(20)  # the view asks for more rows when its last row comes into sight
        if model.rowCount() == before and not model.canFetchMore():
            return scrolls
    raise AssertionError("the list kept growing")


def counted(qtbot, window) -> str:
    qtbot.waitUntil(lambda: window.controller.count is not None, timeout=10_000)
    return window.results.count_label.text()


def test_scrolling_reaches_every_service_and_the_count_says_how_many(qtbot, window, bundled_db):
    everything = every_service(bundled_db.path)
    assert len(everything) > 2 * PAGE  # long enough for three pages
    assert window.municipality_code() is None and window.controller.query.kinds == ALL_KINDS
    model = window.results.model
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    assert model.rowCount() == PAGE and model.canFetchMore()  # the first page only, at first
    assert counted(qtbot, window) == f"{len(everything)}件"  # the whole list's total, before scrolling

    scroll_to_the_end(qtbot, window)
    shown = [model.hit(r) for r in range(model.rowCount())]
    assert {h.service_id for h in shown} == everything  # every service, none twice
    assert len(shown) == len(everything)
    whole = DeskData(bundled_db).desk_search(DeskQuery(kinds=ALL_KINDS, limit=10_000)).hits
    assert shown == whole  # the same rows in the same order as one read of the whole list
    table, last = window.results.table, model.index(model.rowCount() - 1, 0)
    assert table.viewport().rect().intersects(table.visualRect(last))  # the last match is on the screen
    assert last.data() == whole[-1].name


def test_typed_words_page_too_and_a_new_query_starts_again_at_its_first_page(qtbot, window, bundled_db):
    box = window.results.search
    type_text(box, "相談")
    qtbot.waitUntil(lambda: not window.controller.pending and window.controller.query.text == "相談")
    whole = DeskData(bundled_db).desk_search(DeskQuery("相談", kinds=ALL_KINDS, limit=10_000)).hits
    assert len(whole) > PAGE
    label = counted(qtbot, window)
    assert label.startswith(f"{len(whole)}件")
    model = window.results.model
    assert result_names(window)[:PAGE] == [h.name for h in whole[:PAGE]]  # the top rows as one read gives them
    scroll_to_the_end(qtbot, window)
    assert [model.hit(r) for r in range(model.rowCount())] == whole

    box.clear()
    type_text(box, "住宅")
    qtbot.waitUntil(lambda: not window.controller.pending and window.controller.query.text == "住宅")
    fresh = DeskData(bundled_db).desk_search(DeskQuery("住宅", kinds=ALL_KINDS, limit=10_000)).hits
    assert result_names(window) == [h.name for h in fresh[:PAGE]]
    assert counted(qtbot, window).startswith(f"{len(fresh)}件")


def test_until_it_is_counted_the_first_page_says_at_least(qtbot, window):
    controller = window.controller
    controller._count_timer.setInterval(60_000)  # hold the count back to see the interim words
    try:
        controller.run_now()  # the whole directory (every municipality, every kind): 130 rows
        assert window.results.count_label.text() == f"{PAGE}件以上"
        controller.count_now()
        assert window.results.count_label.text() != f"{PAGE}件以上"
        assert window.results.count_label.text().endswith("件") or "件あります" in window.results.count_label.text()
    finally:
        controller._count_timer.setInterval(0)


def test_rows_that_arrive_by_scrolling_are_fitted_and_measured_like_the_first_page(qtbot, window):
    """A later page's phone number or area may be the widest, its name the longest: the columns
    widen for it and its rows are as tall as their text, as Qt's own fitting would make them."""
    from PySide6.QtWidgets import QTableView

    from dvdesk.gui.results_pane import FITTED_COLUMNS

    table, model = window.results.table, window.results.model
    qtbot.waitUntil(lambda: model.rowCount() == PAGE)
    scroll_to_the_end(qtbot, window)
    assert model.rowCount() > PAGE
    header = table.horizontalHeader()
    for col in FITTED_COLUMNS:
        if not table.isColumnHidden(col):
            qt_fit = max(header.sectionSizeHint(col), QTableView.sizeHintForColumn(table, col))
            assert table.columnWidth(col) == qt_fit, col
    table.viewport().repaint()
    drawn = [table.rowHeight(r) for r in range(model.rowCount())]
    rows = table.verticalHeader()  # what a ResizeToContents vertical header would give each row
    assert drawn == [max(QTableView.sizeHintForRow(table, r), rows.sectionSizeHint(r)) for r in range(model.rowCount())]


def test_the_rows_header_follows_the_list_as_it_grows_and_shrinks(qtbot, window):
    """The table's rows are the sections of its vertical header, which reads a C++ model kept in
    step with the list (``gui.static_headers``): a row it missed would not be drawn."""
    table, model = window.results.table, window.results.model
    rows = table.verticalHeader()
    qtbot.waitUntil(lambda: model.rowCount() == PAGE)
    assert rows.count() == PAGE
    scroll_to_the_end(qtbot, window)
    assert rows.count() == model.rowCount() > PAGE
    type_text(window.results.search, "シェルター")
    qtbot.waitUntil(lambda: not window.controller.pending and window.controller.query.text == "シェルター")
    assert 0 < model.rowCount() < PAGE
    assert rows.count() == model.rowCount()
    table.scrollToBottom()
    last = model.index(model.rowCount() - 1, 0)
    assert table.viewport().rect().intersects(table.visualRect(last))  # drawn at the list's end
