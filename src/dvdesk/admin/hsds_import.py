"""Import from Open Referral HSDS 3.x JSON: organisations and services from another system.

Accepts dvdesk's own HSDS document (``hsds.export_document``), an HSDS API page
(``{"contents": [...]}``), a list of services or organisations, or a single one. A record whose
id is the UUID dvdesk gave one of its own records updates that record, keeping every field HSDS
does not carry (staff notes, secret locations, confidentiality); any other becomes a new record
keyed ``hsds.<id>``. Need categories come back from attributes whose taxonomy term belongs to
"dvdesk-needs"; other taxonomies are noted and skipped. Every record is checked like an edit;
rejected ones are reported with the reason, accepted ones applied in one transaction.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvdesk.admin import hsds_extensions
from dvdesk.admin.history import Edit
from dvdesk.admin.hsds import TAXONOMY, hsds_id
from dvdesk.admin.kinds import KINDS
from dvdesk.admin.records import RecordError, Snapshot, Writer, blank, coerce_snapshot, snapshot
from dvdesk.admin.sheets import ACCEPTED, REJECTED, RowResult, SheetReport
from dvdesk.admin.sync import apply_changes, plan_changes
from dvdesk.admin.validation import check, phone_problem
from dvdesk.domain import bounds
from dvdesk.domain.integrity import DirectoryRefused
from dvdesk.domain.models import Municipality, Need
from dvdesk.storage.backup import Backup
from dvdesk.storage.backup import take as backup_database

if TYPE_CHECKING:
    from dvdesk.storage.db import Database

SOURCE = "HSDS"


class HsdsError(ValueError):
    """A file that is not HSDS JSON at all; ``str()`` is Japanese."""


def read_document(path: Path) -> tuple[list[dict], list[dict]]:
    """(organizations, services) found in the file."""
    try:
        data = bounds.read_file(Path(path))
    except bounds.TooLarge as exc:
        raise HsdsError(str(exc)) from None
    except OSError as exc:
        raise HsdsError(f"ファイルを読めません: {path}（{exc.strerror or exc}）") from None
    if not data.strip():
        raise HsdsError("ファイルが空です")
    try:
        doc = bounds.loads(data.decode("utf-8-sig"), "HSDS ファイル")
    except bounds.TooLarge as exc:
        raise HsdsError(str(exc)) from None
    except UnicodeDecodeError:
        raise HsdsError("文字コードが UTF-8 ではありません（HSDS の JSON は UTF-8 です）") from None
    except json.JSONDecodeError as exc:
        raise HsdsError(f"JSON として読めません（{exc.lineno}行目）。"
                        "ファイルが途中で切れていないか確認してください") from None
    items: list[Any]
    if isinstance(doc, dict) and ("services" in doc or "organizations" in doc):
        orgs, services = doc.get("organizations") or [], doc.get("services") or []
        if not isinstance(orgs, list) or not isinstance(services, list):
            raise HsdsError("organizations と services は一覧（配列）である必要があります")
        _count(len(orgs) + len(services))
        return [o for o in orgs if isinstance(o, dict)], [s for s in services if isinstance(s, dict)]
    if isinstance(doc, dict) and isinstance(doc.get("contents"), list):
        items = doc["contents"]
    elif isinstance(doc, list):
        items = doc
    elif isinstance(doc, dict):
        items = [doc]
    else:
        raise HsdsError("HSDS の形式ではありません")
    _count(len(items))
    items = [i for i in items if isinstance(i, dict) and "id" in i and "name" in i]
    if not items:
        raise HsdsError("HSDS のサービスも組織も見つかりません（id と name のある記録がありません）")
    services = [i for i in items if "status" in i]
    orgs = [i for i in items if "status" not in i]
    for s in services:  # a service may carry its organization nested
        if isinstance(s.get("organization"), dict):
            orgs.append(s["organization"])
    return orgs, services


def _count(n: int) -> None:
    try:
        bounds.count_records(n, "HSDS ファイル")
    except bounds.TooLarge as exc:
        raise HsdsError(str(exc)) from None


def _items(record: dict, field: str) -> list:
    """A list field of a record from outside; anything but a list (a number, a text) is refused."""
    value = record.get(field)
    if value is None or value == "":
        return []
    if not isinstance(value, list):
        raise HsdsError(f"「{field}」は一覧（配列）である必要があります（{_text(record.get('name')) or '名前なし'}）")
    return value


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _schedule_text(schedules: list[dict]) -> str:
    parts = []
    for s in schedules:
        if not isinstance(s, dict):
            continue
        text = _text(s.get("description")) or _text(s.get("notes"))
        if not text and (s.get("opens_at") or s.get("byday")):
            text = " ".join(p for p in (_text(s.get("byday")), "〜".join(
                p for p in (_text(s.get("opens_at")), _text(s.get("closes_at"))) if p)) if p)
        if text:
            parts.append(text)
    return "、".join(parts)


class _Mapper:
    def __init__(self, session: Session, municipality: str, source: str):
        self.s = session
        self.municipality = municipality
        self.source = source
        self.needs = {n.key for n in session.scalars(select(Need))}
        self.munis = {m.name: m.code for m in session.scalars(select(Municipality))}
        self.ours: dict[str, Any] = {}  # HSDS id -> our organisation or service
        for name in ("organization", "service"):
            kind = KINDS[name]
            for obj in session.scalars(select(kind.model)):
                self.ours[hsds_id(name, obj.key)] = obj
        self.org_keys: dict[str, str] = {}
        self.notes: set[str] = set()

    def _base(self, name: str, hid: str) -> Snapshot:
        obj = self.ours.get(hid)
        if obj is not None and KINDS[name].model is type(obj):
            return snapshot(KINDS[name], obj)
        snap = blank(KINDS[name], f"hsds.{hid}")
        snap.update(source=f"{SOURCE}: {self.source}（id {hid}）", municipality=self.municipality)
        return snap

    def organization(self, o: dict) -> Snapshot:
        hid = str(o["id"])
        snap = self._base("organization", hid)
        if hid not in self.ours:
            snap["kind"] = "other"
        snap.update(name=_text(o.get("name")), discreet_name=_text(o.get("alternate_name")),
                    description=_text(o.get("description")))
        phones = [p for p in _items(o, "phones") if isinstance(p, dict) and _text(p.get("number"))]
        if phones:
            # Contacts HSDS never saw (staff-only ones, ones without a phone) stay where they are;
            # public phones follow the file.
            numbers = [_text(p["number"]) for p in phones]
            contacts = [c for c in snap["contacts"] if c["confidentiality"] != "public"
                        or not c["phone"] or c["phone"] in numbers]
            have = {c["phone"] for c in contacts}
            snap["contacts"] = contacts + [self._contact(p) for p in phones if _text(p["number"]) not in have]
        self.org_keys[hid] = snap["key"]
        hsds_extensions.organization(o, snap, codes=set(self.munis.values()), notes=self.notes,  # dvdesk's own fields
                                     parent_key=lambda p: self.org_keys.get(p) or (
                                         self.ours[p].key if p in self.ours else None))
        return snap

    @staticmethod
    def _contact(p: dict) -> Snapshot:
        number, note = _text(p["number"]), ""
        if phone_problem(number):  # not dialable from a Japanese desk: kept as a note, not a number
            number, note = "", f"HSDS の電話番号（国内の形式ではありません）: {number}"
        return {"label": "", "phone": number, "extension": "", "window": "",
                "hours": _text(p.get("description")), "email": "", "note": note, "confidentiality": "public"}

    def service(self, s: dict) -> Snapshot:
        hid = str(s["id"])
        snap = self._base("service", hid)
        phones = [_text(p.get("number")) for p in _items(s, "phones") if isinstance(p, dict)]
        needs = []
        for a in _items(s, "attributes"):
            term = a.get("taxonomy_term") if isinstance(a, dict) else None
            if not isinstance(term, dict):
                continue
            detail = term.get("taxonomy_detail")
            taxonomy = term.get("taxonomy") or (detail.get("name") if isinstance(detail, dict) else None)
            if taxonomy == TAXONOMY and term.get("code") in self.needs:
                needs.append(term["code"])
            else:
                self.notes.add(f"分類「{taxonomy or '不明'}」の項目は dvdesk のニーズ分類にないため読み飛ばしました")
        areas = [_text(a.get("name")) for a in _items(s, "service_areas") if isinstance(a, dict)]
        muni = next((self.munis[a] for a in areas if a in self.munis), None)
        docs = [_text(d.get("document")) for d in _items(s, "required_documents") if isinstance(d, dict)]
        nested = s.get("organization")
        org = str(s.get("organization_id") or (nested.get("id") if isinstance(nested, dict) else "") or "")
        snap.update(
            name=_text(s.get("name")), discreet_name=_text(s.get("alternate_name")),
            description=_text(s.get("description")), access=_text(s.get("application_process")),
            cost=_text(s.get("fees_description")) or _text(s.get("fees")),
            eligibility=_text(s.get("eligibility_description")),
            schedule=_schedule_text(_items(s, "schedules")) or snap["schedule"],
            languages=[_text(lang.get("name")) for lang in _items(s, "languages")
                       if isinstance(lang, dict) and _text(lang.get("name"))],
            what_to_bring="\n".join(d for d in docs if d),
            retired=s.get("status") in ("inactive", "defunct"),
        )
        if phones and phone_problem(phones[0]):
            snap["source_note"] = f"HSDS の電話番号（国内の形式ではないため未登録）: {phones[0]}"
        elif phones:
            snap["phone"] = phones[0]
        if needs or s.get("attributes") is not None:
            snap["needs"] = sorted(set(needs))
        if muni is not None or "全国" in areas:
            snap["municipality"] = muni or ""
        if org:
            snap["provider"] = self.org_keys.get(org) or (
                self.ours[org].key if org in self.ours else f"hsds.{org}")
        hsds_extensions.service(s, snap, codes=set(self.munis.values()), notes=self.notes)  # dvdesk's own fields
        return snap


def check_hsds(db: Database, path: Path, municipality: str = "") -> tuple[SheetReport, dict[str, list[Snapshot]]]:
    orgs, services = read_document(path)
    results: list[RowResult] = []
    accepted: dict[str, list[tuple[Snapshot, RowResult]]] = {"organization": [], "service": []}
    with db.read() as session:
        mapper = _Mapper(session, municipality, Path(path).name)
        for name, items, convert in (("organization", orgs, mapper.organization),
                                     ("service", services, mapper.service)):
            seen = set()
            for i, item in enumerate(items, start=1):
                result = RowResult(f"HSDS {KINDS[name].label}", i, "", _text(item.get("name")))
                results.append(result)
                if str(item.get("id")) in seen:
                    result.status, result.reasons = REJECTED, ["同じ id の記録が前にあります"]
                    continue
                seen.add(str(item.get("id")))
                try:
                    snap = coerce_snapshot(KINDS[name], convert(item))
                except RecordError as exc:
                    result.status, result.reasons = REJECTED, [str(exc)]
                    continue
                result.key = snap["key"]
                accepted[name].append((snap, result))
        known = {(n, snap["key"]) for n, pairs in accepted.items() for snap, _ in pairs}
        incoming: dict[str, list[Snapshot]] = {}
        for name, pairs in accepted.items():
            for snap, result in pairs:
                is_new = Writer(session).find(KINDS[name], snap["key"]) is None
                problems = check(session, KINDS[name], snap, is_new=is_new, known=known)
                if problems:
                    result.status, result.reasons = REJECTED, [p.message for p in problems]
                else:
                    incoming.setdefault(name, []).append(snap)
        plan = plan_changes(session, incoming)
    actions = {(d.kind, d.key): d.action for d in plan.diffs}
    for r in results:
        if r.status == ACCEPTED:
            kind = "service" if r.sheet.endswith(KINDS["service"].label) else "organization"
            r.action = actions.get((kind, r.key), "unchanged")
    return SheetReport(results, plan, sorted(mapper.notes), "UTF-8"), incoming


def import_hsds(db: Database, path: Path, admin: str, *, municipality: str = "", dry_run: bool = False,
                backup: Backup | None = backup_database) -> SheetReport:
    report, incoming = check_hsds(db, path, municipality)
    if dry_run or report.plan.empty:
        return report
    report.backup = backup(db.path, "hsds-import") if backup and not db.is_server else None  # server: pg_dump
    try:
        with db.write() as session:
            report.plan = apply_changes(session, incoming, Edit(admin, "import", note=f"HSDS: {Path(path).name}"))
    except DirectoryRefused as exc:
        raise HsdsError(str(exc)) from None
    return report
