"""Spreadsheets out: services, organisations and their contact points to .xlsx (one sheet each)
or CSV (one kind), with every field an administrator can edit, in the headings ``sheets`` reads
back. Staff-only and secret fields are included: the file is for the administrator, not a client.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from dvdesk.admin import sheet_files
from dvdesk.admin.kinds import CONTACT_FIELDS, KINDS, Field
from dvdesk.admin.package import collect
from dvdesk.storage.database_protocol import DatabaseLike

KEY_HEADER = "キー"
ORG_KEY_HEADER = "組織キー"
SHEET_TITLES = {"service": "サービス", "organization": "組織", "contact": "連絡先"}
TITLE_KINDS = {v: k for k, v in SHEET_TITLES.items()}
NATIONWIDE = "全国"
MUNICIPALITY_HEADER = "市区町村（名称かコード、全国の窓口は「全国」）"


def columns(kind_name: str) -> tuple[Field, ...]:
    if kind_name == "contact":
        return CONTACT_FIELDS
    return tuple(f for f in KINDS[kind_name].fields if f.type != "items")


def headers(kind_name: str) -> list[str]:
    first = ORG_KEY_HEADER if kind_name == "contact" else KEY_HEADER
    return [first] + [MUNICIPALITY_HEADER if f.name == "municipality" else f.label for f in columns(kind_name)]


def _cell(f: Field, value: Any) -> Any:
    if f.name == "municipality" and not value:
        return NATIONWIDE  # written, never a blank cell: a blank keeps what the record has
    if f.type == "texts" and f.choices:  # the words the form shows (子どもがいる), read back as its key
        return "\n".join(f.choices.get(v, v) for v in value)
    if f.type in ("texts", "refs"):
        return "\n".join(value)
    if f.type == "flag":
        return "はい" if value else "いいえ"
    if f.type == "date":
        return value or ""
    if f.type == "choice":
        for choice, label in f.choices.items():
            if (choice.value if isinstance(choice, enum.Enum) else choice) == value:
                return label
    return value


def tables(
    session: Session, kinds: tuple[str, ...] = ("service", "organization", "contact")
) -> dict[str, list[list[Any]]]:
    records, _ = collect(session)
    out: dict[str, list[list]] = {}
    for name in kinds:
        rows = [headers(name)]
        if name == "contact":
            for org in records["organization"]:
                rows += [[org["key"]] + [_cell(f, c[f.name]) for f in CONTACT_FIELDS] for c in org["contacts"]]
        else:
            rows += [[s["key"]] + [_cell(f, s[f.name]) for f in columns(name)] for s in records[name]]
        out[name] = rows
    return out


def export_sheet(
    db: DatabaseLike, path: Path, kind_name: str = "service", encoding: str = "utf-8", notes: list[str] | None = None
) -> int:
    """Write ``path`` (.xlsx: services, organisations and contacts; .csv: one kind). Returns rows.

    ``notes`` receives what a CP932 file spells differently (``sheet_files.write_csv``)."""
    path = Path(path)
    with db.read() as session:
        if path.suffix.lower() == ".xlsx":
            data = tables(session)
            sheet_files.write_xlsx(path, {SHEET_TITLES[k]: t for k, t in data.items()})
            return sum(len(t) - 1 for t in data.values())
        table = tables(session, (kind_name,))[kind_name]
    (notes if notes is not None else []).extend(sheet_files.write_csv(path, table, encoding))
    return len(table) - 1
