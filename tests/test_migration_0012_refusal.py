"""Migration 0012's downgrade is refused while two towns' departments of one name hold the same
cell (the older dvdesk could keep only one): refused, the database must be exactly as it was —
its revision, its columns, every count and target, and no table left over from the attempt."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from dvdesk.storage import migrations
from test_migration_department_towns import COUNT_COLUMNS, _engine, _fill_at_0011


def _state(engine) -> tuple[object, ...]:
    with engine.connect() as conn:
        counts = conn.execute(text(f"SELECT {COUNT_COLUMNS}, municipality FROM consultation_counts ORDER BY id")).all()
        targets = conn.execute(text("SELECT * FROM referral_targets ORDER BY id")).all()
    look = inspect(engine)
    tables = sorted(look.get_table_names())
    uniques = sorted(tuple(u["column_names"]) for u in look.get_unique_constraints("consultation_counts"))
    columns = [c["name"] for c in look.get_columns("referral_targets")]
    return migrations.current_revision(engine), counts, targets, tables, uniques, columns


@pytest.mark.pg_quick("the refusal on PostgreSQL rolls back a dropped rule and column")
def test_a_refused_downgrade_leaves_the_database_as_it_was(engine_name, tmp_path, request):
    engine = _engine(engine_name, tmp_path, request)
    migrations.upgrade(engine, "0011")
    with engine.begin() as conn:
        _fill_at_0011(conn)
    migrations.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO organizations (id, key, municipality_id, name, kind, discreet_name, description, address, "
                "address_confidentiality, staff_note, source, source_note, verified_by, retired, version) VALUES "
                "(3, 'kt.housing', 2, '住宅課', 'city_department', '', '', '', 'public', '', 't', '', '', false, 1)"
            )
        )
        conn.execute(
            text(
                f"INSERT INTO consultation_counts ({COUNT_COLUMNS}, municipality) VALUES "
                "(7, '2025-04-01', 3, '住宅課', 'housing', '', 'in_person', true, 9, '国立市')"
            )
        )
    before = _state(engine)
    engine.dispose()
    with pytest.raises(IntegrityError):
        migrations.downgrade(engine, "0011")
    engine.dispose()
    assert _state(engine) == before
    engine.dispose()
