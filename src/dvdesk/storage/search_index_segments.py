"""The search index's segments on disk (SQLite's FTS5): merged into one after a bulk write, and an
index of version 4 brought to version 5 in place. Same rows, same answers: only the layout."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from dvdesk.storage.search_index_rows import (
    CREATE_PROVIDERS,
    FTS_TABLE,
    INDEX_VERSION,
    NAMES_TABLE,
    ORGS_TABLE,
    PROCEDURES_TABLE,
    PROVIDERS_TABLE,
    VERSION_KEY,
    server_of,
)

# Every FTS5 index of this module (SQLite). A bulk write leaves each as a stack of segments that
# every lookup term must seek one by one; merged into one, a need + words lookup at 350k went from
# 17 ms to 1 ms (docs/performance.md, "Keystroke at 350k: merged segments").
FTS_TABLES = (FTS_TABLE, NAMES_TABLE, PROVIDERS_TABLE, PROCEDURES_TABLE, ORGS_TABLE)


def merge_segments(session: Session, skip: tuple[str, ...] = ()) -> None:
    """Merge each FTS5 index into a single segment (FTS5's ``optimize``), on SQLite.

    Same rows, same answers: only how the index is laid out on disk. Later single edits
    (``refresh``) add small segments that FTS5's automerge folds in as it goes."""
    if server_of(session):
        return
    for table in FTS_TABLES:
        if table not in skip:
            session.execute(text(f"INSERT INTO {table}({table}) VALUES ('optimize')"))


# Stored version -> this version, when the rows are the same and only the layout differs.
_UPGRADABLE = {"4": "5"}


def upgrade(session: Session) -> bool:
    """Bring an index of the previous version (4: the same rows, no providers' index, segments not
    merged) to this one without re-indexing: the providers' index copied from the services' index,
    every index merged, the version stamped (minutes at 350k instead of a 17-minute re-index).
    False, nothing done, for any other stored version: ``rebuild`` is due."""
    stored = session.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": VERSION_KEY}).scalar()
    if stored is None or _UPGRADABLE.get(stored) != INDEX_VERSION or server_of(session):
        return False
    # The providers' index holds the same rows as the services' own index's provider column.
    session.execute(text(f"DROP TABLE IF EXISTS {PROVIDERS_TABLE}"))
    session.execute(text(CREATE_PROVIDERS))
    session.execute(text(f"INSERT INTO {PROVIDERS_TABLE}(rowid, org, tags) SELECT rowid, org, tags FROM {FTS_TABLE}"))
    merge_segments(session)
    session.execute(text("UPDATE meta SET value = :v WHERE key = :k"), {"k": VERSION_KEY, "v": INDEX_VERSION})
    return True
