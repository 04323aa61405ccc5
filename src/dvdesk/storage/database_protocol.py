"""What the app layer and the administration need of a database, whichever kind it is.

A desk's own ``storage.db.Database`` (SQLite, or a PostgreSQL server opened directly) and the
window's ``app.shared_mode.SharedDatabase`` (a server with a read-only local copy behind it)
both give short read sessions and all-or-nothing write sessions; that, where the data is and
whether it is a server (a server is backed up with pg_dump, not by copying a file) is all the
importers, exports, editor, statistics, checklists and referral queue use, so they are typed with
this protocol instead of either class. (Opening checks and the referral log's forget_deleted are
the SQLite file's own and keep ``Database``.)
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

from sqlalchemy.orm import Session


class DatabaseLike(Protocol):
    """``Database`` and ``SharedDatabase`` both satisfy it (mypy checks each where it is defined)."""

    @property
    def path(self) -> Path:
        """The SQLite file (for a server, a stand-in naming it): what a file backup copies."""
        ...

    @property
    def is_server(self) -> bool:
        """A shared server: its backups are the server's (pg_dump), never a file copy here."""
        ...

    def read(self) -> AbstractContextManager[Session]:
        """A short read-only session."""
        ...

    def write(self, *, large: bool = False) -> AbstractContextManager[Session]:
        """One all-or-nothing transaction, committed at the end of the block. ``large``: gigabytes
        (a national import), written the quickest safe way for the kind (``storage.large_write``)."""
        ...
