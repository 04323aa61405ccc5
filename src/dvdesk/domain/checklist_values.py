"""The procedure checklist as a value: the departments, the items (a procedure, a service or a
line the counselor typed), the sections grouping items by department, the places to contact for
each need, and ``Checklist`` with the edits the counselor makes (remove, add, reorder, assign a
department no source names, a note for the client), each returning a new checklist. Directory
facts only — never the client's name, address or story. Proposing one is ``domain.checklist``.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dvdesk.domain.directory_views import OrganizationView
from dvdesk.domain.record_kinds import Confidentiality
from dvdesk.domain.rules import MAX_TEXT, text_problem

if TYPE_CHECKING:
    from dvdesk.domain.models import Organization

OTHER_DEPARTMENT = "その他の窓口"
# Shown instead of a department that no source names; a placeholder hint is never shown as one.
CONFIRM_DEPARTMENT = "窓口を確認してください"
SAFETY_PHASE = 1
LAST_PHASE = 8


class UnknownKey(ValueError):
    """A need or circumstance key that dvdesk does not know; ``str()`` is a Japanese message."""


class ItemKind(enum.StrEnum):
    PROCEDURE = "procedure"
    SERVICE = "service"
    TEXT = "text"  # typed by the counselor


@dataclass(frozen=True)
class Department:
    """Where the client goes: an organisation on record, or a kind of window (department_hint)."""

    key: str  # organization key, "hint:<name>" when not on record, "confirm:<hint>" when unknown
    name: str
    discreet_name: str = ""
    organization: OrganizationView | None = None
    # No source names the department: ``name`` is CONFIRM_DEPARTMENT, ``hint`` says what kind
    # of window it is, for the counselor's screen only.
    unconfirmed: bool = False
    hint: str = ""

    @classmethod
    def of(cls, org: Organization | None, hint: str = "", unconfirmed: bool = False) -> Department:
        if org is not None:
            return cls(org.key, org.name, org.discreet_name, OrganizationView.of(org))
        if unconfirmed:
            return cls(f"confirm:{hint.strip()}", CONFIRM_DEPARTMENT, unconfirmed=True, hint=hint.strip())
        name = hint.strip() or OTHER_DEPARTMENT
        return cls(f"hint:{name}", name)


@dataclass(frozen=True)
class ChecklistItem:
    kind: ItemKind
    key: str  # procedure or service key; "" for free text
    name: str
    department: Department
    discreet_name: str = ""
    discreet_line: str = ""  # the one neutral sentence a discreet copy prints
    description: str = ""
    what_to_bring: tuple[str, ...] = ()
    caution: str = ""
    phone: str = ""  # the item's own line (a service's), besides the department's contacts
    hours: str = ""
    location: str = ""
    location_confidentiality: Confidentiality = Confidentiality.SECRET
    confidentiality: Confidentiality = Confidentiality.PUBLIC
    staff_note: str = ""
    source: str = ""  # the public document it comes from; printed on the staff copy
    phase: int = LAST_PHASE
    order: int = 0
    shelter: bool = False  # a shelter: its hidden location must not be written in a printed text

    @property
    def ref(self) -> dict[str, str]:
        """How a template remembers this item: a directory key, or the free text itself."""
        if self.kind is ItemKind.TEXT:
            return {"text": self.name, "department": self.department.name}
        return {self.kind.value: self.key}

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (self.phase, self.order, self.key)


@dataclass(frozen=True)
class Section:
    department: Department
    items: tuple[ChecklistItem, ...]


@dataclass(frozen=True)
class ContactGroup:
    """The places she can contact for one chosen need (client services, never internal ones)."""

    need_key: str
    need_label: str
    services: tuple[ChecklistItem, ...]


@dataclass(frozen=True)
class Checklist:
    """An editable checklist. Every edit returns a new Checklist; the old one is unchanged."""

    municipality_code: str
    municipality_name: str
    needs: tuple[str, ...] = ()
    circumstances: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    client_note: str = ""
    contacts: tuple[ContactGroup, ...] = ()
    # False when the municipality has no procedure on record at all (one a package or a sheet
    # added, a national directory's): an empty list then means "not on record", never "none needed".
    procedures_on_record: bool = True
    # The safety needs the situation calls for that no procedure on record answers here (need key,
    # 日本語 label): 警察, 一時保護 or 保護命令 missing from the directory, never "not needed".
    safety_not_on_record: tuple[tuple[str, str], ...] = ()

    @property
    def unconfirmed(self) -> list[ChecklistItem]:
        """Items whose department the counselor still has to confirm."""
        return [i for s in self.sections if s.department.unconfirmed for i in s.items]

    def with_contacts(self, groups: Iterable[ContactGroup]) -> Checklist:
        return dataclasses.replace(self, contacts=tuple(groups))

    @property
    def needs_without_places(self) -> list[ContactGroup]:
        """The chosen needs with no place to contact on record (their groups are empty)."""
        return [g for g in self.contacts if not g.services]

    def assign_department(self, section: int, name: str) -> Checklist:
        """The counselor names the window of a section (one still to be confirmed, say); a
        section of that name already on the list takes the items."""
        name = " ".join(name.split())
        if not name:
            raise ValueError("窓口の名前を入力してください。")
        typed_clean("窓口の名前", name)
        moving = self.sections[section]
        target = next((n for n, s in enumerate(self.sections) if n != section and s.department.name == name), None)
        if target is None:
            dept = Department.of(None, name)
            items = tuple(dataclasses.replace(i, department=dept) for i in moving.items)
            return self.with_sections(_replace(self.sections, section, Section(dept, items)))
        joined = self.sections[target]
        items = joined.items + tuple(dataclasses.replace(i, department=joined.department) for i in moving.items)
        sections = _replace(self.sections, target, Section(joined.department, items))
        return self.with_sections(s for n, s in enumerate(sections) if n != section)

    @property
    def items(self) -> list[ChecklistItem]:
        return [item for s in self.sections for item in s.items]

    def contains(self, item: ChecklistItem) -> bool:
        return any(i.ref == item.ref for i in self.items)

    def with_sections(self, sections: Iterable[Section]) -> Checklist:
        return dataclasses.replace(self, sections=tuple(s for s in sections if s.items))

    def with_note(self, note: str) -> Checklist:
        return dataclasses.replace(self, client_note=note.strip())

    def remove(self, section: int, row: int) -> Checklist:
        s = self.sections[section]
        items = s.items[:row] + s.items[row + 1 :]
        return self.with_sections(_replace(self.sections, section, Section(s.department, items)))

    def add(self, item: ChecklistItem) -> Checklist:
        """Append to its department's section (a new section at the end); a duplicate is ignored.

        A line typed for 「市民課」 joins the 市民課 on record."""
        if self.contains(item):
            return self
        sections = list(self.sections)
        for n, s in enumerate(sections):
            same_name = (
                item.department.organization is None
                and not s.department.unconfirmed
                and s.department.name == item.department.name
            )
            if s.department.key == item.department.key or same_name:
                sections[n] = Section(s.department, s.items + (item,))
                return self.with_sections(sections)
        return self.with_sections([*sections, Section(item.department, (item,))])

    def move_item(self, section: int, row: int, delta: int) -> Checklist:
        """Move an item up (-1) or down (+1) within its department; no-op at either end."""
        s = self.sections[section]
        target = row + delta
        if not 0 <= target < len(s.items):
            return self
        items = list(s.items)
        items[row], items[target] = items[target], items[row]
        return self.with_sections(_replace(self.sections, section, Section(s.department, tuple(items))))

    def move_section(self, section: int, delta: int) -> Checklist:
        target = section + delta
        if not 0 <= target < len(self.sections):
            return self
        sections = list(self.sections)
        sections[section], sections[target] = sections[target], sections[section]
        return self.with_sections(sections)


def _replace(seq: tuple[Section, ...], index: int, value: Section) -> list[Section]:
    return [value if n == index else s for n, s in enumerate(seq)]


def group(items: Iterable[ChecklistItem]) -> tuple[Section, ...]:
    """Sections in the order of each department's first item; items keep their given order."""
    by_department: dict[str, list[ChecklistItem]] = {}
    departments: dict[str, Department] = {}
    for item in items:
        by_department.setdefault(item.department.key, []).append(item)
        departments.setdefault(item.department.key, item.department)
    return tuple(Section(departments[k], tuple(v)) for k, v in by_department.items())


def typed_clean(what: str, text: str) -> None:
    """What she typed for the paper (a line, a window's name, her note, her name on a slip) holds no
    control character nor bidirectional override: 「電話 \u202e4321-02-6670」 prints as 0766-20-1234,
    on screen as on paper. Refused as a record's text is (``rules.text_problem``), naming the line."""
    for n, line in enumerate(text.splitlines() or [text], 1):
        if problem := text_problem(line, MAX_TEXT):  # a tab pasted from a sheet is fine
            where = f"{what}（{n}行目）" if "\n" in text.strip() else what
            raise ValueError(f"{where}: {problem}")


def note_clean(note: str) -> None:
    """``typed_clean`` of her note for the client, as printing and the window's hint say it."""
    typed_clean("相談者へのメモ", note)
