"""HSDS exchange: the export validates, carries nothing secret, and comes back in."""

import json

import pytest

from conftest import DATA
from dvdesk.admin import hsds, hsds_import, hsds_schema
from dvdesk.admin import package as pk
from dvdesk.admin.editing import Editor
from dvdesk.storage.db import open_database

SCHEMAS = DATA / "hsds" / "schema"
EXAMPLES = DATA / "hsds" / "examples"


def records(db):
    with db.read() as session:
        return pk.collect(session)[0]


@pytest.fixture
def exported(mini_db, tmp_path):
    editor = Editor(mini_db, "管理 花子")
    center = editor.load("organization", "test.center")
    center["contacts"][0]["phone"] = "0766-00-0009"
    center["contacts"].append(
        {
            "label": "職員用直通",
            "phone": "0766-00-0008",
            "extension": "",
            "window": "",
            "hours": "",
            "email": "",
            "note": "",
            "confidentiality": "staff",
        }
    )
    center.update(address="所在地は非公開", address_confidentiality="secret", staff_note="職員だけのメモ")
    editor.save("organization", center)
    law = editor.load("service", "test.svc.law")
    editor.save(
        "service",
        {
            **law,
            "phone": "0120-000-000",
            "schedule": "毎月第4金曜日 13:00〜16:00",
            "languages": ["日本語", "English"],
            "what_to_bring": "本人確認書類",
            "cost": "無料",
            "staff_note": "弁護士は月替わり",
            "location": "相談室A",
            "location_confidentiality": "staff",
        },
    )
    path = tmp_path / "hsds.json"
    counts = hsds.export_hsds(mini_db, path)
    return path, counts


@pytest.mark.parametrize("source", ["mini", "bundled_db"])
def test_the_export_validates_against_the_hsds_schema(request, source, tmp_path, exported):
    path = exported[0]
    if source == "bundled_db":
        path = tmp_path / "bundled.json"
        hsds.export_hsds(request.getfixturevalue("bundled_db"), path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["services"] and doc["organizations"] and doc["taxonomy_terms"]
    assert hsds_schema.validate_document(doc, SCHEMAS) == []


def test_the_validator_does_catch_a_broken_document(exported):
    doc = json.loads(exported[0].read_text(encoding="utf-8"))
    doc["services"][0]["status"] = "open"
    del doc["organizations"][0]["name"]
    doc["services"][1]["id"] = 42
    problems = hsds_schema.validate_document(doc, SCHEMAS)
    assert len(problems) == 3 and any("'open' is not one of" in p for p in problems)


def test_secret_and_staff_only_data_never_reach_hsds(exported):
    text = exported[0].read_text(encoding="utf-8")
    for secret in (
        "秘密の場所",
        "場所は職員間でも",
        "所在地は非公開",
        "職員だけのメモ",
        "弁護士は月替わり",
        "相談室A",
        "0766-00-0008",
        "職員用直通",
        "庁内連絡会議",
        '"extension"',
    ):
        assert secret not in text, secret
    doc = json.loads(text)
    names = [s["name"] for s in doc["services"]]
    assert "緊急一時保護" in names  # the shelter is listed, without where it is
    assert "庁内連絡会議" not in names


def test_needs_become_taxonomy_terms_and_fields_map(exported):
    doc = json.loads(exported[0].read_text(encoding="utf-8"))
    assert doc["taxonomies"][0]["name"] == "dvdesk-needs"
    terms = {t["code"]: t for t in doc["taxonomy_terms"]}
    assert terms["safety.shelter"]["parent_id"] == terms["safety"]["id"]
    law = next(s for s in doc["services"] if s["name"] == "女性弁護士による無料法律相談")
    assert [a["taxonomy_term"]["code"] for a in law["attributes"] if a["link_type"] == "need"] == ["legal"]
    assert law["schedules"][0]["description"] == "毎月第4金曜日 13:00〜16:00"
    assert law["phones"][0]["number"] == "0120-000-000" and law["fees_description"] == "無料"
    assert [lang["name"] for lang in law["languages"]] == ["日本語", "English"]
    assert law["service_areas"][0]["name"] == "高岡市"
    org_ids = {o["id"] for o in doc["organizations"]}
    assert all(s["organization_id"] in org_ids for s in doc["services"] if "organization_id" in s)


def test_reimporting_our_own_export_changes_nothing(mini_db, exported):
    before = records(mini_db)
    report = hsds_import.import_hsds(mini_db, exported[0], "管理 花子")
    assert report.rejected == [] and report.plan.empty
    assert records(mini_db) == before  # staff notes and secret locations were kept, not blanked


def test_an_edit_in_another_system_comes_back_as_a_change(mini_db, exported):
    doc = json.loads(exported[0].read_text(encoding="utf-8"))
    law = next(s for s in doc["services"] if s["name"] == "女性弁護士による無料法律相談")
    law["schedules"][0]["description"] = "毎月第2金曜日 13:00〜16:00"
    exported[0].write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    report = hsds_import.import_hsds(mini_db, exported[0], "管理 花子", dry_run=True)
    [diff] = report.plan.diffs
    assert (diff.key, [(c.path, c.new) for c in diff.changes]) == (
        "test.svc.law",
        [("schedule", "毎月第2金曜日 13:00〜16:00")],
    )


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_dry_run_is_refused_where_the_directorys_gate_refuses_the_import(mini_db, exported, monkeypatch, dry_run):
    """The dry run writes in the import's transaction and passes the gate before it rolls back
    (``sync.writing``, as a sheet's): it answered 受付 for what the real import then refused."""
    from db_support import dump
    from dvdesk.domain import integrity
    from dvdesk.domain.integrity_findings import DirectoryRefused, Finding

    def refuse(session):  # a rule across records, seen only at the gate
        raise DirectoryRefused([Finding("services", "test.svc.law", "女性弁護士による無料法律相談", "テストの規則")])

    doc = json.loads(exported[0].read_text(encoding="utf-8"))
    law = next(s for s in doc["services"] if s["name"] == "女性弁護士による無料法律相談")
    law["schedules"][0]["description"] = "毎月第2金曜日 13:00〜16:00"
    exported[0].write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(integrity, "gate", refuse)
    before = dump(mini_db)
    with pytest.raises(hsds_import.HsdsError, match="テストの規則"):
        hsds_import.import_hsds(mini_db, exported[0], "管理 花子", dry_run=dry_run, backup=None)
    assert dump(mini_db) == before


def test_an_export_fills_an_empty_directory(mini_db, exported, tmp_path):
    target = open_database(tmp_path / "other.sqlite3", fill=False)
    needs_only = tmp_path / "needs.dvdesk"
    pk.export_package(mini_db, needs_only)
    package = pk.read_package(needs_only)
    package.records.update(organization=[], service=[], plan=[], procedure=[])
    pk.apply_package(target, package, "管理 花子")
    report = hsds_import.import_hsds(target, exported[0], "管理 花子")
    assert report.rejected == [], [(r.row, r.reasons) for r in report.rejected]
    services = {s["name"]: s for s in records(target)["service"]}
    assert services["女性弁護士による無料法律相談"]["needs"] == ["legal"]
    assert services["女性弁護士による無料法律相談"]["municipality"] == "162027"
    assert services["緊急一時保護"]["location"] == ""
    target.close()


def test_the_specifications_own_examples_import(mini_db):
    before = records(mini_db)
    with pytest.raises(hsds_import.HsdsError, match="-m"):  # a foreign feed states no municipality
        hsds_import.import_hsds(mini_db, EXAMPLES / "service_full.json", "管理 花子")
    assert records(mini_db) == before
    report = hsds_import.import_hsds(mini_db, EXAMPLES / "service_full.json", "管理 花子", municipality="162027")
    assert report.rejected == [], [(r.sheet, r.reasons) for r in report.rejected]
    assert any("読み飛ばしました" in n for n in report.notes)  # its taxonomy is not ours
    service = next(s for s in records(mini_db)["service"] if s["name"] == "Community Counselling")
    assert service["phone"] == "+44 1234 234567" and "海外の番号" in service["source_note"]  # kept as written
    assert service["provider"].startswith("hsds.") and service["municipality"] == "162027"


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "空です"),
        (b'{"services": [', "JSON として読めません"),
        (json.dumps({"services": []}, ensure_ascii=False).encode("utf-16"), "UTF-8 ではありません"),
        (b"[1, 2, 3]", "見つかりません"),
        (b'"just a string"', "HSDS の形式ではありません"),
    ],
)
def test_files_that_are_not_hsds_are_refused(mini_db, tmp_path, data, fragment):
    path = tmp_path / "x.json"
    path.write_bytes(data)
    before = records(mini_db)
    with pytest.raises(hsds_import.HsdsError, match=fragment):
        hsds_import.import_hsds(mini_db, path, "管理 花子")
    assert records(mini_db) == before


def test_a_bad_record_is_rejected_and_the_rest_imported(mini_db, exported):
    doc = json.loads(exported[0].read_text(encoding="utf-8"))
    doc["services"].append({"id": "0b7f1e2c-1111-4222-8333-444455556666", "name": "", "status": "active"})
    exported[0].write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    report = hsds_import.import_hsds(mini_db, exported[0], "管理 花子", municipality="162027")
    [bad] = report.rejected
    assert "「名称」を入力してください" in bad.reasons[0]


def test_a_list_field_that_is_not_a_list_is_refused_and_changes_nothing(mini_db, exported, tmp_path):
    """Found by the fuzz test: a service whose attributes was a number crashed the import."""
    doc = json.loads(exported[0].read_text(encoding="utf-8"))
    doc["services"][0]["attributes"] = 1
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    before = records(mini_db)
    with pytest.raises(hsds_import.HsdsError, match="attributes"):
        hsds_import.import_hsds(mini_db, path, "管理 花子")
    assert records(mini_db) == before
