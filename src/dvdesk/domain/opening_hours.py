"""Whether a line answers at a given time, read from its hours as the plans write them.

The plans write hours in a few plain shapes: 24時間, 平日, 平日 9:00〜21:00、土曜 9:00〜17:00,
月〜水・金 9:30〜16:30、木 14:00〜20:00 (notes in brackets are ignored, save the days and times one
part's notes say are closed: （水曜を除く）, （12:00〜13:00を除く）). Anything else
(毎月第4金曜日 午後7時, つながる先の相談窓口の受付時間内) is *unknown*: ``None``, never a guess.
Public holidays are not known here: a weekday range may be wrong on a holiday, so a line read
as open is only ranked first, never promised.

The time is always a parameter: tests and the desk pass it, nothing here reads the clock.
"""

from __future__ import annotations

import functools
import re
from datetime import datetime, time
from typing import NamedTuple

from dvdesk.domain import japanese
from dvdesk.domain.search_records import always_open

_DAYS = "月火水木金土日"  # datetime.weekday(): Monday is 0
_NOTE = "\ue000"  # a bracketed note set aside while the parts are split (the n-th note: U+E000 + n)


# What a note (or a phrase in the text) says is closed, from a closed list: 祝日 / 祝 / 祝祭日 (public
# holidays), 年末年始 (the New Year holidays), days (土日), a time span; 「を除く」 or 「は休み」.
_CLOSED_ITEM = r"(?:祝祭日|祝日|祝|年末年始|[月火水木金土日]+(?:曜日?)?|\d{1,2}:\d{2}\s*[〜~\-ー]\s*\d{1,2}:\d{2})"


class _Patterns:
    """The patterns the hours are read with (``_patterns``)."""

    def __init__(self) -> None:
        self.brackets = re.compile(r"\([^)]*\)")
        self.time_range = re.compile(r"(\d{1,2}):(\d{2})\s*[〜~\-ー]\s*(\d{1,2}):(\d{2})")
        # 月曜日, 火曜: a day's whole name is its first character (the 日 of 曜日 is no Sunday)
        self.day_name = re.compile(r"([月火水木金土日])曜日?")
        self.day_range = re.compile(r"([月火水木金土日])\s*[〜~\-]\s*([月火水木金土日])")
        # Parts of the hours: after a 、 (or , ; /), or where days follow a time after a space or a
        # line (月〜金 9:00〜17:00 土 9:00〜12:00), or straight after a time; a second time (a break at
        # noon) stays in its part. A note set aside by the written reader (U+E000…) ends a part too
        # (平日 9:00〜17:00土曜 …, with no space, was one part: Mon–Sat, open on Saturday afternoon).
        # Days begin with a day, 平日, 毎日, 第n or 毎月第n (第2土曜), or 祝日 with hours of its own (not
        # 祝日を除く / 祝日休み, which says what the part before closes): 平日 9:00〜12:00、13:00〜17:00
        # 第2土曜 … gave 13:00〜17:00 to the 2nd Saturday.
        days = r"(?=[月火水木金土日]|平日|毎日|(?:毎月)?第[1-5]|祝(?![^\s、,;/]*(?:除く|休み)))"
        self.segments = re.compile(rf"[、,;/]|(?<=\d:\d\d)\s*{days}|(?<=[\ue000-\ue0ff])\s*{days}")
        self.day_words = re.compile(r"[・\s]+")
        # What a note says is closed, 祝日, and 第n weeks (the hours said in another language).
        self.closed = re.compile(rf"({_CLOSED_ITEM}(?:[・、,]?{_CLOSED_ITEM})*)(?:を除く|除く|は休み|休み)")
        self.holidays = re.compile(r"祝祭日|祝日|祝")
        self.weeks = re.compile(r"(?:毎月)?第([1-5](?:[・、,]第?[1-5])*)(?=[月火水木金土日])")


@functools.cache
def _patterns() -> _Patterns:
    """Compiled at the first hours read (a safety query), or while the window waits after its first
    paint (``gui.app``), not while it starts: a class of Japanese characters makes ``re`` fill a
    table for the whole of Unicode's first plane (~0.8 ms for these)."""
    return _Patterns()


def prepare() -> None:
    """Compile the patterns now (``gui.app``, after the window's first paint)."""
    _patterns()


def answers_day_and_night(hours: str) -> bool:
    """24時間 as the line's own hours (``search_records.always_open``: not a note's, not beside a time)."""
    return always_open(hours)


def open_at(hours: str, when: datetime) -> bool | None:
    """True if ``hours`` covers ``when``, False if it clearly does not, None if it cannot tell."""
    if answers_day_and_night(hours):  # save what its notes say is closed (24時間（水曜を除く）)
        return not _closes(_round_the_clock_closed(hours), when.weekday(), when.time())
    segments = _read(hours)
    if segments is None:
        return None
    today, now = when.weekday(), when.time()
    verdicts: list[bool | None] = []
    for days, spans in segments:
        if not spans:
            verdicts.append(None if today in days else False)  # the right day, hours not written
        else:
            verdicts.append(any(_covers(days, start, end, today, now) for start, end in spans))
    if True in verdicts:
        return not _closed_now(hours, when)
    return None if None in verdicts else False


@functools.lru_cache(maxsize=4096)  # asked of every line read as open, every keystroke of a safety query
def _parts_with_notes(hours: str) -> tuple[WrittenSegment, ...]:
    """The parts read whole (``read_whole``) when a note of one says what is closed; () otherwise."""
    read = read_whole(hours)
    return read.segments if read is not None and any(s.closed for s in read.segments) else ()


@functools.lru_cache(maxsize=4096)
def _round_the_clock_closed(hours: str) -> tuple[str, ...]:
    """What the notes of 24-hour hours read whole say is closed; () otherwise."""
    read = read_whole(hours)
    return read.closed if read is not None and read.day_and_night else ()


def _closed_now(hours: str, when: datetime) -> bool:
    """Whether the notes of the parts covering ``when`` all say it is closed then (平日 9:00〜17:00（水曜を除く）
    on a Wednesday, （12:00〜13:00を除く） at 12:30, with or without other parts after it: 、土曜 9:00〜12:00):
    what the paper says in her language. 祝日 and 年末年始 are not known here. A part with no note that
    covers ``when`` answers; when no part read whole covers it, the notes change nothing."""
    today, now = when.weekday(), when.time()
    parts = _parts_with_notes(hours)
    if not parts:  # not read whole (another note beside it, a note first): a closing note of one part
        return _closes(_loose_closed(hours), today, now)
    covering = [
        part
        for part in parts
        if not part.weeks
        and any(
            (span := _span(*a.split(":"), *b.split(":"))) and _covers(frozenset(part.days), *span, today, now)
            for a, b in part.spans
        )
    ]
    return bool(covering) and all(_closes(part.closed, today, now) for part in covering)


@functools.lru_cache(maxsize=4096)
def _loose_closed(hours: str) -> tuple[str, ...]:
    """What the bracketed notes that only say what is closed say, when the desk reads the hours as one
    part (平日 9:00〜17:00（電話のみ）（水曜を除く）); () with several parts: which one it closes is unread."""
    segments = _read(hours)
    if segments is None or len(segments) != 1:
        return ()
    notes = re.findall(r"\(([^()]*)\)", japanese.normalize(hours))
    return tuple(item for note in notes for item in (_closed_of(note) or ()))


def _closes(closed: tuple[str, ...], today: int, now: time) -> bool:
    for item in closed:
        if span := _patterns().time_range.fullmatch(item):
            hours = _span(*span.groups())
            if hours is not None and _covers(frozenset({today}), *hours, today, now):
                return True
        elif item not in ("祝日", "年末年始") and _DAYS[today] in item:
            return True
    return False


def _covers(days: frozenset[int], start: time, end: time, today: int, now: time) -> bool:
    """Whether a span of the ``days`` covers ``now`` on ``today``; a span ending before it starts
    (22:00〜6:00) runs through the night into the next morning."""
    if start < end:
        return today in days and start <= now < end
    if end < start:
        return (today in days and now >= start) or ((today - 1) % 7 in days and now < end)
    return False


_Segment = tuple[frozenset[int], tuple[tuple[time, time], ...]]


@functools.lru_cache(maxsize=4096)
def _read(hours: str) -> tuple[_Segment, ...] | None:
    """Each segment's weekdays and time spans, read once per text (a safety query asks about the
    same few hundred lines every keystroke); None for no segment or a shape this reader does not
    know (say so rather than guess)."""
    patterns = _patterns()
    # NFKC: （） → (); a note ends a part where days follow it, as for the printout (read_whole)
    text = patterns.brackets.sub(_NOTE, japanese.normalize(hours))
    segments = [p for s in patterns.segments.split(text) if (p := s.replace(_NOTE, " ").strip())]
    if not segments:
        return None
    read: list[_Segment] = []
    for segment in segments:
        days = _days_of(segment)
        if days is None:
            return None
        spans = tuple(span for found in patterns.time_range.findall(segment) if (span := _span(*found)) is not None)
        read.append((frozenset(days), spans))
    return tuple(read)


def _span(a: str, b: str, c: str, d: str) -> tuple[time, time] | None:
    """A written time span; 〜24:00 runs to the end of the day (``time`` has no 24:00), and a
    time that is no time of day (25:00, 9:75) is left out, as if not written."""
    start, end = (int(a), int(b)), (int(c), int(d))
    if start[0] > 23 or end > (24, 0) or start[1] > 59 or end[1] > 59:
        return None
    return time(*start), time.max if end == (24, 0) else time(*end)


def _days_of(segment: str) -> set[int] | None:
    """The weekdays a segment names (平日, 土曜, 月〜水・金, 月曜日〜金曜日 …); None if it names something else."""
    patterns = _patterns()
    head = patterns.day_name.sub(r"\1", patterns.time_range.sub(" ", segment)).strip()
    days: set[int] = set()
    if "平日" in head:
        days |= {0, 1, 2, 3, 4}
        head = head.replace("平日", "")
    if "毎日" in head or "年中無休" in head:
        days |= set(range(7))
        head = head.replace("毎日", "").replace("年中無休", "")
    for first, last in patterns.day_range.findall(head):
        a, b = _DAYS.index(first), _DAYS.index(last)
        days |= set(range(a, b + 1)) if a <= b else set(range(a, 7)) | set(range(b + 1))
    head = patterns.day_range.sub(" ", head)
    for word in patterns.day_words.split(head):
        if not word:
            continue
        if len(word) != 1 or word not in _DAYS:
            return None
        days.add(_DAYS.index(word))
    return days or None


# --- hours said in another language (the client copy) -------------------------------------------

_ROUND_THE_CLOCK = {"24時間": False, "24時間365日": True, "24時間年中無休": True, "24時間毎日": True}


class WrittenSegment(NamedTuple):
    """A part of the hours as written: its weekdays (0 = Monday), whether they were written as 平日 /
    毎日 (``word``), its time spans as written ("9:30", "16:30"), whether 祝日 is one of its days,
    the weeks of the month it names (第2・第4土曜: (2, 4); () for every week), and what its notes
    say is closed ("祝日", "年末年始", a day "土", a span "12:00〜13:00"). No days at all (22:00〜6:00):
    ``days`` is () and nothing may be said about them."""

    days: tuple[int, ...]
    word: str
    spans: tuple[tuple[str, str], ...]
    holidays: bool = False
    weeks: tuple[int, ...] = ()
    closed: tuple[str, ...] = ()


class WrittenHours(NamedTuple):  # not a dataclass: none is made before the first search (test_start_quick)
    """Hours read whole, so that another language can say all of them: 24時間 (``every_day`` for
    24時間365日, ``closed`` its notes), or segments. ``note`` is a bracketed note at the very end that
    says something else, as written (it cannot be said in another language; the printout marks it)."""

    day_and_night: bool = False
    every_day: bool = False
    segments: tuple[WrittenSegment, ...] = ()
    note: str = ""
    closed: tuple[str, ...] = ()


def read_whole(hours: str) -> WrittenHours | None:
    """``hours`` when every word of it is read (a trailing bracketed note aside), else None: a note
    in the middle that says anything but what is closed (祝日を除く, 12:00〜13:00を除く), or any
    other word, is never guessed at."""
    text = hours.strip()
    found = re.fullmatch(r"(.*?)\s*([（(][^（）()]*[）)])", text, flags=re.S)
    note = ""
    if found and _closed_of(found.group(2)[1:-1]) is None:
        text, note = found.group(1), found.group(2)  # said as written, marked
    notes: list[tuple[str, ...]] = []

    def set_aside(m: re.Match[str]) -> str:
        notes.append(_closed_of(m.group(1)) or ())
        return chr(ord(_NOTE) + len(notes) - 1) if len(notes) < 256 else "?"

    body = re.sub(r"\(([^()]*)\)", set_aside, japanese.normalize(text))
    if not body or any(b in body for b in "()") or any(not n for n in notes):
        return None
    flat = re.sub(r"[\s\ue000-\ue0ff]", "", body)
    if flat in _ROUND_THE_CLOCK:
        return WrittenHours(True, _ROUND_THE_CLOCK[flat], note=note, closed=tuple(c for n in notes for c in n))
    segments: list[WrittenSegment] = []
    for part in (p.strip() for p in _patterns().segments.split(body)):
        segment = _written_segment(part, notes) if part else None
        if segment is None:
            return None
        if not segment.days and not segment.holidays and segments:  # 平日 9:00〜12:00、13:00〜17:00
            last = segments[-1]
            segment = last._replace(spans=last.spans + segment.spans, closed=last.closed + segment.closed)
            segments[-1] = segment
            continue
        if not segment.days and not segment.holidays and (len(_patterns().segments.split(body)) > 1):
            return None  # times with no days, then days: which days the times are is not written
        segments.append(segment)
    return WrittenHours(segments=tuple(segments), note=note)


def _closed_of(note: str) -> tuple[str, ...] | None:
    """What a note says is closed (祝日・年末年始を除く → ("祝日", "年末年始")), None if it says more."""
    found = _patterns().closed.fullmatch(japanese.normalize(note).strip())
    if found is None:
        return None
    items = re.findall(_CLOSED_ITEM, found.group(1))
    return tuple("祝日" if _patterns().holidays.fullmatch(i) else _closed_item(i) for i in items)


def _closed_item(item: str) -> str:
    """A closed item in one spelling: a span as 12:00〜13:00, days as their characters (土日)."""
    if span := _patterns().time_range.fullmatch(item.strip()):
        a, b, c, d = span.groups()
        return f"{int(a)}:{b}〜{int(c)}:{d}"
    return _patterns().day_name.sub(r"\1", item)


def _written_segment(part: str, notes: list[tuple[str, ...]]) -> WrittenSegment | None:
    patterns = _patterns()
    closed: list[str] = []
    for mark in re.findall(r"[\ue000-\ue0ff]", part):
        closed += notes[ord(mark) - ord(_NOTE)]
    part = re.sub(r"[\ue000-\ue0ff]", " ", part)
    for phrase in _patterns().closed.finditer(part):  # 祝日を除く平日 …, as a phrase of its own
        closed += _closed_of(phrase.group(0)) or ()
    part = _patterns().closed.sub(" ", part)
    spans = patterns.time_range.findall(part)
    if any(_span(*span) is None for span in spans):
        return None
    weeks: tuple[int, ...] = ()
    if found := _patterns().weeks.search(part):
        weeks = tuple(sorted({int(w) for w in re.findall(r"\d", found.group(1))}))
        part = part[: found.start()] + " " + part[found.end() :]
    head = patterns.day_name.sub(r"\1", patterns.time_range.sub(" ", part))
    holidays = bool(_patterns().holidays.search(head))
    head = _patterns().holidays.sub("・", head)
    # 土日, 月水金: day characters written together are the days they name
    head = re.sub(r"[月火水木金土日]{2,}", lambda m: "・".join(m.group(0)), head).strip(" ・")
    days = (_days_of(head) or set()) if head else set()
    if head and not days:
        return None
    if not spans and not days and not holidays:
        return None
    if weeks and len(days) != 1:
        return None  # 第2・第4 of exactly one weekday
    word = "平日" if "平日" in part and days == {0, 1, 2, 3, 4} else ""
    word = "毎日" if len(days) == 7 else word
    written = tuple((f"{int(a)}:{b}", f"{int(c)}:{d}") for a, b, c, d in spans)
    return WrittenSegment(tuple(sorted(days)), word, written, holidays, weeks, tuple(closed))
