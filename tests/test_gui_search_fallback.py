"""The desk says which words it searched when a sentence found too little (issue 14.1): the line above
the list names them, and goes away for a query that finds enough as typed."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from gui_support import result_names
from test_gui_desk_shows import make_desk, search


@pytest.fixture
def window(qtbot, bundled_db_ro):
    font = QApplication.font()
    desk = make_desk(qtbot, bundled_db_ro)
    yield desk.window
    desk.window.close()
    desk.translators.uninstall()
    QApplication.setFont(font)


def test_the_words_searched_are_said_above_the_list_and_the_line_goes_with_them(window, qtbot):
    line = window.results.searched_words
    search(qtbot, window, "夫が酒を飲むと暴れる")
    assert line.isVisibleTo(window)
    assert line.text() == "入力した文のままでは見つからないため、『DV』『酒』『飲』『暴』の語で探しました。"
    assert "DV相談＋" in result_names(window)[:3]
    qtbot.waitUntil(lambda: window.controller.count is not None)  # the total counts the rows shown
    assert window.controller.count.total == window.results.model.rowCount() or window.controller.more

    search(qtbot, window, "高卒認定の資格を取りたい")  # a row as typed: it stays first, the words after it
    assert line.isVisibleTo(window)
    assert line.text().startswith("入力した文のままで見つかった")
    assert "『資格』" in line.text()
    assert result_names(window)[0] == "母子家庭等自立支援給付金"

    search(qtbot, window, "相手から逃れたい")  # searched 相手 alone as typed: her words' rows first, and said
    assert line.text() == "『DV』『逃』の語で探した結果を先に、入力した文のままで見つかったものを後に並べました。"
    assert result_names(window)[:2] == ["DV相談＋", "DV相談ナビ"]
    assert "相手方の健康保険から外れる手続き（被扶養者から外れる）" in result_names(window)

    search(qtbot, window, "DV")
    assert not line.isVisibleTo(window)
