"""What the directory already holds, read once per kind, for checking a large batch of records.

``validation.check`` asks the database a few questions per record (is this key taken, does this
reference exist, what is this record's parent, is the name already used nearby). For one edit
that is nothing; for a national data package it was most of the import. ``Known`` answers the
same questions from dictionaries filled with one query per kind, the first time a kind is asked.
The answers are those of the database at that moment: records of the batch itself are the
caller's (``known`` and ``parents`` in ``check``).
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import null, select
from sqlalchemy.orm import Session, aliased

from dvdesk.admin.kinds import KINDS, Kind
from dvdesk.admin.records import Snapshot
from dvdesk.domain.models import Initiative, Municipality, Plan

NameScope = tuple[str, str | None]  # (name_key of the title, prefecture or municipality code; None: national)


def name_key(title: str) -> str:
    """A name as the counselor's screen and the search tell names apart: NFKC (full width → half),
    case-folded, without spaces. 「ＤＶ 電話相談」 and 「dv電話相談」 are one name."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", title)).casefold()


class Known:
    def __init__(self, session: Session):
        self.s = session
        self._keys: dict[str, set[str]] = {}
        self._parents: dict[str, dict[str, str | None]] = {}
        self._names: dict[str, dict[NameScope, list[str]]] = {}

    def keys(self, target: str) -> set[str]:
        if target not in self._keys:
            if target == "initiative":
                self._keys[target] = {
                    f"{k}#{n}" for k, n in self.s.execute(select(Plan.key, Initiative.number).join(Initiative.plan))
                }
            else:
                kind = KINDS[target]
                self._keys[target] = set(self.s.scalars(select(getattr(kind.model, kind.key_attr))))
        return self._keys[target]

    def has(self, target: str, key: str) -> bool:
        return key in self.keys(target)

    def parent_of(self, kind: Kind, key: str) -> str | None:
        """The parent key of a record of a kind with a ``parent`` (None: none, or no such record)."""
        if kind.name not in self._parents:
            model = kind.model
            parent = aliased(model)
            self._parents[kind.name] = dict(
                self.s.execute(select(model.key, parent.key).join(parent, model.parent_id == parent.id)).all()
            )
        return self._parents[kind.name].get(key)

    def same_name(self, kind: Kind, snap: Snapshot, title: str) -> str | None:
        """The key of another live record of ``kind`` named ``title`` in the same place, if any."""
        if kind.name not in self._names:
            self._names[kind.name] = self._name_index(kind)
        for other in self._names[kind.name].get((name_key(title), self._scope_of(kind, snap)), []):
            if other != snap.get("key", ""):
                return other
        return None

    def _scope_of(self, kind: Kind, snap: Snapshot) -> str | None:
        if kind.name == "municipality":
            return str(snap.get("prefecture", ""))
        if kind.municipality_field:
            code = snap.get(kind.municipality_field) or None
            # A code the directory does not hold yet compares with the national records, as the
            # per-record query did (its municipality id was None).
            return code if code and self.has("municipality", code) else None
        return None

    def _name_index(self, kind: Kind) -> dict[NameScope, list[str]]:
        model = kind.model
        title, key = getattr(model, kind.title_field), getattr(model, kind.key_attr)
        if kind.name == "municipality":
            stmt = select(title, key, model.prefecture)
        elif kind.municipality_field:
            stmt = select(title, key, Municipality.code).outerjoin(
                Municipality, model.municipality_id == Municipality.id
            )
        else:
            stmt = select(title, key, null())
        if kind.retirable:
            stmt = stmt.where(model.retired.is_(False))
        index: dict[NameScope, list[str]] = {}
        for name, record_key, scope in self.s.execute(stmt):
            index.setdefault((name_key(name), scope), []).append(record_key)
        return index
