"""Migration 0004 creates exactly the tables the casework model describes, and drops them again."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from dvdesk.domain.casework_models import ConsultationCount, Referral, ReferralEvent, ReferralNeed, ReferralTarget
from dvdesk.domain.models import Base
from dvdesk.storage import migrations
from dvdesk.storage.db import open_database, table_names

CASEWORK = {m.__tablename__ for m in (Referral, ReferralNeed, ReferralTarget, ReferralEvent, ConsultationCount)}


def test_the_migrated_tables_match_the_model(tmp_path):
    db = open_database(tmp_path / "x.sqlite3", fill=False)
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    ours = [d for d in diff if any(name in repr(d) for name in CASEWORK)]
    assert ours == []
    assert CASEWORK <= set(table_names(db.engine))


def test_downgrade_to_the_baseline_removes_only_the_casework_tables(tmp_path):
    db = open_database(tmp_path / "x.sqlite3", fill=False)
    migrations.downgrade(db.engine, "0001")
    names = set(table_names(db.engine))
    assert not CASEWORK & names and {"services", "organizations", "meta"} <= names
    with db.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == "0001"


def test_a_migration_failing_half_way_leaves_the_old_schema_even_on_a_plain_engine(tmp_path, monkeypatch):
    from alembic import op

    path = tmp_path / "plain.sqlite3"
    engine = sa.create_engine(f"sqlite:///{path}")  # not dvdesk's engine: pysqlite's default DDL handling
    migrations.upgrade(engine, "0001")
    real_create = op.create_table

    def failing_create(name, *columns, **kw):  # type: ignore[no-untyped-def]
        if name == "referral_events":
            raise OSError("disk went away")
        return real_create(name, *columns, **kw)

    monkeypatch.setattr(op, "create_table", failing_create)
    with pytest.raises(OSError):
        migrations.upgrade(engine)
    assert migrations.current_revision(engine) == "0001"
    assert not CASEWORK & set(table_names(engine))  # referrals, created before the failure, rolled back
    engine.dispose()
    monkeypatch.undo()
    db = open_database(path, fill=False)
    assert migrations.current_revision(db.engine) == migrations.head_revision()
