"""Bringing a set of incoming records into the directory: first what would change, then all of it.

Packages, spreadsheets and HSDS files all end here. ``plan_changes`` only reads: it compares
each incoming snapshot with the record of the same key and lists added, changed, retired and
restored records field by field. ``apply_changes`` writes them inside the caller's transaction,
records every changed field in the history and re-indexes the services it touched
(``index_scope``; the whole search index only when that is quicker or has to be). Records the
incoming set does not mention are left alone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvdesk.admin import bulk, history, index_scope
from dvdesk.admin.diff import FieldChange, field_changes
from dvdesk.admin.history import Edit
from dvdesk.admin.kinds import KINDS, Field, Kind
from dvdesk.admin.records import RecordError, Snapshot, Writer, every, snapshot
from dvdesk.domain.models import Synonym
from dvdesk.domain.translatable import N_
from dvdesk.storage import search_index, vocabulary

ADDED, CHANGED, RETIRED, RESTORED = "added", "changed", "retired", "restored"
ACTION_LABELS = {
    ADDED: N_("AdminLabels", "追加"),
    CHANGED: N_("AdminLabels", "変更"),
    RETIRED: N_("AdminLabels", "廃止"),
    RESTORED: N_("AdminLabels", "復元"),
}
SYNONYM = "synonym"
SYNONYM_LABEL, TERMS_LABEL = N_("AdminLabels", "同義語"), N_("AdminLabels", "語")

Incoming = dict[str, list[Snapshot]]  # kind name -> snapshots, kinds in any order


@dataclass(frozen=True)
class RecordDiff:
    kind: str
    key: str
    title: str
    action: str
    changes: tuple[FieldChange, ...]

    @property
    def kind_label(self) -> str:
        if self.kind in KINDS:
            return KINDS[self.kind].label
        return {"translation": "翻訳"}.get(self.kind, SYNONYM_LABEL)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]


@dataclass(frozen=True)
class ChangePlan:
    diffs: tuple[RecordDiff, ...]
    unchanged: int
    counts: dict[str, int] = field(default_factory=dict)
    index: str = ""  # after writing: "" or why the whole search index was rebuilt (Japanese)

    @classmethod
    def of(cls, diffs: list[RecordDiff], unchanged: int) -> ChangePlan:
        counts = {a: sum(1 for d in diffs if d.action == a) for a in ACTION_LABELS}
        return cls(tuple(diffs), unchanged, counts)

    @property
    def empty(self) -> bool:
        return not self.diffs

    def summary(self) -> str:
        parts = [f"{ACTION_LABELS[a]} {n}件" for a, n in self.counts.items() if n]
        said = "、".join(parts + [f"変更なし {self.unchanged}件"])
        return f"{said}（{self.index}）" if self.index else said


def _action(old: Snapshot | None, new: Snapshot) -> str:
    if old is None:
        return ADDED
    if new.get("retired") and not old.get("retired"):
        return RETIRED
    if old.get("retired") and not new.get("retired"):
        return RESTORED
    return CHANGED


def _current(session: Session, kind: Kind) -> dict[str, Snapshot]:
    return {getattr(o, kind.key_attr): snapshot(kind, o) for o in session.scalars(every(kind))}


def _current_synonyms(session: Session) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for s in session.scalars(select(Synonym).order_by(Synonym.id)):
        groups.setdefault(s.group_key, []).append(s.term)
    return groups


def plan_changes(session: Session, incoming: Incoming, synonyms: dict[str, list[str]] | None = None) -> ChangePlan:
    diffs: list[RecordDiff] = []
    unchanged = 0
    if synonyms:
        synonyms = vocabulary.with_shipped(synonyms, _current_synonyms(session))
    for name, kind in KINDS.items():
        records = incoming.get(name, [])
        if not records:
            continue
        current = _current(session, kind)
        for snap in records:
            old = current.get(snap["key"])
            changes = field_changes(kind, old, snap)
            if old is not None and not changes:
                unchanged += 1
                continue
            title = str(snap.get(kind.title_field) or (old or {}).get(kind.title_field, ""))
            diffs.append(RecordDiff(name, snap["key"], title, _action(old, snap), tuple(changes)))
    if synonyms:
        current_groups = _current_synonyms(session)
        for group, terms in sorted(synonyms.items()):
            old_terms = current_groups.get(group)
            if old_terms == terms:
                unchanged += 1
                continue
            diffs.append(
                RecordDiff(
                    SYNONYM,
                    group,
                    "・".join(terms),
                    ADDED if old_terms is None else CHANGED,
                    (FieldChange("terms", TERMS_LABEL, old_terms, terms),),
                )
            )
    return ChangePlan.of(diffs, unchanged)


def check_references(session: Session, incoming: Incoming) -> list[str]:
    """References that point at nothing in the incoming set nor in the directory."""
    known = {(name, s["key"]) for name, records in incoming.items() for s in records}
    known |= {
        ("initiative", f"{p['key']}#{i['number']}") for p in incoming.get("plan", []) for i in p.get("initiatives", [])
    }
    writer = Writer(session)
    problems = []
    for name, records in incoming.items():
        kind = KINDS[name]
        for snap in records:
            for f, keys in _refs(kind, snap):
                for key in keys:
                    if key and (f.target, key) not in known and not _in_db(writer, f.target, key):
                        problems.append(f"{kind.label}「{snap['key']}」の「{f.label}」: 「{key}」が見つかりません")
    return problems


def _refs(kind: Kind, snap: Snapshot) -> Iterator[tuple[Field, list[str]]]:
    for f in kind.fields:
        if f.type == "ref":
            yield f, [snap.get(f.name, "")]
        elif f.type == "refs":
            yield f, snap.get(f.name, [])
        elif f.type == "items":
            for item in snap.get(f.name, []):
                for sub in f.items:
                    if sub.type == "refs":
                        yield sub, item.get(sub.name, [])


def _in_db(writer: Writer, target: str, key: str) -> bool:
    try:
        writer.resolve(target, key)
    except RecordError:
        return False
    return True


def apply_changes(
    session: Session, incoming: Incoming, edit: Edit, synonyms: dict[str, list[str]] | None = None
) -> ChangePlan:
    """Write what ``plan_changes`` lists, in the caller's transaction. Raises RecordError."""
    if synonyms:  # as plan_changes reads them
        synonyms = vocabulary.with_shipped(synonyms, _current_synonyms(session))
    plan = plan_changes(session, incoming, synonyms)
    by_key = {(name, s["key"]): s for name, records in incoming.items() for s in records}
    touched = index_scope.Touched(plan.diffs)
    touched.collect(session)  # the links as they were: a service that loses one is re-indexed too
    todo = [(KINDS[d.kind], by_key[(d.kind, d.key)]) for d in plan.diffs if d.kind in KINDS]
    if bulk.usable(session):  # new records in bulk (Core, one insert per table); the rest through the ORM
        # A new record's changes, field by field, are the plan's own (field_changes against nothing).
        added = {(d.kind, d.key): list(d.changes) for d in plan.diffs if d.action == ADDED}
        new = [(kind, snap) for kind, snap in todo if (kind.name, snap["key"]) in added]
        todo = [(kind, snap) for kind, snap in todo if (kind.name, snap["key"]) not in added]
        bulk.add_new(session, new)
        history.record_many(session, edit, [(kind, snap["key"], added[(kind.name, snap["key"])]) for kind, snap in new])
    writer = Writer(session)
    before: dict[tuple[str, str], Snapshot | None] = {}
    for kind, snap in todo:
        obj = writer.find(kind, snap["key"])
        before[(kind.name, snap["key"])] = snapshot(kind, obj) if obj is not None else None
    for kind, snap in todo:  # in KINDS order: needs, municipalities, organizations, plans, ...
        writer.write_fields(kind, snap)
    for kind, snap in todo:
        writer.write_refs(kind, snap)
    session.flush()
    for kind, snap in todo:
        after = snapshot(kind, writer.pending[(kind.name, snap["key"])])
        history.record(session, edit, kind, snap["key"], field_changes(kind, before[(kind.name, snap["key"])], after))
    for d in plan.diffs:
        if d.kind == SYNONYM:  # planned only when synonyms were given
            session.query(Synonym).filter(Synonym.group_key == d.key).delete()
            session.add_all(Synonym(group_key=d.key, term=t) for t in (synonyms or {})[d.key])
    session.flush()
    touched.collect(session)
    # Only what the import touched is re-indexed (a national directory's full rebuild takes minutes).
    update = search_index.update_services(session, touched.services, departments=touched.departments)
    return dataclasses.replace(plan, index=update.rebuilt)
