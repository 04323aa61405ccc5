"""A sheet's municipality and department cells, by name or by code, to the keys dvdesk stores.

Municipality: 全国 (a national line, only when written or chosen), a 6-digit code (check digit
verified) or the 5-digit one without it, a name (高岡市, 高岡, 富山県高岡市). The directory's own
municipalities come first, then the bundled 総務省 list; one from the list that the directory
lacks is added with the import (its source named). A name two municipalities share (府中市) is
refused with both codes. Department: an organisation's key, or its name among the organisations
of the row's municipality (then the national ones), including those the same workbook adds.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvdesk.admin.records import RecordError, Snapshot
from dvdesk.admin.sheet_headers import fold
from dvdesk.domain.models import Municipality, Organization
from dvdesk.domain.rules import municipality_check_digit

NATIONWIDE_WORDS = {"全国", "国", "全国共通", "全国の窓口"}
SUFFIXES = ("市", "区", "町", "村")


class Places:
    def __init__(self, session: Session):
        from dvdesk.admin import first_run

        self.first_run = first_run
        self.names: dict[str, str] = {}  # code -> name, the directory's municipalities
        for code, name in session.execute(select(Municipality.code, Municipality.name)):
            self.names[code] = name
        self.added: dict[str, Snapshot] = {}  # from the bundled list, added by this import
        self.orgs: dict[tuple[str, str], list[str]] = {}  # (municipality code, folded name) -> keys
        self.org_keys: set[str] = set()
        query = select(Organization.key, Organization.name, Municipality.code, Organization.retired).outerjoin(
            Municipality, Organization.municipality_id == Municipality.id
        )
        for key, name, code, retired in session.execute(query):
            self.org_keys.add(key)
            if not retired:
                self.orgs.setdefault((code or "", fold(name)), []).append(key)
        self.pending_orgs: dict[tuple[str, str], str] = {}

    def municipality(self, cell: Any, label: str = "市区町村") -> str:
        """The code of the municipality a cell names; "" for 全国. Raises RecordError."""
        if isinstance(cell, float) and cell.is_integer():
            cell = int(cell)
        text = unicodedata.normalize("NFKC", str(cell)).strip().replace(" ", "")
        if text in NATIONWIDE_WORDS:
            return ""
        if text.isdigit():
            return self._code(text, cell, label)
        folded = fold(text)
        mine = [
            c
            for c, n in self.names.items()
            if fold(n) == folded or (not folded.endswith(SUFFIXES) and fold(n) in {folded + s for s in SUFFIXES})
        ]
        if len(mine) == 1:
            return mine[0]
        listed = [
            m
            for m in self.first_run.municipality_list()
            if folded in (fold(m.name), fold(m.prefecture + m.name))
            or (not folded.endswith(SUFFIXES) and fold(m.name) in {folded + s for s in SUFFIXES})
        ]
        if len(listed) == 1:
            return self._add(listed[0].code)
        if len(listed) > 1 or len(mine) > 1:
            both = "、".join(f"{m.prefecture}{m.name} {m.code}" for m in listed[:4])
            raise RecordError(
                f"「{label}」の「{cell}」に当たる市区町村が複数あります（{both}）。"
                "都道府県名を付けるか団体コードで書いてください"
            )
        raise RecordError(
            f"「{label}」の「{cell}」という市区町村が見つかりません（名称・団体コード、全国の窓口なら「全国」）"
        )

    def _code(self, text: str, cell: Any, label: str) -> str:
        if len(text) == 5:
            text += str(municipality_check_digit(text))
        problem = self.first_run.code_problem(text) if len(text) == 6 else "6桁の団体コードではありません"
        if problem:
            raise RecordError(f"「{label}」の「{cell}」: {problem}")
        if text in self.names:
            return text
        if self.first_run.known(text) is None:
            raise RecordError(
                f"「{label}」の団体コード {text} は一覧にもディレクトリにもありません。"
                "初期設定で市区町村を登録してから取り込んでください"
            )
        return self._add(text)

    def _add(self, code: str) -> str:
        if code in self.names or code in self.added:
            return code
        entry = self.first_run.known(code)
        assert entry is not None
        self.added[code] = {
            "key": code,
            "name": entry.name,
            "prefecture": entry.prefecture,
            "source": self.first_run.LIST_SOURCE,
            "source_note": "",
            "verified_on": None,
            "verified_by": "",
            "retired": False,
        }
        return code

    def name_of(self, code: str) -> str:
        if not code:
            return "全国"
        return self.names.get(code) or str(self.added.get(code, {}).get("name", code))

    def add_pending_org(self, municipality: str, name: str, key: str) -> None:
        self.pending_orgs[(municipality, fold(name))] = key
        self.org_keys.add(key)

    def organization(self, cell: Any, municipality: str, label: str) -> str:
        """The key of the organisation a cell names (key, or name within the municipality)."""
        text = unicodedata.normalize("NFKC", str(cell)).strip()
        if text in self.org_keys:
            return text
        folded = fold(text)
        for scope in dict.fromkeys((municipality, "")):
            if (scope, folded) in self.pending_orgs:
                return self.pending_orgs[(scope, folded)]
            keys = self.orgs.get((scope, folded), [])
            if len(keys) == 1:
                return keys[0]
            if len(keys) > 1:
                raise RecordError(
                    f"「{label}」の「{text}」という組織が{self.name_of(scope)}に複数あります"
                    f"（{'、'.join(keys)}）。キーで書いてください"
                )
        raise RecordError(
            f"「{label}」の「{text}」は{self.name_of(municipality)}の組織にありません"
            "（名称を確かめるか、組織の表で先に登録してください）"
        )
