"""One spreadsheet row to a record snapshot, as offices type it: names resolved (municipality,
department), phones in one canonical form with their notes kept, dates in every Japanese form,
the key of a row without one derived the same in a dry run and the real run (``sheets``
checks and applies what this reads).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import unicodedata
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from dvdesk.admin.kinds import CONTACT_FIELDS, KINDS, Field, Kind
from dvdesk.admin.records import RecordError, Snapshot, Writer, blank, coerce, snapshot
from dvdesk.admin.sheet_files import as_cp932
from dvdesk.admin.sheet_headers import ORGANIZATION_CONTACT, field_names, fold
from dvdesk.admin.sheet_layout import SheetOptions
from dvdesk.admin.sheet_refs import Places
from dvdesk.admin.sheet_values import Phone, parse_date, parse_phone, parse_publication

if TYPE_CHECKING:
    from dvdesk.admin.sheets import RowResult


def cell_text(cell: Any) -> str:
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return "" if cell is None else str(cell).strip()


def _derived_key(kind: Kind, snap: Snapshot, writer: Writer, taken: set[str]) -> tuple[str, Any]:
    """The key of a row without one, the same in a dry run and the real run: from the municipality
    and the name. The record an earlier import of the same list made under that key is the same
    record (returned, so the row updates it); any other record keeps its key."""
    prefix = snap.get("municipality") or "national"
    digest = hashlib.sha256(f"{kind.name}|{prefix}|{fold(snap.get('name', ''))}".encode()).hexdigest()
    for n in range(8, len(digest) + 1, 4):
        key = f"{prefix}.{kind.name}.{digest[:n]}"
        if key in taken:
            continue
        existing = writer.find(kind, key)
        if existing is None:
            return key, None
        before = snapshot(kind, existing)
        if (before.get("municipality"), fold(before.get("name", ""))) == (snap.get("municipality"), fold(snap["name"])):
            return key, existing
    raise RecordError("キーを決められません")


def _kept_as_typed(phone: Phone, label: str) -> list[str]:
    """The report's line for a number stored without hyphens (she may want to add them)."""
    if not phone.unseparated:
        return []
    return [
        f"「{label}」の {phone.number} は区切り（-）のない形のまま登録します"
        "（市外局番の区切りは推測しません。区切るときは表か編集画面で直してください）"
    ]


def _one_extension(phone: Phone, cell: Any, label: str) -> None:
    """A number written with 内線12 beside a 内線 column saying 34: which is right cannot be told, and
    one would be dropped. The row is refused, naming both (the same number twice is one)."""
    typed = unicodedata.normalize("NFKC", cell_text(cell)).strip().removeprefix("内線").strip()
    if phone.extension and typed and typed != phone.extension:
        raise RecordError(
            f"「{label}」の内線 {phone.extension} と、内線の列の {typed} が違います。どちらかに直してください"
        )


def _with_phone_note(before: str, parsed: str) -> str:
    """The earlier record's staff note with this row's phone note, added once."""
    line = next((x for x in parsed.splitlines() if x.startswith("電話の備考: ")), "")
    return before if not line or line in before else f"{before}\n{line}".strip()


class RowReader:
    """One row's cells to a snapshot, with the names resolved and the notes kept."""

    def __init__(self, session: Session, options: SheetOptions, *, cp932: bool = False) -> None:
        self.writer = Writer(session)
        self.places = Places(session)
        self.options = options
        self.taken: set[str] = set()
        self.cp932 = cp932  # a CSV read as Shift_JIS: what the export wrote differently reads as unchanged

    def municipality(self, values: dict[str, Any], base: Snapshot, existing: bool) -> str:
        label = KINDS["service"].field("municipality").label
        if "municipality" in values and cell_text(values["municipality"]):
            return self.places.municipality(values["municipality"], "市区町村")
        if existing:
            return base.get("municipality", "")
        if self.options.municipality:
            return self.options.municipality
        if self.options.nationwide:
            return ""
        raise RecordError(
            f"「{label}」が空欄です。全国の窓口なら「全国」と書くか、この表の市区町村を -m で選んでください"
        )

    def record(self, kind: Kind, values: dict[str, Any], result: RowResult) -> Snapshot:
        key = cell_text(values.pop("key", ""))
        existing = self.writer.find(kind, key) if key else None
        base = snapshot(kind, existing) if existing is not None else blank(kind)
        result.title = result.title or str(base.get(kind.title_field, ""))
        parsed: Snapshot = {"municipality": self.municipality(values, base, existing is not None)}
        if kind.name == "organization" and existing is None and cell_text(values.get("name")):
            # a department list or phone directory names departments: the one of that name in the
            # municipality is updated (one only; two of one name stay a refusal, as in the editor)
            same = self.places.orgs.get((parsed["municipality"], fold(cell_text(values["name"]))), [])
            if len(same) == 1:
                key, existing = same[0], self.writer.find(kind, same[0])
                base = snapshot(kind, existing)
        phone_notes: list[str] = []
        main_contact: dict[str, Any] = {}
        labels = field_names(kind.name)
        for name, cell in values.items():
            if name == "municipality":
                continue
            if kind.name == "organization" and name in ORGANIZATION_CONTACT:
                main_contact[name] = cell
            elif name in ("provider", "parent"):
                text = cell_text(cell)
                parsed[name] = self.places.organization(text, parsed["municipality"], labels[name]) if text else ""
            elif name == "phone":
                phone = parse_phone(cell, labels[name])
                parsed["phone"] = phone.number
                result.notes += _kept_as_typed(phone, labels[name])
                if phone.note_text():
                    phone_notes.append(phone.note_text())
            elif name in ("extension", "phone_note"):
                if cell_text(cell):
                    phone_notes.append(("内線" if name == "extension" else "") + cell_text(cell))
            elif name == "publication":
                level = parse_publication(cell, labels[name])
                if level:
                    parsed["confidentiality"] = level
            elif kind.field(name).type == "date":
                parsed[name] = parse_date(cell, labels[name])
            else:
                parsed[name] = _value(kind.field(name), cell)
        if phone_notes:
            note = str(parsed.get("staff_note", base.get("staff_note", "")))
            line = "電話の備考: " + "・".join(phone_notes)
            parsed["staff_note"] = note if line in note else f"{note}\n{line}".strip()
            result.notes.append(f"{line}（職員メモに残しました）")
        if self.cp932 and existing is not None:
            _as_stored(parsed, base)
        snap = {**base, **parsed}
        if not key:
            key, earlier = _derived_key(kind, snap, self.writer, self.taken)
            if earlier is not None:  # this list's row, imported before: the sheet's columns update it
                base = snapshot(kind, earlier)
                parsed["municipality"] = self.municipality(values, base, True)
                snap = {**base, **{k: v for k, v in parsed.items() if k != "staff_note"}}
                if "staff_note" in parsed and "staff_note" not in values:
                    snap["staff_note"] = _with_phone_note(base["staff_note"], parsed["staff_note"])
        snap["key"] = key
        self.taken.add(key)
        if main_contact:
            snap["contacts"] = self.main_contact(snap.get("contacts", []), main_contact, result.notes)
        return snap

    def main_contact(self, contacts: list[Snapshot], values: dict[str, Any], notes: list[str]) -> list[Snapshot]:
        """A phone directory's columns fill the organisation's main contact, as the first-run grid
        does: its first public contact, or a new one at the top."""
        contacts = [dict(c) for c in contacts]
        main = next((c for c in contacts if c.get("confidentiality") == "public"), None)
        made = main is None
        if main is None:
            main = {f.name: f.empty() for f in CONTACT_FIELDS}
            contacts.insert(0, main)
        for name, cell in values.items():
            # Each column as the form's field, named as the sheet's heading names it.
            f = dataclasses.replace(next(x for x in CONTACT_FIELDS if x.name == name), label=ORGANIZATION_CONTACT[name])
            if name == "phone":
                phone = parse_phone(cell, ORGANIZATION_CONTACT[name])
                _one_extension(phone, values.get("extension"), ORGANIZATION_CONTACT[name])
                main["phone"] = coerce(f, phone.number)  # the sheet's parse, then the one validation
                notes += _kept_as_typed(phone, ORGANIZATION_CONTACT[name])
                if phone.label and not main.get("label"):
                    main["label"] = phone.label
                extra = "・".join(phone.notes)
                if extra and extra not in main.get("note", ""):
                    main["note"] = f"{main.get('note', '')}\n{extra}".strip()
            else:  # through ``records.coerce``, as the form: 内線 ３４ → 34, a TRUE cell refused
                main[name] = _value(f, cell)
        if (phone_cell := values.get("phone")) is not None and not cell_text(values.get("extension")):
            extension = parse_phone(phone_cell, ORGANIZATION_CONTACT["phone"]).extension
            main["extension"] = extension or main["extension"]  # a blank 内線 cell beside 内線12 keeps it
        if made and not any(str(main[f.name]).strip() for f in CONTACT_FIELDS if f.type != "choice"):
            contacts.remove(main)  # blank cells on a department with no contact: none made (not refused as empty)
        return contacts

    def contact(self, values: dict[str, Any], notes: list[str]) -> Snapshot:
        values.pop("key", None)
        out = {f.name: f.empty() for f in CONTACT_FIELDS}
        for name, cell in values.items():
            f = next(x for x in CONTACT_FIELDS if x.name == name)
            if name == "phone":
                phone = parse_phone(cell, f.label)
                _one_extension(phone, values.get("extension"), f.label)
                out["phone"] = coerce(f, phone.number)  # the sheet's parse, then the one validation
                notes += _kept_as_typed(phone, f.label)
                if phone.extension and not cell_text(values.get("extension")):
                    out["extension"] = phone.extension
                if phone.label and not cell_text(values.get("label")):
                    out["label"] = phone.label
                if phone.notes:
                    out["_phone_notes"] = "・".join(phone.notes)
            elif name in ("extension", "label") and out[name] and not cell_text(cell):
                continue  # filled from the phone cell (内線12, 代表): a blank column beside it keeps it
            elif name not in out or not out[name] or name in values:
                out[name] = _value(f, cell)
        extra = out.pop("_phone_notes", "")
        if extra:
            note = str(out["note"])  # a text field: always a str here
            out["note"] = f"{note}\n{extra}".strip() if str(extra) not in note else note
        return out


def _as_stored(parsed: Snapshot, base: Snapshot) -> None:
    """A CP932 sheet's cells that read exactly as the record's values written in CP932 (㉑ → (21),
    which the export listed): those values, unchanged. A cell she changed is taken as typed."""
    for name, value in parsed.items():
        was = base.get(name)
        if value == was or was is None:
            continue
        if isinstance(was, str) and isinstance(value, str):
            same = as_cp932(was) == value
        elif isinstance(was, list) and isinstance(value, list) and all(isinstance(x, str) for x in was):
            same = sorted(as_cp932(x) for x in was) == sorted(value)
        else:
            same = False
        if same:
            parsed[name] = was


def _value(f: Field, cell: Any) -> Any:
    if f.name == "phone":
        return parse_phone(cell, f.label).number
    if f.type == "date":
        return parse_date(cell, f.label)
    return coerce(f, _raw(f, cell))


def _raw(f: Field, value: Any) -> Any:
    """A cell as ``records.coerce`` expects it."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        value = value.isoformat()
    if f.type == "refs" and isinstance(value, str):
        return [v for v in re.split(r"[\n、,，\s]+", value) if v]
    if f.type == "texts" and isinstance(value, str):
        return [v for v in value.splitlines() if v.strip()]
    return value
