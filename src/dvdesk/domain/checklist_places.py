"""The places she can contact on a checklist (相談できるところ): for each chosen need, the client
services filed under it or one of its sub-needs, each listed once, under the first chosen need it
answers; a sub-need of 安全確保 (一時保護・シェルター, 同行支援), 保護命令 and ストーカー add the
national lines filed under 安全確保 itself (110, DV相談＋, #8008 …), so every safety paper carries
them whatever the city (a new city with no records of its own printed #8778 alone). A child's safety
line — a service filed under both 安全確保 and 子ども・子育て (189, a city's 同伴する子どもの保護) — is
listed only when the paper names a child (a need of 子ども・子育て chosen, or a child circumstance), as a
procedure about a child is (``checklist._by_need``): h14's tryout gave every client fleeing alone, and the
discreet copy of one with no child, the child-abuse line. So is a place that names a child circumstance
(its 該当する事情: 母子家庭等自立支援給付金, 同伴児の一時預かり, ひとり親家庭相談 …), whatever adult need
(生活費, 就労) it is filed under as well: h16 found five such places on a 高岡市 paper with no child. The
need tree alone cannot tell them (証明書 and 離婚講座 are filed the same way and are for her). Also a service
as a checklist item, and the services a counselor may add by hand. Split from ``checklist`` (which
re-exports every name).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from dvdesk.domain.checklist_values import ChecklistItem, ContactGroup, Department, ItemKind, UnknownKey
from dvdesk.domain.directory_views import NotFound, ServiceDetail
from dvdesk.domain.record_kinds import CHILD_CIRCUMSTANCES, ServiceKind

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from dvdesk.domain.models import Need

SAFETY_NEED = "safety"  # 安全確保・緊急避難, the category of the safety needs
# Needs outside 安全確保 whose paper still carries its national lines: a protection-order application
# is sent to the abuser (DOMAIN.md), and a stalked client may be in danger tonight.
DANGER_NEEDS = frozenset({"protection_order", "stalking"})
CHILD_NEED = "children"  # 子ども・子育て, the category of the child needs


def contact_groups(
    session: Session, municipality_id: int, need_keys: Iterable[str], circumstance_keys: Iterable[str]
) -> list[ContactGroup]:
    """For each chosen need, the client services of that need or its sub-needs (each once); a
    child's safety line or a place naming a child circumstance only when a child need or a child
    circumstance is chosen (module doc)."""
    from sqlalchemy import select

    from dvdesk.domain.directory import details
    from dvdesk.domain.models import Need, Service, service_needs

    needs = {n.key: n for n in session.scalars(select(Need))}
    by_id = {n.id: n for n in needs.values()}
    children: dict[str, set[str]] = {}
    for n in needs.values():
        if n.parent_id is not None:
            children.setdefault(by_id[n.parent_id].key, set()).add(n.key)
    chosen = list(dict.fromkeys(need_keys))
    unknown = [k for k in chosen if k not in needs]
    if unknown:
        raise UnknownKey(f"ニーズ分類が見つかりません: {', '.join(unknown)}")
    wanted = {k: {k, *children.get(k, ())} for k in chosen}
    # A sub-need of 安全確保 (一時保護・シェルター, 同行支援) also lists the national lines filed under
    # 安全確保 itself (110, DV相談＋, #8008, #9110 …): every safety paper carries them, whatever the city.
    safety = [k for k in chosen if k in DANGER_NEEDS or (k != SAFETY_NEED and _under(needs, by_id, k, SAFETY_NEED))]
    ids = [needs[k].id for keys in wanted.values() for k in keys]
    if safety:
        ids.append(needs[SAFETY_NEED].id)
    if not ids:
        return []
    # Only the services filed under a wanted need are loaded (a national directory is large).
    stmt = (
        select(Service)
        .where(
            Service.retired.is_(False),
            Service.kind == ServiceKind.CLIENT,
            (Service.municipality_id == municipality_id) | Service.municipality_id.is_(None),
            Service.id.in_(select(service_needs.c.service_id).where(service_needs.c.need_id.in_(ids))),
        )
        .order_by(Service.municipality_id.is_(None), Service.id)
    )
    services = details(session, stmt)
    has_child = bool(set(circumstance_keys) & CHILD_CIRCUMSTANCES) or any(
        k == CHILD_NEED or _under(needs, by_id, k, CHILD_NEED) for k in chosen
    )
    if not has_child:  # a child's safety line (189 …) or a place for a child only on a paper that names a child
        services = [d for d in services if not (_child_safety_line(needs, by_id, d) or _names_a_child(d))]
    seen: set[str] = set()
    groups = []
    for key in chosen:
        filed = [d for d in services if wanted[key] & {k for k, _, _ in d.needs}]
        if key in safety:  # then the national safety lines not filed under this need
            filed += [d for d in services if d not in filed and _national_safety_line(d)]
        found = [d for d in filed if d.key not in seen]
        seen.update(d.key for d in found)
        if filed and not found:
            continue  # every place of this need is listed under an earlier one
        # A need with no place on record keeps its (empty) group: the paper says so, never silence.
        groups.append(ContactGroup(key, needs[key].label_ja, tuple(service_item_of(d) for d in found)))
    return groups


def _under(needs: dict[str, Need], by_id: dict[int, Need], key: str, ancestor: str) -> bool:
    """Whether need ``key`` is below ``ancestor`` in the tree (a parent loop ends the walk)."""
    seen: set[int] = set()
    parent_id = needs[key].parent_id
    while parent_id is not None and parent_id in by_id and parent_id not in seen:
        seen.add(parent_id)
        if by_id[parent_id].key == ancestor:
            return True
        parent_id = by_id[parent_id].parent_id
    return False


def _child_safety_line(needs: dict[str, Need], by_id: dict[int, Need], d: ServiceDetail) -> bool:
    """Filed under 安全確保 (or below) and under 子ども・子育て (or below): the child's safety."""

    def under(key: str, category: str) -> bool:
        return key == category or (key in needs and _under(needs, by_id, key, category))

    filed = [k for k, _, _ in d.needs]
    return any(under(k, SAFETY_NEED) for k in filed) and any(under(k, CHILD_NEED) for k in filed)


def _names_a_child(d: ServiceDetail) -> bool:
    """Its 該当する事情 say it is for a client with a child (子どもがいる, 未就学…, 小中学校…)."""
    return bool(CHILD_CIRCUMSTANCES.intersection(d.circumstances))


def _national_safety_line(d: ServiceDetail) -> bool:
    return not d.municipality_code and any(k == SAFETY_NEED for k, _, _ in d.needs)


def service_item(session: Session, ref: int | str) -> ChecklistItem:
    from dvdesk.domain.directory import service_detail

    d = service_detail(session, ref)
    if d.retired:
        raise NotFound(f"service {ref}")
    return service_item_of(d)


def live_service_items(session: Session) -> list[ChecklistItem]:
    """Every live service as ``service_item`` builds it, loaded in one go (not one lookup per key:
    ~20 ms each on the shipped directory)."""
    from sqlalchemy import select

    from dvdesk.domain.directory import details
    from dvdesk.domain.models import Service

    return [service_item_of(d) for d in details(session, select(Service).where(Service.retired.is_(False)))]


def service_item_of(d: ServiceDetail) -> ChecklistItem:
    p = d.provider
    department = Department(p.key, p.name, p.discreet_name, p) if p else Department.of(None)
    return ChecklistItem(
        kind=ItemKind.SERVICE,
        key=d.key,
        name=d.name,
        discreet_name=d.discreet_name,
        discreet_line=d.discreet_line,
        department=department,
        description=d.description,
        what_to_bring=(d.what_to_bring,) if d.what_to_bring else (),
        caution="",
        phone=d.phone,
        hours=d.schedule,
        location=d.location,
        location_confidentiality=d.location_confidentiality,
        confidentiality=d.confidentiality,
        staff_note=d.staff_note,
        source=d.provenance.source,
        shelter=d.shelter,
    )


def service_entries(session: Session, municipality_code: str) -> list[tuple[str, str]]:
    """(key, name) of the services a client can use there, for the 'add from directory' list."""
    from sqlalchemy import select

    from dvdesk.domain.directory import find_municipality
    from dvdesk.domain.models import Service

    muni = find_municipality(session, municipality_code)
    stmt = (
        select(Service.key, Service.name)
        .where(
            Service.retired.is_(False),
            Service.kind == ServiceKind.CLIENT,
            (Service.municipality_id == muni.id) | Service.municipality_id.is_(None),
        )
        .order_by(Service.municipality_id.is_(None), Service.name)
    )
    return [(k, n) for k, n in session.execute(stmt)]
