"""What a referral slip (連絡票) records in the log: the needs of its own items, and a later
correction of how the consultation took place.

A slip goes to one department of the checklist, so its referral is counted under the needs that
department's items are filed under (a procedure's or a service's needs in the directory), not
under every need of the checklist: a slip to 子ども・子育て課 is not a referral for 一時保護, and
five slips from one list do not count each need five times. Item by item, the needs the
counselor chose for this client are kept when there are any (a procedure filed under
児童扶養手当 and 生活費 counts under 生活費 only when she chose it), else the chosen need above its
own (児童手当 under 子ども when she chose 子ども); an item the circumstances brought in, filed under
needs she did not choose nor below one, keeps its own, also beside items she chose (転入届 beside
離婚届の不受理申出 on a slip to 市民課). Typed lines have no needs: a
slip of them alone is counted as 未分類, never under a need it did not address.

The slip's 相談方法 and DV describe the consultation, so when she changes them after a slip was
recorded, ``correct_slip`` changes the logged referral to match (what the window shows is what
is counted).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from dvdesk.domain.casework_models import Channel, Referral
from dvdesk.domain.models import Need, Procedure, Service

if TYPE_CHECKING:  # checklist imports the referral modules
    from dvdesk.domain.checklist import Section
    from dvdesk.domain.referrals import ReferralView


def slip_needs(session: Session, section: Section, chosen: Iterable[str] = ()) -> list[str]:
    """The need keys a slip to ``section`` is counted under, in the taxonomy's order."""
    from dvdesk.domain.checklist import ItemKind

    procedures = [i.key for i in section.items if i.kind is ItemKind.PROCEDURE]
    services = [i.key for i in section.items if i.kind is ItemKind.SERVICE]
    filed: list[set[str]] = []  # each item's needs
    if procedures:
        found = session.scalars(
            select(Procedure).where(Procedure.key.in_(procedures)).options(selectinload(Procedure.needs))
        )
        filed += [{n.key for n in p.needs} for p in found]
    if services:
        offered = session.scalars(select(Service).where(Service.key.in_(services)).options(selectinload(Service.needs)))
        filed += [{n.key for n in s.needs} for s in offered]
    rows = session.execute(select(Need.id, Need.key, Need.parent_id, Need.sort_order)).all()
    key_of = {need_id: key for need_id, key, _, _ in rows}
    parent = {key: key_of.get(parent_id) if parent_id is not None else None for _, key, parent_id, _ in rows}
    order = {key: sort_order for _, key, _, sort_order in rows}
    picked = set(chosen)
    wanted: set[str] = set()
    for needs in filed:  # item by item: the needs she chose it under, else the one above, else its own
        above = {a for k in needs if (a := _chosen_above(k, picked, parent)) is not None}
        wanted |= (needs & picked) or above or needs
    return sorted(wanted, key=lambda k: (order.get(k, 0), k))


def _chosen_above(key: str, chosen: set[str], parent: dict[str, str | None]) -> str | None:
    """The nearest chosen need above ``key`` (児童手当's 子ども when she chose 子ども), if any; the walk
    stops at a repeat."""
    seen = {key}
    current = parent.get(key)
    while current is not None and current not in seen:
        if current in chosen:
            return current
        seen.add(current)
        current = parent.get(current)
    return None


def correct_slip(session: Session, referral_id: int, channel: Channel | str, dv: bool) -> ReferralView:
    """Set a recorded referral's 相談方法 and DV to what the slip now says."""
    from dvdesk.domain.referral_conflicts import flushed
    from dvdesk.domain.referrals import ReferralError, ReferralGone, ReferralView

    referral = session.get(Referral, referral_id, options=[selectinload(Referral.needs)])
    if referral is None:
        raise ReferralGone(f"紹介記録が見つかりません（ID: {referral_id}）。削除された可能性があります。")
    try:
        referral.channel = Channel(channel)
    except ValueError:
        raise ReferralError(f"相談方法が正しくありません: {channel}") from None
    referral.dv = bool(dv)
    flushed(session, referral)  # another desk's step at the same moment: ReferralConflict, in words
    return ReferralView.of(referral)
