"""One compiled-statement cache for every SQLite file the process opens.

SQLAlchemy turns each statement into SQL once per engine: its cache key holds the dialect object,
and every ``create_engine`` makes a dialect of its own. So every database opened in a process
compiles the same statements again — about 60 compilations for a search, a service, the needs and
a checklist — although every dvdesk SQLite engine is made the same way (``storage.db._make_engine``:
the same pysqlite module, the same arguments). A desk may open several: shared mode's local copy
(written anew and reopened while the window runs), a restore or recovery beside the open file; the
test suite opens a new file in nearly every test, where compiling was about a tenth of its CPU.

Here dvdesk's SQLite dialects compare equal when they were built with the same arguments, and
their engines share one LRU cache, so a statement compiled for one file serves the next. A
compiled statement holds the SQL text and the type conversions, which depend only on the dialect's
settings and the sqlite3 library — both the same for every file in one process (SQLAlchemy's own
flush statements are already cached per mapper across engines, keyed the same way).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import URL
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.util import LRUCache

DRIVER = "dvdesk"  # "sqlite+dvdesk": pysqlite, with the dialect below
CACHE_SIZE = 1500  # statements; dvdesk runs a few hundred distinct ones, the search a few per phrase shape

COMPILED: LRUCache[Any, Any] = LRUCache(CACHE_SIZE)


class SharedSQLiteDialect(SQLiteDialect_pysqlite):
    """pysqlite, equal to every other instance built with the same arguments."""

    supports_statement_cache = True  # SQLAlchemy caches a dialect subclass only when it says so

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # What could make two instances compile differently: the arguments they were built with.
        self._built_with = tuple(sorted((key, repr(value)) for key, value in kwargs.items()))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SharedSQLiteDialect) or type(other) is not type(self):
            return False
        return other._built_with == self._built_with

    def __hash__(self) -> int:
        return hash((type(self), self._built_with))


registry.register(f"sqlite.{DRIVER}", __name__, "SharedSQLiteDialect")


def url(path: Path) -> URL:
    """The engine URL of a SQLite file (``URL.create`` keeps the path as it is: no "#", "?" parsing)."""
    return URL.create(f"sqlite+{DRIVER}", database=str(path))
