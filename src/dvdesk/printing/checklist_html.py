"""The checklist printout: one builder for the client copy and the staff copy.

What a copy may contain was decided by ``disclosure.checklist_for`` (the Printable's audience
and discreet flag); this module only lays it out. The staff copy is always in Japanese. The
client copy follows the chosen language: headings and instructions from ``i18n``, each item's
content from ``translations`` with its Japanese name beside it, and — for an item with no
translation that matches its Japanese — a note in her language above the Japanese text, so a
copy never mixes untranslated text in silently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import partial

from dvdesk.domain.checklist import (
    CONFIRM_DEPARTMENT,
    OTHER_DEPARTMENT,
    ChecklistItem,
    ContactGroup,
    Department,
    ItemKind,
)
from dvdesk.domain.directory_views import phone_key
from dvdesk.domain.disclosure import Audience, Printable
from dvdesk.domain.record_kinds import CIRCUMSTANCES
from dvdesk.domain.translations import NONE, Entry, Translations
from dvdesk.printing import foreign_text, print_languages
from dvdesk.printing.document import TABLE, PrintDocument, esc, finish, ja, page, require_printable

STAFF_BANNER = "職員用 — 相談者には渡さないでください（内線・職員メモを含みます）"
BLANK = "＿" * 12  # where the counselor writes in a window no source names
_UNBROKEN = "\u2060"  # WORD JOINER: no line break between the blank's characters
OTHER_KEY = f"hint:{OTHER_DEPARTMENT}"  # the department of a free line typed with no office (checklist_values)


def build_checklist(
    printable: Printable,
    lang: str = "ja",
    today: dt.date | None = None,
    need_labels: Mapping[str, str] | None = None,
    translations: Translations | None = None,
) -> PrintDocument:
    """The checklist as HTML. ``need_labels`` (key → 日本語) names the needs on the staff copy;
    ``translations`` (``dvdesk.domain.translations.load(session, lang)``) the records' content in
    ``lang`` — without it every item of a copy in another language says it is not translated."""
    p = require_printable(printable)
    staff = p.audience is Audience.STAFF
    t = print_languages.JA if staff else print_languages.strings(lang)
    foreign = not staff and t is not print_languages.JA
    tr = translations if foreign and translations is not None and translations.lang == lang else NONE
    today = today or dt.date.today()
    title = t.title_discreet if p.discreet else t.title
    if staff:
        title += "（職員用）"
    c = p.checklist

    body = [
        f"<h1>{esc(title)}</h1>",
        f"<p class='meta'>{esc(c.municipality_name)}　{esc(t.printed)}: {esc(t.date(today))}</p>",
    ]
    if staff:
        body.append(f"<p class='banner'>{esc(STAFF_BANNER)}</p>")
        body += _situation(c.needs, c.circumstances, need_labels or {})
    body.append(f"<p class='intro'>{esc(t.intro)}</p>")
    if t.names_in_japanese:
        body.append(f"<p class='intro'><b>{esc(t.names_in_japanese)}</b></p>")
    if c.client_note:
        body.append(_note_box(t.note, c.client_note))

    number = 0
    for section in c.sections:
        body += _department_heading(section.department, t, staff, tr if foreign else None)
        body += _department_lines(section.department, t, staff)
        for item in section.items:
            number += 1
            if foreign and item.kind is not ItemKind.TEXT:
                body += _foreign_item(number, item, t, tr.for_item(item))
            else:
                body += _item(number, item, t, staff)
    if not c.procedures_on_record:  # an empty list here is "not on record", never "nothing needed"
        body.append(f"<p>{esc(t.not_on_record)}</p>")
    elif c.safety_not_on_record:  # some of what the situation calls for is missing from the directory
        body.append(f"<p>{esc(t.safety_not_on_record)}</p>")
        if staff and not p.discreet:  # only the counselor's copy names them (a need label is revealing)
            names = "、".join(label for _key, label in c.safety_not_on_record)
            body.append(f"<p class='staff'>［未登録］この市区町村に手続きが登録されていないニーズ: {esc(names)}</p>")
    elif not c.sections:
        body.append(f"<p>{esc(t.nothing)}</p>")
    body += _contacts(c.contacts, t, staff, p.discreet, tr if foreign else None)

    footer = f"{t.printed}: {t.date(today)}" + ("　職員用" if staff else "")
    # Counted from the checklist itself, not from the loop above: the renderer finds each on paper.
    expected = tuple(
        f"□ {n}. {_printed_name(item, tr if foreign else None)}" for n, item in enumerate(c.items, start=1)
    )
    expected += tuple(
        f"・{_printed_name(item, tr if foreign else None)}"  # 相談できるところ
        for g in c.contacts
        for item in g.services
    )
    return finish(PrintDocument(title, page(title, "\n".join(body), t.fonts), footer, t.page, p.discreet, expected))


def _printed_name(item: ChecklistItem, tr: Translations | None) -> str:
    """The name as a copy prints it: translated where a current translation exists."""
    entry = tr.for_item(item) if tr is not None and item.kind is not ItemKind.TEXT else None
    return entry.name if entry is not None else item.name


def _foreign_item(number: int, item: ChecklistItem, t: print_languages.Strings, entry: Entry | None) -> list[str]:
    """An item of a copy in another language: translated, or the Japanese under a note saying so."""
    if entry is None:
        lines = [f"<h3>□ {number}. {ja(item.name)}</h3>", f"<p class='untranslated'>{esc(t.untranslated)}</p>"]
        texts = (item.description, item.what_to_bring, item.caution, item.hours)
        wrap = ja
    else:
        lines = [
            f"<h3>□ {number}. {esc(entry.name)}</h3>",
            f"<p class='detail'><b>{esc(t.japanese_name)}:</b> {ja(item.name)}</p>",
        ]
        texts = (entry.description, entry.what_to_bring, entry.caution, entry.hours)
        wrap = esc
    description, bring, caution, hours = texts
    if description:
        lines.append(f"<p class='detail'><b>{esc(t.about)}:</b> {wrap(description)}</p>")
    if item.phone or hours:
        parts = [
            f"<b>{esc(t.phone)}:</b> {esc(item.phone)}" if item.phone else "",
            f"<b>{esc(t.hours)}:</b> {wrap(hours)}" if hours else "",
        ]
        lines.append("<p class='detail'>" + "　".join(x for x in parts if x) + "</p>")
    if bring:
        things = "　".join(f"・{wrap(w)}" for w in bring)
        lines.append(f"<p class='detail'><b>{esc(t.bring)}:</b> {things}</p>")
    if caution:
        lines.append(f"<p class='detail'><b>{esc(t.caution)}:</b> {wrap(caution)}</p>")
    if item.location:
        place = ja(item.location) if entry is None else foreign_text.marked(t, item.location)
        lines.append(f"<p class='detail'>{esc(t.address)}: {place}</p>")
    return lines


def _situation(needs: tuple[str, ...], circumstances: tuple[str, ...], labels: Mapping[str, str]) -> list[str]:
    lines = []
    if needs:
        lines.append("<p><b>ニーズ:</b> " + esc("、".join(labels.get(k, k) for k in needs)) + "</p>")
    if circumstances:
        names = (CIRCUMSTANCES[k] if k in CIRCUMSTANCES else k for k in circumstances)
        lines.append("<p><b>状況:</b> " + esc("、".join(names)) + "</p>")
    return lines


def _note_box(heading: str, note: str) -> str:
    text = "<br>".join(esc(line) for line in note.splitlines())
    return TABLE + f"<tr><td><b>{esc(heading)}</b><br>{text}</td></tr></table>"


def _department_heading(
    dept: Department, t: print_languages.Strings, staff: bool, tr: Translations | None = None
) -> list[str]:
    """``tr`` for a copy in another language: 'translated name ／ 日本語名' (or the Japanese alone)."""
    if not dept.unconfirmed:
        if tr is None:
            return [f"<h2>{esc(dept.name)}</h2>"]
        if dept.key == OTHER_KEY:  # the lines she typed with no office: said, not a name to show
            return [f"<h2>{esc(t.other_department)}</h2>"]
        name = tr.department(dept)
        if name:
            return [f"<h2>{esc(name)}　／　{ja(dept.name)}</h2>"]
        # No translation on record: the Japanese name, and a line she can read saying it is the
        # name to show at the window (a Japanese heading alone does not tell her where to go).
        return [f"<h2>{ja(dept.name)}</h2>", f"<p class='untranslated'>{esc(t.department_untranslated)}</p>"]
    # No source names the department: a line to write it in by hand, never the placeholder.
    # The blank is one unbroken run: a long label (English) once wrapped it, leaving a stray
    # piece of underline on the next line; now it moves there whole.
    lines = [f"<h2>{esc(t.window_to_fill)}: {_UNBROKEN.join(BLANK)}</h2>"]
    if staff:
        lines.append(
            f"<p class='staff'>［{esc(CONFIRM_DEPARTMENT)}］担当課が資料にありません"
            + (f"（目安: {esc(dept.hint)}）" if dept.hint else "")
            + "</p>"
        )
    return lines


def _contacts(
    groups: tuple[ContactGroup, ...],
    t: print_languages.Strings,
    staff: bool,
    discreet: bool,
    tr: Translations | None = None,
) -> list[str]:
    """The places she can contact, by need: name, department, phone, hours. A need with none on
    record says so under its heading (a discreet copy, which names no need, says it once)."""
    if not groups:
        return []
    lines = [f"<h2>{esc(t.contacts)}</h2>"]
    for g in groups:
        if g.need_label and not discreet:
            label = tr.need(g.need_key, g.need_label) if tr is not None else ""
            if label:
                lines.append(f"<h3>{esc(label)}　／　{ja(g.need_label)}</h3>")
            else:  # no translation on record: the Japanese, marked, on a copy in another language
                lines.append(f"<h3>{esc(g.need_label) if tr is None else foreign_text.marked(t, g.need_label)}</h3>")
        if not g.services and not discreet:
            lines.append(f"<p>{esc(t.no_places)}</p>")
        for item in g.services:
            lines += _contact_item(item, t, staff, tr, discreet)
    if discreet and any(not g.services for g in groups):
        lines.append(f"<p>{esc(t.no_places_discreet)}</p>")
    return lines


def _contact_item(
    item: ChecklistItem, t: print_languages.Strings, staff: bool, tr: Translations | None = None, discreet: bool = False
) -> list[str]:
    """One place to contact; in another language translated with its Japanese name beside it,
    or in Japanese under the note saying it is not translated."""
    dept = item.department
    entry = tr.for_item(item) if tr is not None else None
    w = esc if tr is None else ja  # Japanese directory text
    where = dept.name if dept.name != item.name else ""
    # The name line is a heading (h4, drawn as body text): the renderer keeps a place's lines on
    # one page with it and never ends a page with it (a name on page 3, its number on page 4).
    if tr is not None and entry is not None:
        # Its department as the copy's headings name it: her language, then the Japanese to show
        # (not on a discreet copy: an agency's full name can say what it is for, 男女共同参画).
        theirs = tr.department(dept) if where and not discreet else ""
        where_html = f"{esc(theirs)}　／　{ja(where)}" if theirs else ja(where)
        head = f"<h4><b>・{esc(entry.name)}</b>　{ja(item.name)}" + (f"　（{where_html}）" if where else "") + "</h4>"
    else:
        head = f"<h4><b>・{w(item.name)}</b>" + (f"　（{w(where)}）" if where else "") + "</h4>"
    lines = [head]
    if tr is not None and entry is None:  # short: this section can hold many places
        lines.append(f"<p class='untranslated'>{esc(t.untranslated_short)}</p>")
    description = entry.description if entry is not None else item.description
    if description:
        lines.append(f"<p class='detail'>{esc(description) if entry is not None else w(description)}</p>")
    own_hours = (entry.hours if entry is not None else item.hours) if item.hours else ""
    # The department's hours have no translation record: said in her language or marked.
    dept_hours = esc if tr is None else partial(foreign_text.hours_html, t)
    parts = _phones_and_hours(
        item, (w(own_hours) if entry is None else esc(own_hours)) if own_hours else "", t, dept_hours
    )
    if parts:
        lines.append("<p class='detail'>" + "　".join(parts) + "</p>")
    if item.location:
        place = foreign_text.marked(t, item.location) if entry is not None else w(item.location)
        lines.append(f"<p class='detail'>{esc(t.address)}: {place}</p>")
    if staff and item.staff_note:
        lines.append(f"<p class='staff'>［職員メモ］{esc(item.staff_note)}</p>")
    if staff and item.source:
        lines.append(f"<p class='staff'>［出典］{esc(item.source)}</p>")
    return lines


def _phones_and_hours(
    item: ChecklistItem, own_hours: str, t: print_languages.Strings, w: Callable[[str], str]
) -> list[str]:
    """The place's phone and its department's other numbers, each with its own hours (``own_hours``
    and what ``w`` makes of directory text are markup already): a department's hours printed beside
    the service's own number would tell her when a line she can call at any hour is "closed".
    One number keeps the plain 電話: … 受付時間: … form."""
    numbers: dict[str, str] = {item.phone: own_hours} if item.phone else {}
    written = {phone_key(item.phone): item.phone} if item.phone else {}  # one line, however it is written
    loose = [own_hours] if own_hours and not item.phone else []  # hours without a number
    windows = []  # beside the place's own number, a window with no number keeps its hours to itself
    org = item.department.organization
    for c in org.contacts if org is not None else ():
        phone = written.setdefault(phone_key(c.phone), c.phone) if c.phone else ""
        if phone and not numbers.get(phone):
            numbers[phone] = w(c.hours) if c.hours else ""  # the same number: its hours are the department's
        elif c.hours and not c.phone and item.phone and not own_hours:
            name = (
                esc(c.label or t.window) if t is print_languages.JA or not c.label else foreign_text.marked(t, c.label)
            )
            windows.append(f"{name}（{esc(t.hours)}: {w(c.hours)}）")
        elif c.hours and not c.phone and not own_hours:
            loose.append(w(c.hours))
    parts = []
    if len(numbers) == 1 and not loose:
        ((phone, hours),) = numbers.items()
        parts.append(f"<b>{esc(t.phone)}:</b> {esc(phone)}")
        loose = [hours] if hours else []
    elif numbers:
        parts.append(
            f"<b>{esc(t.phone)}:</b> "
            + "、".join(esc(p) + (f"（{esc(t.hours)}: {h}）" if h else "") for p, h in numbers.items())
        )
    if loose:
        parts.append(f"<b>{esc(t.hours)}:</b> {' / '.join(loose)}")
    parts.extend(windows)
    return parts


def _department_lines(dept: Department, t: print_languages.Strings, staff: bool) -> list[str]:
    org = dept.organization
    if org is None:
        return []
    lines = []
    # Directory facts no record translates: as written in Japanese; on a copy in another language
    # marked as Japanese only (hours in a plain shape said in her language): never passed off as hers.
    foreign = t is not print_languages.JA
    w = partial(foreign_text.marked, t) if foreign else esc
    hours = partial(foreign_text.hours_html, t) if foreign else esc
    for contact in org.contacts:
        parts = []
        if contact.label:
            parts.append(
                foreign_text.marked(t, contact.label, bold=True) if foreign else f"<b>{esc(contact.label)}</b>"
            )
        if contact.window:
            parts.append(f"{esc(t.window)}: {w(contact.window)}")
        if contact.phone:
            phone = contact.phone + (f"（内線 {contact.extension}）" if staff and contact.extension else "")
            parts.append(f"{esc(t.phone)}: {esc(phone)}")
        elif staff and contact.extension:
            parts.append(f"内線: {esc(contact.extension)}")
        if contact.hours:
            parts.append(f"{esc(t.hours)}: {hours(contact.hours)}")
        if staff and contact.note:
            parts.append(f"<span style='color:#555'>（{esc(contact.note)}）</span>")
        if staff and contact.confidentiality.value != "public":
            parts.append("［職員のみ］")
        if len(parts) > (1 if contact.label else 0):
            lines.append("<p class='contact'>" + "　".join(parts) + "</p>")
    if org.address:
        lines.append(f"<p class='contact'>{esc(t.address)}: {w(org.address)}</p>")
    if staff and org.staff_note:
        lines.append(f"<p class='staff'>［職員メモ］{esc(org.staff_note)}</p>")
    return lines


def item_heading(number: int, item: ChecklistItem) -> str:
    """An item's heading as printed: its number and name."""
    return f"□ {number}. {item.name}"


def _item(number: int, item: ChecklistItem, t: print_languages.Strings, staff: bool) -> list[str]:
    lines = [f"<h3>{esc(item_heading(number, item))}</h3>"]
    if item.description:
        lines.append(f"<p class='detail'><b>{esc(t.about)}:</b> {esc(item.description)}</p>")
    if item.phone or item.hours:
        parts = [
            f"<b>{esc(t.phone)}:</b> {esc(item.phone)}" if item.phone else "",
            f"<b>{esc(t.hours)}:</b> {esc(item.hours)}" if item.hours else "",
        ]
        lines.append("<p class='detail'>" + "　".join(x for x in parts if x) + "</p>")
    if item.what_to_bring:
        things = "　".join(f"・{esc(w)}" for w in item.what_to_bring)
        lines.append(f"<p class='detail'><b>{esc(t.bring)}:</b> {things}</p>")
    if item.caution:
        lines.append(f"<p class='detail'><b>{esc(t.caution)}:</b> {esc(item.caution)}</p>")
    if item.location:
        lines.append(f"<p class='detail'>{esc(t.address)}: {esc(item.location)}</p>")
    if staff and item.staff_note:
        lines.append(f"<p class='staff'>［職員メモ］{esc(item.staff_note)}</p>")
    if staff and item.source:
        lines.append(f"<p class='staff'>［出典］{esc(item.source)}</p>")
    return lines
