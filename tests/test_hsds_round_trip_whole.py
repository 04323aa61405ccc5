"""HSDS end to end, as two desks exchanging their directories would use it.

Desk A exports its directory; desk B (a new desk: the need taxonomy and its municipalities, no
records) imports it and exports again. The comparer below holds, record by record and field by
field, that B's file says what A's said: every organization, service, contact point, phone,
need link, schedule, language, service area, location and attribute — nothing lost, nothing added.
Then A imports B's file: nothing is added to A and nothing changes (no duplicate of each record).
And what leaves the PC: no staff-only or secret text, no research note, no shelter's whereabouts."""

from __future__ import annotations

import json
import shutil
from typing import Any

import pytest
from sqlalchemy import func, select

from conftest import DATA
from dvdesk import paths
from dvdesk.admin import first_run, hsds, hsds_import, hsds_schema
from dvdesk.admin.editing import Editor
from dvdesk.admin.package import collect
from dvdesk.domain.disclosure import research_markers
from dvdesk.domain.models import ContactPoint, Organization, Service, ServiceKind
from dvdesk.storage.bundled import load_into
from dvdesk.storage.db import open_database

SCHEMAS = DATA / "hsds" / "schema"
ADMIN = "管理 花子"


@pytest.fixture
def new_desk(tmp_path):
    """A new desk: the need taxonomy dvdesk ships, the two municipalities chosen in the first-run setup."""
    folder = tmp_path / "needs-only"
    folder.mkdir()
    shutil.copy(paths.resources_dir() / "directory" / "needs.toml", folder)
    db = open_database(tmp_path / "new" / "dvdesk.sqlite3", fill=False)
    load_into(db, folder)
    editor = Editor(db, ADMIN)
    for code in ("162027", "132152"):
        first_run.choose_municipality(editor, code)
    yield db
    db.close()


def _without_ids(obj: Any) -> Any:
    """The record's content: every id and reference to an id taken out (they are compared apart)."""
    if isinstance(obj, dict):
        return {
            k: _without_ids(v) for k, v in obj.items() if not (k == "id" or k.endswith("_id")) and k != "taxonomy_term"
        }
    if isinstance(obj, list):
        return sorted((_without_ids(v) for v in obj), key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return obj


def compare_documents(a: dict, b: dict) -> list[str]:
    """Every difference between two HSDS documents of the same directory, record by record and
    field by field (empty = the same). Records are matched by their id; references
    (organization_id, parent_organization_id) must name the same record in both."""
    problems = []
    for kind in ("organizations", "services"):
        left = {r["id"]: r for r in a[kind]}
        right = {r["id"]: r for r in b[kind]}
        problems += [f"{kind}: {left[i]['name']} ({i}) missing" for i in left.keys() - right.keys()]
        problems += [f"{kind}: {right[i]['name']} ({i}) added" for i in right.keys() - left.keys()]
        for i in left.keys() & right.keys():
            for ref in ("organization_id", "parent_organization_id"):
                if left[i].get(ref) != right[i].get(ref):
                    problems.append(f"{kind}: {left[i]['name']} {ref} {left[i].get(ref)} != {right[i].get(ref)}")
            want, got = _without_ids(left[i]), _without_ids(right[i])
            for field in want.keys() | got.keys():
                if want.get(field) != got.get(field):
                    problems.append(f"{kind}: {left[i]['name']} .{field}: {want.get(field)!r} != {got.get(field)!r}")
    terms = lambda d: {(t["taxonomy"], t["code"], t["name"], t.get("parent_id")) for t in d["taxonomy_terms"]}  # noqa: E731
    problems += [f"taxonomy term missing: {t}" for t in terms(a) - terms(b)]
    return problems


def _city_additions(db) -> None:
    """What a city adds must survive too: a FAX line, an e-mail, a window, a verified date, a public
    address, a service with a schedule, languages, a public location and documents to bring."""
    editor = Editor(db, ADMIN)
    org = editor.load("organization", "takaoka.shiminka")
    contact = dict.fromkeys(("extension", "window", "hours", "email", "note"), "") | {"confidentiality": "public"}
    org["contacts"] = [
        contact | {"label": "代表", "phone": "0766-00-0001", "window": "1階", "hours": "平日", "email": "a@example.jp"},
        contact | {"label": "FAX", "phone": "0766-00-0002"},
    ]
    org["address"], org["address_confidentiality"] = "高岡市広小路7-50", "public"
    editor.save("organization", org)
    editor.mark_verified("organization", "takaoka.shiminka")
    svc = editor.load("service", "takaoka.svc.consultation")
    editor.save(
        "service",
        svc
        | {
            "location": "高岡市役所 1階",
            "location_confidentiality": "public",
            "languages": ["日本語", "英語"],
            "what_to_bring": "本人確認書類",
        },
    )


def _export(db, path) -> dict:
    hsds.export_hsds(db, path)
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_record_comes_back_field_by_field_and_back_home_unchanged(bundled_db, new_desk, tmp_path):
    _city_additions(bundled_db)
    doc_a = _export(bundled_db, tmp_path / "a.json")
    assert hsds_schema.validate_document(doc_a, SCHEMAS) == []
    with bundled_db.read() as s:
        live_client = s.scalar(
            select(func.count())
            .select_from(Service)
            .where(Service.retired.is_(False), Service.kind == ServiceKind.CLIENT.value)
        )
        public_client = s.scalar(
            select(func.count())
            .select_from(Service)
            .where(
                Service.retired.is_(False),
                Service.kind == ServiceKind.CLIENT.value,
                Service.confidentiality == "public",
            )
        )
    assert len(doc_a["services"]) == public_client and public_client <= live_client

    report = hsds_import.import_hsds(new_desk, tmp_path / "a.json", ADMIN, backup=None)
    assert report.rejected == [], [(r.title, r.reasons) for r in report.rejected]
    assert [n for n in report.notes if n.startswith("dvdesk に欄のない")] == []  # every field it writes, it reads
    c = report.counts()
    assert c.read == c.stored + c.refused + c.skipped
    assert c.stored == len(doc_a["organizations"]) + len(doc_a["services"])
    with new_desk.read() as s:
        assert s.scalar(select(func.count()).select_from(Service)) == len(doc_a["services"])
        assert s.scalar(select(func.count()).select_from(Organization)) == len(doc_a["organizations"])
        exported_contacts = sum(len(o.get("contacts", [])) for o in doc_a["organizations"])
        assert s.scalar(select(func.count()).select_from(ContactPoint)) == exported_contacts

    doc_b = _export(new_desk, tmp_path / "b.json")
    assert hsds_schema.validate_document(doc_b, SCHEMAS) == []
    assert compare_documents(doc_a, doc_b) == []
    need_links = lambda d: sum(1 for s in d["services"] for a in s["attributes"] if a["link_type"] == "need")  # noqa: E731
    schedules = lambda d: sum(len(s.get("schedules", [])) for s in d["services"])  # noqa: E731
    assert need_links(doc_b) == need_links(doc_a) > 0 and schedules(doc_b) == schedules(doc_a) > 0

    # Back home: B's file is A's own directory. A re-import adds nothing and changes nothing, not
    # even what never left (staff notes, 内線, a research note on a contact, confidentiality).
    with bundled_db.read() as s:
        whole_before = collect(s)[0]
    with bundled_db.read() as s:
        before = (
            s.scalar(select(func.count()).select_from(Service)),
            s.scalar(select(func.count()).select_from(Organization)),
        )
    back = hsds_import.import_hsds(bundled_db, tmp_path / "b.json", ADMIN, backup=None)
    assert back.rejected == []
    with bundled_db.read() as s:
        after = (
            s.scalar(select(func.count()).select_from(Service)),
            s.scalar(select(func.count()).select_from(Organization)),
        )
        assert not s.scalars(select(Service.key).where(Service.key.startswith("hsds."))).all()
    assert after == before
    with bundled_db.read() as s:
        whole_after = collect(s)[0]
    for kind in ("organization", "service"):
        was = {r["key"]: r for r in whole_before[kind]}
        changed = [
            (key, f, was[key][f], r[f])
            for r in whole_after[kind]
            for key in [r["key"]]
            for f in r
            if r[f] != was[key][f]
        ]
        assert changed == [], kind
    assert compare_documents(doc_a, _export(bundled_db, tmp_path / "a2.json")) == []


def test_nothing_for_staff_leaves_in_the_file(bundled_db, tmp_path):
    """Every staff-only or secret text of the directory, every staff note, source note, verifier,
    内線 and discreet line is absent from the file; no exported text carries a research note (the
    words that stop a client copy: 要確認 …); no shelter service's provider has an address in it."""
    editor = Editor(bundled_db, ADMIN)
    svc = editor.load("service", "takaoka.svc.consultation")
    editor.save("service", svc | {"location": "非公開の相談室A", "location_confidentiality": "secret"})
    org = editor.load("organization", "takaoka.shiminka")
    contact = dict.fromkeys(("phone", "extension", "window", "hours", "email"), "") | {"confidentiality": "public"}
    org["contacts"] = [
        contact | {"label": "窓口", "window": "1階", "note": "電話は代表へおかけください"},
        contact | {"label": "夜間", "phone": "0766-00-0003", "note": "番号は二次情報。要確認"},
        contact | {"label": "職員用", "phone": "0766-00-0004", "note": "職員だけの番号", "confidentiality": "staff"},
    ]
    editor.save("organization", org)
    doc = _export(bundled_db, tmp_path / "x.json")
    text = (tmp_path / "x.json").read_text(encoding="utf-8")
    values = list(_strings(doc))
    staff_texts = []
    with bundled_db.read() as s:
        for svc in s.scalars(select(Service)):
            staff_texts += [svc.staff_note, svc.source_note, svc.verified_by, svc.discreet_line]
            if svc.location_confidentiality != "public":
                staff_texts.append(svc.location)
        for org in s.scalars(select(Organization)):
            staff_texts += [org.staff_note, org.source_note, org.verified_by]
            if org.address_confidentiality != "public":
                staff_texts.append(org.address)
        for c in s.scalars(select(ContactPoint)):
            if c.confidentiality != "public":
                staff_texts += [c.phone, c.note, c.window, c.email]
            staff_texts.append(c.extension)
    staff_texts = [t for t in staff_texts if t and len(t) > 3]
    assert len(staff_texts) > 100  # the bundled directory has them: the check checks something
    assert [t for t in staff_texts if any(t in v for v in values)] == []
    assert "非公開の相談室A" not in text and "0766-00-0004" not in text and "0766-00-0003" in text
    assert [(v, research_markers(v)) for v in values if research_markers(v)] == []
    assert "電話は代表へおかけください" in text  # a contact's note for anyone still leaves
    shelter_orgs = {
        s["organization_id"]
        for s in doc["services"]
        if any(a["link_type"] == "need" and a["value"].startswith("safety.shelter") for a in s["attributes"])
    }
    assert shelter_orgs
    assert [o["name"] for o in doc["organizations"] if o["id"] in shelter_orgs and o.get("locations")] == []


def _strings(obj: Any):
    if isinstance(obj, dict):
        for v in obj.values():
            yield from _strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v)
    elif isinstance(obj, str):
        yield obj


# ------------------------------------------------------------ the specification's examples, counted


EXAMPLES = DATA / "hsds" / "examples"


def test_the_specifications_examples_together_every_record_stored_refused_repeated_or_mapping(mini_db, tmp_path):
    """The whole examples folder as one import (tabular.json, refused whole, left out): each record read
    is stored, refused with its reason, a repeat or a taxonomy record, and the sides add up."""
    folder = tmp_path / "examples"
    folder.mkdir()
    for p in EXAMPLES.glob("*.json"):
        if p.name != "tabular.json":
            shutil.copy(p, folder)
    report = hsds_import.import_hsds(mini_db, folder, ADMIN, municipality="162027", backup=None)
    c = report.counts()
    assert (c.read, c.stored, c.refused, report.repeat_count, report.mapping_count) == (19, 4, 1, 12, 2)
    assert c.read == c.stored + c.refused + c.skipped and report.balanced
    assert all(r.reasons and r.reasons[0] for r in report.rejected)  # base.json's record: why, said
    with mini_db.read() as s:
        added = s.scalars(select(Service).where(Service.key.startswith("hsds."))).all()
        assert [svc.name for svc in added] == ["Community Counselling"]


def test_a_feeds_street_address_is_the_address_not_the_locations_description(mini_db):
    """HSDS keeps the street address in ``addresses`` and a sentence about the place in ``description``
    (「MyCity Civic Center is located on Main Street and contains facilities …」): the address
    printed under a department's heading is the street address, and a service's place names it."""
    report = hsds_import.import_hsds(mini_db, EXAMPLES / "service_full.json", ADMIN, municipality="162027", backup=None)
    assert report.rejected == []
    # what dvdesk has no field for is named, never dropped without a word
    [unread] = [n for n in report.notes if n.startswith("dvdesk に欄のない")]
    for field in ("alert", "url", "email", "interpretation_services", "cost_options", "website", "funding"):
        assert f"「{field}」" in unread, field
    assert "「name」" not in unread and "「schedules」" not in unread
    editor = Editor(mini_db, ADMIN)
    org = editor.load("organization", "hsds.d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610")
    svc = editor.load("service", "hsds.ac148810-d857-441c-9679-408f346de14b")
    assert org["address"] == "1-30 Main Street, MyVillage, MyCity"
    assert svc["location"] == "MyCity Civic Center（1-30 Main Street, MyVillage, MyCity）"


def test_a_feeds_phone_extension_is_kept_where_an_extension_belongs(mini_db, tmp_path):
    """HSDS gives a phone's extension in its own field (``"extension": 100``). It reaches a contact
    point's 内線, or a service's staff note as 「電話の備考: 内線12」 (a service has no 内線 field), as
    the form and a sheet keep one; it was dropped without a word."""
    feed = {
        "id": "8f0b8d8e-0000-4000-8000-000000000001",
        "name": "架空市 女性相談",
        "status": "active",
        "phones": [{"id": "p1", "number": "0766-20-5555", "extension": 12, "type": "voice"}],
        "organization": {
            "id": "8f0b8d8e-0000-4000-8000-000000000002",
            "name": "架空市 子育て支援課",
            "contacts": [
                {"id": "c1", "name": "代表", "phones": [{"id": "p2", "number": "0766-20-1111", "extension": "34"}]}
            ],
            "phones": [{"id": "p3", "number": "0766-20-2222", "extension": 56}],
        },
    }
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed, ensure_ascii=False), encoding="utf-8")
    report = hsds_import.import_hsds(mini_db, path, ADMIN, municipality="162027", backup=None)
    assert report.rejected == [], [(r.title, r.reasons) for r in report.rejected]
    editor = Editor(mini_db, ADMIN)
    svc = editor.load("service", f"hsds.{feed['id']}")
    assert svc["phone"] == "0766-20-5555" and "電話の備考: 内線12" in svc["staff_note"]
    org = editor.load("organization", f"hsds.{feed['organization']['id']}")
    assert {(c["phone"], c["extension"]) for c in org["contacts"]} == {("0766-20-1111", "34"), ("0766-20-2222", "56")}
    # … and it still never leaves in an export
    hsds.export_hsds(mini_db, tmp_path / "out.json")
    out = (tmp_path / "out.json").read_text(encoding="utf-8")
    assert '"extension"' not in out and "内線12" not in out
