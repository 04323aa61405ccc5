"""The referral slip (連絡票): from the counselor to one department.

It names the department, the procedures or services requested, and the counselor (name, desk,
extension) so the department can call back, and leaves room for the department to note what it
did. It carries no client details: the lines for her name are left blank for the counselor to
fill in by hand, on the paper only. The client may carry the slip to the window, so it can be
printed discreetly too (neutral title and wording).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dvdesk.domain.disclosure import Audience, Printable
from dvdesk.printing import print_languages
from dvdesk.printing.document import TABLE, PrintDocument, esc, finish, page, require_printable

TITLE = "連絡票"
BLANK = "&nbsp;"


@dataclass(frozen=True)
class Counselor:
    """Who sends the slip; typed in the dialog, never stored with a client's details."""

    name: str = ""
    desk: str = ""  # 所属: e.g. 男女平等推進センター
    extension: str = ""


def _blank_rows(label: str, rows: int) -> str:
    cells = "".join(f"<tr><td class='blank'>{BLANK}</td></tr>" for _ in range(rows))
    return f"<p class='label'><b>{esc(label)}</b></p>{TABLE}{cells}</table>"


def build_slip(printable: Printable, counselor: Counselor, today: dt.date | None = None) -> PrintDocument:
    """One slip per department: ``printable`` must hold exactly one section."""
    p = require_printable(printable)
    if len(p.checklist.sections) != 1:
        raise ValueError("連絡票は1つの窓口あてに作ります。")
    section = p.checklist.sections[0]
    if section.department.unconfirmed:
        raise ValueError("連絡票のあて先の窓口が決まっていません。窓口を確認して指定してください。")
    today = today or dt.date.today()
    dept = section.department
    date = print_languages.JA.date(today)

    window = ""
    if dept.organization:
        # The window she goes to: a public contact's. The slip is a staff copy (its contacts include
        # staff-only ones) but travels in her hand, so a staff-only window is never named on it.
        found = [
            c.window for c in dept.organization.contacts if c.window and Audience.CLIENT.may_see(c.confidentiality)
        ]
        window = f"（{found[0]}）" if found else ""
    # Each procedure's caution goes with it to the window that handles it (a department that did
    # not heed the 支援措置 is how addresses leaked); not on a discreet slip, which she may carry.
    requested = "".join(
        f"<li>{esc(item.name)}"
        + (f"<br/><b>注意:</b> {esc(item.caution)}" if item.caution and not p.discreet else "")
        + "</li>"
        for item in section.items
    )
    sender = [("所属", counselor.desk), ("担当相談員", counselor.name), ("内線", counselor.extension)]
    sender_rows = "".join(
        f"<tr><td width='25%'><b>{esc(k)}</b></td><td>{esc(v) if v else BLANK}</td></tr>" for k, v in sender
    )

    body = [
        f"<h1>{TITLE}</h1>",
        f"<p class='meta'>{esc(p.checklist.municipality_name)}　作成日: {esc(date)}</p>",
        f"<h2>あて先: {esc(dept.name)}{esc(window)}</h2>",
        "<p>次の手続き・支援について、ご対応をお願いします。</p>",
        f"<ul>{requested}</ul>",
        "<h2>依頼元</h2>",
        f"{TABLE}{sender_rows}</table>",
        "<h2>ご本人について（相談員が手書きで記入）</h2>",
        TABLE + f"<tr><td width='25%'><b>お名前</b></td><td>{BLANK}</td></tr>"
        f"<tr><td><b>連絡方法</b></td><td>{BLANK}</td></tr></table>",
        "<h2>受付した窓口の記入欄</h2>",
        _blank_rows("対応した内容", 4),
        _blank_rows("相談員への連絡事項", 2),
        "<p class='label'>&nbsp;</p>" + TABLE + f"<tr><td width='25%'><b>対応日</b></td><td>{BLANK}</td>"
        f"<td width='20%'><b>対応者</b></td><td>{BLANK}</td></tr></table>",
        "<p class='meta'>この票には相談者の個人情報を印字していません。記入後は個人情報として取り扱ってください。</p>",
    ]
    return finish(
        PrintDocument(
            TITLE,
            page(TITLE, "\n".join(body)),
            f"作成日: {date}",
            "{page} / {pages}",
            p.discreet,
            tuple(item.name for item in section.items),
        )
    )
