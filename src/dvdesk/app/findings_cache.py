"""The directory scan's verdict (``integrity.scan``), remembered beside the database until the
file changes, so a command does not scan the whole directory each time it runs (about 1 s at
national scale, and SQLAlchemy to import for a ``dvdesk search`` that needs none).

The verdict is kept in ``<database>.findings`` (for a SQLite file only: a server, whose path is
only its display name, is scanned each time) under a fingerprint of the file: its change counter
and the inode, size and modification time of the database and of a non-empty write-ahead log.
Any write — through dvdesk, another SQLite program, a restore that replaces the file — changes
the fingerprint, and the next command scans again. The fingerprint is taken before the scan, so a
write made during the scan also leads to a new scan. A fingerprint that cannot be read, or a
remembered verdict that cannot be written, only means scanning again. The fingerprint names the
scan's rules too (``SCANNED``): a verdict an older dvdesk remembered with fewer rules (h19 added the
translations') is not taken for this one's.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dvdesk import files

if TYPE_CHECKING:
    from dvdesk.app.directory_queries import DeskData

log = logging.getLogger(__name__)

SUFFIX = ".findings"
SCANNED = ("enums", "cycles", "shelters", "shelter_echoes", "shelter_providers", "provider_echoes", "translations")
# ``integrity.SCANNED``, written out: this module is read before SQLAlchemy is imported (a test holds them equal)


def fingerprint(path: Path, change_count: object) -> list[Any]:
    """The change counter, the database file's inode, size and modification time, and the
    write-ahead log's when it holds anything (SQLite makes a new, empty one for each process)."""
    parts: list[Any] = [str(change_count), ",".join(SCANNED)]
    for part in (path, path.with_name(path.name + "-wal")):
        try:
            st = part.stat()
        except FileNotFoundError:
            parts.append(None)
            continue
        parts.append([st.st_ino, st.st_size, st.st_mtime_ns] if st.st_size or part == path else None)
    return parts


def summary(desk: DeskData) -> str:
    """One line naming what in the directory breaks a rule ("" when nothing does), scanned only
    when the file changed since the last scan."""
    if getattr(desk.opened, "is_server", False):  # no file to fingerprint or to write beside
        return _scan(desk)
    path = desk.opened.path
    key = fingerprint(path, desk.change_count())
    remembered = path.with_name(path.name + SUFFIX)
    try:
        saved = json.loads(remembered.read_text(encoding="utf-8"))
        if saved["fingerprint"] == key and isinstance(saved["summary"], str):
            return saved["summary"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    line = _scan(desk)
    try:
        files.atomic_write(
            remembered,
            json.dumps({"fingerprint": key, "summary": line}, ensure_ascii=False).encode("utf-8"),
            private=True,
        )
    except OSError as exc:  # a read-only folder: scan again next time
        log.info("scan verdict not remembered: %s", type(exc).__name__)
    return line


def _scan(desk: DeskData) -> str:
    from dvdesk.domain.integrity import summary as one_line  # with the database layer: only to scan

    findings = desk.findings()
    return one_line(findings) if findings else ""
