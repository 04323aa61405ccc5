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
    from dvdesk.app.directory_queries import DeskData


def _desk(args: argparse.Namespace, *, fill: bool = True) -> DeskData:
    from dvdesk.app.directory_queries import DeskData

    return DeskData(open_db(args, fill=fill))


def cmd_search(args: argparse.Namespace) -> int:
    from dvdesk.app.directory_queries import DeskData
    from dvdesk.cli.cli_support import open_for_reading
    from dvdesk.domain.record_kinds import ServiceKind
    from dvdesk.domain.search import SearchQuery

    desk = DeskData(open_for_reading(args))  # plain sqlite3 when nothing is due; no directory scan
    code = municipality_code(desk, args.municipality)
    if args.need and not desk.knows_need(args.need):
        raise CliError(f"ニーズ分類が見つかりません: {args.need}（dvdesk needs で一覧）")
    kinds = frozenset(ServiceKind) if args.all else frozenset({ServiceKind.CLIENT})
    hits = desk.search_services(SearchQuery(" ".join(args.query), code, args.need, kinds, args.limit))
    if args.json:
        fields = ("service_id", "name", "provider", "municipality", "kind", "has_phone", "score")
        print_json([{k: v for k, v in h._asdict().items() if k in fields} | {"kind": h.kind.value} for h in hits])
        return 0
    if not hits:
        print("該当するサービスはありません。")
    for h in hits:
        where = h.municipality or "全国"
        phone = "" if h.has_phone else "  [電話番号未登録]"
        print(f"{h.service_id:>5}  {h.name}  — {h.provider or '提供元未登録'}（{where}）{phone}")
    return 0


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
    from dvdesk.domain.disclosure import Audience, for_audience, for_client_view

    if args.id.isdigit() and record_id(args.id) is None:  # 20 digits: no such id, not an overflow
        raise CliError(f"サービスが見つかりません: {args.id[:30]}")
    try:
        detail = _desk(args).service(args.id)
    except NotFound:
        raise CliError(f"サービスが見つかりません: {args.id}") from None
    shown = for_client_view(detail) if args.client else for_audience(detail, Audience.SCREEN)
    if shown is None:
        raise CliError(f"このサービスは相談者向けには表示できません: {args.id}")
    if args.json:
        print_json(_service_json(shown))
        return 0
    print(_format_detail(shown))
    return 0


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
    lines.append("電話: " + (" / ".join(d.phones) if d.phones else missing))
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
        phone = " / ".join(o.phones) or "電話番号未登録"
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
    for o in result.overwritten:  # an administrator's edit is never replaced without a word
        fields = "、".join(dict.fromkeys(o.kind.label_of(c.path) for c in o.changes))
        print(f"上書きしました: {o.kind.label}「{o.title}」[{o.key}] {fields}（変更履歴に記録しました）")
    if result.overwritten:
        print(
            f"管理者が編集・取り込みした記録 {len(result.overwritten)} 件を同梱の資料の内容で上書きしました。"
            "戻すには dvdesk history で確かめ、管理画面で取り消すか dvdesk restore で読み込み前に戻してください",
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
    p.add_argument("--need", "-n", metavar="KEY", help="ニーズ分類のキー（dvdesk needs で一覧）")
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
