"""The checklist window in English says in English what it says of her typed lines.

Found trying the English interface (hx-try14): the hint under 言語 joined what it named with the
Japanese 「、」 ("「印鑑を持っていく」、the note for the client will print as typed"), and the list's
heading over the lines typed with no office stayed 「その他の窓口」 (data from the domain, never
translated). The Japanese interface is unchanged.
"""

from __future__ import annotations

import pytest

from dvdesk.domain import checklist as cl
from dvdesk.gui.checklist_dialog import ChecklistDialog
from dvdesk.gui.i18n import Translators


def _dialog(qtbot, db, monkeypatch) -> ChecklistDialog:
    d = ChecklistDialog(db, "高岡市", ["children"])
    monkeypatch.setattr(d, "report", lambda message: None)
    qtbot.addWidget(d)
    d.show()
    combo = d.printing.language_combo
    combo.setCurrentIndex(combo.findData("vi"))
    d.free_text.setText("印鑑を持っていく")
    d.add_free_text()
    d.note.setPlainText("来週また来てください")
    return d


def _headings(d: ChecklistDialog) -> list[str]:
    return [d.model.index(row, 0).data() for row in range(d.model.rowCount())]


@pytest.fixture
def english():
    translators = Translators()
    assert translators.install("en")
    yield
    translators.uninstall()


def test_the_hint_and_the_heading_in_english(qtbot, checklist_db, monkeypatch, english):
    d = _dialog(qtbot, checklist_db, monkeypatch)
    hint = d.printing.typed_hint.text()
    assert "「印鑑を持っていく」, the note for the client" in hint and "、" not in hint
    assert "Other offices" in _headings(d) and cl.OTHER_DEPARTMENT not in _headings(d)


def test_the_japanese_window_is_unchanged(qtbot, checklist_db, monkeypatch):
    d = _dialog(qtbot, checklist_db, monkeypatch)
    assert "「印鑑を持っていく」、相談者へのメモは" in d.printing.typed_hint.text()
    assert cl.OTHER_DEPARTMENT in _headings(d)
