"""Directory subcommands: search, needs, show, municipalities, departments, load, info."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from dvdesk import __version__
from dvdesk.cli.cli_support import (
    CliError,
    bounded_int,
    json_flag,
    municipality_code,
    municipality_flag,
    open_db,
    print_json,
    record_id,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from dvdesk.app.directory_queries import DeskData
    from dvdesk.domain.detail_views import ContactView


def _desk(args: argparse.Namespace, *, fill: bool = True) -> DeskData:
    from dvdesk.app.directory_queries import DeskData

    return DeskData(open_db(args, fill=fill))


def cmd_search(args: argparse.Namespace) -> int:
    """The desk's list as the window shows it (``DeskData.desk_search``, the call the window makes):
    services, the procedures and departments the words name, the other kinds' items named, a
    sentence's words searched one by one; and what the window says above it (``app.search_notes``)."""
    from dvdesk.app import search_notes
    from dvdesk.app.desk_query import ALL_KINDS, CLIENT_KINDS, DeskQuery
    from dvdesk.app.directory_queries import DeskData
    from dvdesk.cli.cli_support import open_for_reading

    desk = DeskData(open_for_reading(args))  # plain sqlite3 when nothing is due; no directory scan
    code = municipality_code(desk, args.municipality)
    needs = tuple(dict.fromkeys(args.need or ()))  # several: one list, their union (the window's need tree)
    for need in needs:
        if not desk.knows_need(need):
            raise CliError(f"ニーズ分類が見つかりません: {need}（dvdesk needs で一覧）")
    kinds = ALL_KINDS if args.all else CLIENT_KINDS
    text, too_long = search_notes.cut(" ".join(args.query))  # what the window's box holds
    query = DeskQuery(text, code, needs, kinds, args.limit)
    result = desk.desk_search(query)
    notes = [too_long, *_search_notes(desk, query, result)]
    notes = [n for n in notes if n]
    if args.json:
        for note in notes:
            print(note, file=sys.stderr)
        print_json([_hit_json(h) for h in result.hits])
        return 0
    for note in notes:
        print(note)
    if not result.hits:
        print("該当するサービスはありません。")
    for h in result.hits:
        where = h.municipality or "全国"
        phone = "" if h.has_phone or not h.is_service else "  [電話番号未登録]"  # a procedure's: its department's
        label = _ITEM_LABELS.get(h.item) or _KIND_LABELS.get(h.kind.value)
        what = f"[{label}] " if label else ""
        # A procedure's or department's id is no service's (dvdesk show would show another record): its key.
        ident, key = (f"{h.service_id:>5}", "") if h.is_service else (f"{'-':>5}", f"  キー: {h.key}")
        print(f"{ident}  {what}{h.name}  — {h.provider or '提供元未登録'}（{where}）{phone}{key}")
    return 0


# What a row is, when it is not a service for clients (the window's kind column).
_ITEM_LABELS = {"procedure": "手続き", "organization": "部署・機関"}
_KIND_LABELS = {"prevention": "啓発・予防", "internal": "庁内の取組"}
_HIT_FIELDS = ("name", "provider", "municipality", "has_phone", "score", "key")


def _hit_json(h) -> dict[str, Any]:
    """One row: ``id`` is the record's own (``item``: service, procedure or organization);
    ``service_id`` only a service's (null otherwise: ``dvdesk show`` would show another record)."""
    row = {"service_id": h.service_id if h.is_service else None, "item": h.item, "id": h.service_id}
    return row | {k: getattr(h, k) for k in _HIT_FIELDS} | {"kind": h.kind.value}


def _search_notes(desk: DeskData, query, result) -> list[str]:
    """What the window says above the list: the words searched one by one, the matches of other
    kinds left out (counted as the window counts them), and that the list goes on past ``--limit``."""
    from dvdesk.app import search_notes
    from dvdesk.app.desk_query import ALL_KINDS

    notes = [search_notes.widened(result.words, result.as_typed, result.typed_last)]
    if result.more or (query.text.strip() and query.kinds != ALL_KINDS):
        count = desk.desk_count(query)
        notes.append(search_notes.without_link(search_notes.other_kinds(count)))
        if notes[-1]:
            notes[-1] += "（--all で表示）"
        if result.more:
            notes.append(f"全{count.total}件のうち先頭の{len(result.hits)}件です（--limit で増やせます）。")
    return [n for n in notes if n]


def _need_json(node) -> dict[str, Any]:
    return {
        "key": node.key,
        "label_ja": node.label_ja,
        "label_en": node.label_en,
        "services": node.count,
        "children": [_need_json(c) for c in node.children],
    }


def cmd_needs(args: argparse.Namespace) -> int:
    """The need tree counted as the desk's need tree and ``dvdesk search --need`` count: client
    services unless ``--all`` (it counted every kind, so 相談窓口 said 27 where the window said 25)."""
    from dvdesk.domain.record_kinds import ServiceKind

    desk = _desk(args)
    kinds = frozenset(ServiceKind) if args.all else frozenset({ServiceKind.CLIENT})
    tree = desk.needs(municipality_code(desk, args.municipality), kinds)
    if args.json:
        print_json([_need_json(n) for n in tree])
        return 0

    def show(nodes, depth: int) -> None:
        for n in nodes:
            print(f"{'  ' * depth}{n.key:<24} {n.label_ja}（{n.label_en}） {n.count}件")
            show(n.children, depth + 1)

    show(tree, 0)
    return 0


def _service_json(d) -> dict[str, Any]:
    data = asdict(d)
    data["kind"] = d.kind.value
    data["needs"] = [{"key": k, "label_ja": ja, "label_en": en} for k, ja, en in d.needs]
    data["stale"] = d.provenance.is_stale()
    data["phones"] = d.phones
    return data


def cmd_show(args: argparse.Namespace) -> int:
    from dvdesk.domain.directory import NotFound
    from dvdesk.domain.disclosure import Audience, ProviderPlaceOnCopy, for_audience

    if args.id.isdigit() and record_id(args.id) is None:  # 20 digits: no such id, not an overflow
        raise CliError(f"サービスが見つかりません: {args.id[:30]}")
    try:
        shown = (
            _desk(args).client_service(args.id)
            if args.client
            else for_audience(_desk(args).service(args.id), Audience.SCREEN)
        )
    except NotFound:
        raise CliError(f"サービスが見つかりません: {args.id}") from None
    except ProviderPlaceOnCopy as exc:  # a file past the gate: the place is not shown
        raise CliError(str(exc)) from None
    if shown is None:
        raise CliError(f"このサービスは相談者向けには表示できません: {args.id}")
    if args.json:
        print_json(_service_json(shown))
        return 0
    print(_format_detail(shown))
    return 0


def _marked_phones(own: list[str], contacts: Iterable[ContactView]) -> list[str]:
    """Its own number, then its department's, each once: the ones a client may be given first, a
    staff-only or secret one marked as the window marks it (read aloud, it must not pass as public)."""
    from dvdesk.domain.directory_views import phone_key
    from dvdesk.domain.record_kinds import Confidentiality

    numbers = [(p, Confidentiality.PUBLIC) for p in own] + [(c.phone, c.confidentiality) for c in contacts if c.phone]
    numbers.sort(key=lambda n: Confidentiality.of(n[1]) is not Confidentiality.PUBLIC)  # stable: public first
    out: dict[str, str] = {}
    for phone, level in numbers:
        mark = {"public": "", "staff": "［職員のみ］"}.get(Confidentiality.of(level).value, "［秘密］")
        out.setdefault(phone_key(phone), phone + mark)
    return list(out.values())


def _format_detail(d) -> str:
    missing = "（未登録）"
    lines = [f"{d.name}  [{d.key}]"]
    if d.provider:
        lines.append(f"提供: {d.provider.name}" + (f"（{d.provider.parent}）" if d.provider.parent else ""))
    lines.append(f"地域: {d.municipality or '全国'}")
    for label, value in (
        ("内容", d.description),
        ("利用方法", d.access),
        ("日時", d.hours),
        ("対象", d.eligibility),
        ("持ち物", d.what_to_bring),
        ("費用", d.cost),
    ):
        if value:
            lines.append(f"{label}: {value}")
    phones = _marked_phones([d.phone] if d.phone else [], d.provider.contacts if d.provider else ())
    lines.append("電話: " + (" / ".join(phones) if phones else missing))
    if d.provider:
        for c in d.provider.contacts:
            parts = [p for p in (c.label, c.window, c.hours) if p]
            if parts:
                lines.append("窓口: " + " ".join(parts))
    if d.languages:
        lines.append("言語: " + "・".join(d.languages))
    if d.needs:
        lines.append("ニーズ: " + "、".join(ja for _, ja, _ in d.needs))
    if d.location:
        lines.append(f"所在地［{d.location_confidentiality.value}］: {d.location}")
    if d.staff_note:
        lines.append(f"職員メモ［職員のみ］: {d.staff_note}")
    for i in d.initiatives:
        lines.append(f"計画: {i}")
    lines.append(f"出典: {d.provenance.source}")
    if d.provenance.source_note:
        lines.append(f"出典メモ: {d.provenance.source_note}")
    verified = d.provenance.verified_on.isoformat() if d.provenance.verified_on else "未確認"
    stale = "（1年以上確認されていません）" if d.provenance.is_stale() else ""
    lines.append(f"最終確認: {verified}{stale}")
    return "\n".join(lines)


def cmd_municipalities(args: argparse.Namespace) -> int:
    rows = [{"code": m.code, "name": m.name, "prefecture": m.prefecture} for m in _desk(args).municipalities()]
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            print(f"{r['code']}  {r['prefecture']}{r['name']}")
    return 0


def cmd_departments(args: argparse.Namespace) -> int:
    desk = _desk(args)
    orgs = desk.organizations(municipality_code(desk, args.municipality))
    if args.json:
        print_json([asdict(o) for o in orgs])
        return 0
    for o in orgs:
        phone = " / ".join(_marked_phones([], o.contacts)) or "電話番号未登録"
        print(f"{o.id:>4}  {o.name}（{o.municipality or '全国'}）  {phone}")
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    from pathlib import Path

    from dvdesk.admin.reload import reload_bundled

    db = open_db(args, fill=False)
    result = reload_bundled(db, Path(args.dir) if args.dir else None)  # a backup first, as every import
    report = result.load
    print(
        f"読み込みました: 市区町村 {report.municipalities}、組織 {report.organizations}、"
        f"サービス {report.services}、手続き {report.procedures}、ニーズ {report.needs}"
    )
    if result.backup is not None:
        print(f"読み込み前のバックアップ: {result.backup}")
    elif db.is_server:  # never no word at all: the PC takes no copy of a server
        print("（共有サーバー: 読み込み前のバックアップはこの PC では取りません。server-backup のファイルが控えです）")
    for o in result.overwritten:  # an administrator's edit is never replaced without a word
        fields = "、".join(dict.fromkeys(o.kind.label_of(c.path) for c in o.changes))
        print(f"上書きしました: {o.kind.label}「{o.title}」[{o.key}] {fields}（変更履歴に記録しました）")
    if result.overwritten:
        print(
            f"管理者が編集・取り込みした記録 {len(result.overwritten)} 件を同梱の資料の内容で上書きしました。"
            "戻すには dvdesk history で確かめ、管理画面で取り消すか "
            + ("server-backup のファイルを dvdesk server-restore で" if db.is_server else "dvdesk restore で")
            + "読み込み前に戻してください",
            file=sys.stderr,
        )
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    desk = _desk(args)
    info = {
        "version": __version__,
        "database": desk.db.location,
        "schema": desk.schema_revision(),
        **desk.record_counts(),
    }
    if args.json:
        print_json(info)
    else:
        for k, v in info.items():
            print(f"{k}: {v}")
    return 0


def register(add) -> None:
    """Add this module's subcommands; ``add(name, func, help)`` returns the subparser."""
    p = add("search", cmd_search, "サービスを検索")
    p.add_argument("query", nargs="*", help="検索語（空なら一覧）")
    municipality_flag(p)
    p.add_argument(
        "--need", "-n", metavar="KEY", action="append", help="ニーズ分類のキー（dvdesk needs で一覧。複数指定はその和）"
    )
    p.add_argument("--all", action="store_true", help="啓発・庁内の取組も含める")
    p.add_argument("--limit", type=bounded_int(1, 10_000, "--limit"), default=50, help="最大件数（既定 50）")
    json_flag(p)

    p = add("needs", cmd_needs, "ニーズ分類の一覧（件数は相談者向けの支援。画面の分野と同じ）")
    municipality_flag(p)
    p.add_argument("--all", action="store_true", help="啓発・庁内の取組も数える")
    json_flag(p)

    p = add("show", cmd_show, "サービスの詳細（ID またはキー）")
    p.add_argument("id")
    p.add_argument("--client", action="store_true", help="相談者に見せてよい項目だけ表示")
    json_flag(p)

    p = add("municipalities", cmd_municipalities, "市区町村の一覧")
    json_flag(p)

    p = add("departments", cmd_departments, "担当課・関係機関の一覧")
    municipality_flag(p)
    json_flag(p)

    p = add("load", cmd_load, "同梱ディレクトリ（resources/directory）を読み込む")
    p.add_argument("--dir", help="読み込むフォルダ（既定は同梱データ）")

    p = add("info", cmd_info, "データベースの場所と件数")
    json_flag(p)
