"""Bringing a set of incoming records into the directory: first what would change, then all of it.

Packages, spreadsheets and HSDS files all end here. ``plan_changes`` only reads: it compares
each incoming snapshot with the record of the same key and lists added, changed, retired and
restored records field by field. ``apply_changes`` writes them inside the caller's transaction,
records every changed field in the history and re-indexes the services it touched
(``index_scope``; the whole search index only when that is quicker or has to be). Records the
incoming set does not mention are left alone. ``writing`` is the transaction an import writes in;
a dry run writes in it too, passes the directory's gate and rolls back, so that it refuses what
the real run would (a rule across records, such as a shelter provider's public address, is only
seen at the gate).
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, overload

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvdesk.admin import bulk, history, index_scope, link_loss, replace_whole
from dvdesk.admin.diff import FieldChange, field_changes
from dvdesk.admin.history import Edit
from dvdesk.admin.kinds import KINDS, Field, Kind
from dvdesk.admin.packed import PackedSnapshots, is_packed, keys_of
from dvdesk.admin.records import RecordError, Snapshot, Writer, every, snapshot
from dvdesk.domain import integrity
from dvdesk.domain.models import Synonym
from dvdesk.domain.translatable import N_
from dvdesk.storage import directory_lock, search_index, search_index_build, vocabulary

if TYPE_CHECKING:
    from dvdesk.admin.package_index import ShippedIndex
    from dvdesk.storage.database_protocol import DatabaseLike

ADDED, CHANGED, RETIRED, RESTORED = "added", "changed", "retired", "restored"
UNLINKED = "unlinked"  # a record the write does not bring that loses its link to a plan's measure
RELINKED = "relinked"  # one whose measure a new edition renumbers: the link follows it (said, not written)
SAID_ONLY = (UNLINKED, RELINKED)  # what a preview says of records the write does not bring
ACTION_LABELS = {
    ADDED: N_("AdminLabels", "追加"),
    CHANGED: N_("AdminLabels", "変更"),
    RETIRED: N_("AdminLabels", "廃止"),
    RESTORED: N_("AdminLabels", "復元"),
    UNLINKED: N_("AdminLabels", "取組の紐付けが外れる"),
    RELINKED: N_("AdminLabels", "取組の番号が変わる"),
}
SYNONYM = "synonym"
SYNONYM_LABEL, TERMS_LABEL = N_("AdminLabels", "同義語"), N_("AdminLabels", "語")

Incoming = Mapping[str, Sequence[Snapshot]]  # kind name -> snapshots, kinds in any order


@dataclass(frozen=True)
class RecordDiff:
    kind: str
    key: str
    title: str
    action: str
    changes: Sequence[FieldChange]  # a tuple, or ``AddedChanges`` for a new record of a packed package
    shown: tuple[FieldChange, ...] = ()  # a renumbered plan's measures, each against itself (``display``)

    @property
    def display(self) -> Sequence[FieldChange]:
        """The changes as a preview lists them (the history keeps ``changes``)."""
        return self.shown or self.changes

    @property
    def kind_label(self) -> str:
        if self.kind in KINDS:
            return KINDS[self.kind].label
        return {"translation": "翻訳"}.get(self.kind, SYNONYM_LABEL)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]


class AddedChanges(Sequence[FieldChange]):
    """A new record's one change (``field_changes`` against nothing), fetched when asked: a plan of
    a national package lists 350,000 new records and would otherwise hold every one unpacked."""

    def __init__(self, kind: Kind, records: Sequence[Snapshot], index: int):
        self._kind, self._records, self._index = kind, records, index

    def __len__(self) -> int:
        return 1

    @overload
    def __getitem__(self, i: int) -> FieldChange: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[FieldChange]: ...
    def __getitem__(self, i: int | slice) -> FieldChange | Sequence[FieldChange]:
        changes = field_changes(self._kind, None, self._records[self._index])
        return changes[i]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented


@dataclass(frozen=True)
class ChangePlan:
    diffs: tuple[RecordDiff, ...]
    unchanged: int
    counts: dict[str, int] = field(default_factory=dict)
    index: str = ""  # after writing: "" or why the whole search index was rebuilt (Japanese)
    # What the directory looked like when the plan was checked (``package.preview``): the import
    # checks again only if it changed before its transaction (not part of a plan's equality).
    stamp: tuple[object, ...] = field(default=(), compare=False)
    warnings: tuple[str, ...] = field(default=(), compare=False)  # for the preview: what to look at first
    # A preview's plan of the records alone (``plan_changes``, before the translations are added):
    # what the import writes when the directory has not changed since (``apply_changes``' ``planned``).
    records: ChangePlan | None = field(default=None, compare=False, repr=False)

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
    plans: list[tuple[Snapshot | None, Snapshot]] = []
    if synonyms:
        synonyms = vocabulary.with_shipped(synonyms, _current_synonyms(session))
    for name, kind in KINDS.items():
        records = incoming.get(name, [])
        if not records:
            continue
        current = _current(session, kind)
        for i, snap in _compared(records, current):
            if snap is None:  # packed and new (a first import: all of them): its plan needs only its key and title
                assert isinstance(records, PackedSnapshots)
                diffs.append(
                    RecordDiff(name, records.keys[i], records.titles[i], ADDED, AddedChanges(kind, records, i))
                )
                continue
            old = current.get(snap["key"])
            if name == "plan":
                plans.append((old, snap))
            changes: Sequence[FieldChange] = field_changes(kind, old, snap)
            if old is not None and not changes:
                unchanged += 1
                continue
            title = str(snap.get(kind.title_field) or (old or {}).get(kind.title_field, ""))
            shown = link_loss.paired_changes(kind, old, snap, changes) if name == "plan" and old else ()
            diffs.append(RecordDiff(name, snap["key"], title, _action(old, snap), tuple(changes), shown))
    if any(link_loss.dropped(old, new) or link_loss.moved(old, new) for old, new in plans):
        written = {("service", key) for key in keys_of(incoming.get("service", []))}  # their own change says it
        for lost in link_loss.lost_links(session, plans, written):  # said, counted, and (lost) in their history
            action = UNLINKED if lost.measures else RELINKED
            diffs.append(RecordDiff(lost.kind, lost.key, lost.title, action, (lost.change,)))
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


def _compared(records: Sequence[Snapshot], current: dict[str, Snapshot]) -> Iterator[tuple[int, Snapshot | None]]:
    """Each record with its index, in order; for packed records, a record new to the directory
    comes as None and only the chunks holding a record the directory has are unpacked (a new
    desk holds ~1,000 of a national package's 430,000 records)."""
    if not isinstance(records, PackedSnapshots):
        yield from enumerate(records)
        return
    existing = records.picked(i for i, key in enumerate(records.keys) if key in current)
    nxt = next(existing, None)
    for i in range(len(records)):
        if nxt is not None and nxt[0] == i:
            yield nxt
            nxt = next(existing, None)
        else:
            yield i, None


def reference_problems(kind: Kind, snap: Snapshot, known: set[tuple[str, str]], writer: Writer) -> list[str]:
    """One record's references that point at nothing in ``known`` (the batch) nor in the directory.
    A plan in the batch brings all of its measures (the writer replaces the directory's with them):
    a measure it leaves out is not found in the directory either, once the batch is in."""
    return [
        f"{kind.label}「{snap['key']}」の「{f.label}」: 「{key}」が見つかりません"
        for f, keys in _refs(kind, snap)
        for key in keys
        if key
        and (f.target, key) not in known
        and (
            (f.target == "initiative" and ("plan", key.partition("#")[0]) in known) or not _in_db(writer, f.target, key)
        )
    ]


def known_keys(incoming: Incoming) -> set[tuple[str, str]]:
    """(kind, key) of every incoming record and plan measure: what references may point at."""
    known = {(name, key) for name, records in incoming.items() for key in keys_of(records)}
    known |= {
        ("initiative", f"{p['key']}#{i['number']}") for p in incoming.get("plan", []) for i in p.get("initiatives", [])
    }
    return known


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


def _stream(incoming: Incoming) -> Iterator[tuple[Kind, Snapshot]]:
    """Every incoming record in KINDS order (a record after what it refers to), one at a time."""
    for name, kind in KINDS.items():
        for snap in incoming.get(name, ()):
            yield kind, snap


class _Added:
    """The incoming records the plan adds (or, with ``every``, all of them), in KINDS order:
    re-iterable (``bulk.add_new`` takes the ids in a first pass, then writes the rows), each pass
    streamed from the package."""

    def __init__(self, incoming: Incoming, actions: dict[tuple[str, str], str], every: bool = False):
        self.incoming, self.actions, self.every = incoming, actions, every

    def _wanted(self, name: str, key: str) -> bool:
        return self.every or self.actions.get((name, key)) == ADDED

    def __iter__(self) -> Iterator[tuple[Kind, Snapshot]]:
        for kind, snap in _stream(self.incoming):
            if self._wanted(kind.name, snap["key"]):
                yield kind, snap

    def heads(self) -> Iterator[tuple[Kind, str, list[Snapshot]]]:
        """Each record's kind, key and plan measures (what ``bulk.add_new`` takes ids for),
        without unpacking packed records (a plan's measures are in the record: plans are few)."""
        for name, kind in KINDS.items():
            records = self.incoming.get(name, ())
            if name == "plan" or not is_packed(records):
                for snap in records:
                    if self._wanted(name, snap["key"]):
                        yield kind, snap["key"], snap.get("initiatives", []) if name == "plan" else []
                continue
            for key in keys_of(records):
                if self._wanted(name, key):
                    yield kind, key, []


def _in_db(writer: Writer, target: str, key: str) -> bool:
    try:
        writer.resolve(target, key)
    except RecordError:
        return False
    return True


class _Rehearsed(Exception):
    """Ends a dry run's transaction once all of it was written and passed the gate."""


@contextlib.contextmanager
def writing(db: DatabaseLike, *, dry_run: bool = False) -> Iterator[Session]:
    """``db.write()``; for a dry run the same transaction, checked by ``integrity.gate`` as at a
    commit (raises ``DirectoryRefused``), then rolled back: nothing is kept."""
    if not dry_run:
        with db.write() as session:
            directory_lock.take(session)
            yield session
        return
    try:
        with db.write() as session:
            directory_lock.take(session)
            yield session
            session.flush()
            integrity.gate(session)
            raise _Rehearsed
    except _Rehearsed:
        pass


def apply_changes(
    session: Session,
    incoming: Incoming,
    edit: Edit,
    synonyms: dict[str, list[str]] | None = None,
    *,
    shipped: ShippedIndex | None = None,
    planned: ChangePlan | None = None,
) -> ChangePlan:
    """Write what ``plan_changes`` lists, in the caller's transaction. Raises RecordError.
    ``shipped``: the package's own search index (its ids for new records; used if a full build is due).
    ``planned``: ``plan_changes`` of these records and synonyms, made against the directory as this
    transaction holds it (a preview's, nothing changed since): not made again (≈ 1 s at 430,000)."""
    if synonyms:  # as plan_changes reads them
        synonyms = vocabulary.with_shipped(synonyms, _current_synonyms(session))
    plan = planned if planned is not None else plan_changes(session, incoming, synonyms)
    why = ""
    if shipped is not None:  # a whole directory's package: maybe it replaces this desk's (``replace_whole``)
        services = sum(1 for d in plan.diffs if d.kind == "service" and d.action not in SAID_ONLY)
        why = replace_whole.why_not(session, incoming, services, shipped.preset)
        if not why:
            return _replaced(session, incoming, edit, synonyms, plan, shipped)
    touched = index_scope.Touched(plan.diffs)
    touched.collect(session)  # the links as they were: a service that loses one is re-indexed too
    actions = {(d.kind, d.key): d.action for d in plan.diffs if d.kind in KINDS and d.action not in SAID_ONLY}
    in_bulk = bulk.usable(session)  # new records in bulk (Core, one insert per table); the rest through the ORM
    # The records to write through the ORM are held (changed ones: few, unless the whole directory
    # changed); new ones are streamed, a chunk at a time, from the package (``admin.packed``).
    orm = not in_bulk or any(action != ADDED for action in actions.values())
    todo = [
        (kind, snap)
        for kind, snap in (_stream(incoming) if orm else ())
        if (action := actions.get((kind.name, snap["key"]))) and not (in_bulk and action == ADDED)
    ]
    if in_bulk:
        # A new record's history is the plan's own change (field_changes against nothing), written
        # with each chunk of rows.
        bulk.add_new(
            session,
            _Added(incoming, actions),
            each_chunk=lambda chunk: history.record_added(session, edit, chunk),
            preset=shipped.preset if shipped else None,
        )
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
    for d in plan.diffs:  # after the plans' rows: undoing the edit puts the measure back first
        if d.action == UNLINKED:
            history.record(session, edit, KINDS[d.kind], d.key, list(d.changes))
    _write_synonyms(session, plan, synonyms)
    touched.collect(session)
    # Only what the import touched is re-indexed (a national directory's full rebuild takes minutes).
    update = search_index.update_services(
        session, touched.services, departments=touched.departments, shipped=shipped.for_build() if shipped else None
    )
    said = update.rebuilt
    if said and why and shipped is not None and why not in replace_whole.QUIET:
        said += f"（この PC の一覧を置き換えなかった理由: {why}）"
    return dataclasses.replace(plan, index=said)


def _write_synonyms(session: Session, plan: ChangePlan, synonyms: dict[str, list[str]] | None) -> None:
    for d in plan.diffs:
        if d.kind == SYNONYM:  # planned only when synonyms were given
            session.query(Synonym).filter(Synonym.group_key == d.key).delete()
            session.add_all(Synonym(group_key=d.key, term=t) for t in (synonyms or {})[d.key])
    session.flush()


def _replaced(
    session: Session,
    incoming: Incoming,
    edit: Edit,
    synonyms: dict[str, list[str]] | None,
    plan: ChangePlan,
    shipped: ShippedIndex,
) -> ChangePlan:
    """The desk's directory replaced whole by the package's (``replace_whole``: every record the
    desk has is in it): written as into an empty directory, with the exporting PC's ids, so the
    shipped index fits. The history is the plan's: what it adds, and what it changes field by field."""
    planned = {(d.kind, d.key): d for d in plan.diffs if d.kind in KINDS and d.action not in SAID_ONLY}
    unchanged = replace_whole.unchanged(session, planned)
    cleared = replace_whole.Cleared(session)

    def history_of(chunk: list[tuple[Kind, Snapshot]]) -> None:
        rows = []
        for kind, snap in chunk:
            d = planned.get((kind.name, snap["key"]))
            if d is not None:  # an unchanged record has no history; an added one, the whole record
                rows.append((kind, snap, None if d.action == ADDED else d.changes))
        history.record_imported(session, edit, rows)

    bulk.add_new(session, _Added(incoming, {}, every=True), each_chunk=history_of, preset=shipped.preset)
    history.record_many(
        session, edit, [(KINDS[d.kind], d.key, list(d.changes)) for d in plan.diffs if d.action == UNLINKED]
    )
    for table, ids in unchanged.items():  # the gate holds against the import only what it changes
        integrity.untouch(session, table, ids)
    cleared.guard()
    _write_synonyms(session, plan, synonyms)
    for_build = shipped.for_build()
    search_index_build.rebuild(session, for_build)
    return dataclasses.replace(plan, index=f"{replace_whole.REPLACED}（{for_build.outcome}）")
