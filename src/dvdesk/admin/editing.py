"""The one way an administrator changes the directory.

Each operation checks first, then writes in one ``db.write()`` transaction that also records
every changed field in the history and refreshes the search index, so a failure leaves the
directory, its history and its index exactly as they were.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from dvdesk.admin import conflicts, history, item_undo, link_loss
from dvdesk.admin.conflicts import EditConflict
from dvdesk.admin.diff import WHOLE, FieldChange, describe, display, field_changes, get_path, set_path
from dvdesk.admin.history import ChangeView, Edit
from dvdesk.admin.kinds import BY_TABLE, KINDS, LINK_PATH, Kind, kind
from dvdesk.admin.records import RecordError, Snapshot, Writer, blank, coerce_snapshot, every, snapshot
from dvdesk.admin.validation import Problem, ValidationError, check
from dvdesk.domain.integrity import DirectoryRefused
from dvdesk.domain.models import Initiative, Municipality, Plan, Service
from dvdesk.storage import directory_lock, search_index

if TYPE_CHECKING:
    from dvdesk.storage.database_protocol import DatabaseLike


class EditError(ValueError):
    """An operation that cannot be done as asked; ``str()`` is a Japanese message."""


@dataclass(frozen=True)
class EditResult:
    edit_id: str
    key: str
    changes: tuple[FieldChange, ...]


@contextlib.contextmanager
def _refusals_as(error: type) -> Iterator[None]:
    """The gate's refusal (``integrity.DirectoryRefused``) as the editor's own error type."""
    try:
        yield
    except DirectoryRefused as exc:
        if error is ValidationError:
            raise ValidationError([Problem("", str(f)) for f in exc.findings]) from None
        raise error(str(exc)) from None


@contextlib.contextmanager
def _stale_as_conflict(k: Kind, snap: Snapshot) -> Iterator[None]:
    """A row updated by another session between our read and our UPDATE (``version_id_col``)."""
    try:
        yield
    except StaleDataError:
        raise conflicts.EditConflict(k, snap["key"], (), None) from None


def new_key(kind_: Kind, snap: Snapshot) -> str:
    prefix = snap.get("municipality") or "national"
    return f"{prefix}.{kind_.name}.{uuid.uuid4().hex[:8]}"


NATIONWIDE_ONLY = ""  # a scope: the records of no municipality (全国の窓口・国の機関)


def scoped(kind_: Kind, query: Any, scope: str | None) -> Any:
    """``query`` narrowed to a scope: None, every record; ``NATIONWIDE_ONLY``, the records of no
    municipality; a municipality's code, its records and the nationwide ones (what its desk shows).
    A kind without a municipality is never narrowed."""
    if scope is None or not kind_.municipality_field:
        return query
    column = kind_.model.municipality_id
    if scope == NATIONWIDE_ONLY:
        return query.where(column.is_(None))
    code = select(Municipality.id).where(Municipality.code == scope).scalar_subquery()
    return query.where(or_(column == code, column.is_(None)))


def reindex(session: Session, kind_: Kind, obj: Any) -> None:
    """Services are re-indexed alone; anything else can change many services' index rows."""
    if isinstance(obj, Service):
        search_index.refresh(session, obj)
    else:
        session.flush()
        search_index.rebuild(session)


class Editor:
    def __init__(self, db: DatabaseLike, admin: str):
        if not admin.strip():
            raise EditError("管理者名を入力してください")
        self.db = db
        self.admin = admin.strip()

    # --- reading ----------------------------------------------------------------------------
    def load(self, kind_name: str, key: str) -> Snapshot:
        k = kind(kind_name)
        with self.db.read() as session:
            obj = Writer(session).find(k, key)
            if obj is None:
                raise EditError(f"{k.label}「{key}」が見つかりません")
            return snapshot(k, obj)

    def all(self, kind_name: str, scope: str | None = None) -> list[Snapshot]:
        """Every record of the kind, by key; ``scope``: see ``scoped``."""
        k = kind(kind_name)
        with self.db.read() as session:
            # Every reference loaded a query per relationship (``every``), not a lazy load per record:
            # the list after a 24,000-record import took 80 s of the window's thread that way.
            rows = session.scalars(scoped(k, every(k), scope).order_by(getattr(k.model, k.key_attr)))
            return [snapshot(k, o) for o in rows]

    def count(self, kind_name: str, scope: str | None = None) -> int:
        """How many records of the kind the directory holds in ``scope`` (``all`` would read them)."""
        k = kind(kind_name)
        with self.db.read() as session:
            return session.scalar(scoped(k, select(func.count()).select_from(k.model), scope)) or 0

    def municipality_of(self, kind_name: str, key: str) -> str:
        """A record's municipality code: "" for 全国, for a kind without one, or a record not there."""
        k = kind(kind_name)
        if not k.municipality_field:
            return ""
        query = select(Municipality.code).join(k.model, k.model.municipality_id == Municipality.id)
        with self.db.read() as session:
            return session.scalar(query.where(getattr(k.model, k.key_attr) == key)) or ""

    def headings(self, kind_name: str) -> list[Snapshot]:
        """Each record's key, title field, municipality (code, "" for 全国) and retired flag: what
        a reference's choices and a list's names need, without the rest (57,623 organisations with
        their contacts took minutes and hundreds of MB for a national directory)."""
        k = kind(kind_name)
        columns = [getattr(k.model, k.key_attr), getattr(k.model, k.title_field)]
        if k.municipality_field:
            columns.append(Municipality.code)
        if k.retirable:
            columns.append(k.model.retired)
        query = select(*columns)
        if k.municipality_field:
            query = query.outerjoin(Municipality, k.model.municipality_id == Municipality.id)
        with self.db.read() as session:
            return [
                {
                    "key": row[0],
                    k.title_field: row[1],
                    **({"municipality": row[2] or ""} if k.municipality_field else {}),
                    **({"retired": bool(row[-1])} if k.retirable else {}),
                }
                for row in session.execute(query.order_by(columns[0]))
            ]

    def plan_measures(self) -> list[Snapshot]:
        """Each plan's key and title with its measures' numbers, labels and titles, in the plan's
        order: the choices of a record's 施策 (a national directory's 1,741 plans read whole, each
        measure's departments with them, took 18 s)."""
        plans: dict[str, Snapshot] = {}
        query = (
            select(Plan.key, Plan.title, Initiative.number, Initiative.label, Initiative.title)
            .outerjoin(Initiative, Initiative.plan_id == Plan.id)
            .order_by(Plan.key, Initiative.sort_order, Initiative.id)
        )
        with self.db.read() as session:
            for key, title, number, label, measure in session.execute(query):
                plan = plans.setdefault(key, {"key": key, "title": title, "initiatives": []})
                if number is not None:
                    plan["initiatives"].append({"number": number, "label": label, "title": measure})
        return list(plans.values())

    def unlinks(self, kind_name: str, values: dict) -> list[str]:
        """What saving ``values`` would unlink from other records, one Japanese line each: a plan
        without a measure that services or departments name (the form asks before it saves)."""
        k = kind(kind_name)
        if k.name != "plan" or not values.get("key"):
            return []
        try:
            snap = coerce_snapshot(k, values)
        except RecordError:
            return []  # the save says what is wrong
        with self.db.read() as session:
            obj = Writer(session).find(k, snap["key"])
            old = snapshot(k, obj) if obj is not None else None
            # A measure renumbered keeps its links (nothing to ask); one removed loses them.
            return [lost.sentence() for lost in link_loss.lost_links(session, [(old, snap)]) if lost.measures]

    def history(self, kind_name: str, key: str) -> list[ChangeView]:
        with self.db.read() as session:
            return history.for_record(session, kind(kind_name), key)

    # --- writing ----------------------------------------------------------------------------
    def save(self, kind_name: str, values: dict, *, is_new: bool = False, base: Snapshot | None = None) -> EditResult:
        """Create (``is_new``) or update a record from a full set of values.

        ``base``: the snapshot the form was opened with. If the record no longer matches it (another
        administrator saved meanwhile), ``EditConflict`` says what changed and nothing is written.
        """
        k = kind(kind_name)
        try:
            snap = coerce_snapshot(k, {**values, "key": values.get("key") or new_key(k, values)})
        except RecordError as exc:
            raise ValidationError([Problem("", str(exc))]) from None
        with _refusals_as(ValidationError), _stale_as_conflict(k, snap), self.db.write() as session:
            directory_lock.take(session)  # an import under way on the server: after it, or said
            if not is_new:
                current = session.scalar(
                    select(k.model).where(getattr(k.model, k.key_attr) == snap["key"]).with_for_update()
                )  # a second saver waits here (PostgreSQL)
                if current is None:
                    raise EditError(f"{k.label}「{snap['key']}」が見つかりません")
                if base is not None:  # both as a save stores them (a phone an earlier version kept as typed)
                    now = coerce_snapshot(k, snapshot(k, current))
                    conflicts.check(k, snap["key"], coerce_snapshot(k, base), now, snap)
            problems = check(session, k, snap, is_new=is_new)
            if problems:
                raise ValidationError(problems)
            return self._write(session, k, snap, Edit(self.admin, "create" if is_new else "update"))

    def retire(self, kind_name: str, key: str) -> EditResult:
        return self._set(kind_name, key, {"retired": True}, "retire")

    def restore(self, kind_name: str, key: str) -> EditResult:
        return self._set(kind_name, key, {"retired": False}, "restore")

    def mark_verified(
        self, kind_name: str, key: str, today: dt.date | None = None, base: Snapshot | None = None
    ) -> EditResult:
        """「確認済みにする」: checked today by this administrator. ``base``: the record as she saw it;
        changed since (another administrator), ``EditConflict`` and nothing is stamped."""
        day = (today or dt.date.today()).isoformat()
        return self._set(kind_name, key, {"verified_on": day, "verified_by": self.admin}, "verify", base)

    def undo_change(self, change_id: int) -> EditResult:
        with _refusals_as(EditError), self.db.write() as session:
            directory_lock.take(session)
            row = history.row(session, change_id)
            if row is None:
                raise EditError("取り消す変更が見つかりません")
            return self._undo(session, [row])

    def undo_edit(self, edit_id: str) -> EditResult:
        with _refusals_as(EditError), self.db.write() as session:
            directory_lock.take(session)
            rows = history.rows_of_edit(session, edit_id)
            if not rows:
                raise EditError("取り消す変更が見つかりません")
            return self._undo(session, rows)

    # --- internals --------------------------------------------------------------------------
    def _set(self, kind_name: str, key: str, values: dict, action: str, base: Snapshot | None = None) -> EditResult:
        k = kind(kind_name)
        if "retired" in values and not k.retirable:
            raise EditError(f"{k.label}は廃止できません")
        with _refusals_as(EditError), self.db.write() as session:
            directory_lock.take(session)
            obj = Writer(session).find(k, key)
            if obj is None:
                raise EditError(f"{k.label}「{key}」が見つかりません")
            snap = {**snapshot(k, obj), **values}
            if base is not None:
                now = coerce_snapshot(k, snapshot(k, obj))
                conflicts.check(k, key, coerce_snapshot(k, base), now, now)
            return self._write(session, k, snap, Edit(self.admin, action))

    def _write(self, session: Session, k: Kind, snap: Snapshot, edit: Edit) -> EditResult:
        writer = Writer(session)
        existing = writer.find(k, snap["key"])
        old = snapshot(k, existing) if existing is not None else None
        lost = link_loss.lost_links(session, [(old, snap)]) if k.name == "plan" else []
        try:
            obj = writer.write(k, snap)
        except RecordError as exc:
            raise ValidationError([Problem("", str(exc))]) from None
        session.flush()
        new = snapshot(k, obj)
        changes = field_changes(k, old, new) if old is not None else [FieldChange(WHOLE, "", None, new)]
        history.record(session, edit, k, new["key"], changes)
        for link in (x for x in lost if x.measures):  # those it unlinked: in their own history, after the plan's rows
            history.record(session, edit, KINDS[link.kind], link.key, [link.change])
        reindex(session, k, obj)
        return EditResult(edit.edit_id, new["key"], tuple(changes))

    def _undo(self, session: Session, rows: list) -> EditResult:
        """Put back the old values of ``rows`` (newest first), as a new edit of its own."""
        live = [r for r in rows if not r.undone_by]
        if not live:
            raise EditError("この変更はすでに取り消されています")
        notes = [r for r in live if r.field == LINK_PATH]  # a department's lost link: back with its plan
        if notes and not any(r.table_name == "plans" for r in live):
            raise EditError(
                "担当部署の取組の紐付けは、計画の取組を消した変更をまとめて取り消すと戻ります"
                f"（変更 {notes[0].edit_id[:8]} を取り消してください）"
            )
        edit = Edit(self.admin, "undo", note=f"取り消し: {live[0].edit_id}")
        for r in notes:  # the plan's rows below put the measure back, with its departments
            r.undone_by = edit.edit_id
        live = [r for r in live if r.field != LINK_PATH]
        by_record: dict[tuple[str, str], list] = {}
        for r in live:
            by_record.setdefault((r.table_name, r.record_key), []).append(r)
        results: list[FieldChange] = []
        key = live[0].record_key
        for (table, key), changes in by_record.items():
            k = BY_TABLE[table]
            writer = Writer(session)
            obj = writer.find(k, key)
            if obj is None:
                raise EditError(f"{k.label}「{key}」はもうありません")
            snap = snapshot(k, obj)
            lists = {f.name for f in k.fields if f.type == "items"}
            in_lists = [r for r in changes if r.field.split(".")[0] in lists and "." in r.field]
            for name in sorted({r.field.split(".")[0] for r in in_lists}):
                mine = [r for r in in_lists if r.field.split(".")[0] == name]
                snap = {**snap, name: _undo_in_list(session, k, key, snap[name], name, mine)}
                for r in mine:
                    r.undone_by = edit.edit_id
            for r in _undo_order([r for r in changes if r not in in_lists]):
                old = json.loads(r.old_value) if r.old_value is not None else None
                if r.field == WHOLE:
                    if old is not None:
                        snap = old
                    elif k.retirable:
                        snap["retired"] = True  # undoing a creation retires the record
                    else:
                        raise EditError(f"{k.label}の追加は取り消せません（使われている可能性があります）")
                else:
                    now = get_path(snap, r.field)
                    # A field changed again since: putting back the old value would
                    # drop the newer one without a word.
                    recorded = json.loads(r.new_value) if r.new_value is not None else None
                    if item_undo.stored(now) != item_undo.stored(recorded):
                        raise EditError(
                            f"「{k.label_of(r.field)}」はその後に変更されています（今: {describe(now) or '空欄'}）。"
                            "新しい変更から順に取り消すか、編集画面で直してください"
                        )
                    snap = set_path(snap, r.field, old)
                r.undone_by = edit.edit_id
            before = snapshot(k, obj)
            # An undo that takes a measure away unlinks the records named it since: said in their history.
            written = {("service", rk) for t, rk in by_record if t == "services"}  # their own rows say it
            lost = link_loss.lost_links(session, [(before, snap)], written) if k.name == "plan" else []
            try:
                obj = writer.write(k, {**snap, "key": key})
            except RecordError as exc:
                raise EditError(f"取り消せませんでした: {exc}") from None
            session.flush()
            changed = field_changes(k, before, snapshot(k, obj))
            history.record(session, edit, k, key, changed)
            for link in (x for x in lost if x.measures):  # a renumbering alone loses nothing
                history.record(session, edit, KINDS[link.kind], link.key, [link.change])
            reindex(session, k, obj)
            results += changed
        return EditResult(edit.edit_id, key, tuple(results))


__all__ = ["EditConflict", "EditError", "EditResult", "Editor", "ValidationError", "blank", "get_path"]


def _undo_order(changes: list) -> list:
    """The rows of one record, newest first; whole sub-records removed (``contacts.3``, new None) go
    back oldest first, in the order they stood: a positional diff removes a run at the list's end, so
    putting them back from the lowest index keeps (a, b, c) instead of (a, c, b)."""
    ordered = sorted(changes, key=lambda r: r.id, reverse=True)
    removed = [r for r in ordered if r.field.count(".") == 1 and r.new_value is None]
    back, ids = iter(sorted(removed, key=lambda r: r.id)), {r.id for r in removed}
    return [next(back) if r.id in ids else r for r in ordered]


def _undo_in_list(session: Session, k: Kind, key: str, now: list, name: str, rows: list) -> list:
    """Undo the ``rows`` (of one edit) of the list ``name`` (contacts): each contact found by what it
    holds, not by the place the history names, which contacts inserted or removed since have moved
    (``item_undo``). Refused, naming the contact, when one the undo must change was changed since."""
    later: dict[str, list] = {}  # the edits of this record since (the rest of this one is in the list then)
    newest = max(r.id for r in rows)
    for r in history.rows_of_record(session, k.table, key, newest):
        if r.edit_id != rows[0].edit_id and (r.field == WHOLE or r.field.split(".")[0] == name):
            later.setdefault(r.edit_id, []).append(r)
    edits = list(later.values())  # oldest edit first (rows come by id)
    whole = any(r.field == WHOLE for rows_ in edits for r in rows_)
    then = None if whole else item_undo.list_then(now, edits, _undo_order)
    then = now if then is None else then  # the history does not add up: by place, as recorded
    try:
        return item_undo.carry(then, item_undo.take_back(then, _undo_order(rows)), now)
    except item_undo.ChangedSince as exc:
        path = f"{name}.{exc.index}" + (f".{exc.field}" if exc.field else "")
        item = now[exc.index] if exc.index < len(now) else None
        value = item.get(exc.field) if item is not None and exc.field else item
        raise EditError(
            f"「{k.label_of(path)}」はその後に変更されています（今: {display(k, path, value) or '空欄'}）。"
            "新しい変更から順に取り消すか、編集画面で直してください"
        ) from None
