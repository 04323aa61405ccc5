"""A sheet's rows that together make one record: an organisation's contact rows, refused together.

The contact sheet lists all of an organisation's contacts, one row each, and those rows replace its
contacts whole. A row of them that is not taken (refused, a formula without a result, hidden) must not
drop its contact from the list; a problem the gate finds in one contact refuses that organisation's
rows, the contact's own row saying why. Split from ``sheets.py``, which imports both.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dvdesk.admin.kinds import KINDS
from dvdesk.admin.records import Writer, snapshot
from dvdesk.admin.sheet_headers import ORGANIZATION_CONTACT

ACCEPTED, REJECTED, SKIPPED = "accepted", "rejected", "skipped"

if TYPE_CHECKING:
    from dvdesk.admin.sheets import RowResult

    Snapshot = dict[str, Any]


def all_contacts_or_none(
    rows: list[RowResult], orgs: dict[str, tuple[Snapshot, list[RowResult]]], kept: dict[str, list]
) -> None:
    """An organisation's contacts are replaced by all of its rows or not at all: a row of them refused
    or skipped (hidden) would delete that contact. Its contacts then stay as they were, and its
    other contact rows say which row kept them."""
    for key in dict.fromkeys(r.key for r in rows if r.status != ACCEPTED and r.key in kept):
        snap, taken = orgs[key]
        snap["contacts"] = kept[key]
        bad = "、".join(f"{r.row}行目" for r in rows if r.key == key and r.status != ACCEPTED)
        for r in rows:
            if r.key == key and r.status == ACCEPTED:
                r.status, r.reasons = (
                    REJECTED,
                    [
                        f"同じ組織の連絡先の {bad} を受け付けられないため、この組織の連絡先は変更しません"
                        "（連絡先は組織ごとに、表の行の全部で置き換えます）"
                    ],
                )
            if r.key == key:
                r.title = str(snap.get("name", "")) or r.title
        taken[:] = [r for r in taken if r.kind != "contact"]
        if not taken:
            del orgs[key]


TWICE = (
    "この組織の連絡先が「組織」シートの主な連絡先の列と「連絡先」シートで食い違っています。"
    "どちらか一方で入力してください（この組織の行は変更しません）"
)


def given_twice(
    rows: list[RowResult],
    orgs: dict[str, tuple[Snapshot, list[RowResult]]],
    kept: dict[str, list],
    stored: Callable[[str], list | None],
) -> None:
    """An organisation whose 組織 row changed its contacts (the phone-directory columns: its main
    contact, now in ``kept``) and that has contact rows too, which replace its contacts whole. Which
    one she meant cannot be told (a blank 主な連絡先 cell clears a number the 連絡先 sheet gives), and
    taking either would drop the other without a word: unless both say the same, all of its rows
    are refused, naming both sheets. ``stored``: None for an organisation new in this sheet."""
    for key in list(kept):
        snap, taken = orgs[key]
        held = stored(key)
        if not any(r.kind == "organization" for r in taken) or kept[key] == held:
            continue  # no 組織 row, or it left the contacts as they were: the contact rows say them
        if snap["contacts"] == kept[key] or (held is None and _same_main(kept[key], snap["contacts"])):
            continue  # both sheets say the same
        for r in taken:
            r.status, r.reasons = REJECTED, [TWICE]
        for r in rows:
            if r.key == key and r.kind == "contact":
                r.status, r.reasons = REJECTED, [TWICE]
        del orgs[key], kept[key]


def stored_contacts(writer: Writer, key: str) -> list | None:
    """An organisation's contacts as the directory holds them; None for one it does not hold yet."""
    org = writer.find(KINDS["organization"], key)
    return None if org is None else list(snapshot(KINDS["organization"], org)["contacts"])


def _same_main(main: list, contacts: list) -> bool:
    """A new organisation's 組織 row says its main contact (or none) as its 連絡先 rows say their
    first public one: the same phone-directory columns."""
    first = next((c for c in contacts if c.get("confidentiality") == "public"), None)
    return not main or (first is not None and all(main[0].get(n) == first.get(n) for n in ORGANIZATION_CONTACT))


def reject_rows(rows: list[RowResult], problems: list) -> None:
    """Contact problems go to the contact's row; the rest to every row of the record."""
    for r in rows:
        r.status = REJECTED
    contact_rows = [r for r in rows if r.kind == "contact"]
    for p in problems:
        parts = p.path.split(".")
        if parts[0] == "contacts" and len(parts) > 1 and int(parts[1]) < len(contact_rows):
            contact_rows[int(parts[1])].reasons.append(p.message)
        else:
            for r in rows:
                if r.kind != "contact" or not contact_rows:
                    r.reasons.append(p.message)
    for r in rows:
        if not r.reasons:
            r.reasons.append("同じ組織の別の行に誤りがあるため、受け付けませんでした")
