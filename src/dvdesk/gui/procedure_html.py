"""A procedure found by search, as the counselor reads it in the detail pane.

Shown on her own screen only (the staff note is marked like the service view's); what leaves the
screen goes through the checklist and its disclosure filter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from dvdesk.gui.detail_html import STAFF_COLOR, badge, escape, muted

if TYPE_CHECKING:
    from dvdesk.domain.checklist import ChecklistItem  # the checklist's values: not on the start's path


def _row(label: str, value_html: str) -> str:
    return (
        f'<tr><th align="left" valign="top" style="padding:3px 12px 3px 0;">{escape(label)}</th>'
        f'<td style="padding:3px 0;">{value_html}</td></tr>'
    )


def procedure_html(item: ChecklistItem, municipality_code: str | None) -> str:
    rows = [_row(QCoreApplication.translate("ProcedureHtml", "窓口"), escape(item.department.name))]
    contacts = item.department.organization.contacts if item.department.organization else ()
    phones = [c for c in contacts if c.phone and c.confidentiality == "public"]  # never an internal line
    if phones:
        rows.append(
            _row(
                QCoreApplication.translate("ProcedureHtml", "電話"),
                "<br>".join(escape(" ".join(x for x in (c.label, c.phone, c.hours) if x)) for c in phones),
            )
        )
    if item.description:
        rows.append(_row(QCoreApplication.translate("ProcedureHtml", "内容"), escape(item.description)))
    if item.what_to_bring:
        rows.append(_row(QCoreApplication.translate("ProcedureHtml", "持ち物"), escape("、".join(item.what_to_bring))))
    if item.caution:
        rows.append(_row(QCoreApplication.translate("ProcedureHtml", "注意"), escape(item.caution)))
    if item.staff_note:
        staff = badge(QCoreApplication.translate("ProcedureHtml", "職員のみ"), STAFF_COLOR)
        rows.append(_row(QCoreApplication.translate("ProcedureHtml", "職員メモ"), f"{staff} {escape(item.staff_note)}"))
    if municipality_code:
        how = QCoreApplication.translate(
            "ProcedureHtml", "「チェックリストに追加」（Alt+L）で相談者のチェックリストに加えられます。"
        )
    else:
        how = QCoreApplication.translate(
            "ProcedureHtml", "チェックリストに加えるには、上の「市区町村」を選んでください。"
        )
    title = badge(QCoreApplication.translate("ProcedureHtml", "手続き"), "#3b5b92")
    return (
        f"<h2>{escape(item.name)}</h2><p>{title}</p>"
        '<table cellspacing="0">' + "".join(rows) + f"</table><p>{muted(how)}</p>"
    )
