"""Two things the paper did that the counselor could not see coming (h18 noticed, h19 fixed):

- her note, kept whole as one unit, moved to page 2 when it did not fit under the title: page 1
  held the title alone (``pagination.MIN_FILL``);
- an emoji she typed (an IME offers 😊 for にこにこ, ⚠️ for ちゅうい) printed as □: the print fonts
  have none. It is refused where she types it, in one line naming it (``rules.emoji_in``), rather
  than rendered: a client's copy is an official handout printed in black and white, and bundling an
  emoji font for a few symbols the fonts lack would still leave the screen and the paper different.
  Refused as she types the note (the hint under it), when she adds a line, and by the command line.
"""

from __future__ import annotations

import glob

import pytest
from PySide6.QtGui import QRawFont

from checklist_support import poppler_page_texts
from dvdesk import paths
from dvdesk.app.checklists import Checklists
from dvdesk.cli import main
from dvdesk.domain import checklist as cl
from dvdesk.domain import rules
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


@pytest.mark.parametrize(
    ("typed", "emoji"),
    [("通帳😊", "😊"), ("⚠️ 期限に注意", "⚠️"), ("👍🏻 よくできました", "👍🏻"), ("#️⃣ を押す", "#️⃣"), ("❤", "❤")],
)
def test_an_emoji_is_found_whole(typed, emoji):
    assert rules.emoji_in(typed) == emoji


def test_the_symbols_the_fonts_draw_are_no_emoji():
    assert rules.emoji_in(KEPT) is None
    assert rules.emoji_in("ＤＶ相談（平日９時〜１７時）") is None


def test_the_fonts_draw_the_kept_symbols_and_none_of_the_refused(qapp):
    fonts = [QRawFont(f, 12) for f in glob.glob(str(paths.resources_dir() / "fonts" / "*.[ot]tf"))]
    assert len(fonts) >= 3
    drawn = {ch for ch in KEPT.replace(" ", "") if any(f.supportsCharacter(ord(ch)) for f in fonts)}
    assert drawn == set(KEPT.replace(" ", ""))
    refused = [ch for ch in rules._BMP_EMOJI if ch not in "\ufe0f\u20e3"]
    assert [ch for ch in refused if any(f.supportsCharacter(ord(ch)) for f in fonts)] == []


def test_a_line_with_an_emoji_is_refused_naming_it():
    with pytest.raises(ValueError, match="自由記入の項目: 絵文字「😊」は印刷できません（用紙では □ になります）"):
        cl.free_item("通帳を持ってくる😊", "")
    assert cl.free_item(f"通帳を持ってくる {KEPT}", "").name.endswith("〇")


def test_the_note_is_refused_while_she_types_it(qtbot, checklist_db, monkeypatch):
    dialog = ChecklistDialog(checklist_db, "高岡市", ["children"])
    said: list[str] = []
    monkeypatch.setattr(dialog, "report", said.append)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.note.setPlainText("通帳を持ってきてね⚠️")
    hint = dialog.printing.typed_hint
    assert hint.isVisible() and "相談者へのメモ: 絵文字「⚠️」は印刷できません" in hint.text(), hint.text()
    with pytest.raises(ValueError, match="絵文字"):
        dialog.checklists.render_draft(_draft(dialog))  # and printing says it again
    dialog.note.setPlainText("通帳を持ってきてね（期限に注意）")
    assert not hint.isVisible()


def _draft(dialog):  # type: ignore[no-untyped-def]
    draft = dialog.draft
    draft.note = dialog.note_text()
    return draft


def test_the_command_refuses_a_note_with_an_emoji(qapp, checklist_db, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("DVDESK_DB", str(checklist_db.path))
    target = tmp_path / "x.pdf"
    code = main(["checklist", "-m", "高岡市", "--note", "また来てね😊", "--pdf", str(target)])
    out, err = capsys.readouterr()
    assert code != 0 and "絵文字「😊」は印刷できません" in err and not target.exists()
    assert main(["checklist", "-m", "高岡市", "--note", f"また来てね {KEPT}", "--pdf", str(target)]) == 0


def test_a_client_copy_prints_every_kept_symbol(qapp, checklist_db, tmp_path):
    checklists = Checklists(checklist_db)
    draft = checklists.new_draft("162027", ["children"], [])
    draft.note = KEPT
    path = tmp_path / "kept.pdf"
    write_pdf(path, checklists.render(draft.printed(), Audience.CLIENT))
    assert KEPT.replace(" ", "") in "".join("".join(poppler_page_texts(path)).split())
