"""Referral log and statistics subcommands: referrals list/add/status/reminder-days, stats report."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from dvdesk.cli.cli_support import (
    SQLITE_MAX_INT,
    CliError,
    bounded_int,
    json_flag,
    open_db,
    output_file,
    print_json,
)

if TYPE_CHECKING:
    from dvdesk.app.referrals import Referrals
    from dvdesk.storage.purge import Purged

T = TypeVar("T")

# Fiscal years dvdesk can label and count (令和 starts in 2019; the plans go back to 平成).
FIRST_YEAR, LAST_YEAR = 1989, 2099


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日付は 2025-06-30 の形で指定してください: {text}") from None


def _fiscal_year(text: str) -> int:
    """2025, R7 or 令和7 (令和元 too)."""
    m = re.fullmatch(r"(?:R|令和)(\d{1,2}|元)", text.strip(), re.IGNORECASE)
    year = None
    if m:
        year = 2018 + (1 if m.group(1) == "元" else int(m.group(1)))
    elif text.isascii() and text.isdigit() and len(text) == 4:
        year = int(text)
    if year is not None and FIRST_YEAR <= year <= LAST_YEAR:
        return year
    if year is not None:
        raise argparse.ArgumentTypeError(f"年度は {FIRST_YEAR}〜{LAST_YEAR} の範囲で指定してください: {text}")
    raise argparse.ArgumentTypeError(f"年度は 2025 または R7 の形で指定してください: {text}")


def _referral_json(r, today: dt.date, days: int) -> dict[str, Any]:
    return {
        "id": r.id,
        "case_ref": r.case_ref,
        "referred_on": r.referred_on.isoformat(),
        "counselor": r.counselor,
        "channel": r.channel.value,
        "dv": r.dv,
        "status": r.status.value,
        "status_label": r.status.label,
        "updated_on": r.updated_on.isoformat(),
        "age_days": r.age_days(today),
        "idle_days": r.idle_days(today),
        "stale": r.is_stale(today, days),
        "needs": [key for key, _ in r.needs],
        "departments": list(r.departments),
        "targets": [{"service": t.service, "department": t.department} for t in r.targets],
        "events": [
            {"on": e.on.isoformat(), "status": e.status.value if e.status else None, "note": e.note, "desk": e.desk}
            for e in r.events
        ],
    }


def _referrals(args: argparse.Namespace) -> Referrals:
    from dvdesk.app.referrals import Referrals

    return Referrals(open_db(args))


def cmd_referrals_list(args: argparse.Namespace) -> int:
    today = dt.date.today()
    log = _referrals(args)
    if getattr(args, "stale", False):
        rows, days = log.stale(today)
    else:
        rows, days = log.list(open_only=getattr(args, "open", False)), log.reminder_days()
    if getattr(args, "json", False):
        print_json([_referral_json(r, today, days) for r in rows])
        return 0
    if not rows:
        print("該当する紹介記録はありません。")
    for r in rows:
        mark = "  ※更新なし" if r.is_stale(today, days) else ""
        age = f"{r.age_days(today)}日" if r.is_open else "—"
        print(
            f"{r.id:>5}  {r.case_ref:<16} {r.referred_on}  {r.status.label:<5} {age:>5}  "
            f"{'、'.join(r.departments)}{mark}"
        )
    return 0


def _run_write(action: Callable[[], T]) -> T:
    from dvdesk.domain.input_errors import InputError

    try:
        return action()
    except InputError as exc:
        raise CliError(exc.message) from None


def cmd_referrals_add(args: argparse.Namespace) -> int:
    from dvdesk.app.referrals import UnknownTarget

    log = _referrals(args)

    def ids(refs: list[str], what: str, departments: bool) -> list[int]:
        try:
            return log.target_ids(refs, departments=departments)
        except UnknownTarget as exc:
            raise CliError(f"{what}が見つかりません: {str(exc.args[0])[:60]}") from None

    services = ids(args.service or [], "サービス", False)
    orgs = ids(args.department or [], "担当課・機関", True)
    view = _run_write(
        lambda: log.record(
            case_ref=args.case,
            counselor=args.counselor,
            service_ids=services,
            organization_ids=orgs,
            need_keys=args.need or [],
            referred_on=args.date,
            channel=args.channel,
            dv=not args.not_dv,
            note=args.note or "",
        )
    )
    print(f"記録しました: {view.id}  {view.case_ref}  {'、'.join(view.departments)}")
    return 0


def cmd_referrals_status(args: argparse.Namespace) -> int:

    by_name = _status_by_name()
    if args.status not in by_name:
        raise CliError(f"状況は {', '.join(by_name)} のいずれかです: {args.status}")
    log = _referrals(args)
    view = _run_write(lambda: log.change_status(args.id, by_name[args.status], on=args.date, note=args.note or ""))
    print(f"{view.case_ref}: {view.status.label}")
    return 0


def _status_by_name():
    from dvdesk.domain.casework_models import STATUS_LABELS

    return {s.value: s for s in STATUS_LABELS} | {label: s for s, label in STATUS_LABELS.items()}


def cmd_referrals_queue(args: argparse.Namespace) -> int:
    """The receiving department's queue: referrals addressed to it, oldest open first."""
    from dvdesk.app.referral_queue import ReferralQueue

    today = dt.date.today()
    queue = ReferralQueue(open_db(args))
    desk = _run_write(lambda: queue.find_desk(args.department))
    rows = queue.rows(desk, open_only=not args.all)
    days = _referrals(args).reminder_days()
    if args.json:
        print_json(
            {
                "department": {"id": desk.id, "key": desk.key, "name": desk.name},
                "referrals": [_referral_json(r, today, days) | {"version": r.version} for r in rows],
            }
        )
        return 0
    print(f"{desk.label} の受付一覧（{len(rows)}件）")
    for r in rows:
        last = r.events[-1] if r.events else None
        said = f"  {last.on} {last.note}" if last and last.note else ""
        print(f"{r.id:>5}  {r.case_ref:<16} {r.referred_on}  {r.status.label:<5} 担当 {r.counselor}{said}")
    return 0


def cmd_referrals_move(args: argparse.Namespace) -> int:
    """The receiving department moves a referral on: 受付 → 連絡済み → 対応完了 / 不調."""
    from dvdesk.app.referral_queue import ReferralQueue

    by_name = _status_by_name()
    if args.status not in by_name:
        raise CliError(f"状況は {', '.join(by_name)} のいずれかです: {args.status}")
    queue = ReferralQueue(open_db(args))
    view = _run_write(
        lambda: queue.move(
            args.id, by_name[args.status], desk=queue.find_desk(args.department), note=args.note or "", on=args.date
        )
    )
    print(f"{view.case_ref}: {view.status.label}")
    return 0


def cmd_referrals_reminder_days(args: argparse.Namespace) -> int:
    log = _referrals(args)
    if args.days is not None:
        _run_write(lambda: log.set_reminder_days(args.days))
    print(f"{log.reminder_days()}日")
    return 0


def cmd_referrals_case_pattern(args: argparse.Namespace) -> int:
    """Show or set the office's shape of a case reference (an administrator's setting)."""
    log = _referrals(args)
    if args.template is not None:
        _run_write(lambda: log.set_case_pattern(args.template))
    pattern = log.case_pattern()
    print(f"{pattern.template}（例: {pattern.example}）")
    return 0


def cmd_referrals_purge_backups(args: argparse.Namespace) -> int:
    """Remove referrals deleted from the log from every backup and recovery file too (an administrator's step)."""
    from dvdesk.storage import purge

    db = open_db(args)
    db.forget_deleted()
    db.close()
    if db.is_server:
        raise CliError(
            "共有サーバーのバックアップは pg_dump のファイルです。削除済みの紹介記録を消すには、"
            "削除の後に dvdesk server-backup で取り直し、古いファイルを消してください"
        )
    done = purge.purge_deleted_referrals(db.path)
    if not done.removed and done.complete:
        print("バックアップに残っている削除済みの紹介記録はありません。")
    for path, count in done.removed:
        print(f"{path.name}: 削除済みの紹介記録 {count}件 を消しました")
    for path, count in done.kept_restored:
        print(
            f"{path.name}: 復元で一覧から外れた紹介記録 {count}件 は、削除したものではないため残しました"
            "（そのバックアップを復元すると一覧に戻ります）"
        )
    for path, count in done.kept_refused:
        print(f"{path.name}: 復元で入れられなかった紹介記録 {count}件 は、削除したものではないため残しました")
    for line in purge_warnings(done):
        print(line, file=sys.stderr)
    return 0 if not (done.unopened or done.failed) else 1


def purge_warnings(done: Purged) -> list[str]:
    """What the purge could not reach, counted and named (``purge.Purged``)."""
    lines = []
    if done.unopened:
        lines.append(
            f"注意: 開けなかったファイル {len(done.unopened)}件。削除済みの紹介記録が残っているかは分かりません"
            "（管理者が確かめて、不要なら消してください）:"
        )
        lines += [f"  {p}" for p in done.unopened]
    if done.failed:
        lines.append(f"注意: 書き直せなかったファイル {len(done.failed)}件。削除済みの紹介記録が残っています:")
        lines += [f"  {p}（{why}）" for p, why in done.failed]
    if done.not_carried:
        lines.append(
            f"注意: 紹介記録を復元で読み出していない壊れたファイル {len(done.not_carried)}件"
            "（以前の版の復元）。ログにない紹介記録が削除したものかは分からないため、消さずに残しました:"
        )
        lines += [f"  {p}" for p in done.not_carried]
    if done.unchecked:
        lines.append(
            f"注意: 壊れていて読めない紹介記録があるファイル {len(done.unchecked)}件。"
            "読めない記録に削除済みのものがあるかは分かりません:"
        )
        lines += [f"  {p}（読めない紹介記録 {'件数不明' if n is None else f'{n}件'}）" for p, n in done.unchecked]
    return lines


def _table_json(t) -> dict[str, Any]:
    return {
        "title": t.title,
        "overlapping": t.overlapping,
        "total": t.total,
        "dv_total": t.dv_total,
        "month_totals": list(t.month_totals),
        "rows": [{"label": r.label, "months": list(r.months), "total": r.total, "dv": r.dv} for r in t.rows],
    }


def cmd_stats_report(args: argparse.Namespace) -> int:
    from dvdesk.app.statistics import Statistics
    from dvdesk.domain import fiscal, report_export

    year = args.year or fiscal.fiscal_year_of(dt.date.today())
    for option, path, other in (
        ("--xlsx", args.xlsx, (".csv", ".txt")),
        ("--csv", args.csv, (".xlsx", ".xlsm", ".xls")),
    ):
        if path and Path(path).suffix.lower() in other:  # a workbook in report.csv: garbage when opened
            raise CliError(
                f"{option} の保存先の拡張子が違います（{Path(path).suffix}）: "
                f"{option} には .{option[2:]} の名前を指定してください"
            )
        if path:
            output_file(path)
    report = Statistics(open_db(args)).year_report(year, args.source)
    notes: list[str] = []  # what CP932 spells differently, cell by cell
    try:
        if args.xlsx:
            report_export.write_xlsx(report, Path(args.xlsx))
        if args.csv:
            report_export.write_csv(report, Path(args.csv), args.encoding, notes=notes)
    except report_export.ExportError as exc:
        raise CliError(exc.message) from None
    if args.json:
        print_json(
            {
                "fiscal_year": report.fiscal_year,
                "label": report.label,
                "source": report.source.value,
                "total": report.total,
                "dv_total": report.dv_total,
                "dv_ratio": report.dv_ratio,
                "months": [m.strftime("%Y-%m") for m in report.months],
                "by_channel": _table_json(report.by_channel),
                "by_department": _table_json(report.by_department),
                "by_need": _table_json(report.by_need),
            }
        )
    elif not (args.xlsx or args.csv):
        print(report_export.csv_bytes(report).decode("utf-8-sig").replace(",", "\t").rstrip())
    for path in (args.xlsx, args.csv):
        if path and not args.json:
            print(f"保存しました: {path}")
    for note in notes:
        print(f"注意: {note}", file=sys.stderr if args.json else sys.stdout)
    return 0


def cmd_stats_usage(args: argparse.Namespace) -> int:
    raise CliError("dvdesk stats report --year 2025 [--xlsx PATH | --csv PATH] [--json] の形で指定してください")


def register(add) -> None:
    """Add this module's subcommands; ``add(name, func, help)`` returns the subparser."""
    p = add("referrals", cmd_referrals_list, "紹介記録（一覧・記録・状況の変更・リマインド日数）")
    actions = p.add_subparsers(dest="action")
    ls = actions.add_parser("list", help="紹介記録の一覧（新しい順）")
    ls.set_defaults(func=cmd_referrals_list)
    # `list` may be left out (`dvdesk referrals --stale`, as the README writes it); the flags are read
    # on either side of it, and `list`'s own defaults never undo one given before it.
    for listing, default in ((p, False), (ls, argparse.SUPPRESS)):
        listing.add_argument("--open", action="store_true", default=default, help="未完了（紹介済み・連絡済み）のみ")
        listing.add_argument(
            "--stale", action="store_true", default=default, help="リマインド対象（更新のない未完了）のみ"
        )
        listing.add_argument("--json", action="store_true", default=default, help="JSON で出力")

    a = actions.add_parser("add", help="紹介を記録（事例番号は紙の記録の番号。名前は不可）")
    a.set_defaults(func=cmd_referrals_add)
    a.add_argument("--case", required=True, metavar="REF", help="事例番号（例: R3-0142）")
    a.add_argument("--counselor", required=True, help="担当相談員")
    a.add_argument("--service", action="append", metavar="ID_OR_KEY", help="紹介先サービス（複数可）")
    a.add_argument("--department", action="append", metavar="ID_OR_KEY", help="紹介先の課・機関（複数可）")
    a.add_argument("--need", action="append", metavar="KEY", help="ニーズ分類のキー（複数可）")
    a.add_argument("--date", type=_date, help="紹介日（既定は今日）")
    a.add_argument(
        "--channel",
        default="in_person",
        choices=["phone", "in_person", "accompany", "email"],
        help="相談方法（既定 in_person = 面接）",
    )
    a.add_argument("--not-dv", action="store_true", help="DV相談として数えない")
    a.add_argument("--note", help="行ったこと（相談者の名前・連絡先は不可）")

    st = actions.add_parser("status", help="状況を変更（contacted / done / failed）")
    st.set_defaults(func=cmd_referrals_status)
    st.add_argument("id", type=bounded_int(1, SQLITE_MAX_INT, "紹介記録の番号"))
    st.add_argument("status", help="received（受付）, contacted（連絡済み）, done（対応完了）, failed（不調）")
    st.add_argument("--date", type=_date, help="日付（既定は今日）")
    st.add_argument("--note", help="行ったこと")

    q = actions.add_parser("queue", help="この課・機関宛ての紹介（受付一覧。共有モードの各窓口用）")
    q.set_defaults(func=cmd_referrals_queue)
    q.add_argument("--department", required=True, metavar="ID_OR_KEY_OR_NAME", help="受け付ける課・機関")
    q.add_argument("--all", action="store_true", help="終了したもの（対応完了・不調）も表示")
    json_flag(q)

    mv = actions.add_parser("move", help="受け付けた紹介の状況を進める（受付 → 連絡済み → 対応完了 / 不調）")
    mv.set_defaults(func=cmd_referrals_move)
    mv.add_argument("id", type=bounded_int(1, SQLITE_MAX_INT, "紹介記録の番号"))
    mv.add_argument("status", help="受付 (received), 連絡済み (contacted), 対応完了 (done), 不調 (failed)")
    mv.add_argument("--department", required=True, metavar="ID_OR_KEY_OR_NAME", help="この窓口の課・機関")
    mv.add_argument("--date", type=_date, help="日付（既定は今日）")
    mv.add_argument("--note", help="行ったこと（相談者の名前・連絡先は不可）")

    cp = actions.add_parser("case-pattern", help="事例番号の形を表示・設定（管理者。既定 {era}{year}-{n} = R7-0142）")
    cp.set_defaults(func=cmd_referrals_case_pattern)
    cp.add_argument(
        "template", nargs="?", help="{era} 元号の頭文字, {year} 年, {yyyy} 西暦, {n} 番号, {n4} 4桁の番号, {A} 英字1字"
    )

    pb = actions.add_parser("purge-backups", help="削除した紹介記録をバックアップからも消す（管理者）")
    pb.set_defaults(func=cmd_referrals_purge_backups)

    rd = actions.add_parser("reminder-days", help="リマインドまでの日数を表示・設定")
    rd.set_defaults(func=cmd_referrals_reminder_days)
    rd.add_argument("days", type=bounded_int(-SQLITE_MAX_INT, SQLITE_MAX_INT, "リマインドの日数"), nargs="?")

    p = add("stats", cmd_stats_usage, "相談件数の集計（dvdesk stats report --year 2025）")
    actions = p.add_subparsers(dest="action")
    r = actions.add_parser("report", help="年度の集計表（月別・担当課別・ニーズ別）")
    r.set_defaults(func=cmd_stats_report)
    r.add_argument("--year", type=_fiscal_year, help="年度（2025 または R7。既定は今年度）")
    r.add_argument(
        "--source",
        choices=["entered", "referrals"],
        default="entered",
        help="entered = 入力した相談件数（既定）, referrals = 紹介記録から集計",
    )
    r.add_argument("--xlsx", metavar="PATH", help="Excel ファイルに保存")
    r.add_argument("--csv", metavar="PATH", help="CSV ファイルに保存")
    r.add_argument(
        "--encoding", choices=["utf-8-sig", "cp932"], default="utf-8-sig", help="CSV の文字コード（既定 UTF-8 BOM付き）"
    )
    json_flag(r)
