"""A package older than this PC's own edits: importing it writes its values over them. The
preview listed the change (「専用の電話番号: 0766-00-0005 → （空）」) like any other, so an
administrator reading it as the main PC's newer data would undo her colleague's correction of last
week without knowing it. Found in session 14 (h14-admin, a package carried back on the USB stick
after a local edit). The preview (the command line and the window's header) now names each record
changed on this PC after the package was written, as a warning, before anything is written.
"""

from __future__ import annotations

from dvdesk.admin import package as pk
from dvdesk.admin.editing import Editor
from dvdesk.cli.admin_commands import _import
from test_package_gate import members, write

ADMIN = "管理 花子"


def _older_package(db, tmp_path):
    path = tmp_path / "mini.dvdesk"
    pk.export_package(db, path, exported_by=ADMIN)
    manifest, doc = members(path)
    manifest["exported_at"] = "2020-04-01T09:00:00+09:00"  # written long before today's edit
    return pk.read_package(write(tmp_path / "old.dvdesk", manifest, doc))


def test_a_record_edited_here_after_the_package_was_written_is_named(mini_db, tmp_path, capsys):
    package = _older_package(mini_db, tmp_path)
    editor = Editor(mini_db, ADMIN)
    svc = editor.load("service", "test.svc.consult")
    editor.save("service", {**svc, "phone": "0766-00-0005"})
    plan = pk.preview(mini_db, package)
    assert len(plan.warnings) == 1
    said = plan.warnings[0]
    assert "女性のための電話相談" in said and "test.svc.consult" in said and "2020-04-01 09:00" in said
    assert "test.svc.law" not in said  # not edited since

    class Args:
        dry_run, accept_untrusted, admin = True, False, ADMIN

    _import(Args(), mini_db, package)
    out = capsys.readouterr().out
    assert "注意: " in out and "test.svc.consult" in out


def test_a_package_newer_than_every_edit_warns_of_nothing(mini_db, tmp_path):
    editor = Editor(mini_db, ADMIN)
    svc = editor.load("service", "test.svc.consult")
    editor.save("service", {**svc, "phone": "0766-00-0005"})
    path = tmp_path / "mini.dvdesk"
    pk.export_package(mini_db, path, exported_by=ADMIN)
    manifest, doc = members(path)
    manifest["exported_at"] = "2099-04-01T09:00:00+09:00"  # written after every edit here
    record = next(r for r in doc["records"]["service"] if r["key"] == "test.svc.consult")
    record["phone"] = "0766-00-0007"
    package = pk.read_package(write(tmp_path / "new.dvdesk", manifest, doc))
    plan = pk.preview(mini_db, package)
    assert any(d.key == "test.svc.consult" for d in plan.diffs) and plan.warnings == ()


def test_the_window_says_it_above_the_changes(qtbot, mini_db, tmp_path):
    from dvdesk.gui.admin.window import AdminWindow

    path = tmp_path / "mini.dvdesk"
    pk.export_package(mini_db, path, exported_by=ADMIN)
    manifest, doc = members(path)
    manifest["exported_at"] = "2020-04-01T09:00:00+09:00"
    old = write(tmp_path / "old.dvdesk", manifest, doc)
    editor = Editor(mini_db, ADMIN)
    editor.save("service", {**editor.load("service", "test.svc.consult"), "phone": "0766-00-0005"})
    window = AdminWindow(mini_db, ADMIN)
    qtbot.addWidget(window)
    window.show()
    window.import_package(old)
    preview = window.dialog
    qtbot.waitUntil(preview.isVisible)
    text = preview.summary.text()
    assert "注意: " in text and "test.svc.consult" in text and "上書き" in text
    preview.reject()
