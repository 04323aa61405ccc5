"""The procedure checklist (手続きチェックシート): which procedures apply, where, in what order.

``propose`` picks the procedures for the client's situation; ``Checklist`` is the value the
counselor edits before printing (remove, add, reorder, a note for the client). A checklist holds
directory facts only — never the client's name, address or story.

Which procedures apply (documented rule, tested in tests/test_checklist.py):
- ``always`` procedures apply to every checklist;
- a procedure applies when one of its needs is *related* to a chosen need: the same need, a
  sub-need of it (choosing 子ども・子育て covers 就学・転校) or its parent category (a procedure
  filed under 子ども・子育て concerns every sub-need), but not a sibling (choosing 就学・転校
  does not bring in 児童手当);
- or when one of its circumstances is present; 未就学の子 and 学齢の子 also count as 子どもがいる;
- but a procedure only right in a circumstance needs that circumstance, whatever need it is filed
  under: a step of a move (phase 3 住所・住民票 naming 転入・転居・転出: 転入届, 転居届, the post
  office's 転居届) comes only with the move, never with 情報保護 alone; one naming a child
  (児童扶養手当 under 生活費 too) comes through a need only of 子ども・子育て or below it by the tree
  (a sub-need the administrator added is keyed national.need.…; it says she has a
  child), else with the child's circumstance. The 支援措置 request and the other phase-2 steps
  keep need OR circumstance;
- fail safe: with no need chosen (circumstances only, or nothing yet), the safety core — every
  phase-1 procedure (警察, 一時保護, 保護命令) — is kept; choosing 安全確保 or one of its
  sub-needs brings it through the needs. (The 住民票 支援措置 request is filed under 安全確保
  and 住まい as well as 情報保護 in the data, so choosing either brings it; a test holds both
  municipalities to that.)

Beside the procedures, ``contacts`` proposes for each chosen need the places she can contact:
the client services filed under that need or one of its sub-needs, each listed once, under the
first chosen need it answers; a sub-need of 安全確保 (一時保護・シェルター, 同行支援) adds the national
lines filed under 安全確保 itself (110, DV相談＋, #8008 …), so every safety paper carries them,
whatever the city (a new one with no records of its own printed #8778 alone).

Safe order: by phase (1 安全確保 → 2 情報保護, where the 住民票 支援措置 request sits, before
3 住所 and any change of address → 4 保険・年金 → …), then by the procedure's order. Items are
grouped by department; departments follow the position of their first item.

The checklist as a value (items, sections, the counselor's edits) is ``checklist_values``, the
places to contact ``checklist_places``; every name callers used is still importable from here.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

from dvdesk.domain.checklist_places import (
    CHILD_NEED,
    contact_groups,
    live_service_items,
    service_entries,
    service_item,
)
from dvdesk.domain.checklist_values import (
    CONFIRM_DEPARTMENT,
    LAST_PHASE,
    OTHER_DEPARTMENT,
    SAFETY_PHASE,
    Checklist,
    ChecklistItem,
    ContactGroup,
    Department,
    ItemKind,
    Section,
    UnknownKey,
    group,
    typed_clean,
)
from dvdesk.domain.checklist_values import note_clean as note_clean  # re-exported: the window and app call it
from dvdesk.domain.record_kinds import CHILD_CIRCUMSTANCES, CIRCUMSTANCES, Confidentiality

# The checklist's records are drawn by the desk's first window (through disclosure): the queries
# below import SQLAlchemy and the model when they run.
if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from dvdesk.domain.models import Procedure

# Every name callers import from here (the values were defined here once).
__all__ = [
    "CONFIRM_DEPARTMENT",
    "IMPLIED_CIRCUMSTANCES",
    "LAST_PHASE",
    "OTHER_DEPARTMENT",
    "SAFETY_CORE_NEEDS",
    "SAFETY_PHASE",
    "applies",
    "Checklist",
    "ChecklistItem",
    "contact_groups",
    "ContactGroup",
    "Department",
    "free_item",
    "group",
    "ItemKind",
    "on_record",
    "present_circumstances",
    "procedure_entries",
    "procedure_item",
    "propose",
    "related_needs",
    "Section",
    "service_entries",
    "safety_gaps",
    "service_item",
    "live_service_items",
    "UnknownKey",
]

# The safety core: the need each kind of phase-1 procedure is filed under (警察 under 安全確保,
# 一時保護 under 一時保護・シェルター, 保護命令 under 保護命令), from the most general to the most
# specific. A situation that calls for one of them where no procedure on record stands for it is
# told so (``Checklist.safety_not_on_record``).
SAFETY_CORE_NEEDS = ("safety", "safety.shelter", "protection_order")

# Procedures only right in a circumstance (``_by_need``): a 住所・住民票 step naming a move, and
# anything naming a child, whose needs (情報保護, 生活費 …) do not say she moves or has a child.
ADDRESS_PHASE = 3
MOVES = frozenset({"moving_in", "moving_within", "moving_out"})

# A circumstance that implies others (a school-age child is a child).
IMPLIED_CIRCUMSTANCES: dict[str, tuple[str, ...]] = {
    "preschool": ("children",),
    "school": ("children",),
}


# --- from the directory --------------------------------------------------------------------


def in_tree_order(session: Session, keys: Iterable[str]) -> tuple[str, ...]:
    """The chosen needs in the order the need tree shows them to the counselor (a category, then
    its sub-needs, each by its sort order), once each: the order of the 相談できるところ sections
    and of the needs named on the list. A key the tree does not hold stays, at the end."""
    from sqlalchemy import select

    from dvdesk.domain.models import Need

    rows = session.execute(select(Need.id, Need.key, Need.parent_id).order_by(Need.sort_order, Need.id)).all()
    ids = {need_id for need_id, _, _ in rows}
    children: dict[int | None, list[tuple[int, str]]] = {}
    for need_id, key, parent_id in rows:  # a parent that is gone (a hand-edited file): a top row
        children.setdefault(parent_id if parent_id in ids else None, []).append((need_id, key))
    position: dict[str, int] = {}
    stack = list(reversed(children.get(None, [])))
    while stack:
        need_id, key = stack.pop()
        if key in position:  # a parent loop ends the walk
            continue
        position[key] = len(position)
        stack += reversed(children.get(need_id, []))
    wanted = list(dict.fromkeys(keys))
    return tuple(sorted(wanted, key=lambda k: (k not in position, position.get(k, 0), wanted.index(k))))


def needs_under(session: Session, ancestor: str) -> frozenset[str]:
    """The needs below ``ancestor`` in the tree, at any depth (a parent loop ends the walk)."""
    from sqlalchemy import select

    from dvdesk.domain.models import Need

    rows = session.execute(select(Need.id, Need.key, Need.parent_id)).all()
    kids: dict[int | None, list[tuple[int, str]]] = {}
    for need_id, key, parent_id in rows:
        kids.setdefault(parent_id, []).append((need_id, key))
    found: set[str] = set()
    stack = [need_id for need_id, key, _ in rows if key == ancestor]
    while stack:
        for need_id, key in kids.get(stack.pop(), []):
            if key not in found and key != ancestor:
                found.add(key)
                stack.append(need_id)
    return frozenset(found)


def related_needs(session: Session, chosen: Iterable[str]) -> set[str]:
    """The chosen needs with their sub-needs and parent categories (see module doc)."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from dvdesk.domain.models import Need

    needs = {n.key: n for n in session.scalars(select(Need).options(selectinload(Need.parent)))}
    chosen = set(chosen)
    unknown = sorted(chosen - needs.keys())
    if unknown:
        raise UnknownKey(f"ニーズ分類が見つかりません: {', '.join(unknown)}")
    parent = {k: n.parent.key if n.parent else None for k, n in needs.items()}

    def ancestors(key: str) -> set[str]:
        found: set[str] = set()
        step = parent[key]
        while step is not None and step not in found:
            found.add(step)  # a parent loop (an old backup, a hand-edited file) ends the walk
            step = parent[step]
        return found

    related = set(chosen)
    for key in needs:
        line = ancestors(key)
        if key in chosen:
            related |= line
        elif line & chosen:
            related.add(key)
    return related


def present_circumstances(keys: Iterable[str]) -> set[str]:
    keys = set(keys)
    unknown = sorted(keys - CIRCUMSTANCES.keys())
    if unknown:
        raise UnknownKey(f"状況のキーが見つかりません: {', '.join(unknown)}")
    for key in list(keys):
        keys.update(IMPLIED_CIRCUMSTANCES.get(key, ()))
    return keys


def _procedures(session: Session, municipality_id: int) -> list[Procedure]:
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from dvdesk.domain.models import Organization, Procedure

    stmt = (
        select(Procedure)
        .where(
            Procedure.retired.is_(False),
            (Procedure.municipality_id == municipality_id) | Procedure.municipality_id.is_(None),
        )
        .options(
            selectinload(Procedure.needs),
            selectinload(Procedure.organization).selectinload(Organization.contacts),
            selectinload(Procedure.organization).selectinload(Organization.parent),
            selectinload(Procedure.organization).selectinload(Organization.municipality),
        )
    )
    return list(session.scalars(stmt))


def procedure_item(proc: Procedure) -> ChecklistItem:
    return ChecklistItem(
        kind=ItemKind.PROCEDURE,
        key=proc.key,
        name=proc.name,
        department=Department.of(
            None if proc.department_unconfirmed else proc.organization,
            proc.department_hint,
            proc.department_unconfirmed,
        ),
        discreet_name=proc.discreet_name,
        discreet_line=proc.discreet_line,
        description=proc.description,
        what_to_bring=tuple(proc.what_to_bring or ()),
        caution=proc.caution,
        staff_note=proc.staff_note,
        source=proc.source,
        confidentiality=Confidentiality.PUBLIC,
        phase=proc.phase,
        order=proc.sort_order,
    )


def applies(proc: Procedure, needs: set[str], circumstances: set[str], child_needs: Collection[str] = ()) -> bool:
    """``child_needs``: the needs below 子ども・子育て by the tree (``needs_under``), whatever their key."""
    return (
        proc.always
        or _by_need(proc, needs, child_needs)
        or any(c in circumstances for c in (proc.circumstances or ()))
        or (not needs and proc.phase == SAFETY_PHASE)
    )  # fail safe: see the module doc


def _by_need(proc: Procedure, needs: set[str], child_needs: Collection[str] = ()) -> bool:
    """Whether a chosen need (with its relatives) brings ``proc``, save where it is only right in a
    circumstance the need does not tell (see the module doc: a move, a child)."""
    named = set(proc.circumstances or ())
    if proc.phase == ADDRESS_PHASE and named & MOVES:
        return False  # a step of a move (転入届, 転居届 …): only with the move
    filed = {n.key for n in proc.needs} & needs
    if named & CHILD_CIRCUMSTANCES:  # about her child: a need of 子ども・子育て says she has one
        # by key or by the tree: a sub-need the administrator added is keyed national.need.…
        filed = {k for k in filed if k == CHILD_NEED or k.startswith(CHILD_NEED + ".") or k in child_needs}
    return bool(filed)


def propose(
    session: Session, municipality: str, need_keys: Iterable[str] = (), circumstance_keys: Iterable[str] = ()
) -> Checklist:
    """The procedures that apply in ``municipality`` (code or name), grouped and in safe order,
    and the places to contact for each chosen need."""
    from dvdesk.domain.directory import find_municipality

    muni = find_municipality(session, municipality)
    need_keys, circumstance_keys = in_tree_order(session, need_keys), tuple(circumstance_keys)
    needs = related_needs(session, need_keys)
    circumstances = present_circumstances(circumstance_keys)
    procedures = _procedures(session, muni.id)
    child_needs = needs_under(session, CHILD_NEED)
    chosen = [procedure_item(p) for p in procedures if applies(p, needs, circumstances, child_needs)]
    chosen.sort(key=lambda i: i.sort_key)
    on_record, gaps = _on_record(session, muni.id, needs, procedures)
    checklist = Checklist(
        muni.code,
        muni.name,
        need_keys,
        circumstance_keys,
        group(chosen),
        procedures_on_record=on_record,
        safety_not_on_record=gaps,
    )
    return checklist.with_contacts(contact_groups(session, muni.id, need_keys, circumstances))


def safety_gaps(session: Session, related: set[str], procedures: Iterable[Procedure]) -> tuple[tuple[str, str], ...]:
    """The safety needs the situation calls for (``related``: the chosen needs with their
    relatives; none chosen is the fail-safe case) that no phase-1 procedure of ``procedures``
    stands for (``_core_need``), as (key, 日本語 label) in SAFETY_CORE_NEEDS order. A need the tree
    does not hold is not named."""
    from sqlalchemy import select

    from dvdesk.domain.models import Need

    if not related or SAFETY_CORE_NEEDS[0] in related:
        wanted = list(SAFETY_CORE_NEEDS)  # 安全確保 (or nothing chosen) brings the whole core
    else:
        wanted = [k for k in SAFETY_CORE_NEEDS if k in related]
    filed = {_core_need(p) for p in procedures if not p.retired and p.phase == SAFETY_PHASE}
    missing = [k for k in wanted if k not in filed]
    if not missing:
        return ()
    rows = session.execute(select(Need.key, Need.label_ja).where(Need.key.in_(missing)))
    labels = {key: label for key, label in rows}
    return tuple((k, labels[k]) for k in missing if k in labels)


def _core_need(proc: Procedure) -> str:
    """The safety-core need a phase-1 procedure stands for: the most specific one it is filed
    under (保護命令 is filed under 安全確保 too, and 一時保護 under both 安全確保 and its sub-need,
    yet neither is the police procedure); "" for one filed under none. Later phases (the 支援措置
    request, filed under 安全確保 as well) never stand for the core."""
    keys = {n.key for n in proc.needs}
    return next((k for k in reversed(SAFETY_CORE_NEEDS) if k in keys), "")


def on_record(
    session: Session, municipality_id: int, need_keys: Iterable[str]
) -> tuple[bool, tuple[tuple[str, str], ...]]:
    """What ``propose`` says of the directory for a list it did not make (a template loaded):
    whether the municipality has procedures of its own on record, and its ``safety_gaps``."""
    return _on_record(
        session, municipality_id, related_needs(session, need_keys), _procedures(session, municipality_id)
    )


def _on_record(
    session: Session, municipality_id: int, related: set[str], procedures: list[Procedure]
) -> tuple[bool, tuple[tuple[str, str], ...]]:
    # National procedures alone are not hers; where she has none, the list says that instead of gaps.
    own = any(p.municipality_id == municipality_id for p in procedures)
    return own, safety_gaps(session, related, procedures) if own else ()


def procedure_entries(session: Session, municipality_code: str) -> list[ChecklistItem]:
    """Every procedure that could be added by hand, in safe order."""
    from dvdesk.domain.directory import find_municipality

    muni = find_municipality(session, municipality_code)
    return sorted((procedure_item(p) for p in _procedures(session, muni.id)), key=lambda i: i.sort_key)


def free_item(text: str, department: str = "") -> ChecklistItem:
    """A line the counselor types herself; it is printed as she wrote it (filtered like the rest)."""
    text = " ".join(text.split())
    if not text:
        raise ValueError("空の項目は追加できません。")
    typed_clean("自由記入の項目", text)
    typed_clean("窓口", department)
    return ChecklistItem(kind=ItemKind.TEXT, key="", name=text, department=Department.of(None, department))
