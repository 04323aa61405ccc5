"""Shared mode for the city's administrator: set up the PostgreSQL server, back it up.

    dvdesk --db postgresql:///dvdesk?service=dvdesk-admin server-setup
    dvdesk --db postgresql:///dvdesk?service=dvdesk-admin server-backup dvdesk-2026-12-01.dump

Restoring is PostgreSQL's own ``pg_restore`` (README: 共有モード).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
from pathlib import Path

from dvdesk.cli.cli_support import CliError, output_file


def _server_url() -> str:
    from dvdesk.storage.server import is_server_url

    url = os.environ.get("DVDESK_DB", "")
    if not is_server_url(url):
        raise CliError(
            "共有サーバーの URL を --db で指定してください（例: --db 'postgresql:///dvdesk?service=dvdesk'）"
        )
    return url


def cmd_server_setup(args: argparse.Namespace) -> int:
    from dvdesk.app.server_admin import set_up

    report = set_up(_server_url())
    print(f"共有サーバーを準備しました: {report.location}（スキーマ {report.revision}、支援先 {report.services}件）")
    counselor, admin = report.roles
    print(f"役割: {counselor}（ディレクトリの閲覧・紹介記録）、{admin}（ディレクトリの編集）")
    print(
        "各職員のログイン役割は psql で作ります（例: CREATE ROLE yamada LOGIN IN ROLE dvdesk_counselor;"
        " 続けて \\password yamada）。"
    )
    return 0


def pg_tool(name: str) -> str:
    """``pg_dump`` / ``pg_restore``: on PATH, else Debian's versioned folder (newest first)."""
    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / name).exists():
            return str(folder / name)
    raise CliError(
        f"{name} が見つかりません（PostgreSQL のクライアント。Debian では postgresql-client を入れてください）"
    )


def libpq_uri(url: str) -> str:
    """The URL as libpq reads it (SQLAlchemy's ``+psycopg`` driver name is not libpq's)."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def cmd_server_backup(args: argparse.Namespace) -> int:
    from dvdesk.storage import server

    url = _server_url()
    target = output_file(args.path)
    partial = target.with_name(target.name + ".partial")
    where, secret = server.without_password(libpq_uri(url))
    dump = subprocess.run(
        [pg_tool("pg_dump"), "--format=custom", "--file", str(partial), where],
        capture_output=True,
        text=True,
        env={**os.environ, **secret},
    )
    if dump.returncode != 0:
        partial.unlink(missing_ok=True)
        raise CliError(f"バックアップを作れませんでした（pg_dump: {_first_line(dump.stderr)}）")
    # Checked end to end: the archive must list the data of every dvdesk table, or it is not kept.
    listing = subprocess.run([pg_tool("pg_restore"), "--list", str(partial)], capture_output=True, text=True)
    missing = [
        t
        for t in ("services", "organizations", "referrals", "change_history", "alembic_version")
        if f"TABLE DATA public {t} " not in listing.stdout
    ]
    if listing.returncode != 0 or missing:
        partial.unlink(missing_ok=True)
        raise CliError(f"バックアップを確かめられませんでした（{', '.join(missing) or _first_line(listing.stderr)}）")
    os.replace(partial, target)
    print(f"共有サーバーをバックアップしました: {target}（{target.stat().st_size:,} バイト、{server.display(url)}）")
    print(f"復元: pg_restore --clean --if-exists --no-owner -d 'postgresql:///dvdesk?service=…' {target}")
    return 0


def _first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[0][:200] if lines else "理由不明"


def register(add) -> None:
    add(
        "server-setup",
        cmd_server_setup,
        "共有サーバー（PostgreSQL）を準備する: スキーマ・同梱ディレクトリ・役割と権限（管理者が一度だけ）",
    )
    p = add("server-backup", cmd_server_backup, "共有サーバーを pg_dump でバックアップする（復元は pg_restore）")
    p.add_argument("path", help="保存するファイル（例: dvdesk-2026-12-01.dump）")
