"""The links a plan's write takes from records it does not write: a measure (取組) the plan no
longer holds is deleted with its rows in ``service_initiatives`` and ``initiative_departments``,
so the services that named it and the departments in charge of it lose that link without being
written themselves. ``lost_links`` lists them (the record, its name, its links before and after)
for the previews (``sync.plan_changes``) and the editor to say, and for the apply to record in
the history of each record (``history``): nothing is unlinked without a word.

A service's row is its real field (計画の取組), so undo puts it back once the measure is back;
a department holds no such field (the measure holds its departments), so its row is a note
(``LINK_PATH``) that undo restores with the plan's edit, never alone (``admin.editing``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvdesk.admin.diff import FieldChange
from dvdesk.admin.kinds import LINK_PATH, LINK_PATH_LABEL, SERVICE, Kind
from dvdesk.admin.records import Snapshot
from dvdesk.domain import measure_pairing
from dvdesk.domain.models import Initiative, Organization, Plan, Service, initiative_departments, service_initiatives


@dataclass(frozen=True)
class LostLink:
    kind: str  # "service" or "organization"
    key: str
    title: str
    change: FieldChange  # the record's links to measures, before and after
    measures: tuple[str, ...] = ()  # the measures it loses, named (「取組1 相談」)
    moves: tuple[str, ...] = ()  # the measures it names that a new edition renumbers (「取組2 → 取組3「保育」」)

    def sentence(self) -> str:
        """One line for the administrator, in Japanese."""
        what = "サービス" if self.kind == "service" else "担当部署"
        said = []
        if self.measures:
            named = "、".join(f"「{m}」" for m in self.measures)
            said.append(f"取組{named}との紐付けが外れます")
        if self.moves:
            said.append(f"取組の番号が変わります（{'、'.join(self.moves)}。紐付けは同じ取組のままです）")
        return f"{what}「{self.title}」（{self.key}）: " + "。".join(said)


def dropped(old: Snapshot | None, new: Snapshot) -> dict[str, str]:
    """The measures a plan's new snapshot no longer holds: "plan#number" -> its label and title.
    A measure renumbered by a new edition is still held (``measure_pairing``): see ``moved``."""
    if old is None:
        return {}
    pairs = _pairing(old, new).pairs
    return {
        f"{old['key']}#{i['number']}": f"{i.get('label', '')} {i.get('title', '')}".strip()
        for i in old.get("initiatives") or ()
        if i["number"] not in pairs
    }


def moved(old: Snapshot | None, new: Snapshot) -> dict[str, tuple[str, str]]:
    """The measures a new edition renumbers: "plan#old" -> ("plan#new", 「取組2 → 取組3「保育」」):
    their links follow them."""
    if old is None:
        return {}
    was = {i["number"]: i for i in old.get("initiatives") or ()}
    now = {i["number"]: i for i in new.get("initiatives", old.get("initiatives")) or ()}
    out = {}
    for a, b in _pairing(old, new).renumbered.items():
        said = f"{was[a].get('label') or a} → {now[b].get('label') or b}「{now[b].get('title', '')}」"
        out[f"{old['key']}#{a}"] = (f"{old['key']}#{b}", said)
    return out


def paired_changes(kind: Kind, old: Snapshot, new: Snapshot, changes: Sequence[FieldChange]) -> tuple[FieldChange, ...]:
    """A plan's ``changes`` as the administrator reads them when a new edition renumbers its
    measures: each measure against itself (its number, its text), a new one added, a removed one
    removed — not each place against the measure that took it (「取組2 題名: 保育 → 就労」 read as 保育
    retitled). () when nothing was renumbered: the changes place by place say it. Shown only; the
    history keeps the changes place by place, which its undo puts back."""
    if not moved(old, new):
        return ()
    olds, news = old.get("initiatives") or [], new.get("initiatives") or []
    pairs, at = _pairing(old, new).pairs, {item["number"]: j for j, item in enumerate(news)}
    items = kind.field("initiatives").items
    out = [c for c in changes if c.path.split(".")[0] != "initiatives"]

    def change(path: str, before: object, after: object) -> None:
        out.append(FieldChange(path, kind.label_of(path), before, after))

    for n, item in enumerate(olds):
        if item["number"] not in pairs:
            change(f"initiatives.{n}", item, None)
            continue
        j = at[pairs[item["number"]]]
        for sub in items:
            if item.get(sub.name) != news[j].get(sub.name):
                change(f"initiatives.{j}.{sub.name}", item.get(sub.name), news[j].get(sub.name))
    for j, item in enumerate(news):
        if item["number"] not in pairs.values():
            change(f"initiatives.{j}", None, item)
    return tuple(out)


def _pairing(old: Snapshot, new: Snapshot) -> measure_pairing.Pairing:
    return measure_pairing.pair(old.get("initiatives") or (), new.get("initiatives", old.get("initiatives")) or ())


def lost_links(
    session: Session, plans: Iterable[tuple[Snapshot | None, Snapshot]], written: Set[tuple[str, str]] = frozenset()
) -> list[LostLink]:
    """Each service (not in ``written``, the (kind, key) of the records the same write brings: its
    own change says it) and each department that loses a link when ``plans`` (old, new) are written."""
    gone: dict[str, str] = {}
    renumbered: dict[str, tuple[str, str]] = {}
    for was, now in plans:
        gone.update(dropped(was, now))
        renumbered.update(moved(was, now))
    if not gone and not renumbered:
        return []
    plan_keys = sorted({g.rpartition("#")[0] for g in (*gone, *renumbered)})
    measure = Plan.key + "#" + Initiative.number
    out: list[LostLink] = []
    for kind, model, link, own, label in (
        ("service", Service, service_initiatives, service_initiatives.c.service_id, SERVICE.field("initiatives").label),
        ("organization", Organization, initiative_departments, initiative_departments.c.organization_id, None),
    ):
        hit = (
            select(own)
            .join(Initiative, Initiative.id == link.c.initiative_id)
            .join(Plan, Plan.id == Initiative.plan_id)
            .where(Plan.key.in_(plan_keys), measure.in_(sorted({*gone, *renumbered})))
        )
        rows = session.execute(
            select(model.key, model.name, measure)
            .select_from(link)
            .join(model, model.id == own)
            .join(Initiative, Initiative.id == link.c.initiative_id)
            .join(Plan, Plan.id == Initiative.plan_id)
            .where(own.in_(hit))
        )
        linked: dict[str, tuple[str, list[str]]] = {}
        for key, name, ref in rows:
            linked.setdefault(key, (name, []))[1].append(ref)
        for key, (name, refs) in sorted(linked.items()):
            if (kind, key) in written:
                continue
            before = sorted(refs)
            measures = tuple(gone[r] or r for r in before if r in gone)
            moves = tuple(renumbered[r][1] for r in before if r in renumbered)
            # A lost link's row keeps the old numbers: undoing the whole edit puts the plan (and
            # its numbers) back first. A renumbering alone loses nothing: said, in no history.
            after = (
                [r for r in before if r not in gone]
                if measures
                else sorted(renumbered.get(r, (r, ""))[0] for r in before)
            )
            path, shown = ("initiatives", label) if label else (LINK_PATH, LINK_PATH_LABEL)
            out.append(LostLink(kind, key, name or "", FieldChange(path, shown, before, after), measures, moves))
    return out
