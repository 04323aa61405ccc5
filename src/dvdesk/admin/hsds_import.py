"""Import from Open Referral HSDS 3.x JSON: organisations and services from another system.

What the files hold is recognised by ``hsds_read`` (services with their organization nested,
organizations with their services, locations, service_at_location, contacts, phones, taxonomies,
API list pages, arrays, single records; several files or a folder at once). Each is imported as
what it is:

- organizations and services become dvdesk records. A record whose id is the UUID dvdesk gave one
  of its own records (or ``hsds.<id>`` from an earlier import) updates that record, keeping every
  field HSDS does not carry (staff notes, secret locations, confidentiality); any other becomes a
  new record keyed ``hsds.<id>``;
- the same record met again (an organization nested in each of its services) is one record; a
  repeat that differs from the first is reported with the difference;
- locations, service_at_location, contacts and phones join the organization or service they name
  by id, whether it is in the same import or already in the database; one naming a record found
  in neither is refused with what to import first;
- taxonomies and taxonomy terms are used for mapping only (terms of "dvdesk-needs" become needs).

Every record read ends in the database, in the refusals, in the repeats or in the mapping count
(``HsdsReport.counts``; a test holds the sum). A service whose organization is refused is refused
too. An import with no municipality scope is refused unless the records carry their own
(dvdesk's attributes, service areas naming a municipality or 全国): never silently nationwide.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvdesk.admin import hsds_extensions
from dvdesk.admin.history import Edit
from dvdesk.admin.hsds import KIND, MUNICIPALITY, TAXONOMY, hsds_id
from dvdesk.admin.hsds_read import LABELS, Feed, HsdsError, Item, Page, read_paths
from dvdesk.admin.hsds_text import domestic, plain
from dvdesk.admin.kinds import KINDS
from dvdesk.admin.records import RecordError, Snapshot, Writer, blank, coerce_snapshot, snapshot
from dvdesk.admin.sheets import ACCEPTED, REJECTED, RowResult, SheetReport
from dvdesk.admin.sync import apply_changes, plan_changes
from dvdesk.admin.validation import check, phone_problem
from dvdesk.domain.integrity import DirectoryRefused
from dvdesk.domain.models import Municipality, Need
from dvdesk.storage.backup import take as backup_database

__all__ = ["HsdsError", "HsdsReport", "check_hsds", "import_hsds"]

SOURCE = "HSDS"
_text = plain  # every text from a feed: HTML made plain, stripped


@dataclass
class HsdsReport(SheetReport):
    repeats: list[str] = field(default_factory=list)  # one line per record met more than once
    pages: list[str] = field(default_factory=list)  # "page 1 of 31: import the other pages too"
    # read = accepted + refused + repeats + mapping; HSDS counts records, not sheet rows, so this
    # field stands where SheetReport has its counts() method (no caller asks an HsdsReport for counts())
    counts: dict[str, int] = field(default_factory=dict)  # type: ignore[assignment]  # see the comment above
    files: list[str] = field(default_factory=list)

    def summary(self) -> str:
        c = self.counts
        line = (f"読み込んだ記録 {c['read']}件: 受付 {c['accepted']}件、受け付けず {c['refused']}件、"
                f"繰り返し {c['repeats']}件、分類（対応づけのみ）{c['mapping']}件")
        return line + "".join(f"\n一覧の一部だけです: {p}" for p in self.pages)


def _items(record: dict, name: str) -> list:
    """A list field of a record from outside; anything but a list (a number, a text) is refused."""
    value = record.get(name)
    if value is None or value == "":
        return []
    if not isinstance(value, list):
        raise HsdsError(f"「{name}」は一覧（配列）である必要があります（{_text(record.get('name')) or '名前なし'}）")
    return value


def _schedule_text(schedules: list) -> str:
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


def _attributes(record: dict) -> dict[str, str]:
    return {_text(a.get("link_type")): _text(a.get("value")) for a in _items(record, "attributes")
            if isinstance(a, dict) and _text(a.get("link_type"))}


class _Mapper:
    def __init__(self, session: Session, municipality: str, source: str, terms: dict[str, dict]) -> None:
        self.s = session
        self.municipality = municipality
        self.source = source
        self.files: dict[tuple[str, str], str] = {}  # (kind, id) -> the file the record came from
        self.terms = terms  # taxonomy_term id -> term, from the import's taxonomy files
        self.needs = {n.key for n in session.scalars(select(Need))}
        self.munis = {m.name: m.code for m in session.scalars(select(Municipality))}
        self.ours: dict[str, Any] = {}  # HSDS id -> our organisation or service
        for name in ("organization", "service"):
            kind = KINDS[name]
            for obj in session.scalars(select(kind.model)):
                self.ours[hsds_id(name, obj.key)] = obj
                if obj.key.startswith("hsds."):  # imported earlier from a feed: the feed's own id
                    self.ours[obj.key.removeprefix("hsds.")] = obj
        self.org_keys: dict[str, str] = {}
        self.notes: set[str] = set()
        self.phone_notes: dict[str, list[str]] = {}  # "海外の番号です（書かれたとおり）" -> where

    def has(self, name: str, hid: str) -> bool:
        return KINDS[name].model is type(self.ours.get(hid))

    def key(self, name: str, hid: str) -> str:
        return self.ours[hid].key if self.has(name, hid) else f"hsds.{hid}"

    def _base(self, name: str, hid: str) -> Snapshot:
        if self.has(name, hid):
            return snapshot(KINDS[name], self.ours[hid])
        snap = blank(KINDS[name], f"hsds.{hid}")
        snap.update(source=f"{SOURCE}: {self.files.get((name, hid), self.source)}（id {hid}）",
                    municipality=self.municipality)
        return snap

    def _number(self, number: str, whose: str) -> tuple[str, str]:
        number, note = domestic(number)
        if note:
            self.phone_notes.setdefault(note.split(":")[0], []).append(f"{whose} {number}")
        return number, note

    def all_notes(self) -> list[str]:
        """The notes, with the phone ones gathered into one line per kind (a feed may have hundreds)."""
        lines = sorted(self.notes)
        for what, where in self.phone_notes.items():
            shown = "、".join(where[:5]) + (f" ほか{len(where) - 5}件" if len(where) > 5 else "")
            lines.append(f"{what}: {len(where)}件（{shown}）")
        return lines

    def organization(self, o: dict, attach_only: bool = False) -> Snapshot:
        hid = str(o["id"])
        snap = self._base("organization", hid)
        if not attach_only:
            if not self.has("organization", hid):
                snap["kind"] = "other"
            snap.update(name=_text(o.get("name")), discreet_name=_text(o.get("alternate_name")),
                        description=_text(o.get("description")))
        whose = f"組織「{snap['name']}」"
        phones = [p for p in _items(o, "phones") if isinstance(p, dict) and _text(p.get("number"))]
        if phones:
            # Contacts HSDS never saw (staff-only ones, ones without a phone) stay where they are;
            # public phones follow the file.
            incoming = [self._contact(p, whose) for p in phones]
            numbers = {c["phone"] for c in incoming}
            contacts = [c for c in snap["contacts"] if c["confidentiality"] != "public"
                        or not c["phone"] or c["phone"] in numbers]
            have = {c["phone"] for c in contacts}
            snap["contacts"] = contacts + [c for c in incoming if c["phone"] not in have]
        hsds_extensions.organization(o, snap, codes=set(self.munis.values()), notes=self.notes,  # dvdesk's own fields
                                     parent_key=lambda p: self.org_keys.get(p) or (
                                         self.ours[p].key if self.has("organization", p) else None))
        return snap

    def _contact(self, p: dict, whose: str) -> Snapshot:
        number, note = self._number(_text(p["number"]), whose)
        if phone_problem(number):  # not a phone number at all: kept as a note, never dropped
            number, note = "", f"HSDS の電話番号（電話番号の形ではありません）: {_text(p['number'])}"
        return {"label": "", "phone": number, "extension": "", "window": "",
                "hours": _text(p.get("description")), "email": "", "note": note, "confidentiality": "public"}

    def _needs(self, s: dict) -> list[str]:
        needs = []
        for a in _items(s, "attributes"):
            if not isinstance(a, dict):
                continue
            term = a.get("taxonomy_term")
            if not isinstance(term, dict):
                term = self.terms.get(_text(str(a.get("taxonomy_term_id") or "")))
            if not isinstance(term, dict):
                continue
            detail = term.get("taxonomy_detail")
            taxonomy = term.get("taxonomy") or (detail.get("name") if isinstance(detail, dict) else None)
            if taxonomy == TAXONOMY and _id(term, "code") in self.needs:
                needs.append(_id(term, "code"))
            elif a.get("link_type") not in (MUNICIPALITY,):
                self.notes.add(f"分類「{taxonomy or '不明'}」の項目は dvdesk のニーズ分類にないため読み飛ばしました")
        return needs

    def service(self, s: dict, attach_only: bool = False) -> Snapshot:
        hid = str(s["id"])
        snap = self._base("service", hid)
        if not attach_only:
            needs = self._needs(s)
            areas = [_text(a.get("name")) for a in _items(s, "service_areas") if isinstance(a, dict)]
            muni = next((self.munis[a] for a in areas if a in self.munis), None)
            docs = [_text(d.get("document")) for d in _items(s, "required_documents") if isinstance(d, dict)]
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
            if needs or s.get("attributes") is not None:
                snap["needs"] = sorted(set(needs))
            if muni is not None or "全国" in areas:
                snap["municipality"] = muni or ""
            nested = s.get("organization")
            org = str(s.get("organization_id") or (nested.get("id") if isinstance(nested, dict) else "") or "")
            if org:
                snap["provider"] = self.org_keys.get(org) or self.key("organization", org)
        self._service_phone(s, snap)
        hsds_extensions.service(s, snap, codes=set(self.munis.values()), notes=self.notes)  # dvdesk's own fields
        return snap

    def _service_phone(self, s: dict, snap: Snapshot) -> None:
        """dvdesk keeps one number per service: the first of its phones (or its contacts' phones)."""
        phones = [p for p in _items(s, "phones") if isinstance(p, dict)]
        for c in _items(s, "contacts"):
            if isinstance(c, dict):
                phones += [p for p in _items(c, "phones") if isinstance(p, dict)]
        numbers = [n for n in (_text(p.get("number")).strip("\"' ") for p in phones) if n]
        if not numbers:
            return
        whose = f"サービス「{snap['name']}」"
        number, note = self._number(numbers[0], whose)
        if phone_problem(number):
            snap["source_note"] = f"HSDS の電話番号（電話番号の形ではないため未登録）: {numbers[0]}"
            return
        snap["phone"] = number
        if note:
            snap["source_note"] = f"HSDS の電話番号: {note}"
        if len(set(numbers)) > 1:
            self.notes.add(f"{whose}: 電話番号が複数あり、最初の {number} を登録しました"
                           f"（ほか: {'、'.join(sorted(set(numbers[1:]) - {numbers[0]}))}）")


# --------------------------------------------------------------------------- sorting the feed

def _differences(first: dict, again: dict) -> list[str]:
    """Plain values both state, and state differently (a shorter nested copy is not a conflict)."""
    out = []
    for k, v in again.items():
        w = first.get(k)
        if isinstance(v, str | int | float | bool) and isinstance(w, str | int | float | bool) \
                and v != "" and w != "" and (_text(v) if isinstance(v, str) else v) != (
                    _text(w) if isinstance(w, str) else w):
            out.append(f"{k}「{w}」≠「{v}」")
    return out


@dataclass
class _Sorted:
    unique: dict[str, dict[str, Item]]  # kind -> id -> first item
    no_id: list[Item]
    repeats: int
    lines: list[str]
    conflicts: list[str]


def _sort(items: list[Item]) -> _Sorted:
    unique: dict[str, dict[str, Item]] = {}
    groups: dict[tuple[str, str], list[Item]] = {}
    no_id: list[Item] = []
    for item in sorted(items, key=lambda i: bool(i.nested_in)):  # a full record before nested summaries
        if not item.id:
            no_id.append(item)
            continue
        groups.setdefault((item.kind, item.id), []).append(item)
        unique.setdefault(item.kind, {}).setdefault(item.id, item)
    lines, conflicts, repeats = [], [], 0
    for (kind, hid), group in groups.items():
        if len(group) == 1:
            continue
        repeats += len(group) - 1
        first = group[0]
        diffs = [(i, d) for i in group[1:] if (d := _differences(first.record, i.record))]
        line = (f"{LABELS[kind]}「{first.name or hid}」（id {hid}）: {len(group)}回出てきたため1件として扱いました"
                f"（最初: {first.where}{'、' + first.nested_in + 'の中' if first.nested_in else ''}）")
        lines.append(line)
        for i, d in diffs:
            conflicts.append(f"{LABELS[kind]}「{first.name or hid}」（id {hid}）: {i.where}"
                             f"{'（' + i.nested_in + 'の中）' if i.nested_in else ''}の繰り返しが最初のものと違います"
                             f"（{'、'.join(d[:3])}）。最初のものを取り込みました")
    return _Sorted(unique, no_id, repeats, lines, conflicts)


def _paging(pages: list[Page]) -> list[str]:
    """One line per list that was not read whole: which pages are missing."""
    lines = []
    groups: dict[tuple[str, int | None, int | None], list[Page]] = {}
    for p in pages:
        groups.setdefault((p.kind, p.pages, p.total), []).append(p)
    for (kind, total_pages, total), group in groups.items():
        read = sum(p.read for p in group)
        numbers = sorted({p.page for p in group if p.page is not None})
        what = f"全{total}件のうち{read}件を読みました" if total is not None else f"{read}件を読みました"
        if total_pages and total_pages > len(numbers) and total_pages > 1:
            if len(group) == 1:
                lines.append(f"{group[0].file}: {total_pages}ページ中の{group[0].page}ページ目です（{what}）。"
                             "ほかのページも取り込んでください")
            else:
                lines.append(f"{LABELS.get(kind, '記録')}の一覧: {total_pages}ページ中 {len(numbers)}ページ"
                             f"（{'・'.join(map(str, numbers))}）、{what}。ほかのページも取り込んでください")
        elif total is not None and total > read:
            lines.append(f"{'、'.join(p.file for p in group)}: {what}。残りも取り込んでください")
    return lines


def _scoped(item: Item, codes: set[str], munis: dict[str, str]) -> bool:
    """Whether a record says where it applies (so that no -m is needed)."""
    r = item.record
    attrs = _attributes(r)
    if attrs.get(MUNICIPALITY) or (item.kind == "organization" and attrs.get(KIND)):
        return True  # dvdesk's own attributes: an organization without a code is nationwide there
    for a in _items(r, "service_areas"):
        if isinstance(a, dict) and (_text(a.get("name")) in {*munis, "全国"}
                                    or _text(str(a.get("extent") or "")) in {*codes, "JP"}):
            return True
    return False


def _as_list(paths: Path | str | Sequence[Path | str]) -> list[Path]:
    return [Path(paths)] if isinstance(paths, str | Path) else [Path(p) for p in paths]


# --------------------------------------------------------------------------- checking and importing

class _Rows:
    """The report's rows, and which record each attached one joined."""

    def __init__(self) -> None:
        self.rows: list[RowResult] = []
        self.joined: list[tuple[RowResult, str, str]] = []  # row, kind, id of the record it joined

    def add(self, item: Item, reason: str = "", title: str = "") -> RowResult:
        sheet = f"{item.where} {LABELS.get(item.kind, '不明な記録')}" + (
            f"（{item.nested_in}の中）" if item.nested_in else "")
        row = RowResult(sheet, len(self.rows) + 1, "", title or item.name or (f"id {item.id}" if item.id else ""))
        if reason:
            row.status, row.reasons = REJECTED, [reason]
        self.rows.append(row)
        return row


def _not_found(kind: str, hid: str, files: str) -> str:
    return f"{LABELS[kind]} {hid} が見つかりません: 先に{files}を取り込むか、一緒に指定してください"


class _Assembly:
    """Locations, service_at_location, contacts and phones joined to the record they name."""

    def __init__(self, sorted_: _Sorted, mapper: _Mapper, rows: _Rows):
        self.mapper, self.rows = mapper, rows
        u = sorted_.unique
        self.orgs = {i: copy.deepcopy(it.record) for i, it in u.get("organization", {}).items()}
        self.services = {i: copy.deepcopy(it.record) for i, it in u.get("service", {}).items()}
        self.attach_only: set[tuple[str, str]] = set()  # records in the database, only joined to
        self.failed: dict[tuple[str, str], str] = {}  # those of them that did not pass the checks, and why
        self.locations = u.get("location", {})
        self.contacts = {i: copy.deepcopy(it.record) for i, it in u.get("contact", {}).items()}

    def target(self, kind: str, hid: str) -> dict | None:
        pool = self.orgs if kind == "organization" else self.services
        if hid in pool:
            return pool[hid]
        if hid and self.mapper.has(kind, hid):
            pool[hid] = {"id": hid}
            self.attach_only.add((kind, hid))
            return pool[hid]
        return None

    def join(self, item: Item, kind: str, hid: str, field_name: str, value: dict, files: str) -> bool:
        record = self.target(kind, hid) if hid else None
        if record is None:
            self.rows.add(item, _not_found(kind, hid, files) if hid else
                          f"どの{LABELS[kind]}のものか分かりません（{kind}_id がありません）")
            return False
        record.setdefault(field_name, [])
        if isinstance(record[field_name], list):
            record[field_name].append(value)
        self.rows.joined.append((self.rows.add(item), kind, hid))
        return True

    def run(self, items: list[Item]) -> None:
        by_kind: dict[str, list[Item]] = {}
        for item in items:
            by_kind.setdefault(item.kind, []).append(item)
        for item in by_kind.get("phone", []):
            self._phone(item)
        for item in by_kind.get("contact", []):
            r = self.contacts.get(item.id, item.record)
            if _id(r, "organization_id"):
                self.join(item, "organization", _id(r, "organization_id"), "contacts", r, "organizations.json")
            else:
                self.join(item, "service", _id(r, "service_id"), "contacts", r, "services.json")
        used: dict[str, str] = {}  # location id -> the service it became the location of
        for item in by_kind.get("service_at_location", []):
            self._at_location(item, used)
        for item in by_kind.get("location", []):
            org = _id(item.record, "organization_id")
            if org:
                self.join(item, "organization", org, "locations", item.record, "organizations.json")
            elif item.id not in used:
                self.rows.add(item, "どの組織・サービスにも結びついていません（organization_id がなく、"
                                    "service_at_location からも参照されていません）。service_at_location.json も"
                                    "一緒に取り込んでください")
            else:
                self.rows.joined.append((self.rows.add(item), "service", used[item.id]))

    def _phone(self, item: Item) -> None:
        r = item.record
        if _id(r, "contact_id"):
            contact = self.contacts.get(_id(r, "contact_id"))
            if contact is None:
                self.rows.add(item, f"連絡先 {_id(r, 'contact_id')} が見つかりません: contacts.json も一緒に"
                                    "取り込んでください")
                return
            contact.setdefault("phones", [])
            contact["phones"].append(r)
            owner = _id(contact, "organization_id")
            kind, hid = ("organization", owner) if owner else ("service", _id(contact, "service_id"))
            self.rows.joined.append((self.rows.add(item), kind, hid))
            return
        location = self.locations.get(_id(r, "location_id"))
        org = _id(r, "organization_id") or (_id(location.record, "organization_id") if location else "")
        if org:
            self.join(item, "organization", org, "phones", r, "organizations.json")
        else:
            self.join(item, "service", _id(r, "service_id"), "phones", r, "services.json")

    def _at_location(self, item: Item, used: dict[str, str]) -> None:
        r = item.record
        nested = r.get("service")
        sid = _id(r, "service_id") or (_id(nested, "id") if isinstance(nested, dict) else "")
        location = r.get("location") if isinstance(r.get("location"), dict) else None
        lid = _id(r, "location_id") or (_id(location, "id") if location else "")
        if location is None and lid in self.locations:
            location = self.locations[lid].record
        if location is None:
            self.rows.add(item, f"所在地 {lid or '（id なし）'} が見つかりません: 先に locations.json を取り込むか、"
                                "一緒に指定してください")
            return
        joined = self.join(item, "service", sid, "service_at_locations", {**r, "location": location}, "services.json")
        if joined and lid:
            used.setdefault(lid, sid)


def _id(record: Any, name: str) -> str:
    value = record.get(name) if isinstance(record, dict) else None
    return str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""


def _taxonomy(sorted_: _Sorted, needs: set[str]) -> tuple[dict[str, dict], list[str], int]:
    """Terms by id (with their taxonomy's name), the report's lines, and how many records they were."""
    taxonomies = {i: it.record for i, it in sorted_.unique.get("taxonomy", {}).items()}
    terms = {}
    for i, it in sorted_.unique.get("taxonomy_term", {}).items():
        term = dict(it.record)
        if not term.get("taxonomy") and _id(term, "taxonomy_id") in taxonomies:
            term["taxonomy"] = taxonomies[_id(term, "taxonomy_id")].get("name")
        terms[i] = term
    lines = []
    if terms:
        matched = sum(1 for t in terms.values() if t.get("taxonomy") == TAXONOMY and _id(t, "code") in needs)
        lines.append(f"分類の項目（taxonomy_term）: {len(terms)}件読み込み、対応づけにだけ使いました"
                     f"（dvdesk のニーズに対応 {matched}件、組織としては取り込みません）")
    if taxonomies:
        lines.append(f"分類（taxonomy）: {len(taxonomies)}件読み込み、対応づけにだけ使いました")
    return terms, lines, len(terms) + len(taxonomies)


def check_hsds(db, paths: Path | str | Sequence[Path | str], municipality: str = "", *,  # type: ignore[no-untyped-def]  # db: a storage Database or an app SharedDatabase (same read()/write())
               nationwide: bool = False) -> tuple[HsdsReport, dict[str, list[Snapshot]]]:
    """What importing ``paths`` would do. ``municipality``: the scope of records that state none;
    ``nationwide``: the administrator chose explicitly that such records are for the whole country."""
    files = _as_list(paths)
    feed: Feed = read_paths(files)
    sorted_ = _sort(feed.items)
    rows = _Rows()
    for item in feed.unknown:
        rows.add(item, "HSDS のどの種類の記録か分かりません"
                       "（サービス・組織・所在地・連絡先・電話・分類のどれでもありません）")
    source = "、".join(feed.files[:3]) + (f" ほか{len(feed.files) - 3}件" if len(feed.files) > 3 else "")
    with db.read() as session:
        needs = {n.key for n in session.scalars(select(Need))}
        terms, mapping_lines, mapping = _taxonomy(sorted_, needs)
        mapper = _Mapper(session, municipality, source, terms)
        mapper.files = {(k, i): it.where.split("件目")[0].rsplit(" ", 1)[0] for k in ("organization", "service")
                        for i, it in sorted_.unique.get(k, {}).items()}
        for item in sorted_.no_id:
            if item.kind in ("organization", "service"):
                rows.add(item, "id がありません（HSDS の記録には id が必要です）")
        _require_scope(sorted_, mapper, municipality, nationwide)
        record_rows = {(k, i): rows.add(it) for k in ("organization", "service")
                       for i, it in sorted_.unique.get(k, {}).items()}
        assembly = _Assembly(sorted_, mapper, rows)
        assembly.run([i for k in ("phone", "contact", "service_at_location", "location")
                      for i in [*sorted_.unique.get(k, {}).values(), *(n for n in sorted_.no_id if n.kind == k)]])
        for hid in assembly.orgs:
            mapper.org_keys[hid] = mapper.key("organization", hid)
        incoming = _checked(session, mapper, assembly, record_rows)
        plan = plan_changes(session, incoming)
        _settle_joined(rows, assembly, record_rows, mapper)  # inside the session: it reads our keys
    actions = {(d.kind, d.key): d.action for d in plan.diffs}
    for (kind, _), row in record_rows.items():
        if row.status == ACCEPTED:
            row.action = actions.get((kind, row.key), "unchanged")
    for row, kind, _ in rows.joined:
        if row.status == ACCEPTED:
            row.action = actions.get((kind, row.key), "unchanged")
    report = HsdsReport(rows.rows, plan, mapper.all_notes() + sorted_.conflicts + mapping_lines, "UTF-8")
    report.notes += [f"JSON でないため読み飛ばしたファイル: {n}" for n in feed.skipped]
    report.repeats, report.pages, report.files = sorted_.lines, _paging(feed.pages), feed.files
    report.counts = {"read": len(feed.items) + len(feed.unknown), "accepted": len(report.accepted),
                     "refused": len(report.rejected), "repeats": sorted_.repeats, "mapping": mapping}
    return report, incoming


def _require_scope(sorted_: _Sorted, mapper: _Mapper, municipality: str, nationwide: bool) -> None:
    if municipality or nationwide:
        return
    codes = set(mapper.munis.values())
    unscoped = [it for k in ("organization", "service") for i, it in sorted_.unique.get(k, {}).items()
                if not mapper.has(k, i) and not _scoped(it, codes, mapper.munis)]
    if unscoped:
        raise ScopeRequired(len(unscoped), unscoped[0].name or unscoped[0].id)


class ScopeRequired(HsdsError):
    """Records state no municipality and none was chosen. ``count`` and ``example`` let the window
    word its own message (where to choose); the text is the command line's."""

    def __init__(self, count: int, example: str):
        self.count, self.example = count, example
        super().__init__(f"{count}件の記録に市区町村が書かれていません（例: 「{example}」）。"
                         "取り込み先の市区町村を指定してください（dvdesk import-hsds … -m 市区町村名。"
                         "全国向けとして取り込むときは -m 全国）。何も変更していません")


def _checked(session: Session, mapper: _Mapper, assembly: _Assembly,
             record_rows: dict[tuple[str, str], RowResult]) -> dict[str, list[Snapshot]]:
    """Snapshots that pass every check; a record whose organization (parent or provider) is
    refused is refused too, naming that organization."""
    snaps: dict[tuple[str, str], Snapshot] = {}
    for kind, pool, convert in (("organization", assembly.orgs, mapper.organization),
                                ("service", assembly.services, mapper.service)):
        for hid, raw in pool.items():
            only = (kind, hid) in assembly.attach_only
            row = record_rows.get((kind, hid))
            try:
                snap = coerce_snapshot(KINDS[kind], convert(raw, only))
            except RecordError as exc:
                if row is not None:
                    row.status, row.reasons = REJECTED, [str(exc)]
                assembly.failed[(kind, hid)] = str(exc)
                continue
            if row is not None:
                row.key = snap["key"]
            snaps[(kind, hid)] = snap
    imported = {i for k, i in record_rows if k == "organization"}
    refused_org: dict[str, str] = {}  # key -> why, for the records that depend on it

    def refuse(kind: str, hid: str, reasons: list[str]) -> None:
        snap = snaps.pop((kind, hid))
        row = record_rows.get((kind, hid))
        if row is not None:
            row.status, row.reasons = REJECTED, reasons
        assembly.failed[(kind, hid)] = " / ".join(reasons)
        if kind == "organization":
            refused_org[snap["key"]] = f"組織「{snap['name'] or hid}」（id {hid}）"

    for kind in ("organization", "service"):
        changed = True
        while changed:  # a refusal can refuse what refers to it: until nothing moves
            changed = False
            known = {(k, s["key"]) for (k, _), s in snaps.items()}
            parents = {s["key"]: s.get("parent", "") for (k, _), s in snaps.items() if k == "organization"}
            for (k, hid), snap in list(snaps.items()):
                if k != kind:
                    continue
                ref = snap.get("parent" if kind == "organization" else "provider") or ""
                if ref in refused_org:
                    what = "上位の組織" if kind == "organization" else "提供する組織"
                    refuse(k, hid, [f"{what}の{refused_org[ref]}が受け付けられなかったため、受け付けません"])
                    changed = True
                    continue
                raw = assembly.services.get(hid, {}) if kind == "service" else {}
                org = _id(raw, "organization_id") or _id(raw.get("organization"), "id")
                if kind == "service" and org and org not in imported and not mapper.has("organization", org):
                    refuse(k, hid, [_not_found("organization", org, "組織の一覧（organizations.json など）")])
                    changed = True
                    continue
                is_new = Writer(session).find(KINDS[k], snap["key"]) is None
                problems = check(session, KINDS[k], snap, is_new=is_new, known=known, parents=parents)
                if problems:
                    refuse(k, hid, [p.message for p in problems])
                    changed = True
    incoming: dict[str, list[Snapshot]] = {}
    for (kind, _), snap in snaps.items():
        incoming.setdefault(kind, []).append(snap)
    return incoming


def _settle_joined(rows: _Rows, assembly: _Assembly, record_rows: dict, mapper: _Mapper) -> None:
    """A location, contact or phone stands or falls with the record it joined."""
    for row, kind, hid in rows.joined:
        target = record_rows.get((kind, hid))
        name = (target.title if target else "") or hid
        row.title = f"{row.title} → {LABELS[kind]}「{name}」"
        if (kind, hid) in assembly.failed:
            row.status, row.reasons = REJECTED, [f"{LABELS[kind]}「{name}」が受け付けられなかったため"
                                                 f"（{assembly.failed[(kind, hid)]}）"]
        elif target is None and (kind, hid) not in assembly.attach_only:
            row.status, row.reasons = REJECTED, [_not_found(kind, hid, f"{kind}s.json")]
        else:
            row.key = target.key if target else mapper.key(kind, hid)


def import_hsds(db, paths: Path | str | Sequence[Path | str], admin: str, *,  # type: ignore[no-untyped-def]  # db: a storage Database or an app SharedDatabase (same read()/write())
                municipality: str = "", nationwide: bool = False, dry_run: bool = False,
                backup=backup_database) -> HsdsReport:
    report, incoming = check_hsds(db, paths, municipality, nationwide=nationwide)
    if dry_run or report.plan is None or report.plan.empty:
        return report
    report.backup = backup(db.path, "hsds-import") if backup and not db.is_server else None  # server: pg_dump
    try:
        with db.write() as session:
            edit = Edit(admin, "import", note=f"HSDS: {'、'.join(report.files)}")
            report.plan = apply_changes(session, incoming, edit)
    except DirectoryRefused as exc:
        raise HsdsError(str(exc)) from None
    return report
