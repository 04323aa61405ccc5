"""The checklist printout: one builder for the client copy and the staff copy.

What a copy may contain was decided by ``disclosure.checklist_for`` (the Printable's audience
and discreet flag); this module only lays it out. The staff copy is always in Japanese; the
client copy's headings and instructions follow the chosen language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from dvdesk.domain.checklist import CONFIRM_DEPARTMENT, ChecklistItem, ContactGroup, Department
from dvdesk.domain.disclosure import Audience, Printable
from dvdesk.domain.models import CIRCUMSTANCES
from dvdesk.printing import i18n
from dvdesk.printing.document import TABLE, PrintDocument, esc, finish, page, require_printable

STAFF_BANNER = "職員用 — 相談者には渡さないでください（内線・職員メモを含みます）"


def build_checklist(printable: Printable, lang: str = "ja", today: dt.date | None = None,
                    need_labels: Mapping[str, str] | None = None) -> PrintDocument:
    """The checklist as HTML. ``need_labels`` (key → 日本語) names the needs on the staff copy."""
    p = require_printable(printable)
    staff = p.audience is Audience.STAFF
    t = i18n.JA if staff else i18n.strings(lang)
    today = today or dt.date.today()
    title = t.title_discreet if p.discreet else t.title
    if staff:
        title += "（職員用）"
    c = p.checklist

    body = [f"<h1>{esc(title)}</h1>",
            f"<p class='meta'>{esc(c.municipality_name)}　{esc(t.printed)}: {esc(t.date(today))}</p>"]
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
        body += _department_heading(section.department, t, staff)
        body += _department_lines(section.department, t, staff)
        for item in section.items:
            number += 1
            body += _item(number, item, t, staff)
    if not c.sections:
        body.append(f"<p>{esc(t.nothing)}</p>")
    body += _contacts(c.contacts, t, staff, p.discreet)

    footer = f"{t.printed}: {t.date(today)}" + ("　職員用" if staff else "")
    # Counted from the checklist itself, not from the loop above: the renderer finds each on paper.
    expected = tuple(item_heading(n, item) for n, item in enumerate(c.items, start=1))
    expected += tuple(f"・{item.name}" for g in c.contacts for item in g.services)  # 相談できるところ
    return finish(PrintDocument(title, page(title, "\n".join(body)), footer, t.page, p.discreet, expected))


def _situation(needs: tuple[str, ...], circumstances: tuple[str, ...],
               labels: Mapping[str, str]) -> list[str]:
    lines = []
    if needs:
        lines.append("<p><b>ニーズ:</b> " + esc("、".join(labels.get(k, k) for k in needs)) + "</p>")
    if circumstances:
        names = (CIRCUMSTANCES[k][0] if k in CIRCUMSTANCES else k for k in circumstances)
        lines.append("<p><b>状況:</b> " + esc("、".join(names)) + "</p>")
    return lines


def _note_box(heading: str, note: str) -> str:
    text = "<br>".join(esc(line) for line in note.splitlines())
    return (TABLE +
            f"<tr><td><b>{esc(heading)}</b><br>{text}</td></tr></table>")


def _department_heading(dept: Department, t: i18n.Strings, staff: bool) -> list[str]:
    if not dept.unconfirmed:
        return [f"<h2>{esc(dept.name)}</h2>"]
    # No source names the department: a line to write it in by hand, never the placeholder.
    lines = [f"<h2>{esc(t.window_to_fill)}: ＿＿＿＿＿＿＿＿＿＿＿＿</h2>"]
    if staff:
        lines.append(f"<p class='staff'>［{esc(CONFIRM_DEPARTMENT)}］担当課が資料にありません"
                     + (f"（目安: {esc(dept.hint)}）" if dept.hint else "") + "</p>")
    return lines


def _contacts(groups: tuple[ContactGroup, ...], t: i18n.Strings, staff: bool, discreet: bool) -> list[str]:
    """The places she can contact, by need: name, department, phone, hours."""
    if not any(g.services for g in groups):
        return []
    lines = [f"<h2>{esc(t.contacts)}</h2>"]
    for g in groups:
        if g.need_label and not discreet:
            lines.append(f"<h3>{esc(g.need_label)}</h3>")
        for item in g.services:
            lines += _contact_item(item, t, staff)
    return lines


def _contact_item(item: ChecklistItem, t: i18n.Strings, staff: bool) -> list[str]:
    dept = item.department
    where = dept.name if dept.name != item.name else ""
    head = f"<p><b>・{esc(item.name)}</b>" + (f"　（{esc(where)}）" if where else "") + "</p>"
    phones = [item.phone] if item.phone else []
    hours = [item.hours] if item.hours else []
    if dept.organization is not None:
        phones += [c.phone for c in dept.organization.contacts if c.phone and c.phone not in phones]
        if not hours:
            hours = [c.hours for c in dept.organization.contacts if c.hours]
    parts = []
    if phones:
        parts.append(f"<b>{esc(t.phone)}:</b> {esc('、'.join(phones))}")
    if hours:
        parts.append(f"<b>{esc(t.hours)}:</b> {esc(' / '.join(hours))}")
    lines = [head]
    if item.description:
        lines.append(f"<p class='detail'>{esc(item.description)}</p>")
    if parts:
        lines.append("<p class='detail'>" + "　".join(parts) + "</p>")
    if item.location:
        lines.append(f"<p class='detail'>所在地: {esc(item.location)}</p>")
    if staff and item.staff_note:
        lines.append(f"<p class='staff'>［職員メモ］{esc(item.staff_note)}</p>")
    if staff and item.source:
        lines.append(f"<p class='staff'>［出典］{esc(item.source)}</p>")
    return lines


def _department_lines(dept: Department, t: i18n.Strings, staff: bool) -> list[str]:
    org = dept.organization
    if org is None:
        return []
    lines = []
    for contact in org.contacts:
        parts = []
        if contact.label:
            parts.append(f"<b>{esc(contact.label)}</b>")
        if contact.window:
            parts.append(f"{esc(t.window)}: {esc(contact.window)}")
        if contact.phone:
            phone = contact.phone + (f"（内線 {contact.extension}）" if staff and contact.extension else "")
            parts.append(f"{esc(t.phone)}: {esc(phone)}")
        elif staff and contact.extension:
            parts.append(f"内線: {esc(contact.extension)}")
        if contact.hours:
            parts.append(f"{esc(t.hours)}: {esc(contact.hours)}")
        if staff and contact.note:
            parts.append(f"<span style='color:#555'>（{esc(contact.note)}）</span>")
        if staff and contact.confidentiality.value != "public":
            parts.append("［職員のみ］")
        if len(parts) > (1 if contact.label else 0):
            lines.append("<p class='contact'>" + "　".join(parts) + "</p>")
    if org.address:
        lines.append(f"<p class='contact'>所在地: {esc(org.address)}</p>")
    if staff and org.staff_note:
        lines.append(f"<p class='staff'>［職員メモ］{esc(org.staff_note)}</p>")
    return lines


def item_heading(number: int, item: ChecklistItem) -> str:
    """An item's heading as printed: its number and name."""
    return f"□ {number}. {item.name}"


def _item(number: int, item: ChecklistItem, t: i18n.Strings, staff: bool) -> list[str]:
    lines = [f"<h3>{esc(item_heading(number, item))}</h3>"]
    if item.description:
        lines.append(f"<p class='detail'><b>{esc(t.about)}:</b> {esc(item.description)}</p>")
    if item.phone or item.hours:
        parts = [f"<b>{esc(t.phone)}:</b> {esc(item.phone)}" if item.phone else "",
                 f"<b>{esc(t.hours)}:</b> {esc(item.hours)}" if item.hours else ""]
        lines.append("<p class='detail'>" + "　".join(x for x in parts if x) + "</p>")
    if item.what_to_bring:
        things = "　".join(f"・{esc(w)}" for w in item.what_to_bring)
        lines.append(f"<p class='detail'><b>{esc(t.bring)}:</b> {things}</p>")
    if item.caution:
        lines.append(f"<p class='detail'><b>{esc(t.caution)}:</b> {esc(item.caution)}</p>")
    if item.location:
        lines.append(f"<p class='detail'>所在地: {esc(item.location)}</p>")
    if staff and item.staff_note:
        lines.append(f"<p class='staff'>［職員メモ］{esc(item.staff_note)}</p>")
    if staff and item.source:
        lines.append(f"<p class='staff'>［出典］{esc(item.source)}</p>")
    return lines
