"""A package's preview refuses what the directory's gate refuses at apply: the preview (the window's
exchange tab, `dvdesk import` before it applies, `--dry-run`) said 受付 for a package the gate then
refused — a public address for a department that, only on this PC, provides a shelter; a shelter's
secret location typed into its description; a shelter under a need that is one only through the
need tree; a name longer than its column. Each package here is judged by the gate alone (the preview's checks bypassed) and by the
preview: both refuse with the gate's words, or both accept. The preview changes nothing."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from db_support import dump
from dvdesk.admin import package as pk
from dvdesk.admin.editing import Editor
from dvdesk.cli import main
from dvdesk.gui.admin.import_preview import ImportPreviewDialog
from dvdesk.gui.admin.window import AdminWindow
from test_package_gate import members, record, write

ADDRESS = "テスト市秘密町1-2-3"
PROVIDER = "シェルター.*を提供する.*所在地が「公開」"


def _public_address(doc, org="test.center"):
    record(doc, "organization", org).update(address=ADDRESS, address_confidentiality="public")


def _address_link_only_here(doc):  # the issue: the address is the package's, the link the desk's
    _public_address(doc)
    doc["records"]["service"] = [s for s in doc["records"]["service"] if s["key"] != "test.svc.shelter"]


def _address_link_unchanged(doc):  # the shelter is in the package too, as this PC has it
    _public_address(doc)


def _shelter_moved_to_public_address(doc):
    _public_address(doc, "test.housing")
    record(doc, "service", "test.svc.shelter")["provider"] = "test.housing"


def _address_and_shelter_moved_away(doc):  # accepted: the department no longer provides a shelter
    _public_address(doc)
    record(doc, "service", "test.svc.shelter")["provider"] = "test.housing"


def _location_in_description(doc):
    record(doc, "service", "test.svc.shelter")["description"] = "避難先は秘密の場所 1-2-3 の建物です"


def _shelter_through_the_need_tree(doc):
    need = record(doc, "need", "safety.shelter")
    doc["records"]["need"].append({**need, "key": "refuge", "parent": "safety.shelter", "label_ja": "避難先"})
    law = record(doc, "service", "test.svc.law")
    law.update(needs=[*law["needs"], "refuge"], location="どこかの町 4-5-6", location_confidentiality="public")


def _name_longer_than_its_column(doc):  # a department's name is String(120); a one-line text 200 elsewhere
    record(doc, "organization", "test.housing")["name"] = "住" * 150


def _contact_window_longer_than_its_column(doc):  # a contact's 窓口・階 is String(120)
    record(doc, "organization", "test.center")["contacts"][0]["window"] = "窓" * 130


def _blank_service_level(doc):  # no location guards it: the form's choice, blank in the file
    record(doc, "service", "test.svc.law")["confidentiality"] = ""


def _need_moved_under_the_shelter_need(doc):  # the service comes unchanged; this PC has its location public
    record(doc, "need", "housing")["parent"] = "safety.shelter"
    record(doc, "service", "test.svc.housing").update(location="住宅町1-2-3", location_confidentiality="public")


def _need_moved_and_its_location_made_secret(doc):  # accepted: the same package hides the location
    _need_moved_under_the_shelter_need(doc)
    record(doc, "service", "test.svc.housing")["location_confidentiality"] = "secret"


CASES = {
    "address here, link on this PC only": (_address_link_only_here, PROVIDER),
    "address here, link unchanged": (_address_link_unchanged, PROVIDER),
    "shelter moved under a public address": (_shelter_moved_to_public_address, PROVIDER),
    "address public, shelter moved away": (_address_and_shelter_moved_away, None),
    "location in the description": (_location_in_description, "所在地（秘密）の一部"),
    "shelter through the need tree": (_shelter_through_the_need_tree, "シェルターの所在地[がは]「公開」"),
    "service's own level blank": (_blank_service_level, "公開範囲"),
    "need moved under the shelter need": (
        _need_moved_under_the_shelter_need,
        "シェルターの所在地[がは]「公開」|シェルターになり",
    ),
    "need moved, location made secret": (_need_moved_and_its_location_made_secret, None),
    "name longer than its column": (_name_longer_than_its_column, "上限 120文字"),
    "contact window longer than its column": (_contact_window_longer_than_its_column, "上限 120文字"),
}


def package_for(mini_db, tmp_path, case):
    if case.startswith("need moved"):  # this PC's service: a location given public (no shelter yet)
        editor = Editor(mini_db, "管理 花子")
        snap = editor.load("service", "test.svc.housing")
        editor.save("service", {**snap, "location": "住宅町1-2-3", "location_confidentiality": "public"})
    path = tmp_path / "p.dvdesk"
    pk.export_package(mini_db, path, exported_by="管理 花子")
    manifest, doc = members(path)
    CASES[case][0](doc)
    return write(tmp_path / "case.dvdesk", manifest, doc)


def gate_verdict(mini_db, package, monkeypatch) -> str | None:
    """What the gate alone says (the preview's checks bypassed), applied last."""
    with monkeypatch.context() as m:
        m.setattr(pk, "_check_records", lambda *a: None)
        try:
            pk.apply_package(mini_db, package, "管理 花子", backup=None)
        except pk.PackageError as exc:
            return str(exc)
    return None


@pytest.mark.parametrize("case", CASES)
def test_the_preview_refuses_exactly_what_the_gate_refuses(mini_db, tmp_path, monkeypatch, case):
    package = pk.read_package(package_for(mini_db, tmp_path, case))
    wanted = CASES[case][1]
    before = dump(mini_db)
    if wanted is None:
        assert not pk.preview(mini_db, package).empty
    else:
        with pytest.raises(pk.PackageError, match=wanted):
            pk.preview(mini_db, package)
    assert dump(mini_db) == before  # a preview writes nothing
    said = gate_verdict(mini_db, package, monkeypatch)
    assert (said is None) == (wanted is None), said
    if wanted is not None:
        assert dump(mini_db) == before


def test_the_window_refuses_the_package_before_its_preview(qtbot, mini_db, tmp_path, monkeypatch):
    window = AdminWindow(mini_db, "管理 花子")
    qtbot.addWidget(window)
    monkeypatch.setattr(QMessageBox, "open", lambda self: None)  # no modal box offscreen
    path = package_for(mini_db, tmp_path, "address here, link on this PC only")
    before = dump(mini_db)
    window.import_package(path)
    assert not isinstance(window.dialog, ImportPreviewDialog)  # never offered to apply
    text = window.message_box.text()
    assert "このパッケージは取り込めません" in text and "テスト相談センター" in text and "「公開」" in text
    assert dump(mini_db) == before


@pytest.mark.parametrize("dry_run", [True, False])
def test_the_cli_refuses_it_in_one_line_before_applying(mini_db, tmp_path, monkeypatch, capsys, dry_run):
    path = package_for(mini_db, tmp_path, "address here, link on this PC only")
    monkeypatch.setenv("DVDESK_DB", str(mini_db.path))
    before = dump(mini_db)
    assert main(["import", str(path), "--admin", "x", *(["--dry-run"] if dry_run else [])]) == 1
    out, err = capsys.readouterr()
    assert len(err.strip().splitlines()) == 1 and "シェルター" in err and "「公開」" in err
    assert "test.center" not in out and "変更 1件" not in out  # no plan shown as if it would be applied
    assert dump(mini_db) == before


def test_an_accepted_package_still_applies_with_its_preview(mini_db, tmp_path):
    package = pk.read_package(package_for(mini_db, tmp_path, "address public, shelter moved away"))
    plan = pk.preview(mini_db, package)
    pk.apply_package(mini_db, package, "管理 花子", backup=None, previewed=plan)
    editor = Editor(mini_db, "x")
    assert editor.load("organization", "test.center")["address"] == ADDRESS
    assert editor.load("service", "test.svc.shelter")["provider"] == "test.housing"
