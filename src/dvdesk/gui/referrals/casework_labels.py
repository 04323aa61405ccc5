"""The referral log's and the statistics' own words in the interface language.

Statuses, channels, sources and the report's fixed row labels are defined once, in Japanese, in
the domain, marked with ``dvdesk.domain.translatable.N_("CaseworkLabels", …)`` (no Qt there; lupdate
reads the marker), and translated here; a test checks none is unmarked. Need names come from the
directory, which has each in English (``label_en``), as the desk shows them. Files for the
committee (Excel, CSV) stay Japanese.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QLocale

from dvdesk.domain import fiscal, report_export, translatable
from dvdesk.domain.casework_models import Channel, ReferralStatus
from dvdesk.domain.statistics import Source
from dvdesk.gui import i18n

CONTEXT = translatable.CASEWORK
OVERLAP_NOTE = report_export.OVERLAP_NOTE  # marked for translation where it is defined


def label(text: str) -> str:
    """A label of the casework domain in the interface language; any other text as it is."""
    return QCoreApplication.translate(CONTEXT, text) if text in translatable.marked(CONTEXT) else text


def status_label(status: ReferralStatus) -> str:
    return label(status.label)


def channel_label(channel: Channel) -> str:
    return label(channel.label)


def source_label(source: Source) -> str:
    return label(source.label)


def overlap_note(what: str) -> str:
    return QCoreApplication.translate(CONTEXT, OVERLAP_NOTE).format(what=label(what))


def month_label(month: dt.date) -> str:
    """4月, or Apr in the English interface."""
    if i18n.english():
        return QLocale(QLocale.Language.English).monthName(month.month, QLocale.FormatType.ShortFormat)
    return fiscal.month_label(month)


def fiscal_year_label(year: int) -> str:
    """令和7年度 (as the plans write it), or FY2025."""
    if i18n.english():
        return QCoreApplication.translate("CaseworkLabels", "{year}年度").format(year=year)
    return fiscal.fiscal_year_label(year)


def fiscal_period_label(year: int) -> str:
    """2025年4月〜2026年3月"""
    return QCoreApplication.translate("CaseworkLabels", "{year}年4月〜{next}年3月").format(year=year, next=year + 1)


class NeedNames:
    """Need names as shown: Japanese, or the directory's English name in the English interface."""

    def __init__(self, need_labels: dict[str, tuple[str, str]] | None = None) -> None:
        """``need_labels``: key → (Japanese, English), as ``app`` reads them from the directory."""
        self.by_key: dict[str, str] = {}
        self.by_label: dict[str, str] = {}
        if need_labels is not None and i18n.english():
            for key, (ja, en) in need_labels.items():
                if en:
                    self.by_key[key], self.by_label[ja] = en, en

    def of_key(self, key: str, japanese: str) -> str:
        return self.by_key.get(key, japanese)

    def of_label(self, text: str) -> str:
        """A row of the report: a need's Japanese name, a channel, 未分類 …"""
        return self.by_label.get(text) or label(text)
