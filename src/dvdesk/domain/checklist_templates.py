"""Reusable checklists (テンプレート), e.g. 「子どものいる世帯の転出」.

A template keeps the situation (need and circumstance keys) and the item list (directory keys,
and the counselor's free-text lines) for one municipality — nothing else. The note for the
client is *not* saved: it is typed during a consultation and is where a name, a date or a place
would end up, and a template is shared by every counselor on the PC. Free-text lines are saved
(they are part of the procedure list), so ``personal_detail_warnings`` flags text that looks
like a client's details (a phone number, a postal code, 様/さん) before the counselor saves.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvdesk.domain import checklist as cl
from dvdesk.domain import directory
from dvdesk.domain.directory import NotFound
from dvdesk.domain.models import ChecklistTemplate, Need, Procedure

MAX_NAME = 100
_PERSONAL = (
    (re.compile(r"\d{2,5}[-ー－‐]\d{1,4}[-ー－‐]\d{3,4}|\d{10,11}"), "電話番号のような数字"),
    (re.compile(r"〒|\d{3}[-－]\d{4}"), "郵便番号"),
    (re.compile(r"様|さん|ちゃん|くん"), "人の呼び名（様・さん など）"),
    (re.compile(r"\d{4}[/年]\d{1,2}[/月]\d{1,2}|\d{1,2}月\d{1,2}日"), "日付"),
)


class TemplateError(ValueError):
    """``str()`` is a Japanese message for the counselor."""


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    needs: tuple[str, ...]
    circumstances: tuple[str, ...]
    item_count: int
    updated_on: dt.date | None


@dataclass(frozen=True)
class LoadedTemplate:
    checklist: cl.Checklist
    missing: tuple[str, ...]  # keys no longer in the directory (retired or removed)


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise TemplateError("テンプレート名を入力してください。")
    if len(name) > MAX_NAME:
        raise TemplateError(f"テンプレート名は{MAX_NAME}文字以内にしてください。")
    return name


def _find(session: Session, municipality_code: str, name: str) -> ChecklistTemplate | None:
    return session.scalar(
        select(ChecklistTemplate).where(
            ChecklistTemplate.municipality_code == municipality_code, ChecklistTemplate.name == name
        )
    )


def list_templates(session: Session, municipality_code: str) -> list[TemplateInfo]:
    rows = session.scalars(
        select(ChecklistTemplate)
        .where(ChecklistTemplate.municipality_code == municipality_code)
        .order_by(ChecklistTemplate.name)
    )
    return [TemplateInfo(t.name, tuple(t.needs), tuple(t.circumstances), len(t.items), t.updated_on) for t in rows]


def save_template(
    session: Session, name: str, checklist: cl.Checklist, today: dt.date | None = None
) -> tuple[tuple[str, str], ...]:
    """Create or overwrite the template ``name`` (call inside ``db.write()``). Returns (procedure,
    window) for each window she named for a procedure no source gives a department
    (``windows_not_kept``): the template keeps the directory's key, not her window."""
    name = _clean_name(name)
    row = _find(session, checklist.municipality_code, name)
    if row is None:
        row = ChecklistTemplate(municipality_code=checklist.municipality_code, name=name)
        session.add(row)
    row.needs = list(checklist.needs)
    row.circumstances = list(checklist.circumstances)
    row.items = [item.ref for item in checklist.items]
    row.updated_on = today or dt.date.today()
    return windows_not_kept(session, checklist)


def windows_not_kept(session: Session, checklist: cl.Checklist) -> tuple[tuple[str, str], ...]:
    """(procedure name, window) for each procedure of ``checklist`` whose department no source names
    (「窓口を確認してください」) and for which she named a window (「窓口を指定…」): a template keeps
    the procedure's key, so loaded again it is back at 「窓口を確認してください」."""
    named = {i.key: i for i in checklist.items if i.kind is cl.ItemKind.PROCEDURE and not i.department.unconfirmed}
    if not named:
        return ()
    rows = session.scalars(select(Procedure).where(Procedure.key.in_(sorted(named))))
    unnamed = {p.key for p in rows if cl.procedure_item(p).department.unconfirmed}
    return tuple((i.name, i.department.name) for key, i in named.items() if key in unnamed)


def rename_template(session: Session, municipality_code: str, old: str, new: str) -> None:
    new = _clean_name(new)
    row = _find(session, municipality_code, old)
    if row is None:
        raise TemplateError(f"テンプレートが見つかりません: {old}")
    if new != old and _find(session, municipality_code, new) is not None:
        raise TemplateError(f"同じ名前のテンプレートがあります: {new}")
    row.name = new


def delete_template(session: Session, municipality_code: str, name: str) -> None:
    row = _find(session, municipality_code, name)
    if row is None:
        raise TemplateError(f"テンプレートが見つかりません: {name}")
    session.delete(row)


def load_template(session: Session, municipality_code: str, name: str) -> LoadedTemplate:
    """The template as a fresh checklist, with items rebuilt from today's directory."""
    row = _find(session, municipality_code, name)
    if row is None:
        raise TemplateError(f"テンプレートが見つかりません: {name}")
    muni = directory.find_municipality(session, municipality_code)
    items: list[cl.ChecklistItem] = []
    missing: list[str] = []
    for ref in row.items:
        item = _item(session, ref)
        if item is None:
            missing.append(ref.get("procedure") or ref.get("service") or "?")
        else:
            items.append(item)
    needs = cl.in_tree_order(session, row.needs)  # a template saved before: its needs as the tree lists them
    checklist = cl.Checklist(muni.code, muni.name, needs, tuple(row.circumstances))
    for item in items:  # add() puts a free line back into the department it was typed for
        checklist = checklist.add(item)
    # The places to contact are looked up again from today's directory, as for a fresh list: a
    # template keeps the needs, never the places (without this the paper had none).
    known = set(session.scalars(select(Need.key)))  # a need gone since (a hand-edited file) has no places
    live_needs = [k for k in needs if k in known]
    checklist = checklist.with_contacts(cl.contact_groups(session, muni.id, live_needs, row.circumstances or ()))
    # What a fresh proposal would say of the directory: its procedures and safety gaps (a template
    # keeps its items, so these are looked up, never saved).
    procedures_on_record, gaps = cl.on_record(session, muni.id, live_needs)
    checklist = dataclasses.replace(checklist, procedures_on_record=procedures_on_record, safety_not_on_record=gaps)
    return LoadedTemplate(checklist, tuple(missing))


def _item(session: Session, ref: dict[str, str]) -> cl.ChecklistItem | None:
    if "text" in ref:
        return cl.free_item(ref["text"], ref.get("department", ""))
    if "procedure" in ref:
        proc = session.scalar(select(Procedure).where(Procedure.key == ref["procedure"], Procedure.retired.is_(False)))
        return cl.procedure_item(proc) if proc else None
    if "service" in ref:
        try:
            item = cl.service_item(session, ref["service"])
        except NotFound:
            return None
        return item
    return None


def personal_detail_warnings(name: str, checklist: cl.Checklist) -> list[str]:
    """What in the template name or free-text lines looks like a client's details."""
    texts = [name] + [f"{i.department.name} {i.name}" for i in checklist.items if i.kind is cl.ItemKind.TEXT]
    found: list[str] = []
    for text in texts:
        for pattern, what in _PERSONAL:
            if pattern.search(text):
                found.append(f"{what}: 「{text}」")
    return found
