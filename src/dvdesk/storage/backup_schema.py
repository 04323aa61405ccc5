"""What a file must be to replace the database (``dvdesk restore``, a recovery's newest good backup).

``backup.is_good`` asks only that a file open, pass ``quick_check`` and hold a municipality. A restore
copies such a file over the database whole, so that was all a restore asked too (besides a newer
dvdesk's revision, ``schema_revision.is_from_newer_dvdesk``), and these passed it and left the desk
worse (h19): another program's SQLite file with a
``municipalities`` table (restored, then 「データベースを開けませんでした」), and a dvdesk backup
with a trigger added (restored, then run on the desk's own writes: one that deleted each referral
as it was recorded). ``unrestorable`` says why such a file may not replace the database, in one
Japanese line, before anything is written: a schema revision this dvdesk knows, every table and
column the migrations give that revision (an older revision is upgraded when the desk opens it),
and no trigger or view (dvdesk's SQLite schema has neither).
"""

from __future__ import annotations

import functools
import sqlite3
from pathlib import Path

from dvdesk.storage import schema_revision
from dvdesk.storage.uri import sqlite_uri

_UNCHANGED = "何も変更していません。"
_ALTERED = "ほかのプログラムで作られたか、書き換えられたファイルです。"
Schema = dict[str, frozenset[str]]  # table -> its columns


def shown(value: str, width: int = 40) -> str:
    """``value`` as one line of at most ``width`` characters (a file's own names are data)."""
    flat = " ".join(value.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


class NotRestorable(ValueError):
    """A file that may not replace the database; ``str()`` is the Japanese reason."""


def refuse_unless_restorable(path: Path) -> None:
    """Raise ``NotRestorable`` naming why ``path`` may not replace the database."""
    if reason := unrestorable(path):
        raise NotRestorable(reason)


def unrestorable(path: Path) -> str:
    """Why ``path`` may not replace the database ("" when it may; an unreadable file is
    ``backup.is_good``'s to refuse, as damaged)."""
    try:
        con = sqlite3.connect(sqlite_uri(path, read_only=True), uri=True)
        try:
            objects = con.execute("SELECT type, name FROM sqlite_master").fetchall()
            tables = {str(n) for t, n in objects if t == "table"}
            revisions = (
                [str(r[0]) for r in con.execute("SELECT version_num FROM alembic_version")]
                if "alembic_version" in tables
                else []
            )
            schema = _schema(con, tables)
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return ""
    name = path.name
    if len(revisions) != 1:
        said = f"dvdesk のバックアップではありません（{shown(name)} にスキーマの版が記録されていません）。"
        return said + _ALTERED + _UNCHANGED
    revision = revisions[0]
    known = schema_revision.known_revisions()  # the scripts' own words, as a newer file's check reads them
    if known is not None and revision not in known:
        return (
            f"新しい版の dvdesk で作られたバックアップです（スキーマの版 {shown(revision, 20)}、この dvdesk は "
            f"{schema_revision.head_revision()} まで）。dvdesk を更新してから復元してください。{_UNCHANGED}"
        )
    runs = sorted((str(t), str(n)) for t, n in objects if t in ("trigger", "view"))
    if runs:
        kind, what = runs[0]
        return f"バックアップに dvdesk が作らないもの（{kind}「{shown(what, 40)}」）があります。{_ALTERED}{_UNCHANGED}"
    for table, columns in sorted(reference(revision).items()):
        missing = sorted(columns - schema.get(table, frozenset()))
        if table not in schema or missing:
            part = f"表「{table}」" + (f"の列「{missing[0]}」" if table in schema else "")
            return f"dvdesk のバックアップとして足りないものがあります（{part}がありません）。{_ALTERED}{_UNCHANGED}"
    return ""


def _schema(con: sqlite3.Connection, tables: set[str]) -> Schema:
    quoted = {t: '"' + t.replace('"', '""') + '"' for t in tables}
    return {t: frozenset(str(r[1]) for r in con.execute(f"PRAGMA table_info({q})")) for t, q in quoted.items()}


@functools.lru_cache(maxsize=4)
def reference(revision: str) -> Schema:
    """The tables and columns the migrations give a new database at ``revision`` (~0.3 s, in memory)."""
    from sqlalchemy import create_engine

    from dvdesk.storage import migrations

    engine = create_engine("sqlite://")
    try:
        migrations.upgrade(engine, revision)
        raw = engine.raw_connection()
        try:
            con = raw.driver_connection
            assert isinstance(con, sqlite3.Connection)
            tables = {str(r[0]) for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            return _schema(con, tables)
        finally:
            raw.close()
    finally:
        engine.dispose()
