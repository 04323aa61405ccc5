"""The result rows are as tall as their wrapped text, measured without asking the model for every
role of every cell (issue 14 item 3): the heights are Qt's own, the counselor still reads whole
service names and the phone number with 24時間, and a re-layout asks the model almost nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QHeaderView, QTableView

from dvdesk.gui.desk_models import ResultsModel
from dvdesk.gui.results_pane import FITTED_COLUMNS
from test_gui_desk_shows import make_desk, search


@pytest.fixture(params=["ja", "en"])
def bundled_desk(request, qtbot, bundled_db):
    font = QApplication.font()
    desk = make_desk(qtbot, bundled_db, request.param)
    yield desk
    desk.window.close()
    desk.translators.uninstall()
    QApplication.setFont(font)


def qt_heights(table: QTableView) -> list[int]:
    return [QTableView.sizeHintForRow(table, r) for r in range(table.model().rowCount())]


def our_heights(table: QTableView) -> list[int]:
    return [table.sizeHintForRow(r) for r in range(table.model().rowCount())]


def settle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.controller.pending)
    QApplication.processEvents()


def shown_heights(table: QTableView) -> list[int]:
    """The rows' heights as drawn (a paint first: rows are measured when the table is drawn)."""
    table.viewport().repaint()
    return [table.rowHeight(r) for r in range(table.model().rowCount())]


def qt_resized_heights(table: QTableView) -> list[int]:
    """What a ResizeToContents vertical header gives each row: the taller of the cells' and the
    header's hint."""
    header = table.verticalHeader()
    return [max(h, header.sectionSizeHint(r)) for r, h in enumerate(qt_heights(table))]


WIDTHS, QUERIES = (1280, 900, 1600), ("相談", "シェルター", "", "DV")


def check_row_heights(bundled_desk, qtbot, lists) -> None:
    """Our row heights are Qt's own for each (window width, query), then with the kind column, a larger
    font and a narrower list."""
    window = bundled_desk.window
    table = window.results.table
    compared = 0
    for width, query in lists:
        window.resize(width, 800)
        search(qtbot, window, query)
        settle(qtbot, window)
        assert our_heights(table) == qt_heights(table), (width, query)
        assert shown_heights(table) == qt_resized_heights(table), (width, query)
        compared += table.model().rowCount()
    window.results.show_all.setChecked(True)  # the kind column appears: every width changes
    settle(qtbot, window)
    assert our_heights(table) == qt_heights(table)
    assert shown_heights(table) == qt_resized_heights(table)
    window.change_point_size(+4)  # a larger font: every row again
    settle(qtbot, window)
    assert our_heights(table) == qt_heights(table)
    assert shown_heights(table) == qt_resized_heights(table)
    window.main_splitter.setSizes([500, 780])  # a narrower list: names wrap onto more lines
    settle(qtbot, window)
    assert shown_heights(table) == qt_resized_heights(table)
    assert compared > 35 * len(lists)  # the lists compared are long ones (168 rows over the four)


def test_row_heights_are_qts_own_at_each_width_font_and_list(bundled_desk, qtbot):
    """Each list once, at a width that turns (every width and every list still measured)."""
    check_row_heights(bundled_desk, qtbot, [(WIDTHS[n % len(WIDTHS)], q) for n, q in enumerate(QUERIES)])


@pytest.mark.slow
def test_row_heights_are_qts_own_at_every_width_font_and_list(bundled_desk, qtbot):
    check_row_heights(bundled_desk, qtbot, [(w, q) for w in WIDTHS for q in QUERIES])


def test_long_names_still_wrap_onto_several_lines_and_the_rows_hold_them(bundled_desk, qtbot):
    window = bundled_desk.window
    window.resize(1280, 800)
    table = window.results.table
    search(qtbot, window, "相談")
    settle(qtbot, window)
    heights = [table.rowHeight(r) for r in range(table.model().rowCount())]
    assert min(heights) < max(heights)  # wrapped names make taller rows than one-line ones
    for row, height in enumerate(heights):
        assert height >= QTableView.sizeHintForRow(table, row), row  # nothing cut off


def test_the_phone_number_and_24_hours_are_in_the_list(bundled_desk, qtbot):
    window = bundled_desk.window
    table = window.results.table
    search(qtbot, window, "相談")
    settle(qtbot, window)
    model = window.results.model
    phones = [model.index(r, ResultsModel.PHONE).data() for r in range(model.rowCount())]
    around_the_clock = "24時間" if window.language == "ja" else "24 h"
    always = [p for p in phones if p and p.endswith("\n" + around_the_clock)]
    assert always, phones  # e.g. DV相談＋ 0120-279-889 and 24時間 under it
    row = phones.index(always[0])
    assert model.index(row, ResultsModel.PHONE).data(Qt.ItemDataRole.FontRole).bold()
    # the two lines fit the row: its height is at least what Qt needs for that cell
    assert table.rowHeight(row) >= QTableView.sizeHintForRow(table, row)


def test_a_relayout_asks_the_model_only_what_a_cell_shows(bundled_desk, qtbot, monkeypatch):
    window = bundled_desk.window
    table = window.results.table
    search(qtbot, window, "相談")
    settle(qtbot, window)
    roles: list[int] = []
    data = ResultsModel.data

    def counting(self, index, role=Qt.ItemDataRole.DisplayRole):
        roles.append(role)
        return data(self, index, role)

    monkeypatch.setattr(ResultsModel, "data", counting)
    window.resize(window.width() + 120, window.height())  # every stretched column changes width
    table.resizeRowsToContents()
    rows = table.model().rowCount()
    assert rows > 20
    # Qt's own sizing asked ~8 roles of each of the 4-5 cells of every row, on every re-layout
    assert len(roles) < rows


def test_the_window_rebuilt_for_a_language_switch_measures_its_rows_too(bundled_desk, qtbot):
    """The new window chooses the row before it is painted, when its rows are not measured yet
    (they are measured at its first paint, or when a row is scrolled to)."""
    from PySide6.QtGui import QAction

    window = bundled_desk.window
    window.resize(1280, 800)
    search(qtbot, window, "相談")
    settle(qtbot, window)
    last = window.results.model.rowCount() - 1
    assert last > 40
    window.results.select_row(last)
    chosen = window.results.selected_item()
    other = "en" if window.language == "ja" else "ja"
    window.findChild(QAction, f"language_{other}").trigger()
    switched = bundled_desk.window
    assert switched is not window
    qtbot.waitExposed(switched)
    settle(qtbot, switched)
    table = switched.results.table
    assert switched.results.selected_item() == chosen
    assert min(table.rowHeight(r) for r in range(last + 1)) < max(table.rowHeight(r) for r in range(last + 1))
    assert our_heights(table) == qt_heights(table)


def test_a_list_filled_while_hidden_is_drawn_with_its_rows_measured(qtbot, bundled_db):
    """Hidden, the rows wait (their widths are not final); the first drawing measures them."""
    from dvdesk.app.directory_queries import DeskData
    from dvdesk.domain.search import SearchQuery
    from dvdesk.gui.results_pane import ResultsPane

    pane = ResultsPane()
    qtbot.addWidget(pane)
    pane.resize(700, 600)
    hits = DeskData(bundled_db).search_services(SearchQuery("相談"))
    pane.set_hits(hits)
    table = pane.table
    pane.grab()  # drawn without being shown
    heights = [table.rowHeight(r) for r in range(len(hits))]
    expected = [QTableView.sizeHintForRow(table, r) for r in range(len(hits))]
    assert len(set(heights)) > 1  # wrapped names: some rows are taller
    assert all(h >= e for h, e in zip(heights, expected, strict=True))


def qt_fitted_widths(table: QTableView) -> list[int]:
    """What Qt's own ResizeToContents gives the fitted columns, over every row (not only 40)."""
    header = table.horizontalHeader()
    return [
        0 if table.isColumnHidden(c) else max(header.sectionSizeHint(c), QTableView.sizeHintForColumn(table, c))
        for c in FITTED_COLUMNS
    ]


def our_fitted_widths(table: QTableView) -> list[int]:
    return [0 if table.isColumnHidden(c) else table.columnWidth(c) for c in FITTED_COLUMNS]


def assert_fitted(table: QTableView, query: str = "") -> None:
    """As Qt would fit them when the name's and the provider's headings fit beside them; else they
    gave way (``result_columns.share_columns``): never wider than Qt's, never under their heading."""
    ours, qts = our_fitted_widths(table), qt_fitted_widths(table)
    header = table.horizontalHeader()
    provider = header.sectionSizeHint(ResultsModel.PROVIDER)
    heads = max(header.sectionSizeHint(ResultsModel.NAME), provider) + provider
    if sum(qts) + heads <= table.viewport().width():
        assert ours == qts, query
    else:
        hints = [0 if table.isColumnHidden(c) else header.sectionSizeHint(c) for c in FITTED_COLUMNS]
        assert all(h <= o <= q for h, o, q in zip(hints, ours, qts, strict=True)), (query, hints, ours, qts)


def check_fitted_widths(bundled_desk, qtbot, queries) -> None:
    window = bundled_desk.window
    table = window.results.table
    for query in queries:
        search(qtbot, window, query)
        settle(qtbot, window)
        assert_fitted(table, query)
    window.results.show_all.setChecked(True)  # the kind column appears, every row labelled
    settle(qtbot, window)
    assert not table.isColumnHidden(ResultsModel.KIND)
    assert_fitted(table)
    narrow = table.columnWidth(ResultsModel.PHONE)
    window.change_point_size(+4)
    settle(qtbot, window)
    assert table.columnWidth(ResultsModel.PHONE) > narrow
    assert_fitted(table)


def test_the_area_phone_and_kind_columns_are_as_wide_as_qt_would_fit_them(bundled_desk, qtbot):
    """Columns wide enough to read every phone number and area whole, as Qt's own fitting made
    them: at three lists (the whole directory among them), with the kind column, and after the text
    is made larger."""
    check_fitted_widths(bundled_desk, qtbot, ("相談", "", "電話"))


@pytest.mark.slow
def test_the_area_phone_and_kind_columns_are_as_wide_as_qt_would_fit_them_at_every_list(bundled_desk, qtbot):
    check_fitted_widths(bundled_desk, qtbot, ("相談", "シェルター", "", "DV", "電話"))


def test_no_phone_number_is_cut_in_the_first_painted_window(qtbot, bundled_db):
    """The started window, as painted: every phone cell's text fits its column on one line a number."""
    desk = make_desk(qtbot, bundled_db, "ja")
    try:
        window = desk.window
        settle(qtbot, window)
        table = window.results.table
        model = window.results.model
        metrics = table.fontMetrics()
        assert model.rowCount() > 20
        width = table.columnWidth(ResultsModel.PHONE)
        for row in range(model.rowCount()):
            for line in model.index(row, ResultsModel.PHONE).data().split("\n"):
                font = model.index(row, ResultsModel.PHONE).data(Qt.ItemDataRole.FontRole)
                advance = (QFontMetrics(font) if font else metrics).horizontalAdvance(line)
                assert advance < width, (row, line, width)
    finally:
        desk.window.close()
        desk.translators.uninstall()


def test_muted_and_missing_rows_are_drawn_in_their_colours(bundled_desk, qtbot):
    """The models give Qt.ForegroundRole as a QColor (no QBrush made before the first paint): the
    delegate draws the text in that colour, like the brush it was before."""
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QStyleOptionViewItem

    window = bundled_desk.window
    window.results.show_all.setChecked(True)  # prevention and internal rows: muted
    search(qtbot, window, "")
    settle(qtbot, window)
    coloured = 0
    for view, model in ((window.results.table, window.results.model), (window.needs.tree, window.needs.model)):
        delegate = view.itemDelegate()
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                index = model.index(row, column)
                option = QStyleOptionViewItem()
                view.initViewItemOption(option)
                delegate.initStyleOption(option, index)
                colour = index.data(Qt.ItemDataRole.ForegroundRole)
                if colour is not None:
                    assert isinstance(colour, QColor)
                    assert option.palette.color(QPalette.ColorRole.Text) == colour
                    coloured += 1
    assert coloured > 0


def test_the_headers_read_from_cpp_models_give_what_the_python_models_would(bundled_desk, qtbot):
    """The result list's headers (and the need tree's) read C++ models (``gui.static_headers``), so
    that Qt never calls the Python model with a ``Qt.Orientation``: the same labels, one row
    header per row, and the same sizes as the header would give reading the Python model itself."""
    window = bundled_desk.window
    search(qtbot, window, "相談")
    settle(qtbot, window)
    table, tree = window.results.table, window.needs.tree
    model = table.model()
    assert model.rowCount() > 20
    headers = [
        (table.horizontalHeader(), model, Qt.Orientation.Horizontal, model.columnCount()),
        (table.verticalHeader(), model, Qt.Orientation.Vertical, model.rowCount()),
        (tree.header(), tree.model(), Qt.Orientation.Horizontal, tree.model().columnCount()),
    ]
    for header, python_model, orientation, count in headers:
        shadow = header.model()
        assert shadow is not python_model and header.count() == count
        texts = [shadow.headerData(s, orientation) or "" for s in range(count)]
        assert texts == [python_model.headerData(s, orientation) or "" for s in range(count)]
        for role in range(14):  # nothing else: no font, size, icon, alignment or colour of their own
            if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):  # an item's edit role is its text
                assert all(shadow.headerData(s, orientation, role) is None for s in range(count)), role
        hints = [header.sectionSizeHint(s) for s in range(count)]
        header.setModel(python_model)  # what the header gives reading the Python model (end of the test)
        assert [header.sectionSizeHint(s) for s in range(count)] == hints
        header.setModel(shadow)
    labels = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    english = window.language == "en"
    assert labels[0] == ("Service" if english else "支援・サービス")  # screen readers ask the model itself


def header_on_the_python_model(table: QTableView) -> QHeaderView:
    """A header as the table's would be reading the Python model and the table's selection itself."""
    header = table.horizontalHeader()
    reference = QHeaderView(Qt.Orientation.Horizontal, table)
    reference.setModel(table.model())
    reference.setSelectionModel(table.selectionModel())
    reference.setHighlightSections(header.highlightSections())
    reference.setSectionsClickable(header.sectionsClickable())
    for column in range(header.count()):
        reference.resizeSection(column, header.sectionSize(column))
        reference.setSectionHidden(column, header.isSectionHidden(column))
    for visual in range(header.count()):  # the same order on screen (the phone beside the name)
        reference.moveSection(reference.visualIndex(header.logicalIndex(visual)), visual)
    reference.setGeometry(header.geometry())
    return reference


def test_the_header_draws_the_selected_rows_columns_as_on_the_python_model(bundled_desk, qtbot):
    """Qt draws a column's label in bold while the selection crosses it, sunken when the selection
    fills it: the header reading its C++ model draws the same pixels at each of these."""
    window = bundled_desk.window
    table = window.results.table
    header = table.horizontalHeader()
    for query, row in (("相談", None), ("相談", 2), ("シェルター", 0), ("#8008", 0)):
        search(qtbot, window, query)
        settle(qtbot, window)
        if row is not None:
            window.results.select_row(row)
        if query == "#8008":
            assert table.model().rowCount() == 1  # its one row selected fills every column
        assert table.selectionModel().hasSelection() == (row is not None)
        shown, root = header.selectionModel(), QModelIndex()  # what the header draws from
        for column in range(header.count()):
            crossed = table.selectionModel().columnIntersectsSelection(column, table.rootIndex())
            filled = table.selectionModel().isColumnSelected(column, table.rootIndex())
            assert (shown.columnIntersectsSelection(column, root), shown.isColumnSelected(column, root)) == (
                crossed,
                filled,
            ), (query, row, column)
            assert crossed == (row is not None) and filled == (query == "#8008")
        reference = header_on_the_python_model(table)
        try:  # the same pixels (offscreen, the Japanese font draws its bold as its regular)
            assert header.grab().toImage() == reference.grab().toImage(), (query, row)
        finally:
            reference.deleteLater()


def test_the_phone_is_shown_next_to_the_name_so_a_narrow_window_never_cuts_it(bundled_desk, qtbot):
    """At 1024 px the list scrolls sideways: the columns on the right go out of view, and a phone
    number cut at the edge reads like a whole, wrong number. The phone comes right after the name."""
    window = bundled_desk.window
    window.resize(1024, 768)
    search(qtbot, window, "シェルター")
    settle(qtbot, window)
    table = window.results.table
    header = table.horizontalHeader()
    assert header.logicalIndex(0) == ResultsModel.NAME
    assert header.logicalIndex(1) == ResultsModel.PHONE
    phone_right = header.sectionViewportPosition(ResultsModel.PHONE) + header.sectionSize(ResultsModel.PHONE)
    assert phone_right <= table.viewport().width()
