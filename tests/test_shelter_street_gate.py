"""A shelter's hidden street written in another record's printed text, refused at the write.

h19: a shelter whose secret 所在地 is 「富山県高岡市広小路7番50号」 and a counselling card whose
利用方法 says 「広小路7番50号の2階へ」 — the sheet import, the package import and the editor said 受付;
only the printout refused it (``disclosure.no_shelter_place_elsewhere``), with a client waiting.
The gate now refuses it (``integrity_streets``), with the printout's comparison (``secret_echo.streets_in``),
naming the record, the field and the shelter; the previews (``shelter_links``) say it first. A
shelter's street is compared with the services of its municipality and the national ones."""

import csv

import pytest

from db_support import dump
from dvdesk.admin import package as pk
from dvdesk.admin import sheets
from dvdesk.admin.editing import Editor
from dvdesk.admin.validation import ValidationError
from dvdesk.cli import main
from dvdesk.domain.models import Municipality
from test_package_gate import members, record, write

LOCATION = "富山県高岡市広小路7番50号"
SHELTER = "緊急一時保護"
CARD = "女性のための電話相談"  # test.svc.consult
ACCESS = "広小路7番50号の2階へ"


def _hide(db) -> Editor:
    editor = Editor(db, "管理 花子")
    shelter = editor.load("service", "test.svc.shelter")
    editor.save("service", {**shelter, "location": LOCATION, "location_confidentiality": "secret"})
    return editor


def _names_all(said: str) -> None:
    assert CARD in said and "利用方法" in said and SHELTER in said and "広小路7-50" in said, said


def test_the_editor_refuses_the_card_naming_the_shelters_street(mini_db):
    editor = _hide(mini_db)
    before = dump(mini_db)
    with pytest.raises(ValidationError) as refused:
        editor.save("service", {**editor.load("service", "test.svc.consult"), "access": ACCESS})
    [problem] = refused.value.problems
    assert problem.path == "access" and SHELTER in problem.message and "広小路7-50" in problem.message
    assert dump(mini_db) == before


def test_the_editor_refuses_a_shelter_whose_street_another_record_already_says(mini_db):
    editor = Editor(mini_db, "管理 花子")
    editor.save("service", {**editor.load("service", "test.svc.consult"), "access": ACCESS})  # no secret yet
    before = dump(mini_db)
    with pytest.raises(ValidationError) as refused:
        _hide(mini_db)
    _names_all(" ".join(p.message for p in refused.value.problems))
    assert dump(mini_db) == before


@pytest.mark.parametrize("ok", ["広小路の駅前です", "広小路7番の窓口", "広小路7番500号", "電話 0766-7-50"])
def test_another_record_may_name_the_district_or_another_number(mini_db, ok):
    editor = _hide(mini_db)
    editor.save("service", {**editor.load("service", "test.svc.consult"), "access": ok})
    assert editor.load("service", "test.svc.consult")["access"] == ok


def test_a_service_of_another_municipality_is_not_compared(mini_db):
    editor = _hide(mini_db)
    with mini_db.write() as session:
        session.add(Municipality(code="011002", name="札幌市", prefecture="北海道", source="test"))
    card = editor.load("service", "test.svc.consult")
    editor.save("service", {**card, "municipality": "011002", "access": ACCESS})
    assert editor.load("service", "test.svc.consult")["access"] == ACCESS


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_sheet_row_naming_the_shelters_street_is_refused(mini_db, tmp_path, dry_run):
    _hide(mini_db)
    path = tmp_path / "services.csv"
    sheets.export_sheet(mini_db, path, "service")
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    card = next(r for r in rows[1:] if r[0] == "test.svc.consult")
    card[head.index("利用方法")] = ACCESS
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([head, card])
    before = dump(mini_db)
    report = sheets.import_sheet(mini_db, path, "管理 花子", dry_run=dry_run, backup=None)
    [row] = report.rows
    assert row.status == sheets.REJECTED, row
    said = " / ".join(row.reasons)
    assert SHELTER in said and "利用方法" in said and "広小路7-50" in said, said
    assert dump(mini_db) == before


def test_a_package_naming_the_shelters_street_is_refused_in_the_preview_and_at_apply(mini_db, tmp_path):
    _hide(mini_db)
    path = tmp_path / "p.dvdesk"
    pk.export_package(mini_db, path, exported_by="管理 花子")
    manifest, doc = members(path)
    record(doc, "service", "test.svc.consult")["access"] = ACCESS
    package = pk.read_package(write(tmp_path / "changed.dvdesk", manifest, doc))
    before = dump(mini_db)
    with pytest.raises(pk.PackageError) as previewed:
        pk.preview(mini_db, package)
    _names_all(str(previewed.value))
    with pytest.raises(pk.PackageError) as refused:
        pk.apply_package(mini_db, package, "管理 花子")
    _names_all(str(refused.value))
    assert dump(mini_db) == before


def test_the_bundled_directory_still_passes_the_check(bundled_db, monkeypatch, capsys):
    """The shipped directory passes through the gate on its first open and ``dvdesk check`` with the rule."""
    monkeypatch.setenv("DVDESK_DB", str(bundled_db.path))
    capsys.readouterr()
    assert main(["check"]) == 0, capsys.readouterr().out
    assert "規則に合わない記録はありません" in capsys.readouterr().out


def test_a_package_hiding_the_shelter_after_the_card_naming_its_street_is_refused_in_the_preview(mini_db, tmp_path):
    """The card (test.svc.consult) comes before the shelter in the package: asked again once the shelter is met."""
    path = tmp_path / "p.dvdesk"
    pk.export_package(mini_db, path, exported_by="管理 花子")
    manifest, doc = members(path)
    keys = [r["key"] for r in doc["records"]["service"]]
    assert keys.index("test.svc.consult") < keys.index("test.svc.shelter")
    record(doc, "service", "test.svc.consult")["access"] = ACCESS
    record(doc, "service", "test.svc.shelter").update(location=LOCATION, location_confidentiality="secret")
    package = pk.read_package(write(tmp_path / "changed.dvdesk", manifest, doc))
    before = dump(mini_db)
    with pytest.raises(pk.PackageError) as previewed:
        pk.preview(mini_db, package)
    _names_all(str(previewed.value))
    with pytest.raises(pk.PackageError) as refused:
        pk.apply_package(mini_db, package, "管理 花子")
    _names_all(str(refused.value))
    assert dump(mini_db) == before
