"""A discreet copy leaves off each procedure's 持ち物 and 注意; the counselor is told which, to say them aloud.

h14 tryout (client b: 国立市, stays at home, a discreet copy): the window listed 保護命令の申立て with
its caution — the court sends the application to the other party, so write the old address and
name a delivery address — and 支援措置 with its own (apply before the address changes, one year,
not renewed by itself). The discreet copy rightly prints only the wording written for it (the
cautions name 相手方 and 支援措置), but nothing in the window or on the command line said that the
cautions and what to bring were left off: she handed over a paper without them, believing it held
what the screen showed. Now the print box says so beside 目立たない印刷, naming the procedures, and
``dvdesk checklist --discreet --pdf`` says it on stderr.
"""

from __future__ import annotations

import pytest

from checklist_support import compact, pdf_text
from dvdesk.cli import main
from dvdesk.domain import checklist as cl
from dvdesk.domain.disclosure import Audience, discreet_leaves_off
from dvdesk.gui.checklist_dialog import ChecklistDialog

HOGO = "保護命令の申立て"


def test_the_items_whose_caution_or_what_to_bring_a_discreet_copy_leaves_off(bundled_db_ro):
    with bundled_db_ro.read() as s:
        c = cl.propose(s, "国立市", ["consultation", "safety"])
    left = discreet_leaves_off(c)
    names = [i.name for i in left]
    assert HOGO in names
    assert all(i.caution or i.what_to_bring for i in left)
    on_list = [i for i in c.items if i.caution or i.what_to_bring]
    assert len(left) == len(on_list)  # every one, none twice


def test_a_free_line_or_an_item_without_caution_is_not_named(bundled_db_ro):
    with bundled_db_ro.read() as s:
        c = cl.propose(s, "国立市", ["safety"]).add(cl.free_item("印鑑を持っていく"))
    assert "印鑑を持っていく" not in [i.name for i in discreet_leaves_off(c)]


@pytest.fixture
def dialog(qtbot, bundled_db, monkeypatch):
    d = ChecklistDialog(bundled_db, "国立市", ["consultation", "safety"])
    monkeypatch.setattr(d, "report", lambda message: None)
    qtbot.addWidget(d)
    d.show()
    return d


def _hint(d):
    label = d.printing.discreet_hint
    return label.text() if label.isVisible() else ""


def test_the_window_names_what_the_discreet_copy_leaves_off_and_the_paper_is_as_it_says(dialog, tmp_path):
    assert _hint(dialog) == ""  # a plain copy prints every caution
    dialog.printing.discreet_box.setChecked(True)
    hint = _hint(dialog)
    assert HOGO in hint and "持ち物" in hint and "注意" in hint and "口頭" in hint
    paper = compact(pdf_text(dialog.printing.export_pdf(tmp_path / "discreet.pdf")))
    assert compact("送達場所等届出書") not in paper  # left off, as the window said
    dialog.printing.copy_combo.setCurrentIndex(dialog.printing.copy_combo.findData(Audience.STAFF))
    assert _hint(dialog) == ""  # the staff copy is never discreet
    dialog.printing.copy_combo.setCurrentIndex(dialog.printing.copy_combo.findData(Audience.CLIENT))
    assert HOGO in _hint(dialog)
    dialog.printing.discreet_box.setChecked(False)
    assert _hint(dialog) == ""


def test_a_long_list_names_three_and_counts_the_rest(bundled_db, qtbot):
    d = ChecklistDialog(bundled_db, "高岡市", ["safety.shelter", "money", "children"])
    qtbot.addWidget(d)
    d.printing.discreet_box.setChecked(True)
    left = discreet_leaves_off(d.checklist())
    assert len(left) > 3
    hint = d.printing.discreet_hint.text()
    assert f"ほか{len(left) - 3}件" in hint and left[0].name in hint and left[3].name not in hint


def test_removing_the_items_with_cautions_clears_the_hint(dialog):
    dialog.printing.discreet_box.setChecked(True)
    assert _hint(dialog)
    while left := discreet_leaves_off(dialog.checklist()):  # as she does: select it, 削除
        sections = dialog.checklist().sections
        section = next(n for n, s in enumerate(sections) if left[0] in s.items)
        parent = dialog.model.index(section, 0)
        dialog.view.setCurrentIndex(dialog.model.index(sections[section].items.index(left[0]), 0, parent))
        dialog.remove_selected()
    assert _hint(dialog) == ""


def test_the_command_line_says_it_on_stderr(qapp, bundled_db, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DVDESK_DB", str(bundled_db.path))
    out = tmp_path / "b.pdf"
    assert main(["checklist", "-m", "国立市", "-n", "consultation", "safety", "--discreet", "--pdf", str(out)]) == 0
    err = capsys.readouterr().err
    assert "目立たない印刷" in err and HOGO in err and "口頭" in err
    assert main(["checklist", "-m", "国立市", "-n", "consultation", "safety", "--pdf", str(out)]) == 0
    assert "目立たない印刷" not in capsys.readouterr().err
