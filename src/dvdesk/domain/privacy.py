"""Keeping client-identifying details out of the referral log: a safety net, not a guarantee.

dvdesk stores nothing that identifies a client. The referral log has two fields a counselor types
freely, the case reference and the notes, and both are checked here before anything is written.

Case reference (事例番号): the number of the paper file kept in the office, in the office's own
shape, set once in administration (``case_pattern``; default ``{era}{year}-{n}``, e.g. R7-0142).
Anything that does not have that shape is refused, and what does is still refused when it looks
like a phone number, a postal code, a date of birth or a long number.

Notes (記録): what was done (市民課に連絡、支援措置の申出に同行), not who the client is; at most
``NOTE_MAX`` characters. Before checking, a note is normalised (``normalise``): NFKC width folding,
every dash to ``-``, kanji numerals to digits (七番五十号 → 7番50号, 〇九〇 → 090), ``+81`` to a
leading 0. Then refused when it holds:

- a phone number: 10–11 digits starting with 0 with any separators between the groups
  (090.1234.5678, 090 - 1234 - 5678, 090の1234の5678, +81-90-…); public lines from the directory
  are allowed;
- a run of 7 or more digits, or 12 digits in groups (マイナンバー, 口座, 保険証);
- an email address; a postal code (〒, 933-0000, 九三三の〇〇〇〇);
- street numbers: 1-2-3, 7-50, 3丁目, 5番地, 7番50号, 201号室 (a range such as 9-17時 is not one);
- a date of birth: a full date, Western (1985-03-12, 1985年3月12日) or Japanese-era (昭和60年3月12日,
  S60.3.12), more than a year away from today, or any date with 生まれ/生年月日/誕生日;
- a name followed by an honorific: さん, 様, さま, 氏, 殿, ちゃん, くん, 君, after a name in kanji,
  kana or letters. No name ending is exempted (花子さん, 和夫さん, 本多様 are names); only role
  and relation words are (担当者さん, 相談員さん, お子さん, 課長さん, 皆様 …, ``privacy_names``), and the
  few words that merely contain an honorific (同様, 様子, 氏名, ちゃんと, たくさん).

A name written without an honorific cannot be recognised by a pattern: the form says so next to
the field, and notes are kept short so that there is little room for it. The honorific rules
(names, role words, titles) are ``privacy_names``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from dvdesk.domain.input_errors import InputError
from dvdesk.domain.privacy_names import honorific_problem

NOTE_MAX = 100
CASE_REF_MAX = 16
COUNSELOR_MAX = 30
DEFAULT_CASE_PATTERN = "{era}{year}-{n}"
BIRTH_WINDOW_DAYS = 400  # a full date further from today than this is read as a date of birth


class PersonalDataError(InputError):
    """Text refused because it looks like it identifies a client. ``message`` is for the user."""


_DASHES = str.maketrans({c: "-" for c in "ー－‐‑–—―−ｰ"})


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text.translate(_DASHES)).translate(_DASHES)


# ---------------------------------------------------------------- normalising numbers

_KANJI_DIGIT = dict(zip("〇零一二三四五六七八九", (0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_KANJI_UNIT = {"十": 10, "百": 100, "千": 1000}
_KANJI_NUMBER = re.compile("[〇零一二三四五六七八九十百千]+")


def _kanji_to_digits(match: re.Match[str]) -> str:
    """七 → 7, 五十 → 50, 二百三 → 203, 〇九〇 → 090 (digit by digit when there is no unit)."""
    text = match.group(0)
    if not any(c in _KANJI_UNIT for c in text):
        return "".join(str(_KANJI_DIGIT[c]) for c in text)
    total, current = 0, 0
    for c in text:
        if c in _KANJI_UNIT:
            total += (current or 1) * _KANJI_UNIT[c]
            current = 0
        else:
            current = current * 10 + _KANJI_DIGIT[c]
    return str(total + current)


def normalise(text: str) -> str:
    """The note as the checks read it (see module doc)."""
    folded = _fold(text)
    folded = _KANJI_NUMBER.sub(_kanji_to_digits, folded)
    return re.sub(r"\+\s*81[\s\-.]*\(?0?\)?[\s\-.]*(?=\d)", "0", folded)


# ---------------------------------------------------------------- case reference

_TOKENS = {
    "era": ("[MTSHR]", "R"),
    "year": (r"\d{1,2}", "7"),
    "yyyy": (r"(?:19|20)\d{2}", "2025"),
    "n": (r"\d{1,6}", "0142"),
    "A": ("[A-Z]", "A"),
    **{f"n{k}": (rf"\d{{{k}}}", "0142".rjust(k, "0")[-k:]) for k in range(1, 7)},
}
_TEMPLATE_PART = re.compile(r"\{([A-Za-z0-9]+)\}|([A-Z0-9\-/.])")


@dataclass(frozen=True)
class CasePattern:
    """The office's shape of a case reference, from a template such as ``{era}{year}-{n}``."""

    template: str
    regex: re.Pattern[str]
    example: str

    @classmethod
    def parse(cls, template: str) -> CasePattern:
        template = _fold(template).strip()
        pos, regex, example, digits = 0, "", "", False
        for m in _TEMPLATE_PART.finditer(template):
            if m.start() != pos:
                break
            pos = m.end()
            if m.group(2):
                regex += re.escape(m.group(2))
                example += m.group(2)
            elif m.group(1) in _TOKENS:
                part, sample = _TOKENS[m.group(1)]
                regex += part
                example += sample
                digits = digits or m.group(1).startswith("n")  # each file its own number
            else:
                raise PersonalDataError(f"事例番号の形に使えない部分があります: {{{m.group(1)}}}")
        if not template or pos != len(template):
            raise PersonalDataError(
                "事例番号の形は {era}（元号の頭文字）{year}（年）{yyyy}（西暦）{n}（番号）{A}（英字1字）と"
                "半角の英大文字・数字・「-」「/」「.」で書いてください（例: {era}{year}-{n}）。"
            )
        if not digits:
            raise PersonalDataError("事例番号の形には番号（{n} など）を入れてください。")
        if len(example) > CASE_REF_MAX:
            raise PersonalDataError(f"事例番号は{CASE_REF_MAX}文字までです。形を短くしてください。")
        pattern = cls(template, re.compile(regex), example)
        problem = _number_problem(example, as_case_ref=True)
        if problem:
            raise PersonalDataError(f"この形の事例番号（例: {example}）は{problem}に見えます。")
        return pattern


_FULL_DATE = re.compile(r"(?<!\d)(19|20)\d{2}([-/.]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)")


def normalize_case_ref(text: str, pattern: CasePattern | str = DEFAULT_CASE_PATTERN) -> str:
    """The case reference as stored: width-folded, upper case, in the office's shape, or
    PersonalDataError saying what to type."""
    if isinstance(pattern, str):
        pattern = CasePattern.parse(pattern)
    ref = _fold(text).strip().upper()
    if not ref:
        raise PersonalDataError(f"事例番号を入力してください（例: {pattern.example}）。")
    if len(ref) > CASE_REF_MAX or not pattern.regex.fullmatch(ref):
        raise PersonalDataError(
            f"事例番号はこの窓口の形（例: {pattern.example}）で入力してください。名前や住所は入力できません。"
        )
    problem = _number_problem(ref, as_case_ref=True)
    if problem:
        raise PersonalDataError(f"事例番号が{problem}に見えます。紙の記録の番号を入れてください。")
    return ref


# ---------------------------------------------------------------- notes

_EMAIL = re.compile(r"\S+@\S+|＠")
_SEP = r"[\s\-.()/・の、,_~]{1,3}"  # what people put between digit groups
_ADDRESS_NUMBERS = re.compile(
    r"(?<![A-Za-z0-9\-.:/])\d{1,4}-\d{1,4}(?:-\d{1,4})?(?![0-9\-:/])"
    r"(?!\s*(?:時|月|日|回|歳|才|人|名|件|分|年|週|%|か月|ヶ月|カ月|階|円|枚|部|冊))"
)
_ADDRESS_WORDS = re.compile(r"\d+\s*(?:丁目|番地|号室|番\s*\d+|号棟)|\d+\s*番の\s*\d+")
# 生 alone only after a day: 小学1年生 is a school year, 3月12日生 a birthday.
_BIRTH_WORDS = re.compile(
    r"生年月日|誕生日|\d\s*(?:年|月|日|/|\.|-)?\s*(?:生まれ|うまれ)"
    r"|\d\s*日\s*生(?=$|[\s、。,.)])"
)
_ERA_YEAR = {
    "明治": 1867,
    "大正": 1911,
    "昭和": 1925,
    "平成": 1988,
    "令和": 2018,
    "M": 1867,
    "T": 1911,
    "S": 1925,
    "H": 1988,
    "R": 2018,
}
_DATE = re.compile(
    r"(?:(?P<era>明治|大正|昭和|平成|令和|(?<![A-Za-z])[MTSHR])\s*(?P<eyear>\d{1,2}|元)"
    r"|(?<!\d)(?P<year>(?:19|20)\d{2}))"
    r"\s*(?:年|[-/.])\s*(?P<month>\d{1,2})\s*(?:月|[-/.])\s*(?P<day>\d{1,2})(?!\d)\s*日?"
)
_DIGIT_GROUP = re.compile(rf"\d(?:(?:{_SEP})?\d)*")


def _dates(text: str, today: dt.date) -> tuple[list[str], str]:
    """(problems, text with every full date blanked out) — a recent date is what was done when."""
    problems: list[str] = []

    def check(m: re.Match[str]) -> str:
        if m.group("era"):
            year = _ERA_YEAR[m.group("era")] + (1 if m.group("eyear") == "元" else int(m.group("eyear")))
        else:
            year = int(m.group("year"))
        try:
            on = dt.date(year, int(m.group("month")), int(m.group("day")))
        except ValueError:
            on = None
        if on is None or abs((on - today).days) > BIRTH_WINDOW_DAYS:
            problems.append("生年月日")
        return " " * len(m.group(0))

    return problems, _DATE.sub(check, text)


def personal_data_problems(
    text: str, public_numbers: frozenset[str] = frozenset(), today: dt.date | None = None
) -> list[str]:
    """What in ``text`` looks like client-identifying data, as short Japanese phrases."""
    today = today or dt.date.today()
    plain = unicodedata.normalize("NFKC", text)
    numbers = normalise(text)
    problems: list[str] = []
    if _EMAIL.search(numbers):
        problems.append("メールアドレス")
    if _BIRTH_WORDS.search(numbers):
        problems.append("生年月日")
    date_problems, numbers = _dates(numbers, today)
    problems += [p for p in date_problems if p not in problems]
    if "〒" in numbers:
        problems.append("郵便番号")
    numbers = _digit_groups(numbers, public_numbers, problems)
    if _ADDRESS_NUMBERS.search(numbers) or _ADDRESS_WORDS.search(numbers):
        problems.append("住所")
    name = honorific_problem(plain)
    if name:
        problems.append(name)
    return problems


def check_note(text: str, public_numbers: frozenset[str] = frozenset(), today: dt.date | None = None) -> str:
    """The note as stored (one line, trimmed), or PersonalDataError saying what to change."""
    note = " ".join(text.split())
    if len(note) > NOTE_MAX:
        raise PersonalDataError(
            f"記録は{NOTE_MAX}文字までです（いま{len(note)}文字）。行ったことだけを短く書いてください。"
        )
    problems = personal_data_problems(note, public_numbers, today)
    if problems:
        raise PersonalDataError(
            f"記録に{'・'.join(problems)}のような内容があります。相談者を特定できることは記録できません。"
            "行ったこと（例: 市民課に連絡、支援措置の申出に同行）だけを書いてください。"
        )
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


def _digit_groups(text: str, public_numbers: frozenset[str], problems: list[str]) -> str:
    """Phone numbers, long numbers and postal codes, whatever separates their groups; each found
    is added to ``problems`` and blanked out, so street-number checks see only what is left."""

    def classify(group: re.Match[str]) -> str:
        parts = re.findall(r"\d+", group.group(0))
        digits = "".join(parts)
        if digits in public_numbers:
            return " " * len(group.group(0))
        if digits.startswith("0") and 10 <= len(digits) <= 11:
            problem = "電話番号"
        elif max(map(len, parts)) >= 7 or len(digits) >= 12:
            problem = "長い数字（口座・保険証・マイナンバーなど）"
        elif [len(p) for p in parts] == [3, 4]:
            problem = "郵便番号"
        else:
            return group.group(0)
        if problem not in problems:
            problems.append(problem)
        return " " * len(group.group(0))

    return _DIGIT_GROUP.sub(classify, text)


def _number_problem(text: str, *, as_case_ref: bool = False, public_numbers: frozenset[str] = frozenset()) -> str:
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
        if re.search(r"(?<![\d-])\d{3}-\d{4}(?![\d-])", text):
            return "郵便番号"
        if re.fullmatch(r"[1-9]\d{0,2}-\d{1,4}-\d{1,4}", text):
            return "住所"
        if _FULL_DATE.search(text) or _era_date(text):
            return "生年月日"
    return ""


def _era_date(text: str) -> bool:
    """S60.3.12, H2-3-4 as a case reference: a date of birth, whatever the office's shape."""
    return re.fullmatch(r"[MTSHR]\d{1,2}[-/.]\d{1,2}[-/.]\d{1,2}", text) is not None
