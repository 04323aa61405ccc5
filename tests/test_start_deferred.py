"""What the window leaves until after its first paint, or until it is needed, is only work not yet
shown, never shown wrong: the departments tab is built when it first opens (with the layout she
left it in), and the need tree's remembered row sizes always equal a fresh measurement."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem, QWidget

from dvdesk.app.directory_queries import CLIENT_KINDS, DeskData
from dvdesk.gui.desk_state import DEPARTMENT_TAB, SEARCH_TAB
from dvdesk.gui.main_window import MainWindow
from dvdesk.gui.need_pane import NeedPane, WrappingDelegate
from dvdesk.gui.settings import Settings


def _window(qtbot, desk_db) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(DeskData(desk_db), Settings())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_departments_tab_is_built_when_it_first_opens(qtbot, desk_db):
    window = _window(qtbot, desk_db)
    assert not window.departments_built and window.findChild(QWidget, "departmentList") is None
    assert window.desk_state()["department"] == 0 and not window.departments_built  # asking builds nothing
    window.tabs.setCurrentIndex(DEPARTMENT_TAB)
    assert window.departments_built
    departments = window.findChild(QWidget, "departmentList")
    assert departments is not None
    qtbot.waitUntil(lambda: departments.isVisible() and departments.width() > 100, timeout=10_000)
    assert window.departments.departments.all_organizations()  # its list read, shown
    assert window.tabs.currentWidget().isAncestorOf(departments)


def test_the_departments_splitter_keeps_its_remembered_layout_until_the_tab_is_built(qtbot, desk_db):
    first = _window(qtbot, desk_db)
    first.tabs.setCurrentIndex(DEPARTMENT_TAB)
    splitter = first.departments.splitter
    total = sum(splitter.sizes())
    splitter.setSizes([total * 7 // 10, total - total * 7 // 10])
    assert splitter.sizes()[0] / total > 0.6  # not the default
    first.close()  # saves the layout
    remembered = bytes(Settings().layout("departmentSplitter").data())
    second = _window(qtbot, desk_db)  # never opens the tab: what was remembered stays as it was
    second.close()
    assert bytes(Settings().layout("departmentSplitter").data()) == remembered
    third = _window(qtbot, desk_db)
    third.tabs.setCurrentIndex(DEPARTMENT_TAB)
    qtbot.waitUntil(lambda: third.departments.splitter.sizes()[0] > 0, timeout=10_000)
    sizes = third.departments.splitter.sizes()
    assert sizes[0] / sum(sizes) > 0.6  # hers (the default gives the right twice the left)
    third.tabs.setCurrentIndex(SEARCH_TAB)


def _fresh(tree, option: QStyleOptionViewItem, index):  # type: ignore[no-untyped-def]
    """The size a delegate with nothing remembered gives."""
    return WrappingDelegate(tree).sizeHint(option, index)


def test_the_need_trees_remembered_sizes_equal_a_fresh_measurement(qtbot, desk_db):
    data = DeskData(desk_db)
    pane = NeedPane()
    qtbot.addWidget(pane)
    rows = data.needs(None, CLIENT_KINDS)
    pane.set_needs(rows)
    pane.resize(260, 600)
    pane.show()
    qtbot.waitExposed(pane)
    tree, delegate = pane.tree, pane.tree.itemDelegate()
    assert isinstance(delegate, WrappingDelegate)

    def check() -> None:
        option = QStyleOptionViewItem()
        tree.initViewItemOption(option)
        model = pane.model
        for row in range(model.rowCount()):
            for column in range(2):
                index = model.index(row, column)
                delegate.sizeHint(option, index)  # remembered from here on
                assert delegate.sizeHint(option, index) == _fresh(tree, option, index)

    check()
    # Other labels (an administrator renamed a need): new rows, not the remembered ones.
    longer = rows[0]._replace(label_ja=rows[0].label_ja * 6, count=rows[0].count + 1000)
    pane.set_needs([longer, *rows[1:]])
    check()
    # Narrower (the splitter dragged), then another font size.
    pane.resize(160, 600)
    qtbot.waitUntil(lambda: tree.columnWidth(0) < 150, timeout=10_000)
    check()
    font = QFont(QApplication.font())
    font.setPointSize(font.pointSize() + 6)
    tree.setFont(font)
    check()


def test_the_count_column_is_as_wide_as_qts_own_fit(qtbot, desk_db):
    """The count column's width (NeedTree.fit_count_column) equals what Qt's ResizeToContents
    gives the same tree, with the bundled counts, with a count of seven digits, and at a larger
    font."""
    from PySide6.QtWidgets import QHeaderView

    from dvdesk.gui.desk_models import NeedTreeModel

    data = DeskData(desk_db)
    rows = data.needs(None, CLIENT_KINDS)
    panes = []
    for _ in range(2):
        pane = NeedPane()
        qtbot.addWidget(pane)
        pane.set_needs(rows)
        pane.resize(260, 600)
        pane.show()
        qtbot.waitExposed(pane)
        panes.append(pane)
    ours, qts = panes
    qts.tree.header().setSectionResizeMode(NeedTreeModel.COUNT, QHeaderView.ResizeMode.ResizeToContents)

    def same() -> None:
        QApplication.processEvents()
        width = qts.tree.header().sectionSize(NeedTreeModel.COUNT)  # Qt's own fit
        assert ours.tree.header().sectionSize(NeedTreeModel.COUNT) == width > 0

    same()
    wide = rows[-1]._replace(count=1_234_567)
    for pane in panes:
        pane.set_needs([*rows[:-1], wide])
    same()
    assert ours.tree.header().sectionSize(NeedTreeModel.COUNT) > qts.tree.header().minimumSectionSize()
    font = QFont(QApplication.font())
    font.setPointSize(font.pointSize() + 8)
    for pane in panes:
        pane.tree.setFont(font)
    same()
