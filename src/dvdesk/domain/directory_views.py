"""The directory's read-side records: plain, immutable views of municipalities' departments and
services, without SQLAlchemy (``dvdesk.domain.directory`` builds them inside a session and
re-exports them), so the desk's first window can be drawn before SQLAlchemy is imported.

The need tree is here; the detail records (a service, a department, a contact, a source) are in
``detail_views``, imported when first named (``__getattr__`` below): the first window and the
first search use none of them, and their frozen dataclasses are costly to create.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple, Protocol

from dvdesk.domain import japanese

if TYPE_CHECKING:
    from dvdesk.domain.detail_views import ContactView as ContactView
    from dvdesk.domain.detail_views import OrganizationView as OrganizationView
    from dvdesk.domain.detail_views import ServiceDetail as ServiceDetail
    from dvdesk.domain.detail_views import SourceView as SourceView

_DETAIL_VIEWS = frozenset({"ContactView", "OrganizationView", "ServiceDetail", "SourceView"})


def __getattr__(name: str) -> object:
    """``from dvdesk.domain.directory_views import ServiceDetail`` as before the split: the detail
    records, imported from ``detail_views`` when first asked for (PEP 562)."""
    if name in _DETAIL_VIEWS:
        from dvdesk.domain import detail_views

        return getattr(detail_views, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


STALE_AFTER = dt.timedelta(days=365)
SHELTER_NEED = "safety.shelter"
DESK_MUNICIPALITY = "desk_municipality"  # meta key: the municipality this desk set up (first-run setup)


class NotFound(LookupError):
    """An id, key or name that is not in the directory."""


def phone_key(phone: str) -> str:
    """What makes two written numbers one line: 0766-20-1234, (0766)20-1234, 0766201234 and
    ０７６６－２０－１２３４ (the form keeps a number as typed) are one."""
    return re.sub(r"[^0-9#]", "", unicodedata.normalize("NFKC", phone)) or phone


class NeedNode(NamedTuple):  # a named tuple: created before the first search, cheaper than a dataclass
    key: str
    label_ja: str
    label_en: str
    description: str
    service_count: int
    children: tuple[NeedNode, ...] = ()


def names_municipality(ref: str, code: str, name: str) -> bool:
    """Whether ``ref`` names this municipality: its 6-digit code, the 5 digits without the check
    digit, or its name with or without 市・区・町・村 (``directory.find_municipality``)."""
    ref = ref.strip()
    wanted = japanese.normalize(ref)
    names = {japanese.normalize(name), japanese.normalize(name.rstrip("市区町村"))}
    return ref in (code, code[:5]) or wanted in names


class NeedRecord(Protocol):
    """What ``need_nodes`` reads of a need: an ORM ``Need`` or a plain row (the quick start)."""

    @property
    def id(self) -> int: ...
    @property
    def key(self) -> str: ...
    @property
    def label_ja(self) -> str: ...
    @property
    def label_en(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def parent_id(self) -> int | None: ...


def need_nodes(needs: Sequence[NeedRecord], direct: Mapping[int, int]) -> list[NeedNode]:
    """The tree of the (live, ordered) ``needs``, each counting its own ``direct`` services and
    its sub-needs' (``directory.need_tree``)."""
    children: dict[int | None, list[NeedRecord]] = {}
    for n in needs:
        children.setdefault(n.parent_id, []).append(n)

    built: set[int] = set()

    def build(n: NeedRecord) -> NeedNode:
        built.add(n.id)
        kids = tuple(build(c) for c in children.get(n.id, []) if c.id not in built)
        total = direct.get(n.id, 0) + sum(k.service_count for k in kids)
        return NeedNode(n.key, n.label_ja, n.label_en, n.description, total, kids)

    roots = [build(n) for n in children.get(None, [])]
    # A parent loop (an old backup, a hand edit) has no way up to a root: its needs are shown at
    # the top level, once each, instead of vanishing from the desk.
    live = {n.id for n in needs}  # a child of a retired category stays hidden, as before
    return roots + [build(n) for n in needs if n.id not in built and n.parent_id in live]
