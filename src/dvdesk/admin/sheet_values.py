"""Cell values as Japanese offices type them, read into the one form dvdesk stores.

- Dates: 2025/4/1, 2025-04-01, 2025.4.1, 2025年4月1日, R7.4.1, R7/4/1, 令和7年4月1日,
  平成31年4月30日, 令和元年5月1日, Excel serial numbers (45748) and date cells.
- Phones: one canonical form — half-width digits, groups joined by "-" as the sheet grouped
  them ((0766)20-5555 → 0766-20-5555; ０７６６ー２０ー５５５５ → 0766-20-5555). What is written
  around the number (代表, 内線123, FAX 0766-00-0002, 夜間) is split off and kept as notes, never
  dropped. Short numbers survive a spreadsheet's number cells: 110 and 110.0 are "110". A number
  typed without separators (0766201234) is kept so (``Phone.unseparated``; the report says so).
- Publication flags: 〇 / ○ / 可 / はい → public, × / 不可 / いいえ → staff only.

Each reader raises ``RecordError`` with a one-line Japanese reason naming the value.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from dvdesk.admin.records import RecordError
from dvdesk.domain.rules import THREE_DIGIT, canonical_phone

# --- dates ------------------------------------------------------------------------------------

ERAS = {"令和": (2018, dt.date(2019, 5, 1)), "平成": (1988, dt.date(1989, 1, 8)), "昭和": (1925, dt.date(1926, 12, 25))}
ERA_LETTERS = {"R": "令和", "H": "平成", "S": "昭和"}
EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (with its 1900 leap-year bug folded in)
_ERA_DATE = re.compile(r"(令和|平成|昭和|[RHS])\s*(\d{1,2}|元)\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?")
_WESTERN = re.compile(r"(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?")
_DATE_HINT = "2025/4/1、2025年4月1日、令和7年4月1日、R7.4.1 のいずれかの形"


def parse_date(cell: Any, label: str = "日付") -> str | None:
    """ISO date (2025-04-01) or None for an empty cell."""
    if cell is None or cell == "":
        return None
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return _serial(cell, label, cell)
    text = unicodedata.normalize("NFKC", str(cell)).strip().upper()
    text = re.sub(r"\s*(\(.\)|[0-9]{1,2}:[0-9]{2}(:[0-9]{2})?)$", "", text)  # (火) or a time after it
    if not text:
        return None
    if re.fullmatch(r"\d{5}(\.0+)?", text):  # a serial number that came through CSV
        return _serial(float(text), label, cell)
    if m := _ERA_DATE.fullmatch(text):
        era = ERA_LETTERS.get(m.group(1), m.group(1))
        offset, start = ERAS[era]
        year = 1 if m.group(2) == "元" else int(m.group(2))
        day = _day(offset + year, int(m.group(3)), int(m.group(4)), label, cell)
        nxt = [s for _, s in ERAS.values() if s > start]
        if day < start or (nxt and day >= min(nxt)):
            raise RecordError(
                f"「{label}」の{era}{m.group(2)}年{m.group(3)}月{m.group(4)}日は{era}の期間にありません（{cell}）"
            )
        return day.isoformat()
    if m := _WESTERN.fullmatch(text):
        return _day(int(m.group(1)), int(m.group(2)), int(m.group(3)), label, cell).isoformat()
    raise RecordError(f"「{label}」を日付として読めません（{cell}）。{_DATE_HINT}で入力してください")


def _day(year: int, month: int, day: int, label: str, cell: Any) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise RecordError(f"「{label}」にない日付です（{cell}）") from None


def _serial(number: float, label: str, cell: Any) -> str:
    if not 1 <= number < 2958466 or number != int(number) and number % 1 > 0.99999:
        raise RecordError(f"「{label}」を日付として読めません（{cell}）")
    return (EXCEL_EPOCH + dt.timedelta(days=int(number))).isoformat()


# --- phones -----------------------------------------------------------------------------------


@dataclass
class Phone:
    number: str = ""
    extension: str = ""
    label: str = ""  # 代表, 夜間, 直通 … (what the line is)
    notes: list[str] = field(default_factory=list)  # FAX and anything else written beside it

    @property
    def unseparated(self) -> bool:
        """A long number typed as one run of digits (0766201234). It is stored as typed: where the
        area code ends cannot be told from the digits alone, so no hyphens are guessed."""
        return bool(re.fullmatch(r"0\d{9,10}", self.number))

    def note_text(self) -> str:
        parts = ([f"内線{self.extension}"] if self.extension else []) + ([self.label] if self.label else [])
        return "・".join(parts + self.notes)


_DASH = re.compile(r"[‐‑‒–—―−ー－ｰ~〜～]")
_FAX = re.compile(r"(?:FAX|ファックス|ファクス|ﾌｧｯｸｽ)\s*[:：]?\s*([0-9()\-\s]{6,})", re.IGNORECASE)
_EXTENSION = re.compile(r"(?:内線|内|ext\.?)\s*[:：]?\s*(\d{1,6})", re.IGNORECASE)
_LABELS = ("相談専用", "代表", "直通", "夜間", "休日", "専用", "フリーダイヤル", "携帯")  # longer first
_NUMBER = re.compile(
    r"#\d{3,4}|\(?0\d{1,4}\)?(?:\s*-?\s*\(?\d{1,4}\)?){1,2}\s*-?\s*\d{3,4}|0\d{8,10}"
    r"|(?<!\d)\d{3}(?!\d)"
)
_PHONE_WORDS = re.compile(r"^(?:TEL|Tel|tel|電話番号|電話|☎|℡)\s*[:：.]?\s*")


def parse_phone(cell: Any, label: str = "電話番号") -> Phone:
    """The number in canonical form and what was written beside it."""
    if cell is None or cell == "":
        return Phone()
    if isinstance(cell, bool):
        raise RecordError(f"「{label}」は文字で入力してください")
    if isinstance(cell, int | float):
        return Phone(_numeric_phone(cell, label))
    text = unicodedata.normalize("NFKC", str(cell)).strip()
    text = _DASH.sub("-", text)
    notes = []
    for m in _FAX.finditer(text):
        notes.append(f"FAX {_canonical(m.group(1)) or m.group(1).strip()}")
    text = _FAX.sub(" ", text)
    extension = ""
    if ext := _EXTENSION.search(text):
        extension = ext.group(1)
        text = text[: ext.start()] + " " + text[ext.end() :]
    rest = _PHONE_WORDS.sub("", text.strip())
    phone_label = ""
    for word in _LABELS:
        if word in rest:
            phone_label = phone_label or word
            rest = rest.replace(word, " ")
    rest = re.sub(r"[(（]\s*[)）]", " ", rest).strip(" /・、,:：")
    if re.fullmatch(r"[#\d()\-\s]*\d[#\d()\-\s]*", rest):  # nothing but the number: read it whole
        return Phone(_canonical(rest), extension, phone_label, notes)
    found = _NUMBER.search(rest)
    if not found:
        if rest.strip(" /・、,()-"):
            raise RecordError(f"「{label}」に電話番号が見つかりません（{cell}）")
        return Phone("", extension, phone_label, notes)
    number = _canonical(found.group(0))
    rest = (rest[: found.start()] + " " + rest[found.end() :]).strip()
    leftover = re.sub(r"^[\s/・、,()（）:：-]+|[\s/・、,()（）:：-]+$", "", rest)
    if leftover:
        notes.append(leftover)
    return Phone(number, extension, phone_label, notes)


def _canonical(text: str) -> str:
    """The number found, in the one stored form (``rules.canonical_phone``, as the form and every
    other import store it): (0766)20-5555 → 0766-20-5555."""
    return canonical_phone(text)


def _numeric_phone(value: float, label: str) -> str:
    """A number cell: only a short number can survive it (a leading 0 or # is gone)."""
    if value != int(value):
        raise RecordError(f"「{label}」が小数になっています（{value}）。セルの書式を「文字列」にしてください")
    digits = str(int(value))
    if digits in THREE_DIGIT:
        return digits
    if len(digits) == 4:
        raise RecordError(
            f"「{label}」が数値の {digits} になっています。短縮番号なら「#{digits}」と"
            "文字で入力してください（セルの書式を「文字列」に）"
        )
    raise RecordError(
        f"「{label}」が数値として保存されています（先頭の 0 が消えています: {digits}）。"
        "セルの書式を「文字列」にしてください"
    )


# --- publication flags ------------------------------------------------------------------------

_PUBLIC = {"〇", "○", "◯", "o", "O", "可", "はい", "yes", "y", "1", "true", "掲載", "公開", "掲載する", "◎"}
_STAFF = {"×", "✕", "✖", "x", "X", "不可", "いいえ", "no", "n", "0", "false", "非掲載", "非公開", "掲載しない", "-"}


def parse_publication(cell: Any, label: str = "掲載") -> str | None:
    """ "public", "staff" or None (empty: keep what the record has)."""
    if cell is None or cell == "":
        return None
    text = unicodedata.normalize("NFKC", str(cell)).strip()
    if isinstance(cell, bool):
        return "public" if cell else "staff"
    if isinstance(cell, int | float):
        text = str(int(cell)) if cell == int(cell) else text
    if text in _PUBLIC or text.lower() in _PUBLIC:
        return "public"
    if text in _STAFF or text.lower() in _STAFF:
        return "staff"
    raise RecordError(f"「{label}」は 〇（掲載する）か ×（掲載しない）で入力してください（{cell}）")
