"""One compiled-statement cache for every SQLite file a process opens (storage.statement_cache):
a statement compiled for one file is not compiled again for the next, and still reads and writes
the file it runs on."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from sqlalchemy import event, select, update

from dvdesk.domain.models import Service
from dvdesk.storage import statement_cache
from dvdesk.storage.db import Database, open_database


def _copy(template: Path, folder: Path, name: str) -> Path:
    path = folder / name
    shutil.copy(template, path)
    return path


def _cache_hits(db: Database) -> list[bool]:
    """Whether each statement the engine runs from now on was found compiled."""
    seen: list[bool] = []

    @event.listens_for(db.engine, "before_cursor_execute")
    def _note(_conn: object, _cursor: object, _sql: str, _params: object, context: Any, _many: bool) -> None:
        if context is not None and context.compiled is not None:
            seen.append(context.cache_hit == context.dialect.CACHE_HIT)

    return seen


def _name_of(db: Database, key: str) -> str:
    with db.read() as session:
        return session.scalars(select(Service.name).where(Service.key == key)).one()


def test_a_statement_compiled_for_one_file_is_not_compiled_again_for_the_next(_mini_template, tmp_path):
    first = open_database(_copy(_mini_template, tmp_path, "a.sqlite3"), fill=False)
    second = open_database(_copy(_mini_template, tmp_path, "b.sqlite3"), fill=False)
    try:
        assert first.engine.dialect is not second.engine.dialect  # two engines, as every open makes
        assert first.engine.dialect == second.engine.dialect  # built alike: one compiled form serves both
        assert _name_of(first, "test.svc.housing") == "市営住宅の入居配慮"
        hits = _cache_hits(second)
        assert _name_of(second, "test.svc.housing") == "市営住宅の入居配慮"
        assert hits == [True]
    finally:
        first.close()
        second.close()


def test_a_shared_statement_reads_and_writes_the_file_it_runs_on(_mini_template, tmp_path):
    first = open_database(_copy(_mini_template, tmp_path, "a.sqlite3"), fill=False)
    second = open_database(_copy(_mini_template, tmp_path, "b.sqlite3"), fill=False)
    try:
        hits = _cache_hits(second)
        for db, name in ((first, "一つめ"), (second, "二つめ")):
            with db.write() as session:
                session.execute(update(Service).where(Service.key == "test.svc.housing").values(name=name))
        assert hits[0] is True  # the UPDATE compiled for the first file
        assert _name_of(first, "test.svc.housing") == "一つめ"
        assert _name_of(second, "test.svc.housing") == "二つめ"
    finally:
        first.close()
        second.close()


def test_dialects_built_with_other_arguments_do_not_share_compiled_statements():
    plain = statement_cache.SharedSQLiteDialect(paramstyle="qmark")
    named = statement_cache.SharedSQLiteDialect(paramstyle="named")
    assert plain == statement_cache.SharedSQLiteDialect(paramstyle="qmark")
    assert hash(plain) == hash(statement_cache.SharedSQLiteDialect(paramstyle="qmark"))
    assert plain != named
    assert plain != object()
