"""The layout of the search index, shared by its writer (``storage.search_index``) and its
reader (``domain.search.Searcher``): the tag tokens that put municipality, need and kind
filters in the same full-text query as the words, the rowids that are rank positions (a rank
slot above the record's id), the order of the kinds (a client service first), and the names of
the index's tables. Both sides take these from here, so the index and the queries cannot drift.
"""

from __future__ import annotations

from dvdesk.domain.record_kinds import ServiceKind

NATIONAL_TAG = "muninational"
# The order of the kinds in every ranking and in the list table: client services first.
KIND_ORDER = {ServiceKind.CLIENT: 0, ServiceKind.PREVENTION: 1, ServiceKind.INTERNAL: 2}
# Index rowids: a rank slot above the record's id (``rowid_of``); ids stay below 2**ID_BITS.
ID_BITS = 24
_ID_MASK = (1 << ID_BITS) - 1
KIND_RANK: dict[str, int] = {str(k): v for k, v in KIND_ORDER.items()}
LIST_TABLE = "search_list"
ALL_TAG = "all"
FTS_TABLE, NAMES_TABLE = "search_fts", "search_fts_names"  # names only: see dvdesk.storage.search_index
PROCEDURES_TABLE, ORGS_TABLE = "search_fts_procedures", "search_fts_orgs"


def rowid_of(slot: int, record_id: int) -> int:
    return slot << ID_BITS | record_id


def id_of(rowid: int) -> int:
    return rowid & _ID_MASK


def list_tag(*tags: str) -> str:
    """A tag of ``search_list`` for several filters at once (a need within a municipality)."""
    return "/".join(tags)


def municipality_tag(code: str | None) -> str:
    return f"muni{code}" if code else NATIONAL_TAG


def need_tag(need_id: int) -> str:
    return f"need{need_id}"


def kind_tag(kind: str) -> str:
    return f"kind{ServiceKind.of(kind).value}"
