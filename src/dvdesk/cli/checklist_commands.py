"""Checklist subcommands: build the procedure checklist or a referral slip without the window.

    dvdesk checklist -m 高岡市 --need children --circumstance school --circumstance moving_out
                     [--template NAME] [--copy client|staff] [--discreet] [--lang ja|easy|en|pt|zh|vi]
                     (--json | --pdf PATH)
    dvdesk slip -m 高岡市 --procedure KEY [--service KEY] [--counselor 名前 --desk 所属 --extension 内線]
                [--discreet] --pdf PATH
    dvdesk checklist-templates -m 高岡市 [--json]

Both go through ``app.checklists.Checklists`` (``render``, ``render_slip``), like the window's
printouts, and draw with ``printing.qt_render``.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from typing import TYPE_CHECKING, Any

from dvdesk.cli.cli_support import (
    CliError,
    json_flag,
    municipality_flag,
    open_db,
    output_file,
    print_json,
    required_municipality_code,
)

if TYPE_CHECKING:
    from dvdesk.app.checklists import Checklists
    from dvdesk.domain import checklist as cl
    from dvdesk.domain.disclosure import Audience, Printable


def _checklists(args: argparse.Namespace) -> Checklists:
    from dvdesk.app.checklists import Checklists

    return Checklists(open_db(args))


def _build(checklists: Checklists, args: argparse.Namespace) -> cl.Checklist:
    from dvdesk.domain import checklist as cl
    from dvdesk.domain import checklist_templates as tpl

    code = required_municipality_code(checklists, args.municipality)
    try:
        if args.template:
            if args.need or args.circumstance:  # never ignored without a word
                raise CliError(
                    "--template はテンプレートに保存したニーズ・状況で作ります。--need / --circumstance とは"
                    "一緒に使えません（状況を足すときは画面で読み込んでから選んでください）"
                )
            loaded = checklists.load_template(code, args.template)
            if loaded.missing:
                raise CliError("テンプレートの項目が見つかりません: " + ", ".join(loaded.missing))
            checklist = loaded.checklist
        else:
            checklist = checklists.propose(code, args.need or (), args.circumstance or ())
    except cl.UnknownKey as exc:
        raise CliError(f"{exc}（{_keys_hint(args)}）") from None
    except tpl.TemplateError as exc:
        raise CliError(str(exc)) from None
    if args.note:
        try:  # no control nor bidirectional override: 「電話 \u202e4321-02-6670」 prints as 0766-20-1234
            cl.typed_clean("--note", args.note)
        except ValueError as exc:
            raise CliError(str(exc)) from None
        checklist = checklist.with_note(args.note)
    return checklist


def _keys_hint(args: argparse.Namespace) -> str:
    """Where the keys a mistyped one should have been are (--help names three circumstances)."""
    from dvdesk.domain.record_kinds import CIRCUMSTANCES

    if set(args.circumstance or ()) - CIRCUMSTANCES.keys():
        return "状況のキー: " + ", ".join(CIRCUMSTANCES)
    return "ニーズ分類のキーは dvdesk needs で一覧"


def _audience(copy: str, discreet: bool, lang: str = "ja") -> Audience:
    from dvdesk.domain.disclosure import Audience

    if discreet and copy == "staff":
        raise CliError("--discreet は相談者用（--copy client）にだけ使えます")
    if lang != "ja" and copy == "staff":  # the staff copy is in Japanese: never another language silently
        raise CliError("--lang は相談者用（--copy client）にだけ使えます（職員用は日本語です）")
    return Audience.CLIENT if copy == "client" else Audience.STAFF


def _printable(checklist: cl.Checklist, audience: Audience, discreet: bool) -> Printable:
    from dvdesk.app.checklists import Checklists

    try:
        return Checklists.printable(checklist, audience, discreet)
    except ValueError as exc:  # a research note in a client text
        raise CliError(str(exc)) from None


def _item_json(item) -> dict[str, Any]:
    hidden = ("department", "discreet_name", "discreet_line")  # already applied by checklist_for
    data = {k: v for k, v in dataclasses.asdict(item).items() if k not in hidden}
    data["kind"] = item.kind.value
    data["what_to_bring"] = list(item.what_to_bring)
    for k in ("confidentiality", "location_confidentiality"):
        data[k] = getattr(item, k).value
    return data


def _checklist_json(printable) -> dict[str, Any]:
    c = printable.checklist
    sections = []
    for s in c.sections:
        org = s.department.organization
        contacts = [
            dataclasses.asdict(x) | {"confidentiality": x.confidentiality.value} for x in (org.contacts if org else ())
        ]
        sections.append(
            {
                "department": s.department.name,
                "department_key": s.department.key,
                "department_unconfirmed": s.department.unconfirmed,
                "contacts": contacts,
                "items": [_item_json(i) for i in s.items],
            }
        )
    places = [
        {
            "need": g.need_key,
            "need_label": g.need_label,
            "services": [_item_json(i) | {"department": i.department.name} for i in g.services],
        }
        for g in c.contacts
    ]
    return {
        "municipality": c.municipality_name,
        "municipality_code": c.municipality_code,
        "copy": "client" if printable.audience.name == "CLIENT" else "staff",
        "discreet": printable.discreet,
        "needs": list(c.needs),
        "circumstances": list(c.circumstances),
        "client_note": c.client_note,
        "procedures_on_record": c.procedures_on_record,
        # the safety needs with no procedure on record here; labels left out of a discreet copy, as its needs'
        "safety_not_on_record": [
            {"need": key, "need_label": "" if printable.discreet else label} for key, label in c.safety_not_on_record
        ],
        "sections": sections,
        "contacts": places,
    }


def _write_pdf(path: str, document) -> int:
    from dvdesk.printing.qt_render import PrintFailed, ensure_gui_app, write_pdf

    target = output_file(path)
    ensure_gui_app()
    try:
        return write_pdf(target, document)
    except PrintFailed as exc:
        raise CliError(str(exc)) from None


def cmd_checklist(args: argparse.Namespace) -> int:
    from dvdesk.domain.disclosure import Audience
    from dvdesk.domain.discreet import DiscreetViolation

    if not (args.json or args.pdf):
        raise CliError("--json か --pdf PATH を指定してください")
    checklists = _checklists(args)
    checklist = _build(checklists, args)
    audience = _audience(args.copy, args.discreet, args.lang)
    if args.json and args.lang != "ja":  # the JSON is the Japanese list: never taken for her language's copy
        raise CliError("--json は日本語の内容です。相談者の言語（--lang）の控えは --pdf PATH で作ってください")
    if args.json:
        try:  # a research note, or a shelter provider's place from a file past the gate, as on paper
            checked = checklists.checked_printable(checklist, audience, args.discreet)
        except ValueError as exc:
            raise CliError(str(exc)) from None
        print_json(_checklist_json(checked))
        _print_warnings(checklist)
        return 0
    printable = _printable(checklist, audience, args.discreet)
    try:
        document = checklists.render(checklist, audience, discreet=args.discreet, language=args.lang)
    except (ValueError, DiscreetViolation) as exc:
        raise CliError(str(exc)) from None
    pages = _write_pdf(args.pdf, document)
    print(f"保存しました: {args.pdf}（{pages} ページ、{len(printable.checklist.items)} 項目）")
    _print_warnings(checklist)
    if audience is Audience.CLIENT:
        _print_typed_in_japanese(printable.checklist, args.lang)
    if args.discreet:
        _print_discreet_left_off(checklist)
    return 0


def _print_discreet_left_off(checklist: cl.Checklist) -> None:
    """A discreet copy prints only its own wording: the 持ち物 and 注意 it left off are named."""
    from dvdesk.domain.disclosure import discreet_leaves_off

    if left := discreet_leaves_off(checklist):
        names = "、".join(f"「{i.name}」" for i in left)
        print(
            f"注意: 目立たない印刷には持ち物と注意を印刷していません。{names}の持ち物・注意は、"
            "相談者に口頭で伝えてください",
            file=sys.stderr,
        )


def _print_typed_in_japanese(checklist: cl.Checklist, lang: str) -> None:
    """On a copy in another language, typed lines and the note print as typed (nothing translates them)."""
    from dvdesk.domain.checklist import ItemKind
    from dvdesk.domain.japanese import typed_in_japanese

    typed = [f"「{i.name}」" for i in checklist.items if i.kind is ItemKind.TEXT and typed_in_japanese(i.name, lang)]
    typed += ["--note"] if typed_in_japanese(checklist.client_note, lang) else []
    if typed:
        print(f"注意: {'、'.join(typed)}は翻訳されず、入力したとおり（日本語のまま）印刷しました", file=sys.stderr)


def _print_warnings(checklist: cl.Checklist) -> None:
    """What the counselor must know of the list before she hands the paper over, on stderr after
    the output is written (a command that fails prints its one-line error alone)."""
    if not checklist.procedures_on_record:  # never read as "nothing needed"; the paper says so too
        print(
            f"注意: {checklist.municipality_name}の手続きは、まだ登録されていません"
            "（紙にもそう印刷します。必要な手続きは管理者が登録してください）",
            file=sys.stderr,
        )
    if checklist.safety_not_on_record:  # never read as "no safety procedure needed"
        names = "、".join(label for _key, label in checklist.safety_not_on_record)
        print(
            f"注意: {checklist.municipality_name}には次のニーズの手続きが登録されていません: {names}"
            "（紙には一部の手続きが未登録であることを印刷します。警察・一時保護・保護命令は別に確かめてください）",
            file=sys.stderr,
        )
    if missing := checklist.needs_without_places:  # the paper says "ask the counselor" there
        names = "、".join(g.need_label for g in missing)
        print(
            f"注意: {checklist.municipality_name}には次のニーズの相談先が登録されていません: {names}"
            "（紙には、相談先が未登録であることを印刷します）",
            file=sys.stderr,
        )
    for item in checklist.unconfirmed:
        print(
            f"注意: 窓口を確認してください（{item.name}: 担当課が資料にありません。紙には窓口の記入欄を印刷します）",
            file=sys.stderr,
        )


def cmd_slip(args: argparse.Namespace) -> int:
    from dvdesk.domain import checklist as cl
    from dvdesk.domain.directory import NotFound
    from dvdesk.domain.disclosure import Audience
    from dvdesk.printing.slip_html import Counselor

    checklists = _checklists(args)
    code = required_municipality_code(checklists, args.municipality)
    entries = {i.key: i for i in checklists.procedure_entries(code)}
    items = []
    for key in args.procedure or ():
        if key not in entries:
            raise CliError(f"手続きが見つかりません: {key}")
        items.append(entries[key])
    for key in args.service or ():
        try:
            items.append(checklists.service_item(key))
        except NotFound:
            raise CliError(f"サービスが見つかりません: {key}") from None
    muni_name = checklists.municipality_name(code)
    if not items:
        raise CliError("--procedure か --service で依頼する手続きを指定してください")
    departments = {i.department.key for i in items}
    if len(departments) > 1:
        raise CliError("連絡票は1つの窓口あてです（窓口の違う手続きが含まれています）")
    checklist = cl.Checklist(code, muni_name, sections=cl.group(items))
    counselor = Counselor(args.counselor or "", args.desk or "", args.extension or "")
    printable = checklists.printable(checklist, Audience.STAFF, args.discreet)
    kept = {i.key for i in printable.checklist.items}
    dropped = [i.key for i in items if i.key not in kept]
    if dropped:  # a secret record never goes on paper, not even the staff copy
        raise CliError(f"秘密の記録は連絡票に載せられません: {', '.join(dropped)}")
    try:
        document = checklists.render_slip(checklist, checklist.sections[0], counselor, args.discreet)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    pages = _write_pdf(args.pdf, document)
    print(f"保存しました: {args.pdf}（{pages} ページ）")
    return 0


def cmd_templates(args: argparse.Namespace) -> int:
    checklists = _checklists(args)
    rows = checklists.templates(required_municipality_code(checklists, args.municipality))
    if args.json:
        print_json([dataclasses.asdict(r) for r in rows])
        return 0
    if not rows:
        print("テンプレートはありません。")
    for r in rows:
        print(f"{r.name}（{r.item_count} 項目）")
    return 0


def register(add) -> None:
    from dvdesk.printing.print_languages import LANGUAGES

    p = add("checklist", cmd_checklist, "手続きチェックシートを作る（JSON または PDF）")
    municipality_flag(p)
    # KEY… after one flag, or the flag repeated (no positional argument for the keys to swallow).
    p.add_argument("--need", "-n", action="extend", nargs="+", metavar="KEY", help="ニーズ分類のキー（複数可）")
    p.add_argument(
        "--circumstance",
        "-c",
        action="extend",
        nargs="+",
        metavar="KEY",
        help="状況のキー（複数可: children, school, moving_out …）",
    )
    p.add_argument("--template", "-t", metavar="NAME", help="保存したテンプレートから作る")
    p.add_argument("--note", metavar="TEXT", help="相談者へのメモ（印刷のみ、保存しません）")
    p.add_argument("--copy", choices=("client", "staff"), default="client", help="相談者用か職員用か")
    p.add_argument("--discreet", action="store_true", help="目立たない印刷（何の手続きか分からない題名と言葉にする）")
    p.add_argument(
        "--lang",
        choices=tuple(LANGUAGES),
        default="ja",
        help="相談者用の言語（easy=やさしい日本語, en, pt, zh=中国語（簡体字）, vi=ベトナム語）",
    )
    json_flag(p)
    p.add_argument("--pdf", metavar="PATH", help="PDF に保存")

    p = add("slip", cmd_slip, "担当窓口への連絡票を PDF で作る")
    municipality_flag(p)
    p.add_argument("--procedure", action="extend", nargs="+", metavar="KEY", help="依頼する手続きのキー（複数可）")
    p.add_argument("--service", action="extend", nargs="+", metavar="KEY", help="依頼するサービスのキー（複数可）")
    p.add_argument("--counselor", metavar="NAME", help="担当相談員の名前")
    p.add_argument("--desk", metavar="NAME", help="所属")
    p.add_argument("--extension", metavar="EXT", help="内線番号")
    p.add_argument("--discreet", action="store_true", help="目立たない印刷")
    p.add_argument("--pdf", metavar="PATH", required=True, help="PDF に保存")

    p = add("checklist-templates", cmd_templates, "保存したチェックシートのテンプレートの一覧")
    municipality_flag(p)
    json_flag(p)
