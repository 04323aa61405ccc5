"""The desk's warning about directory records that break a rule (``dvdesk.domain.integrity.scan``).

Such a record came from before the gate (an old backup, a file edited by hand). The window opens
anyway: unknown confidentiality levels read as secret and parent loops are walked once, so nothing
leaks and nothing hangs. The banner names the record, what is wrong and what to do.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget

from dvdesk.gui.qt_ints import TextFormat, set_property

if TYPE_CHECKING:
    from dvdesk.domain.integrity import Finding  # the scan imports the database layer


log = logging.getLogger(__name__)
SHOWN = 20  # in the tooltip; the administrator's `dvdesk check` lists them all


def banner(findings: list[Finding], parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("dataWarning")
    set_property(label, "textFormat", TextFormat.PLAIN)  # record names are data, never markup
    label.setWordWrap(True)
    label.setStyleSheet("QLabel { background: #fff4ce; color: #5c3c00; padding: 4px; }")
    show(label, findings)
    return label


def show(label: QLabel, findings: list[Finding]) -> None:
    """Fill the banner (hidden when there is nothing to say)."""
    label.setVisible(bool(findings))
    if not findings:
        return
    for f in findings:
        log.warning("directory record breaks a rule: %s", f)
    label.setText(
        QCoreApplication.translate(
            "IntegrityNotice",
            "ディレクトリに直す必要のある記録が {n}件あります。管理者に連絡してください"
            "（dvdesk check で一覧）。\n{first}",
        ).format(n=len(findings), first=findings[0])
    )
    label.setToolTip("\n".join(str(f) for f in findings[:SHOWN]))
