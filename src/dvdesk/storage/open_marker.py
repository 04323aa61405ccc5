"""Did the last dvdesk that used this database end cleanly? One marker file per running process.

Each process that opens the database creates ``<database>.open-<pid>`` beside it and holds an
exclusive lock on it until it closes the database, when the file is removed. A marker that is
still there but that nobody holds locked was left by a process that did not end cleanly (killed,
crashed, a power cut): only then is the whole file worth ``PRAGMA quick_check`` before use (1–1.5 s
at national scale). A second dvdesk running on the same file holds its own marker locked, so it
is not mistaken for a crash. Where no lock can be taken (an exotic file system) every leftover
marker counts as unclean, which only costs a check.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)

SUFFIX = ".open-"


def _lock(handle: IO[bytes]) -> bool:
    """An exclusive, non-blocking lock on ``handle``; False when another process holds it."""
    try:
        if sys.platform == "win32":  # (not os.name: mypy narrows the platform by sys.platform)
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(handle: IO[bytes]) -> None:
    with contextlib.suppress(OSError):
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def markers(db_path: Path) -> list[Path]:
    prefix = db_path.name + SUFFIX  # not a glob: a folder or file name may hold "[" or "*"
    try:
        return sorted(p for p in db_path.parent.iterdir() if p.name.startswith(prefix))
    except OSError:
        return []


def left_uncleanly(db_path: Path) -> list[Path]:
    """The markers of processes that had ``db_path`` open and ended without closing it (none: the
    last use ended cleanly). Remove them with ``forget`` once the file has been checked."""
    stale = []
    for marker in markers(db_path):
        try:
            with open(marker, "r+b") as handle:
                if not _lock(handle):
                    continue  # another dvdesk is using the file right now
                _unlock(handle)
        except OSError:
            pass  # unreadable: count it as unclean, to be safe
        log.warning("the previous dvdesk did not close %s cleanly (%s)", db_path.name, marker.name)
        stale.append(marker)
    return stale


def held_by_others(db_path: Path) -> list[Path]:
    """The markers another running process holds locked: a dvdesk (window or command) using the file now."""
    mine = f"{db_path.name}{SUFFIX}{os.getpid()}"
    held = []
    for marker in markers(db_path):
        if marker.name == mine:
            continue
        try:
            with open(marker, "r+b") as handle:
                if _lock(handle):
                    _unlock(handle)
                    continue
        except OSError:
            continue  # gone meanwhile, or unreadable: not known to be in use
        held.append(marker)
    return held


def forget(stale: list[Path]) -> None:
    for marker in stale:
        with contextlib.suppress(OSError):
            marker.unlink()


class OpenMarker:
    """This process's marker, locked while the database is open; ``release`` at a clean close."""

    def __init__(self, db_path: Path) -> None:
        self.path = db_path.with_name(f"{db_path.name}{SUFFIX}{os.getpid()}")
        self._handle: IO[bytes] | None = open(self.path, "w+b")
        self._handle.write(b"0")  # one byte for msvcrt's byte-range lock
        self._handle.flush()
        _lock(self._handle)
        self.keep = False  # set when the file was found damaged: the next start checks it first

    def release(self) -> None:
        if self._handle is None:
            return
        _unlock(self._handle)
        self._handle.close()
        self._handle = None
        if not self.keep:
            with contextlib.suppress(OSError):
                self.path.unlink()

    def __del__(self) -> None:  # a Database dropped without close(): release the lock, keep the file
        if self._handle is not None:
            with contextlib.suppress(Exception):
                self._handle.close()


def mark_open(db_path: Path) -> OpenMarker | None:
    """This process's marker, or None when the folder does not take one (the open goes on)."""
    try:
        return OpenMarker(db_path)
    except OSError as exc:
        log.warning("no open marker beside %s: %s", db_path.name, exc)
        return None
