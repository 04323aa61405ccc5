"""Hours written with whole day names (月曜日〜金曜日, 火曜〜日曜) are read as the days they name.

Found trying the foreign-language copies (hx-try14): 「月曜日〜金曜日 9:00〜17:00」 printed on an
English copy as "Mon–Fri, Sun 9:00–17:00" and 「火曜日〜日曜日」 as "Tue, Sun" — the 日 of 曜日 was
taken for Sunday, the first of a range 日〜金. A silent wrong answer on the paper she keeps, and the
desk ranked such a line as open on a Sunday.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from dvdesk.domain.opening_hours import open_at
from dvdesk.printing import foreign_text, print_languages

SUNDAY_NOON = datetime(2026, 12, 6, 12, 0)
WEDNESDAY_NOON = datetime(2026, 12, 2, 12, 0)


@pytest.mark.parametrize(
    ("lang", "japanese", "said"),
    [
        ("en", "月曜日〜金曜日 9:00〜17:00", "Mon–Fri 9:00–17:00"),
        ("en", "月曜日～金曜日 9:00～17:00", "Mon–Fri 9:00–17:00"),
        ("en", "火曜日〜日曜日 10:00〜18:00", "Tue–Sun 10:00–18:00"),
        ("en", "月曜〜金曜 9:00〜17:00、土曜日 9:00〜12:00", "Mon–Fri 9:00–17:00; Sat 9:00–12:00"),
        ("vi", "土曜日・日曜日 10:00〜16:00", "Thứ Bảy, Chủ Nhật 10:00–16:00"),
        ("en", "日曜日〜火曜日 9:00〜12:00", "Mon, Tue, Sun 9:00–12:00"),  # a range across the week's end
    ],
)
def test_whole_day_names_are_said_as_the_days_they_name(lang, japanese, said):
    assert foreign_text.hours_in(print_languages.strings(lang), japanese) == said


def test_the_printout_marks_nothing_it_read_whole():
    printed = foreign_text.hours_html(print_languages.EN, "月曜日〜金曜日 9:00〜17:00")
    assert printed == "Mon–Fri 9:00–17:00"


@pytest.mark.parametrize(
    ("hours", "when", "answer"),
    [
        ("月曜日〜金曜日 9:00〜17:00", SUNDAY_NOON, False),
        ("月曜日〜金曜日 9:00〜17:00", WEDNESDAY_NOON, True),
        ("火曜日〜日曜日 10:00〜18:00", WEDNESDAY_NOON, True),
        ("火曜〜金曜 10:00〜18:00", SUNDAY_NOON, False),
    ],
)
def test_the_desk_reads_them_as_the_same_days(hours, when, answer):
    assert open_at(hours, when) is answer


SATURDAY_3PM = datetime(2026, 12, 5, 15, 0)


@pytest.mark.parametrize(
    "japanese",
    [
        "月〜金 9:00〜17:00 土 9:00〜12:00",
        "月〜金 9:00〜17:00　土 9:00〜12:00",  # an ideographic space, as typed in a Japanese form
        "月〜金 9:00〜17:00\n土 9:00〜12:00",  # a line of its own
    ],
)
def test_days_after_a_time_begin_another_part_of_the_hours(japanese):
    """Found the same way: parts of the hours separated by a space or a line, not a 、, were one part —
    'Mon–Sat 9:00–17:00 9:00–12:00' on the paper, and open on Saturday at 3 p.m. at the desk."""
    assert foreign_text.hours_in(print_languages.EN, japanese) == "Mon–Fri 9:00–17:00; Sat 9:00–12:00"
    assert open_at(japanese, SATURDAY_3PM) is False
    assert open_at(japanese, WEDNESDAY_NOON) is True


def test_a_break_at_noon_stays_one_part():
    assert (
        foreign_text.hours_in(print_languages.EN, "平日 9:00〜12:00 13:00〜17:00") == "Weekdays 9:00–12:00 13:00–17:00"
    )


TUESDAY_11PM = datetime(2026, 12, 1, 23, 0)
SATURDAY_3AM = datetime(2026, 12, 5, 3, 0)
MONDAY_3AM = datetime(2026, 12, 7, 3, 0)


@pytest.mark.parametrize(
    ("hours", "when", "answer"),
    [
        ("毎日 22:00〜6:00", TUESDAY_11PM, True),
        ("毎日 22:00〜6:00", datetime(2026, 12, 1, 3, 0), True),
        ("毎日 22:00〜6:00", WEDNESDAY_NOON, False),
        ("平日 22:00〜6:00", SATURDAY_3AM, True),  # Friday's night
        ("平日 22:00〜6:00", MONDAY_3AM, False),  # Sunday's night: not a weekday's
        ("平日 22:00〜6:00", datetime(2026, 12, 5, 23, 0), False),
    ],
)
def test_a_line_answering_through_the_night_is_open_at_night(hours, when, answer):
    """A night line (22:00〜6:00) was read as closed at every hour, so a safety search at night put
    the one line answering then below the lines whose hours are unknown."""
    assert open_at(hours, when) is answer
