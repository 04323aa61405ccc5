"""A checklist made from a saved template lists the same places to contact as one made afresh.

Seen by using it: a template saved for 一時保護・シェルター in 高岡市, loaded in the window or with
`dvdesk checklist --template`, printed no 「相談できるところ」 at all — #8778 and the city's
shelter contacts silently gone from the paper (the template keeps the needs; the places were
never looked up again).
"""

import json

from dvdesk.app.checklists import Checklists
from dvdesk.cli import main


def places(checklist):
    return [(g.need_key, [i.key for i in g.services]) for g in checklist.contacts]


def test_a_loaded_template_has_the_places_of_its_needs_in_the_safety_order(checklist_db):
    checklists = Checklists(checklist_db)
    fresh = checklists.propose("162027", ["safety", "children"], ["school"])
    assert fresh.contacts  # the fixture has places for these needs
    checklists.save_template("安全と子ども", fresh)
    loaded = checklists.load_template("162027", "安全と子ども").checklist
    assert places(loaded) == places(fresh)


def test_the_command_line_prints_them_from_a_template_too(checklist_db, capsys, monkeypatch):
    checklists = Checklists(checklist_db)
    checklists.save_template("安全", checklists.propose("162027", ["safety"]))
    monkeypatch.setenv("DVDESK_DB", str(checklist_db.path))
    assert main(["checklist", "-m", "高岡市", "-n", "safety", "--json"]) == 0
    fresh = json.loads(capsys.readouterr().out)["contacts"]
    assert main(["checklist", "-m", "高岡市", "--template", "安全", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["contacts"] == fresh != []


def test_the_window_lists_them_after_loading_a_template(checklist_db, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from dvdesk.gui.checklist_dialog import ChecklistDialog

    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Ok)
    checklists = Checklists(checklist_db)
    checklists.save_template("安全", checklists.propose("162027", ["safety"]))
    dialog = ChecklistDialog(checklist_db, "高岡市", ["children"])
    qtbot.addWidget(dialog)
    dialog.template_box.load_template("安全")
    shown = dialog.places.toPlainText()
    for _need, keys in places(checklists.propose("162027", ["safety"])):
        for key in keys:
            name = checklists.service_item(key).name
            assert name in shown, name
