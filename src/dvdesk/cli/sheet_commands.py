"""Spreadsheet and HSDS subcommands: the directory out to a spreadsheet (.xlsx / .csv, UTF-8 or
CP932) or an HSDS 3.1 file (public fields only), and back in from either, row by row or record
by record with what happened to each, after showing how the columns are read. ``--dry-run``
stops before anything is written; the shared pieces (the administrator's name, one-line errors)
are ``cli.admin_commands``'.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dvdesk.cli.admin_commands import ACTION_WORDS, admin_flag, admin_name, change, one_line_errors, short
from dvdesk.cli.cli_support import (
    CliError,
    imported,
    municipality_code,
    municipality_flag,
    open_db,
    output_file,
)


def cmd_export_sheet(args: argparse.Namespace) -> int:
    from dvdesk.admin.sheets import export_sheet

    path = output_file(args.path)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        raise CliError("書き出し先は .xlsx か .csv にしてください")
    db = open_db(args)
    with one_line_errors():
        notes: list[str] = []
        rows = export_sheet(db, path, args.kind, args.encoding, notes=notes)
    for note in notes:  # what CP932 spells differently, cell by cell
        print(f"注意: {note}")
    print(f"書き出しました: {path}（{rows}行）。職員のみ・秘密の項目も含みます。取り扱いに注意してください。")
    return 0


def _sheet_options(args: argparse.Namespace):
    from dvdesk.admin.sheet_layout import SheetOptions
    from dvdesk.app.directory_queries import DeskData

    mapping: dict[str, str] = {}
    for item in args.map or []:
        column, sep, target = item.rpartition("=")
        if not sep or not column.strip():
            raise CliError(f"--map は「見出し=項目」の形で書いてください（例: --map '連絡先電話=phone'）: {item}")
        mapping[column.strip()] = target.strip()
    if args.nationwide and args.municipality:
        raise CliError("-m と --nationwide は一緒に使えません（どちらか一方を選んでください）")
    db = open_db(args)
    code = municipality_code(DeskData(db), args.municipality) or ""
    return db, SheetOptions(mapping, code, args.nationwide, args.kind or "", args.hidden_rows)


def print_mapping(layouts) -> None:
    """Which column went where, sheet by sheet: what the administrator checks before importing."""
    from dvdesk.admin.sheet_headers import field_names
    from dvdesk.admin.sheet_layout import STATUS_LABELS, USED

    for lay in layouts:
        if not lay.kind:
            print(f"シート「{lay.title}」: 読みません — {lay.skip_reason}")
            continue
        rows = sum(1 for _ in lay.data_rows())
        print(f"シート「{lay.title}」: {lay.kind_label}の表（見出し {lay.header_row}行目、データ {rows}行）")
        names = field_names(lay.kind)
        for c in lay.columns:
            sample = f"  例: {' / '.join(c.samples)}" if c.samples else ""
            if c.status == USED:
                by = "（指定）" if c.chosen else ""
                print(f"    {c.name} → {names.get(c.field, c.field)}{by}{sample}")
            else:
                print(f"    {c.name} × {STATUS_LABELS[c.status]}: {c.reason}{sample}")
        if lay.refusal:
            print(f"    このシートは取り込めません: {lay.refusal}")
    print(
        "直すときは --map '見出し=項目'（項目は phone・名称など。外すときは '見出し=-'）を付けて"
        "もう一度実行してください。"
    )


def print_sheet_rows(report) -> None:
    """Row by row, with the record's name on every line and its changes field by field
    (the words of the package preview: ``diff``'s labels and values)."""
    from dvdesk.admin.sheets import change_lines

    for note in report.notes:
        print(f"注意: {note}")

    def record(r):  # a contact row changes its organisation
        return ("organization" if r.kind == "contact" else r.kind, r.key)

    last = {record(r): i for i, r in enumerate(report.rows) if r.status == "accepted"}
    for i, r in enumerate(report.rows):
        name = r.title or "（名称なし）"
        where = f"{r.sheet} {r.row}行目"
        if r.status == "rejected":
            print(f"{where}  受け付けず  {name}: {' / '.join(r.reasons)}")
            continue
        if r.status == "skipped":
            print(f"{where}  読み飛ばし  {name}: {' / '.join(r.reasons)}")
            continue
        print(f"{where}  受付（{ACTION_WORDS.get(r.action, r.action)}）  {name}  [{r.key}]")
        for note in r.notes:
            print(f"    {name}｜注意: {note}")
        kind = record(r)[0]
        if last.get(record(r)) != i:
            continue  # an organisation's contact rows: its changes once, under its last row
        for label, old, new in change_lines(report, kind, r.key):
            if r.action == "added":
                print(f"    {name}｜{label}: {short(new)}")
            else:
                print(f"    {name}｜{label}: {change(old, new)}")
    c = report.counts()
    print(f"行数: 読んだ {c.read}行 = 受付 {c.stored}行 + 受け付けず {c.refused}行 + 読み飛ばし {c.skipped}行")


def cmd_import_sheet(args: argparse.Namespace) -> int:
    from dvdesk.admin.sheets import import_sheet, read_layouts

    db, options = _sheet_options(args)
    with one_line_errors():
        if args.show_mapping:
            layouts, encoding = read_layouts(Path(args.path), options)
            print(f"文字コード: {encoding}")
            print_mapping(layouts)
            print("（--show-mapping: 何も変更していません）")
            return 0
        report = import_sheet(db, Path(args.path), admin_name(args), dry_run=args.dry_run, options=options)
    if report.encoding:
        print(f"文字コード: {report.encoding}")
    print_sheet_rows(report)
    if not report.balanced:  # never expected: every row must end somewhere
        raise CliError("行数が合いません（読んだ行の一部が結果にありません）。開発者に連絡してください")
    if report.plan is not None:
        print(report.plan.summary())
    if args.dry_run:
        print("（--dry-run: 何も変更していません）")
    elif report.applied:
        print(imported(report.backup))
    return 0


def cmd_export_hsds(args: argparse.Namespace) -> int:
    from dvdesk.admin.hsds import export_hsds
    from dvdesk.admin.hsds_shelters import ExportRefused

    target = output_file(args.path)
    db = open_db(args)
    try:
        counts = export_hsds(db, target)
    except ExportRefused as exc:  # a shelter's place in a file past the gate: nothing written
        raise CliError(str(exc)) from None
    print(
        f"HSDS 3.1 で書き出しました: {args.path}（組織 {counts['organizations']}、サービス {counts['services']}、"
        f"分類 {counts['taxonomy_terms']}）。職員のみ・秘密の項目は含みません。"
    )
    return 0


def cmd_import_hsds(args: argparse.Namespace) -> int:
    from dvdesk.admin.hsds_import import import_hsds
    from dvdesk.app.directory_queries import DeskData

    db = open_db(args)
    nationwide = (args.municipality or "").strip() in ("全国", "nationwide")  # chosen explicitly, never by default
    code = "" if nationwide else municipality_code(DeskData(db), args.municipality) or ""
    with one_line_errors():
        report = import_hsds(
            db,
            [Path(p) for p in args.path],
            admin_name(args),
            municipality=code,
            nationwide=nationwide,
            dry_run=args.dry_run,
        )
    print(f"読み込んだファイル: {'、'.join(report.files)}")
    for note in report.notes:
        print(f"注意: {note}")
    for r in report.rows:  # "services.json 3件目 サービス": where each record was
        if r.status == "rejected":
            print(f"{r.sheet}  受け付けず  {r.key or ''} {r.title}: {' / '.join(r.reasons)}")
        else:
            print(f"{r.sheet}  受付（{ACTION_WORDS.get(r.action, r.action)}）  {r.key} {r.title}")
    for line in report.repeats:
        print(f"繰り返し: {line}")
    if report.plan is not None:
        print(report.plan.summary())
    print(report.summary())
    if not report.balanced:  # never expected: every record must end somewhere
        raise CliError("記録の数が合いません（読んだ記録の一部が結果にありません）。開発者に連絡してください")
    if args.dry_run:
        print("（--dry-run: 何も変更していません）")
    elif report.applied:
        print(imported(report.backup))
    return 0


def register(add) -> None:
    p = add("export-sheet", cmd_export_sheet, "表計算（.xlsx / .csv）に書き出す")
    p.add_argument("path")
    p.add_argument(
        "--kind",
        choices=["service", "organization", "contact"],
        default="service",
        help="CSV に書き出す表（既定 service）",
    )
    p.add_argument("--encoding", choices=["utf-8", "cp932"], default="utf-8", help="CSV の文字コード")

    p = add("import-sheet", cmd_import_sheet, "表計算（.xlsx / .csv）から取り込む")
    p.add_argument("path")
    p.add_argument("--dry-run", action="store_true", help="行ごとの結果と変更点を表示するだけで適用しない")
    p.add_argument("--show-mapping", action="store_true", help="どの列をどの項目として読むかを表示するだけ")
    p.add_argument(
        "--map",
        action="append",
        metavar="見出し=項目",
        help="列の読み方を指定（例: '連絡先電話=phone'、'F=電話番号'、外すときは '備考=-'）。何度でも",
    )
    municipality_flag(p)
    p.add_argument(
        "--nationwide",
        action="store_true",
        help="市区町村のない行を全国の窓口として取り込む（明示したときだけ全国になります）",
    )
    p.add_argument(
        "--kind",
        choices=["service", "organization", "contact"],
        help="シート名が「サービス」「組織」「連絡先」でない表をこの種類として読む",
    )
    p.add_argument("--hidden-rows", action="store_true", help="非表示の行も読む（既定は読み飛ばして報告）")
    admin_flag(p)

    p = add("export-hsds", cmd_export_hsds, "HSDS 3.1（JSON）に書き出す（公開してよい項目のみ）")
    p.add_argument("path")

    p = add("import-hsds", cmd_import_hsds, "HSDS 3.x（JSON）から取り込む（ファイルやフォルダをまとめて指定できます）")
    p.add_argument(
        "path", nargs="+", help="JSON ファイルまたはフォルダ（中の *.json）。id による参照はまとめて解決します"
    )
    p.add_argument("--dry-run", action="store_true", help="結果を表示するだけで適用しない")
    p.add_argument(
        "--municipality",
        "-m",
        metavar="NAME_OR_CODE",
        help="市区町村の書かれていない記録の取り込み先（例: 高岡市, 162027。全国向けは「全国」）",
    )
    admin_flag(p)
