"""Shared mode for the city's administrator: set up the PostgreSQL server, back it up.

    dvdesk --db postgresql:///dvdesk?service=dvdesk-admin server-setup
    dvdesk --db postgresql:///dvdesk?service=dvdesk-admin server-backup dvdesk-2026-12-01.dump

Restoring is PostgreSQL's own ``pg_restore`` (README: 共有モード).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import tempfile
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
    print(
        f"役割: {counselor}（ディレクトリの閲覧・紹介記録・チェックシートのテンプレート）、"
        f"{admin}（ディレクトリの編集）"
    )
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
    from dvdesk.app import server_backup
    from dvdesk.storage import server

    url = _server_url()
    target = output_file(args.path)
    partial = target.with_name(target.name + ".partial")
    where, secret = server.without_password(libpq_uri(url))
    env = {**os.environ, **secret}
    # The dump and the counts it is checked against: one snapshot of the server, held while pg_dump runs.
    with server_backup.held_snapshot(url) as snapshot:
        dump = subprocess.run(
            [pg_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot.id}", "--file", str(partial), where],
            capture_output=True,
            text=True,
            env=env,
        )
    if dump.returncode != 0:
        partial.unlink(missing_ok=True)
        raise CliError(
            f"バックアップを作れませんでした（pg_dump: {_first_line(dump.stderr)}）{_role_hint(dump.stderr)}"
        )
    # Checked end to end: every table's rows read back from the archive and counted, or it is not kept.
    found, error = _dump_counts(partial)
    short = server_backup.shortfalls(snapshot.counts, found) if error is None else []
    if error is not None or short:
        partial.unlink(missing_ok=True)
        raise CliError(
            "バックアップを確かめられなかったため、残していません（"
            + ("、".join(short) if short else f"pg_restore: {error}")
            + "）。サーバーのデータはそのままです"
        )
    os.replace(partial, target)
    rows = sum(snapshot.counts.values())
    print(f"共有サーバーをバックアップしました: {target}（{target.stat().st_size:,} バイト、{server.display(url)}）")
    print(f"確かめました: 全 {len(snapshot.counts)} 表、{rows:,} 行（サーバーと同じ時点の行数と一致）")
    print(f"復元: dvdesk --db 'postgresql:///dvdesk?service=…' server-restore {target}")
    return 0


def _dump_counts(path: Path) -> tuple[dict[str, int], str | None]:
    """Rows per table read back from the archive (``pg_restore --data-only``), or the reason it could not be."""
    from dvdesk.app import server_backup

    with (
        tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as errors,
        subprocess.Popen(
            [pg_tool("pg_restore"), "--data-only", "--file", "-", str(path)],
            stdout=subprocess.PIPE,
            stderr=errors,  # a file, not a pipe: a damaged archive's many warnings never stall the read
            text=True,
            encoding="utf-8",
            errors="replace",
        ) as reader,
    ):
        counts = server_backup.dump_counts(reader.stdout or ())
        reader.wait()
        errors.seek(0)
        said = "".join(errors)  # (not .read(): the layering test takes that for a database session)
    return counts, (_first_line(said) if reader.returncode != 0 else None)


def cmd_server_restore(args: argparse.Namespace) -> int:
    from dvdesk.app import server_restore
    from dvdesk.storage import server

    url = _server_url()
    dump = Path(args.path)
    if not dump.is_file():
        raise CliError(f"バックアップのファイルが見つかりません: {dump}")
    _refuse_a_foreign_archive(dump)
    floor = server_restore.highest_given(args.keep_numbers_of) if args.keep_numbers_of else 0
    where, secret = server.without_password(libpq_uri(url))
    error = _restore(dump, where, {**os.environ, **secret}, floor)
    if error is not None:
        raise CliError(f"復元できませんでした（{error}）。共有サーバーのデータは復元前のままです{_role_hint(error)}")
    server_restore.set_up_again(url)
    given = server_restore.highest_given(url)
    print(f"共有サーバーを復元しました: {dump} → {server.display(url)}")
    print(
        f"紹介番号: 次の紹介は {given + 1} 番からです（バックアップの後に付けた番号も含め、"
        "一度付けた番号を二度と付けません）"
    )
    return 0


def _refuse_a_foreign_archive(dump: Path) -> None:
    """Only a dvdesk server's dump is restored over the server: ``--clean`` drops what the archive
    holds, so another database's dump would be mixed into the directory, not put in its place."""
    listing = subprocess.run([pg_tool("pg_restore"), "--list", str(dump)], capture_output=True, text=True)
    tables = ("referrals", "services", "meta", "alembic_version")
    missing = [t for t in tables if f" TABLE DATA public {t} " not in listing.stdout]
    if listing.returncode != 0:
        reason = f"ファイルを読めません。pg_restore: {_first_line(listing.stderr)}"
    elif missing:
        reason = f"dvdesk の server-backup のファイルではありません。{', '.join(missing)} の行がありません"
    else:
        return
    raise CliError(f"復元できませんでした（{reason}）。共有サーバーのデータは復元前のままです")


def _restore(dump: Path, where: str, env: dict[str, str], floor: int) -> str | None:
    """``pg_restore --clean`` of ``dump`` piped into one psql transaction between ``prelude`` and
    ``EPILOGUE``; None, or the first line of what went wrong (then nothing was changed)."""
    from dvdesk.app import server_restore

    with (
        tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as said,
        subprocess.Popen(
            [pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--file", "-", str(dump)],
            stdout=subprocess.PIPE,
            stderr=said,
        ) as reader,
        subprocess.Popen(
            [pg_tool("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-f", "-", where],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=said,
            env=env,
            bufsize=0,  # nothing left in a buffer for the close to write into a psql that has stopped
        ) as writer,
    ):
        assert reader.stdout is not None and writer.stdin is not None
        try:
            writer.stdin.write(server_restore.prelude(floor).encode())
            shutil.copyfileobj(reader.stdout, writer.stdin, 1 << 20)
            read_whole = reader.wait() == 0
            writer.stdin.write((server_restore.EPILOGUE if read_whole else server_restore.FAILED).encode())
        except BrokenPipeError:  # psql stopped (an error, the server away): its transaction is rolled back
            reader.kill()
        with contextlib.suppress(BrokenPipeError):
            writer.stdin.close()  # the end of the script: psql commits, unless it stopped
        writer.wait()
        reader.wait()
        if writer.returncode == 0 and reader.returncode == 0:
            return None
        said.seek(0)
        lines = "".join(said).splitlines()
        if any("connection to server" in line for line in lines):
            return "共有サーバーに接続できませんでした。ネットワークとサーバーの状態を確かめてください"
        errors = [line for line in lines if "error" in line.lower() and "dvdesk:" not in line] or lines
        return _first_line("\n".join(errors))


def _role_hint(said: str) -> str:
    """What to do when the server refused the login's role (a counselor's backup, an administrator's restore)."""
    if "must be owner" in said:
        return "。復元はデータベースの所有者のログイン（例: service=dvdesk-owner）で実行してください"
    if "permission denied" in said:
        return "。管理者（dvdesk_admin）かデータベースの所有者のログインで実行してください"
    return ""


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
    p = add(
        "server-restore",
        cmd_server_restore,
        "server-backup のファイルを共有サーバーに復元する（一度付けた紹介番号は二度と付けない）",
    )
    p.add_argument("path", help="server-backup で作ったファイル")
    p.add_argument(
        "--keep-numbers-of",
        metavar="URL",
        help="別のデータベースに復元するとき: それまで使っていたデータベース（その紹介番号より後から付ける）",
    )
