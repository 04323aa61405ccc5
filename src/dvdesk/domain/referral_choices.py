"""What the new-referral form offers: the client services and departments of a municipality."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from dvdesk.domain.models import Municipality, Need, Service, ServiceKind


@dataclass(frozen=True)
class ServiceChoice:
    id: int
    name: str
    department: str
    need_keys: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.name} — {self.department}" if self.department else self.name

    def matches(self, chosen: set[str]) -> bool:
        """Serves one of the chosen needs, a sub-need of one, or the category one belongs to."""
        return any(k == c or k.startswith(c + ".") or c.startswith(k + ".") for k in self.need_keys for c in chosen)


def service_choices(session: Session, municipality_code: str | None) -> list[ServiceChoice]:
    """Services a client can use in the municipality (and national ones), by department then name."""
    stmt = (
        select(Service)
        .where(Service.kind == ServiceKind.CLIENT, Service.retired.is_(False))
        .options(selectinload(Service.organization), selectinload(Service.needs))
    )
    if municipality_code:
        stmt = stmt.outerjoin(Municipality, Municipality.id == Service.municipality_id).where(
            (Municipality.code == municipality_code) | Service.municipality_id.is_(None)
        )
    choices = [
        ServiceChoice(s.id, s.name, s.organization.name if s.organization else "", tuple(n.key for n in s.needs))
        for s in session.scalars(stmt)
    ]
    return sorted(choices, key=lambda c: (c.department == "", c.department, c.name))


def need_choices(session: Session) -> list[tuple[str, str, int]]:
    """(key, label, depth) in taxonomy order: sub-needs follow their category."""
    needs = list(session.scalars(select(Need).where(Need.retired.is_(False)).order_by(Need.sort_order)))
    children: dict[int | None, list[Need]] = {}
    for n in needs:
        children.setdefault(n.parent_id, []).append(n)
    out: list[tuple[str, str, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for n in children.get(parent, []):
            out.append((n.key, n.label_ja, depth))
            walk(n.id, depth + 1)

    walk(None, 0)
    return out
