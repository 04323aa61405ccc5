"""Removing the referrals deleted from the log from every other file dvdesk made that can hold them.

dvdesk writes a referral into these files only (``copies``): the database itself (a delete is wiped
there at once, ``Database.forget_deleted``); each backup in ``backups/`` (``backup.take``: by day, before
a migration, an import, a restore); and, when a recovery runs (``recovery.recover``), the damaged file
it sets aside beside the database, ``<name>.damaged-<stamp>.sqlite3`` with its WAL, and the copy of
the backup it restored, ``<name>.damaged-<stamp>.backup.sqlite3``, kept when it left referrals out
as deleted after that backup. (The shared mode's local copy, ``shared-copy/``, holds no casework; a
server's backups are ``pg_dump`` files the administrator takes again.)

A referral is deleted when the current database no longer holds it: matched by its id and creation
time (a later referral reusing the id is another one), or — a referral a recovery carried under a
new id — by its creation time and case reference, through a referral of the log that the copy does
not hold under its own id (``_Log.absent``). A backup or a recovery copy is rewritten whole
(copied, the rows deleted with secure_delete, VACUUM, checked) and replaced atomically. A damaged
file cannot be checked or vacuumed: its copy has the rows deleted with secure_delete (which zeroes
their bytes and every page they free), every other referral must still read as before, and then it
replaces the file. A referral absent from the log is a deleted one in a damaged file only once a
recovery carried the file's referrals into the log (``note_carried``, beside the file): a referral
it could not put in is noted there and left, and a file no recovery of this version carried (an
earlier one kept its referrals there) is left whole; both are said. What cannot be reached is said,
counted: a file that cannot be opened, one that could not be rewritten, and referrals of a damaged
file that cannot be read (deleted ones may be among them).
"""

from __future__ import annotations

import contextlib
import glob
import json
import logging
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from dvdesk import files
from dvdesk.storage import backup, salvage
from dvdesk.storage.errors import DatabaseUnavailable, StorageError

log = logging.getLogger(__name__)

BACKUP, RECOVERY_COPY, DAMAGED = "backup", "recovery-copy", "damaged"
# Beside a damaged file, written by the recovery that carried its referrals into the log: (id, created_at)
# of those it could not put in. Without it (an earlier version's recovery carried none) the purge cannot tell
# a deleted referral from one never carried, and leaves the file as it is.
CARRIED = ".carried.json"
_CHILDREN = ("referral_events", "referral_targets", "referral_needs")
_SIDES = ("-journal", "-wal", "-shm")
_LEFT = ("-wal", "-journal")  # beside a database file (recovery.SIDE_FILES, less the file)


@dataclass
class Purged:
    removed: list[tuple[Path, int]] = field(default_factory=list)  # (file, referrals removed)
    unopened: list[Path] = field(default_factory=list)  # could not be opened: whether it holds any is unknown
    failed: list[tuple[Path, str]] = field(default_factory=list)  # (file, why) holds some, could not be rewritten
    kept_refused: list[tuple[Path, int]] = field(default_factory=list)  # damaged: not in the log, never put in
    kept_restored: list[tuple[Path, int]] = field(default_factory=list)  # a restore took them out of the log
    not_carried: list[Path] = field(default_factory=list)  # damaged, its referrals never carried: left as it is
    # a damaged file with referrals that cannot be read (None: how many is unknown)
    unchecked: list[tuple[Path, int | None]] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not (self.unopened or self.failed or self.unchecked or self.not_carried)


class _Log:
    """The referrals the current database holds, as the copies are matched against it."""

    def __init__(self, rows: list[tuple[object, object, object]]):
        self.rows = [(int(str(i)), str(c), str(r)) for i, c, r in rows]
        self.keys = {(i, c) for i, c, _ in self.rows}

    def absent(self, held: list[tuple[object, object, object]]) -> list[tuple[int, str]]:
        """(id, created_at) of the referrals of a copy (``held``: its id, created_at, case_ref) the log
        no longer holds. A row of the copy not matched by id and creation time is still held when it is
        one a recovery carried under a new id: a referral of its creation time (to the second) and case
        reference is in the log, and not in this copy under its own id. Two referrals of one case made
        in the same second, one deleted since: the one left is in the copy itself and stands for no
        other, so the deleted one is found."""
        rows = [(int(str(i)), str(c), str(r)) for i, c, r in held]
        own = {(i, c) for i, c, _ in rows}
        made = {(c, r) for i, c, r in self.rows if (i, c) not in own}
        return sorted({(i, c) for i, c, r in rows if (i, c) not in self.keys and (c, r) not in made})


def copies(db_path: Path) -> list[tuple[Path, str]]:
    """Every file besides ``db_path`` that dvdesk made and that can hold its referrals, with its kind."""
    out = [(b.path, BACKUP) for b in backup.list_backups(db_path)]
    name = re.compile(
        rf"^{re.escape(db_path.stem)}\.damaged-\d{{8}}-\d{{6}}-\d{{6}}(\.backup)?{re.escape(db_path.suffix)}$"
    )
    for p in sorted(db_path.parent.glob(f"{glob.escape(db_path.stem)}.damaged-*")):
        m = name.match(p.name)
        if m and p.is_file():
            out.append((p, RECOVERY_COPY if m.group(1) else DAMAGED))
        elif p.name.endswith(_LEFT) and name.match(p.name.rsplit("-", 1)[0]):
            if not p.with_name(p.name.rsplit("-", 1)[0]).exists():
                out.append((p, DAMAGED))  # a WAL or journal kept without its file (recovery.left_beside): named, unread
    return out


def purge_deleted_referrals(db_path: Path) -> Purged:
    """Remove from every copy (``copies``) the referrals the database at ``db_path`` no longer holds."""
    rows = _rows(db_path)
    if rows is None:
        raise DatabaseUnavailable(db_path, "the current database cannot be read")
    current, out = _Log(rows), Purged()
    taken_out = backup.taken_out_by_restore(db_path)
    if taken_out is None:  # which absent referrals a restore took out cannot be told: none is removed
        raise DatabaseUnavailable(db_path, "the note of referrals taken out by a restore cannot be read")
    for path, kind in copies(db_path):
        try:
            if kind == DAMAGED:
                _purge_damaged(path, current, out)
                continue
            held = _rows(path)
            if held is None:
                out.unopened.append(path)
                continue
            absent = set(current.absent(held))
            gone = sorted({i for i, c in absent - taken_out})
            if len(gone) < len(absent):
                out.kept_restored.append((path, len(absent) - len(gone)))
            if gone:
                _rewrite_without(path, gone)
                out.removed.append((path, len(gone)))
        except StorageError as exc:
            log.error("purge: %s could not be rewritten: %s", path.name, exc.detail)
            out.failed.append((path, exc.message))
    return out


def _rows(path: Path) -> list[tuple[object, object, object]] | None:
    """(id, created_at, case_ref) of every referral; [] without the log; None if unreadable."""
    try:
        con = backup.connect_ro(path)
        try:
            if not backup._has_table(con, "referrals"):
                return []
            return [tuple(r) for r in con.execute("SELECT id, created_at, case_ref FROM referrals")]
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return None


def _purge_damaged(path: Path, current: _Log, out: Purged) -> None:
    cw = salvage.read(path)
    if cw is None:
        out.unopened.append(path)
        return
    refs = cw.tables.get("referrals")
    if refs is None:
        return
    if refs.unreadable != 0:
        out.unchecked.append((path, refs.unreadable))
    refused = _refused(path)
    gone_keys = set(current.absent([(r["id"], r["created_at"], r["case_ref"]) for r in refs.rows]))
    absent = [r for r in refs.rows if (int(str(r["id"])), str(r["created_at"])) in gone_keys]
    if refused is None:  # never carried (an earlier version's recovery): not in the log is not deleted
        if absent:
            out.not_carried.append(path)
        return
    gone = sorted({int(str(r["id"])) for r in absent if (int(str(r["id"])), str(r["created_at"])) not in refused})
    if len(gone) < len(absent):
        out.kept_refused.append((path, len(absent) - len(gone)))
    if gone:
        kept = {int(str(r["id"])) for r in refs.rows} - set(gone)
        _rewrite_damaged(path, gone, kept, len(refs.unreadable_ids))
        out.removed.append((path, len(gone)))


def note_carried(damaged: Path, refused: list[tuple[int, str]]) -> None:
    """Note beside ``damaged`` that a recovery carried its readable referrals into the log, and which it
    could not put in (``refused``: absent from the log, they are not deleted ones; the file is their only
    place). A note that cannot be written is logged; the purge then leaves the file as it is."""
    try:
        data = json.dumps({"refused": refused}).encode()
        files.atomic_write(Path(f"{damaged}{CARRIED}"), data, private=True)
    except OSError as exc:
        log.error("could not note what the recovery carried: %s", type(exc).__name__)


def _refused(damaged: Path) -> set[tuple[int, str]] | None:
    """The referrals the recovery could not put in; None when no recovery of this version carried the file."""
    note = Path(f"{damaged}{CARRIED}")
    if not note.exists():
        return None
    try:
        return {(int(i), str(c)) for i, c in json.loads(note.read_text(encoding="utf-8"))["refused"]}
    except (OSError, ValueError, TypeError, KeyError):
        log.error("the recovery's note beside %s cannot be read", damaged.name)
        return None


def _delete(con: sqlite3.Connection, referral_ids: list[int]) -> None:
    marks = ",".join("?" * len(referral_ids))
    con.execute("PRAGMA secure_delete = ON")
    con.execute("BEGIN")
    for child in _CHILDREN:
        if backup._has_table(con, child):
            con.execute(f"DELETE FROM {child} WHERE referral_id IN ({marks})", referral_ids)
    con.execute(f"DELETE FROM referrals WHERE id IN ({marks})", referral_ids)
    con.execute("COMMIT")


def _rewrite_without(path: Path, referral_ids: list[int]) -> None:
    """A backup (or a recovery's copy of one) without ``referral_ids``: rewritten, vacuumed, checked."""
    partial = path.with_suffix(".partial")
    try:
        files.create_private(partial)
        with files.removed_on_failure(partial):
            src = backup.connect_ro(path)
            try:
                tables = backup._table_count(src)
                dst = sqlite3.connect(partial, isolation_level=None)
                try:
                    src.backup(dst)
                    dst.execute("PRAGMA journal_mode = DELETE")
                    _delete(dst, referral_ids)
                    dst.execute("VACUUM")
                finally:
                    dst.close()
            finally:
                src.close()
            backup._verify(partial, tables)
            _replace(partial, path)
    except (OSError, sqlite3.Error) as exc:
        raise backup.storage_error(path.parent, exc) from exc
    log.info("removed %d deleted referral(s) from %s", len(referral_ids), path.name)


def _rewrite_damaged(path: Path, referral_ids: list[int], kept: set[int], unreadable: int) -> None:
    """A damaged file without ``referral_ids``, its WAL or rollback journal folded in: every other
    referral it could read still reads, and no more are unreadable than before; else the file stays as
    it was. The file is whole only with what SQLite keeps beside it (``recovery.SIDE_FILES``): each is
    copied beside the copy (a hot journal rolls back into it, not into the file rewritten), and none
    stays beside the rewritten file, where SQLite would apply it to pages it was never written for
    (and where the deleted rows' old pages would stay)."""
    partial = path.with_suffix(".partial")
    sides = [s for s in _SIDES if Path(f"{path}{s}").exists()]
    try:
        files.create_private(partial)
        with contextlib.ExitStack() as made:
            for side in ("", *_SIDES):
                made.enter_context(files.removed_on_failure(Path(f"{partial}{side}")))
            for side in _SIDES:  # a stale one from a rewrite cut short would be applied to this copy
                Path(f"{partial}{side}").unlink(missing_ok=True)
            shutil.copyfile(path, partial)
            for side in sides:
                shutil.copyfile(Path(f"{path}{side}"), Path(f"{partial}{side}"))
            con = sqlite3.connect(partial, isolation_level=None)
            try:
                con.execute("PRAGMA writable_schema = ON")  # reads a file cut short (salvage.connect)
                con.execute("PRAGMA journal_mode = MEMORY")  # the WAL folded in; no journal file holds the rows
                _delete(con, referral_ids)
                try:
                    con.execute("VACUUM")
                except sqlite3.DatabaseError:
                    pass  # a damaged file cannot be rebuilt; secure_delete has zeroed the rows
            finally:
                con.close()
            for side in _SIDES:  # a journal SQLite did not find hot (its header zeroed) still holds old pages
                Path(f"{partial}{side}").unlink(missing_ok=True)
            after = salvage.read(partial)
            refs = after.tables.get("referrals") if after is not None else None
            if refs is None or {int(str(r["id"])) for r in refs.rows} != kept or len(refs.unreadable_ids) > unreadable:
                raise sqlite3.DatabaseError("the rewritten copy does not read as the file did")
            _replace_without_sides(partial, path)
    except (OSError, sqlite3.Error) as exc:
        raise backup.storage_error(path.parent, exc) from exc
    log.info("removed %d deleted referral(s) from the damaged file %s", len(referral_ids), path.name)


def _replace_without_sides(partial: Path, path: Path) -> None:
    """``_replace``, the file's side files out of the way first (under names SQLite never reads: one
    left beside the rewritten file would be applied to it) and deleted after; back if it fails."""
    moved = [(Path(f"{path}{s}"), Path(f"{partial}.old{s}")) for s in _SIDES if Path(f"{path}{s}").exists()]
    done: list[tuple[Path, Path]] = []
    try:
        for side, away in moved:
            os.replace(side, away)
            done.append((side, away))
        _replace(partial, path)
    except BaseException:
        for side, away in done:
            with contextlib.suppress(OSError):
                os.replace(away, side)
        raise
    for _, away in done:
        away.unlink(missing_ok=True)


def _replace(partial: Path, path: Path) -> None:
    fd = os.open(partial, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(partial, path)
    files.fsync_folder(path.parent)
