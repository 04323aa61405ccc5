"""Administration subcommands: data packages and the city's signing key, the directory's check
against the rules, the verification report and the change history, and the pieces every
administration command shares (the administrator's name, the admin layer's errors as one line,
a plan of changes printed). Imports print what would change; ``--dry-run`` stops there. The
spreadsheet and HSDS commands are ``cli.sheet_commands``.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from dvdesk.cli.cli_support import (
    CliError,
    announce_migration,
    imported,
    json_flag,
    municipality_code,
    municipality_flag,
    open_db,
    output_file,
    print_json,
)

if TYPE_CHECKING:
    from dvdesk.admin.package import Package
    from dvdesk.storage.db import Database

ACTION_WORDS = {"added": "追加", "changed": "変更", "retired": "廃止", "restored": "復元", "unchanged": "変更なし"}


def admin_name(args: argparse.Namespace) -> str:
    name = (args.admin or os.environ.get("DVDESK_ADMIN") or "").strip()
    if not name:
        try:
            name = getpass.getuser()
        except Exception:  # no login name on some locked-down PCs
            name = ""
    if not name:
        raise CliError("管理者名を --admin で指定してください")
    return name


@contextmanager
def one_line_errors():
    """The admin layer's Japanese errors as the CLI's one-line errors."""
    from dvdesk.admin.editing import EditError
    from dvdesk.admin.hsds_import import HsdsError
    from dvdesk.admin.package import PackageError
    from dvdesk.admin.sheet_files import SheetFileError
    from dvdesk.admin.validation import ValidationError
    from dvdesk.domain.integrity import DirectoryRefused

    try:
        yield
    except (PackageError, SheetFileError, HsdsError, EditError, ValidationError, DirectoryRefused) as exc:
        raise CliError(" / ".join(str(exc).splitlines())) from None
    except RuntimeError as exc:  # zipfile: a member with the encryption flag set
        if "encrypt" not in str(exc).lower() and "password" not in str(exc).lower():
            raise
        raise CliError(
            "暗号化された ZIP は読めません。dvdesk で書き出したパッケージを暗号化せずに使ってください"
        ) from None
    except NotImplementedError:  # zipfile: a compression method Python does not read
        raise CliError(
            "この ZIP の圧縮方式には対応していません。dvdesk で書き出したパッケージを使ってください"
        ) from None


def short(value: object, width: int = 50) -> str:
    from dvdesk.admin.diff import describe

    text = describe(value).replace("\n", " ⏎ ")
    return text if len(text) <= width else text[: width - 1] + "…"


def change(old: object, new: object, width: int = 50) -> str:
    """「old → new」, each cut to ``width``; where both are cut within what they share (a word added
    at the end of a long 説明), both start a little before the first difference, so the change is
    seen and never printed as two identical lines."""
    from dvdesk.admin.diff import describe

    a, b = (describe(v).replace("\n", " ⏎ ") for v in (old, new))
    same = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    if max(len(a), len(b)) > width and same >= width - 1:
        start = max(0, same - 10)
        a, b = ("…" + t[start:] if t[start:] else "" for t in (a, b))
    return f"{short(a, width) or '（空）'} → {short(b, width) or '（空）'}"


def print_plan(plan) -> None:
    for d in plan.diffs:
        print(f"{d.action_label}  {d.kind_label}  {d.key}  {d.title}")
        if d.action == "added":
            continue
        for c in d.display:
            print(f"    {c.label}: {change(c.old, c.new)}")
    print(plan.summary())


def cmd_export(args: argparse.Namespace) -> int:
    from dvdesk.admin.package import export_package
    from dvdesk.app.directory_queries import DeskData

    target = output_file(args.path)
    db = open_db(args)
    code = municipality_code(DeskData(db), args.municipality)
    with one_line_errors():
        m = export_package(db, target, code, exported_by=admin_name(args))
    total = sum(v for v in m.counts.values())
    print(f"書き出しました: {args.path}（{m.scope_label}、{total}件、PC {m.pc_name}、SHA-256 {m.sha256[:16]}…）")
    print(f"署名: 鍵「{m.key_name}」（{m.fingerprint}）。取り込む PC にも同じ鍵が必要です（dvdesk package-key）。")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from dvdesk.admin.package import read_package

    db = open_db(args)
    with one_line_errors():
        package = read_package(Path(args.path), extract=not args.dry_run)
        try:
            return _import(args, db, package)
        finally:
            package.close()  # a preview not applied too (its index extracted meanwhile)


def _import(args: argparse.Namespace, db: Database, package: Package) -> int:
    from dvdesk.admin.package import apply_package, preview

    m = package.manifest
    print(f"パッケージ: {m.scope_label}、作成: {m.origin}")
    if not package.trusted:
        print(f"注意: {package.untrusted_reason()}")
    plan = preview(db, package)
    print_plan(plan)
    for warning in plan.warnings:
        print(f"注意: {warning}")
    if args.dry_run or plan.empty:
        print("（--dry-run: 何も変更していません）" if args.dry_run else "取り込む変更はありません。")
        return 0
    if not package.trusted and not args.accept_untrusted:
        raise CliError(
            f"{package.untrusted_reason()}。作成者を確かめたうえで取り込むときは "
            "--accept-untrusted を付けてください（何も変更していません）"
        )
    result = apply_package(
        db, package, admin_name(args), accept_untrusted=args.accept_untrusted, previewed=plan
    )  # previewed once: the checks are not run twice
    print(imported(result.backup))
    if result.plan.index:  # the whole search index was rebuilt instead of the touched services
        print(f"検索索引: {result.plan.index}")
    return 0


def _ask_passphrase() -> str:
    """Typed at the terminal; no terminal to type it at (input closed, a script) is one line, not
    「予期しないエラー: EOFError」."""
    try:
        return getpass.getpass("合言葉: ")
    except EOFError:
        print(file=sys.stderr)  # the prompt's line
        raise CliError(
            "合言葉が入力されませんでした（端末で入力するか、環境変数 DVDESK_KEY_PASSPHRASE で渡してください）"
        ) from None


def cmd_package_key(args: argparse.Namespace) -> int:
    from dvdesk.admin import package_key as pk

    try:
        if args.action == "show":
            key = pk.load()
            if key is None:
                print("この PC にはまだ鍵がありません（dvdesk package-key create 名前）。")
                return 0
        elif args.action == "create":
            passphrase = None
            if args.passphrase:
                passphrase = os.environ.get("DVDESK_KEY_PASSPHRASE") or _ask_passphrase()
            key = pk.create(args.value or "", passphrase=passphrase, replace=args.replace)
        elif not args.value:
            raise CliError("鍵ファイルを指定してください（例: 高岡市.dvdesk-key）")
        elif args.action == "export":
            key = pk.export_key(Path(args.value))
            print(f"鍵を書き出しました: {args.value}（市の承認した USB メモリでだけ運んでください）")
        else:
            key = pk.import_key(Path(args.value), replace=args.replace)
            print("鍵を取り込みました。")
    except pk.PackageKeyError as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        raise CliError(f"鍵のファイルを書けません: {args.value or pk.key_path()}（{exc.strerror or exc}）") from None
    print(f"鍵: {key.name}（指紋 {key.fingerprint}、作成 {key.created}）")
    return 0


def cmd_verify_report(args: argparse.Namespace) -> int:
    from dvdesk.app.administration import Administration

    rows = Administration(open_db(args)).verification_report()
    if args.json:
        print_json(
            [
                {
                    "kind": r.kind,
                    "key": r.key,
                    "title": r.title,
                    "municipality": r.municipality,
                    "problem": r.problem,
                    "verified_on": r.verified_on,
                    "verified_by": r.verified_by,
                }
                for r in rows
            ]
        )
        return 0
    for r in rows:
        when = f"{r.verified_on}（{r.verified_by}）" if r.verified_on else ""
        print(f"{r.problem_label}  {r.kind_label}  {r.municipality or '全国'}  {r.title}  [{r.key}] {when}")
    print(f"{len(rows)}件")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from dvdesk.app.administration import Administration

    changes = Administration(open_db(args)).history_of(args.key)
    if not changes:
        raise CliError(f"変更の記録がありません: {args.key}")
    if args.json:
        print_json(
            [
                {
                    "id": c.id,
                    "edit_id": c.edit_id,
                    "at": c.at,
                    "admin": c.admin,
                    "action": c.action,
                    "field": c.path,
                    "old": c.old,
                    "new": c.new,
                    "note": c.note,
                    "undone_by": c.undone_by,
                    "db_user": c.db_user,
                }
                for c in changes
            ]
        )
        return 0
    for c in changes:
        undone = "（取り消し済み）" if c.undone_by else ""
        who = f"{c.admin}（{c.db_user}）" if c.db_user and c.db_user != c.admin else c.admin
        print(f"{c.at:%Y-%m-%d %H:%M}  {who}  {c.action_label}{undone}  {c.label}: {change(c.old, c.new)}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Every record that breaks a rule of the gate, one per line; exit 1 when there is one."""
    from dvdesk.app.administration import Administration
    from dvdesk.storage.db import open_database

    findings = Administration(open_database(announce=announce_migration)).check()
    if args.json:
        print_json(
            [
                {"table": f.table, "key": f.key, "name": f.name, "problem": f.problem, "remedy": f.remedy}
                for f in findings
            ]
        )
    else:
        for f in findings:
            print(f)
        print(f"直す必要のある記録: {len(findings)}件" if findings else "規則に合わない記録はありません。")
    return 1 if findings else 0


def admin_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--admin", metavar="NAME", help="管理者名（履歴に残ります。既定は環境変数 DVDESK_ADMIN）")


def register(add) -> None:
    p = add("export", cmd_export, "データパッケージ（.dvdesk）を書き出す")
    p.add_argument("path")
    municipality_flag(p)
    admin_flag(p)

    p = add("import", cmd_import, "データパッケージを取り込む（変更点を表示してから適用）")
    p.add_argument("path")
    p.add_argument("--dry-run", action="store_true", help="変更点を表示するだけで適用しない")
    p.add_argument(
        "--accept-untrusted",
        action="store_true",
        help="この PC の鍵で署名されていないパッケージを、作成者を確かめたうえで取り込む",
    )
    admin_flag(p)

    p = add("package-key", cmd_package_key, "パッケージの署名鍵（市の鍵）を表示・作成・書き出し・取り込み")
    p.add_argument("action", choices=["show", "create", "export", "import"], nargs="?", default="show")
    p.add_argument("value", nargs="?", help="create: 鍵の名前（例: 高岡市 男女平等推進課）／export・import: 鍵ファイル")
    p.add_argument(
        "--passphrase",
        action="store_true",
        help="create: 合言葉から鍵を作る（どの PC でも同じ合言葉・名前で同じ鍵になります）",
    )
    p.add_argument("--replace", action="store_true", help="今の鍵を置き換える")

    p = add("check", cmd_check, "ディレクトリ全体を規則（公開範囲・電話・キー・循環など）で確認する")
    json_flag(p)

    p = add("verify-report", cmd_verify_report, "1年以上確認されていない記録と電話番号のない記録")
    json_flag(p)

    p = add("history", cmd_history, "記録の変更履歴（キーまたは団体コード）")
    p.add_argument("key")
    json_flag(p)
