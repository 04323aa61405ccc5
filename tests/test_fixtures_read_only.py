"""The shared read-only test databases (``mini_db_ro``, ``any_mini_db_ro``, …) refuse a write.

They are opened once per worker and read by many tests: a test that wrote to one would change what
the next test reads. Here a write is attempted the ways a test could write, and each must fail with
the database unchanged.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from dvdesk.domain.models import Meta, Service
from dvdesk.storage.errors import StorageError


def _count(db) -> int:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(Service)) or 0)


@pytest.mark.pg_quick("the server's read-only guard (default_transaction_read_only) is checked only here")
def test_a_write_to_a_shared_read_only_database_fails_and_changes_nothing(any_mini_db_ro):
    before = _count(any_mini_db_ro)
    assert before > 0
    with pytest.raises(StorageError), any_mini_db_ro.write() as s:
        s.add(Meta(key="written_by_a_test", value="x"))
    with pytest.raises(StorageError), any_mini_db_ro.write() as s:
        s.execute(text("DELETE FROM services"))
    assert _count(any_mini_db_ro) == before
    with any_mini_db_ro.read() as s:
        assert s.get(Meta, "written_by_a_test") is None


def test_the_shared_bundled_copy_refuses_a_write_too(bundled_db_ro):
    with pytest.raises(StorageError), bundled_db_ro.write() as s:
        s.execute(text("UPDATE services SET name = 'x'"))
    with bundled_db_ro.read() as s:
        assert s.scalar(select(func.count()).select_from(Service).where(Service.name == "x")) == 0
