"""Alembic environment: always runs on the connection dvdesk hands it (see __init__.upgrade)."""

from alembic import context
from sqlalchemy.sql.schema import SchemaItem

import dvdesk.domain.casework_models  # registers the referral tables on Base
import dvdesk.domain.translation_models  # noqa: F401  (registers the translations table on Base)
from dvdesk.domain.models import Base

FTS_PREFIX = "search_fts"


def include_object(
    obj: SchemaItem, name: str | None, type_: str, reflected: bool, compare_to: SchemaItem | None
) -> bool:
    # FTS5 virtual and shadow tables are managed by hand; autogenerate must not drop them.
    return not (
        type_ == "table"
        and name
        and (name.startswith((FTS_PREFIX, "search_pg")) or name in ("search_order", "search_list"))
    )


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("dvdesk migrations run through dvdesk.storage.migrations.upgrade()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    include_object=include_object,
    transaction_per_migration=False,
)
context.run_migrations()
