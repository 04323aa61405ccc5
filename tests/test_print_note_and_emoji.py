"""Two things the paper did that the counselor could not see coming (h18 noticed, h19 fixed):

- her note, kept whole as one unit, moved to page 2 when it did not fit under the title: page 1
  held the title alone (``pagination.MIN_FILL``);
- an emoji she typed (an IME offers 👍 for いいね) with no font here to draw it printed as □. Printing
  refuses such a character (``qt_fonts.undrawable``, main's 5ee92fe); she is now told as she types
  the note or adds the line, under the print choices, in the words of that refusal — not when she
  presses 印刷 with the client waiting. A character a font here has (☎, and 😊 where a system font
  draws it) prints: refused only when the paper would show a box.
"""

from __future__ import annotations

import pytest

from checklist_support import poppler_page_texts
from dvdesk.app.checklists import Checklists
from dvdesk.domain.disclosure import Audience
from dvdesk.gui.checklist_dialog import ChecklistDialog
from dvdesk.printing.qt_render import write_pdf

NOTE_LINE = "次回の面談までに、住民票の写しと通帳を用意してください。わからないことは電話で相談してください。"
KEPT = "☎ ★ ✓ ① ※ → ○ ◎ □ ■ △ ♪ 〒 〇"  # the fonts draw these: never refused


def test_a_long_note_begins_on_page_one_under_the_title(qapp, checklist_db, tmp_path):
    checklists = Checklists(checklist_db)
    draft = checklists.new_draft("162027", ["children"], [])
    draft.note = "\n".join(f"{n}. {NOTE_LINE}" for n in range(1, 31))  # fits a page alone, not under the title
    path = tmp_path / "note.pdf"
    write_pdf(path, checklists.render_draft(draft))
    pages = ["".join(p.split()) for p in poppler_page_texts(path)]
    assert "1.次回の面談までに" in pages[0], pages[0]
    assert "".join(pages).count("次回の面談までに") == 30  # every line on paper, once


NO_FONT = "👍"  # no bundled font draws it (qt_fonts.undrawable; the machine's own are left out)


@pytest.fixture
def dialog(qtbot, checklist_db, monkeypatch, bundled_fonts_only):  # type: ignore[no-untyped-def]
    d = ChecklistDialog(checklist_db, "高岡市", ["children"])
    d.said = []
    monkeypatch.setattr(d, "report", d.said.append)
    qtbot.addWidget(d)
    d.show()
    return d


def test_a_character_the_paper_cannot_draw_is_said_while_she_types_the_note(dialog, tmp_path):
    dialog.note.setPlainText(f"よくできました{NO_FONT}")
    hint = dialog.printing.typed_hint
    assert hint.isVisible() and f"印刷用の文字（フォント）にない文字「{NO_FONT}」があります" in hint.text(), hint.text()
    assert dialog.printing.export_pdf(tmp_path / "x.pdf") is None and not (tmp_path / "x.pdf").exists()
    assert len(dialog.said) == 1 and NO_FONT in dialog.said[0]  # and printing refuses it
    dialog.note.setPlainText("よくできました")
    assert not hint.isVisible()


def test_a_line_added_with_one_is_said_at_once(dialog):
    dialog.free_text.setText(f"通帳{NO_FONT}")
    dialog.add_free_text()
    hint = dialog.printing.typed_hint
    assert hint.isVisible() and f"「{NO_FONT}」" in hint.text(), hint.text()


def test_the_symbols_the_fonts_draw_print_and_are_not_refused(dialog, checklist_db, tmp_path):
    dialog.note.setPlainText(KEPT)
    assert "フォント" not in dialog.printing.typed_hint.text()
    checklists = Checklists(checklist_db)
    draft = checklists.new_draft("162027", ["children"], [])
    draft.note = KEPT
    path = tmp_path / "kept.pdf"
    write_pdf(path, checklists.render(draft.printed(), Audience.CLIENT))
    assert KEPT.replace(" ", "") in "".join("".join(poppler_page_texts(path)).split())
