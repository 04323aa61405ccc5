"""A template saved, renamed or deleted while the shared server is away: said in the dialog, her list
kept, no error box (h19: the template box caught only TemplateError; the server's ServerAway went to
the window's error hook, and a direct call raised it).
"""

from dvdesk.app.shared_mode import SharedDatabase
from dvdesk.gui.checklist_dialog import ChecklistDialog
from test_shared_mode import Switch


def test_a_template_saved_while_the_server_is_away_is_refused_in_the_dialog_and_kept_later(
    qtbot, checklist_db, tmp_path, monkeypatch
):
    server = Switch(checklist_db)
    db = SharedDatabase(server.connect, tmp_path / "copy" / "directory.sqlite3")
    try:
        d = ChecklistDialog(db, "162027", ["children.school"])
        qtbot.addWidget(d)
        said: list[str] = []
        monkeypatch.setattr(d, "report", said.append)
        d.free_text.setText("印鑑を持っていく")
        d.add_free_text()
        before = d.checklist()
        server.up = False
        assert d.template_box.save_template("転出", confirm_warnings=False) is False
        assert len(said) == 1 and "サーバーに接続できないため保存できません" in said[0], said
        assert d.checklist() == before  # her list as it was
        assert d.template_box.combo.count() == 0
        server.up = True
        assert db.probe()  # the window's next probe: the server is back
        assert d.template_box.save_template("転出", confirm_warnings=False) is True
        assert [d.template_box.combo.itemText(i) for i in range(d.template_box.combo.count())] == ["転出"]
        server.up = False
        db.probe()
        monkeypatch.setattr("dvdesk.gui.checklist_template_box.ask", lambda *a, **k: True)
        d.template_box.delete_template_interactive()
        assert len(said) == 2 and "サーバーに接続できない" in said[1], said
        server.up = True
        assert db.probe()
        d.template_box.refresh()
        assert [d.template_box.combo.itemText(i) for i in range(d.template_box.combo.count())] == ["転出"]
    finally:
        db.close()
