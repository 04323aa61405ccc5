"""What to do with a database that cannot be opened: keep it aside, bring back the newest good
backup, or start again from the bundled directory. Nothing is deleted."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from dvdesk import files
from dvdesk.domain.translatable import as_written
from dvdesk.storage import backup, open_marker, purge, salvage, salvage_merge
from dvdesk.storage import recovery_words as w
from dvdesk.storage.db import Database, open_database
from dvdesk.storage.errors import DatabaseInUse, NotDamaged, ReadOnly
from dvdesk.storage.recovery_words import Tr
from dvdesk.storage.salvage import Casework
from dvdesk.storage.salvage_merge import Carried
from dvdesk.storage.sqlite_file import quick_check

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recovery:
    db: Database
    damaged_copy: Path | None
    restored_from: Path | None  # None: started from the bundled directory
    # What became of the damaged file's referral log and counts (``salvage_merge.carry``); None when
    # the file set aside could not be read at all (then nobody can say, and the warning says that).
    carried: Carried | None = None
    # A copy of the backup beside the damaged file, when referrals of the backup were left out as
    # deleted after it: another desk's file copied over this one looks the same, and then they are
    # this desk's referrals, kept where no thinning of the backups removes them (``keep_backup``).
    deleted_kept: Path | None = None
    # The database file was gone but its WAL or rollback journal was not: kept under this name with
    # its suffix (``<name>.damaged-<stamp>.sqlite3-wal``). A restore into the empty file would have
    # had SQLite delete them (a WAL beside an empty database is taken for a stale one), unsaid.
    left_beside: list[Path] = field(default_factory=list)

    @property
    def referrals_left_behind(self) -> int | None:
        """Referrals of the damaged file the recovered database lacks (unreadable and not in the backup)."""
        if self.damaged_copy is None:
            return 0
        return None if self.carried is None else self.carried.lost.get("referrals", 0)

    def warning(self, tr: Tr = as_written) -> str:
        """What the recovery did with the referral log and the counts, when it is more than the backup
        held; "" when the recovered database holds them as they were. ``tr``: the interface language."""
        if self.damaged_copy is None:
            names = "、".join(p.name for p in self.left_beside)
            return w.say(tr, w.LEFT_BESIDE, names=names, path=self.left_beside[0].parent) if names else ""
        if self.carried is None:
            return w.say(tr, w.UNREADABLE_FILE, path=self.damaged_copy)
        c = self.carried
        lost = _not_carried(c, tr)
        kept = c.from_backup.total() + c.superseded.total()
        if not lost and not c.newer.total() and not c.deleted.total() and not kept:
            return ""
        lines = []
        put_in = c.read - c.refused - c.stranded - c.superseded  # what the recovered database holds; the rest below
        if put_in.total():
            newer = self.restored_from is not None and c.newer.total()
            read = w.counts(tr, put_in)
            lines.append(
                w.say(tr, w.CARRIED_NEWER, read=read, newer=w.counts(tr, c.newer))
                if newer
                else w.say(tr, w.CARRIED, read=read)
            )
        if c.deleted["referrals"]:
            lines.append(w.say(tr, w.DELETED, n=c.deleted["referrals"]))
            if self.deleted_kept is not None:
                lines.append(w.say(tr, w.DELETED_KEPT, path=self.deleted_kept))
            elif self.restored_from is not None:  # no copy could be written: the backup itself, for now
                lines.append(w.say(tr, w.DELETED_IN_BACKUP, path=self.restored_from))
        if c.superseded.total():
            lines.append(w.say(tr, w.SUPERSEDED, read=w.counts(tr, c.superseded)))
        for table, n in c.from_backup.items():
            if n:
                lines.append(w.say(tr, w.FROM_BACKUP, what=tr(w.NAMES[table]), n=n))
        if lost:
            lines.append(w.say(tr, w.LOST, lost=w.listed(tr, lost)))
        return "\n".join([*lines, w.say(tr, w.KEPT, path=self.damaged_copy)])


def _not_carried(c: Carried, tr: Tr) -> list[str]:
    """The rows of the damaged file the recovered database does not hold, in words."""
    out = []
    for table, word in {**w.NAMES, **w.PARTS}.items():
        lost = c.lost.get(table, 0)
        if lost is None:
            out.append(w.say(tr, w.UNREAD_UNKNOWN, what=tr(word)))
        elif lost:
            out.append(w.say(tr, w.UNREAD, what=tr(word), n=lost))
    for table, word in w.NAMES.items():
        if c.refused[table]:
            out.append(w.say(tr, w.REFUSED, what=tr(word), n=c.refused[table]))
    if c.stranded["referral_events"]:
        out.append(w.say(tr, w.STRANDED, n=c.stranded["referral_events"]))
    return out


def offer_words(cw: Casework | None, tr: Tr = as_written) -> str:
    """For the offer, before the counselor chooses: what of the casework can be read and carried."""
    if cw is None:
        return tr(w.CANNOT_READ)
    read = Counter({t: cw.read(t) for t in w.NAMES})
    if not read.total() and not _unreadable(cw):
        return tr(w.NOTHING_TO_READ)
    words = [w.say(tr, w.WILL_CARRY, read=w.counts(tr, read))]
    bad = [w.counted(tr, word, n) for word, n in _unreadable(cw)]
    if bad:
        words.append(w.say(tr, w.UNREADABLE, bad=w.listed(tr, bad)))
    return "\n".join(words)


def _unreadable(cw: Casework) -> list[tuple[str, int | None]]:
    """(what, how many) could not be read; the status moves of an unreadable referral count with them
    (they have nothing to be attached to, unless the backup holds that referral)."""
    out = [(word, cw.unreadable(t)) for t, word in {**w.NAMES, **w.PARTS}.items() if cw.unreadable(t) != 0]
    refs, events = cw.tables.get("referrals"), cw.tables.get("referral_events")
    if refs is not None and events is not None and refs.unreadable_ids:
        orphans = sum(1 for e in events.rows if e["referral_id"] in refs.unreadable_ids)
        if orphans:
            out.append((w.ORPHAN_MOVES, orphans))
    return out


def casework_words(moves: int, entries: int) -> list[str]:
    """What a restore takes back besides whole referrals (counted by ``backup.casework_not_in``), in
    ``dvdesk restore``'s words (a recovery carries them over instead: ``Recovery.warning``)."""
    words = [f"紹介の状況の変更 {moves}件"] if moves else []
    return words + ([f"相談件数の入力 {entries}件（月・課・区分ごと）"] if entries else [])


def healthy(db_path: Path) -> bool:
    """Whether the file needs no recovery: a dvdesk database (its schema revision there) that SQLite
    finds whole (``quick_check``, read-write first: a hot journal or a WAL left by a killed process
    is applied). A missing or empty file, or one SQLite finds damaged, is not. ``recover`` sets the
    file aside and puts an older backup in its place: on a healthy file that would take back every
    directory edit since the backup (a shelter's location made secret since, public again)."""
    if not db_path.is_file() or db_path.stat().st_size == 0:
        return False
    if quick_check(db_path) != "ok":
        return False
    try:
        con = backup.connect_ro(db_path)
        try:
            return bool(con.execute("SELECT count(*) FROM alembic_version").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return False


def recover(db_path: Path, *, only_if_damaged: bool = False) -> Recovery:
    """Set the damaged file aside, restore the newest good backup or fill from the bundle, and carry
    every referral, status move and count that can still be read from the damaged file into it.

    Every failure is a ``StorageError`` naming its cause (a read-only folder is not damage, and
    nothing is moved when the folder cannot be written). ``only_if_damaged`` (the command line,
    which anyone may type on a healthy file): ``NotDamaged`` for a file that is whole."""
    if db_path.parent.is_dir() and not os.access(db_path.parent, os.W_OK):
        raise ReadOnly.folder(db_path.parent, "folder not writable")
    held = open_marker.held_by_others(db_path)
    if held:
        raise DatabaseInUse(db_path, f"open in another process ({held[0].name})")
    if only_if_damaged and healthy(db_path):
        raise NotDamaged(db_path, "quick_check ok, schema revision present")
    damaged = set_aside(db_path) if db_path.exists() else None
    beside = _set_aside_left_beside(db_path) if damaged is None else None
    try:
        good = backup.newest_good(db_path)
        later = _written_after(damaged, good.path) if good is not None and damaged is not None else None
        if good is not None:
            backup.restore(good.path, db_path)
        db = open_database(db_path)
    except BaseException:
        if damaged is not None:  # a full disk half-way: the damaged file, whole, where it was (the next try carries it)
            put_back(damaged, db_path)
        elif beside is not None:
            put_back(beside, db_path)
        raise
    casework = salvage.read(damaged) if damaged is not None else None
    carried = None
    if casework is not None:
        try:
            with db.write() as session:
                carried = salvage_merge.carry(session.connection(), casework, good is not None, later)
        except BaseException:
            db.close()
            raise
    if carried is not None and damaged is not None:  # the purge may now take what the log lacks for deleted
        purge.note_carried(damaged, carried.refused_referrals)
    kept = None
    if carried is not None and carried.deleted["referrals"] and good is not None and damaged is not None:
        kept = keep_backup(good.path, damaged)
    left = [p for p in (Path(f"{beside}{suffix}") for suffix in SIDE_FILES[1:]) if p.exists()] if beside else []
    return Recovery(db, damaged, good.path if good else None, carried, kept, left)


def _set_aside_left_beside(db_path: Path) -> Path | None:
    """The WAL or rollback journal of a database file that is gone, moved out of the way (with the
    SHM) under a damaged file's name; None when there is neither. The last writes may be in them, and
    SQLite deletes both beside the empty file a restore writes into (taken for stale ones), unsaid."""
    if not any(Path(f"{db_path}{suffix}").exists() for suffix in ("-wal", "-journal")):
        return None
    return set_aside(db_path)


def keep_backup(taken: Path, damaged: Path) -> Path | None:
    """A copy of the backup ``taken`` beside the damaged file (the backups folder is thinned; this
    copy is not). None when it cannot be written (then the message names no copy, and says less)."""
    # <name>.damaged-<stamp>.backup<suffix>, as the purge finds it: the stamp is no suffix (a database
    # named without one, desk, is set aside as desk.damaged-<stamp>)
    stamped = re.match(r"^(.*\.damaged-\d{8}-\d{6}-\d{6})(.*)$", damaged.name)
    head, suffix = stamped.groups() if stamped else (damaged.stem, damaged.suffix)
    kept = damaged.with_name(f"{head}.backup{suffix}")
    try:
        files.create_private(kept)
        src = backup.connect_ro(taken)
        try:
            dst = sqlite3.connect(kept)
            try:
                src.backup(dst)  # consistent, whatever journal the backup has
            finally:
                dst.close()
        finally:
            src.close()
    except (OSError, sqlite3.Error) as exc:
        log.error("the backup could not be kept beside the damaged file: %s", type(exc).__name__)
        kept.unlink(missing_ok=True)
        return None
    return kept


def _written_after(damaged: Path, taken: Path) -> bool | None:
    """Whether the damaged file's change counter is not behind the backup's (it is that backup's file,
    later); None when either counter cannot be read."""
    now, then = salvage.change_count(damaged), backup.change_count(taken)
    if now is None or then is None or not (now.isdigit() and then.isdigit()):
        return None
    return int(now) >= int(then)


SIDE_FILES = ("", "-wal", "-shm", "-journal")  # a database file and what SQLite keeps beside it


def set_aside(db_path: Path) -> Path:
    """Move a damaged database (and its WAL/SHM, or the rollback journal a crashed large write left:
    the file is whole only with it) out of the way, keeping it for inspection."""
    stamp = dt.datetime.now().strftime(backup.STAMP)
    aside = db_path.with_name(f"{db_path.stem}.damaged-{stamp}{db_path.suffix}")
    try:
        for suffix in SIDE_FILES:
            part = Path(f"{db_path}{suffix}")
            if part.exists():
                os.replace(part, Path(f"{aside}{suffix}"))
    except OSError as exc:
        raise backup.storage_error(db_path.parent, exc) from exc
    log.warning("damaged database set aside as %s", aside.name)
    return aside


def put_back(aside: Path, db_path: Path) -> None:
    """Undo ``set_aside`` after a recovery failed half-way: what the restore left goes, the damaged
    file (and its WAL/SHM) returns under its name. Best effort: the file set aside stays if not."""
    try:
        for suffix in SIDE_FILES:  # a restore's hot journal would "roll back" into it
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        for suffix in SIDE_FILES:
            part = Path(f"{aside}{suffix}")
            if part.exists():
                os.replace(part, Path(f"{db_path}{suffix}"))
    except OSError:
        log.exception("could not put the damaged database back from %s", aside.name)
