"""Records as snapshots: plain JSON-compatible dicts, read from and written to the ORM.

``snapshot(kind, obj)`` reads a row into ``{"key": ..., field: value, ...}``; ``Writer`` applies
snapshots back, resolving references by key (a need's key, an organisation's key, a
municipality's code, an initiative's "plan-key#number"). ``coerce`` checks one raw value against
its field and says in Japanese what is wrong with it.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from dvdesk.admin.kinds import CONFIDENTIALITY_LABELS, KINDS, Field, Kind
from dvdesk.domain import measure_pairing
from dvdesk.domain.models import ContactPoint, Initiative, Plan
from dvdesk.domain.rules import canonical_extension, canonical_phone, split_extension, with_phone_note

Snapshot = dict[str, Any]


class RecordError(ValueError):
    """A record that cannot be written as given. ``str()`` is a Japanese message."""


def initiative_key(i: Initiative) -> str:
    return f"{i.plan.key}#{i.number}"


def key_of(kind: Kind, obj: Any) -> str:
    return getattr(obj, kind.key_attr)


def _ref_key(target: str, obj: Any) -> str:
    if obj is None:
        return ""
    if target == "initiative":
        return initiative_key(obj)
    return key_of(KINDS[target], obj)


def _plain(f: Field, value: Any) -> Any:
    if f.type == "date":
        return value.isoformat() if value else None
    if f.type == "texts":
        return list(value or [])
    if f.type == "flag":
        return bool(value)
    if f.type == "number":
        return int(value or 0)
    if isinstance(value, enum.Enum):
        return value.value
    if f.type == "choice" and isinstance(f.empty(), int):
        return int(value)
    return value if value is not None else ""


def _item_snapshot(fields: tuple[Field, ...], obj: Any) -> Snapshot:
    out: Snapshot = {}
    for f in fields:
        value = getattr(obj, f.orm)
        if f.type == "refs":
            out[f.name] = sorted(_ref_key(f.target, o) for o in value)
        else:
            out[f.name] = _plain(f, value)
    return out


def snapshot(kind: Kind, obj: Any) -> Snapshot:
    """Every field of ``obj`` as plain values, with references as keys."""
    snap: Snapshot = {"key": key_of(kind, obj)}
    for f in kind.fields:
        value = getattr(obj, f.orm)
        if f.type == "ref":
            snap[f.name] = _ref_key(f.target, value)
        elif f.type == "refs":  # sets: kept sorted so that order never reads as a change
            snap[f.name] = sorted(_ref_key(f.target, o) for o in value)
        elif f.type == "items":
            snap[f.name] = [_item_snapshot(f.items, o) for o in value]
        else:
            snap[f.name] = _plain(f, value)
    return snap


def every(kind: Kind) -> Any:
    """A query for every record of ``kind`` with what ``snapshot`` reads loaded a query per
    relationship, not a query per record (350,000 × 4 lazy loads for a national directory), a
    chunk of rows at a time."""
    eager = [selectinload(getattr(kind.model, f.orm)) for f in kind.fields if f.type in ("ref", "refs", "items")]
    return select(kind.model).options(*eager).execution_options(yield_per=2000)


def blank(kind: Kind, key: str = "") -> Snapshot:
    return {"key": key, **{f.name: f.empty() for f in kind.fields}}


# --- checking raw values -------------------------------------------------------------------

_TRUE = {"true", "1", "yes", "はい", "○", "〇", "y"}
_FALSE = {"false", "0", "no", "いいえ", "", "×", "n"}


def coerce(f: Field, raw: Any) -> Any:
    """``raw`` as the field's plain value; raises RecordError with a Japanese reason."""
    if raw is None:
        return f.empty()
    return _BY_TYPE[f.type](f, raw)


def _text(f: Field, raw: Any) -> Any:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise RecordError(f"「{f.label}」は文字で入力してください")
    return str(raw).strip()


def _phone(f: Field, raw: Any) -> Any:
    return canonical_phone(_text(f, raw))


def _extension(f: Field, raw: Any) -> Any:
    return canonical_extension(_text(f, raw))


def _flag(f: Field, raw: Any) -> Any:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise RecordError(f"「{f.label}」ははい／いいえで入力してください（{raw}）")


def _number(f: Field, raw: Any) -> Any:
    if isinstance(raw, bool):
        raise RecordError(f"「{f.label}」は整数で入力してください")
    try:
        return int(str(raw).strip() or 0) if not isinstance(raw, int) else raw
    except ValueError:
        raise RecordError(f"「{f.label}」は整数で入力してください（{raw}）") from None


def _date(f: Field, raw: Any) -> Any:
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    text = str(raw).strip().replace("/", "-")
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise RecordError(f"「{f.label}」は 2026-04-01 の形の日付で入力してください（{raw}）") from None


def _choice(f: Field, raw: Any) -> Any:
    wanted = f.empty()
    text = str(raw).strip()
    for value, label in f.choices.items():
        plain = value.value if isinstance(value, enum.Enum) else value
        if text in (str(plain), label):
            return plain
    if text == "":
        # A blank level stays blank so that ``validation`` asks for a choice; other
        # choices fall back to their default.
        return "" if f.choices is CONFIDENTIALITY_LABELS else wanted
    # the words the exported sheet and the form show (the codes are accepted too, but never shown)
    allowed = "".join(f"「{label}」" for label in f.choices.values())
    raise RecordError(f"「{f.label}」の値「{raw}」は使えません（{allowed}のいずれか）")


def _strings(f: Field, raw: Any) -> Any:
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise RecordError(f"「{f.label}」は文字の一覧で入力してください")
    values = [v.strip() for v in raw if v.strip()]
    if f.type == "refs":
        values = sorted(set(values))
    if f.choices:  # a key, or the words the form and an exported sheet show (「子どもがいる」 → children)
        if any(v not in f.choices for v in values):  # (a package's keys: nothing to look up)
            named = {label: key for key, label in f.choices.items()}
            values = [v if v in f.choices else named.get(v, v) for v in values]
        unknown = [v for v in values if v not in f.choices]
        if unknown:
            allowed = "".join(f"「{label}」" for label in f.choices.values())
            raise RecordError(f"「{f.label}」に使えない値があります: {'、'.join(unknown)}（{allowed}のいずれか）")
    return values


def _items(f: Field, raw: Any) -> Any:
    if not isinstance(raw, list) or not all(isinstance(v, dict) for v in raw):
        raise RecordError(f"「{f.label}」の形が正しくありません")
    items = [{sub.name: coerce(sub, item.get(sub.name)) for sub in f.items} for item in raw]
    for item in items:
        if "phone" in item and "extension" in item and not item["extension"]:
            number, extension = split_extension(item["phone"])
            if extension:  # 0766-20-1234 内線12 in the number: the contact's 内線, as a sheet's import does
                item["phone"], item["extension"] = canonical_phone(number), extension
    return items


_BY_TYPE: dict[str, Callable[[Field, Any], Any]] = {
    "text": _text,
    "longtext": _text,
    "phone": _phone,
    "extension": _extension,
    "ref": _text,
    "flag": _flag,
    "number": _number,
    "date": _date,
    "choice": _choice,
    "texts": _strings,
    "refs": _strings,
    "items": _items,
}


def coerce_snapshot(kind: Kind, raw: dict) -> Snapshot:
    """A full snapshot from loosely typed input (JSON, a spreadsheet row); missing fields empty."""
    if not isinstance(raw, dict):
        raise RecordError("記録の形が正しくありません")
    key = raw.get("key")
    if not isinstance(key, str) or not key.strip():
        raise RecordError("キーがありません")
    snap: Snapshot = {"key": key.strip()}
    for name, convert in _converters(kind):
        snap[name] = convert(raw.get(name))
    if "内" in snap.get("phone", "") or "ext" in snap.get("phone", "").lower():
        _extension_to_note(snap)
    return snap


def _extension_to_note(snap: Snapshot) -> None:
    """A record's own number (a service's) written with its extension: the extension goes to the
    staff note (it is staff-only, and the record has no 内線 field), as a sheet's import does."""
    number, extension = split_extension(snap["phone"])
    if extension and "staff_note" in snap:
        snap["phone"] = canonical_phone(number)
        snap["staff_note"] = with_phone_note(snap["staff_note"], f"内線{extension}")


_MISSING = object()
_CONVERTERS: dict[int, tuple[Kind, list[tuple[str, Callable[[Any], Any]]]]] = {}


def _converters(kind: Kind) -> list[tuple[str, Callable[[Any], Any]]]:
    """``coerce`` for each of the kind's fields, made once per kind (a national package: 350,000
    records of ~25 fields each, read in ~20 s of CPU of which ``coerce`` was two thirds)."""
    made = _CONVERTERS.get(id(kind))
    if made is None or made[0] is not kind:
        made = _CONVERTERS[id(kind)] = (kind, [(f.name, _converter(f)) for f in kind.fields])
    return made[1]


def _converter(f: Field) -> Callable[[Any], Any]:
    """``coerce`` for one field, the value a package's own export writes (already plain) first:
    the same value or the same error as ``coerce`` for every input (a property test holds it)."""
    if f.type in ("text", "longtext", "ref"):
        return lambda raw: raw.strip() if type(raw) is str else coerce(f, raw)
    if f.type == "phone":
        return lambda raw: canonical_phone(raw) if type(raw) is str else coerce(f, raw)
    if f.type == "extension":
        return lambda raw: canonical_extension(raw) if type(raw) is str else coerce(f, raw)
    if f.type == "flag":
        return lambda raw: raw if type(raw) is bool else coerce(f, raw)
    if f.type == "number":
        return lambda raw: raw if type(raw) is int else coerce(f, raw)
    if f.type == "choice":
        named: dict[str, Any] = {}  # what ``coerce`` matches, the first choice naming it winning
        for value, label in f.choices.items():
            plain = value.value if isinstance(value, enum.Enum) else value
            named.setdefault(str(plain), plain)
            named.setdefault(label, plain)

        def choice(raw: Any) -> Any:
            found = named.get(raw.strip(), _MISSING) if type(raw) is str else _MISSING
            return coerce(f, raw) if found is _MISSING else found

        return choice
    by_type = _BY_TYPE[f.type]  # KeyError for an unknown type, as ``coerce`` would raise at the first value
    return lambda raw: f.empty() if raw is None else by_type(f, raw)


# --- writing --------------------------------------------------------------------------------


class Writer:
    """Applies snapshots inside the caller's session, creating rows as needed.

    ``pending`` holds objects written in this session so references between records of one
    batch (a package) resolve before anything is flushed.
    """

    def __init__(self, session: Session):
        self.s = session
        self.pending: dict[tuple[str, str], Any] = {}

    def find(self, kind: Kind, key: str) -> Any | None:
        if (kind.name, key) in self.pending:
            return self.pending[(kind.name, key)]
        with self.s.no_autoflush:
            return self.s.scalar(select(kind.model).where(getattr(kind.model, kind.key_attr) == key))

    def resolve(self, target: str, key: str) -> Any:
        if not key:
            return None
        if target == "initiative":
            plan_key, _, number = key.rpartition("#")
            plan = self.pending.get(("plan", plan_key))
            found = next((i for i in (plan.initiatives if plan else []) if i.number == number), None)
            if plan is None:  # a plan this batch writes holds its measures' numbers as written (renumbered)
                with self.s.no_autoflush:
                    found = self.s.scalar(
                        select(Initiative).join(Plan).where(Plan.key == plan_key, Initiative.number == number)
                    )
        else:
            found = self.find(KINDS[target], key)
        if found is None:
            raise RecordError(
                f"参照先「{key}」（{KINDS[target].label if target in KINDS else '計画の取組'}）が見つかりません"
            )
        return found

    def write_fields(self, kind: Kind, snap: Snapshot) -> Any:
        """First pass: create the row if needed and set every field that is not a reference."""
        obj = self.find(kind, snap["key"])
        if obj is None:
            obj = kind.model(**{kind.key_attr: snap["key"]})
            self.s.add(obj)
        for f in kind.fields:
            if f.name not in snap or f.type in ("ref", "refs", "items"):
                continue
            value = snap[f.name]
            if f.type == "date":
                value = dt.date.fromisoformat(value) if value else None
            setattr(obj, f.orm, value)
        self.pending[(kind.name, snap["key"])] = obj
        return obj

    def write_refs(self, kind: Kind, snap: Snapshot) -> None:
        """Second pass, once every record of the batch exists: references and sub-records."""
        obj = self.pending[(kind.name, snap["key"])]
        for f in kind.fields:
            if f.name not in snap:
                continue
            if f.type == "ref":
                target = self.resolve(f.target, snap[f.name])
                if target is obj:
                    raise RecordError(f"「{f.label}」に自分自身は指定できません")
                setattr(obj, f.orm, target)
            elif f.type == "refs":
                setattr(obj, f.orm, [self.resolve(f.target, k) for k in snap[f.name]])
            elif f.type == "items" and f.name == "contacts":
                self._contacts(obj, f, snap[f.name])
            elif f.type == "items" and f.name == "initiatives":
                self._initiatives(obj, f, snap[f.name])

    def write(self, kind: Kind, snap: Snapshot) -> Any:
        obj = self.write_fields(kind, snap)
        self.write_refs(kind, snap)
        return obj

    def _contacts(self, org: Any, f: Field, items: list[Snapshot]) -> None:
        if [_item_snapshot(f.items, c) for c in org.contacts] == items:
            return  # unchanged: keep the rows (and their ids)
        org.contacts.clear()  # delete-orphan removes the old rows
        for item in items:
            org.contacts.append(ContactPoint(**{sub.orm: item[sub.name] for sub in f.items}))

    def _initiatives(self, plan: Any, f: Field, items: list[Snapshot]) -> None:
        # Paired by number, or by title where a new edition renumbered them (``measure_pairing``):
        # services and departments name a measure's row, so each row stays with its measure.
        rows = {i.number: i for i in plan.initiatives}
        held = [{"number": n, "title": i.title, "content": i.content} for n, i in rows.items()]
        pairing = measure_pairing.pair(held, items)
        if pairing.ambiguous:
            raise RecordError(measure_pairing.problem(held, items))
        existing = {new: rows[old] for old, new in pairing.pairs.items()}
        moving = [i for n, i in rows.items() if i.id is not None and pairing.pairs.get(n) != n]
        with self.s.no_autoflush:  # each a number of its own first: no two rows hold one number in between
            for row in moving:
                self.s.execute(
                    update(Initiative).where(Initiative.id == row.id).values(number=f"~{row.id}"),
                    execution_options={"synchronize_session": False},
                )
        for number, gone in rows.items():
            if number not in pairing.pairs:
                self.s.delete(gone)
        wanted = []
        for order, item in enumerate(items):
            ini = existing.get(item["number"]) or Initiative(number=item["number"])
            for sub in f.items:
                value = item[sub.name]
                if sub.type == "refs":
                    value = [self.resolve(sub.target, k) for k in value]
                elif sub.type == "date":
                    value = dt.date.fromisoformat(value) if value else None
                setattr(ini, sub.orm, value)
            ini.sort_order = order
            wanted.append(ini)
        plan.initiatives = wanted
