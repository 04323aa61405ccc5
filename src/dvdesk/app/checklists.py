"""Checklists for the window and the command line: the draft the counselor edits, and its printout.

``ChecklistDraft`` holds what the list was proposed from (municipality, needs, circumstances),
the list as it stands (proposal plus her edits: added, removed, reordered items, a window she
named) and how it will be printed (copy, discreet wording, her language). ``Checklists.render``
is the one way from a checklist to a ``PrintDocument``: disclosure filter → translations →
HTML builder; the window's preview, printer and PDF and ``dvdesk checklist --pdf`` all use it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy.exc import IntegrityError

from dvdesk.app import safety_first
from dvdesk.domain import checklist as cl
from dvdesk.domain import checklist_fresh, directory, translations
from dvdesk.domain import checklist_templates as tpl
from dvdesk.domain.disclosure import (
    Audience,
    Printable,
    checklist_for,
    no_location_in_translation,
    no_provider_place,
    no_provider_place_in_translation,
    no_shelter_place_elsewhere,
)
from dvdesk.domain.integrity_findings import shown
from dvdesk.domain.integrity_providers import hidden_shelter_places, shelter_places, shelter_providers
from dvdesk.domain.integrity_translations import LANG_LABELS
from dvdesk.domain.models import Confidentiality
from dvdesk.domain.provider_services import no_place_in_services
from dvdesk.domain.search import always_open
from dvdesk.printing import checklist_html, slip_html
from dvdesk.printing.document import PrintDocument
from dvdesk.printing.slip_html import Counselor
from dvdesk.storage.database_protocol import DatabaseLike
from dvdesk.storage.errors import PermissionRefused

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")


@dataclass
class ChecklistDraft:
    """One checklist being made for a client; the window edits it, ``Checklists`` renders it."""

    municipality_code: str
    need_keys: tuple[str, ...]
    checklist: cl.Checklist  # the list as it stands: the proposal with the counselor's edits
    circumstances: tuple[str, ...] = ()
    added: list[cl.ChecklistItem] = field(default_factory=list)  # kept when the circumstances change
    removed: set[str] = field(default_factory=set)
    assigned: dict[str, str] = field(default_factory=dict)  # item (``_named``) → the window she named for it
    reordered: bool = False  # she moved a department or an item (▲/▼): her order, not the safe order
    audience: Audience = Audience.CLIENT
    discreet: bool = False  # the discreet wording; a client copy only
    language: str = "ja"
    note: str = ""  # for the client: printed, never saved

    def add(self, item: cl.ChecklistItem) -> bool:
        """Add an item (False if it is already on the list)."""
        if self.checklist.contains(item):
            return False
        self.checklist = self.checklist.add(item)
        self.added.append(item)
        self.removed.discard(item.key)
        return True

    def remove(self, section: int, row: int | None) -> None:
        """Remove an item, or a whole department when ``row`` is None (each of its items counts
        as removed, so new circumstances do not bring them back)."""
        c = self.checklist
        items = c.sections[section].items if row is None else (c.sections[section].items[row],)
        self.removed.update(item.key for item in items if item.key)
        refs = [item.ref for item in items]
        self.added = [a for a in self.added if a.ref not in refs]
        if row is None:
            self.checklist = c.with_sections(s for n, s in enumerate(c.sections) if n != section)
        else:
            self.checklist = c.remove(section, row)

    def move(self, section: int, row: int | None, delta: int) -> None:
        """Move a department (``row`` None) or an item within its department."""
        self.reordered = True
        if row is None:
            self.checklist = self.checklist.move_section(section, delta)
        else:
            self.checklist = self.checklist.move_item(section, row, delta)

    def assign_department(self, section: int, name: str) -> None:
        """Name the window of a department no source names (raises ValueError if empty)."""
        items = self.checklist.sections[section].items
        self.checklist = self.checklist.assign_department(section, name)
        self.assigned.update((_named(item), " ".join(name.split())) for item in items)

    def rebase(self, proposal: cl.Checklist, circumstances: Iterable[str]) -> None:
        """A new proposal (other circumstances), keeping what the counselor added or removed, the
        windows she named and, once she moved something, her order (new items in their safe places)."""
        c = proposal.with_sections(
            cl.Section(x.department, tuple(i for i in x.items if i.key not in self.removed)) for x in proposal.sections
        )
        for item in self.added:
            c = c.add(item)
        c = _windows_named(c, self.assigned)
        self.checklist = _in_her_order(c, self.checklist) if self.reordered else c
        self.circumstances = tuple(circumstances)

    def replace(self, checklist: cl.Checklist, proposal: cl.Checklist) -> None:
        """A template loaded: its needs, circumstances and items. Where it differs from the
        ``proposal`` for its situation (lines typed, places added, items left out) counts as her
        edits, so that new circumstances re-propose around them, as on a list she edited here."""
        self.checklist = checklist
        self.need_keys = tuple(checklist.needs)
        self.circumstances = tuple(checklist.circumstances)
        self.added = [i for i in checklist.items if not proposal.contains(i)]
        self.removed = {i.key for i in proposal.items if i.key and not checklist.contains(i)}
        self.assigned = {}
        shared = [_named(i) for i in checklist.items if proposal.contains(i)]
        self.reordered = shared != [_named(i) for i in proposal.items if checklist.contains(i)]  # its own order

    def printed(self) -> cl.Checklist:
        """The list with the note for the client, as it goes to paper."""
        return self.checklist.with_note(self.note)


def _named(item: cl.ChecklistItem) -> str:
    """An item as its window assignment remembers it: its directory key, or the line she typed."""
    return item.key or f"text:{item.name}"


def _windows_named(checklist: cl.Checklist, assigned: dict[str, str]) -> cl.Checklist:
    """``checklist`` (a new proposal) with each item she named a window for at that window again,
    as ``Checklist.assign_department`` put it there (joining a department of that name)."""
    for key, name in assigned.items():
        at = next(
            ((n, r) for n, s in enumerate(checklist.sections) for r, i in enumerate(s.items) if _named(i) == key), None
        )
        if at is None or checklist.sections[at[0]].department.name == name:
            continue
        section = checklist.sections[at[0]]
        if len(section.items) == 1:  # its own department: named where it stands
            checklist = checklist.assign_department(at[0], name)
            continue
        item = section.items[at[1]]
        alone = checklist.remove(*at)
        alone = alone.with_sections([*alone.sections, cl.Section(item.department, (item,))])
        checklist = alone.assign_department(len(alone.sections) - 1, name)
    return checklist


def _slotted(new: Sequence[T], old: Sequence[T], key: Callable[[T], str]) -> list[T]:
    """``new`` with the entries ``old`` holds too in ``old``'s order, in the places they take in
    ``new``: the others (new ones) stay where the proposal put them."""
    place = {key(x): n for n, x in enumerate(old)}
    known = iter(sorted((x for x in new if key(x) in place), key=lambda x: place[key(x)]))
    return [next(known) if key(x) in place else x for x in new]


def _in_her_order(checklist: cl.Checklist, before: cl.Checklist) -> cl.Checklist:
    """A new proposal in the order she gave the list before (▲/▼: departments, and items in each)."""
    was = {s.department.key: s.items for s in before.sections}
    sections = _slotted(checklist.sections, before.sections, lambda s: s.department.key)
    return checklist.with_sections(
        cl.Section(s.department, tuple(_slotted(s.items, was.get(s.department.key, ()), _named))) for s in sections
    )


class ChangedSinceRead(ValueError):
    """A record the copy would print changed after the list read it; ``str()`` is Japanese."""

    def __init__(self, names: list[str]):
        more = f" ほか{len(names) - 1}件" if len(names) > 1 else ""
        super().__init__(
            f"一覧を作った後に「{shown(names[0])}」{more}が管理画面で変更されました（別の端末の編集を含みます）。"
            "古い内容を印刷しないよう止めました。分野を選び直して一覧を作り直すか、その項目を削除して追加し直してください。"
        )


class Checklists:
    """Reads and writes for checklists, each in its own short session."""

    def __init__(self, db: DatabaseLike):
        self.db = db

    # --- proposing ----------------------------------------------------------------------
    def municipality_code(self, ref: str) -> str:
        """The code of a municipality given by name or code (raises ``directory.NotFound``)."""
        with self.db.read() as s:
            return directory.find_municipality(s, ref).code

    def municipality_name(self, code: str) -> str:
        with self.db.read() as s:
            return directory.find_municipality(s, code).name

    def propose(
        self, municipality_code: str, need_keys: Iterable[str] = (), circumstances: Iterable[str] = ()
    ) -> cl.Checklist:
        """The proposed procedures (raises ``checklist.UnknownKey`` for a key not in the directory)."""
        with self.db.read() as s:
            return safety_lines_first(cl.propose(s, municipality_code, need_keys, circumstances))

    def new_draft(
        self, municipality: str, need_keys: Sequence[str] = (), circumstances: Sequence[str] = ()
    ) -> ChecklistDraft:
        with self.db.read() as s:
            code = directory.find_municipality(s, municipality).code
            proposal = safety_lines_first(cl.propose(s, code, need_keys, circumstances))
        return ChecklistDraft(code, proposal.needs, proposal, tuple(circumstances))  # in the tree's order

    def repropose(self, draft: ChecklistDraft, circumstances: Sequence[str]) -> None:
        """New circumstances: propose again, keeping what the counselor added or removed."""
        draft.rebase(self.propose(draft.municipality_code, draft.need_keys, circumstances), circumstances)

    def add_needs(self, draft: ChecklistDraft, need_keys: Sequence[str]) -> tuple[str, ...]:
        """Needs chosen on the desk after the list was made: proposed with the list's own, her edits
        kept (as for new circumstances). Returns the keys that were new (none: nothing changed)."""
        new = tuple(k for k in need_keys if k not in draft.need_keys)
        if new:
            proposal = self.propose(draft.municipality_code, (*draft.need_keys, *new), draft.circumstances)
            draft.need_keys = proposal.needs
            draft.rebase(proposal, draft.circumstances)
        return new

    def need_labels(self) -> dict[str, tuple[str, str]]:
        """Every need's (Japanese, English) label by key."""
        with self.db.read() as s:
            return directory.need_labels(s)

    # --- what can be added ----------------------------------------------------------------
    def procedure_entries(self, municipality_code: str) -> list[cl.ChecklistItem]:
        with self.db.read() as s:
            return cl.procedure_entries(s, municipality_code)

    def service_entries(self, municipality_code: str) -> list[tuple[str, str]]:
        """(key, name) of the services a counselor may add to the list."""
        with self.db.read() as s:
            return cl.service_entries(s, municipality_code)

    def service_item(self, ref: int | str) -> cl.ChecklistItem:
        """One service as an item (raises ``directory.NotFound``)."""
        with self.db.read() as s:
            return cl.service_item(s, ref)

    def desk_item(self, municipality_code: str, item: str, record_id: int) -> cl.ChecklistItem:
        """A procedure or service found on the desk, for this municipality's checklist (raises
        ``directory.NotFound``, or ``desk_items.NotHere`` for another town's record)."""
        from dvdesk.domain.desk_items import desk_item

        with self.db.read() as s:
            return desk_item(s, municipality_code, item, record_id)

    def directory_item(self, municipality_code: str, kind: str, key: str) -> cl.ChecklistItem:
        """A procedure (``kind`` "procedure") or a service chosen from the list of additions."""
        if kind == "procedure":
            return next(i for i in self.procedure_entries(municipality_code) if i.key == key)
        return self.service_item(key)

    # --- templates ---------------------------------------------------------------------------
    def templates(self, municipality_code: str) -> list[tpl.TemplateInfo]:
        with self.db.read() as s:
            return tpl.list_templates(s, municipality_code)

    def save_template(self, name: str, checklist: cl.Checklist) -> tuple[tuple[str, str], ...]:
        """Raises ``TemplateError`` with the reason (an empty name, one in use …). Returns the
        windows she named that the template does not keep (``checklist_templates.windows_not_kept``)."""
        with self._template_write() as s:
            return tpl.save_template(s, name, checklist)

    def load_template(self, municipality_code: str, name: str) -> tpl.LoadedTemplate:
        """The template as a fresh list: its items, and its needs' places in the safety order."""
        with self.db.read() as s:
            loaded = tpl.load_template(s, municipality_code, name)
        return dataclasses.replace(loaded, checklist=safety_lines_first(loaded.checklist))

    def use_template(self, draft: ChecklistDraft, checklist: cl.Checklist) -> None:
        """A loaded template becomes the draft, its differences from a fresh proposal kept as edits."""
        try:
            proposal = self.propose(draft.municipality_code, checklist.needs, checklist.circumstances)
        except cl.UnknownKey:  # a need gone from the directory since it was saved: every item is hers
            proposal = cl.Checklist(checklist.municipality_code, checklist.municipality_name)
        draft.replace(checklist, proposal)

    def rename_template(self, municipality_code: str, old: str, new: str) -> None:
        with self._template_write() as s:
            tpl.rename_template(s, municipality_code, old, new)

    def delete_template(self, municipality_code: str, name: str) -> None:
        with self._template_write() as s:
            tpl.delete_template(s, municipality_code, name)

    @contextmanager
    def _template_write(self) -> Iterator[Session]:
        """A template write; a shared server set up by an older dvdesk refuses it to a counselor's role
        (its grants predate templates there): said as what to ask for, not as a directory edit."""
        try:
            with self.db.write() as s:
                yield s
        except PermissionRefused:
            raise tpl.TemplateError(
                "この共有サーバーでは、相談員の役割にテンプレートの保存・変更が許可されていません"
                "（サーバーの設定が古い版のままです）。管理者に dvdesk server-setup をもう一度実行するよう"
                "依頼してください。何も変更していません。"
            ) from None
        except IntegrityError:  # two desks gave a new template the same name at the same moment
            raise tpl.TemplateError(
                "同じ名前のテンプレートを別の相談員が同時に保存しました。保存していません。"
                "一覧を確かめてから、もう一度保存してください。"
            ) from None

    # --- printing ------------------------------------------------------------------------------
    @staticmethod
    def printable(checklist: cl.Checklist, audience: Audience, discreet: bool = False) -> Printable:
        """What the copy may show (raises ValueError for a research note in a client text)."""
        return checklist_for(checklist, audience, discreet=discreet)

    def checked_printable(self, checklist: cl.Checklist, audience: Audience, discreet: bool = False) -> Printable:
        """``printable`` with the directory's shelter providers asked too (``no_provider_place``), as a
        printout is: what ``checklist --json`` gives (raises ValueError)."""
        printable = self.printable(checklist, audience, discreet)
        with self.db.read() as s:
            providers, places = shelter_providers(s), hidden_shelter_places(s)
            shelters = shelter_places(s)  # each provider's shelters' places: its other services
        no_provider_place(checklist, printable, providers)
        no_shelter_place_elsewhere(printable, places)
        no_place_in_services(checklist, printable, shelters)
        return printable

    def render(
        self, checklist: cl.Checklist, audience: Audience, *, discreet: bool = False, language: str = "ja"
    ) -> PrintDocument:
        """The printout of a checklist: the one path for the window and the command line.

        Raises ValueError (a research note in a client text, a translation that no longer
        matches) or ``DiscreetViolation`` (a listed word left on a discreet page)."""
        printable = self.printable(checklist, audience, discreet and audience is Audience.CLIENT)
        with self.db.read() as s:
            if stale := checklist_fresh.changed(s, checklist):
                raise ChangedSinceRead(stale)
            translated = translations.load(s, language)
            labels = {key: ja for key, (ja, _en) in directory.need_labels(s).items()}  # the staff copy is Japanese
            providers, places = shelter_providers(s), hidden_shelter_places(s)
            shelters = shelter_places(s)  # each provider's shelters' places: its other services
        no_location_in_translation(checklist, printable, translated.for_item)
        no_provider_place(checklist, printable, providers)
        no_shelter_place_elsewhere(printable, places)
        no_place_in_services(checklist, printable, shelters)
        if language != "ja":  # a department's translated name, printed under its heading
            lang = LANG_LABELS.get(language, language)
            no_provider_place_in_translation(checklist, printable, providers, translated.department, lang)
            no_place_in_services(checklist, printable, shelters, translated.for_item, lang)
        return checklist_html.build_checklist(printable, language, need_labels=labels, translations=translated)

    def render_draft(self, draft: ChecklistDraft) -> PrintDocument:
        cl.note_clean(draft.note)  # what she typed is printed as it reads on screen
        return self.render(draft.printed(), draft.audience, discreet=draft.discreet, language=draft.language)

    def render_slip(
        self, checklist: cl.Checklist, section: cl.Section, counselor: Counselor, discreet: bool = False
    ) -> PrintDocument:
        """The referral slip (連絡票) to one department of a checklist: a staff copy (refused, like
        ``render``, when a record it prints changed since the list read it)."""
        for what, typed in (("担当相談員", counselor.name), ("所属", counselor.desk), ("内線", counselor.extension)):
            cl.typed_clean(what, typed)
        one = cl.Checklist(checklist.municipality_code, checklist.municipality_name, sections=(section,))
        with self.db.read() as s:
            if stale := checklist_fresh.changed(s, one):
                raise ChangedSinceRead(stale)
            providers, places = shelter_providers(s), hidden_shelter_places(s)
            shelters = shelter_places(s)  # each provider's shelters' places: its other services
        printable = checklist_for(one, Audience.STAFF, discreet=discreet)
        no_provider_place(one, printable, providers)  # the slip travels in her hand: its window is hers
        no_shelter_place_elsewhere(printable, places)
        no_place_in_services(one, printable, shelters)
        return slip_html.build_slip(printable, counselor)


@dataclass(frozen=True)
class _Place:
    """A place on the list as the safety order reads it (``safety_first.Line``)."""

    service_id: int  # its position in its need's group
    phone: str
    hours: str
    always_open: bool
    is_service: bool = True

    @classmethod
    def of(cls, position: int, item: cl.ChecklistItem) -> _Place:
        """The desk's phone rule (``directory_queries._hit_for``): the place's own public line,
        else its department's first public contact with a number; never an internal one."""
        own = item.phone if item.phone and item.confidentiality == Confidentiality.PUBLIC else ""
        org = item.department.organization
        public = [c for c in (org.contacts if org else ()) if c.phone and c.confidentiality == Confidentiality.PUBLIC]
        phone = own or (public[0].phone if public else "")
        hours = item.hours if own or item.hours else (public[0].hours if public else "")
        return cls(position, phone, hours, always_open(hours))


def safety_lines_first(checklist: cl.Checklist) -> cl.Checklist:
    """In a safety need's places (安全確保・緊急避難 and its sub-needs), the lines she can call at
    any hour first, then the other public phones, then the places without a number: the desk's
    safety order (``app.safety_first``) with no "now", since a printout is read for days. Other
    needs keep the proposal's order (the municipality's own services, then national ones)."""
    groups = []
    for group in checklist.contacts:
        if safety_first.is_safety_need(group.need_key):
            places = [_Place.of(n, item) for n, item in enumerate(group.services)]
            ordered = safety_first.order_for_safety(places, {p.service_id for p in places}, None)
            group = dataclasses.replace(group, services=tuple(group.services[p.service_id] for p in ordered))
        groups.append(group)
    return checklist.with_contacts(groups)
