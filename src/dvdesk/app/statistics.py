"""Statistics for the window and the command line: the fiscal-year report and the monthly counts."""

from __future__ import annotations

import datetime as dt

from dvdesk.domain import directory, statistics
from dvdesk.domain.casework_models import Channel
from dvdesk.domain.directory import OrganizationView
from dvdesk.domain.directory_views import DESK_MUNICIPALITY
from dvdesk.domain.models import Meta
from dvdesk.domain.referral_choices import need_choices
from dvdesk.domain.statistics import CountConflict, CountGrid, Source, YearReport
from dvdesk.storage.database_protocol import DatabaseLike

__all__ = ["CountConflict", "Statistics"]


class Statistics:
    def __init__(self, db: DatabaseLike):
        self.db = db

    def years_with_data(self, today: dt.date | None = None) -> list[int]:
        with self.db.read() as s:
            return statistics.years_with_data(s, today)

    def year_report(self, year: int, source: Source | str = Source.ENTERED) -> YearReport:
        with self.db.read() as s:
            return statistics.year_report(s, year, source)

    def need_labels(self) -> dict[str, tuple[str, str]]:
        with self.db.read() as s:
            return directory.need_labels(s)

    def entry_choices(self) -> tuple[list[tuple[str, str, int]], dict[str, tuple[str, str]], list[OrganizationView]]:
        """What the monthly count form offers: needs (key, label, depth), their labels, departments:
        this desk's municipality's (first-run setup) with the national agencies; every town's on a
        desk not set up yet, or set up for a municipality gone from the directory."""
        with self.db.read() as s:
            desk = s.get(Meta, DESK_MUNICIPALITY)
            code = desk.value if desk and desk.value else None
            if code not in {m.code for m in directory.municipalities(s)}:
                code = None
            return need_choices(s), directory.need_labels(s), directory.organizations(s, code)

    def month_counts(self, month: dt.date, department: str | int, dv: bool) -> dict[tuple[str, Channel], int]:
        with self.db.read() as s:
            return statistics.month_counts(s, month, department, dv)

    def save_month_counts(
        self,
        month: dt.date,
        department: str | int,
        dv: bool,
        counts: CountGrid,
        today: dt.date | None = None,
        *,
        seen: CountGrid | None = None,
    ) -> int:
        """``seen``: the month as the form showed it; another desk's save since raises ``CountConflict``."""
        with self.db.write() as s:
            return statistics.save_month_counts(s, month, department, dv, counts, today, seen=seen)
