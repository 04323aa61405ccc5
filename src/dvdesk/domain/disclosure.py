"""Who may see what: the one place that removes staff-only and secret fields.

Every path that shows a record to someone other than the counselor at her own screen — the
client copy, the staff copy, exports, the clipboard — takes its views through ``for_audience``.
Nothing downstream re-implements the rule.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable, Iterable, Iterator, Set
from typing import Protocol

from dvdesk.domain.checklist import Checklist, ChecklistItem, ContactGroup, Department, ItemKind, Section
from dvdesk.domain.directory_views import ContactView, OrganizationView, ServiceDetail
from dvdesk.domain.provider_place import Found, address_words, found_in
from dvdesk.domain.record_kinds import Confidentiality
from dvdesk.domain.secret_echo import echo, street_of, streets_in


class Audience(enum.Enum):
    """Ordered by how much they may see."""

    CLIENT = Confidentiality.PUBLIC  # the client's printout, anything that may leave the office
    STAFF = Confidentiality.STAFF  # staff copy, referral slip, department exports
    SCREEN = Confidentiality.SECRET  # the counselor's own screen: everything, visibly marked

    def may_see(self, level: Confidentiality | str) -> bool:
        return Confidentiality.of(level).rank <= self.value.rank


def contact_for(contact: ContactView, audience: Audience) -> ContactView | None:
    if not audience.may_see(contact.confidentiality):
        return None
    if audience.may_see(Confidentiality.STAFF):
        return contact
    # 内線 is always internal; a note with a research or verification mark (「要確認」…) is the
    # administrator's (an HSDS export sends the client's view; any other note, 「緊急時。…#9110」, goes).
    note = "" if research_markers(contact.note) else contact.note
    return dataclasses.replace(contact, extension="", note=note)


def organization_for(org: OrganizationView, audience: Audience) -> OrganizationView:
    staff = audience.may_see(Confidentiality.STAFF)
    return dataclasses.replace(
        org,
        address=org.address if audience.may_see(org.address_confidentiality) else "",
        staff_note=org.staff_note if staff else "",
        contacts=tuple(c for c in (contact_for(c, audience) for c in org.contacts) if c),
    )


def for_audience(service: ServiceDetail, audience: Audience) -> ServiceDetail | None:
    """The service as ``audience`` may see it, or None if the whole service is hidden from it."""
    if not audience.may_see(service.confidentiality):
        return None
    staff = audience.may_see(Confidentiality.STAFF)
    return dataclasses.replace(
        service,
        location=service.location if audience.may_see(service.location_confidentiality) else "",
        staff_note=service.staff_note if staff else "",
        provider=organization_for(service.provider, audience) if service.provider else None,
    )


def for_client_view(service: ServiceDetail) -> ServiceDetail | None:
    """What a client may be shown of ``service`` on a screen (``dvdesk show --client``): the client's
    view (``for_audience``) without what her printout leaves out as well — the administrator's
    research notes (``source_note``: 「推定; 要確認」) and the notes on the department's contacts."""
    shown = for_audience(service, Audience.CLIENT)
    if shown is None:
        return None
    org = shown.provider
    if org is not None:
        org = dataclasses.replace(
            org,
            provenance=dataclasses.replace(org.provenance, source_note=""),
            contacts=tuple(dataclasses.replace(c, note="") for c in org.contacts),
        )
    return dataclasses.replace(shown, provenance=dataclasses.replace(shown.provenance, source_note=""), provider=org)


# --- printouts: the checklist and the referral slip --------------------------------------
# The printing code accepts only what these functions return (``Printable``), so no printout
# can skip the rule. ``discreet`` is applied here too: each item prints only the discreet
# wording written for it (or its department alone), and the vocabulary of
# ``dvdesk.domain.discreet`` is the last gate over the finished page.

_SEAL = object()

# Research and verification notes: they belong to staff_note / source_note and never to a
# client copy. A record whose client text still carries one is refused rather than printed.
NOTE_MARKERS: tuple[str, ...] = (
    "二次情報",
    "要確認",
    "一般的な要件",
    "安全確保の段階に置いた",
    "受付を断られた例",
    "調査資料",
    "DOMAIN.md",
    ".toml",
    "seeds/",
)


class ResearchNoteOnClientCopy(ValueError):
    """A client copy would print a research or verification note; ``str()`` is Japanese."""

    def __init__(self, where: str, marker: str):
        super().__init__(
            f"「{where}」に職員向けの調査メモ（{marker}）が含まれているため、相談者用には印刷しません。"
            "管理画面で相談者向けの文と職員メモを分けてください。"
        )


def research_markers(text: str) -> list[str]:
    return [m for m in NOTE_MARKERS if m in text]


@dataclasses.dataclass(frozen=True)
class Printable:
    """A checklist (or a slip's items) as ``audience`` may see it. Made only by ``checklist_for``."""

    checklist: Checklist
    audience: Audience
    discreet: bool
    seal: object = dataclasses.field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.seal is not _SEAL:
            raise TypeError("a Printable is made by disclosure.checklist_for, nothing else")


def department_for(dept: Department, audience: Audience, discreet: bool = False) -> Department:
    org = dept.organization
    if org is not None:
        org = organization_for(org, audience)
        if not audience.may_see(Confidentiality.STAFF):
            # Provenance and record descriptions are for the people who keep the directory.
            org = dataclasses.replace(
                org, description="", contacts=tuple(dataclasses.replace(c, note="") for c in org.contacts)
            )
    if not discreet:
        return dataclasses.replace(dept, discreet_name="", organization=org)
    name = dept.discreet_name or dept.name
    if org is not None:  # only the neutral name, the phone and the hours: no labels or notes
        org = dataclasses.replace(
            org,
            name=name,
            discreet_name="",
            parent="",
            description="",
            staff_note="",
            contacts=tuple(dataclasses.replace(c, label="", note="") for c in org.contacts),
        )
    return Department(dept.key, name, "", org, dept.unconfirmed, "")


def _discreet_item(item: ChecklistItem, department: Department) -> ChecklistItem:
    """Only the wording written for a discreet copy; without it, the department alone."""
    if item.kind is ItemKind.TEXT:
        return dataclasses.replace(item, department=department, discreet_name="", discreet_line="")
    if item.discreet_name:
        name, line = item.discreet_name, item.discreet_line
    else:
        name = f"{department.name}での手続き" if item.kind is ItemKind.PROCEDURE else f"{department.name}のご案内"
        line = ""
    return dataclasses.replace(
        item,
        name=name,
        description=line,
        discreet_name="",
        discreet_line="",
        department=department,
        what_to_bring=(),
        caution="",
        location="",
        staff_note="",
        source="",
    )


def item_for(item: ChecklistItem, audience: Audience, discreet: bool = False) -> ChecklistItem | None:
    """The item as ``audience`` may see it, or None when the whole item is hidden from it."""
    if not audience.may_see(item.confidentiality):
        return None
    staff = audience.may_see(Confidentiality.STAFF)
    department = department_for(item.department, audience, discreet)
    if discreet:
        return _no_location_echo(item, _discreet_item(item, department), audience)
    shown = dataclasses.replace(
        item,
        department=department,
        discreet_name="",
        discreet_line="",
        location=item.location if audience.may_see(item.location_confidentiality) else "",
        staff_note=item.staff_note if staff else "",
        source=item.source if staff else "",
    )
    if not staff:
        _check_client_text(shown)
    return _no_location_echo(item, shown, audience)


def discreet_leaves_off(checklist: Checklist) -> tuple[ChecklistItem, ...]:
    """The items of the list (for the client's copy) whose 持ち物 or 注意 a discreet copy leaves off
    — it prints only the wording written for it (``_discreet_item``) — for the window and the
    command line to name, so that the counselor says them aloud (h14: nothing said they were gone)."""
    return tuple(
        i
        for i in checklist.items
        if i.kind is not ItemKind.TEXT and (i.caution or i.what_to_bring) and Audience.CLIENT.may_see(i.confidentiality)
    )


class LocationOnCopy(ValueError):
    """A shelter's hidden location written in a text the copy would print; ``str()`` is Japanese."""

    def __init__(self, where: str, word: str, *, translated: bool = False, hidden: bool = True):
        if translated:  # not the admin screen's to fix: the translations come from packages and files
            what = "秘密の所在地の一部" if hidden else "住所らしい語"
            super().__init__(f"「{where}」の翻訳に、{what}「{word}」が書かれているため印刷しません。" + TRANSLATION_FIX)
            return
        super().__init__(
            f"「{where}」の印刷される欄に、秘密の所在地の一部「{word}」が書かれているため印刷しません。"
            "管理画面でその語を消してください。"
        )


TRANSLATION_FIX = "パッケージや翻訳のファイルの翻訳を直してください（日本語の控えは印刷できます）。"


class ProviderPlaceOnCopy(LocationOnCopy):
    """The department that provides a shelter gives its place away in a text the copy would print
    (``integrity_providers``: the gate refuses it; this is for a file that got past the gate)."""

    def __init__(self, department: str, found: Found, refused: str = "印刷しません", language: str = ""):
        what = "所在地（非公開）の一部" if found.hidden else "住所らしい語"
        where = f"{language}の翻訳の「{found.where}」" if language else f"「{found.where}」"
        ValueError.__init__(
            self,
            f"一時保護・シェルターを提供する「{department}」の{where}に、{what}「{found.word}」が"
            f"書かれているため{refused}。" + (TRANSLATION_FIX if language else "管理画面でその語を消してください。"),
        )


def no_provider_place(checklist: Checklist, printable: Printable, providers: Set[str] = frozenset()) -> None:
    """Raise ``ProviderPlaceOnCopy`` when a department on the copy provides a shelter (one of the
    list's, or its key in ``providers``: the directory's, which the caller read) and its printed
    name, discreet name or public contact carries a street address or words of its hidden address
    (``provider_place.found_in``). The gate refuses such a department; this is for a file past it."""
    _no_provider_place(checklist, printable.checklist, printable.audience, providers)


def _no_provider_place(checklist: Checklist, printed: Checklist, audience: Audience, providers: Set[str]) -> None:
    """``no_provider_place`` on ``printed``, the copy made of ``checklist`` for ``audience``."""
    for source, shown, _ in _shelter_providers_printed(checklist, printed, providers):
        no_place_shown(source, shown, audience)


def _shelter_providers_printed(
    checklist: Checklist, printed: Checklist, providers: Set[str]
) -> Iterator[tuple[OrganizationView, OrganizationView, Department]]:
    """Each department ``printed`` (a copy of ``checklist``) gives of an organisation providing a
    shelter (in ``providers``, the directory's, or on the list): the organisation as the directory
    holds it (the source the copy was made from), as printed, and the printed department."""
    sources = {
        d.organization.key: d.organization
        for d in [s.department for s in checklist.sections] + [i.department for i in _all_items(checklist)]
        if d.organization is not None
    }
    keys = set(providers) | {
        i.department.organization.key for i in _all_items(checklist) if i.shelter and i.department.organization
    }
    if not keys:
        return
    for dept in [s.department for s in printed.sections] + [i.department for i in _all_items(printed)]:
        org = dept.organization
        if org is not None and org.key in keys:
            yield sources.get(org.key, org), org, dept


def no_provider_place_in_translation(
    checklist: Checklist, printable: Printable, providers: Set[str], name: Callable[[Department], str], language: str
) -> None:
    """Raise ``ProviderPlaceOnCopy`` when the translated name a copy in ``language`` (its Japanese
    name, 英語) prints for a department providing a shelter (``name``: ``Translations.department``)
    gives its place away. The gate refuses such a translation (``integrity_translations``); this
    is for one that got past it."""
    for source, _, dept in _shelter_providers_printed(checklist, printable.checklist, providers):
        if translated := name(dept):
            level = "public" if printable.audience.may_see(source.address_confidentiality) else ""
            level = level or str(source.address_confidentiality)
            if found := address_words(source.address, level, [("name", "名称", translated)]):
                raise ProviderPlaceOnCopy(source.name, found, language=language)


def no_place_shown(
    source: OrganizationView, shown: OrganizationView, audience: Audience, refused: str = "印刷しません"
) -> None:
    """Raise ``ProviderPlaceOnCopy`` when ``shown`` (what ``audience`` gets of ``source``, a shelter's
    provider: a copy's department, ``dvdesk show --client``'s provider) carries its place."""
    level = "public" if audience.may_see(source.address_confidentiality) else str(source.address_confidentiality)
    texts = {"name": shown.name, "discreet_name": shown.discreet_name, "description": shown.description}
    contacts = [dataclasses.asdict(c) for c in shown.contacts]
    if found := found_in({**texts, "address": source.address, "address_confidentiality": level}, contacts):
        raise ProviderPlaceOnCopy(source.name, found, refused)


def _no_location_echo(item: ChecklistItem, shown: ChecklistItem, audience: Audience) -> ChecklistItem:
    """``shown``, unless it prints words of a shelter's location the audience may not see."""
    if item.shelter and not audience.may_see(item.location_confidentiality):
        texts = [shown.name, shown.description, shown.caution, shown.hours, *shown.what_to_bring]
        if word := echo(item.location, texts):
            raise LocationOnCopy(item.name, word)
    return shown


def no_shelter_place_elsewhere(printable: Printable, places: Iterable[tuple[str, str, str]]) -> None:
    """Raise ``LocationOnCopy`` when an item the copy prints carries the street of a shelter whose
    location the copy hides (``places``: the directory's, ``integrity_providers.hidden_shelter_places``),
    written in another record: h19 found a card's 利用方法 naming the building a shelter is in, printed
    on the client's copy (the gate and ``_no_location_echo`` hold a shelter to its own texts only)."""
    hidden = [
        (key, street)
        for key, loc, level in places
        if not printable.audience.may_see(level)
        if (street := street_of(loc))
    ]
    for item in _all_items(printable.checklist) if hidden else ():
        texts = (item.name, item.description, item.caution, item.hours, *item.what_to_bring)
        if street := streets_in([street for key, street in hidden if key != item.key], texts):
            raise LocationOnCopy(item.name, street)


def no_location_in_translation(
    checklist: Checklist, printable: Printable, translated: Callable[[ChecklistItem], TranslatedTexts | None]
) -> None:
    """Raise ``LocationOnCopy`` when the translation a copy prints for a shelter (``translated``: the
    printed item's entry, or None) gives away the location the copy hides, or any street address
    (``provider_place.address_words``, as the gate's rule). The gate refuses such a translation;
    this is for one that got past it (a file from before it held translations)."""
    hidden = {i.key: i for i in _all_items(checklist) if i.shelter}
    for item in _all_items(printable.checklist) if hidden else ():
        source = hidden.get(item.key)
        entry = translated(item) if source is not None else None
        if source is not None and entry is not None:
            texts = [entry.name, entry.description, entry.caution, entry.hours, *entry.what_to_bring]
            level = "public" if printable.audience.may_see(source.location_confidentiality) else "hidden"
            if found := address_words(source.location, level, [("", "", t) for t in texts]):
                raise LocationOnCopy(source.name, found.word, translated=True, hidden=found.hidden)


class TranslatedTexts(Protocol):
    """What a copy prints of a record's translation (``translations.Entry``)."""

    @property
    def name(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def what_to_bring(self) -> tuple[str, ...]: ...
    @property
    def caution(self) -> str: ...
    @property
    def hours(self) -> str: ...


def _all_items(checklist: Checklist) -> Iterator[ChecklistItem]:
    for s in checklist.sections:
        yield from s.items
    for g in checklist.contacts:
        yield from g.services


def _check_client_text(item: ChecklistItem) -> None:
    texts = [item.name, item.description, item.caution, item.hours, *item.what_to_bring]
    for text in texts:
        found = research_markers(text)
        if found:
            raise ResearchNoteOnClientCopy(item.name, found[0])


def _first_of_each(
    items: list[ChecklistItem], listed: dict[tuple[str, str], list[ChecklistItem]]
) -> list[ChecklistItem]:
    """A place once, however many of its services were chosen — unless it says something the one
    listed does not: a second line of a department (its own phone or hours) is kept, not lost."""
    kept = []
    for item in items:
        same = listed.setdefault((item.name, item.department.key), [])
        if any(_adds_nothing(item, other) for other in same):
            continue
        same.append(item)
        kept.append(item)
    return kept


def _adds_nothing(item: ChecklistItem, other: ChecklistItem) -> bool:
    return all(mine in ("", theirs) for mine, theirs in _printed(item, other))


def _printed(item: ChecklistItem, other: ChecklistItem) -> list[tuple[str, str]]:
    return [(item.phone, other.phone), (item.hours, other.hours), (item.description, other.description)]


def checklist_for(checklist: Checklist, audience: Audience, *, discreet: bool = False) -> Printable:
    """What may be printed for ``audience``; ``discreet`` prints only the neutral wording."""
    if audience is Audience.SCREEN:
        raise ValueError("printouts are for CLIENT or STAFF, never the full screen view")
    sections = []
    for s in checklist.sections:
        items = tuple(i for i in (item_for(i, audience, discreet) for i in s.items) if i)
        sections.append(Section(department_for(s.department, audience, discreet), items))
    groups = []
    listed: dict[tuple[str, str], list[ChecklistItem]] = {}
    for g in checklist.contacts:
        visible = [i for i in (item_for(i, audience, discreet) for i in g.services) if i]
        # no need headings: a place listed once, whatever its services are called
        shown = _first_of_each(visible, listed) if discreet else visible
        if visible and not shown:
            continue  # its places are on the paper already
        # Empty: none on record, or none this copy may show; the paper says to ask (never silence).
        groups.append(ContactGroup(g.need_key, "" if discreet else g.need_label, tuple(shown)))
    shown_list = checklist.with_sections(sections).with_contacts(groups)
    _no_provider_place(checklist, shown_list, audience, frozenset())
    return Printable(shown_list, audience, discreet, _SEAL)
