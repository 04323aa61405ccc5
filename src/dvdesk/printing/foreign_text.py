"""Directory text with no translation record, on a copy in her language.

A department's contact lines (their label, window and hours) and addresses have no translation
records. On a copy in another language they are never passed off as her language: hours the plans
write in a plain shape (24時間, 平日 9:00〜17:00、土曜 …, read by ``domain.opening_hours.read_whole``)
are said in her language; anything else is printed in Japanese behind a mark she can read
(「[Only in Japanese]」), as an untranslated item is printed under a note.
"""

from __future__ import annotations

from dvdesk.domain import opening_hours
from dvdesk.printing.document import esc, ja
from dvdesk.printing.print_languages import Strings

_TO = "–"  # between two days or two times


def marked(t: Strings, text: str, *, bold: bool = False) -> str:
    """Japanese text behind the mark saying it is only in Japanese (markup)."""
    return f"<i>{esc(f'[{t.japanese_only}]')}</i> " + (f"<b>{ja(text)}</b>" if bold else ja(text))


def hours_in(t: Strings, hours: str) -> str:
    """``hours`` said in her language when every word of it is read (a trailing note aside), else ""."""
    read = opening_hours.read_whole(hours)
    if read is None or not t.days:
        return ""
    if read.day_and_night:
        said = t.day_and_night + (f", {t.every_day}" if read.every_day else "")
    else:
        said = "; ".join(_segment(t, days, word, spans) for days, word, spans in read.segments)
    return said[:1].upper() + said[1:]


def hours_html(t: Strings, hours: str) -> str:
    """The hours as a copy in another language prints them (markup): said in her language, with a
    trailing note marked; or the Japanese, marked."""
    said = hours_in(t, hours)
    if not said:
        return marked(t, hours)
    read = opening_hours.read_whole(hours)
    note = read.note if read is not None else ""
    return esc(said) + (f" {marked(t, note)}" if note else "")


def _segment(t: Strings, days: tuple[int, ...], word: str, spans: tuple[tuple[str, str], ...]) -> str:
    named = {"平日": t.weekdays, "毎日": t.every_day}.get(word) or _days(t, days)
    return " ".join([named, *(f"{a}{_TO}{b}" for a, b in spans)])


def _days(t: Strings, days: tuple[int, ...]) -> str:
    """Mon–Wed, Fri: runs of three days or more as a range."""
    runs: list[list[int]] = []
    for d in days:
        if runs and runs[-1][-1] == d - 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{t.days[run[0]]}{_TO}{t.days[run[-1]]}")
        else:
            parts += [t.days[d] for d in run]
    return ", ".join(parts)
