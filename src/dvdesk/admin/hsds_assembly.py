"""How the records read from HSDS files are sorted by kind and joined to one another.

Used by ``hsds_import``: repeats are found and compared, locations, contacts and phones join the
organization or service they name, paging is reported, and each record read gets its row in the
report.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dvdesk.admin.hsds import KIND, MUNICIPALITY, TAXONOMY
from dvdesk.admin.hsds_mapping import Mapper, attributes, items_of, record_id
from dvdesk.admin.hsds_read import LABELS, Item, Page
from dvdesk.admin.hsds_text import plain
from dvdesk.admin.sheets import REJECTED, RowResult


def _differences(first: dict, again: dict) -> list[str]:
    """Plain values both state, and state differently (a shorter nested copy is not a conflict)."""
    out = []
    for k, v in again.items():
        w = first.get(k)
        if (
            isinstance(v, str | int | float | bool)
            and isinstance(w, str | int | float | bool)
            and v != ""
            and w != ""
            and (plain(v) if isinstance(v, str) else v) != (plain(w) if isinstance(w, str) else w)
        ):
            out.append(f"{k}「{w}」≠「{v}」")
    return out


@dataclass
class Sorted:
    unique: dict[str, dict[str, Item]]  # kind -> id -> first item
    no_id: list[Item]
    repeats: int
    lines: list[str]
    conflicts: list[str]


def sort_items(items: list[Item]) -> Sorted:
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
        line = (
            f"{LABELS[kind]}「{first.name or hid}」（id {hid}）: {len(group)}回出てきたため1件として扱いました"
            f"（最初: {first.where}{'、' + first.nested_in + 'の中' if first.nested_in else ''}）"
        )
        lines.append(line)
        for i, d in diffs:
            conflicts.append(
                f"{LABELS[kind]}「{first.name or hid}」（id {hid}）: {i.where}"
                f"{'（' + i.nested_in + 'の中）' if i.nested_in else ''}の繰り返しが最初のものと違います"
                f"（{'、'.join(d[:3])}）。最初のものを取り込みました"
            )
    return Sorted(unique, no_id, repeats, lines, conflicts)


def paging(pages: list[Page]) -> list[str]:
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
                lines.append(
                    f"{group[0].file}: {total_pages}ページ中の{group[0].page}ページ目です（{what}）。"
                    "ほかのページも取り込んでください"
                )
            else:
                lines.append(
                    f"{LABELS.get(kind, '記録')}の一覧: {total_pages}ページ中 {len(numbers)}ページ"
                    f"（{'・'.join(map(str, numbers))}）、{what}。ほかのページも取り込んでください"
                )
        elif total is not None and total > read:
            lines.append(f"{'、'.join(p.file for p in group)}: {what}。残りも取り込んでください")
    return lines


def scoped(item: Item, codes: set[str], munis: dict[str, str]) -> bool:
    """Whether a record says where it applies (so that no -m is needed)."""
    r = item.record
    attrs = attributes(r)
    if code := attrs.get(MUNICIPALITY):
        # A code this directory lacks places it nowhere: as written it would have been 全国 (a
        # 100-municipality feed made 536 services nationwide), so a scope is asked for.
        return code in codes
    if item.kind == "organization" and attrs.get(KIND):
        return True  # dvdesk's own attributes: an organization without a code is nationwide there
    for a in items_of(r, "service_areas"):
        if isinstance(a, dict) and (
            plain(a.get("name")) in {*munis, "全国"} or plain(str(a.get("extent") or "")) in {*codes, "JP"}
        ):
            return True
    return False


def as_list(paths: Path | str | Sequence[Path | str]) -> list[Path]:
    return [Path(paths)] if isinstance(paths, str | Path) else [Path(p) for p in paths]


# --------------------------------------------------------------------------- checking and importing


class Rows:
    """The report's rows, and which record each attached one joined."""

    def __init__(self) -> None:
        self.rows: list[RowResult] = []
        self.joined: list[tuple[RowResult, str, str]] = []  # row, kind, id of the record it joined

    def add(self, item: Item, reason: str = "", title: str = "") -> RowResult:
        sheet = f"{item.where} {LABELS.get(item.kind, '不明な記録')}" + (
            f"（{item.nested_in}の中）" if item.nested_in else ""
        )
        row = RowResult(sheet, len(self.rows) + 1, "", title or item.name or (f"id {item.id}" if item.id else ""))
        if reason:
            row.status, row.reasons = REJECTED, [reason]
        self.rows.append(row)
        return row


def not_found(kind: str, hid: str, files: str) -> str:
    return f"{LABELS[kind]} {hid} が見つかりません: 先に{files}を取り込むか、一緒に指定してください"


class Assembly:
    """Locations, service_at_location, contacts and phones joined to the record they name."""

    def __init__(self, sorted_: Sorted, mapper: Mapper, rows: Rows):
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
            self.rows.add(
                item,
                not_found(kind, hid, files)
                if hid
                else f"どの{LABELS[kind]}のものか分かりません（{kind}record_id がありません）",
            )
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
            if record_id(r, "organization_id"):
                self.join(item, "organization", record_id(r, "organization_id"), "contacts", r, "organizations.json")
            else:
                self.join(item, "service", record_id(r, "service_id"), "contacts", r, "services.json")
        used: dict[str, str] = {}  # location id -> the service it became the location of
        for item in by_kind.get("service_at_location", []):
            self._at_location(item, used)
        for item in by_kind.get("location", []):
            org = record_id(item.record, "organization_id")
            if org:
                self.join(item, "organization", org, "locations", item.record, "organizations.json")
            elif item.id not in used:
                self.rows.add(
                    item,
                    "どの組織・サービスにも結びついていません（organization_id がなく、"
                    "service_at_location からも参照されていません）。service_at_location.json も"
                    "一緒に取り込んでください",
                )
            else:
                self.rows.joined.append((self.rows.add(item), "service", used[item.id]))

    def _phone(self, item: Item) -> None:
        r = item.record
        if record_id(r, "contact_id"):
            contact = self.contacts.get(record_id(r, "contact_id"))
            if contact is None:
                self.rows.add(
                    item,
                    f"連絡先 {record_id(r, 'contact_id')} が見つかりません: contacts.json も一緒に取り込んでください",
                )
                return
            contact.setdefault("phones", [])
            contact["phones"].append(r)
            owner = record_id(contact, "organization_id")
            kind, hid = ("organization", owner) if owner else ("service", record_id(contact, "service_id"))
            self.rows.joined.append((self.rows.add(item), kind, hid))
            return
        location = self.locations.get(record_id(r, "location_id"))
        org = record_id(r, "organization_id") or (record_id(location.record, "organization_id") if location else "")
        if org:
            self.join(item, "organization", org, "phones", r, "organizations.json")
        else:
            self.join(item, "service", record_id(r, "service_id"), "phones", r, "services.json")

    def _at_location(self, item: Item, used: dict[str, str]) -> None:
        r = item.record
        nested = r.get("service")
        sid = record_id(r, "service_id") or (record_id(nested, "id") if isinstance(nested, dict) else "")
        location = r.get("location") if isinstance(r.get("location"), dict) else None
        lid = record_id(r, "location_id") or (record_id(location, "id") if location else "")
        if location is None and lid in self.locations:
            location = self.locations[lid].record
        if location is None:
            self.rows.add(
                item,
                f"所在地 {lid or '（id なし）'} が見つかりません: 先に locations.json を取り込むか、"
                "一緒に指定してください",
            )
            return
        joined = self.join(item, "service", sid, "service_at_locations", {**r, "location": location}, "services.json")
        if joined and lid:
            used.setdefault(lid, sid)


def taxonomy(sorted_: Sorted, needs: set[str]) -> tuple[dict[str, dict], list[str], int]:
    """Terms by id (with their taxonomy's name), the report's lines, and how many records they were."""
    taxonomies = {i: it.record for i, it in sorted_.unique.get("taxonomy", {}).items()}
    terms = {}
    for i, it in sorted_.unique.get("taxonomy_term", {}).items():
        term = dict(it.record)
        if not term.get("taxonomy") and record_id(term, "taxonomy_id") in taxonomies:
            term["taxonomy"] = taxonomies[record_id(term, "taxonomy_id")].get("name")
        terms[i] = term
    lines = []
    if terms:
        matched = sum(1 for t in terms.values() if t.get("taxonomy") == TAXONOMY and record_id(t, "code") in needs)
        lines.append(
            f"分類の項目（taxonomy_term）: {len(terms)}件読み込み、対応づけにだけ使いました"
            f"（dvdesk のニーズに対応 {matched}件、組織としては取り込みません）"
        )
    if taxonomies:
        lines.append(f"分類（taxonomy）: {len(taxonomies)}件読み込み、対応づけにだけ使いました")
    return terms, lines, len(terms) + len(taxonomies)
