"""First-run setup for a city's administrator: choose the municipality, see what the desk lacks, fill it.

The bundled directory comes from the city's plans, which give departments but no phone numbers.
Before counselors can work from it, the administrator chooses her municipality (from the
総務省 list in ``resources/municipalities``, or by a code with a valid check digit), sees what is
missing — departments with no phone, procedures with no department (only a hint such as
「税務担当課」), records nobody ever verified — and fills the departments' contacts in one grid.
Every write goes through ``Editor`` so it is validated and recorded in the history; marking
what she checked as verified is ``Editor.mark_verified`` (who and when).

No Qt here: the window is ``dvdesk.gui.admin.first_run``.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dvdesk import paths
from dvdesk.admin.editing import EditError, Editor
from dvdesk.admin.kinds import CONTACT_FIELDS
from dvdesk.admin.validation import ValidationError
from dvdesk.domain.directory import DESK_MUNICIPALITY, STALE_AFTER
from dvdesk.domain.models import ContactPoint, Meta, Municipality, Organization, Procedure, Service
from dvdesk.storage.bundled import municipality_check_digit

if TYPE_CHECKING:
    from dvdesk.storage.database_protocol import DatabaseLike

LIST_SOURCE = "総務省「全国地方公共団体コード」（resources/municipalities/README.md）"


class SetupError(ValueError):
    """A choice that cannot be made as given; ``str()`` is a one-line Japanese message."""


# --- the municipality list -----------------------------------------------------------------


@dataclass(frozen=True)
class KnownMunicipality:
    code: str
    prefecture: str
    name: str
    kana: str = ""

    @property
    def label(self) -> str:
        return f"{self.prefecture} {self.name}（{self.code}）"


@functools.cache
def municipality_list() -> tuple[KnownMunicipality, ...]:
    path = paths.resources_dir() / "municipalities" / "municipalities.csv"
    text = path.read_text(encoding="utf-8")
    return tuple(
        KnownMunicipality(r["code"], r["prefecture"], r["name"], r["kana"]) for r in csv.DictReader(io.StringIO(text))
    )


def code_problem(code: str) -> str | None:
    """None for a well-formed 全国地方公共団体コード (6 digits, right check digit), else why not."""
    code = unicodedata.normalize("NFKC", code).strip()
    if not re.fullmatch(r"\d{6}", code):
        return f"市区町村コードは6桁の数字です（例: 162027）: {code}"
    if municipality_check_digit(code[:5]) != int(code[5]):
        return f"市区町村コードの検査数字（6桁目）が合いません: {code}"
    return None


def _fold(text: str) -> str:
    """Width- and kana-insensitive form for matching what an administrator types."""
    text = unicodedata.normalize("NFKC", text).strip()
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)  # hiragana → katakana


def find_municipalities(query: str, limit: int = 50) -> list[KnownMunicipality]:
    """By code (or its first digits), name, prefecture + name, or reading; exact names first."""
    q = _fold(query).replace(" ", "").replace("　", "")
    if not q:
        return []
    hits = [
        m
        for m in municipality_list()
        if m.code.startswith(q) or q in m.name or q in m.prefecture + m.name or q in m.kana
    ]
    hits.sort(key=lambda m: (m.name != q, not m.name.startswith(q), m.code))
    return hits[:limit]


def known(code: str) -> KnownMunicipality | None:
    return next((m for m in municipality_list() if m.code == code), None)


def choose_municipality(editor: Editor, code: str, name: str = "", prefecture: str = "") -> str:
    """Make ``code`` this desk's municipality, adding it to the directory if it is not there yet."""
    code = unicodedata.normalize("NFKC", code).strip()
    problem = code_problem(code)
    if problem:
        raise SetupError(problem)
    entry = known(code)
    if entry is None and not name.strip():
        raise SetupError(f"市区町村コード {code} は一覧にありません。名称も入力してください")
    with editor.db.read() as session:
        exists = session.scalar(select(Municipality).where(Municipality.code == code)) is not None
    if not exists:
        values = {
            "key": code,
            "name": (name if name or entry is None else entry.name).strip(),
            "prefecture": (prefecture or (entry.prefecture if entry else "")).strip(),
            "source": LIST_SOURCE if entry else "管理者が入力（初期設定）",
        }
        try:
            editor.save("municipality", values, is_new=True)
        except ValidationError as exc:
            raise SetupError(exc.message) from None
    with editor.db.write() as session:
        session.merge(Meta(key=DESK_MUNICIPALITY, value=code))
    return code


def desk_municipality(db: DatabaseLike) -> str:
    with db.read() as session:
        meta = session.get(Meta, DESK_MUNICIPALITY)
        return meta.value if meta else ""


# --- what the desk lacks -------------------------------------------------------------------

_FLOOR = re.compile(r"^(.*?)[\s　、・]*((?:地下)?[0-9０-９]+階)$")


def split_floor(window: str) -> tuple[str, str]:
    """「市民課窓口 2階」 → (「市民課窓口」, 「2階」); a window without a floor stays whole."""
    m = _FLOOR.match(window.strip())
    return (m.group(1), m.group(2)) if m else (window.strip(), "")


def join_floor(window: str, floor: str) -> str:
    return " ".join(p for p in (window.strip(), floor.strip()) if p)


@dataclass
class DepartmentRow:
    """One line of the grid: a department's main public contact and what it lacks."""

    key: str
    name: str
    kind: str
    phone: str = ""
    extension: str = ""
    window: str = ""
    floor: str = ""
    hours: str = ""
    verified_on: dt.date | None = None
    verified_by: str = ""
    services: int = 0  # client services it provides
    procedures: int = 0  # checklist items it handles
    lacks: list[str] = field(default_factory=list)  # 電話番号なし, 未確認, 1年以上確認なし


@dataclass(frozen=True)
class OpenProcedure:
    """A checklist item whose department is only a hint (「税務担当課」): no phone can be printed."""

    key: str
    name: str
    hint: str


@dataclass
class DeskGaps:
    code: str
    name: str
    departments: list[DepartmentRow]
    open_procedures: list[OpenProcedure]
    never_verified: int  # live records of this municipality nobody has verified
    stale: int  # verified more than a year ago

    @property
    def without_phone(self) -> list[DepartmentRow]:
        return [d for d in self.departments if not d.phone]

    def summary(self) -> list[str]:
        return [
            f"電話番号のない部署: {len(self.without_phone)} / {len(self.departments)}",
            f"担当課が決まっていない手続き: {len(self.open_procedures)}",
            f"一度も確認されていない記録: {self.never_verified}（1年以上前の確認: {self.stale}）",
        ]


def _main_contact(org: Organization) -> ContactPoint | None:
    """The contact the grid edits: the first public one (staff-only lines are not the desk's number)."""
    return next((c for c in org.contacts if c.confidentiality == "public"), None)


def desk_gaps(db: DatabaseLike, code: str, today: dt.date | None = None) -> DeskGaps:
    today = today or dt.date.today()
    with db.read() as session:
        muni = session.scalar(select(Municipality).where(Municipality.code == code))
        if muni is None:
            raise SetupError(f"市区町村コード {code} はまだディレクトリにありません")
        orgs = session.scalars(
            select(Organization)
            .where(Organization.municipality_id == muni.id, Organization.retired.is_(False))
            .options(selectinload(Organization.contacts))
            .order_by(Organization.id)
        ).all()
        procs = session.scalars(
            select(Procedure)
            .where(Procedure.municipality_id == muni.id, Procedure.retired.is_(False))
            .order_by(Procedure.phase, Procedure.sort_order)
        ).all()
        services = session.scalars(
            select(Service).where(Service.municipality_id == muni.id, Service.retired.is_(False))
        ).all()
        rows = []
        for org in orgs:
            c = _main_contact(org)
            window, floor = split_floor(c.window) if c else ("", "")
            row = DepartmentRow(
                org.key,
                org.name,
                str(org.kind),
                c.phone if c else "",
                c.extension if c else "",
                window,
                floor,
                c.hours if c else "",
                org.verified_on,
                org.verified_by,
                services=sum(1 for s in services if s.organization_id == org.id),
                procedures=sum(1 for p in procs if p.organization_id == org.id),
            )
            if not any(x.phone for x in org.contacts):
                row.lacks.append("電話番号なし")
            if org.verified_on is None:
                row.lacks.append("未確認")
            elif today - org.verified_on > STALE_AFTER:
                row.lacks.append("1年以上確認なし")
            rows.append(row)
        records: list[Organization | Procedure | Service] = [*orgs, *procs, *services]
        never = sum(1 for r in records if r.verified_on is None)
        stale = sum(1 for r in records if r.verified_on is not None and today - r.verified_on > STALE_AFTER)
        open_procs = [OpenProcedure(p.key, p.name, p.department_hint) for p in procs if p.organization_id is None]
        # The departments with the most to do come first: no phone, then by how much depends on them.
        rows.sort(key=lambda r: (bool(r.phone), -(r.services + r.procedures)))
        return DeskGaps(code, muni.name, rows, open_procs, never, stale)


# --- filling it in ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DepartmentEdit:
    key: str
    phone: str = ""
    extension: str = ""
    window: str = ""
    floor: str = ""
    hours: str = ""
    # (phone, extension, window, floor, hours) as the grid showed them: a department changed since
    # (the record editor, another PC, a package) is refused, never overwritten with what she saw.
    shown: tuple[str, str, str, str, str] | None = None


@dataclass
class SaveResult:
    saved: list[str] = field(default_factory=list)  # keys written (changed)
    unchanged: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # key -> one-line Japanese reason


def _shown_values(main: dict[str, str] | None) -> tuple[str, str, str, str, str]:
    """A main contact as the grid shows it (``DepartmentRow``'s phone, extension, window, floor, hours)."""
    if main is None:
        return ("", "", "", "", "")
    window, floor = split_floor(main["window"])
    return (main["phone"], main["extension"], window, floor, main["hours"])


def save_departments(editor: Editor, edits: list[DepartmentEdit]) -> SaveResult:
    """Write each department's main contact through the editor. A department that fails validation
    is reported and left as it was; the others are saved (each is its own edit in the history)."""
    result = SaveResult()
    for e in edits:
        try:
            snap = editor.load("organization", e.key)
        except EditError as exc:
            result.errors[e.key] = str(exc)
            continue
        values = {
            "phone": e.phone.strip(),
            "extension": e.extension.strip(),
            "window": join_floor(e.window, e.floor),
            "hours": e.hours.strip(),
        }
        contacts = [dict(c) for c in snap["contacts"]]
        main = next((c for c in contacts if c["confidentiality"] == "public"), None)
        if e.shown is not None and _shown_values(main) != e.shown:
            result.errors[e.key] = (
                "表示した後にほかの画面か PC で変更されています（今の値に読み直しました）。"
                "入力した値で保存するときは、確かめてからもう一度保存してください"
            )
            continue
        if main is None:
            if not any(values.values()):
                result.unchanged.append(e.key)
                continue
            main = {f.name: f.empty() for f in CONTACT_FIELDS}
            contacts.insert(0, main)
        if all(main[k] == v for k, v in values.items()):
            result.unchanged.append(e.key)
            continue
        main.update(values)
        try:
            editor.save("organization", {**snap, "contacts": contacts})
        except ValidationError as exc:
            result.errors[e.key] = exc.message
            continue
        result.saved.append(e.key)
    return result


def assign_department(editor: Editor, procedure_key: str, organization_key: str) -> None:
    """Give a checklist item its department; the hint stays as it was, for the history."""
    snap = editor.load("procedure", procedure_key)
    try:
        editor.save("procedure", {**snap, "department": organization_key})
    except ValidationError as exc:
        raise SetupError(exc.message) from None


def mark_checked(editor: Editor, keys: list[str], today: dt.date | None = None) -> int:
    """「確認済みにする」 for the departments she has just checked: verified today, by her."""
    for key in keys:
        editor.mark_verified("organization", key, today)
    return len(keys)
