"""What the counselor reads about one service or department, and what may leave the screen.

The screen shows everything (``Audience.SCREEN``) with staff-only and secret fields marked by a
badge. ``contact_text`` is for the clipboard, which can end up anywhere, so it is built from the
``Audience.CLIENT`` view only. The disclosure filter (and, through it, the checklist's values)
is imported when the first view is built, not by the window's start (~20 ms of CPU before its
first paint, for a pane that is empty until she picks a row). ``escape`` is ``html.escape``
without importing ``html``, whose entity tables (2,231 names) the window never needs.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from dvdesk.domain.directory_views import phone_key
from dvdesk.domain.record_kinds import Confidentiality, ServiceKind
from dvdesk.gui.desk_models import circumstance_label, kind_label, org_kind_label

if TYPE_CHECKING:  # the detail records: imported when the first one is read (domain.detail_views)
    from dvdesk.domain.detail_views import ContactView, OrganizationView, ServiceDetail, SourceView

SECRET_COLOR = "#b00020"
STAFF_COLOR = "#c25e00"
STALE_COLOR = "#7a5200"
MISSING_COLOR = "#a33a00"
MUTED_COLOR = "#6b6b6b"
WORD_JOINER = "\u2060"


def escape(text: str) -> str:
    """What ``html.escape(text)`` gives (a test compares them): the legend's badges are built
    before the first paint."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;").replace("'", "&#x27;")


def badge(text: str, background: str, foreground: str = "#ffffff", *, unbroken: bool = True) -> str:
    # Word joiners keep a short badge on one line: Japanese may otherwise break between any two characters.
    shown = escape(WORD_JOINER.join(text)).replace(" ", "&nbsp;") if unbroken else escape(text)
    return (
        f'<span style="background-color:{background}; color:{foreground}; font-weight:bold;">&nbsp;{shown}&nbsp;</span>'
    )


def quiet(text: str) -> str:
    """A warning that does not shout: small, dark amber, no background."""
    return f'<span style="color:{STALE_COLOR}; font-size:small;">{escape(text)}</span>'


def muted(text: str) -> str:
    return f'<span style="color:{MUTED_COLOR};">{escape(text)}</span>'


def _row(label: str, value_html: str) -> str:
    return (
        f'<tr><th align="left" valign="top" style="padding:3px 12px 3px 0;">{escape(label)}</th>'
        f'<td style="padding:3px 0;">{value_html}</td></tr>'
    )


def _table(rows: list[str]) -> str:
    return '<table cellspacing="0">' + "".join(rows) + "</table>"


class DetailHtml(QObject):
    """Renders views as HTML for a QTextBrowser, and the clipboard's plain text."""

    def __init__(self, english: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.english = english

    # -- small pieces ---------------------------------------------------------------------
    def confidentiality_badge(self, level: Confidentiality) -> str:
        if level is Confidentiality.SECRET:
            return " " + badge(self.tr("秘"), SECRET_COLOR)
        if level is Confidentiality.STAFF:
            return " " + badge(self.tr("職員のみ"), STAFF_COLOR)
        return ""

    def staff_badge(self) -> str:
        return self.confidentiality_badge(Confidentiality.STAFF)

    def missing_phone(self) -> str:
        return f'<span style="color:{MISSING_COLOR}; font-weight:bold;">{escape(self.tr("電話番号未登録"))}</span>'

    def text(self, value: str) -> str:
        return escape(value).replace("\n", "<br>") if value else muted(self.tr("記載なし"))

    def date(self, day: dt.date) -> str:
        return self.tr("{y}年{m}月{d}日").format(y=day.year, m=day.month, d=day.day)

    def contact(self, contact: ContactView) -> str:
        """One contact point, a line per fact: name, phone (or that it is missing), window, hours."""
        lines = []
        if contact.label or contact.confidentiality is not Confidentiality.PUBLIC:
            lines.append(f"<b>{escape(contact.label)}</b>" + self.confidentiality_badge(contact.confidentiality))
        phone = escape(self.tr("電話 {phone}").format(phone=contact.phone)) if contact.phone else self.missing_phone()
        if contact.extension:
            phone += "　" + escape(self.tr("内線 {ext}").format(ext=contact.extension)) + self.staff_badge()
        lines.append(phone)
        for label, value in (
            (self.tr("窓口"), contact.window),
            (self.tr("受付"), contact.hours),
            (self.tr("メール"), contact.email),
            ("", contact.note),
        ):
            if value:
                lines.append(escape(self.tr("{label}：{value}").format(label=label, value=value) if label else value))
        return "<br>".join(lines)

    def contacts(self, org: OrganizationView) -> str:
        if not org.contacts:
            return self.missing_phone() + "<br>" + muted(self.tr("窓口・受付時間の記載なし"))
        return "".join(f'<p style="margin:0 0 6px 0;">{self.contact(c)}</p>' for c in org.contacts)

    def provenance(self, source: SourceView, today: dt.date | None = None, *, check: bool = True) -> str:
        """The last verification; the 要確認 note only when ``check`` (there is a phone or hours to check)."""
        if source.verified_on is None:
            when = muted(self.tr("未確認"))
        else:
            when = escape(self.date(source.verified_on))
            if source.verified_by:
                when += escape(self.tr("（{who}）").format(who=source.verified_by))
        if check and source.is_stale(today):
            warning = (
                self.tr("要確認：1年以上確認されていません")
                if source.verified_on
                else self.tr("要確認：確認日の記録がありません")
            )
            when += " " + quiet(warning)
        return when

    # -- whole views ----------------------------------------------------------------------
    def service(self, detail: ServiceDetail, today: dt.date | None = None) -> str:
        """The whole service for the counselor's screen, staff-only and secret parts marked."""
        from dvdesk.domain.disclosure import Audience, for_audience  # see the module doc

        shown = for_audience(detail, Audience.SCREEN)
        assert shown is not None  # the counselor's own screen sees everything
        head = f'<h2 style="margin-bottom:2px;">{escape(shown.name)}</h2><p>'
        if shown.kind is not ServiceKind.CLIENT:
            head += badge(kind_label(shown.kind), MUTED_COLOR) + " "
        head += self.confidentiality_badge(shown.confidentiality)
        if shown.needs_check(today):  # quietly, and only where a phone or hours may be out of date
            head += " " + quiet(self.tr("要確認"))
        head += "</p>"
        if shown.description:
            head += f"<p>{self.text(shown.description)}</p>"

        rows = []
        org = shown.provider
        if shown.phone:  # a hotline's own number comes first
            rows.append(_row(self.tr("専用電話"), f"<b>{escape(shown.phone)}</b>"))
        if org:
            who = f"<b>{escape(org.name)}</b>"
            if org.parent:
                who += escape(self.tr("（{parent}）").format(parent=org.parent))
            rows.append(_row(self.tr("提供する部署・機関"), who + "<br>" + muted(org_kind_label(org.kind))))
        else:
            rows.append(_row(self.tr("提供する部署・機関"), muted(self.tr("記載なし"))))
        if org and org.contacts:
            rows.append(_row(self.tr("窓口・連絡先"), self.contacts(org)))
        elif not shown.phone:
            rows.append(_row(self.tr("電話"), self.missing_phone()))
        contact_hours = org is not None and any(c.hours for c in org.contacts)
        if shown.schedule or not contact_hours:  # the contacts above already show their hours
            rows.append(_row(self.tr("受付時間"), self.text(shown.schedule)))
        unknown = []
        for label, value in (
            (self.tr("利用のしかた"), shown.access),
            (self.tr("対象"), shown.eligibility),
            (self.tr("持ち物"), shown.what_to_bring),
            (self.tr("費用"), shown.cost),
            (self.tr("対応言語"), "、".join(shown.languages)),
        ):
            if value:
                rows.append(_row(label, self.text(value)))
            else:
                unknown.append(label)
        if unknown:
            rows.append(_row(self.tr("記載なし"), muted(self.tr("、").join(unknown))))
        if shown.location:
            rows.append(
                _row(
                    self.tr("場所"),
                    self.text(shown.location) + self.confidentiality_badge(shown.location_confidentiality),
                )
            )
        if org and org.address:
            rows.append(
                _row(
                    self.tr("所在地"), self.text(org.address) + self.confidentiality_badge(org.address_confidentiality)
                )
            )
        if shown.staff_note:
            rows.append(_row(self.tr("職員メモ"), self.text(shown.staff_note) + self.staff_badge()))
        if org and org.staff_note:
            rows.append(_row(self.tr("部署・機関の職員メモ"), self.text(org.staff_note) + self.staff_badge()))
        needs = self.tr("、").join((en or ja) if self.english else ja for _, ja, en in shown.needs)
        rows.append(_row(self.tr("分野"), self.text(needs)))
        if shown.circumstances:  # why a checklist without a child leaves it out (``checklist_places``)
            rows.append(_row(self.tr("該当する事情"), self.circumstances(shown.circumstances)))
        rows.append(
            _row(self.tr("計画・取組"), "<br>".join(escape(i) for i in shown.initiatives) or muted(self.tr("記載なし")))
        )
        rows.append(_row(self.tr("出典"), self.text(shown.provenance.source)))
        # The service's own record matters only for its own line; the provider's shows in the header.
        rows.append(_row(self.tr("最終確認日"), self.provenance(shown.provenance, today, check=bool(shown.phone))))
        return head + _table(rows)

    def circumstances(self, keys: tuple[str, ...]) -> str:
        """The circumstances a place is for, in the interface's language, and what they do."""
        named = self.tr("、").join(circumstance_label(k) for k in keys)
        return self.text(named) + "<br>" + quiet(self.tr("チェックシートには、子どものいる相談者のときだけ載ります"))

    def organization(self, org: OrganizationView, today: dt.date | None = None) -> str:
        from dvdesk.domain.disclosure import Audience, organization_for  # see the module doc

        shown = organization_for(org, Audience.SCREEN)
        html = f'<h2 style="margin-bottom:2px;">{escape(shown.name)}</h2>'
        area = shown.municipality or self.tr("全国")
        html += f"<p>{muted(org_kind_label(shown.kind))}　{escape(area)}</p>"
        if shown.description:
            html += f"<p>{self.text(shown.description)}</p>"
        rows = []
        if shown.parent:
            rows.append(_row(self.tr("所属"), escape(shown.parent)))
        rows.append(_row(self.tr("窓口・連絡先"), self.contacts(shown)))
        if shown.address:
            rows.append(
                _row(
                    self.tr("所在地"),
                    self.text(shown.address) + self.confidentiality_badge(shown.address_confidentiality),
                )
            )
        if shown.staff_note:
            rows.append(_row(self.tr("職員メモ"), self.text(shown.staff_note) + self.staff_badge()))
        rows.append(
            _row(self.tr("最終確認日"), self.provenance(shown.provenance, today, check=shown.needs_check(today)))
        )
        return html + _table(rows)

    def contact_text(self, detail: ServiceDetail) -> str | None:
        """Plain text for the clipboard, from the client's view only; None if the client may not see it."""
        from dvdesk.domain.disclosure import Audience, for_audience  # see the module doc

        shown = for_audience(detail, Audience.CLIENT)
        if shown is None:
            return None
        lines = [shown.name]
        org = shown.provider
        if org:
            lines.append(f"{org.parent}　{org.name}" if org.parent else org.name)
        if shown.phone:
            lines.append(self.tr("電話 {phone}").format(phone=shown.phone))
        for c in org.contacts if org else ():
            again = bool(shown.phone) and phone_key(c.phone) == phone_key(shown.phone)  # said just above
            parts = [
                c.label,
                self.tr("電話 {phone}").format(phone=c.phone) if c.phone and not again else "",
                c.window,
                c.hours,
            ]
            if any(parts):
                lines.append("　".join(p for p in parts if p))
        if not shown.phones:
            lines.append(self.tr("電話番号未登録"))
        if shown.schedule:
            lines.append(self.tr("受付時間：{hours}").format(hours=shown.schedule))
        if shown.location:
            lines.append(shown.location)
        return "\n".join(lines)
