"""Whether a line answers at a given time, read from its hours as the plans write them.

The plans write hours in a few plain shapes: 24時間, 平日, 平日 9:00〜21:00、土曜 9:00〜17:00,
月〜水・金 9:30〜16:30、木 14:00〜20:00 (notes in brackets are ignored). Anything else
(毎月第4金曜日 午後7時, つながる先の相談窓口の受付時間内) is *unknown*: ``None``, never a guess.
Public holidays are not known here: a weekday range may be wrong on a holiday, so a line read
as open is only ranked first, never promised.

The time is always a parameter: tests and the desk pass it, nothing here reads the clock.
"""

from __future__ import annotations

import re
from datetime import datetime, time

from dvdesk.domain import japanese

_DAYS = "月火水木金土日"  # datetime.weekday(): Monday is 0
_BRACKETS = re.compile(r"\([^)]*\)")
_RANGE = re.compile(r"(\d{1,2}):(\d{2})\s*[〜~\-ー]\s*(\d{1,2}):(\d{2})")
_DAY_RANGE = re.compile(r"([月火水木金土日])\s*[〜~\-]\s*([月火水木金土日])")
_SEGMENTS = re.compile(r"[、,;/]")


def answers_day_and_night(hours: str) -> bool:
    return "24時間" in japanese.normalize(hours).replace(" ", "")


def open_at(hours: str, when: datetime) -> bool | None:
    """True if ``hours`` covers ``when``, False if it clearly does not, None if it cannot tell."""
    if answers_day_and_night(hours):
        return True
    text = _BRACKETS.sub(" ", japanese.normalize(hours))  # NFKC: （） → ()
    segments = [s.strip() for s in _SEGMENTS.split(text) if s.strip()]
    if not segments:
        return None
    today, now = when.weekday(), when.time()
    verdicts: list[bool | None] = []
    for segment in segments:
        days = _days_of(segment)
        spans = [
            (time(int(a), int(b)), time(int(c), int(d)))
            for a, b, c, d in _RANGE.findall(segment)
            if int(a) < 24 and int(c) <= 24
        ]
        if days is None:
            return None  # a shape this reader does not know: say so rather than guess
        if today not in days:
            verdicts.append(False)
        elif not spans:
            verdicts.append(None)  # the right day, hours not written
        else:
            verdicts.append(any(start <= now < end for start, end in spans))
    if True in verdicts:
        return True
    return None if None in verdicts else False


def _days_of(segment: str) -> set[int] | None:
    """The weekdays a segment names (平日, 土曜, 月〜水・金 …); None if it names something else."""
    head = _RANGE.sub(" ", segment).strip()
    days: set[int] = set()
    if "平日" in head:
        days |= {0, 1, 2, 3, 4}
        head = head.replace("平日", "")
    if "毎日" in head or "年中無休" in head:
        days |= set(range(7))
        head = head.replace("毎日", "").replace("年中無休", "")
    for first, last in _DAY_RANGE.findall(head):
        a, b = _DAYS.index(first), _DAYS.index(last)
        days |= set(range(a, b + 1)) if a <= b else set(range(a, 7)) | set(range(b + 1))
    head = _DAY_RANGE.sub(" ", head)
    for word in re.split(r"[・\s]+", head):
        word = word.removesuffix("曜日").removesuffix("曜")
        if not word:
            continue
        if len(word) != 1 or word not in _DAYS:
            return None
        days.add(_DAYS.index(word))
    return days or None
