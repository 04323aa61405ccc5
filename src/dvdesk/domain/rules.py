"""The rules a directory record's text must follow, as pure functions (no database, no Qt).

Shared by the administrator's edit checks (``dvdesk.admin.validation``), the whole-directory gate
(``dvdesk.domain.integrity``) and the bundled loader. Each returns None when the value is fine,
else a Japanese sentence saying what is wrong. Phone numbers follow Japanese numbering: fixed lines
with the area code (10 digits), mobile and IP phones (11), free dial 0120 (10) / 0800 (11), navi
dial 0570 (10), #8008-style short numbers and the three-digit emergency and public lines. A foreign
number (+44 …, from another country's HSDS feed) is kept as written; a +81 number is refused here
and converted to the domestic form by the importers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

THREE_DIGIT = {"110", "119", "118", "189", "171", "177", "188"}
_DASHES = re.compile(r"[‐‑‒–—―−ー－\-\s()（）]+")
_EXAMPLE = "例: 0766-20-1234、090-1234-5678、0120-279-889、#8008"


# A value's answer is kept for the next record with the same one: a national import asks twice per
# service and contact (the edit checks, then the gate), and schedules and switchboards repeat.
_SEEN = 1 << 16


def normalize_phone(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


# An extension written after the number (0766-20-1234 内線12, …（内線12）, … ext. 12), as a sheet's cell holds it.
_EXTENSION = re.compile(r"\s*\(?\s*(?:内線|内|ext\.?)\s*[:：]?\s*(\d{1,6})\s*\)?\s*$", re.IGNORECASE)
PHONE_NOTE = "電話の備考: "  # a staff note's line for what was written beside a number (a sheet's, an extension)


def split_extension(text: str) -> tuple[str, str]:
    """(the number, the extension) of a phone written with its extension after it; (text, "") when
    none is. The extension is staff-only: it goes to a contact's 内線, or to the staff note."""
    raw = normalize_phone(text)
    m = _EXTENSION.search(raw)
    if m is None or not raw[: m.start()].strip():
        return text, ""
    return raw[: m.start()].strip(" ・,、/"), m.group(1)


def with_phone_note(note: str, line: str) -> str:
    """A staff note with ``電話の備考: …`` added once (a sheet's import and every other path alike)."""
    line = PHONE_NOTE + line
    return note if line in note else f"{note}\n{line}".strip()


@lru_cache(maxsize=_SEEN)  # every record of a package passes here; schedules and switchboards repeat
def canonical_phone(text: str) -> str:
    """The one form a phone number is stored in, whichever path brought it (the form, a sheet, an HSDS
    feed, a package): half-width, its groups as written joined by "-" (０７６６ー２０ー１２３４,
    (0766)20 1234 → 0766-20-1234; ＃８００８ → #8008). A run of digits stays one (where the area
    code ends is not guessed); a foreign number (+44 …) and anything else is kept as written, for
    ``phone_problem`` to accept or refuse in the words it was typed."""
    raw = normalize_phone(text)
    if raw.startswith("#") and raw[1:].strip().isdigit():
        return "#" + raw[1:].strip()
    groups = [g for g in _DASHES.split(raw) if g]
    if groups and all(g.isascii() and g.isdigit() for g in groups):
        return "-".join(groups)
    return raw


_EXTENSION_WORD = re.compile(r"^(?:内線|内|ext\.?)\s*[:：]?\s*", re.IGNORECASE)
_EXTENSION_DASHES = re.compile(r"\s*[‐‑‒–—―−ー－\-]\s*")


def canonical_extension(text: str) -> str:
    """The one form a contact's 内線 is stored in, whichever path brought it (as ``canonical_phone``
    for its number): half-width digits, the word 「内線」 typed before them dropped, a hyphen kept
    (３４, 内線 ３４ → 34; ３４－５ → 34-5). Anything else is kept as written, for the edit check to
    refuse in the words it was typed."""
    raw = _EXTENSION_WORD.sub("", normalize_phone(text))
    raw = _EXTENSION_DASHES.sub("-", raw)
    return raw if re.fullmatch(r"\d+(?:-\d+)*", raw) else text.strip()


@lru_cache(maxsize=_SEEN)
def phone_problem(text: str) -> str | None:
    """None if ``text`` is a dialable Japanese number (or empty), else why not."""
    raw = normalize_phone(text)
    if not raw:
        return None
    if "内線" in raw:
        return "内線は「内線」の欄に入力してください"
    if raw.startswith("+"):
        return _international_problem(raw, text)
    if raw.startswith("#"):
        return None if re.fullmatch(r"#\d{4}", raw) else f"短縮番号は # と4桁の数字です（例: #8008）: {text}"
    groups = [g for g in _DASHES.split(raw) if g]
    if not groups or not all(g.isdigit() for g in groups):
        return f"電話番号に使えない文字があります: {text}（{_EXAMPLE}）"
    digits = "".join(groups)
    if len(digits) == 3:
        return None if digits in THREE_DIGIT else f"3桁の番号は {'・'.join(sorted(THREE_DIGIT))} だけです: {text}"
    if not digits.startswith("0") or digits.startswith("00"):
        return f"市外局番（0 から始まる番号）から入力してください: {text}（{_EXAMPLE}）"
    expected = _expected_length(digits)
    if len(digits) != expected:
        return f"電話番号の桁数が合いません（{_kind_of(digits)}は{expected}桁）: {text}"
    if len(groups) > 3 or (len(groups) > 1 and len(groups[-1]) < 3):
        return f"区切り方が正しくありません: {text}（{_EXAMPLE}）"
    return None


def _international_problem(raw: str, text: str) -> str | None:
    """A Japanese number is kept in the domestic form; a foreign one (a feed from abroad, +44 …)
    is kept as written when it has the shape of an international number (E.164: up to 15 digits)."""
    if re.match(r"\+\s*81", raw):
        return f"国際番号（+81）ではなく、0 から始まる国内の番号で入力してください（{_EXAMPLE}）"
    digits = re.sub(r"[\s\-.()]", "", raw[1:])
    if digits.isdigit() and 7 <= len(digits) <= 15 and not digits.startswith("0"):
        return None
    return f"国際番号は + と国番号から始まる15桁までの数字です: {text}"


def _expected_length(digits: str) -> int:
    if digits.startswith(("0120", "0570")):
        return 10
    if digits.startswith(("0800", "050", "060", "070", "080", "090")):
        return 11
    return 10


def _kind_of(digits: str) -> str:
    for prefix, name in (
        ("0120", "フリーダイヤル 0120"),
        ("0800", "フリーダイヤル 0800"),
        ("0570", "ナビダイヤル 0570"),
        ("050", "IP電話 050"),
        ("070", "携帯電話"),
        ("080", "携帯電話"),
        ("090", "携帯電話"),
    ):
        if digits.startswith(prefix):
            return name
    return "固定電話（市外局番から）"


_TIME = re.compile(r"(\d{1,2})[:：時](\d{2})?")
_WORDISH = re.compile(r"[^\W\d_]")  # a letter, kana or kanji


@lru_cache(maxsize=_SEEN)
def schedule_problem(text: str) -> str | None:
    """Free text is fine; what is refused is text no counselor could read as a schedule."""
    value = unicodedata.normalize("NFKC", text).strip()
    if not value:
        return None
    if any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in value):
        return "「日時」に制御文字が含まれています"
    if len(set(value.replace(" ", ""))) == 1 and len(value) >= 2:
        return f"「日時」が読み取れません: {text}（例: 月〜金 9:00〜17:00）"
    times = _TIME.findall(value)
    if not _WORDISH.search(value) and not times:
        return f"「日時」が読み取れません: {text}（例: 月〜金 9:00〜17:00）"
    for hour, minute in times:
        if int(hour) > 24 or (minute and int(minute) > 59):
            return f"「日時」の時刻が正しくありません: {hour}:{minute or '00'}"
    return None


def email_problem(text: str) -> str | None:
    if text and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
        return f"メールアドレスの形が正しくありません: {text}"
    return None


def municipality_check_digit(code5: str) -> int:
    """Check digit of a 全国地方公共団体コード (weights 6,5,4,3,2; modulus 11)."""
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2), strict=True))
    return (11 - total % 11) % 10


def municipality_code_problem(code: str) -> str | None:
    if not (len(code) == 6 and code.isascii() and code.isdigit()):
        return "団体コードは6桁の数字です（例: 162027）"
    if municipality_check_digit(code[:5]) != int(code[5]):
        return f"団体コード {code} の検査数字（6桁目）が合いません"
    return None


MAX_KEY = 80  # the key columns are String(80) (a need's key String(60))
_KEY = re.compile(r"[!-~]+")  # printable ASCII, no space


def key_problem(key: str, limit: int = MAX_KEY) -> str | None:
    """A record key: short, printable ASCII without spaces (it is typed, printed and compared)."""
    if not key:
        return "キーがありません"
    if len(key) > limit:
        return f"キーが長すぎます（{len(key)}文字、上限 {limit}文字）"
    if not _KEY.fullmatch(key):
        return "キーは空白や制御文字のない半角英数字で入力してください（例: takaoka.svc.soudan）"
    return None


MAX_TEXT = 20_000  # a long text field (説明・メモ); a page of A4 is about 2,000 characters
LINE_TEXT = 200  # a one-line field (a name, a measure's title, one language or item of a list)


# Unicode's control characters (category Cc), the line/paragraph separators and the bidirectional
# embeddings, overrides and isolates (U+202A-202E, U+2066-2069: they print 0766-20-1234 as
# 4321-02-6670 on paper); a multi-line field may hold tab, line feed and carriage return.
# Invisible characters inside a word (zero-width space and joiners, soft hyphen, word joiner, BOM,
# direction marks: what a list copied from a web page carries) split it for the search index
# (「電\u200b話」 is not found by 電話) and make two names look the same; refused too, named.
_INVISIBLE = "\u00ad\u061c\u180e\u200b-\u200f\u2060-\u2064\ufeff"
_NEVER = f"\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069{_INVISIBLE}"  # in no field, one line or several
_CONTROL = re.compile(f"[\x00-\x1f{_NEVER}]")
_CONTROL_MULTILINE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{_NEVER}]")
_IS_INVISIBLE = re.compile(f"[{_INVISIBLE}]")


def texts_clean(values: Iterable[tuple[str, int, bool]]) -> bool:
    """True when no (value, limit, multiline) of ``values`` has a ``text_problem``: one length test
    each and one pattern search over all one-line and one over all multi-line values (a record's
    thirty ``text_problem`` calls, in a national import, for the common case of clean text). False
    says only that some value has a problem: ask ``text_problem`` which and why."""
    single: list[str] = []
    multi: list[str] = []
    for value, limit, multiline in values:
        if len(value) > limit:
            return False
        (multi if multiline else single).append(value)
    return joined_clean(single, multi)


def joined_clean(single: list[str], multi: list[str]) -> bool:
    """No control character in any one-line value of ``single`` nor in any multi-line value of
    ``multi`` (their lengths checked by the caller): one pattern search over each, joined."""
    # Joined with nothing: no character is added, so a match is a character of one of the values.
    return not _CONTROL.search("".join(single)) and not _CONTROL_MULTILINE.search("".join(multi))


def text_problem(value: str, limit: int = MAX_TEXT, *, multiline: bool = True) -> str | None:
    """Control characters (NUL, escape sequences …) or a length no screen or printout can hold."""
    if len(value) > limit:
        return f"長すぎます（{len(value)}文字、上限 {limit}文字）"
    if found := (_CONTROL_MULTILINE if multiline else _CONTROL).search(value):
        if _IS_INVISIBLE.match(found.group()):
            return f"見えない文字（U+{ord(found.group()):04X}）が含まれています。消して入力し直してください"
        return "制御文字が含まれています"
    return None
