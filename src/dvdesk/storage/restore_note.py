"""The note beside the database of the referrals restores took out of the log (``backup.restore``).

They live on in the before-restore backup, the way back the restore names, and are not deleted
ones for the purge (``purge``) nor for the thinning of backups (``backup.thin``). The note is written
before the restore copies a page, so that nothing is restored without it; and put back as it was
when the restore then fails (a full disk half-way: h19 found the note naming a referral still in
the log, which the purge would then have kept in every backup once the counselor deleted it).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path

from dvdesk import files

log = logging.getLogger(__name__)

TAKEN_OUT = ".taken-out-by-restore.json"  # beside the database: (id, created_at) of referrals a restore took out
Key = tuple[int, str]


def note_path(db_path: Path) -> Path:
    return Path(f"{db_path}{TAKEN_OUT}")


def taken_out_by_restore(db_path: Path) -> set[Key] | None:
    """The referrals restores took out of the log and none put back (``write``); an empty
    set without a note, None when the note cannot be read."""
    note = note_path(db_path)
    if not note.exists():
        return set()
    try:
        return {(int(i), str(c)) for i, c in json.loads(note.read_text(encoding="utf-8"))}
    except (OSError, ValueError, TypeError):
        log.error("the note of referrals taken out by a restore cannot be read")
        return None


def write(db_path: Path, now: set[tuple[object, ...]], then: set[tuple[object, ...]]) -> None:
    """Note the referrals of the log (``now``: id, created_at) the backup (``then``) lacks; those the
    backup puts back in the log leave the note (deleted later, they are deleted ones). OSError passes."""
    keys = {(int(str(i)), str(c)) for i, c in now - then}
    keep = ((taken_out_by_restore(db_path) or set()) | keys) - {(int(str(i)), str(c)) for i, c in then}
    files.atomic_write(note_path(db_path), json.dumps(sorted(keep)).encode(), private=True)


@contextlib.contextmanager
def put_back_on_failure(db_path: Path) -> Iterator[None]:
    """The note as it was before the block when the block raises (a hard link kept meanwhile: putting
    it back takes no room on a full disk); no note when there was none."""
    note = note_path(db_path)
    kept = Path(f"{note}.before-restore")
    kept.unlink(missing_ok=True)
    had = note.exists()
    if had:
        os.link(note, kept)
    try:
        yield
    except BaseException:
        with contextlib.suppress(OSError):
            if had:
                os.replace(kept, note)
            else:
                note.unlink(missing_ok=True)
        raise
    finally:
        kept.unlink(missing_ok=True)
