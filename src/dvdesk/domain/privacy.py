"""Keeping client-identifying details out of the referral log: a safety net, not a guarantee.

dvdesk stores nothing that identifies a client. The referral log has two fields a counselor types
freely, the case reference and the notes, and both are checked here before anything is written.

Case reference (事例番号): the number of the paper file kept in the office, so the log can be
matched to the file without the log saying who the client is. After width folding it must be
1–16 characters of ASCII letters, digits and ``- / .`` (ー － ‐ count as ``-``), with at least one
digit and at most 4 letters (a prefix such as R3, DV, H). Refused: kana, kanji and spaces (a
name), more than 4 letters (a romanised name), ``@`` (an email address), 10–11 digits starting
with 0 (a phone number), 9 or more digits in a row (マイナンバー, 口座), ``123-4567`` (a postal
code), ``1-2-3`` (a street address) and a full date such as 1985-03-12 or 19850312 (a date of
birth). Examples: R3-0142, DV-25-012, 2025-0142.

Notes (記録): what was done (市民課に連絡、支援措置の申出に同行), not who the client is; at most
``NOTE_MAX`` characters. Refused when they contain a phone number, an email address, a postal
code or 〒, street-address numbers (1-2-3, 3丁目, 5番地, 201号室), a date of birth, a run of 7 or
more digits (口座・保険証・マイナンバー), or a word followed by an honorific (山田さん, 〇〇様, 氏).
Phone numbers that are in the directory (public lines) are allowed. A name written without an
honorific, or an address written in words, cannot be recognised by a pattern: the form says so
next to the field, and notes are kept short so that there is little room for it.
"""

from __future__ import annotations

import re
import unicodedata

from dvdesk.domain.errors import InputError

NOTE_MAX = 100
CASE_REF_MAX = 16
COUNSELOR_MAX = 30


class PersonalDataError(InputError):
    """Text refused because it looks like it identifies a client. ``message`` is for the user."""


_DASHES = str.maketrans({c: "-" for c in "ー－‐‑–—―−ｰ"})
_KANJI_DIGITS = str.maketrans("〇一二三四五六七八九", "0123456789")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text.translate(_DASHES)).translate(_DASHES)


# ---------------------------------------------------------------- case reference

_CASE_REF_CHARS = re.compile(r"[A-Za-z0-9\-/.]+")
_FULL_DATE = re.compile(r"(?<!\d)(19|20)\d{2}([-/.]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)")


def normalize_case_ref(text: str) -> str:
    """The case reference as stored: width-folded, upper case, or PersonalDataError."""
    ref = _fold(text).strip().upper()
    if not ref:
        raise PersonalDataError("事例番号を入力してください（例: R3-0142）。")
    if len(ref) > CASE_REF_MAX or not _CASE_REF_CHARS.fullmatch(ref):
        raise PersonalDataError(
            f"事例番号は半角英数字と「-」「/」で{CASE_REF_MAX}文字までです（例: R3-0142）。"
            "名前や住所は入力できません。")
    if not any(c.isdigit() for c in ref):
        raise PersonalDataError("事例番号には紙の記録の番号（数字）を入れてください（例: R3-0142）。")
    if sum(c.isalpha() for c in ref) > 4:
        raise PersonalDataError("事例番号の英字は4文字までです。名前（ローマ字）は入力できません。")
    problem = _number_problem(ref, as_case_ref=True)
    if problem:
        raise PersonalDataError(f"事例番号が{problem}に見えます。紙の記録の番号を入れてください。")
    return ref


# ---------------------------------------------------------------- notes

_EMAIL = re.compile(r"\S+@\S+|＠")
_POSTAL = re.compile(r"〒|(?<![\d-])\d{3}-\d{4}(?![\d-])")
_ADDRESS_NUMBERS = re.compile(r"(?<![A-Za-z0-9-])[1-9]\d{0,2}-\d{1,4}-\d{1,4}(?![0-9-])")
_ADDRESS_WORDS = re.compile(r"\d+\s*(丁目|番地|号室|番\s*\d+\s*号)")
_BIRTH = re.compile(
    r"生年月日|誕生日|\d+\s*[年/.-]\s*\d+\s*[月/.-]\s*\d+\s*日?\s*(生まれ|うまれ|生(?=$|[\s、。,.)]))")
_DIGIT_GROUP = re.compile(r"\d(?:[\s\-()]?\d)*")
# A word written in kanji, katakana or letters directly before an honorific: 山田さん, ヤマダ様.
_HONORIFIC = re.compile(
    r"([\u4E00-\u9FFF\u3005\u30A1-\u30FA\u30FC]+|[A-Za-z]{2,})(さん|さま|様(?![子式々])|氏(?![名])|ちゃん|くん|君)")
# Words before an honorific that name a role or relation, not a person.
_NOT_A_NAME = (
    "母", "父", "子", "娘", "息子", "奥", "旦那", "夫", "妻", "姉", "兄", "妹", "弟", "祖母", "祖父",
    "皆", "相談員", "担当", "担当者", "職員", "弁護士", "先生", "警察官", "彼", "同", "多", "模",
    "仕", "異", "有", "各位", "家族", "親", "保健師", "支援員", "ケースワーカー", "長",
)


def personal_data_problems(text: str, public_numbers: frozenset[str] = frozenset()) -> list[str]:
    """What in ``text`` looks like client-identifying data, as short Japanese phrases."""
    folded = _fold(text)
    problems: list[str] = []
    if _EMAIL.search(folded):
        problems.append("メールアドレス")
    if _POSTAL.search(folded):
        problems.append("郵便番号")
    if _ADDRESS_NUMBERS.search(folded) or _ADDRESS_WORDS.search(folded.translate(_KANJI_DIGITS)):
        problems.append("住所")
    if _BIRTH.search(folded.translate(_KANJI_DIGITS)):
        problems.append("生年月日")
    number = _number_problem(folded.translate(_KANJI_DIGITS), public_numbers=public_numbers)
    if number:
        problems.append(number)
    for m in _HONORIFIC.finditer(unicodedata.normalize("NFKC", text)):
        if not m.group(1).endswith(_NOT_A_NAME):
            problems.append(f"人の名前（「{m.group(0)}」）")
            break
    return problems


def check_note(text: str, public_numbers: frozenset[str] = frozenset()) -> str:
    """The note as stored (one line, trimmed), or PersonalDataError saying what to change."""
    note = " ".join(text.split())
    if len(note) > NOTE_MAX:
        raise PersonalDataError(f"記録は{NOTE_MAX}文字までです（いま{len(note)}文字）。"
                                "行ったことだけを短く書いてください。")
    problems = personal_data_problems(note, public_numbers)
    if problems:
        raise PersonalDataError(
            f"記録に{'・'.join(problems)}のような内容があります。相談者を特定できることは記録できません。"
            "行ったこと（例: 市民課に連絡、支援措置の申出に同行）だけを書いてください。")
    return note


def check_counselor(name: str) -> str:
    """The counselor's own name (staff, not the client): required, short, no numbers."""
    name = " ".join(_fold(name).split())
    if not name:
        raise PersonalDataError("担当相談員の名前を入力してください。")
    if len(name) > COUNSELOR_MAX or any(c.isdigit() for c in name) or "@" in name:
        raise PersonalDataError(f"担当相談員の名前は数字を含まない{COUNSELOR_MAX}文字までです。")
    return name


def digits_of(text: str) -> str:
    return "".join(c for c in _fold(text) if c.isdigit())


def _number_problem(text: str, *, as_case_ref: bool = False,
                    public_numbers: frozenset[str] = frozenset()) -> str:
    """'電話番号', '長い数字', '郵便番号', '住所', '生年月日' or '' for the digits in ``text``."""
    for group in _DIGIT_GROUP.finditer(text):
        digits = "".join(c for c in group.group(0) if c.isdigit())
        if digits in public_numbers:
            continue
        if digits.startswith("0") and 10 <= len(digits) <= 11:
            return "電話番号"
        longest = max(len(run) for run in re.findall(r"\d+", group.group(0)))
        if longest >= (9 if as_case_ref else 7):
            return "長い数字（口座・保険証・マイナンバーなど）"
    if as_case_ref:
        if _POSTAL.search(text):
            return "郵便番号"
        if _ADDRESS_NUMBERS.fullmatch(text):
            return "住所"
        if _FULL_DATE.search(text):
            return "生年月日"
    return ""
