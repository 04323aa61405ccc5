"""Writing files the user opens elsewhere: whole or not at all, private, never a live formula.

Qt-free on purpose: the statistics export, the sheet export, HSDS, the backups and the CLI all
use these few functions, so a fix here holds everywhere.

- ``atomic_write``: write a temporary file in the target folder, fsync it, rename it over the
  target, fsync the folder. A full disk, a folder that is not there or a file held open by
  Excel raise ``WriteFailed`` with a one-line Japanese message, and no partial file is left.
- ``neutralise_formula``: a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return is prefixed with a single quote, as OWASP recommends against CSV injection; Excel then
  shows the text and never evaluates it.
- ``create_private``: a new file readable by its owner only (0600 on POSIX; on Windows the
  per-user data folder already keeps other users out).
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


class WriteFailed(OSError):
    """A file that could not be written; ``message`` is one line of Japanese for the user."""

    def __init__(self, message: str, *, disk_full: bool = False):
        super().__init__(message)
        self.message = message
        self.disk_full = disk_full


def neutralise_formula(value: Any) -> Any:
    """``value`` unchanged, unless it is text a spreadsheet would run as a formula: then with a
    leading quote. A value that already starts with quotes before such a character gets one more,
    so that ``restore_formula`` takes off exactly what was added (a sheet export re-imports as it was)."""
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore_formula(value: Any) -> Any:
    """The inverse of ``neutralise_formula``, for a cell read back from an exported sheet."""
    if isinstance(value, str) and value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS):
        return value[1:]
    return value


def neutralise_row(row: list[Any] | tuple[Any, ...]) -> list[Any]:
    return [neutralise_formula(v) for v in row]


# Windows reports a full disk by its own error numbers (ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL)
_WINDOWS_DISK_FULL = frozenset({112, 39})


# A drive that went away mid-write (a USB stick pulled out, a network drive lost), by error number.
_DEVICE_GONE = frozenset({errno.EIO, errno.ENODEV, errno.ENXIO, getattr(errno, "ESTALE", errno.EIO)})
# Windows: ERROR_NOT_READY, ERROR_BAD_NETPATH, ERROR_DEV_NOT_EXIST, ERROR_NETNAME_DELETED, ERROR_DEVICE_NOT_CONNECTED
_WINDOWS_DEVICE_GONE = frozenset({21, 53, 55, 64, 1167})


def is_device_gone(exc: BaseException) -> bool:
    """Whether ``exc`` says the drive itself failed or went away (not the file, not the disk's room)."""
    if not isinstance(exc, OSError):
        return False
    return exc.errno in _DEVICE_GONE or getattr(exc, "winerror", None) in _WINDOWS_DEVICE_GONE


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` says the disk (or the user's quota) is full, by its error number only.

    Never by the message: it carries the path, and a folder called "full" is not a full disk."""
    if isinstance(exc, sqlite3.Error):  # SQLite's "database or disk is full", by its result code
        return getattr(exc, "sqlite_errorcode", None) is not None and exc.sqlite_errorcode & 0xFF == sqlite3.SQLITE_FULL
    if not isinstance(exc, OSError):
        return False
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", None)) and exc.errno is not None:
        return True
    return getattr(exc, "winerror", None) in _WINDOWS_DISK_FULL


def explain(path: Path, exc: OSError, *, making: bool = False) -> WriteFailed:
    """The one-line reason a write to ``path`` failed; ``making``: when a file was being made in its
    folder (the temporary file), not when it replaced ``path`` (held open by another program)."""
    if isinstance(exc, WriteFailed):
        return exc
    if is_disk_full(exc):
        return WriteFailed(
            f"ディスクの空きがないため {path.name} を保存できませんでした。書きかけのファイルは残していません。",
            disk_full=True,
        )
    if is_device_gone(exc):
        return WriteFailed(
            f"{path.name} を保存できませんでした。保存先のドライブ（USB メモリやネットワークのドライブ）を"
            "読み書きできません。外れていないか確かめてから、もう一度保存してください。"
        )
    if isinstance(exc, IsADirectoryError) or path.is_dir():
        return WriteFailed(f"{path} はフォルダです。ファイル名を指定してください。")
    if not path.parent.is_dir():
        return WriteFailed(f"保存先のフォルダがありません: {path.parent}")
    cannot = isinstance(exc, (PermissionError, FileNotFoundError)) or exc.errno in (errno.EROFS, errno.EACCES)
    if cannot and making:  # the folder is there, but no file can be made in it (/proc, a read-only drive)
        return WriteFailed(
            f"保存先のフォルダ {path.parent} には書き込めません（読み取り専用の場所か、書き込む権限がありません）。"
            "別の場所を選んでから、もう一度保存してください。"
        )
    if cannot:
        return WriteFailed(
            f"{path.name} に書き込めません（読み取り専用か、Excel などで開かれています）。"
            "閉じるか別の場所を選んでから、もう一度保存してください。"
        )
    return WriteFailed(f"{path} に保存できませんでした（{exc.strerror or type(exc).__name__}）。")


def atomic_write(path: Path, data: bytes, *, private: bool = False) -> Path:
    """Write ``data`` to ``path`` whole or not at all (see module doc). Returns ``path``."""
    return atomic_write_with(path, lambda f: f.write(data), private=private)


def atomic_write_with(path: Path, fill: Callable[[Any], object], *, private: bool = False) -> Path:
    """Like ``atomic_write``, ``fill(binary_file)`` writing the content (e.g. a workbook's save)."""
    path = Path(path)
    if path.is_dir():
        raise explain(path, IsADirectoryError(errno.EISDIR, "is a directory"))
    if path.exists() and not path.is_file():  # /dev/…, /proc/…, a pipe: not a file to replace
        raise WriteFailed(f"{path} は通常のファイルではないため保存できません。")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".dvdesk-", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise explain(path, exc, making=True) from exc
    try:
        with os.fdopen(fd, "wb") as f:
            fill(f)
            f.flush()
            os.fsync(f.fileno())
        if not private and os.name == "posix":
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; an export gets the usual mode
        os.replace(tmp, path)
        fsync_folder(path.parent)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise explain(path, exc) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def fsync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def create_private(path: Path) -> None:
    """Create ``path`` empty and readable by its owner only, unless it exists (then tighten it)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        make_private(path)
        return
    os.close(fd)


def make_private(path: Path) -> None:
    """0600 for a file, 0700 for a folder (POSIX; a no-op elsewhere). Never fails a caller."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        os.chmod(path, PRIVATE_FOLDER if Path(path).is_dir() else PRIVATE_FILE)


def private_folder(folder: Path) -> Path:
    """Create ``folder`` (and parents) if missing; a newly made last level is owner-only."""
    folder = Path(folder)
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    return folder


@contextlib.contextmanager
def removed_on_failure(path: Path) -> Iterator[Path]:
    """Delete ``path`` if the block fails: a half-made file never stays behind."""
    try:
        yield path
    except BaseException:
        with contextlib.suppress(OSError):
            Path(path).unlink(missing_ok=True)
        raise
