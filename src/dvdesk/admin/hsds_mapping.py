"""HSDS records mapped to dvdesk snapshots: organisations, services, their contacts and needs.

Used by ``hsds_import``; a taxonomy term of "dvdesk-needs" names a need, a phone in +81 form is
written in the domestic form, HTML is made plain.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvdesk.admin import hsds_extensions
from dvdesk.admin.hsds import MUNICIPALITY, TAXONOMY, hsds_id
from dvdesk.admin.hsds_read import HsdsError
from dvdesk.admin.hsds_text import domestic, extension, is_japanese_international, plain
from dvdesk.admin.kinds import KINDS
from dvdesk.admin.records import Snapshot, blank, snapshot
from dvdesk.admin.validation import phone_problem
from dvdesk.domain.models import Municipality, Need
from dvdesk.domain.rules import split_extension, with_phone_note

SOURCE = "HSDS"
_text = plain  # every text from a feed: HTML made plain, stripped


def items_of(record: dict, name: str) -> list:
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
            text = " ".join(
                p
                for p in (
                    _text(s.get("byday")),
                    "〜".join(p for p in (_text(s.get("opens_at")), _text(s.get("closes_at"))) if p),
                )
                if p
            )
        if text:
            parts.append(text)
    return "、".join(parts)


def attributes(record: dict) -> dict[str, str]:
    return {
        _text(a.get("link_type")): _text(a.get("value"))
        for a in items_of(record, "attributes")
        if isinstance(a, dict) and _text(a.get("link_type"))
    }


# The fields of a service and an organization the import reads (here, in hsds_extensions, in the
# assembly); any other one holding something is named in the report, never dropped without a word.
READ_FIELDS = {
    "service": frozenset(
        "id name alternate_name description status application_process fees_description fees "
        "eligibility_description schedules languages required_documents service_areas attributes organization "
        "organization_id phones contacts service_at_locations assured_date".split()
    ),
    "organization": frozenset(
        "id name alternate_name description parent_organization_id contacts phones locations attributes "
        "services".split()
    ),
}
_IGNORED = frozenset({"metadata", "last_modified"})  # bookkeeping of the other system, not the record


class Mapper:
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
        # +81 numbers rewritten in the domestic form: the report says so, number by number (the
        # stored number differs from the feed's), and which were stored without separators
        self.converted: list[str] = []
        self.unseparated: list[str] = []
        self.unread: dict[tuple[str, str], set[str]] = {}  # (kind, HSDS field) -> ids of the records holding it

    def _note_unread(self, kind: str, record: dict) -> None:
        for name, value in record.items():
            if name not in READ_FIELDS[kind] and name not in _IGNORED and value not in (None, "", [], {}):
                self.unread.setdefault((kind, name), set()).add(str(record.get("id")))

    def has(self, name: str, hid: str) -> bool:
        return KINDS[name].model is type(self.ours.get(hid))

    def key(self, name: str, hid: str) -> str:
        return self.ours[hid].key if self.has(name, hid) else f"hsds.{hid}"

    def _base(self, name: str, hid: str) -> Snapshot:
        if self.has(name, hid):
            return snapshot(KINDS[name], self.ours[hid])
        snap = blank(KINDS[name], f"hsds.{hid}")
        snap.update(
            source=f"{SOURCE}: {self.files.get((name, hid), self.source)}（id {hid}）", municipality=self.municipality
        )
        return snap

    def _number(self, number: str, whose: str) -> tuple[str, str]:
        given = number.strip().strip("\"'").strip()
        number, note = domestic(number)
        if note:
            self.phone_notes.setdefault(note.split(":")[0], []).append(f"{whose} {number}")
        elif is_japanese_international(given):
            self.converted.append(f"{whose} {given} → {number}")
            if "-" not in number:  # where the area code ends cannot be told from the digits alone
                self.unseparated.append(f"{whose} {number}")
        return number, note

    def all_notes(self) -> list[str]:
        """The notes, with the phone ones gathered into one line per kind (a feed may have hundreds)."""
        lines = sorted(self.notes)
        for what, where in self.phone_notes.items():
            lines.append(f"{what}: {_listed(where)}")
        if self.converted:
            what = "日本の番号（+81）を国内の形式（0から始まる番号）に直して登録しました"
            lines.append(f"{what}: {_listed(self.converted)}")
        if self.unread:
            labels = {"service": "サービス", "organization": "組織"}
            fields = "、".join(
                f"{labels[kind]}の「{name}」{len(ids)}件" for (kind, name), ids in sorted(self.unread.items())
            )
            lines.append(
                f"dvdesk に欄のない HSDS の項目は取り込んでいません（必要なら記録に書き写してください）: {fields}"
            )
        if self.unseparated:
            lines.append(
                "区切り（-）のない番号は区切らずに登録しました（市外局番の区切りは番号だけでは決まりません。"
                f"必要なら記録を直してください）: {_listed(self.unseparated)}"
            )
        return lines

    def organization(self, o: dict, attach_only: bool = False) -> Snapshot:
        hid = str(o["id"])
        snap = self._base("organization", hid)
        if not attach_only:
            self._note_unread("organization", o)
            if not self.has("organization", hid):
                snap["kind"] = "other"
            snap.update(
                name=_text(o.get("name")),
                discreet_name=_text(o.get("alternate_name")),
                description=_text(o.get("description")),
            )
        whose = f"組織「{snap['name']}」"
        phones = [p for p in items_of(o, "phones") if isinstance(p, dict) and _text(p.get("number"))]
        if phones:
            # Contacts HSDS never saw (staff-only ones, ones without a phone) stay where they are;
            # public phones follow the file.
            incoming = [self._contact(p, whose) for p in phones]
            numbers = {c["phone"] for c in incoming}
            contacts = [
                c
                for c in snap["contacts"]
                if c["confidentiality"] != "public" or not c["phone"] or c["phone"] in numbers
            ]
            have = {c["phone"] for c in contacts}
            snap["contacts"] = contacts + [c for c in incoming if c["phone"] not in have]
        hsds_extensions.organization(
            o,
            snap,
            codes=set(self.munis.values()),
            notes=self.notes,  # dvdesk's own fields
            parent_key=lambda p: self.org_keys.get(p) or (self.ours[p].key if self.has("organization", p) else None),
        )
        return snap

    def _contact(self, p: dict, whose: str) -> Snapshot:
        number, note = self._number(_text(p["number"]), whose)
        if phone_problem(split_extension(number)[0]):  # not a phone number at all: kept as a note, never dropped
            number, note = "", f"HSDS の電話番号（電話番号の形ではありません）: {_text(p['number'])}"
        return {
            "label": "",
            "phone": number,
            "extension": extension(p) if number else "",
            "window": "",
            "hours": _text(p.get("description")),
            "email": "",
            "note": note,
            "confidentiality": "public",
        }

    def _needs(self, s: dict) -> list[str]:
        needs = []
        for a in items_of(s, "attributes"):
            if not isinstance(a, dict):
                continue
            term = a.get("taxonomy_term")
            if not isinstance(term, dict):
                term = self.terms.get(_text(str(a.get("taxonomy_term_id") or "")))
            if not isinstance(term, dict):
                continue
            detail = term.get("taxonomy_detail")
            taxonomy = term.get("taxonomy") or (detail.get("name") if isinstance(detail, dict) else None)
            if taxonomy == TAXONOMY and record_id(term, "code") in self.needs:
                needs.append(record_id(term, "code"))
            elif a.get("link_type") not in (MUNICIPALITY,):
                self.notes.add(f"分類「{taxonomy or '不明'}」の項目は dvdesk のニーズ分類にないため読み飛ばしました")
        return needs

    def service(self, s: dict, attach_only: bool = False) -> Snapshot:
        hid = str(s["id"])
        snap = self._base("service", hid)
        if not attach_only:
            self._note_unread("service", s)
            needs = self._needs(s)
            areas = [_text(a.get("name")) for a in items_of(s, "service_areas") if isinstance(a, dict)]
            muni = next((self.munis[a] for a in areas if a in self.munis), None)
            docs = [_text(d.get("document")) for d in items_of(s, "required_documents") if isinstance(d, dict)]
            snap.update(
                name=_text(s.get("name")),
                discreet_name=_text(s.get("alternate_name")),
                description=_text(s.get("description")),
                access=_text(s.get("application_process")),
                cost=_text(s.get("fees_description")) or _text(s.get("fees")),
                eligibility=_text(s.get("eligibility_description")),
                schedule=_schedule_text(items_of(s, "schedules")) or snap["schedule"],
                languages=[
                    _text(lang.get("name"))
                    for lang in items_of(s, "languages")
                    if isinstance(lang, dict) and _text(lang.get("name"))
                ],
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
        phones = [p for p in items_of(s, "phones") if isinstance(p, dict)]
        for c in items_of(s, "contacts"):
            if isinstance(c, dict):
                phones += [p for p in items_of(c, "phones") if isinstance(p, dict)]
        numbered = [(n, p) for n, p in ((_text(p.get("number")).strip("\"' "), p) for p in phones) if n]
        numbers = [n for n, _ in numbered]
        if not numbers:
            return
        whose = f"サービス「{snap['name']}」"
        number, note = self._number(numbers[0], whose)
        if phone_problem(split_extension(number)[0]):  # an extension after it goes to the staff note (records)
            snap["source_note"] = f"HSDS の電話番号（電話番号の形ではないため未登録）: {numbers[0]}"
            return
        snap["phone"] = number
        if inner := extension(numbered[0][1]):  # staff-only, and a service has no 内線: its staff note, as a sheet's
            snap["staff_note"] = with_phone_note(snap["staff_note"], f"内線{inner}")
        if note:
            snap["source_note"] = f"HSDS の電話番号: {note}"
        if len(set(numbers)) > 1:
            self.notes.add(
                f"{whose}: 電話番号が複数あり、最初の {number} を登録しました"
                f"（ほか: {'、'.join(sorted(set(numbers[1:]) - {numbers[0]}))}）"
            )


# --------------------------------------------------------------------------- sorting the feed


def record_id(record: Any, name: str) -> str:
    value = record.get(name) if isinstance(record, dict) else None
    return str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""


def _listed(where: list[str]) -> str:
    """「N件（the first five ほかM件）」: a feed may have hundreds."""
    shown = "、".join(where[:5]) + (f" ほか{len(where) - 5}件" if len(where) > 5 else "")
    return f"{len(where)}件（{shown}）"
