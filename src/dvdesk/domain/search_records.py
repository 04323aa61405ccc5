"""The plain records a search takes and gives: ``SearchQuery`` (the words and the filters),
``SearchHit`` (one row the desk shows: a service, a procedure or a department, with the phone a
client may be given and when it answers) and ``SearchResult``. Named tuples with no database in
them, so the window and the command line hold only these: immutable and typed like frozen
dataclasses, but a class costs one small ``eval`` to create where a frozen dataclass compiles six
methods (~0.4 ms each class, before the window's first search; ``tests/test_start_records.py``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from dvdesk.domain import japanese
from dvdesk.domain.record_kinds import ServiceKind

SERVICE, PROCEDURE, ORGANIZATION = "service", "procedure", "organization"  # SearchHit.item


class SearchQuery(NamedTuple):
    text: str = ""
    municipality_code: str | None = None  # None: every municipality; national lines always included
    need_key: str | None = None  # includes the need's sub-categories
    kinds: frozenset[ServiceKind] = frozenset(ServiceKind)
    limit: int = 200


class SearchHit(NamedTuple):
    service_id: int
    name: str
    provider: str
    municipality: str  # "" for a national line
    kind: ServiceKind
    has_phone: bool
    # Lower is better: 0 name, 1 name through a synonym, 2 provider, 3 elsewhere; + name length / 1000
    score: float = 0.0
    phone: str = ""  # a number a client may be given (the service's own, or its provider's public line)
    hours: str = ""  # when that line answers, as recorded ("" if unknown)
    always_open: bool = False  # 24 hours, as recorded
    # What the row is: a service, a procedure (手続き) or a department/agency (部署・機関);
    # ``service_id`` is then that record's id and ``key`` its key.
    item: str = "service"
    key: str = ""

    @property
    def place(self) -> int:
        """Where the words were found: 0 name … 3 elsewhere (see ``domain.search_places.PLACES``)."""
        return int(self.score)

    @property
    def is_service(self) -> bool:
        return self.item == SERVICE


class SearchResult(NamedTuple):
    hits: list[SearchHit]
    # Always True since index version 4 (every page is the exact top of the ranking); kept for
    # callers that asked.
    complete: bool = True


@functools.lru_cache(maxsize=4096)  # a page's lines share a few dozen hours' texts
def always_open(hours: str) -> bool:
    """Whether the line answers 24 hours as written: 24時間 outside any note and beside no time of day.
    「平日 9:00〜17:00（メールは24時間受付）」 is a weekday line whose mail is read day and night, and in
    「平日9:00〜17:00、メール相談は24時間」 which hours are the phone's is not written."""
    text = japanese.normalize(hours).replace(" ", "")  # NFKC: （） → (), ： → :
    outside = re.sub(r"\([^()]*\)", "", text)
    return "24時間" in outside and re.search(r"\d:\d\d", outside) is None


_KIND_OF = {str(k): k for k in ServiceKind}  # a dict read: ServiceKind.of per row was a tenth of a hit's cost


_tuple_new = tuple.__new__


def service_hit(r: Sequence[Any], score: float) -> SearchHit:
    """A service's hit from a row of ``search_sql.HITS_SQL`` (id, name, provider, municipality,
    kind, has_phone, phone, hours): the same record ``SearchHit(...)`` makes, its 12 fields given
    at once, in ``SearchHit``'s order, without the keyword handling of the constructor (a safety
    query builds ~300 hits a keystroke; tests/test_keystroke_reads.py checks it against the
    constructor)."""
    hours = r[7] or ""
    return _tuple_new(
        SearchHit,
        (
            r[0],  # service_id
            r[1],  # name
            r[2],  # provider
            r[3],  # municipality
            _KIND_OF.get(r[4]) or ServiceKind.of(r[4]),  # kind
            bool(r[5]),  # has_phone
            score,
            r[6] or "",  # phone
            hours,
            always_open(hours),
            SERVICE,  # item
            "",  # key
        ),
    )
