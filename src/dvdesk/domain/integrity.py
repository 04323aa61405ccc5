"""One gate for the directory: the state every write must leave it in, checked before commit.

Every way into the directory (the administrator's editor, data packages, spreadsheets, HSDS files,
the bundled directory, a restored backup) ends in ``Database.write()``, which calls ``gate`` inside
the transaction, after the last flush and before the commit: a refused write raises
``DirectoryRefused`` and the transaction is rolled back, so the database keeps its state.

The rules (``check``): confidentiality levels are known values (a blank level is not one), a
shelter's location is never public, phones are dialable Japanese numbers, schedules are readable,
keys are short printable ASCII, municipality codes carry their check digit, text has no control
characters and a bounded length, references lead to a record, initiative numbers are unique in a
plan, and no parent relation (need categories, organisations) loops.

Only the records a write touched are held against it (``touched``); a problem that was already
there on an untouched record (an old backup, a hand-edited file) does not block an unrelated edit,
or its own repair. Such records are reported by ``scan``: the window and the command line say which
record, what is wrong and what to do, and keep working (the readers treat an unknown level as
secret and walk parent chains with a visited set).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, Text, text
from sqlalchemy.orm import Session

from dvdesk.domain import rules
from dvdesk.domain.directory import SHELTER_NEED
from dvdesk.domain.models import (
    Base,
    Confidentiality,
    ContactPoint,
    Initiative,
    Municipality,
    Need,
    Organization,
    OrgKind,
    Plan,
    Procedure,
    Service,
    ServiceKind,
)

TRACKED = "dvdesk.touched"  # session.info key: directory objects changed in this transaction
TOUCHED_IDS = "dvdesk.touched_ids"  # session.info key: table -> ids written in bulk (no ORM objects)

LABELS = {
    "needs": "ニーズ分類",
    "municipalities": "市区町村",
    "organizations": "組織・窓口",
    "plans": "計画",
    "services": "サービス",
    "procedures": "手続き",
}
# The key column and the name column of each record table.
_KEY = {
    "needs": ("key", "label_ja"),
    "municipalities": ("code", "name"),
    "organizations": ("key", "name"),
    "plans": ("key", "title"),
    "services": ("key", "name"),
    "procedures": ("key", "name"),
}
_MODELS = {
    "needs": Need,
    "municipalities": Municipality,
    "organizations": Organization,
    "plans": Plan,
    "services": Service,
    "procedures": Procedure,
}

_FIX_IN_ADMIN = "管理画面でこの記録を開いて直してください"
_LEVELS = tuple(c.value for c in Confidentiality)


@dataclass(frozen=True)
class Finding:
    """One record that breaks a rule, named so that an administrator can find and fix it."""

    table: str
    key: str
    name: str
    problem: str
    remedy: str = _FIX_IN_ADMIN
    ids: frozenset[int] = field(default_factory=frozenset)  # rows of ``table`` involved

    def __str__(self) -> str:
        name = f"「{shown(self.name)}」" if self.name else ""
        return f"{LABELS.get(self.table, self.table)}{name}（{shown(self.key)}）: {self.problem}。{self.remedy}"


def shown(value: str, width: int = 40) -> str:
    """A key or name as it may be printed: no control characters, not endless."""
    clean = "".join("?" if (c < " " or "\x7f" <= c <= "\x9f") else c for c in value[: width + 1])
    return clean if len(value) <= width else clean[: width - 1] + "…"


def summary(findings: list[Finding]) -> str:
    """One line: the first finding and how many more."""
    more = f"（ほか{len(findings) - 1}件）" if len(findings) > 1 else ""
    return f"{findings[0]}{more}"


class DirectoryRefused(ValueError):
    """A write that would leave the directory breaking a rule; nothing was changed."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        super().__init__("保存しませんでした（何も変更していません）: " + summary(findings))


# --- what a transaction touched -----------------------------------------------------------


def track(session: Session) -> None:
    """Remember the directory records about to be flushed (called before each flush)."""
    bag = session.info.setdefault(TRACKED, [])
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, (*_MODELS.values(), ContactPoint, Initiative)):
            bag.append(obj)


def touch(session: Session, table: str, row_id: int) -> None:
    """Remember a record written without the ORM (a bulk insert), so that the gate checks it too."""
    session.info.setdefault(TOUCHED_IDS, {}).setdefault(table, set()).add(row_id)


def touched_rows(session: Session) -> dict[str, set[int]]:
    """table -> ids of the records touched in this transaction (a contact counts as its
    organisation, an initiative as its plan). Call after the last flush."""
    out: dict[str, set[int]] = {t: set(ids) for t, ids in session.info.get(TOUCHED_IDS, {}).items()}
    for obj in session.info.get(TRACKED, []):
        if isinstance(obj, ContactPoint):
            table, row_id = "organizations", obj.organization_id
        elif isinstance(obj, Initiative):
            table, row_id = "plans", obj.plan_id
        else:
            table, row_id = obj.__tablename__, obj.id
        if row_id is not None:
            out.setdefault(table, set()).add(row_id)
    return out


def gate(session: Session) -> None:
    """Refuse (raise ``DirectoryRefused``) when the records this transaction touched break a rule."""
    touched = touched_rows(session)
    session.info.pop(TRACKED, None)
    session.info.pop(TOUCHED_IDS, None)
    if not touched:
        return
    findings = [f for f in check(session, touched) if f.ids & touched.get(f.table, set())]
    if findings:
        raise DirectoryRefused(findings)


# --- the rules ----------------------------------------------------------------------------

Touched = dict[str, set[int]] | None  # table -> row ids; None: the whole directory


def check(session: Session, touched: Touched = None) -> list[Finding]:
    """Every finding among ``touched`` rows (None: the whole directory, as ``dvdesk check`` and a
    restore use it). Parent loops are always looked for in the whole relation: a loop is made by
    one edit but involves records it did not touch."""
    return [
        *_enums(session, touched),
        *_cycles(session),
        *_shelters(session, touched),
        *_dangling(session, touched),
        *_duplicate_initiatives(session, touched),
        *_codes(session, touched),
        *_texts(session, touched),
    ]


def scan(session: Session) -> list[Finding]:
    """What would break the desk or a printout if it slipped past the gate: unknown levels and
    kinds, a public shelter location, parent loops. Plain SQL over the whole directory, one pass
    per table, so that every start and every command can afford it (``benchmarks/bench_gate.py``)."""
    return [*_enums(session, None), *_cycles(session), *_shelters(session, None)]


def _rows(session: Session, sql: str, **params: object) -> list[Sequence[Any]]:
    return list(session.execute(text(sql), params))


def _among(touched: Touched, table: str, column: str) -> str | None:
    """An SQL condition keeping the touched rows of ``table`` ("" for all), or None: none touched."""
    if touched is None:
        return ""
    ids = touched.get(table)
    if not ids:
        return None
    return f" AND {column} IN ({', '.join(str(int(i)) for i in sorted(ids))})"


# The columns holding a level or a kind, checked in one pass over each table: (column, label, known values).
_LEVEL_SET = tuple(_LEVELS)
_ENUM_COLUMNS = {
    "services": (
        ("location_confidentiality", "所在地の公開範囲", _LEVEL_SET),
        ("confidentiality", "サービス全体の公開範囲", _LEVEL_SET),
        ("kind", "種類", tuple(k.value for k in ServiceKind)),
    ),
    "organizations": (
        ("address_confidentiality", "所在地の公開範囲", _LEVEL_SET),
        ("kind", "種類", tuple(k.value for k in OrgKind)),
    ),
}
_LEVEL_FIX = "管理画面で公開範囲を選び直してください"


def _unknown(column: str, known: tuple[str, ...]) -> str:
    return f"({column} IS NULL OR {column} NOT IN ({', '.join(repr(v) for v in known)}))"


def _enums(session: Session, touched: Touched) -> Iterator[Finding]:
    """Levels that are none of 公開・職員のみ・秘密 (a blank one included), kinds and phases
    dvdesk does not know."""
    for table, columns in _ENUM_COLUMNS.items():
        if (among := _among(touched, table, "id")) is None:
            continue
        key, name = _KEY[table]
        wrong = " OR ".join(_unknown(c, known) for c, _, known in columns)
        names = ", ".join(c for c, _, _ in columns)
        for r in _rows(session, f"SELECT id, {key}, {name}, {names} FROM {table} WHERE ({wrong}){among}"):
            for i, (_column, label, known) in enumerate(columns):
                value = r[3 + i]
                if value in known:
                    continue
                if known is _LEVEL_SET:
                    said = f"「{value}」" if value else "空"
                    yield Finding(
                        table,
                        r[1],
                        r[2],
                        f"「{label}」が{said}です（公開・職員のみ・秘密のどれでもありません。秘密として扱っています）",
                        _LEVEL_FIX,
                        frozenset({r[0]}),
                    )
                else:
                    yield Finding(
                        table,
                        r[1],
                        r[2],
                        f"「{label}」が「{value or ''}」です（知らない値です）",
                        "管理画面で種類を選び直してください",
                        frozenset({r[0]}),
                    )
    if (among := _among(touched, "organizations", "o.id")) is not None:
        for r in _rows(
            session,
            "SELECT o.id, o.key, o.name, c.confidentiality, c.label FROM contact_points c "
            "JOIN organizations o ON o.id = c.organization_id "
            f"WHERE {_unknown('c.confidentiality', _LEVEL_SET)}{among}",
        ):
            said = f"「{r[3]}」" if r[3] else "空"
            yield Finding(
                "organizations",
                r[1],
                r[2],
                f"連絡先「{r[4] or '（名称なし）'}」の公開範囲が{said}です（秘密として扱っています）",
                _LEVEL_FIX,
                frozenset({r[0]}),
            )
    if (among := _among(touched, "procedures", "id")) is not None:
        for r in _rows(
            session,
            f"SELECT id, key, name, phase FROM procedures WHERE (phase IS NULL OR phase NOT BETWEEN 1 AND 8){among}",
        ):
            yield Finding(
                "procedures",
                r[1],
                r[2],
                f"段階が {r[3]} です（1〜8）",
                "管理画面で段階を選び直してください",
                frozenset({r[0]}),
            )


# (table, column, target table, what the column means)
_REFERENCES = (
    ("needs", "parent_id", "needs", "上位の分類"),
    ("organizations", "parent_id", "organizations", "上位の組織"),
    ("organizations", "municipality_id", "municipalities", "市区町村"),
    ("plans", "municipality_id", "municipalities", "市区町村"),
    ("services", "municipality_id", "municipalities", "市区町村"),
    ("services", "organization_id", "organizations", "提供する組織"),
    ("procedures", "municipality_id", "municipalities", "市区町村"),
    ("procedures", "organization_id", "organizations", "担当課"),
)
# (association table, owner column, owner table, target column, target table, label)
_LINKS = (
    ("service_needs", "service_id", "services", "need_id", "needs", "ニーズ分類"),
    ("service_initiatives", "service_id", "services", "initiative_id", "initiatives", "計画の取組"),
    ("procedure_needs", "procedure_id", "procedures", "need_id", "needs", "ニーズ分類"),
    ("initiative_departments", "initiative_id", "initiatives", "organization_id", "organizations", "担当部署"),
)
_DANGLING = "管理画面で参照先を選び直すか、正常なバックアップから復元してください"


def _dangling(session: Session, touched: Touched) -> Iterator[Finding]:
    """References to no record: impossible through dvdesk (foreign keys are on), possible in a
    file edited by hand with them off."""
    for table, column, target, label in _REFERENCES:
        if (among := _among(touched, table, "t.id")) is None:
            continue
        key, name = _KEY[table]
        for r in _rows(
            session,
            f"SELECT t.id, t.{key}, t.{name}, t.{column} FROM {table} t "
            f"LEFT JOIN {target} x ON x.id = t.{column} "
            f"WHERE t.{column} IS NOT NULL AND x.id IS NULL{among}",
        ):
            yield Finding(
                table, r[1], r[2], f"「{label}」の参照先（id {r[3]}）がありません", _DANGLING, frozenset({r[0]})
            )
    for link, own, owner, col, target, label in _LINKS:
        if owner == "initiatives":
            if (among := _among(touched, "plans", "p.id")) is None:
                continue
            rows = _rows(
                session,
                f"SELECT p.id, p.key, p.title, l.{col} FROM {link} l "
                f"JOIN initiatives i ON i.id = l.{own} JOIN plans p ON p.id = i.plan_id "
                f"LEFT JOIN {target} x ON x.id = l.{col} WHERE x.id IS NULL{among}",
            )
            owner = "plans"
        else:
            if (among := _among(touched, owner, "o.id")) is None:
                continue
            key, name = _KEY[owner]
            rows = _rows(
                session,
                f"SELECT o.id, o.{key}, o.{name}, l.{col} FROM {link} l "
                f"JOIN {owner} o ON o.id = l.{own} "
                f"LEFT JOIN {target} x ON x.id = l.{col} WHERE x.id IS NULL{among}",
            )
        for r in rows:
            yield Finding(
                owner, r[1], r[2], f"「{label}」の参照先（id {r[3]}）がありません", _DANGLING, frozenset({r[0]})
            )
    if (among := _among(touched, "plans", "i.plan_id")) is None:
        return
    for r in _rows(
        session,
        "SELECT i.id, i.number, i.plan_id FROM initiatives i "
        f"LEFT JOIN plans p ON p.id = i.plan_id WHERE p.id IS NULL{among}",
    ):
        yield Finding("plans", f"id {r[2]}", "", f"取組「{r[1]}」の計画がありません", _DANGLING, frozenset({r[2]}))


def parent_cycles(parents: dict[int, int | None]) -> list[list[int]]:
    """Each loop of a parent relation once, as the ids on it (in parent order)."""
    state: dict[int, int] = {}  # 1 = on the current path, 2 = done
    loops: list[list[int]] = []
    for start in parents:
        path: list[int] = []
        node: int | None = start
        while node is not None and node in parents and state.get(node) is None:
            state[node] = 1
            path.append(node)
            node = parents[node]
        if node is not None and state.get(node) == 1:
            loops.append(path[path.index(node) :])
        for n in path:
            state[n] = 2
    return loops


def _cycles(session: Session) -> Iterator[Finding]:
    for table, label in (("needs", "上位の分類"), ("organizations", "上位の組織")):
        links = _rows(session, f"SELECT id, parent_id FROM {table}")
        parents: dict[int, int | None] = {row[0]: row[1] for row in links}
        for loop in parent_cycles(parents):
            key, name = _KEY[table]
            rows = {
                r[0]: r
                for r in _rows(
                    session, f"SELECT id, {key}, {name} FROM {table} WHERE id IN ({', '.join(str(i) for i in loop)})"
                )
            }
            names = " → ".join(rows[i][2] or rows[i][1] for i in [*loop, loop[0]])
            first = rows[loop[0]]
            yield Finding(
                table,
                first[1],
                first[2],
                f"「{label}」をたどると元に戻ります（{shown(names, 200)}）",
                f"管理画面でこのうちどれかの「{label}」を直してください",
                frozenset(loop),
            )


def shelter_need_ids(session: Session) -> set[int]:
    """``safety.shelter``, the needs keyed under it and every need below it (cycle-safe)."""
    rows = _rows(session, "SELECT id, key, parent_id FROM needs")
    found = {r[0] for r in rows if r[1] == SHELTER_NEED or r[1].startswith(SHELTER_NEED + ".")}
    children: dict[int, list[int]] = {}
    for r in rows:
        if r[2] is not None:
            children.setdefault(r[2], []).append(r[0])
    todo = list(found)
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _shelters(session: Session, touched: Touched) -> Iterator[Finding]:
    if (among := _among(touched, "services", "s.id")) is None:
        return
    shelters = shelter_need_ids(session)
    if not shelters:
        return
    ids = ", ".join(str(i) for i in sorted(shelters))
    for r in _rows(
        session,
        "SELECT DISTINCT s.id, s.key, s.name FROM services s "
        f"JOIN service_needs sn ON sn.service_id = s.id AND sn.need_id IN ({ids}) "
        f"WHERE trim(s.location) != '' AND s.location_confidentiality = 'public'{among}",
    ):
        yield Finding(
            "services",
            r[1],
            r[2],
            "一時保護・シェルターの所在地が「公開」になっています（相談者の控えには載せていません）",
            "管理画面で所在地の公開範囲を「秘密」にしてください",
            frozenset({r[0]}),
        )


def _duplicate_initiatives(session: Session, touched: Touched) -> Iterator[Finding]:
    if (among := _among(touched, "plans", "p.id")) is None:
        return
    for r in _rows(
        session,
        "SELECT p.id, p.key, p.title, i.number FROM initiatives i JOIN plans p "
        f"ON p.id = i.plan_id WHERE 1 = 1{among} GROUP BY p.id, p.key, p.title, i.number "
        "HAVING count(*) > 1",
    ):
        yield Finding("plans", r[1], r[2], f"取組の番号「{r[3]}」が重複しています", _FIX_IN_ADMIN, frozenset({r[0]}))


def _codes(session: Session, touched: dict[str, set[int]] | None) -> Iterator[Finding]:
    for r in _rows(session, "SELECT id, code, name FROM municipalities"):
        if (touched is None or r[0] in touched.get("municipalities", ())) and (
            msg := rules.municipality_code_problem(r[1] or "")
        ):
            yield Finding(
                "municipalities", r[1] or "", r[2], msg, "管理画面で団体コードを確かめてください", frozenset({r[0]})
            )


# --- per-row text rules -------------------------------------------------------------------

_PHONES = {"services": ("phone",)}
_SCHEDULES = {"services": ("schedule",)}
_KEY_LIMITS = {"needs": 60}


def _chunks(ids: Iterable[int], size: int = 500) -> Iterator[list[int]]:
    ids = sorted(ids)
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _selected(
    session: Session, table: str, columns: list[str], touched: Touched, id_column: str = "id"
) -> Iterator[Sequence[Any]]:
    """Rows (plain tuples, no ORM objects) of ``table``: all of them, or the touched ones."""
    quoted = ", ".join(f'"{c}"' for c in columns)  # "window" is a reserved word on PostgreSQL
    sql = f"SELECT {quoted} FROM {table}"
    if touched is None:
        yield from session.execute(text(sql))
        return
    for chunk in _chunks(
        touched.get("organizations" if table == "contact_points" else "plans" if table == "initiatives" else table, ())
    ):
        yield from session.execute(text(f"{sql} WHERE {id_column} IN ({', '.join(str(int(i)) for i in chunk)})"))


def _text_columns(model: type[Base]) -> list[tuple[str, int, bool]]:
    """(column, length limit, multi-line) for each text column of ``model``."""
    out = []
    for col in model.__table__.columns:
        if isinstance(col.type, String) and not isinstance(col.type, Text) and col.type.length:
            out.append((col.name, col.type.length, False))
        elif isinstance(col.type, Text):
            out.append((col.name, rules.MAX_TEXT, True))
    return out


def _text_problems(row: Sequence[object], columns: list[tuple[str, int, bool]], skip: str = "") -> list[str]:
    out = []
    for (column, limit, multiline), value in zip(columns, row, strict=True):
        if column != skip and isinstance(value, str) and (msg := rules.text_problem(value, limit, multiline=multiline)):
            out.append(f"{column}: {msg}")
    return out


def _texts(session: Session, touched: Touched) -> Iterator[Finding]:
    """Keys, text lengths and control characters, phones and schedules: Python per row, so only
    over the touched rows in the gate (``dvdesk check`` reads them all)."""
    problems: dict[tuple[str, int], list[str]] = {}
    names: dict[tuple[str, int], tuple[str, str]] = {}
    for table, model in _MODELS.items():
        key_attr, name_attr = _KEY[table]
        columns = _text_columns(model)
        for row in _selected(session, table, ["id", key_attr, name_attr, *(c for c, _, _ in columns)], touched):
            row_id, key, name, values = row[0], row[1] or "", row[2] or "", row[3:]
            found = _text_problems(values, columns, skip=key_attr)
            if table != "municipalities" and (msg := rules.key_problem(key, _KEY_LIMITS.get(table, rules.MAX_KEY))):
                found.insert(0, msg)
            by_name: dict[str, str | None] = dict(zip((c for c, _, _ in columns), values, strict=True))
            for column in _PHONES.get(table, ()):
                if msg := rules.phone_problem(by_name.get(column) or ""):
                    found.append(msg)
            for column in _SCHEDULES.get(table, ()):
                if msg := rules.schedule_problem(by_name.get(column) or ""):
                    found.append(msg)
            names[(table, row_id)] = (key, name)
            if found:
                problems[(table, row_id)] = found
    contact_columns = _text_columns(ContactPoint)
    for row in _selected(
        session, "contact_points", ["organization_id", *(c for c, _, _ in contact_columns)], touched, "organization_id"
    ):
        by_name = dict(zip((c for c, _, _ in contact_columns), row[1:], strict=True))
        label = by_name.get("label") or "（名称なし）"
        found = [
            f"連絡先「{label}」: {m}"
            for m in (
                rules.phone_problem(by_name.get("phone") or ""),
                rules.schedule_problem(by_name.get("hours") or ""),
            )
            if m
        ]
        found += [f"連絡先 {m}" for m in _text_problems(row[1:], contact_columns)]
        if found:
            problems.setdefault(("organizations", row[0]), []).extend(found)
    initiative_columns = _text_columns(Initiative)
    for row in _selected(
        session, "initiatives", ["plan_id", *(c for c, _, _ in initiative_columns)], touched, "plan_id"
    ):
        found = [f"取組 {m}" for m in _text_problems(row[1:], initiative_columns)]
        if found:
            problems.setdefault(("plans", row[0]), []).extend(found)
    for (table, row_id), found in problems.items():
        key, name = names.get((table, row_id), (f"id {row_id}", ""))
        yield Finding(table, key, name, shown("、".join(found), 400), _FIX_IN_ADMIN, frozenset({row_id}))
