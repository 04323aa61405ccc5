"""Checks an administrator's edit before it is saved, with messages she can act on.

``check`` returns every problem at once (so a dialog can mark every bad field), each naming the
field path it belongs to. The text rules themselves (phones, schedules, keys, codes) live in
``dvdesk.domain.rules``; the whole directory is checked again before every commit by
``dvdesk.domain.integrity``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Set
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from dvdesk.admin.kinds import CONFIDENTIALITY_LABELS, CONTACT_FIELDS, INITIATIVE_FIELDS, Field, Kind
from dvdesk.admin.known import Known, name_key
from dvdesk.admin.records import Snapshot, Writer
from dvdesk.admin.shelter_links import ShelterLinks
from dvdesk.domain import measure_pairing
from dvdesk.domain.models import Confidentiality, ContactPoint, Municipality
from dvdesk.domain.rules import (  # noqa: F401 (re-exported: the editor's tests and callers use them here)
    LINE_TEXT,
    MAX_KEY,
    MAX_TEXT,
    THREE_DIGIT,
    email_problem,
    joined_clean,
    key_problem,
    municipality_code_problem,
    normalize_phone,
    phone_problem,
    schedule_problem,
    text_problem,
    texts_clean,
)


@dataclass(frozen=True)
class Problem:
    path: str  # "phone", "contacts.0.phone", "" for the record as a whole
    message: str


AddProblem = Callable[[str, str], None]  # (path, message): records one problem


class ValidationError(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return "\n".join(p.message for p in self.problems)


def check(
    session: Session,
    kind: Kind,
    snap: Snapshot,
    *,
    is_new: bool,
    known: set[tuple[str, str]] | frozenset = frozenset(),
    parents: dict[str, str] | None = None,
    directory: Known | None = None,
    links: ShelterLinks | None = None,
) -> list[Problem]:
    """Every problem of ``snap``. ``known``: (kind, key) of records arriving in the same batch,
    which references may point at although they are not in the database yet; ``parents``: the
    parent keys those records of ``kind`` bring (so a loop across the batch is seen);
    ``directory``: the database's answers read once for a whole batch (else one query each);
    ``links``: the gate's shelter rules with the batch's records added (``shelter_links``; else
    those on this record alone, as for one edit)."""
    problems: list[Problem] = []
    add = lambda path, message: problems.append(Problem(path, message))  # noqa: E731

    key = snap.get("key", "")
    if kind.name == "municipality":
        if msg := municipality_code_problem(key):
            add("key", msg)
    elif msg := key_problem(key, KEY_LIMITS.get(kind.name, MAX_KEY)):
        add("key", msg)
    _check_texts(kind.fields, snap, add, kind.model)
    if is_new and key and (directory.has(kind.name, key) if directory else Writer(session).find(kind, key) is not None):
        add("key", f"キー「{key}」はすでに使われています")

    lone = _lone_levels(kind)
    for f in _checked_fields(kind):
        value: Any = snap[f.name] if f.name in snap else f.empty()  # f.empty() builds a value: only when missing
        if f.required and not str(value).strip():
            add(f.name, f"「{f.label}」を入力してください")
        if f.choices is CONFIDENTIALITY_LABELS and f.name in lone and not _is_level(value):
            add(f.name, f"「{f.label}」を選んでください")  # a level no field guards (a service's own)
        if f.guarded_by and not _is_level(snap.get(f.guarded_by)):
            add(
                f.guarded_by,
                f"「{f.label}」を入力したときは公開範囲を選んでください"
                if str(value).strip()
                else f"「{kind.field(f.guarded_by).label}」を選んでください",
            )
        if f.type == "ref" and value and not _exists(session, f.target, value, known, directory):
            add(f.name, f"「{f.label}」の「{value}」が見つかりません")
        if f.type == "refs":
            missing = [v for v in value if not _exists(session, f.target, v, known, directory)]
            if missing:
                add(f.name, f"「{f.label}」に見つからないものがあります: {'、'.join(missing)}")
        if f.type == "ref" and f.target == kind.name and value and value == key:
            add(f.name, f"「{f.label}」に自分自身は指定できません")
        elif (
            f.type == "ref"
            and f.target == kind.name
            and value
            and (loop := _cycle(session, kind, key, value, parents, directory))
        ):
            add(
                f.name,
                f"「{f.label}」をたどると元に戻ってしまいます（{' → '.join(loop)}）。上位の指定を見直してください",
            )

    for name in ("phone",):
        if name in snap and (msg := phone_problem(snap[name])):
            add(name, msg)
    if kind.name == "service" and (msg := schedule_problem(snap.get("schedule", ""))):
        add("schedule", msg)
    for i, contact in enumerate(snap.get("contacts", []) if kind.name == "organization" else []):
        _check_contact(i, contact, add)
    if kind.name == "procedure" and not snap.get("department") and not snap.get("department_hint", "").strip():
        add("department", "「担当課」か「担当課の目安」のどちらかを入力してください")
    if kind.name in ("service", "organization", "need"):
        links = links or ShelterLinks(session, providers=False)
        if kind.name == "service" and _shelter_location_public(snap, links):
            add(
                "location_confidentiality",
                "一時保護・シェルターの所在地は「公開」にできません（相談者に渡す印刷物に載ってしまいます）",
            )
        for path, message in links.problems(kind.name, snap, known):
            add(path, message)
    if kind.name == "plan":
        for i, item in enumerate(snap.get("initiatives", [])):
            _check_measure(i, item, add)
        numbers = [str(i.get("number", "")) for i in snap.get("initiatives", [])]
        if twice := sorted({n for n in numbers if numbers.count(n) > 1}):
            add("initiatives", f"取組の番号が重複しています: {'、'.join(twice)}")
        held = None if is_new else Writer(session).find(kind, key)
        if held is not None and (msg := _measures_problem(held, snap)):
            add("initiatives", msg)
    if dup := _duplicate_name(session, kind, snap, directory):
        add(kind.title_field, dup)
    return problems


def _measures_problem(plan: Any, snap: Snapshot) -> str:
    """A new edition whose renumbered measures cannot be paired with the plan's (``measure_pairing``)."""
    held = [{"number": i.number, "title": i.title, "content": i.content} for i in plan.initiatives]
    return measure_pairing.problem(held, snap.get("initiatives", []))


_CHECKED: dict[int, tuple[Kind, tuple[Field, ...]]] = {}


_LONE: dict[int, tuple[Kind, frozenset[str]]] = {}


def _lone_levels(kind: Kind) -> frozenset[str]:
    """The level fields that guard no other (those that do are checked with it, in its words)."""
    made = _LONE.get(id(kind))
    if made is None or made[0] is not kind:
        guards = {f.guarded_by for f in kind.fields if f.guarded_by}
        levels = frozenset(f.name for f in kind.fields if f.choices is CONFIDENTIALITY_LABELS and f.name not in guards)
        made = _LONE[id(kind)] = (kind, levels)
    return made[1]


def _checked_fields(kind: Kind) -> tuple[Field, ...]:
    """The fields the loop in ``check`` can find a problem in (required, guarded, references, levels),
    in order: the others were visited for nothing, ~25 per record of a national package's 430,000."""
    made = _CHECKED.get(id(kind))
    if made is None or made[0] is not kind:
        fields = tuple(
            f
            for f in kind.fields
            if f.required or f.guarded_by or f.type in ("ref", "refs") or f.choices is CONFIDENTIALITY_LABELS
        )
        made = _CHECKED[id(kind)] = (kind, fields)
    return made[1]


KEY_LIMITS = {"need": 60}  # Need.key is String(60); the other keys String(80)
SHORT_TEXT = LINE_TEXT  # a name or a one-line field (the gate's bound too)


TextSpot = tuple[str, str, str, int, bool]  # (path, label, value, limit, multi-line)


def _texts(fields: tuple[Field, ...], snap: Snapshot, prefix: str = "", model: Any = None) -> Iterator[TextSpot]:
    """Every non-empty text of a record with where it is and its limits (items' fields included)."""
    limits = _limits(fields, model)
    for f in fields:
        value = snap.get(f.name)
        values = value if f.type in ("texts", "refs") and isinstance(value, list) else [value]
        longtext = f.type == "longtext"
        for v in values:
            if isinstance(v, str) and v:
                yield prefix + f.name, f.label, v, MAX_TEXT if longtext else limits.get(f.name, SHORT_TEXT), longtext
        if f.type == "items" and isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    yield from _texts(f.items, item, f"{prefix}{f.name}.{i}.", _item_model(model, f))


def _limits(fields: tuple[Field, ...], model: Any) -> dict[str, int]:
    """A one-line field's length limit: its column's, where that is shorter than ``SHORT_TEXT`` (a
    department's name is String(120); the gate's text rule holds a value to its column)."""
    if model is None:
        return {}
    columns = model.__table__.columns
    return {
        f.name: min(SHORT_TEXT, columns[f.orm].type.length)
        for f in fields
        if f.type in ("text", "phone", "extension", "")
        and f.orm in columns
        and getattr(columns[f.orm].type, "length", None)
    }


def _item_model(model: Any, f: Field) -> Any:
    """The model of an ``items`` field's sub-records (an organisation's contacts, a plan's initiatives)."""
    return model.__mapper__.relationships[f.orm].mapper.class_ if model is not None else None


class _TextPlan:
    """Where a kind's texts are (``_texts``' walk, worked out once per field list, not per record of a
    national package): one-line fields, multi-line ones, lists of one-line texts, and sub-records."""

    def __init__(self, fields: tuple[Field, ...], model: Any = None):
        limits = _limits(fields, model)
        self.short = [
            (f.name, limits.get(f.name, SHORT_TEXT))
            for f in fields
            if f.type not in ("longtext", "texts", "refs", "items")
        ]
        self.long = [f.name for f in fields if f.type == "longtext"]
        self.lists = [f.name for f in fields if f.type in ("texts", "refs")]
        self.items = [(f.name, _text_plan(f.items, _item_model(model, f))) for f in fields if f.type == "items"]

    def clean(self, snap: Snapshot, single: list[str], multi: list[str]) -> bool:
        """False when a text of ``snap`` is too long; else its texts are added to ``single`` and
        ``multi`` for one pattern search (``rules.joined_clean``): ``texts_clean`` over ``_texts``."""
        get = snap.get
        for name, limit in self.short:
            if isinstance(v := get(name), str):
                if len(v) > limit:
                    return False
                single.append(v)
        for name in self.long:
            if isinstance(v := get(name), str):
                if len(v) > MAX_TEXT:
                    return False
                multi.append(v)
        for name in self.lists:
            value = get(name)
            for v in value if isinstance(value, list) else (value,):
                if isinstance(v, str):
                    if len(v) > SHORT_TEXT:
                        return False
                    single.append(v)
        for name, plan in self.items:
            value = get(name)
            if isinstance(value, str):  # not a list: ``_texts`` takes it as a one-line text
                if len(value) > SHORT_TEXT:
                    return False
                single.append(value)
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, dict) and not plan.clean(item, single, multi):
                        return False
        return True


# By the field tuple's and the model's identity, as _CHECKED.
_TEXT_PLANS: dict[tuple[int, int], tuple[tuple[Field, ...], Any, _TextPlan]] = {}


def _text_plan(fields: tuple[Field, ...], model: Any = None) -> _TextPlan:
    made = _TEXT_PLANS.get((id(fields), id(model)))
    if made is None or made[0] is not fields or made[1] is not model:
        made = _TEXT_PLANS[(id(fields), id(model))] = (fields, model, _TextPlan(fields, model))
    return made[2]


def texts_clean_of(fields: tuple[Field, ...], snap: Snapshot, model: Any = None) -> bool:
    """Whether every text of ``snap`` is clean (``texts_clean`` over ``_texts``), in one pass."""
    single: list[str] = []
    multi: list[str] = []
    return _text_plan(fields, model).clean(snap, single, multi) and joined_clean(single, multi)


def _check_texts(fields: tuple[Field, ...], snap: Snapshot, add: AddProblem, model: Any = None) -> None:
    """No control characters (NUL, terminal escapes) and no length a screen, a printout or its
    column (``model``'s) cannot hold. Clean text (the common case) is told in one pass; only a
    record that is not is read value by value."""
    if texts_clean_of(fields, snap, model):
        return
    texts = list(_texts(fields, snap, model=model))
    for path, label, v, limit, multiline in texts:
        if msg := text_problem(v, limit, multiline=multiline):
            add(path, f"「{label}」: {msg}")


def _cycle(
    session: Session,
    kind: Kind,
    key: str,
    parent_key: str,
    incoming: dict[str, str] | None = None,
    directory: Known | None = None,
) -> list[str] | None:
    """The chain ``key`` → parent → … when it comes back to ``key`` (or loops elsewhere), else None.
    ``incoming``: key -> parent key of records arriving in the same batch (they win over the DB)."""
    model = kind.model
    parent = aliased(model)
    batch = incoming or {}  # read, not copied: a copy per record was quadratic in a national package

    def parent_of(node: str) -> str | None:  # the batch first, then the database (one indexed lookup)
        if node == key:
            return parent_key
        if node in batch:
            return batch[node] or None
        if directory is not None:
            return directory.parent_of(kind, node)
        return session.scalar(select(parent.key).join(model, model.parent_id == parent.id).where(model.key == node))

    chain, seen = [key], {key}
    node: str | None = parent_key
    while node is not None:
        chain.append(node)
        if node in seen:
            return chain
        seen.add(node)
        node = parent_of(node)
    return None


def _check_measure(i: int, item: Snapshot, add: AddProblem) -> None:
    """A plan's measure (取組) needs its 番号 (its key: services and departments name it by it),
    表示名 and 題名 (what the desk and the printout show)."""
    if not isinstance(item, dict):
        return
    name = str(item.get("label") or "").strip() or str(item.get("title") or "").strip() or f"{i + 1}番目"
    for f in INITIATIVE_FIELDS:
        if f.required and not str(item.get(f.name, "")).strip():
            add(f"initiatives.{i}.{f.name}", f"取組「{name}」: 「{f.label}」を入力してください")


def _check_contact(i: int, contact: Snapshot, add: AddProblem) -> None:
    label = f"連絡先{i + 1}"
    if not any(str(contact.get(f.name, "")).strip() for f in CONTACT_FIELDS if f.type != "choice"):
        add(f"contacts.{i}", f"{label}が空です")
    if msg := phone_problem(contact.get("phone", "")):
        add(f"contacts.{i}.phone", f"{label}: {msg}")
    if msg := schedule_problem(contact.get("hours", "")):
        add(f"contacts.{i}.hours", f"{label}: {msg.replace('日時', '受付時間')}")
    if msg := email_problem(contact.get("email", "")):
        add(f"contacts.{i}.email", f"{label}: {msg}")
    if not _is_level(contact.get("confidentiality")):
        add(f"contacts.{i}.confidentiality", f"{label}: 公開範囲を選んでください")
    ext = unicodedata.normalize("NFKC", str(contact.get("extension", ""))).strip()
    if ext and not re.fullmatch(r"[\d\-]+", ext):
        add(f"contacts.{i}.extension", f"{label}: 内線は数字で入力してください: {ext}")


_LEVELS = frozenset(c.value for c in Confidentiality)


def _is_level(value: object) -> bool:
    return value in _LEVELS


def _shelter_location_public(snap: Snapshot, links: ShelterLinks) -> bool:
    """As the gate's ``integrity_rules.shelters``: a shelter (through the need tree) with a location, public."""
    return (
        bool(str(snap.get("location", "")).strip(" "))
        and snap.get("location_confidentiality") == Confidentiality.PUBLIC.value
        and links.is_shelter(snap.get("needs", []))
    )


def _exists(
    session: Session, target: str, key: str, known: Set[tuple[str, str]] = frozenset(), directory: Known | None = None
) -> bool:
    if (target, key) in known:
        return True
    if directory is not None:
        return directory.has(target, key)
    try:
        Writer(session).resolve(target, key)
    except ValueError:
        return False
    return True


def _duplicate_name(session: Session, kind: Kind, snap: Snapshot, directory: Known | None = None) -> str | None:
    """Two live records of one kind with the same name in the same municipality confuse a search."""
    title = str(snap.get(kind.title_field, "")).strip()
    if not title or snap.get("retired"):
        return None
    if directory is not None:
        other_key = directory.same_name(kind, snap, title)
        return None if other_key is None else _duplicate_message(kind, snap, title, other_key)
    model = kind.model
    stmt = select(getattr(model, kind.title_field), getattr(model, kind.key_attr)).where(
        getattr(model, kind.key_attr) != snap.get("key", "")
    )
    if kind.retirable:
        stmt = stmt.where(model.retired.is_(False))
    if kind.name == "municipality":
        stmt = stmt.where(model.prefecture == snap.get("prefecture", ""))
    if kind.municipality_field:
        code = snap.get(kind.municipality_field) or None
        muni_id = session.scalar(select(Municipality.id).where(Municipality.code == code)) if code else None
        stmt = stmt.where(model.municipality_id.is_(None) if muni_id is None else model.municipality_id == muni_id)
    wanted = name_key(title)  # compared here, not in SQL: the names in one place are a few hundred
    other = next((key for name, key in session.execute(stmt) if name_key(name) == wanted), None)
    return None if other is None else _duplicate_message(kind, snap, title, other)


def _duplicate_message(kind: Kind, snap: Snapshot, title: str, other_key: str) -> str:
    where = snap.get(kind.municipality_field) if kind.municipality_field else ""
    scope = "同じ市区町村に" if where else ("全国の記録に" if kind.municipality_field else "")
    return f"{scope}同じ名称の{kind.label}「{title}」がすでにあります（{other_key}）"


def contact_problems(contact: Snapshot) -> list[Problem]:
    """A single contact point's problems, with paths relative to it ("phone", "hours"): all that
    the organisation's save would say of it (its texts too: control characters, its columns' lengths)."""
    problems: list[Problem] = []

    def add(path: str, message: str) -> None:
        problems.append(Problem(path.removeprefix("contacts.0").lstrip("."), message.removeprefix("連絡先1: ")))

    _check_contact(0, contact, add)
    _check_texts(CONTACT_FIELDS, contact, add, ContactPoint)
    return problems
