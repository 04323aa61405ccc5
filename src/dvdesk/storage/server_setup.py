"""Setting up a shared database on a PostgreSQL server (``dvdesk admin server-setup``).

Run once by the city's administrator, connected as the database's owner: migrations, the bundled
directory, the search index, and two group roles whose grants the server enforces:

- ``dvdesk_counselor``: reads the directory; writes referrals and consultation counts.
- ``dvdesk_admin``: everything a counselor may, and edits the directory (with its history).

Each person logs in with a role of their own that is a member of one group (README: 共有モード),
so the change history names who made a change (``change_history.db_user``, set by the server).
Running it again on a set-up database brings it to the current revision and re-applies the grants.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.orm import Session

from dvdesk.storage import server

if TYPE_CHECKING:
    from dvdesk.storage.db import Database

COUNSELOR_ROLE = "dvdesk_counselor"
ADMIN_ROLE = "dvdesk_admin"
ROLES = (COUNSELOR_ROLE, ADMIN_ROLE)
# What a counselor's desk writes: referrals (and their needs, targets, events), the monthly
# consultation counts, the checklist templates (a situation and an item list, nothing about a client:
# ``domain.checklist_templates``; every counselor of a PC saves them on SQLite too) and the change
# counter in ``meta`` that every write bumps. Of the sequences, only these tables' own.
COUNSELOR_WRITES = (
    "referrals",
    "referral_needs",
    "referral_targets",
    "referral_events",
    "consultation_counts",
    "checklist_templates",
    "meta",
)
# Of ``meta``, a counselor writes only these rows (a trigger, ``_META_GUARD``): the change counter and
# the log's reminder. Not the administrator's passphrase (a counselor's PC set or replaced the one every
# administrator of the city enters with), the case-reference pattern, or the desk's municipality.
COUNSELOR_META = ("change_count", "referrals.reminder_days")
_ALLOWED = ", ".join(f"'{k}'" for k in COUNSELOR_META)
_META_GUARD = f"""
CREATE OR REPLACE FUNCTION dvdesk_meta_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF pg_has_role(current_user, '{COUNSELOR_ROLE}', 'MEMBER')
       AND NOT pg_has_role(current_user, '{ADMIN_ROLE}', 'MEMBER')
       AND ((TG_OP <> 'INSERT' AND NOT OLD.key = ANY(ARRAY[{_ALLOWED}]))
            OR (TG_OP <> 'DELETE' AND NOT NEW.key = ANY(ARRAY[{_ALLOWED}]))) THEN
        RAISE EXCEPTION 'permission denied: a counselor may not change this setting' USING ERRCODE = '42501';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS dvdesk_meta_guard ON meta;
CREATE TRIGGER dvdesk_meta_guard BEFORE INSERT OR UPDATE OR DELETE ON meta
    FOR EACH ROW EXECUTE FUNCTION dvdesk_meta_guard();
"""


def prepare(url: str, *, fill: bool = True) -> Database:
    """Migrate, fill (bundled directory, if empty and ``fill``), index and grant; the open Database."""
    from dvdesk.storage import db as storage_db
    from dvdesk.storage import migrations

    engine = server.make_engine(url)
    where = storage_db.Path(server.display(url))
    try:
        with storage_db._server_errors(where):
            migrations.upgrade(engine)
            database = storage_db.Database(where, engine, url=url)
            storage_db._OPEN_SERVERS.add(database)
            if fill and storage_db._is_empty(database):
                from dvdesk.storage import bundled

                bundled.load_into(database)
            storage_db._update_vocabulary_if_outdated(database)  # counselors' roles may not write it
            storage_db._reindex_if_outdated(database)
            with database.write() as session:
                grant_roles(session)
    except Exception:
        engine.dispose()
        raise
    return database


def _role_exists(session: Session, role: str) -> bool:
    return session.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first() is not None


def grant_roles(session: Session) -> None:
    """Create the two group roles (once per server) and grant them this database's tables."""
    for role in ROLES:
        if not _role_exists(session, role):
            session.execute(text(f"CREATE ROLE {role} NOLOGIN"))
    dbname = session.execute(text("SELECT current_database()")).scalar_one()
    tables = [
        t for (t,) in session.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))
    ]
    session.execute(text(f'GRANT CONNECT ON DATABASE "{dbname}" TO {COUNSELOR_ROLE}, {ADMIN_ROLE}'))
    session.execute(text(f"GRANT USAGE ON SCHEMA public TO {COUNSELOR_ROLE}, {ADMIN_ROLE}"))
    for table in tables:
        session.execute(text(f'REVOKE ALL ON "{table}" FROM {COUNSELOR_ROLE}, {ADMIN_ROLE}'))
        session.execute(text(f'GRANT SELECT ON "{table}" TO {COUNSELOR_ROLE}'))
        if table in COUNSELOR_WRITES:
            session.execute(text(f'GRANT INSERT, UPDATE, DELETE ON "{table}" TO {COUNSELOR_ROLE}'))
        if table == "alembic_version":
            session.execute(text(f'GRANT SELECT ON "{table}" TO {ADMIN_ROLE}'))  # migrations are the owner's
        else:
            session.execute(text(f'GRANT SELECT, INSERT, UPDATE, DELETE ON "{table}" TO {ADMIN_ROLE}'))
    session.execute(text(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {COUNSELOR_ROLE}"))
    session.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {ADMIN_ROLE}"))
    for table in COUNSELOR_WRITES:  # a counselor draws numbers only for the rows she may write
        for (sequence,) in session.execute(
            text(
                "SELECT s.oid::regclass::text FROM pg_class s JOIN pg_depend d ON d.objid = s.oid "
                "JOIN pg_class t ON t.oid = d.refobjid WHERE s.relkind = 'S' AND t.relname = :t "
                "AND t.relnamespace = current_schema()::regnamespace"
            ),
            {"t": table},
        ):
            session.execute(text(f"GRANT USAGE, SELECT ON SEQUENCE {sequence} TO {COUNSELOR_ROLE}"))
    session.connection().exec_driver_sql(_META_GUARD)  # (its $$ body: as written, no bind parameters)
