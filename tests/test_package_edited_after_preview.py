"""An edit made after the administrator's preview, to a record the package then changes.

The import checks a directory that changed since its preview again, inside its transaction, and
wrote that plan — so an edit saved meanwhile (another administrator on the shared server, another
window) was overwritten with the package's values though the preview she accepted never said so
(its 「この PC で変更された記録…を上書きします」 warning was made before the edit). Now refused,
naming the record, nothing changed; a change since the preview that the package does not touch is
still checked again and the import goes on.
"""

from __future__ import annotations

import pytest

from dvdesk.admin import package as pk
from dvdesk.admin.editing import Editor
from test_package_gate import members, record, write

ADMIN = "管理 花子"


def _package_changing_law(db, tmp_path):
    path = tmp_path / "mini.dvdesk"
    pk.export_package(db, path, exported_by=ADMIN)
    manifest, doc = members(path)
    law = record(doc, "service", "test.svc.law")
    law["description"] = "パッケージの説明"
    doc["records"] = {"service": [law]}
    doc["synonyms"] = {}
    return pk.read_package(write(tmp_path / "law.dvdesk", manifest, doc))


def test_an_edit_after_the_preview_to_a_record_the_package_changes_refuses_the_import(mini_db, tmp_path):
    package = _package_changing_law(mini_db, tmp_path)
    previewed = pk.preview(mini_db, package)
    assert not previewed.empty and not previewed.warnings
    other = Editor(mini_db, "管理 次郎")
    law = other.load("service", "test.svc.law")
    other.save("service", {**law, "description": "次郎さんが直した説明"})
    with pytest.raises(pk.PackageError) as refused:
        pk.apply_package(mini_db, package, ADMIN, backup=None, previewed=previewed)
    assert "test.svc.law" in str(refused.value) and "プレビュー" in str(refused.value)
    assert Editor(mini_db, ADMIN).load("service", "test.svc.law")["description"] == "次郎さんが直した説明"
    # Previewed again, the warning names the edit, and the import then goes on.
    again = pk.preview(mini_db, package)
    pk.apply_package(mini_db, package, ADMIN, backup=None, previewed=again)
    assert Editor(mini_db, ADMIN).load("service", "test.svc.law")["description"] == "パッケージの説明"


def test_a_change_after_the_preview_the_package_does_not_touch_lets_the_import_go_on(mini_db, tmp_path):
    package = _package_changing_law(mini_db, tmp_path)
    previewed = pk.preview(mini_db, package)
    other = Editor(mini_db, "管理 次郎")
    consult = other.load("service", "test.svc.consult")
    other.save("service", {**consult, "description": "次郎さんが直した相談の説明"})
    pk.apply_package(mini_db, package, ADMIN, backup=None, previewed=previewed)
    editor = Editor(mini_db, ADMIN)
    assert editor.load("service", "test.svc.law")["description"] == "パッケージの説明"
    assert editor.load("service", "test.svc.consult")["description"] == "次郎さんが直した相談の説明"
