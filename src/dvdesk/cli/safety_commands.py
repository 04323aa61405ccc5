"""Backup and recovery subcommands: backup, backups, restore, recover."""

from __future__ import annotations

import argparse
import sys

from dvdesk import paths
from dvdesk.cli.cli_support import CliError, announce_migration, json_flag, print_json


def _local_only(what: str) -> None:
    """Backups, restore and recovery of this PC's file; a server has server-backup / server-restore."""
    import os

    from dvdesk.storage.server import is_server_url

    if is_server_url(os.environ.get("DVDESK_DB", "")):
        raise CliError(
            f"共有サーバーでは {what} は使えません。dvdesk server-backup と "
            "dvdesk server-restore を使ってください（README: 共有モード）"
        )


def cmd_backup(args: argparse.Namespace) -> int:
    _local_only("backup")
    from dvdesk.storage import backup
    from dvdesk.storage.db import open_database

    db = open_database(announce=announce_migration)
    db.close()
    target = backup.take(db.path, "manual")
    print(f"バックアップしました: {target}")
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    _local_only("backups")
    from dvdesk.storage import backup

    rows = []
    for number, b in enumerate(backup.list_backups(paths.database_path()), start=1):
        rows.append(
            {
                "number": number,
                "path": str(b.path),
                "taken_at": b.taken_at.isoformat(" ", "seconds"),
                "reason": b.reason,
                "size": b.size,
                **b.summary(),
            }
        )
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print("バックアップはまだありません。")
    for r in rows:
        contents = (
            f"エラー: {r['error']}"
            if "error" in r
            else f"市区町村 {r['municipalities']}・組織 {r['organizations']}・サービス {r['services']}"
            f"・手続き {r['procedures']}・紹介記録 {r['referrals']}"
        )
        print(f"{r['number']:>3}  {r['taken_at']}  {r['reason']:<16} {contents}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    _local_only("restore")
    from pathlib import Path

    from dvdesk.storage import backup, backup_schema, restore_settings
    from dvdesk.storage.recovery import casework_words

    db_path = paths.database_path()
    backups = backup.list_backups(db_path)
    if args.backup.isdigit():
        number = int(args.backup)
        if not 1 <= number <= len(backups):
            raise CliError(f"バックアップ番号 {number} はありません（dvdesk backups で一覧）")
        source = backups[number - 1].path
    else:
        source = Path(args.backup)
        if not source.is_file():
            raise CliError(f"ファイルがありません: {source}")
    from dvdesk.storage import open_marker
    from dvdesk.storage.errors import BackupTooNew, DatabaseInUse
    from dvdesk.storage.schema_revision import is_from_newer_dvdesk

    if is_from_newer_dvdesk(source):  # restored, it would lock this desk out of its own file
        raise BackupTooNew(source, "schema revision unknown to this dvdesk")
    if not backup.is_good(source):
        raise CliError(f"このバックアップは壊れているか空です: {source.name}。何も変更していません。")
    if reason := backup_schema.unrestorable(source):  # before its rules are read: another program's file has none
        raise CliError(reason)
    _refuse_unless_accepted(source, args.accept_problems)

    if held := open_marker.held_by_others(db_path):  # the window would go on showing the log as it was
        raise DatabaseInUse(db_path, f"open in another process ({held[0].name})")
    lost = backup.referrals_not_in(source, db_path)  # recorded after the backup: gone from the log
    moves, entries = backup.casework_not_in(source, db_path)
    back = backup.referrals_back_from(source, db_path)  # deleted after the backup: in the log again
    edits, records = backup.directory_edits_not_in(source, db_path)
    settings = restore_settings.changed_by_restore(source, db_path, backup.connect_ro)  # another PC's, say
    try:
        safety = backup.restore(source, db_path)
    except backup_schema.NotRestorable as exc:
        raise CliError(str(exc)) from None
    except ValueError:
        raise CliError(f"このバックアップは壊れているか空です: {source.name}") from None
    print(f"復元しました: {source.name}" + (f"（復元前の状態は {safety.name} に保存）" if safety else ""))
    way_back = f"（復元前の状態に残っています。戻すときは dvdesk restore {safety}）" if safety else ""
    if lost:
        print(
            f"注意: 復元前にあった紹介記録 {lost}件 はこのバックアップにないため、一覧から消えました{way_back}",
            file=sys.stderr,
        )
    gone = casework_words(moves, entries)
    if edits:
        gone.append(f"ディレクトリの変更 {edits}回（記録 {records}件）")
    if gone:
        print(
            f"注意: 復元前にあった{'、'.join(gone)} はこのバックアップの時点に戻りました{way_back}",
            file=sys.stderr,
        )
    if settings:
        print(f"注意: この PC の設定もバックアップの値になりました: {'、'.join(settings)}{way_back}", file=sys.stderr)
    if back:
        print(
            f"注意: 復元前の一覧になかった紹介記録 {back}件 が、このバックアップから一覧に戻りました"
            "（統計にも数えられます）。バックアップの後に削除したものなら、紹介記録の画面でもう一度削除し、"
            "dvdesk referrals purge-backups を実行してください",
            file=sys.stderr,
        )
    return 0


def _refuse_unless_accepted(source, accepted: bool) -> None:
    """The gate for a restore: a backup whose directory breaks a rule needs --accept-problems."""
    from dvdesk.domain.integrity import summary
    from dvdesk.storage.backup_check import findings_in

    findings = findings_in(source)
    if findings and not accepted:
        raise CliError(
            f"このバックアップには直す必要のある記録があります: {summary(findings)}"
            " それでも復元するときは --accept-problems を付けてください（復元後に管理画面で直してください）"
        )


def cmd_recover(args: argparse.Namespace) -> int:
    _local_only("recover")
    from dvdesk.storage.recovery import recover

    result = recover(paths.database_path(), only_if_damaged=True)
    if result.damaged_copy:
        print(f"壊れたファイルを保管しました: {result.damaged_copy}")
    if result.restored_from:
        print(f"バックアップから復元しました: {result.restored_from.name}")
    else:
        print("同梱のディレクトリから作り直しました。")
    if result.warning():
        print(result.warning(), file=sys.stderr)
    return 0


def register(add) -> None:
    add("backup", cmd_backup, "データベースを今すぐバックアップ")
    p = add("backups", cmd_backups, "バックアップの一覧（日時と内容）")
    json_flag(p)
    p = add("restore", cmd_restore, "バックアップから復元（番号またはファイル）")
    p.add_argument("backup", help="dvdesk backups の番号、またはバックアップファイル")
    p.add_argument(
        "--accept-problems",
        action="store_true",
        help="規則に合わない記録（空の公開範囲、上位の循環など）があっても復元する",
    )
    add("recover", cmd_recover, "壊れたデータベースを保管し、最新の正常なバックアップか同梱データで作り直す")
