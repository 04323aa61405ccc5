"""The checklist window says when what she typed will print in Japanese on a copy in another language.

Found using it (hx-try13): a free-text line or a note typed in Japanese printed as typed on an
English copy, with no hint in the window. Nothing translates them; the window now says so, next
to the language chooser, while it is true.
"""

import pytest

from checklist_support import compact, pdf_text
from dvdesk.domain import japanese
from dvdesk.domain.disclosure import Audience
from dvdesk.gui.checklist_dialog import ChecklistDialog


@pytest.fixture
def dialog(qtbot, checklist_db, monkeypatch):
    d = ChecklistDialog(checklist_db, "高岡市", ["children"])
    monkeypatch.setattr(d, "report", lambda message: None)
    qtbot.addWidget(d)
    d.show()
    return d


def _choose(d, lang):
    combo = d.printing.language_combo
    combo.setCurrentIndex(combo.findData(lang))


def _hint(d):
    label = d.printing.typed_hint
    return label.text() if label.isVisible() else ""


def test_a_japanese_line_and_note_on_an_english_copy_are_pointed_out(dialog, tmp_path):
    dialog.free_text.setText("印鑑を持っていく")
    dialog.add_free_text()
    assert _hint(dialog) == ""  # Japanese copy: nothing to say
    _choose(dialog, "en")
    hint = _hint(dialog)
    assert "印鑑を持っていく" in hint and "入力したとおり" in hint and "English" in hint
    dialog.note.setPlainText("来週また来てください")
    assert "相談者へのメモ" in _hint(dialog)
    path = dialog.printing.export_pdf(tmp_path / "en.pdf")  # and the paper holds it as typed
    assert "印鑑を持っていく" in compact(pdf_text(path))


def test_no_hint_for_lines_typed_in_her_language_the_japanese_copy_or_the_staff_copy(dialog):
    dialog.free_text.setText("Bring your seal")
    dialog.add_free_text()
    _choose(dialog, "en")
    assert _hint(dialog) == ""
    dialog.note.setPlainText("市民課へ")
    assert _hint(dialog)
    dialog.printing.copy_combo.setCurrentIndex(dialog.printing.copy_combo.findData(Audience.STAFF))
    assert _hint(dialog) == ""  # the staff copy is in Japanese
    dialog.printing.copy_combo.setCurrentIndex(dialog.printing.copy_combo.findData(Audience.CLIENT))
    _choose(dialog, "ja")
    assert _hint(dialog) == ""


def test_a_chinese_note_on_a_chinese_copy_is_not_taken_for_japanese(dialog):
    _choose(dialog, "zh")
    dialog.note.setPlainText("请带上印章和身份证")
    assert _hint(dialog) == ""
    dialog.note.setPlainText("印鑑を持ってきてください")
    assert _hint(dialog)


def test_what_counts_as_japanese():
    assert japanese.typed_in_japanese("市民課へ", "en")
    assert japanese.typed_in_japanese("印鑑持参", "vi")
    assert not japanese.typed_in_japanese("印鑑持参", "zh")  # Han alone may be her Chinese
    assert japanese.typed_in_japanese("ハンコ", "zh")
    assert not japanese.typed_in_japanese("Bring ID (身分証)", "ja")
    assert not japanese.typed_in_japanese("Bring your seal", "pt")


def test_the_command_line_says_so_on_stderr(checklist_db, monkeypatch, capsys, tmp_path):
    from dvdesk.cli import main

    monkeypatch.setenv("DVDESK_DB", str(checklist_db.path))
    argv = ["checklist", "-m", "高岡市", "-n", "children", "--note", "来週また来てください", "--pdf"]
    assert main([*argv, str(tmp_path / "en.pdf"), "--lang", "en"]) == 0
    err = capsys.readouterr().err
    assert "--note" in err and "入力したとおり" in err
    assert "来週また来てください" in compact(pdf_text(tmp_path / "en.pdf"))
    assert main([*argv, str(tmp_path / "ja.pdf")]) == 0
    assert "入力したとおり" not in capsys.readouterr().err


def test_no_hint_on_the_easy_japanese_copy(dialog, checklist_db, monkeypatch, capsys, tmp_path):
    """やさしい日本語 is a Japanese copy: she can only type its lines in Japanese, so the hint ("not
    translated … prints in Japanese as typed") showed for every line and note, a note in plain
    hiragana too (found in hx-try14). The window and the command line say nothing there."""
    from dvdesk.cli import main

    _choose(dialog, "easy")
    dialog.free_text.setText("はんこを もって いく")
    dialog.add_free_text()
    dialog.note.setPlainText("来週 また 来て ください")
    assert _hint(dialog) == ""
    assert not japanese.typed_in_japanese("らいしゅう また きて ください", "easy")
    monkeypatch.setenv("DVDESK_DB", str(checklist_db.path))
    argv = ["checklist", "-m", "高岡市", "-n", "children", "--note", "来週また来てください", "--lang", "easy"]
    assert main([*argv, "--pdf", str(tmp_path / "easy.pdf")]) == 0
    assert "入力したとおり" not in capsys.readouterr().err
