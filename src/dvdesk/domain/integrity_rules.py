"""The gate's rules over whole tables, as SQL: levels and kinds dvdesk knows (an unknown level
reads as secret), references that lead to a record, parent relations without loops, a
shelter's location never public, initiative numbers unique in a plan, and municipality codes
with their check digit. Each rule reads only the rows a write touched (``Touched``), or the
whole directory for ``dvdesk check`` and a restore. The per-row text rules are
``integrity_texts``; the gate that runs them all is ``integrity``.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import text
from sqlalchemy.orm import Session

from dvdesk.domain import rules
from dvdesk.domain.directory import SHELTER_NEED
from dvdesk.domain.integrity_findings import FIX_IN_ADMIN, Finding, shown
from dvdesk.domain.models import (
    Confidentiality,
    Municipality,
    Need,
    Organization,
    OrgKind,
    Plan,
    Procedure,
    Service,
    ServiceKind,
)
from dvdesk.domain.secret_echo import echo, street_address

Node = TypeVar("Node", bound=Hashable)

Touched = dict[str, set[int]] | None  # table -> row ids; None: the whole directory


class EveryRow(set[int]):
    """A table's touched ids that are most of the rows it has (a whole directory written: a national
    import). A rule reads the table whole instead of naming 350,000 ids in ``IN`` lists: it reads the
    same rows, or more (the untouched ones, or where it joins through a reference: a finding on an
    untouched id, which the gate leaves out as before). Made only by ``integrity.gate``, after
    counting the table."""


# The key column and the name column of each record table.
KEY = {
    "needs": ("key", "label_ja"),
    "municipalities": ("code", "name"),
    "organizations": ("key", "name"),
    "plans": ("key", "title"),
    "services": ("key", "name"),
    "procedures": ("key", "name"),
}
MODELS = {
    "needs": Need,
    "municipalities": Municipality,
    "organizations": Organization,
    "plans": Plan,
    "services": Service,
    "procedures": Procedure,
}

LEVELS = tuple(c.value for c in Confidentiality)


def _rows(session: Session, sql: str, **params: object) -> list[Sequence[Any]]:
    return list(session.execute(text(sql), params))


def _among(touched: Touched, table: str, column: str) -> str | None:
    """An SQL condition keeping the touched rows of ``table`` ("" for all), or None: none touched."""
    if touched is None:
        return ""
    ids = touched.get(table)
    if not ids:
        return None
    if isinstance(ids, EveryRow):
        return ""
    return f" AND {column} IN ({', '.join(str(int(i)) for i in sorted(ids))})"


# The columns holding a level or a kind, checked in one pass over each table: (column, label, known values).
_LEVEL_SET = tuple(LEVELS)
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


def enums(session: Session, touched: Touched) -> Iterator[Finding]:
    """Levels that are none of 公開・職員のみ・秘密 (a blank one included), kinds and phases
    dvdesk does not know."""
    for table, columns in _ENUM_COLUMNS.items():
        if (among := _among(touched, table, "id")) is None:
            continue
        key, name = KEY[table]
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


def dangling(session: Session, touched: Touched) -> Iterator[Finding]:
    """References to no record: impossible through dvdesk (foreign keys are on), possible in a
    file edited by hand with them off."""
    for table, column, target, label in _REFERENCES:
        if (among := _among(touched, table, "t.id")) is None:
            continue
        key, name = KEY[table]
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
            key, name = KEY[owner]
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


def cycles(session: Session) -> Iterator[Finding]:
    for table, label in (("needs", "上位の分類"), ("organizations", "上位の組織")):
        links = _rows(session, f"SELECT id, parent_id FROM {table}")
        parents: dict[int, int | None] = {row[0]: row[1] for row in links}
        for loop in parent_cycles(parents):
            key, name = KEY[table]
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
    shelter = [r[0] for r in rows if is_shelter_key(r[1])]
    return with_descendants(shelter, ((r[0], r[2]) for r in rows))


def shelter_provider_join(session: Session) -> str | None:
    """``FROM …`` every (department ``o``, shelter service ``s``) pair, or None when no need is a
    shelter need: the one join the shelter-provider rules and lookups read."""
    shelter_ids = shelter_need_ids(session)
    if not shelter_ids:
        return None
    ids = ", ".join(str(i) for i in sorted(shelter_ids))
    return (
        "FROM organizations o JOIN services s ON s.organization_id = o.id "
        f"JOIN service_needs sn ON sn.service_id = s.id AND sn.need_id IN ({ids})"
    )


def is_shelter_key(key: str) -> bool:
    return key == SHELTER_NEED or key.startswith(SHELTER_NEED + ".")


def with_descendants(starts: Iterable[Node], tree: Iterable[tuple[Node, Node | None]]) -> set[Node]:
    """``starts`` and every node under them in ``tree`` (node, parent) pairs; a parent loop ends the walk."""
    children: dict[Node, list[Node]] = {}
    for node, parent in tree:
        if parent is not None:
            children.setdefault(parent, []).append(node)
    found = set(starts)
    todo = list(found)
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _shelter_rows(
    session: Session, touched: Touched, columns: str, where: str, *, located: bool = True
) -> list[Sequence[Any]]:
    """``columns`` of the touched services under 一時保護・シェルター (alias ``s``) where ``where``
    holds (``located``: only those with a location written)."""
    if (among := _among(touched, "services", "s.id")) is None:
        return []
    shelter_ids = shelter_need_ids(session)
    if not shelter_ids:
        return []
    ids = ", ".join(str(i) for i in sorted(shelter_ids))
    written = "trim(s.location) != '' AND " if located else ""
    return _rows(
        session,
        f"SELECT DISTINCT s.id, s.key, {columns} FROM services s "
        f"JOIN service_needs sn ON sn.service_id = s.id AND sn.need_id IN ({ids}) "
        f"WHERE {written}{where}{among}",
    )


def shelters(session: Session, touched: Touched) -> Iterator[Finding]:
    for r in _shelter_rows(session, touched, "s.name", "s.location_confidentiality = 'public'"):
        yield Finding(
            "services",
            r[1],
            r[2],
            "一時保護・シェルターの所在地が「公開」になっています（相談者の控えには載せていません）",
            "管理画面で所在地の公開範囲を「秘密」にしてください",
            frozenset({r[0]}),
        )


# The texts of a service a printout may show (``checklist_places.service_item_of``, the discreet copy).
PRINTED = tuple("name discreet_name discreet_line description access schedule eligibility what_to_bring cost".split())


def shelter_echoes(session: Session, touched: Touched) -> Iterator[Finding]:
    """A shelter whose hidden location is written again in a text that is printed (``secret_echo``),
    or any street address written there (with no location on record there is nothing to compare)."""
    columns = "s.location, s.location_confidentiality, " + ", ".join("s." + c for c in PRINTED)
    for r in _shelter_rows(session, touched, columns, "1 = 1", located=False):
        if said := printed_location(str(r[2] or ""), r[3], [str(t or "") for t in r[4:]]):
            yield Finding("services", r[1], r[4], *said, frozenset({r[0]}))


def printed_location(location: str, level: object, texts: list[str]) -> tuple[str, str] | None:
    """What is wrong and what to do when a shelter's printed ``texts`` give its place away: words
    of its hidden ``location``, else a street address (``shelters`` speaks of a public location)."""
    if location.strip(" ") and level != "public" and (word := echo(location, texts)):
        return echo_texts(word)
    if word := street_address(texts):
        return (
            f"一時保護・シェルターの印刷される欄に、住所らしい語「{shown(word, 40)}」が書かれています",
            "管理画面で名称・内容・利用方法などから住所を消してください（所在地は「所在地」欄に「秘密」で入力します）",
        )
    return None


def echo_texts(word: str) -> tuple[str, str]:
    """What is wrong and what to do, when ``word`` of a shelter's hidden location is printed
    (``admin.validation`` says the same of a record before it is written)."""
    return (
        f"一時保護・シェルターの所在地（秘密）の一部「{shown(word, 40)}」が、印刷される欄に書かれています",
        "管理画面で名称・内容・利用方法などから所在地がわかる語を消してください",
    )


def provider_texts(service: str, department: str) -> tuple[str, str]:
    """What is wrong and what to do, when ``department`` provides shelter ``service`` and gives a public address."""
    return (
        f"一時保護・シェルター（「{shown(service)}」）を提供する「{shown(department)}」の所在地が「公開」になっています"
        "（相談者の控えに印刷されます）",
        f"管理画面で「{shown(department)}」の所在地の公開範囲を「秘密」か「職員のみ」にしてください",
    )


def shelter_providers(session: Session, touched: Touched) -> Iterator[Finding]:
    """The department or agency that provides a shelter: its address is where the shelter is, and
    a client copy prints a department's address under its heading — so never public either."""
    orgs, services = _among(touched, "organizations", "o.id"), _among(touched, "services", "s.id")
    if orgs is None and services is None:
        return
    join = shelter_provider_join(session)
    if join is None:
        return
    among = " OR ".join(c.removeprefix(" AND ") for c in (orgs, services) if c)
    seen: set[int] = set()
    for r in _rows(
        session,
        f"SELECT DISTINCT o.id, o.key, o.name, s.id, s.key, s.name {join} "
        "WHERE trim(o.address) != '' AND o.address_confidentiality = 'public'" + (f" AND ({among})" if among else ""),
    ):
        org_touched = touched is None or r[0] in touched.get("organizations", ())
        if org_touched and r[0] in seen:
            continue
        seen.add(r[0])
        table, key, name, row_id = ("organizations", *r[1:3], r[0]) if org_touched else ("services", *r[4:6], r[3])
        yield Finding(table, key, name, *provider_texts(r[5], r[2]), frozenset({row_id}))


def duplicate_initiatives(session: Session, touched: Touched) -> Iterator[Finding]:
    if (among := _among(touched, "plans", "p.id")) is None:
        return
    for r in _rows(
        session,
        "SELECT p.id, p.key, p.title, i.number FROM initiatives i JOIN plans p "
        f"ON p.id = i.plan_id WHERE 1 = 1{among} GROUP BY p.id, p.key, p.title, i.number "
        "HAVING count(*) > 1",
    ):
        yield Finding("plans", r[1], r[2], f"取組の番号「{r[3]}」が重複しています", FIX_IN_ADMIN, frozenset({r[0]}))


def codes(session: Session, touched: dict[str, set[int]] | None) -> Iterator[Finding]:
    for r in _rows(session, "SELECT id, code, name FROM municipalities"):
        if (touched is None or r[0] in touched.get("municipalities", ())) and (
            msg := rules.municipality_code_problem(r[1] or "")
        ):
            yield Finding(
                "municipalities", r[1] or "", r[2], msg, "管理画面で団体コードを確かめてください", frozenset({r[0]})
            )
