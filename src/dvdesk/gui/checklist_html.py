"""What the checklist dialog shows below its list, as HTML: the selected item whole (its
department, description, what to bring, caution, the staff note and the source) and the places
she can contact for the chosen needs, with their phones and hours. Every value from the data is
escaped; a department no source names is shown as 「窓口を確認してください」 with its hint, never
as if it were a department.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QObject

from dvdesk.domain import checklist as cl
from dvdesk.domain.record_kinds import Confidentiality


class ChecklistHtml(QObject):
    def item(self, item: cl.ChecklistItem | None) -> str:
        """The selected item whole, or a word on what selecting one shows."""
        if item is None:
            return escape(self.tr("項目を選ぶと、内容・持ち物・注意がここに出ます。"))
        rows = [f"<b>{escape(item.name)}</b>"]
        dept = item.department
        rows.append(
            escape(
                self.tr("窓口: {name}").format(
                    name=self.tr("窓口を確認してください（目安: {hint}）").format(hint=dept.hint)
                    if dept.unconfirmed
                    else dept.name
                )
            )
        )
        if item.description:
            rows.append(escape(item.description))
        if item.what_to_bring:
            rows.append(
                escape(self.tr("持ち物:"))
                + "<ul>"
                + "".join(f"<li>{escape(w)}</li>" for w in item.what_to_bring)
                + "</ul>"
            )
        if item.caution:
            rows.append(escape(self.tr("注意: {text}").format(text=item.caution)))
        if item.staff_note:
            rows.append(
                "<span style='color:#7a1f00'>"
                + escape(self.tr("［職員メモ］{note}").format(note=item.staff_note))
                + "</span>"
            )
        if item.source:
            rows.append(
                "<span style='color:#555'>" + escape(self.tr("出典: {source}").format(source=item.source)) + "</span>"
            )
        return "<br>".join(rows)

    def places(self, c: cl.Checklist) -> str:
        if not c.contacts:
            return escape(self.tr("ニーズを選ぶと、そのニーズの相談先がここに出ます（印刷にも入ります）。"))
        parts = []
        for group in c.contacts:
            parts.append(f"<h4>{escape(group.need_label)}</h4><ul>")
            if not group.services:  # printed too: the paper never just leaves the need out
                parts.append(
                    "<li><b>"
                    + escape(self.tr("このニーズの相談先は登録されていません（印刷にもそう書きます）"))
                    + "</b></li>"
                )
            for item in group.services:
                # The tab shows everything the counselor may see; what the client's copy leaves
                # out (a staff-only place, a staff-only line) is marked, so screen and paper agree.
                phones = [item.phone] if item.phone else []
                org = item.department.organization
                for x in org.contacts if org else ():
                    staff_only = Confidentiality.of(x.confidentiality) is not Confidentiality.PUBLIC
                    phone = self.tr("{phone}（職員のみ）").format(phone=x.phone) if staff_only else x.phone
                    if x.phone and x.phone not in phones and phone not in phones:
                        phones.append(phone)
                extra = "　".join(x for x in (self.tr("、").join(phones), item.hours) if x)
                hidden = Confidentiality.of(item.confidentiality) is not Confidentiality.PUBLIC
                mark = self.tr("［職員のみ：相談者用には印刷しません］") if hidden else ""
                parts.append(
                    f"<li>{escape(item.name)}（{escape(item.department.name)}）"
                    + (f"　{escape(extra)}" if extra else "")
                    + (f"　<b>{escape(mark)}</b>" if mark else "")
                    + "</li>"
                )
            parts.append("</ul>")
        return "".join(parts)
