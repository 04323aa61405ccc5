"""A character no font has is refused, not printed as a box (h19-print).

A free line 「📞 여성긴급전화 1366 に電話」 or 「𠮷田さんに連絡」, typed as the screen shows it, was saved
as a PDF with □ and ■ where the emoji, the Korean and 𠮷 were (none is in the bundled fonts, and this
machine has no other font for them): the telephone line's name and a person's name lost on paper,
and the box said 「保存しました」. Now the printout is refused, naming the characters and the line.
The system's fonts are left out here (a PC with a Korean font prints Korean: nothing is refused there).
"""

from __future__ import annotations

import unicodedata

import pytest

from dvdesk.gui.checklist_dialog import ChecklistDialog


@pytest.fixture
def dialog(qtbot, bundled_db, bundled_fonts_only):
    d = ChecklistDialog(bundled_db, "高岡市", ["housing"])
    qtbot.addWidget(d)
    d.reports = []
    d.report = d.reports.append
    d.printing.confirm = lambda title, text: True
    return d


@pytest.mark.parametrize(
    ("typed", "lost"),
    [("📞 여성긴급전화 1366 に電話", "📞여성긴급전화"), ("𠮷田さんに連絡する", "𠮷"), ("ไทย の通訳を頼む", "ไทย")],
)
@pytest.mark.parametrize("lang", ["ja", "en", "zh"])
def test_a_free_line_no_font_can_draw_is_refused_naming_it(dialog, tmp_path, typed, lost, lang):
    dialog.free_text.setText(typed)
    dialog.add_free_text()
    box = dialog.printing.language_combo
    box.setCurrentIndex(box.findData(lang))
    assert dialog.printing.export_pdf(tmp_path / "list.pdf") is None
    assert not (tmp_path / "list.pdf").exists()
    (said,) = dialog.reports
    assert lost in said and typed[:10] in said, said
    assert dialog.printing.make_preview() is None  # the preview refuses it too


def test_her_note_is_checked_and_the_list_prints_once_it_is_rewritten(dialog, tmp_path):
    dialog.note.setPlainText("次は月曜日\n😊 がんばって")
    assert dialog.printing.export_pdf(tmp_path / "list.pdf") is None
    assert "😊" in dialog.reports[-1]
    dialog.note.setPlainText("次は月曜日\nがんばって")
    assert dialog.printing.export_pdf(tmp_path / "list.pdf") == tmp_path / "list.pdf"


@pytest.mark.parametrize("lang", ["ja", "easy", "en", "pt", "zh", "vi"])
def test_every_bundled_copy_draws_with_the_bundled_fonts(qtbot, bundled_db, bundled_fonts_only, tmp_path, lang):
    """No false alarm: every language's copy, with every need, prints on the bundled fonts alone
    (Vietnamese typed decomposed, a word joiner and a zero-width space included)."""
    from dvdesk.domain.record_kinds import CIRCUMSTANCES

    needs = ["safety", "housing", "money", "children", "health", "legal", "foreign", "work", "insurance_pension"]
    d = ChecklistDialog(bundled_db, "国立市", needs)
    qtbot.addWidget(d)
    d.reports = []
    d.report = d.reports.append
    d.printing.confirm = lambda title, text: True
    for key in CIRCUMSTANCES:
        d.circumstance_boxes[key].setChecked(True)
    d.free_text.setText(
        unicodedata.normalize("NFD", "Gọi cho Trần Thị Hằng") + "\u200b — \u2060ＩＤ①㈱髙﨑 ✓ 〜 ￥1,000"
    )
    d.add_free_text()
    box = d.printing.language_combo
    box.setCurrentIndex(box.findData(lang))
    assert d.printing.export_pdf(tmp_path / f"{lang}.pdf") is not None, d.reports
