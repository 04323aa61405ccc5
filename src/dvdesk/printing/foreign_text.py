"""Directory text with no translation record, on a copy in her language.

A department's contact lines (their label, window and hours) and addresses have no translation
records. On a copy in another language they are never passed off as her language: hours the plans
write in a plain shape (24時間, 平日 9:00〜17:00、土日祝 …, 第2・第4土曜, 22:00〜6:00, and notes that
only say what is closed: （祝日・年末年始を除く）, （12:00〜13:00を除く）; read by
``domain.opening_hours.read_whole``) are said in her language; anything else is printed in
Japanese behind a mark she can read (「[Only in Japanese]」), as an untranslated item is printed
under a note.
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
        said = t.day_and_night + (f", {t.every_day}" if read.every_day else "") + _closed(t, read.closed)
    else:
        said = "; ".join(_segment(t, segment) for segment in read.segments)
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


def _segment(t: Strings, segment: opening_hours.WrittenSegment) -> str:
    named = {"平日": t.weekdays, "毎日": t.every_day}.get(segment.word) or _days(t, segment.days)
    if segment.weeks:  # 第2・第4土曜: one weekday
        ordinals = t.ordinals_feminine if t.ordinals_feminine and segment.days[0] < 5 else t.ordinals
        weeks = t.and_word.join(ordinals[w - 1] for w in segment.weeks)
        named = t.weeks_of_month.format(weeks=weeks, day=named)
    if segment.holidays:
        named = ", ".join(n for n in (named, t.holidays) if n)
    spans = (f"{a}{_TO}{b}" for a, b in segment.spans)
    return " ".join(w for w in (named, *spans) if w) + _closed(t, segment.closed)


def _closed(t: Strings, closed: tuple[str, ...]) -> str:
    """What the notes say is closed, in brackets after the hours: 「（祝日を除く）」 → " (except public holidays)"."""
    if not closed:
        return ""
    words = []
    for item in closed:
        if item == "祝日":
            words.append(t.holidays)
        elif item == "年末年始":
            words.append(t.new_year)
        elif "〜" in item:
            words.append(item.replace("〜", _TO))
        else:
            words.append(_days(t, tuple(sorted({"月火水木金土日".index(d) for d in item}))))
    return " (" + t.closed.format(t.list_word.join(words)) + ")"


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
