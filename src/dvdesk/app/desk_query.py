"""The desk's query and the order of its list: what the counselor asked for (``DeskQuery``), the rows
and counts the list shows (``DeskResult``, ``NeedRow``), and how services, procedures and departments
rank together in one list (``rank_key``, ``merge_hits``). Plain records, no database: named tuples
(cheaper to create than a frozen dataclass before the first search, ``domain.search_records``);
``NeedRow`` a small immutable class, since its ``count`` would hide a tuple's method.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple

from dvdesk.domain.record_kinds import ServiceKind
from dvdesk.domain.search import ORGANIZATION, PROCEDURE, SERVICE, SearchHit

# Services a client can use first; the plans' prevention and internal measures after them.
KIND_ORDER = {ServiceKind.CLIENT: 0, ServiceKind.PREVENTION: 1, ServiceKind.INTERNAL: 2}
CLIENT_KINDS = frozenset({ServiceKind.CLIENT})
ALL_KINDS = frozenset(ServiceKind)
ITEM_ORDER = {SERVICE: 0, PROCEDURE: 1, ORGANIZATION: 2}
PROCEDURE_LIMIT, ORGANIZATION_LIMIT = 10, 5
# Matches of other kinds are counted up to here (the window then says 「…件以上」): counting
# every match of a common word across 1,741 municipalities took longer than a keystroke.
OTHER_KINDS_COUNT_CAP = 1000
ALL_ORGANIZATIONS_LIMIT = 3000  # more than every city's departments; far fewer than a national directory's
# A safety query reorders what the engine found (app.safety_first), so it reads at least this deep:
# a line ranked low by its words still reaches the top of a short list (#8778 is found for
# シェルター only in its description, row 27 of 28 by the words alone).
SAFETY_POOL = 200
# The window asks for its list a page at a time: what fills the screen first, the next page when
# the counselor scrolls to the end (Qt's fetchMore). 200 rows a keystroke cost 50–210 ms at 350k.
PAGE = 50
# A counselor's query is a few words. A paste of a whole page (10,000 characters took 4.7 s on the
# UI thread and found nothing) is cut here, in the window's box and by ``dvdesk search``, which say so.
MAX_QUERY_CHARS = 100


class DeskQuery(NamedTuple):
    """One state of the desk: what is typed, which needs are chosen, where, which kinds."""

    text: str = ""
    municipality_code: str | None = None
    need_keys: tuple[str, ...] = ()
    kinds: frozenset[ServiceKind] = CLIENT_KINDS
    limit: int = 200
    at: datetime | None = None  # the time "open at this hour" is read for (None: the desk's clock)


class NeedRow:
    """A need with the number of services the list will show for it. Immutable, equal and hashed
    by its fields, as a frozen dataclass is (which would compile its methods before the first search)."""

    __slots__ = ("children", "count", "description", "key", "label_en", "label_ja")
    _FIELDS = ("key", "label_ja", "label_en", "description", "count", "children")

    key: str
    label_ja: str
    label_en: str
    description: str
    count: int
    children: tuple[NeedRow, ...]

    def __init__(
        self, key: str, label_ja: str, label_en: str, description: str, count: int, children: tuple[NeedRow, ...] = ()
    ) -> None:
        for name, value in zip(self._FIELDS, (key, label_ja, label_en, description, count, children), strict=True):
            object.__setattr__(self, name, value)

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._FIELDS)

    def _replace(self, **changes: Any) -> NeedRow:
        """A copy with ``changes`` (as a named tuple's ``_replace``)."""
        if unknown := changes.keys() - set(self._FIELDS):
            raise TypeError(f"NeedRow has no field {sorted(unknown)}")
        return NeedRow(*(changes.get(name, getattr(self, name)) for name in self._FIELDS))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"NeedRow is immutable: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"NeedRow is immutable: cannot delete {name}")

    def __eq__(self, other: object) -> bool:
        return self._values() == other._values() if isinstance(other, NeedRow) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        return "NeedRow(" + ", ".join(f"{name}={getattr(self, name)!r}" for name in self._FIELDS) + ")"


class MunicipalityChoice(NamedTuple):
    code: str
    name: str
    prefecture: str


class DeskResult(NamedTuple):
    """The first ``limit`` rows of the list, whether it goes on after them, and the words searched
    one by one when what was typed found fewer than ``fallback.FEW`` rows."""

    hits: list[SearchHit]
    more: bool = False
    # The words searched one by one below what the phrase found (app.fallback), for the window to say so
    words: tuple[str, ...] = ()
    as_typed: int = 0  # with ``words``: how many of the first rows the phrase itself found
    # The phrase's rows come after the words' instead (it searched only who he is: _words_first);
    # ``as_typed`` then counts those read with the page.
    typed_last: bool = False


class DeskCount(NamedTuple):
    """How long the whole list is (what scrolling to its end reaches), and how many matches of
    other kinds it leaves out (``DeskSearch.desk_count``: read after the first page is shown)."""

    total: int
    hidden_other_kinds: int = 0  # prevention / internal items matching elsewhere than in their name
    # True when the count stopped at OTHER_KINDS_COUNT_CAP (there are at least that many)
    hidden_at_least: bool = False


def rank_key(hit: SearchHit) -> tuple[int, int, int, float, str, int]:
    """Where the words were found, then client before prevention/internal, then services before
    procedures and departments, then the shorter name, then the id (the same order every run).
    A safety query reorders this afterwards (app.safety_first)."""
    return (hit.place, KIND_ORDER[hit.kind], ITEM_ORDER[hit.item], hit.score, hit.name, hit.service_id)


def merge_hits(result_lists: Iterable[list[SearchHit]], limit: int) -> list[SearchHit]:
    """Union of several searches (one per chosen need, and per kind of item), in one ranking."""
    best: dict[tuple[str, int], SearchHit] = {}
    for hits in result_lists:
        for hit in hits:
            kept = best.get((hit.item, hit.service_id))
            if kept is None or hit.score < kept.score:
                best[(hit.item, hit.service_id)] = hit
    ordered = sorted(best.values(), key=rank_key)
    return ordered[:limit]
