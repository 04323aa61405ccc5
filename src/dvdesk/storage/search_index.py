"""The full-text index behind search: one FTS5 row per service that counselors may see.

Rows hold bigram tokens (see ``dvdesk.domain.japanese``) in four columns: the service's name,
its provider, the rest of its public text, and tag tokens for municipality, needs and kind.
Secret fields (a shelter's location) and staff notes are never indexed. ``prefix='1'`` keeps a
second index of every token's first character, so a one-character query is one doclist read
(and can skip along a municipality filter) instead of a merge of every bigram it starts.
``search_fts_names`` repeats only the name and the tags: name matches are looked up there, at a
cost that does not grow with how often the words occur in descriptions; ``search_fts_providers``
likewise repeats the provider's name and the tags (SQLite; a server reads its services' table).
After a rebuild every FTS5 index is merged into one segment (``merge_segments``).

``search_fts_orgs`` holds departments' and agencies' names.
``search_fts_procedures`` holds the checklist's procedures (name, department, public text, tags),
so that 住民票 or マイナンバー finds the procedure itself; it is rebuilt with the rest (an edit of a
procedure rebuilds the index, see ``dvdesk.admin.editing.reindex``).

``refresh`` indexes one edited service from its ORM object; ``rebuild`` re-indexes everything
from plain column reads, a chunk at a time, so a national-scale directory (350,000 services)
indexes in bounded memory. Both go through ``index_row``.

The index is written by four modules, each named by what it does; this one keeps every name
callers use:

- ``search_index_rows``: the tables, one service's source and rows, rank slots, the shared writes;
- ``search_index_build``: the full build (``rebuild``, ``is_current``);
- ``search_index_update``: incremental updates (``refresh``, ``update_services``);
- ``search_index_segments``: FTS5's segments merged (``merge_segments``), version 4 → 5 (``upgrade``).

To replace a function in a test, patch it in the module that defines it (the others call it there).

**Rowids are rank positions, not ids.** A search ranks by (where the words are, kind, length of
the name, name, id); the last three are fixed per record, so every FTS row's rowid is
``slot << ID_BITS | id`` with slots in (length, name, id) order (``dvdesk.domain.search.rowid_of``).
FTS5 returns matches in rowid order, so ``MATCH … ORDER BY rowid LIMIT k`` is the exact top k of
a lookup and stops after k rows, at any scale. ``search_order`` keeps each service's slot (an
edited name gets a slot between its new neighbours; when there is no gap left, everything is
renumbered). ``search_list`` answers searches without words (a need, a municipality): one row
per service and filter tag, keyed (tag, kind, name, id), so the exact first page is an index
range read.

On a PostgreSQL server (shared mode) the same rows go to ``storage.pg_search``'s token tables,
keyed by the same rank positions; ``search_order`` and ``search_list`` are the server's own
tables (migration 0011, never dropped here: a desk's role may not create tables), emptied and
refilled by ``rebuild``.
"""

from __future__ import annotations

from dvdesk.storage.search_index_build import index_organizations, index_procedures, is_current, rebuild
from dvdesk.storage.search_index_rows import (
    CREATE_FTS,
    CREATE_LIST,
    CREATE_NAMES,
    CREATE_ORDER,
    CREATE_ORGS,
    CREATE_PROCEDURES,
    CREATE_PROVIDERS,
    FTS_TABLE,
    INDEX_VERSION,
    NAMES_TABLE,
    ORDER_TABLE,
    ORGS_TABLE,
    PROCEDURES_TABLE,
    PROVIDERS_TABLE,
    SLOT_SPACE,
    VERSION_KEY,
    IndexSource,
    NeedLabel,
    index_row,
    list_rows,
    source_of,
)
from dvdesk.storage.search_index_segments import FTS_TABLES, merge_segments, upgrade
from dvdesk.storage.search_index_update import (
    INCREMENTAL_SHARE,
    IndexUpdate,
    NoSlotLeft,
    refresh,
    update_services,
)

__all__ = [
    "CREATE_FTS",
    "CREATE_LIST",
    "CREATE_NAMES",
    "CREATE_ORDER",
    "CREATE_ORGS",
    "CREATE_PROCEDURES",
    "CREATE_PROVIDERS",
    "FTS_TABLE",
    "FTS_TABLES",
    "INCREMENTAL_SHARE",
    "INDEX_VERSION",
    "NAMES_TABLE",
    "ORDER_TABLE",
    "ORGS_TABLE",
    "PROCEDURES_TABLE",
    "PROVIDERS_TABLE",
    "SLOT_SPACE",
    "VERSION_KEY",
    "IndexSource",
    "IndexUpdate",
    "NeedLabel",
    "NoSlotLeft",
    "index_organizations",
    "index_procedures",
    "index_row",
    "is_current",
    "list_rows",
    "merge_segments",
    "rebuild",
    "refresh",
    "source_of",
    "update_services",
    "upgrade",
]
