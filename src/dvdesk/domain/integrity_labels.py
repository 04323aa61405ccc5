"""The Japanese name of each column the gate's text rules read (``integrity_texts``), as the
administrator's form labels its field (``admin.kinds``' ``Field.label``): a finding says
「名称: 長すぎます」, not "name: …". Kept here, below ``admin``, because the gate also runs where
the administrator's module is never imported (the desk's start-up scan, the bundled loader, a
restore); ``tests/test_gate_parity.py`` holds these to the form's labels.
"""

from __future__ import annotations

FIELD_LABELS: dict[str, dict[str, str]] = {
    "needs": {"key": "キー", "label_ja": "名称", "label_en": "英語名", "description": "説明"},
    "municipalities": {
        "code": "団体コード",
        "name": "名称",
        "prefecture": "都道府県",
        "source": "出典",
        "source_note": "出典メモ",
        "verified_by": "確認者",
    },
    "organizations": {
        "key": "キー",
        "name": "名称",
        "kind": "種類",
        "discreet_name": "目立たない印刷での名称",
        "description": "説明",
        "address": "所在地",
        "address_confidentiality": "所在地の公開範囲",
        "staff_note": "職員メモ（印刷しない）",
        "source": "出典",
        "source_note": "出典メモ",
        "verified_by": "確認者",
    },
    "plans": {
        "key": "キー",
        "title": "題名",
        "published": "発行",
        "source": "出典",
        "source_note": "出典メモ",
        "verified_by": "確認者",
    },
    "services": {
        "key": "キー",
        "kind": "種類",
        "name": "名称",
        "discreet_name": "目立たない印刷での名称",
        "discreet_line": "目立たない印刷での一文",
        "description": "内容",
        "access": "利用方法",
        "schedule": "日時・受付時間",
        "eligibility": "対象",
        "what_to_bring": "持ち物",
        "cost": "費用",
        "phone": "専用の電話番号",
        "location": "所在地",
        "location_confidentiality": "所在地の公開範囲",
        "confidentiality": "サービス全体の公開範囲",
        "staff_note": "職員メモ（印刷しない）",
        "source": "出典",
        "source_note": "出典メモ",
        "verified_by": "確認者",
        "languages": "対応言語",
        "circumstances": "該当する事情",
    },
    "procedures": {
        "key": "キー",
        "department_hint": "担当課の目安（担当課が未登録のとき）",
        "name": "名称",
        "discreet_name": "目立たない印刷での名称",
        "discreet_line": "目立たない印刷での一文",
        "description": "説明（相談者が読む文）",
        "caution": "注意（情報漏れ・順番）",
        "staff_note": "職員メモ（印刷しない）",
        "source": "出典",
        "source_note": "出典メモ",
        "verified_by": "確認者",
        "what_to_bring": "持ち物（1行に1つ）",
        "circumstances": "該当する事情",
    },
    "contact_points": {
        "label": "名称（相談室・代表など）",
        "phone": "電話番号",
        "extension": "内線（常に職員のみ）",
        "window": "窓口・階",
        "hours": "受付時間",
        "email": "メール",
        "note": "メモ",
        "confidentiality": "公開範囲",
    },
    "initiatives": {
        "number": "番号",
        "label": "表示名",
        "title": "題名",
        "section": "施策・基本目標",
        "content": "取組内容",
        "source": "出典",
        "source_note": "出典メモ",
        "verified_by": "確認者",
    },
}


def label(table: str, column: str) -> str:
    """The column's Japanese name (the column's own name only for one no form lists)."""
    return FIELD_LABELS.get(table, {}).get(column, column)
