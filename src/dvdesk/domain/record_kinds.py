"""The directory's closed vocabularies (who may see a field, kinds of organisation and service).

Plain enums, apart from the SQLAlchemy model (``dvdesk.domain.models`` re-exports them), so the
desk can draw its first window without importing SQLAlchemy (docs/performance.md, start-up).
"""

from __future__ import annotations

import enum

from dvdesk.domain.translatable import N_


class Confidentiality(enum.StrEnum):
    """Who may see a field. Ordered: each level includes the ones before it."""

    PUBLIC = "public"  # may be printed for the client
    STAFF = "staff"  # counselors and departments only (internal extensions, staff notes)
    SECRET = "secret"  # need-to-know only: a shelter's location

    @property
    def rank(self) -> int:
        return list(Confidentiality).index(self)

    @classmethod
    def of(cls, value: object) -> Confidentiality:
        """``value`` as a level. Anything else (a blank, a typo in an old backup) reads as SECRET:
        it fails closed, and ``dvdesk.domain.integrity.scan`` names the record to fix."""
        try:
            return cls(value) if isinstance(value, str) else cls.SECRET
        except ValueError:
            return cls.SECRET


class OrgKind(enum.StrEnum):
    CITY_DEPARTMENT = "city_department"  # 市の課・室
    CITY_CENTER = "city_center"  # 市のセンター・施設
    PREFECTURE = "prefecture"  # 県・都の機関 (女性相談支援センター など)
    POLICE = "police"
    CHILD_GUIDANCE = "child_guidance"  # 児童相談所
    COURT = "court"
    PRIVATE = "private"  # 民間支援団体
    NATIONAL = "national"  # 全国の相談窓口・国の機関
    MEDICAL = "medical"
    OTHER = "other"


class ServiceKind(enum.StrEnum):
    CLIENT = "client"  # a client can use it directly
    PREVENTION = "prevention"  # 啓発・予防 (talks, leaflets): context, not a referral target
    INTERNAL = "internal"  # 庁内連携・研修・計画: how the city works, never offered to a client

    @classmethod
    def of(cls, value: object) -> ServiceKind:
        """An unknown kind reads as INTERNAL (never offered to a client) instead of failing."""
        try:
            return cls(value) if isinstance(value, str) else cls.INTERNAL
        except ValueError:
            return cls.INTERNAL


CIRCUMSTANCES: dict[str, str] = {
    # key: 日本語 — the circumstances that change which procedures apply (English: in the .ts file)
    "children": N_("Circumstances", "子どもがいる"),
    "preschool": N_("Circumstances", "未就学の子どもがいる"),
    "school": N_("Circumstances", "小中学校等に通う子どもがいる"),
    "foreign": N_("Circumstances", "外国籍"),
    "health_insurance": N_("Circumstances", "国民健康保険・社会保険の切替えが必要"),
    "pension": N_("Circumstances", "国民年金"),
    "public_assistance": N_("Circumstances", "生活保護を受けている・申請したい"),
    "moving_in": N_("Circumstances", "市外から転入する・転入した"),
    "moving_within": N_("Circumstances", "市内で転居する"),
    "moving_out": N_("Circumstances", "市外へ転出する"),
    "disability": N_("Circumstances", "障がいがある"),
    "age65": N_("Circumstances", "65歳以上"),
}
# The circumstances that say she has a child: a procedure or a place about a child comes with one.
CHILD_CIRCUMSTANCES = frozenset({"children", "preschool", "school"})
# The circumstances a service (a place to contact) may name, in the form's order: only those the
# checklist acts on for a place (``checklist_places``: a place naming a child is listed only on a
# paper that names a child). Another circumstance on a place would do nothing, without a word.
SERVICE_CIRCUMSTANCES: dict[str, str] = {k: v for k, v in CIRCUMSTANCES.items() if k in CHILD_CIRCUMSTANCES}
