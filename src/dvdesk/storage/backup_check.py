"""The gate's rules applied to a backup before it replaces the database (``dvdesk restore``).

A backup is restored as a file, not through ``Database.write``, so its directory is checked here,
read-only, with the same ``integrity.check``. A backup from an older dvdesk whose schema the
checks cannot read is not refused for that: it is migrated when it is opened.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from dvdesk.domain import integrity
from dvdesk.domain.integrity import Finding

log = logging.getLogger(__name__)


def findings_in(path: Path) -> list[Finding]:
    """Every record of the backup at ``path`` that breaks a rule (opened read-only)."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"  # as_uri quotes '#', '%', '?' and spaces
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True))
    try:
        with Session(engine) as session:
            return integrity.check(session)
    except DBAPIError as exc:
        log.warning("backup %s not checked (older schema?): %s", Path(path).name, exc.orig)
        return []
    finally:
        engine.dispose()
