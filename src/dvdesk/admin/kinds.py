"""What an administrator can keep: each kind of directory record, its fields and their Japanese
labels. The field list is the snapshot's shape (``records``), the edit dialog's form, the
spreadsheet's columns and the import preview's rows.

Snapshot field names follow the bundled TOML format (``resources/directory/README.md``) where
it differs from the ORM: a service's ``provider``, a procedure's ``department`` and ``order``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dvdesk.domain.models import (
    CIRCUMSTANCES,
    Confidentiality,
    Municipality,
    Need,
    Organization,
    OrgKind,
    Plan,
    Procedure,
    Service,
    ServiceKind,
)
from dvdesk.domain.record_kinds import SERVICE_CIRCUMSTANCES
from dvdesk.domain.translatable import N_

CONFIDENTIALITY_LABELS = {
    Confidentiality.PUBLIC: N_("AdminLabels", "公開（相談者に渡してよい）"),
    Confidentiality.STAFF: N_("AdminLabels", "職員のみ"),
    Confidentiality.SECRET: N_("AdminLabels", "秘密（必要な人だけ）"),
}
ORG_KIND_LABELS = {
    OrgKind.CITY_DEPARTMENT: N_("AdminLabels", "市の課・室"),
    OrgKind.CITY_CENTER: N_("AdminLabels", "市のセンター・施設"),
    OrgKind.PREFECTURE: N_("AdminLabels", "県・都の機関"),
    OrgKind.POLICE: N_("AdminLabels", "警察"),
    OrgKind.CHILD_GUIDANCE: N_("AdminLabels", "児童相談所"),
    OrgKind.COURT: N_("AdminLabels", "裁判所"),
    OrgKind.PRIVATE: N_("AdminLabels", "民間支援団体"),
    OrgKind.NATIONAL: N_("AdminLabels", "全国の窓口・国の機関"),
    OrgKind.MEDICAL: N_("AdminLabels", "医療機関"),
    OrgKind.OTHER: N_("AdminLabels", "その他"),
}
SERVICE_KIND_LABELS = {
    ServiceKind.CLIENT: N_("AdminLabels", "相談者が利用できる"),
    ServiceKind.PREVENTION: N_("AdminLabels", "啓発・予防"),
    ServiceKind.INTERNAL: N_("AdminLabels", "庁内の取組"),
}
WHOLE_RECORD = N_("AdminLabels", "（記録全体）")  # a change to the record as a whole
PHASE_LABELS = {
    1: N_("AdminLabels", "1 安全確保"),
    2: N_("AdminLabels", "2 情報保護"),
    3: N_("AdminLabels", "3 住所・住民票"),
    4: N_("AdminLabels", "4 保険・年金"),
    5: N_("AdminLabels", "5 生活費"),
    6: N_("AdminLabels", "6 子ども"),
    7: N_("AdminLabels", "7 住まい"),
    8: N_("AdminLabels", "8 健康・就労・その他"),
}


@dataclass(frozen=True)
class Field:
    """One field of a snapshot.

    ``type``: text | longtext | phone | extension | flag | number | date | choice | texts | ref | refs | items
    (``phone``: a text stored in the one form ``rules.canonical_phone`` gives it, from every path;
    ``extension``: a contact's 内線, in the one form of ``rules.canonical_extension``).
    ``ref`` holds a key of the kind named by ``target`` ("" when unset); ``refs`` a list of keys;
    ``items`` a list of sub-records (contacts of an organisation, initiatives of a plan).
    """

    name: str
    label: str
    type: str = "text"
    required: bool = False
    attr: str = ""  # ORM attribute, when it differs from ``name``
    choices: dict = field(default_factory=dict)  # value -> 日本語
    target: str = ""  # ref/refs: the kind the keys point at
    items: tuple[Field, ...] = ()
    # The confidentiality field that guards this one (a field that can carry a location).
    guarded_by: str = ""
    default: object = None

    @property
    def orm(self) -> str:
        return self.attr or self.name

    def empty(self) -> object:
        if self.default is not None:
            return self.default
        return {"flag": False, "number": 0, "date": None, "texts": [], "refs": [], "items": []}.get(self.type, "")


def _conf(name: str, label: str, default: Confidentiality) -> Field:
    return Field(name, label, "choice", choices=CONFIDENTIALITY_LABELS, default=default.value)


RETIRED = Field("retired", N_("AdminLabels", "廃止（相談員に表示しない）"), "flag")

SOURCED = (
    Field("source", N_("AdminLabels", "出典"), "longtext"),
    Field("source_note", N_("AdminLabels", "出典メモ"), "longtext"),
    Field("verified_on", N_("AdminLabels", "最終確認日"), "date"),
    Field("verified_by", N_("AdminLabels", "確認者")),
    RETIRED,
)

CONTACT_FIELDS = (
    Field("label", N_("AdminLabels", "名称（相談室・代表など）")),
    Field("phone", N_("AdminLabels", "電話番号"), "phone"),
    Field("extension", N_("AdminLabels", "内線（常に職員のみ）"), "extension"),
    Field("window", N_("AdminLabels", "窓口・階"), guarded_by="confidentiality"),
    Field("hours", N_("AdminLabels", "受付時間"), "longtext"),
    Field("email", N_("AdminLabels", "メール")),
    Field("note", N_("AdminLabels", "メモ"), "longtext"),
    _conf("confidentiality", N_("AdminLabels", "公開範囲"), Confidentiality.PUBLIC),
)

# A department's history row when a plan's measure in its charge is deleted (``link_loss``): no
# field of the department (the measure holds its departments), so it has its own path and label.
LINK_PATH = "initiative_links"
LINK_PATH_LABEL = N_("AdminLabels", "担当する計画の取組")

INITIATIVE_FIELDS = (
    Field("number", N_("AdminLabels", "番号"), required=True),
    Field("label", N_("AdminLabels", "表示名"), required=True),
    Field("title", N_("AdminLabels", "題名"), required=True),
    Field("section", N_("AdminLabels", "施策・基本目標"), "longtext"),
    Field("content", N_("AdminLabels", "取組内容"), "longtext"),
    Field("priority", N_("AdminLabels", "重点"), "flag"),
    Field("departments", N_("AdminLabels", "担当部署"), "refs", target="organization"),
    *SOURCED,
)


@dataclass(frozen=True)
class Kind:
    name: str  # "service"
    table: str  # "services"
    label: str  # "サービス"
    model: type[Any]  # a directory model; its columns are reached by the names in ``fields``
    key_attr: str  # the column a snapshot's "key" maps to
    fields: tuple[Field, ...]
    title_field: str = "name"
    municipality_field: str = "municipality"  # "" when the kind has no municipality

    @property
    def sourced(self) -> bool:
        """Carries where it came from and when it was last checked (出典・最終確認日)."""
        return any(f.name == "verified_on" for f in self.fields)

    @property
    def retirable(self) -> bool:
        """Can be retired: hidden from counselors, kept in history, restorable."""
        return any(f.name == "retired" for f in self.fields)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def label_of(self, path: str) -> str:
        """A Japanese label for a field path: "contacts.1.phone" -> "連絡先2 電話番号"."""
        parts = path.split(".")
        if path == LINK_PATH:
            return LINK_PATH_LABEL
        try:
            top = self.field(parts[0])
        except KeyError:
            return path or WHOLE_RECORD
        if len(parts) == 1:
            return top.label
        label = f"{top.label}{int(parts[1]) + 1}"
        if len(parts) == 3:
            sub = next((f for f in top.items if f.name == parts[2]), None)
            label += f" {sub.label if sub else parts[2]}"
        return label


MUNICIPALITY = Kind(
    "municipality",
    "municipalities",
    N_("AdminLabels", "市区町村"),
    Municipality,
    "code",
    (
        Field("name", N_("AdminLabels", "名称"), required=True),
        Field("prefecture", N_("AdminLabels", "都道府県")),
        *SOURCED,
    ),
    municipality_field="",
)
NEED = Kind(
    "need",
    "needs",
    N_("AdminLabels", "ニーズ分類"),
    Need,
    "key",
    (
        Field("parent", N_("AdminLabels", "上位の分類"), "ref", target="need"),
        Field("label_ja", N_("AdminLabels", "名称"), required=True),
        Field("label_en", N_("AdminLabels", "英語名"), required=True),
        Field("description", N_("AdminLabels", "説明"), "longtext"),
        Field("sort_order", N_("AdminLabels", "並び順"), "number"),
        RETIRED,
    ),
    title_field="label_ja",
    municipality_field="",
)
ORGANIZATION = Kind(
    "organization",
    "organizations",
    N_("AdminLabels", "組織・窓口"),
    Organization,
    "key",
    (
        Field("municipality", N_("AdminLabels", "市区町村（空欄は全国）"), "ref", target="municipality"),
        Field("name", N_("AdminLabels", "名称"), required=True),
        Field(
            "kind", N_("AdminLabels", "種類"), "choice", choices=ORG_KIND_LABELS, default=OrgKind.CITY_DEPARTMENT.value
        ),
        Field("parent", N_("AdminLabels", "上位の組織"), "ref", target="organization"),
        Field("discreet_name", N_("AdminLabels", "目立たない印刷での名称")),
        Field("description", N_("AdminLabels", "説明"), "longtext"),
        Field("address", N_("AdminLabels", "所在地"), "longtext", guarded_by="address_confidentiality"),
        _conf("address_confidentiality", N_("AdminLabels", "所在地の公開範囲"), Confidentiality.PUBLIC),
        Field("staff_note", N_("AdminLabels", "職員メモ（印刷しない）"), "longtext"),
        Field("contacts", N_("AdminLabels", "連絡先"), "items", items=CONTACT_FIELDS),
        *SOURCED,
    ),
)
PLAN = Kind(
    "plan",
    "plans",
    N_("AdminLabels", "計画"),
    Plan,
    "key",
    (
        Field("municipality", N_("AdminLabels", "市区町村"), "ref", target="municipality"),
        Field("title", N_("AdminLabels", "題名"), "longtext", required=True),
        Field("published", N_("AdminLabels", "発行")),
        Field("initiatives", N_("AdminLabels", "取組"), "items", items=INITIATIVE_FIELDS),
        *SOURCED,
    ),
    title_field="title",
)
SERVICE = Kind(
    "service",
    "services",
    N_("AdminLabels", "サービス"),
    Service,
    "key",
    (
        Field("municipality", N_("AdminLabels", "市区町村（空欄は全国）"), "ref", target="municipality"),
        Field("provider", N_("AdminLabels", "提供する組織"), "ref", attr="organization", target="organization"),
        Field(
            "kind", N_("AdminLabels", "種類"), "choice", choices=SERVICE_KIND_LABELS, default=ServiceKind.CLIENT.value
        ),
        Field("name", N_("AdminLabels", "名称"), required=True),
        Field("discreet_name", N_("AdminLabels", "目立たない印刷での名称")),
        Field("discreet_line", N_("AdminLabels", "目立たない印刷での一文"), "longtext"),
        Field("description", N_("AdminLabels", "内容"), "longtext"),
        Field("access", N_("AdminLabels", "利用方法"), "longtext"),
        Field("schedule", N_("AdminLabels", "日時・受付時間"), "longtext"),
        Field("eligibility", N_("AdminLabels", "対象"), "longtext"),
        Field("what_to_bring", N_("AdminLabels", "持ち物"), "longtext"),
        Field("languages", N_("AdminLabels", "対応言語"), "texts"),
        Field("cost", N_("AdminLabels", "費用"), "longtext"),
        Field("phone", N_("AdminLabels", "専用の電話番号"), "phone"),
        Field("location", N_("AdminLabels", "所在地"), "longtext", guarded_by="location_confidentiality"),
        _conf("location_confidentiality", N_("AdminLabels", "所在地の公開範囲"), Confidentiality.SECRET),
        _conf("confidentiality", N_("AdminLabels", "サービス全体の公開範囲"), Confidentiality.PUBLIC),
        Field("staff_note", N_("AdminLabels", "職員メモ（印刷しない）"), "longtext"),
        Field("needs", N_("AdminLabels", "ニーズ分類"), "refs", target="need"),
        # A place for a child is listed on a checklist only when the paper names a child.
        Field("circumstances", N_("AdminLabels", "該当する事情"), "texts", choices=dict(SERVICE_CIRCUMSTANCES)),
        Field("initiatives", N_("AdminLabels", "計画の取組"), "refs", target="initiative"),
        *SOURCED,
    ),
)
PROCEDURE = Kind(
    "procedure",
    "procedures",
    N_("AdminLabels", "手続き"),
    Procedure,
    "key",
    (
        Field("municipality", N_("AdminLabels", "市区町村（空欄は全国）"), "ref", target="municipality"),
        Field("department", N_("AdminLabels", "担当課"), "ref", attr="organization", target="organization"),
        Field("department_hint", N_("AdminLabels", "担当課の目安（担当課が未登録のとき）")),
        Field("department_unconfirmed", N_("AdminLabels", "担当課が未確認（印刷前に窓口を確認する）"), "flag"),
        Field("name", N_("AdminLabels", "名称"), "longtext", required=True),
        Field("discreet_name", N_("AdminLabels", "目立たない印刷での名称"), "longtext"),
        Field("discreet_line", N_("AdminLabels", "目立たない印刷での一文"), "longtext"),
        Field("description", N_("AdminLabels", "説明（相談者が読む文）"), "longtext"),
        Field("what_to_bring", N_("AdminLabels", "持ち物（1行に1つ）"), "texts"),
        Field("caution", N_("AdminLabels", "注意（情報漏れ・順番）"), "longtext"),
        Field("phase", N_("AdminLabels", "段階"), "choice", choices=PHASE_LABELS, default=5),
        Field("order", N_("AdminLabels", "段階内の順番"), "number", attr="sort_order"),
        Field("circumstances", N_("AdminLabels", "該当する事情"), "texts", choices=dict(CIRCUMSTANCES)),
        Field("always", N_("AdminLabels", "すべてのチェックリストに入れる"), "flag"),
        Field("staff_note", N_("AdminLabels", "職員メモ（印刷しない）"), "longtext"),
        Field("needs", N_("AdminLabels", "ニーズ分類"), "refs", target="need"),
        *SOURCED,
    ),
)

# In dependency order: a kind only refers to kinds before it (or to itself: parent).
KINDS: dict[str, Kind] = {k.name: k for k in (NEED, MUNICIPALITY, ORGANIZATION, PLAN, SERVICE, PROCEDURE)}
BY_TABLE: dict[str, Kind] = {k.table: k for k in KINDS.values()}
EDITABLE = ("municipality", "organization", "service", "procedure", "need")


def kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(f"unknown record kind: {name}") from None
