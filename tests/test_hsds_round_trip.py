"""The shipped directory → HSDS → an empty database gives back the same client-visible directory,
field by field; and the export validates against the HSDS 3.1 schemas."""

import dataclasses
import json
import shutil

import pytest
from sqlalchemy import select

from conftest import DATA
from dvdesk import paths
from dvdesk.admin import first_run, hsds, hsds_import, hsds_schema
from dvdesk.admin.editing import Editor
from dvdesk.domain.directory import service_detail
from dvdesk.domain.disclosure import Audience, for_audience, research_markers
from dvdesk.domain.models import Municipality, Service, ServiceKind
from dvdesk.storage.bundled import load_into
from dvdesk.storage.db import open_database

SCHEMAS = DATA / "hsds" / "schema"
SERVICE_FIELDS = (
    "name",
    "discreet_name",
    "kind",
    "municipality",
    "municipality_code",
    "description",
    "access",
    "schedule",
    "eligibility",
    "what_to_bring",
    "languages",
    "cost",
    "phone",
    "location",
    "location_confidentiality",
    "confidentiality",
    "needs",
    "circumstances",  # dvdesk's extension (attributes dvdesk:circumstance): a place for a child
)
ORG_FIELDS = (
    "name",
    "discreet_name",
    "kind",
    "municipality",
    "parent",
    "description",
    "address",
    "address_confidentiality",
    "contacts",
)
# Not carried, on purpose: the plan's 取組 (HSDS has no plans), the source citation (it becomes
# "HSDS: file"), the verifier's name (a staff member's name stays in the city), staff-only and secret fields.


def client_directory(db) -> dict[str, dict]:
    """Every client-visible service, as a client may see it, keyed by its HSDS id."""
    out = {}
    with db.read() as s:
        rows = s.scalars(select(Service).where(Service.retired.is_(False), Service.kind == ServiceKind.CLIENT.value))
        for svc in rows:
            shown = for_audience(service_detail(s, svc.id), Audience.CLIENT)
            if shown is None:
                continue
            key = svc.key.removeprefix("hsds.") if svc.key.startswith("hsds.") else hsds.hsds_id("service", svc.key)
            view = {f: getattr(shown, f) for f in SERVICE_FIELDS}
            if shown.location_confidentiality != "public":
                view["location_confidentiality"] = "not public"  # the location itself is already blank
            view["verified_on"] = shown.provenance.verified_on
            org = shown.provider
            view["provider"] = (
                None
                if org is None
                else {
                    **{f: getattr(org, f) for f in ORG_FIELDS},
                    # a note with a research mark (「要確認」) stays home, as on the client's copy
                    "contacts": [
                        dataclasses.asdict(dataclasses.replace(c, note="" if research_markers(c.note) else c.note))
                        for c in org.contacts
                    ],
                    "verified_on": org.provenance.verified_on,
                }
            )
            out[key] = view
    return out


@pytest.fixture
def empty_db(tmp_path):
    """A new desk: the need taxonomy dvdesk ships, the municipalities chosen in the first-run setup, no records."""
    folder = tmp_path / "needs-only"
    folder.mkdir()
    shutil.copy(paths.resources_dir() / "directory" / "needs.toml", folder)
    db = open_database(tmp_path / "empty" / "dvdesk.sqlite3", fill=False)
    load_into(db, folder)
    editor = Editor(db, "管理 花子")
    for code in ("162027", "132152"):
        first_run.choose_municipality(editor, code)
    yield db
    db.close()


def test_the_shipped_directory_comes_back_whole(bundled_db, empty_db, tmp_path):
    editor = Editor(bundled_db, "管理 花子")
    # What a city adds must survive too: a FAX line, an e-mail, a window, a verified date, a public address.
    org = editor.load("organization", "takaoka.shiminka")
    org["contacts"] = [
        {
            "label": "代表",
            "phone": "0766-00-0001",
            "extension": "123",
            "window": "市民課窓口 1階",
            "hours": "月〜金 8:30〜17:15",
            "email": "shimin@example.jp",
            "note": "",
            "confidentiality": "public",
        },
        {
            "label": "FAX",
            "phone": "0766-00-0002",
            "extension": "",
            "window": "",
            "hours": "",
            "email": "",
            "note": "",
            "confidentiality": "public",
        },
        {
            "label": "窓口のみ",
            "phone": "",
            "extension": "",
            "window": "本庁舎1階",
            "hours": "平日",
            "email": "",
            "note": "電話は代表へ",
            "confidentiality": "public",
        },
    ]
    org["address"], org["address_confidentiality"] = "高岡市広小路7-50", "public"
    editor.save("organization", org)
    editor.mark_verified("organization", "takaoka.shiminka")
    path = tmp_path / "directory.hsds.json"
    counts = hsds.export_hsds(bundled_db, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert hsds_schema.validate_document(doc, SCHEMAS) == []
    text = path.read_text(encoding="utf-8")
    assert '"extension"' not in text  # 内線 never leaves

    report = hsds_import.import_hsds(empty_db, path, "管理 花子", backup=None)
    assert report.rejected == [], [(r.title, r.reasons) for r in report.rejected]

    want, got = client_directory(bundled_db), client_directory(empty_db)
    assert len(want) == counts["services"] == len(got)
    assert sum(bool(v["circumstances"]) for v in want.values()) == 6  # 高岡市's five, 国立市's ひとり親家庭
    assert set(want) == set(got)
    for key, view in want.items():
        for field, value in view.items():
            assert got[key][field] == value, (view["name"], field)
    shimin = next(
        v["provider"]
        for v in got.values()
        if v["provider"] and v["provider"]["name"] == "市民課" and v["municipality"] == "高岡市"
    )
    assert [c["label"] for c in shimin["contacts"]] == ["代表", "FAX", "窓口のみ"]
    assert shimin["address"] == "高岡市広小路7-50" and shimin["verified_on"] is not None
    with empty_db.read() as s:
        assert {m.code for m in s.scalars(select(Municipality))} == {"162027", "132152"}


def test_fax_is_exported_as_fax_and_a_non_public_location_stays_home(bundled_db, tmp_path):
    editor = Editor(bundled_db, "管理 花子")
    org = editor.load("organization", "takaoka.shiminka")
    org["contacts"] = [
        {
            "label": "ＦＡＸ",
            "phone": "0766-00-0002",
            "extension": "",
            "window": "",
            "hours": "",
            "email": "",
            "note": "",
            "confidentiality": "public",
        }
    ]
    editor.save("organization", org)
    path = tmp_path / "x.json"
    hsds.export_hsds(bundled_db, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    shimin = next(o for o in doc["organizations"] if o["id"] == hsds.hsds_id("organization", "takaoka.shiminka"))
    assert shimin["contacts"][0]["phones"][0]["type"] == "fax" and shimin["phones"][0]["type"] == "fax"
    kinds = {a["value"] for o in doc["organizations"] for a in o["attributes"] if a["link_type"] == hsds.KIND}
    assert {"city_department", "city_center", "prefecture", "private"} <= kinds
    text = path.read_text(encoding="utf-8")
    assert "0766-00-0002" in text


@pytest.mark.parametrize(("level", "exported"), [("public", True), ("staff", False), ("secret", False)])
def test_a_service_location_leaves_only_when_public(bundled_db, tmp_path, level, exported):
    editor = Editor(bundled_db, "管理 花子")
    svc = editor.load("service", "takaoka.svc.consultation")
    editor.save("service", {**svc, "location": "ウイング・ウイング高岡 4階 相談室", "location_confidentiality": level})
    path = tmp_path / "x.json"
    hsds.export_hsds(bundled_db, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert ("ウイング・ウイング高岡 4階 相談室" in path.read_text(encoding="utf-8")) is exported
    consultation = next(s for s in doc["services"] if s["id"] == hsds.hsds_id("service", "takaoka.svc.consultation"))
    assert bool(consultation.get("service_at_locations")) is exported
    assert hsds_schema.validate_document(doc, SCHEMAS) == []


def test_a_feed_never_replaces_a_location_kept_secret_here(bundled_db, tmp_path):
    editor = Editor(bundled_db, "管理 花子")
    svc = editor.load("service", "takaoka.svc.consultation")
    editor.save("service", {**svc, "location": "非公開の場所", "location_confidentiality": "secret"})
    sid = hsds.hsds_id("service", "takaoka.svc.consultation")
    feed = {
        "id": sid,
        "name": svc["name"],
        "status": "active",
        "service_at_locations": [
            {
                "id": "sal-1",
                "service_id": sid,
                "location": {"id": "loc-1", "location_type": "physical", "description": "どこかの公開の場所"},
            }
        ],
    }
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed, ensure_ascii=False), encoding="utf-8")
    hsds_import.import_hsds(bundled_db, path, "管理 花子", municipality="162027", backup=None)
    after = editor.load("service", "takaoka.svc.consultation")
    assert (after["location"], after["location_confidentiality"]) == ("非公開の場所", "secret")


def test_a_services_circumstances_come_back_and_a_feed_without_attributes_keeps_them(bundled_db, tmp_path):
    """Desk A's export names 該当する事情 in dvdesk's extension and a re-import restores what an edit
    removed; a value a place cannot name is reported, never stored; a record whose document lists no
    attributes keeps its own."""
    path = tmp_path / "a.json"
    hsds.export_hsds(bundled_db, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    sid = hsds.hsds_id("service", "takaoka.svc.jiritsu-kyufukin")
    svc = next(s for s in doc["services"] if s["id"] == sid)
    named = [(a["value"], a["label"]) for a in svc["attributes"] if a["link_type"] == hsds.CIRCUMSTANCE]
    assert named == [("children", "子どもがいる")]
    editor = Editor(bundled_db, "管理 花子")
    editor.save("service", {**editor.load("service", "takaoka.svc.jiritsu-kyufukin"), "circumstances": []})
    report = hsds_import.import_hsds(bundled_db, path, "管理 花子", backup=None)
    assert report.rejected == []
    assert editor.load("service", "takaoka.svc.jiritsu-kyufukin")["circumstances"] == ["children"]

    svc["attributes"].append({**svc["attributes"][-1], "id": "x-foreign", "value": "foreign"})
    doc["services"] = [svc]
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    report = hsds_import.import_hsds(bundled_db, path, "管理 花子", backup=None)
    assert any("該当する事情「foreign」" in n for n in report.notes)
    assert editor.load("service", "takaoka.svc.jiritsu-kyufukin")["circumstances"] == ["children"]

    del svc["attributes"]
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    hsds_import.import_hsds(bundled_db, path, "管理 花子", backup=None)
    assert editor.load("service", "takaoka.svc.jiritsu-kyufukin")["circumstances"] == ["children"]
