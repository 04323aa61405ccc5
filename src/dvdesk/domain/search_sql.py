"""The SQL the searcher runs, as plain text with ``:name`` parameters, so that a SQLAlchemy
session and a plain ``sqlite3`` connection run it as it is (``domain.sql_rows``). The row reads
are written once for SQLite and a PostgreSQL server: the one thing they say differently, a JSON
list of ids read as a table, is filled in per engine (``dialect_sql``). The phone a hit shows is
one a client may be given, never an internal line.
"""

from __future__ import annotations

import functools

from dvdesk.domain.search_layout import LIST_TABLE

NEED_IDS_SQL = "SELECT key, id FROM needs WHERE NOT retired"  # a retired need is unknown to the desk


@functools.cache
def lookup_sql(table: str) -> str:
    # Rowids are rank positions: the first rows in rowid order are the best of the lookup.
    return f"SELECT rowid FROM {table} WHERE {table} MATCH :match ORDER BY rowid LIMIT :cap"


@functools.cache
def list_sql(tags: int) -> str:
    where = " OR ".join(f"tag = :t{i}" for i in range(tags))
    return f"SELECT service_id FROM {LIST_TABLE} WHERE ({where}) AND kind = :kind ORDER BY name, service_id LIMIT :cap"


@functools.cache
def list_count_sql(tags: int) -> str:
    where = " OR ".join(f"tag = :t{i}" for i in range(tags))
    return f"SELECT count(*) FROM {LIST_TABLE} WHERE ({where}) AND kind = :kind"


@functools.cache
def count_sql(table: str) -> str:
    return f"SELECT count(*) FROM {table} WHERE {table} MATCH :match"


@functools.cache
def count_at_most_sql(table: str) -> str:
    return f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {table} MATCH :match LIMIT :cap)"


# Which of some services are on a need (its sub-needs included): their ``search_list`` rows; up to
# three needs at once (a safety sub-need, safety itself and children), each row saying which.
ON_NEEDS_SQL = """
    SELECT DISTINCT l.service_id, l.tag FROM {ids} j JOIN search_list l ON l.service_id = j.value
    WHERE l.tag IN (:tag, :tag2, :tag3)
"""
# The row reads below are written once for both engines; ``{ids}`` is the one thing they say
# differently: a JSON list of ids as a one-column table ``value`` (``ID_LISTS``).
ID_LISTS = {
    "sqlite": "(SELECT value FROM json_each(:ids))",
    "postgresql": "(SELECT CAST(value AS integer) AS value FROM jsonb_array_elements_text(CAST(:ids AS jsonb)))",
}
RANK_ROWS_SQL = """
    SELECT s.id, s.name, s.kind, COALESCE(o.name, '') FROM {ids} j
    JOIN services s ON s.id = j.value LEFT JOIN organizations o ON o.id = s.organization_id
    WHERE NOT s.retired
"""
# Municipality and phone for the rows shown only. The phone shown is one a client may be given:
# the service's own line (if the service is public), else its provider's first public contact
# with a number; never an internal (staff or secret) line.
HITS_SQL = """
    WITH top AS (
        SELECT s.id, s.name, COALESCE(o.name, '') AS provider, s.kind, s.municipality_id,
               s.organization_id, s.phone, s.confidentiality, s.schedule
        FROM {ids} j JOIN services s ON s.id = j.value
        LEFT JOIN organizations o ON o.id = s.organization_id
        WHERE NOT s.retired
    ), shown AS (
        SELECT t.*, (SELECT c.id FROM contact_points c
                     WHERE c.organization_id = t.organization_id AND c.phone != ''
                       AND c.confidentiality = 'public' ORDER BY c.id LIMIT 1) AS contact_id
        FROM top t
    )
    SELECT t.id, t.name, t.provider, COALESCE(m.name, ''), t.kind,
           t.phone != '' OR EXISTS (SELECT 1 FROM contact_points c
                                    WHERE c.organization_id = t.organization_id AND c.phone != ''),
           CASE WHEN t.phone != '' AND t.confidentiality = 'public' THEN t.phone ELSE COALESCE(cp.phone, '') END,
           CASE WHEN t.phone != '' AND t.confidentiality = 'public' OR t.schedule != '' THEN t.schedule
                ELSE COALESCE(cp.hours, '') END
    FROM shown t LEFT JOIN municipalities m ON m.id = t.municipality_id
    LEFT JOIN contact_points cp ON cp.id = t.contact_id
"""
# What a safety query's order reads of each row of its 200-deep pool (``Searcher(reach_only)``):
# the name and kind, and the phone and hours exactly as HITS_SQL shows them, with one contact
# lookup per row instead of two, and only when the service has no public line of its own.
REACH_SQL = """
    WITH top AS (
        SELECT s.id, s.name, s.kind, s.organization_id, s.phone, s.schedule,
               s.phone != '' AND s.confidentiality = 'public' AS own
        FROM {ids} j JOIN services s ON s.id = j.value
        WHERE NOT s.retired
    ), shown AS (
        SELECT t.*, CASE WHEN t.own THEN NULL ELSE
                    (SELECT c.id FROM contact_points c
                     WHERE c.organization_id = t.organization_id AND c.phone != ''
                       AND c.confidentiality = 'public' ORDER BY c.id LIMIT 1) END AS contact_id
        FROM top t
    )
    SELECT t.id, t.name, t.kind,
           CASE WHEN t.own THEN t.phone ELSE COALESCE(cp.phone, '') END,
           CASE WHEN t.own OR t.schedule != '' THEN t.schedule ELSE COALESCE(cp.hours, '') END
    FROM shown t LEFT JOIN contact_points cp ON cp.id = t.contact_id
"""
PROCEDURE_HITS_SQL = """
    SELECT p.id, p.key, p.name, COALESCE(o.name, p.department_hint, ''), COALESCE(m.name, '')
    FROM {ids} j JOIN procedures p ON p.id = j.value
    LEFT JOIN organizations o ON o.id = p.organization_id
    LEFT JOIN municipalities m ON m.id = p.municipality_id
    WHERE NOT p.retired
"""
ORG_HITS_SQL = """
    SELECT o.id, o.key, o.name, COALESCE(parent.name, ''), COALESCE(m.name, '')
    FROM {ids} j JOIN organizations o ON o.id = j.value
    LEFT JOIN organizations parent ON parent.id = o.parent_id
    LEFT JOIN municipalities m ON m.id = o.municipality_id
    WHERE NOT o.retired
"""


@functools.cache
def dialect_sql(template: str, dialect: str) -> str:
    return template.format(ids=ID_LISTS[dialect])


def id_list_sql(dialect: str) -> str:
    """``:ids`` (a JSON list of ids) as a one-column table ``value``, in the engine's words."""
    return ID_LISTS[dialect]


HAS_TABLE_SQL = "SELECT 1 FROM sqlite_master WHERE name = :t"
