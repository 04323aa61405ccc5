"""What the counselor types for the paper holds no control character nor bidirectional override
(h18-try). A record's text refuses them (``test_bidi_text``): 「電話 \u202e4321-02-6670」 prints as
0766-20-1234. Her free line, the window she names, her note and her name on a slip took them as
typed (or pasted from a web page or a mail) and printed the number reversed on the client's copy."""

from __future__ import annotations

import pytest

from checklist_support import compact, poppler_page_texts
from dvdesk.gui.checklist_dialog import ChecklistDialog

REVERSED = "電話 \u202e4321-02-6670"


@pytest.fixture
def dialog(qtbot, checklist_db, monkeypatch):
    d = ChecklistDialog(checklist_db, "高岡市", ["children"])
    qtbot.addWidget(d)
    d.reports = []
    monkeypatch.setattr(d, "report", d.reports.append)
    monkeypatch.setattr(d.printing, "confirm", lambda *_: True)
    yield d
    d._discarded()


def names(d: ChecklistDialog) -> list[str]:
    return [i.name for i in d.model.checklist().items]


@pytest.mark.parametrize("mark", ["\u202e", "\u2066", "\x07", "\x1b[31m"])
def test_a_free_line_with_a_control_is_refused_and_said(dialog, mark):
    before = names(dialog)
    dialog.free_text.setText(f"電話 {mark}4321-02-6670")
    dialog.add_free_text()
    assert names(dialog) == before
    assert dialog.reports and "自由記入の項目" in dialog.reports[-1]
    dialog.free_text.setText("印鑑を持っていく")
    dialog.free_department.setText(f"市民{mark}課")
    dialog.add_free_text()
    assert names(dialog) == before and "窓口" in dialog.reports[-1]


def test_a_window_named_with_a_control_is_refused(dialog):
    first = dialog.model.checklist().sections[0].department.name
    dialog.assign_department(0, "子ども\u202e課")
    assert dialog.model.checklist().sections[0].department.name == first
    assert "窓口の名前" in dialog.reports[-1]


def test_a_note_with_a_control_is_not_printed_and_the_line_is_named(dialog, tmp_path):
    dialog.note.setPlainText(f"市民課へ行く\n{REVERSED}\n印鑑")
    assert dialog.printing.export_pdf(tmp_path / "c.pdf") is None
    assert not (tmp_path / "c.pdf").exists()
    assert "相談者へのメモ（2行目）" in dialog.reports[-1]
    dialog.note.setPlainText("市民課へ行く\n電話 0766-20-1234\t（平日）\n印鑑")  # a tab pasted from a sheet is fine
    path = dialog.printing.export_pdf(tmp_path / "c.pdf")
    assert path is not None and compact("電話 0766-20-1234") in compact("".join(poppler_page_texts(path)))


def test_a_slip_with_a_control_in_her_name_is_not_printed(dialog, tmp_path):
    section = dialog.model.checklist().sections[0]
    dialog.select_item(section.items[0])
    dialog.slip.counselor_name.setText("相談\u202e員")
    assert dialog.slip.save_pdf(tmp_path / "slip.pdf") is None
    assert not (tmp_path / "slip.pdf").exists() and "担当相談員" in dialog.reports[-1]


def test_the_command_line_refuses_them_too(qapp, checklist_db, monkeypatch, capsys, tmp_path):
    """`dvdesk checklist --note` printed the override into the PDF as the window did; `dvdesk slip
    --counselor` is refused by the same check as the window's slip."""
    from dvdesk.cli import main

    monkeypatch.setenv("DVDESK_DB", str(checklist_db.path))
    note = tmp_path / "note.pdf"
    assert main(["checklist", "-m", "高岡市", "-n", "children", "--note", REVERSED, "--pdf", str(note)]) == 1
    assert "--note: 制御文字" in capsys.readouterr().err and not note.exists()
    slip = tmp_path / "slip.pdf"
    argv = ["slip", "-m", "高岡市", "--procedure", "test.proc.jidoteate", "--counselor", "相談\u202e員"]
    assert main([*argv, "--pdf", str(slip)]) == 1
    assert "担当相談員: 制御文字" in capsys.readouterr().err and not slip.exists()
