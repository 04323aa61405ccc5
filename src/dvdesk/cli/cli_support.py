"""Shared helpers for subcommands: opening the database, resolving a municipality, JSON output."""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from dvdesk.storage.db import Database
    from dvdesk.storage.schema_upgrade import MigrationNotice
    from dvdesk.storage.start_open import StartDatabase


class Municipalities(Protocol):
    """What resolves a municipality (``app.directory_queries.DeskData``, ``app.checklists.Checklists``)."""

    def municipality_code(self, ref: str) -> str: ...


SQLITE_MAX_INT = 2**63 - 1
# C0/C1 controls except tab and newline, DEL, and the bidirectional overrides that can make a
# terminal line read differently from what it holds.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class CliError(Exception):
    """A one-line message for the user; the command exits 1."""


def terminal_safe(text: str) -> str:
    """``text`` without control characters: a PC name or a record from a package can hold
    escape sequences that would retitle, recolour or rewrite the administrator's terminal."""
    return _UNSAFE.sub("", text)


class SafeStream(io.TextIOBase):
    """Wraps stdout/stderr while a subcommand runs: everything printed passes ``terminal_safe``."""

    def __init__(self, inner: Any):
        self.inner = inner

    def write(self, text: str) -> int:
        self.inner.write(terminal_safe(text))
        return len(text)

    def flush(self) -> None:
        self.inner.flush()

    def isatty(self) -> bool:
        return bool(getattr(self.inner, "isatty", lambda: False)())

    @property
    def encoding(self) -> str:  # type: ignore[override]  # TextIOWrapper's is a plain attribute
        return getattr(self.inner, "encoding", "utf-8")


def bounded_int(low: int, high: int, what: str):
    """An argparse type: an integer from ``low`` to ``high``, refused in one line otherwise."""

    def parse(text: str) -> int:
        text = text.strip()
        if not re.fullmatch(r"[+-]?\d{1,19}", text) or not low <= int(text) <= high:
            raise argparse.ArgumentTypeError(f"{what}は{low}〜{high}の整数で指定してください: {text[:30]}")
        return int(text)

    return parse


def output_file(text: str) -> Path:
    """A file the command will write: refused in one line when it is a folder, not a regular
    file (/proc/…, a device) or in a folder that does not exist."""
    path = Path(text)
    if not text.strip():
        raise CliError("保存先のファイル名を指定してください")
    if path.is_dir():
        raise CliError(f"{path} はフォルダです。保存するファイルの名前を指定してください")
    if path.exists() and not path.is_file():
        raise CliError(f"{path} は通常のファイルではないため保存できません")
    if not path.parent.is_dir():
        raise CliError(f"保存先のフォルダがありません: {path.parent}")
    return path


def record_id(text: str) -> int | None:
    """A numeric id as typed, or None when it is no id a database can hold (20 digits…)."""
    if not text.isascii() or not text.isdigit():
        return None
    value = int(text)
    return value if 0 < value <= SQLITE_MAX_INT else None


def imported(backup: Path | None) -> str:
    """The line an import ends with. A PC's file gets a backup first; on a shared server the PC takes
    none (the server's dump is the safety copy): never 「バックアップ: None」, never no line at all."""
    if backup is not None:
        return f"取り込みました。取り込み前のバックアップ: {backup}"
    return (
        "取り込みました（共有サーバー: 取り込み前のバックアップはこの PC では取りません。"
        "元に戻すには dvdesk server-backup で取ったファイルを使います）。"
    )


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


# Closed when the command ends (``close_opened``): a clean close removes the open marker.
_OPENED: list[Database | StartDatabase] = []


def open_db(args: argparse.Namespace, *, fill: bool = True) -> Database:
    """The database, checked with quick_check only when the last process using it did not close
    it (``storage.open_marker``): 1–1.5 s per command at national scale otherwise. ``dvdesk check``
    always checks the whole file."""
    from dvdesk.storage.db import open_database

    db = open_database(fill=fill, check_only_after_unclean_end=True, announce=announce_migration)
    _OPENED.append(db)
    if not db.is_server:  # a server is backed up on the server (server-backup, pg_dump)
        db.before_first_write = lambda: _daily_backup(db.path)
    warn_findings(db)
    return db


def announce_migration(notice: MigrationNotice) -> None:
    """Before a migration (its backup taken): what happens and the way back, on stderr."""
    print(
        f"dvdesk: データベースをこの版の dvdesk の形式に更新します（{notice.from_revision} → {notice.to_revision}）。"
        f"更新前のバックアップ: {notice.backup}（前の版の dvdesk に戻すときはこのファイルを使います）",
        file=sys.stderr,
        flush=True,
    )


def _daily_backup(path: Path) -> None:
    """Before the command's first write: the day's backup if none was taken today and the file
    changed since the newest (``backup.take_if_due``), so a routine run only from the command line
    (``dvdesk referrals add`` …) is backed up as the window's start backs up the window's work. A
    backup that fails is said in one line; the command's own write goes on."""
    from dvdesk.storage import backup
    from dvdesk.storage.errors import StorageError

    try:
        backup.take_if_due(path, "cli")
    except StorageError as exc:
        print(f"dvdesk: 注意: 書き込み前のバックアップを取れませんでした: {exc.message}", file=sys.stderr)


def open_for_reading(args: argparse.Namespace) -> Database | StartDatabase:
    """For a command that only reads what the desk's list shows (``dvdesk search``): the quick
    start's plain connection when nothing is due (``storage.start_open``: no SQLAlchemy, no
    migration check through Alembic), else ``open_db``. The warning about records that break a
    rule comes from the remembered scan (``app.findings_cache``) while the file is unchanged."""
    from dvdesk.storage.start_open import open_quickly

    quick = open_quickly()
    if quick is None:
        return open_db(args)
    _OPENED.append(quick)
    warn_findings(quick)
    return quick


def close_opened() -> None:
    while _OPENED:
        _OPENED.pop().close()


def warn_findings(db: Database | StartDatabase) -> None:
    """One line on stderr when the directory holds a record that breaks a rule (see
    ``dvdesk.domain.integrity``); the command goes on, reading such a record safely."""
    from dvdesk.app import findings_cache
    from dvdesk.app.directory_queries import DeskData

    found = findings_cache.summary(DeskData(db))  # scanned again only after the file changed
    if found:
        print(
            f"dvdesk: 注意: ディレクトリに直す必要のある記録があります: {found}（dvdesk check で一覧）", file=sys.stderr
        )


def municipality_code(desk: Municipalities, ref: str | None) -> str | None:
    from dvdesk.domain.directory_views import NotFound

    if not ref:
        return None
    try:
        return desk.municipality_code(ref)
    except NotFound:
        raise CliError(f"市区町村が見つかりません: {ref}") from None


def required_municipality_code(desk: Municipalities, ref: str | None) -> str:
    """Like ``municipality_code``, for commands that cannot work without one."""
    code = municipality_code(desk, ref)
    if code is None:
        raise CliError("--municipality を指定してください（例: --municipality 高岡市）")
    return code


def json_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="JSON で出力")


def municipality_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--municipality", "-m", metavar="NAME_OR_CODE", help="市区町村名またはコード（例: 高岡市, 162027）")
