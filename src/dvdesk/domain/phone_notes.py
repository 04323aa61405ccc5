"""A note that says a record's phone number is missing, read against the number on record.

The bundled directory comes from plans that give no phone numbers, so its records carry the
sentence 「電話番号は計画に記載なし（要確認）。」 in a staff note or a contact's note. Once the
administrator enters the number (初期設定, the form, a sheet, a package), that sentence would
stand next to the number on the staff copy and in the detail. ``current`` leaves it out of what is
shown while a number is on record, and only it: the stored note — the administrator's own
words, whatever she added to it — is never changed, and the sentence is back if the number goes.
A sentence that names more than the phone (「電話番号・受付時間は…記載なし」) stays: the rest of it may
still be true.
"""

from __future__ import annotations

import re

# 「電話番号は計画に記載なし（要確認）。」 and its few shapes in resources/directory: the phone alone.
_PHONE_MISSING = re.compile(
    r"電話番号は(?:計画|抜粋|資料)?(?:に|で|には)?(?:記載|明記|掲載)(?:なし|がない|されていない)"
    r"(?:[（(]要確認[）)])?[。．]?[ 　]*"
)


def current(note: str, *, has_phone: bool) -> str:
    """``note`` as it reads while the record has (``has_phone``) or lacks a number to dial."""
    if not has_phone or not note or "電話番号は" not in note:
        return note
    return _PHONE_MISSING.sub("", note).strip()
