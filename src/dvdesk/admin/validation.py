"""Checks an administrator's edit before it is saved, with messages she can act on.

``check`` returns every problem at once (so a dialog can mark every bad field), each naming the
field path it belongs to. Phone numbers follow Japanese numbering: fixed lines with the area code
(10 digits), mobile and IP phones (11), free dial 0120 (10) / 0800 (11), navi dial 0570 (10),
#8008-style short numbers and the three-digit emergency and public lines.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvdesk.admin.kinds import CONTACT_FIELDS, Kind
from dvdesk.admin.records import Snapshot, Writer
from dvdesk.domain.models import Confidentiality, Municipality
from dvdesk.storage.bundled import municipality_check_digit


@dataclass(frozen=True)
class Problem:
    path: str  # "phone", "contacts.0.phone", "" for the record as a whole
    message: str


class ValidationError(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return "\n".join(p.message for p in self.problems)


THREE_DIGIT = {"110", "119", "118", "189", "171", "177", "188"}
_DASHES = re.compile(r"[‐‑‒–—―−ー－\-\s()（）]+")
_EXAMPLE = "例: 0766-20-1234、090-1234-5678、0120-279-889、#8008"


def normalize_phone(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def phone_problem(text: str) -> str | None:
    """None if ``text`` is a dialable Japanese number (or empty), else why not."""
    raw = normalize_phone(text)
    if not raw:
        return None
    if "内線" in raw:
        return "内線は「内線」の欄に入力してください"
    if raw.startswith("+"):
        return f"国際番号（+81 など）ではなく、0 から始まる国内の番号で入力してください（{_EXAMPLE}）"
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


def _expected_length(digits: str) -> int:
    if digits.startswith(("0120", "0570")):
        return 10
    if digits.startswith(("0800", "050", "060", "070", "080", "090")):
        return 11
    return 10


def _kind_of(digits: str) -> str:
    for prefix, name in (("0120", "フリーダイヤル 0120"), ("0800", "フリーダイヤル 0800"),
                         ("0570", "ナビダイヤル 0570"), ("050", "IP電話 050"), ("070", "携帯電話"),
                         ("080", "携帯電話"), ("090", "携帯電話")):
        if digits.startswith(prefix):
            return name
    return "固定電話（市外局番から）"


_TIME = re.compile(r"(\d{1,2})[:：時](\d{2})?")
_WORDISH = re.compile(r"[^\W\d_]")  # a letter, kana or kanji


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


def _email_problem(text: str) -> str | None:
    if text and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
        return f"メールアドレスの形が正しくありません: {text}"
    return None


def check(session: Session, kind: Kind, snap: Snapshot, *, is_new: bool,
          known: set[tuple[str, str]] | frozenset = frozenset()) -> list[Problem]:
    """Every problem of ``snap``. ``known``: (kind, key) of records arriving in the same batch,
    which references may point at although they are not in the database yet."""
    problems: list[Problem] = []
    add = lambda path, message: problems.append(Problem(path, message))  # noqa: E731

    key = snap.get("key", "")
    if kind.name == "municipality":
        if not (len(key) == 6 and key.isdigit()):
            add("key", "団体コードは6桁の数字です（例: 162027）")
        elif municipality_check_digit(key[:5]) != int(key[5]):
            add("key", f"団体コード {key} の検査数字（6桁目）が合いません")
    elif not key or not key.isascii() or " " in key:
        add("key", "キーは空白のない半角英数字で入力してください（例: takaoka.svc.soudan）")
    if is_new and key and Writer(session).find(kind, key) is not None:
        add("key", f"キー「{key}」はすでに使われています")

    for f in kind.fields:
        value = snap.get(f.name, f.empty())
        if f.required and not str(value).strip():
            add(f.name, f"「{f.label}」を入力してください")
        if f.guarded_by and not _is_level(snap.get(f.guarded_by)):
            add(f.guarded_by, f"「{f.label}」を入力したときは公開範囲を選んでください"
                if str(value).strip() else f"「{kind.field(f.guarded_by).label}」を選んでください")
        if f.type == "ref" and value and not _exists(session, f.target, value, known):
            add(f.name, f"「{f.label}」の「{value}」が見つかりません")
        if f.type == "refs":
            missing = [v for v in value if not _exists(session, f.target, v, known)]
            if missing:
                add(f.name, f"「{f.label}」に見つからないものがあります: {'、'.join(missing)}")
        if f.type == "ref" and f.target == kind.name and value and value == key:
            add(f.name, f"「{f.label}」に自分自身は指定できません")

    for name in ("phone",):
        if name in snap and (msg := phone_problem(snap[name])):
            add(name, msg)
    if kind.name == "service" and (msg := schedule_problem(snap.get("schedule", ""))):
        add("schedule", msg)
    for i, contact in enumerate(snap.get("contacts", []) if kind.name == "organization" else []):
        _check_contact(i, contact, add)
    if kind.name == "procedure" and not snap.get("department") and not snap.get("department_hint", "").strip():
        add("department", "「担当課」か「担当課の目安」のどちらかを入力してください")
    if kind.name == "service" and _shelter_location_public(snap):
        add("location_confidentiality",
            "一時保護・シェルターの所在地は「公開」にできません（相談者に渡す印刷物に載ってしまいます）")
    if (dup := _duplicate_name(session, kind, snap)):
        add(kind.title_field, dup)
    return problems


def _check_contact(i: int, contact: Snapshot, add) -> None:  # type: ignore[no-untyped-def]
    label = f"連絡先{i + 1}"
    if not any(str(contact.get(f.name, "")).strip() for f in CONTACT_FIELDS if f.type != "choice"):
        add(f"contacts.{i}", f"{label}が空です")
    if msg := phone_problem(contact.get("phone", "")):
        add(f"contacts.{i}.phone", f"{label}: {msg}")
    if msg := schedule_problem(contact.get("hours", "")):
        add(f"contacts.{i}.hours", f"{label}: {msg.replace('日時', '受付時間')}")
    if msg := _email_problem(contact.get("email", "")):
        add(f"contacts.{i}.email", f"{label}: {msg}")
    if not _is_level(contact.get("confidentiality")):
        add(f"contacts.{i}.confidentiality", f"{label}: 公開範囲を選んでください")
    ext = unicodedata.normalize("NFKC", str(contact.get("extension", ""))).strip()
    if ext and not re.fullmatch(r"[\d\-]+", ext):
        add(f"contacts.{i}.extension", f"{label}: 内線は数字で入力してください: {ext}")


def _is_level(value: object) -> bool:
    return value in {c.value for c in Confidentiality}


def _shelter_location_public(snap: Snapshot) -> bool:
    shelter = any(n == "safety.shelter" or n.startswith("safety.shelter.") for n in snap.get("needs", []))
    return (shelter and bool(str(snap.get("location", "")).strip())
            and snap.get("location_confidentiality") == Confidentiality.PUBLIC.value)


def _exists(session: Session, target: str, key: str, known=frozenset()) -> bool:  # type: ignore[no-untyped-def]
    if (target, key) in known:
        return True
    try:
        Writer(session).resolve(target, key)
    except ValueError:
        return False
    return True


def _duplicate_name(session: Session, kind: Kind, snap: Snapshot) -> str | None:
    """Two live records of one kind with the same name in the same municipality confuse a search."""
    title = str(snap.get(kind.title_field, "")).strip()
    if not title or snap.get("retired"):
        return None
    model = kind.model
    stmt = select(model).where(getattr(model, kind.title_field) == title,
                               getattr(model, kind.key_attr) != snap.get("key", ""))
    if kind.retirable:
        stmt = stmt.where(model.retired.is_(False))
    if kind.name == "municipality":
        stmt = stmt.where(model.prefecture == snap.get("prefecture", ""))
    if kind.municipality_field:
        code = snap.get(kind.municipality_field) or None
        muni_id = session.scalar(select(Municipality.id).where(Municipality.code == code)) if code else None
        stmt = stmt.where(model.municipality_id.is_(None) if muni_id is None else model.municipality_id == muni_id)
    other = session.scalar(stmt.limit(1))
    if other is None:
        return None
    where = snap.get(kind.municipality_field) if kind.municipality_field else ""
    scope = "同じ市区町村に" if where else ("全国の記録に" if kind.municipality_field else "")
    return f"{scope}同じ名称の{kind.label}「{title}」がすでにあります（{getattr(other, kind.key_attr)}）"




def contact_problems(contact: Snapshot) -> list[Problem]:
    """A single contact point's problems, with paths relative to it ("phone", "hours")."""
    problems: list[Problem] = []
    _check_contact(0, contact, lambda path, message: problems.append(
        Problem(path.removeprefix("contacts.0").lstrip("."), message.removeprefix("連絡先1: "))))
    return problems
