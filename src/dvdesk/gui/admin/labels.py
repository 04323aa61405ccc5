"""The administration's own words in the interface language: kinds of record, field labels,
choices, history actions and report problems.

They are defined in Japanese in ``dvdesk.admin`` (no Qt there). They are listed here with
QT_TRANSLATE_NOOP so Qt Linguist extracts them, and translated where the window shows them; a test
checks every label ``dvdesk.admin`` defines is listed. Names from the data (organisations, needs)
pass through unchanged.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from dvdesk.admin.diff import display
from dvdesk.admin.kinds import Field, Kind
from dvdesk.admin.sync import ACTION_LABELS, ChangePlan
from dvdesk.domain.models import CIRCUMSTANCES
from dvdesk.gui import i18n

CONTEXT = "AdminLabels"
LABELS = (
    # kinds of record
    QT_TRANSLATE_NOOP("AdminLabels", "ニーズ分類"), QT_TRANSLATE_NOOP("AdminLabels", "市区町村"),
    QT_TRANSLATE_NOOP("AdminLabels", "組織・窓口"), QT_TRANSLATE_NOOP("AdminLabels", "計画"),
    QT_TRANSLATE_NOOP("AdminLabels", "サービス"), QT_TRANSLATE_NOOP("AdminLabels", "手続き"),
    QT_TRANSLATE_NOOP("AdminLabels", "同義語"),
    # fields
    QT_TRANSLATE_NOOP("AdminLabels", "上位の分類"), QT_TRANSLATE_NOOP("AdminLabels", "名称"),
    QT_TRANSLATE_NOOP("AdminLabels", "英語名"), QT_TRANSLATE_NOOP("AdminLabels", "説明"),
    QT_TRANSLATE_NOOP("AdminLabels", "並び順"), QT_TRANSLATE_NOOP("AdminLabels", "都道府県"),
    QT_TRANSLATE_NOOP("AdminLabels", "出典"), QT_TRANSLATE_NOOP("AdminLabels", "出典メモ"),
    QT_TRANSLATE_NOOP("AdminLabels", "最終確認日"), QT_TRANSLATE_NOOP("AdminLabels", "確認者"),
    QT_TRANSLATE_NOOP("AdminLabels", "廃止（相談員に表示しない）"),
    QT_TRANSLATE_NOOP("AdminLabels", "市区町村（空欄は全国）"),
    QT_TRANSLATE_NOOP("AdminLabels", "種類"), QT_TRANSLATE_NOOP("AdminLabels", "上位の組織"),
    QT_TRANSLATE_NOOP("AdminLabels", "目立たない印刷での名称"), QT_TRANSLATE_NOOP("AdminLabels", "所在地"),
    QT_TRANSLATE_NOOP("AdminLabels", "目立たない印刷での一文"),
    QT_TRANSLATE_NOOP("AdminLabels", "担当課が未確認（印刷前に窓口を確認する）"),
    QT_TRANSLATE_NOOP("AdminLabels", "説明（相談者が読む文）"),
    QT_TRANSLATE_NOOP("AdminLabels", "所在地の公開範囲"),
    QT_TRANSLATE_NOOP("AdminLabels", "職員メモ（印刷しない）"), QT_TRANSLATE_NOOP("AdminLabels", "連絡先"),
    QT_TRANSLATE_NOOP("AdminLabels", "名称（相談室・代表など）"), QT_TRANSLATE_NOOP("AdminLabels", "電話番号"),
    QT_TRANSLATE_NOOP("AdminLabels", "内線（常に職員のみ）"), QT_TRANSLATE_NOOP("AdminLabels", "窓口・階"),
    QT_TRANSLATE_NOOP("AdminLabels", "受付時間"), QT_TRANSLATE_NOOP("AdminLabels", "メール"),
    QT_TRANSLATE_NOOP("AdminLabels", "メモ"), QT_TRANSLATE_NOOP("AdminLabels", "公開範囲"),
    QT_TRANSLATE_NOOP("AdminLabels", "題名"), QT_TRANSLATE_NOOP("AdminLabels", "発行"),
    QT_TRANSLATE_NOOP("AdminLabels", "取組"), QT_TRANSLATE_NOOP("AdminLabels", "番号"),
    QT_TRANSLATE_NOOP("AdminLabels", "表示名"), QT_TRANSLATE_NOOP("AdminLabels", "施策・基本目標"),
    QT_TRANSLATE_NOOP("AdminLabels", "取組内容"), QT_TRANSLATE_NOOP("AdminLabels", "重点"),
    QT_TRANSLATE_NOOP("AdminLabels", "担当部署"), QT_TRANSLATE_NOOP("AdminLabels", "提供する組織"),
    QT_TRANSLATE_NOOP("AdminLabels", "内容"), QT_TRANSLATE_NOOP("AdminLabels", "利用方法"),
    QT_TRANSLATE_NOOP("AdminLabels", "日時・受付時間"), QT_TRANSLATE_NOOP("AdminLabels", "対象"),
    QT_TRANSLATE_NOOP("AdminLabels", "持ち物"), QT_TRANSLATE_NOOP("AdminLabels", "対応言語"),
    QT_TRANSLATE_NOOP("AdminLabels", "費用"),
    QT_TRANSLATE_NOOP("AdminLabels", "専用の電話番号"), QT_TRANSLATE_NOOP("AdminLabels", "サービス全体の公開範囲"),
    QT_TRANSLATE_NOOP("AdminLabels", "計画の取組"), QT_TRANSLATE_NOOP("AdminLabels", "担当課"),
    QT_TRANSLATE_NOOP("AdminLabels", "担当課の目安（担当課が未登録のとき）"),
    QT_TRANSLATE_NOOP("AdminLabels", "持ち物（1行に1つ）"),
    QT_TRANSLATE_NOOP("AdminLabels", "注意（情報漏れ・順番）"), QT_TRANSLATE_NOOP("AdminLabels", "段階"),
    QT_TRANSLATE_NOOP("AdminLabels", "段階内の順番"), QT_TRANSLATE_NOOP("AdminLabels", "該当する事情"),
    QT_TRANSLATE_NOOP("AdminLabels", "すべてのチェックリストに入れる"), QT_TRANSLATE_NOOP("AdminLabels", "語"),
    # choices
    QT_TRANSLATE_NOOP("AdminLabels", "公開（相談者に渡してよい）"), QT_TRANSLATE_NOOP("AdminLabels", "職員のみ"),
    QT_TRANSLATE_NOOP("AdminLabels", "秘密（必要な人だけ）"), QT_TRANSLATE_NOOP("AdminLabels", "市の課・室"),
    QT_TRANSLATE_NOOP("AdminLabels", "市のセンター・施設"), QT_TRANSLATE_NOOP("AdminLabels", "県・都の機関"),
    QT_TRANSLATE_NOOP("AdminLabels", "警察"),
    QT_TRANSLATE_NOOP("AdminLabels", "児童相談所"), QT_TRANSLATE_NOOP("AdminLabels", "裁判所"),
    QT_TRANSLATE_NOOP("AdminLabels", "民間支援団体"), QT_TRANSLATE_NOOP("AdminLabels", "全国の窓口・国の機関"),
    QT_TRANSLATE_NOOP("AdminLabels", "医療機関"), QT_TRANSLATE_NOOP("AdminLabels", "その他"),
    QT_TRANSLATE_NOOP("AdminLabels", "相談者が利用できる"), QT_TRANSLATE_NOOP("AdminLabels", "啓発・予防"),
    QT_TRANSLATE_NOOP("AdminLabels", "庁内の取組"), QT_TRANSLATE_NOOP("AdminLabels", "1 安全確保"),
    QT_TRANSLATE_NOOP("AdminLabels", "2 情報保護"), QT_TRANSLATE_NOOP("AdminLabels", "3 住所・住民票"),
    QT_TRANSLATE_NOOP("AdminLabels", "4 保険・年金"), QT_TRANSLATE_NOOP("AdminLabels", "5 生活費"),
    QT_TRANSLATE_NOOP("AdminLabels", "6 子ども"), QT_TRANSLATE_NOOP("AdminLabels", "7 住まい"),
    QT_TRANSLATE_NOOP("AdminLabels", "8 健康・就労・その他"),
    # actions in the history and the import preview; problems in the verification report
    QT_TRANSLATE_NOOP("AdminLabels", "追加"), QT_TRANSLATE_NOOP("AdminLabels", "変更"),
    QT_TRANSLATE_NOOP("AdminLabels", "廃止"), QT_TRANSLATE_NOOP("AdminLabels", "復元"),
    QT_TRANSLATE_NOOP("AdminLabels", "確認済み"), QT_TRANSLATE_NOOP("AdminLabels", "取り消し"),
    QT_TRANSLATE_NOOP("AdminLabels", "取り込み"), QT_TRANSLATE_NOOP("AdminLabels", "未確認"),
    QT_TRANSLATE_NOOP("AdminLabels", "1年以上確認なし"), QT_TRANSLATE_NOOP("AdminLabels", "電話番号なし"),
    # values as dvdesk.admin.diff describes them
    QT_TRANSLATE_NOOP("AdminLabels", "（記録全体）"), QT_TRANSLATE_NOOP("AdminLabels", "はい"),
    QT_TRANSLATE_NOOP("AdminLabels", "いいえ"), QT_TRANSLATE_NOOP("AdminLabels", "（未選択）"),
)
_LISTED = frozenset(LABELS)
_CIRCUMSTANCES_EN = {ja: en for ja, en in CIRCUMSTANCES.values()}  # the domain has these in English


def label(text: str) -> str:
    """A label of ``dvdesk.admin`` in the interface language; any other text as it is."""
    if i18n.english() and text in _CIRCUMSTANCES_EN:
        return _CIRCUMSTANCES_EN[text]
    return QCoreApplication.translate(CONTEXT, text) if text in _LISTED else text


def kind_label(k: Kind) -> str:
    return label(k.label)


def field_label(f: Field) -> str:
    return label(f.label)


def path_label(k: Kind, path: str) -> str:
    """``Kind.label_of`` in the interface language: "contacts.1.phone" -> "連絡先2 電話番号"."""
    parts = path.split(".")
    top = next((f for f in k.fields if f.name == parts[0]), None)
    if top is None:
        return label(k.label_of(path))
    if len(parts) == 1:
        return field_label(top)
    text = QCoreApplication.translate("AdminLabels", "{field}{number}").format(
        field=field_label(top), number=int(parts[1]) + 1)
    if len(parts) == 3:
        sub = next((f for f in top.items if f.name == parts[2]), None)
        text += " " + (field_label(sub) if sub else parts[2])
    return text


def value_text(k: Kind, path: str, value: Any, names: dict[tuple[str, str], str] | None = None) -> str:
    """``dvdesk.admin.diff.display`` in the interface language (choices, yes/no, listed circumstances)."""
    parts = path.split(".") if path else []
    f = next((x for x in k.fields if parts and x.name == parts[0]), None)
    if f is not None and len(parts) == 3:
        f = next((x for x in f.items if x.name == parts[2]), None)
    if f is not None and f.type == "texts" and f.choices and isinstance(value, list):
        choices = f.choices
        return QCoreApplication.translate("AdminLabels", "、").join(label(choices[v] if v in choices else v)
                                                                   for v in value)
    return label(display(k, path, value, names))


def plan_summary(plan: ChangePlan) -> str:
    """``ChangePlan.summary`` in the interface language: how many records each action touches."""
    each = QCoreApplication.translate("AdminLabels", "{action} {count}件")
    parts = [each.format(action=label(ACTION_LABELS[a]), count=n) for a, n in plan.counts.items() if n]
    parts.append(QCoreApplication.translate("AdminLabels", "変更なし {count}件").format(count=plan.unchanged))
    return QCoreApplication.translate("AdminLabels", "、").join(parts)
