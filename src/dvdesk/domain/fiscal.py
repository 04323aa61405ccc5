"""The Japanese fiscal year (年度): April to March, labelled in the 令和 era as the plans do."""

from __future__ import annotations

import datetime as dt

FIRST_MONTH = 4


def fiscal_year_of(day: dt.date) -> int:
    """2025 for any day from 2025-04-01 to 2026-03-31 (令和7年度)."""
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def fiscal_months(year: int) -> tuple[dt.date, ...]:
    """The first day of each month of the fiscal year, April first."""
    return tuple(dt.date(year + (m < FIRST_MONTH), m, 1) for m in (*range(4, 13), 1, 2, 3))


def fiscal_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def era_year(year: int) -> str:
    """令和7 for 2025; 令和元 for 2019 (令和元年度 runs April 2019 – March 2020); 平成 before."""
    if year >= 2019:
        n, era = year - 2018, "令和"
    elif year >= 1989:
        n, era = year - 1988, "平成"
    else:
        return f"{year}"
    return f"{era}{'元' if n == 1 else n}"


def fiscal_year_label(year: int) -> str:
    """令和7年度"""
    return f"{era_year(year)}年度"


def fiscal_period_label(year: int) -> str:
    """2025年4月〜2026年3月"""
    return f"{year}年4月〜{year + 1}年3月"


def month_label(month: dt.date) -> str:
    return f"{month.month}月"
