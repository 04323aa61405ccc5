"""Bringing a database made by an older dvdesk to this one's schema, with the administrator told.

An update of the program meets the desk's file at an older Alembic revision. Before anything is
written: a verified backup (``backups/…-before-migration.sqlite3``), then ``announce`` is told the
revisions and the backup (the command line says it on stderr, the window on screen: a migration of
a national directory takes a while), then the migration runs in one transaction. A migration that
fails leaves the file as it was, usable by the dvdesk that made it: ``MigrationFailed`` says so and
names the backup, whatever the failure (a bug in a script, a row an old version let through), so
that nobody concludes the file is damaged and sets it aside. A full disk, a busy or read-only file
keep their own messages (each names what to do). A file from a newer dvdesk is refused untouched
(``SchemaTooNew``), before any backup; so is a migration while another dvdesk has the file open
(``MigrationWhileOpen``: the window of the older version left running would go on writing the old
form into the new one).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from dvdesk.storage import open_marker
from dvdesk.storage.errors import (
    CorruptDatabase,
    DatabaseUnavailable,
    MigrationFailed,
    MigrationWhileOpen,
    StorageError,
)
from dvdesk.storage.sqlite_file import _backup_or_explain

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MigrationNotice:
    """What is about to happen to the file: from which revision to which, and where its copy is."""

    path: Path
    from_revision: str
    to_revision: str
    backup: Path


Announce = Callable[[MigrationNotice], None]


def bring_up_to_date(path: Path, engine: Engine, announce: Announce | None = None) -> MigrationNotice | None:
    """Create a new file's schema, or migrate an older one after its backup and the notice; the
    notice of a migration made, else None. Raises ``SchemaTooNew``, ``MigrationFailed`` or the
    backup's ``StorageError``."""
    from dvdesk.storage import migrations

    if not migrations.needs_upgrade(engine):
        migrations.upgrade(engine)  # a new file's tables, or SchemaTooNew; nothing to keep
        return None
    if held := open_marker.held_by_others(path):  # an older dvdesk still running would write the old form
        raise MigrationWhileOpen(path, f"open in another process ({held[0].name})")
    notice = MigrationNotice(
        path,
        migrations.current_revision(engine) or "",
        migrations.head_revision(),
        _backup_or_explain(path, "before-migration"),
    )
    log.info("migrating %s from %s to %s", path, notice.from_revision, notice.to_revision)
    if announce is not None:
        announce(notice)
    try:
        migrations.upgrade(engine)
    except DBAPIError as exc:
        said = DatabaseUnavailable.from_sqlite(path, exc)
        if type(said) is not DatabaseUnavailable and not isinstance(said, CorruptDatabase):
            raise said from exc  # busy, full disk, read-only, drive gone: their own words
        raise _failed(notice, exc) from exc
    except StorageError:
        raise
    except Exception as exc:  # a script's own failure: the transaction was rolled back all the same
        raise _failed(notice, exc) from exc
    return notice


def _failed(notice: MigrationNotice, exc: BaseException) -> MigrationFailed:
    log.error("migration from %s failed, file left at it: %s: %s", notice.from_revision, type(exc).__name__, exc)
    return MigrationFailed(notice.path, f"revision {notice.from_revision}: {type(exc).__name__}", backup=notice.backup)
