"""A municipality whose procedures are not on record (one a data package or a sheet added, or any
municipality of a national directory): the checklist must not tell her that no procedure is needed.

Seen by using it: a package from 富山市 added its shelter; the checklist for 一時保護・シェルター in
富山市 printed 「（この状況で必要な手続きはありません）」 — a wrong answer on paper, when 警察,
一時保護 and 保護命令 are needed and only missing from the directory.
"""

import json

import pytest
from PySide6.QtWidgets import QMessageBox

from checklist_support import compact, pdf_text
from dvdesk.app.checklists import Checklists
from dvdesk.cli import main
from dvdesk.domain import checklist as cl
from dvdesk.domain.disclosure import Audience
from dvdesk.domain.models import Municipality
from dvdesk.printing import print_languages

TOYAMA = "162019"  # 富山市: on the 総務省 list, no procedure in the test directory


@pytest.fixture
def db(checklist_db):
    with checklist_db.write() as s:
        s.add(Municipality(code=TOYAMA, name="富山市", prefecture="富山県", source="テスト"))
    return checklist_db


def test_the_proposal_says_whether_the_municipality_has_procedures_on_record(db):
    with db.read() as s:
        toyama = cl.propose(s, TOYAMA, ["safety"])
        takaoka = cl.propose(s, "高岡市", ["safety"])
    assert toyama.sections == () and not toyama.procedures_on_record
    assert takaoka.sections and takaoka.procedures_on_record
    # edits keep what the proposal knew
    assert not toyama.with_note("x").with_sections(()).procedures_on_record


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_paper_says_the_procedures_are_not_on_record_not_that_none_is_needed(db, qapp, tmp_path, lang):
    from dvdesk.printing.qt_render import write_pdf

    checklists = Checklists(db)
    path = tmp_path / f"toyama-{lang}.pdf"
    write_pdf(path, checklists.render(checklists.propose(TOYAMA, ["safety"]), Audience.CLIENT, language=lang))
    text = compact(pdf_text(path))
    strings = print_languages.strings(lang)
    assert compact(strings.not_on_record) in text
    assert compact(strings.nothing) not in text


def test_the_paper_still_says_nothing_applies_where_procedures_are_on_record(db):
    checklists = Checklists(db)
    # she removed every item (住民票: the test 高岡市 lacks a police procedure, so 安全確保 would
    # print the line of tests/test_checklist_safety_gaps.py instead)
    emptied = checklists.propose("高岡市", ["info_protection"]).with_sections(())
    html = checklists.render(emptied, Audience.CLIENT).html
    assert print_languages.JA.nothing in html and print_languages.JA.not_on_record not in html


def test_the_window_says_so_too(db, qtbot, monkeypatch):
    from dvdesk.gui.checklist_dialog import ChecklistDialog

    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Yes)
    dialog = ChecklistDialog(db, TOYAMA, ["safety"])
    qtbot.addWidget(dialog)
    assert dialog.empty_label.isVisibleTo(dialog)
    assert "登録されていません" in dialog.empty_label.text()
    takaoka = ChecklistDialog(db, "高岡市", ["safety"])
    qtbot.addWidget(takaoka)
    while takaoka.model.rowCount():
        takaoka.model.remove(takaoka.model.index(0, 0))
    assert "登録されていません" not in takaoka.empty_label.text()


def test_the_command_line_warns_and_says_so_in_json(db, capsys, monkeypatch):
    monkeypatch.setenv("DVDESK_DB", str(db.path))
    assert main(["checklist", "-m", "富山市", "-n", "safety", "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["procedures_on_record"] is False
    assert "富山市" in err and "登録されていません" in err
    assert main(["checklist", "-m", "高岡市", "-n", "info_protection", "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["procedures_on_record"] is True and "手続きは、まだ登録されていません" not in err
