"""Is the database at the newest schema? Answered without importing Alembic.

Importing Alembic costs ~130 ms at every start (it loads its mssql, mysql, oracle and
postgresql modules to check one revision). Almost every start finds the database current, so
``storage.db`` first compares the ``alembic_version`` row with the head revision read from the
migration scripts' own ``revision = …`` / ``down_revision = …`` lines, and imports Alembic only
when they differ (a migration is due, a new file, or anything this reader cannot tell).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

VERSIONS = Path(__file__).parent / "migrations" / "versions"
_ASSIGN = re.compile(r"""^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+?)\s*(?:#.*)?$""", re.MULTILINE)
_QUOTED = re.compile(r"""["']([^"']+)["']""")


@functools.lru_cache(maxsize=1)
def head_revision(versions: Path = VERSIONS) -> str | None:
    """The single head of the migration scripts, or None if it cannot be told (then ask Alembic)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    try:
        scripts = sorted(versions.glob("*.py"))
        for script in scripts:
            found: dict[str, str] = {m[1]: m[2] for m in _ASSIGN.finditer(script.read_text(encoding="utf-8"))}
            if "revision" not in found:
                return None
            own = _QUOTED.findall(found["revision"])
            if len(own) != 1:
                return None
            revisions.add(own[0])
            parents.update(_QUOTED.findall(found.get("down_revision", "None")))
    except OSError:
        return None
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


@functools.lru_cache(maxsize=1)
def known_revisions(versions: Path = VERSIONS) -> frozenset[str] | None:
    """Every revision of this dvdesk's migration scripts, or None if they cannot be read."""
    known: set[str] = set()
    try:
        for script in versions.glob("*.py"):
            found = {m[1]: m[2] for m in _ASSIGN.finditer(script.read_text(encoding="utf-8"))}
            known.update(_QUOTED.findall(found.get("revision", "")))
    except OSError:
        return None
    return frozenset(known) or None


def is_from_newer_dvdesk(path: Path) -> bool:
    """Whether the SQLite file at ``path`` holds a revision this dvdesk does not know (a newer one's
    file or backup). Read-only; a file it cannot read is not called newer (its open says why)."""
    import sqlite3

    from dvdesk.storage.uri import sqlite_uri

    known = known_revisions()
    try:
        con = sqlite3.connect(sqlite_uri(path, read_only=True), uri=True)
        try:
            rows = [r[0] for r in con.execute("SELECT version_num FROM alembic_version")]
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return known is not None and any(r not in known for r in rows)


def stored_revision(engine: Engine) -> str | None:
    """The revision recorded in the database; None for a new file or one without the table."""
    from sqlalchemy import text  # here: the desk's quick start reads the head without SQLAlchemy
    from sqlalchemy.exc import OperationalError, ProgrammingError

    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except ProgrammingError:  # PostgreSQL: no such table
        return None
    except OperationalError:
        if engine.dialect.name != "sqlite":
            raise  # a server that cannot be reached is not an empty database
        return None
    return rows[0] if len(rows) == 1 else None


def is_current(engine: Engine) -> bool:
    head = head_revision()
    return head is not None and stored_revision(engine) == head
