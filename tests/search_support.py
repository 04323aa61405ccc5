"""The desk's search answers by record key, for tests that name what she should see first."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text

from dvdesk.app.directory_queries import DeskData, DeskQuery

_KEYS = (
    ("service", "SELECT id, key FROM services"),
    ("procedure", "SELECT id, key FROM procedures"),
    ("organization", "SELECT id, key FROM organizations"),
)


def item_keys(db) -> dict[tuple[str, int], str]:
    """(item kind, id) → key of every service, procedure and department (a hit names its row so)."""
    with db.read() as session:
        return {(item, i): k for item, sql in _KEYS for i, k in session.execute(text(sql))}


def desk_keys(db, words: str, municipality: str | None, at: datetime, n: int | None = None) -> list[str]:
    """The keys of the desk's list for ``words`` at ``at``, in its order (the first ``n``)."""
    keys = item_keys(db)
    hits = DeskData(db).desk_search(DeskQuery(words, municipality, at=at)).hits
    return [keys.get((h.item, h.service_id), "") for h in hits[:n]]
