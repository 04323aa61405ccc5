"""The desk's need tree keeps every word of every need whole at 1024×768, in English and Japanese.

Found by session 13 and seen again under Xvfb (h14-en): in English at 1024 px, once a search showed
「4 more prevention or internal items — show」 beside 「Add to checklist」 (one line, never
wrapped), the results pane grew to 513 px and the need tree was squeezed to ~110 px: 「Te… pro…
and she…」 for Temporary protection and shelter, 「Prote… orders」, 「Childr…」. The tree now keeps
the width of its longest word (at its indentation) beside its counts, and that line wraps.
Also here: the desk with large text within the screen, the department view's phone and area whole.
"""

from __future__ import annotations

import contextlib
import re

import pytest
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication

from dvdesk.gui.app import apply_font
from dvdesk.gui.desk_models import NeedTreeModel, ResultsModel
from dvdesk.gui.settings import DEFAULT_POINT_SIZE
from test_gui_desk_shows import make_desk, search

WORD = re.compile(r"[^\s\u3000-\u9fff\uff00-\uffef]+|[\u3000-\u9fff\uff00-\uffef]")


def words(text: str) -> list[str]:
    """What cannot be broken: a Latin word (split after its hyphens), one Japanese character."""
    return [piece for word in WORD.findall(text) for piece in re.findall(r"[^-]+-?|-", word)]


def cut_words(tree) -> list[tuple[str, str, int, int]]:
    """Each need's words wider than the room its row gives its text (the delegate's: indent, margins)."""
    model, cut = tree.model(), []
    room = tree.columnWidth(NeedTreeModel.LABEL)
    parents = [(tree.rootIndex(), 0)]
    while parents:
        parent, depth = parents.pop()
        for row in range(model.rowCount(parent)):
            index = model.index(row, NeedTreeModel.LABEL, parent)
            parents.append((index, depth + 1))
            font = index.data(6)  # FontRole
            metrics = QFontMetrics(font if isinstance(font, QFont) else tree.font())
            indent = tree.indentation() * (depth + (1 if tree.rootIsDecorated() else 0))
            for word in words(str(index.data())):
                need = indent + 8 + metrics.horizontalAdvance(word)
                if need > room:
                    cut.append((str(index.data()), word, need, room))
    return cut


@contextlib.contextmanager
def desk_at_1024(qtbot, bundled_db, language):
    """The desk at the default font size, 1024 px wide above a 40-px taskbar; closed and its font
    and translators put back afterwards."""
    font = QApplication.font()
    apply_font(QApplication.instance(), DEFAULT_POINT_SIZE)
    desk = make_desk(qtbot, bundled_db, language)
    try:
        desk.window.resize(1024, 768 - 40)
        yield desk.window
    finally:
        desk.window.set_point_size(DEFAULT_POINT_SIZE)
        desk.window.close()
        desk.translators.uninstall()
        QApplication.setFont(font)


@pytest.mark.parametrize("language", ["en", "ja"])
def test_no_word_of_a_need_is_cut_at_1024_px_with_a_search_and_its_other_kinds_line(qtbot, bundled_db, language):
    with desk_at_1024(qtbot, bundled_db, language) as window:
        search(qtbot, window, "シェルター")
        qtbot.waitUntil(lambda: window.results.other_kinds.isVisible())  # 「N more … — show」
        window.results.select_row(0)  # and 「Add to checklist」 beside it
        assert window.results.checklist_button.isVisible()
        QApplication.processEvents()
        assert window.width() <= 1024
        tree = window.needs.tree
        assert cut_words(tree) == [], (language, tree.width())


@pytest.mark.parametrize("language", ["en", "ja"])
def test_with_large_text_the_desk_stays_within_a_1024_px_screen(qtbot, bundled_db, language):
    """At 15 pt (文字を大きく four times) in English, with a service chosen, the desk was 1,186 px
    wide on a 1024-px screen: 「Include awareness and internal measures」 on one line (486 px) beside
    the need tree. It wraps now, and the tree still breaks no word."""
    with desk_at_1024(qtbot, bundled_db, language) as window:
        for _ in range(4):
            window.change_point_size(+1)
        search(qtbot, window, "住まい")
        window.results.select_row(0)
        QApplication.processEvents()
        assert window.minimumSizeHint().width() <= 1024, (language, window.minimumSizeHint())
        assert window.width() <= 1024
        assert cut_words(window.needs.tree) == [], language


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_department_views_phone_column_is_never_cut_at_the_edge_at_1024_px(qtbot, bundled_db, language):
    """The department view listed Service, Area, Phone: at 1024 px the phone column ran past the
    list's edge (「Not recor」), where a number would read whole and wrong."""
    with desk_at_1024(qtbot, bundled_db, language) as window:
        window.tabs.setCurrentIndex(1)
        pane = window.departments
        center = next(o for o in pane.departments.all_organizations() if o.name == "男女平等推進センター")
        pane.select_department(pane.departments.index_of(center.id))
        QApplication.processEvents()
        table = pane.table
        assert table.model().rowCount() > 5
        assert table.horizontalScrollBar().value() == 0
        for column in (ResultsModel.PHONE, ResultsModel.AREA):  # 区域 too: 「高」 for 高岡市 at the edge
            right = table.columnViewportPosition(column) + table.columnWidth(column)
            assert right <= table.viewport().width(), (language, column, right, table.viewport().width())


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_other_kinds_link_is_never_broken_across_lines(qtbot, bundled_db, language):
    """Wrapped at 1024 px, 「ほかに啓発・庁内の取組 4件 — 表示」 broke its link in two (「表」 at the end of
    one line, 「示」 under it)."""
    from PySide6.QtGui import QTextDocument

    with desk_at_1024(qtbot, bundled_db, language) as window:
        search(qtbot, window, "シェルター")
        qtbot.waitUntil(lambda: window.results.other_kinds.isVisible())
        window.results.select_row(0)
        QApplication.processEvents()
        label = window.results.other_kinds
        for width in range(80, label.width() + 1, 4):  # at its width and every narrower one
            document = QTextDocument()
            document.setDefaultFont(label.font())
            document.setDocumentMargin(0)
            document.setHtml(label.text())
            document.setTextWidth(width)
            document.size()  # laid out now
            plain = document.toPlainText()
            link = "表示" if language == "ja" else "show"
            start = plain.rindex(link[0])  # the link ends the sentence (word joiners may be between its letters)
            assert plain[start:].replace("\u2060", "") == link
            layout = document.begin().layout()
            lines = {layout.lineForTextPosition(i).lineNumber() for i in range(start, len(plain))}
            assert layout.lineCount() > 0 and -1 not in lines
            assert len(lines) == 1, (language, width, plain)
