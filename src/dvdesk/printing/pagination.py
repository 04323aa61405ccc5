"""Where each printed page begins, and the check that everything landed on a page.

The renderer lays a printout out as one long strip, with no pages, and never edits it again
(Qt's lazy layout left blocks with no lines when a page break was added to a half laid-out
document: items vanished from the paper while the page count looked right). This module then
chooses the cuts between pages on that strip, only between lines, and afterwards reads back
which lines and items each page holds. Pure geometry, no Qt, so the rules are tested alone.

Rules, strongest first: never cut through a line; never end a page with a heading; leave no
page less than a quarter full (h19: a counselor's note that fits on a page, kept whole, left page 1
with only the title); keep a unit that fits on a page (an item, a table, a heading with what
follows) together; leave no single line of a paragraph, and no single stray line, alone on a page.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate

SLICE, HEADING, UNDERFULL, KEEP, STRAY = 1000, 100, 60, 50, 10
MIN_FILL = 0.25  # of a page: a cut above it (with more to come) leaves the page nearly empty
EPSILON = 0.5  # device pixels: rounding in Qt's layout
KEEP_WITH_NEXT = 40  # a heading with what follows it: cheaper to part than an item (KEEP)


@dataclass(frozen=True)
class Line:
    """One laid-out line of text, in strip coordinates (device pixels)."""

    top: float
    bottom: float
    block: int  # which paragraph it belongs to
    text: str
    level: int = 0  # heading level (1-3), 0 for body text

    @property
    def heading(self) -> bool:
        return self.level > 0


@dataclass(frozen=True)
class Keep:
    """Content from ``top`` to ``bottom`` stays on one page when it fits in one."""

    top: float
    bottom: float
    cost: int = KEEP


class _Strip:
    """The lines sorted top-down, with what a cut needs to know looked up by bisection."""

    def __init__(self, lines: Sequence[Line], keeps: Sequence[Keep], height: float) -> None:
        self.lines = sorted(lines, key=lambda ln: (ln.top, ln.bottom))
        self.tops = [ln.top for ln in self.lines]
        self.reach = list(accumulate((ln.bottom for ln in self.lines), max, initial=0.0))  # lowest bottom so far
        self.tallest = max((ln.bottom - ln.top for ln in self.lines), default=0.0)
        self.keeps = [k for k in keeps if k.bottom - k.top <= height]  # only what fits is kept together
        self.height = height
        self.block_tops: dict[int, list[float]] = {}
        for ln in self.lines:
            self.block_tops.setdefault(ln.block, []).append(ln.top)

    def split(self, y: float) -> int:
        """How many lines begin above ``y``."""
        return bisect_left(self.tops, y - EPSILON)

    def in_gap(self, y: float) -> float:
        """The middle of the white space above ``y``: glyphs reach a little beyond their line's box,
        and a cut right at a line's top left slivers of it at the bottom of the page before."""
        k = self.split(y)
        if k == 0 or self.reach[k] > y:
            return y
        return (self.reach[k] + y) / 2

    def cost(self, y: float, start: float) -> int:
        """How bad a cut at ``y`` is, for a page beginning at ``start``."""
        return max(self.rank(y, start))

    def rank(self, y: float, start: float) -> tuple[int, int]:
        """(the worst rule a cut at ``y`` breaks, STRAY if it also leaves a line alone): among cuts that
        must part a unit anyway (an item too tall with the heading above it), the stray rule still counts."""
        lines, k = self.lines, self.split(y)
        i = k - 1
        while i >= 0 and lines[i].top > y - self.tallest - EPSILON:
            if lines[i].bottom > y + EPSILON:
                return SLICE, 0
            i -= 1
        cost = stray = 0
        if 0 < k < len(lines) and _heading_parted(lines[k - 1], lines[k]):
            cost = HEADING
        for keep in self.keeps:
            if keep.top + EPSILON < y < keep.bottom - EPSILON:
                cost = max(cost, keep.cost)
        if y - start < self.height * MIN_FILL:
            cost = max(cost, UNDERFULL)
        on_page = k - self.split(start)
        if on_page == 1 or len(lines) - k == 1:
            stray = STRAY
        for n in {k - 1, k} & set(range(len(lines))):  # a paragraph parted at y leaves 2+ lines each side
            tops = self.block_tops[lines[n].block]
            before = bisect_left(tops, y - EPSILON) - bisect_left(tops, start - EPSILON)
            after = len(tops) - bisect_left(tops, y - EPSILON)
            if before and after and (before == 1 or after == 1):
                stray = STRAY
        return cost, stray


def _order(rank: tuple[int, int], y: float) -> tuple[int, int, float]:
    """Least bad first; between equally bad cuts, one that leaves no line alone, then the lowest."""
    cost, stray = rank
    return max(cost, stray), stray, -y


def _heading_parted(last: Line, first: Line) -> bool:
    """Would the page end with a heading whose content is on the next page? A heading followed
    by one of the same or a higher level (an item with nothing more to say) ends its unit."""
    if not last.heading:
        return False
    return first.block == last.block or not (first.heading and first.level <= last.level)


def paginate(
    lines: Sequence[Line], keeps: Sequence[Keep], height: float, end: float, cut_points: Iterable[float] = ()
) -> list[float]:
    """The top of every page on the strip (the first is 0). ``end`` is the strip's bottom;
    ``cut_points`` adds places to cut besides above each line (the top of a table)."""
    strip = _Strip(lines, keeps, height)
    points = sorted({strip.in_gap(y) for y in {*strip.tops, *cut_points}})
    tops = [0.0]
    while end - tops[-1] > height + EPSILON:
        start = tops[-1]
        fits = points[bisect_right(points, start + EPSILON) : bisect_right(points, start + height + EPSILON)]
        if not fits:  # a single line taller than a page: cut anyway, the check below refuses it
            tops.append(start + height)
            continue
        tops.append(min(fits, key=lambda y: _order(strip.rank(y, start), y)))
    return tops


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass
class Placement:
    """What each page holds, read back from the cuts: the proof that nothing was lost."""

    pages: list[list[Line]]
    unplaced: list[Line] = field(default_factory=list)  # a line sliced or off every page
    incomplete_blocks: list[str] = field(default_factory=list)  # paragraphs not laid out whole
    missing_items: list[str] = field(default_factory=list)  # expected items not on any page
    undrawable: list[str] = field(default_factory=list)  # a paragraph with a character no font has

    @property
    def complete(self) -> bool:
        return not (self.unplaced or self.incomplete_blocks or self.missing_items or self.undrawable)

    def problems(self) -> list[str]:
        """The lost items first, then any other text that did not reach a page."""
        lost = list(self.missing_items)
        lost += [t for t in self.incomplete_blocks if t not in lost]
        lost += [ln.text for ln in self.unplaced if ln.text.strip() and ln.text not in lost]
        return lost


def place(
    lines: Sequence[Line],
    tops: Sequence[float],
    height: float,
    end: float,
    blocks: Mapping[int, str],
    expected: Sequence[str],
) -> Placement:
    """Which lines land whole on which page; every block's text and every expected item
    (its number and name, as printed) must be found on the pages."""
    bottoms = [min(t + height, nxt) for t, nxt in zip(tops, [*tops[1:], max(end, tops[-1] + height)], strict=True)]
    pages: list[list[Line]] = [[] for _ in tops]
    unplaced = []
    for ln in sorted(lines, key=lambda ln: (ln.top, ln.bottom)):
        for n, (top, bottom) in enumerate(zip(tops, bottoms, strict=True)):
            if ln.top >= top - EPSILON and ln.bottom <= bottom + EPSILON:
                pages[n].append(ln)
                break
        else:
            unplaced.append(ln)
    placed: dict[int, list[str]] = {}
    for page in pages:
        for ln in page:
            placed.setdefault(ln.block, []).append(ln.text)
    on_paper = {b: _compact("".join(parts)) for b, parts in placed.items()}
    incomplete = [text for b, text in blocks.items() if _compact(text) and on_paper.get(b) != _compact(text)]
    texts = list(on_paper.values())
    missing = [item for item in expected if not any(_compact(item) in t for t in texts)]
    return Placement(pages, unplaced, incomplete, missing)


UNIT_LEVELS = (3, 4)  # an item or a need's heading (h3), a place to contact (h4: its name line)


def unit_end(elements: list[tuple[int, float, float]], i: int) -> int:
    """The last element of the unit starting at ``i``: an item heading (h3) or a place's name
    (h4) runs to the next heading, and takes along the first unit of a deeper heading that
    follows (a need's heading its first place); any other element is a unit by itself."""
    level = elements[i][0]
    if level not in UNIT_LEVELS:
        return i
    j = i
    while j + 1 < len(elements) and elements[j + 1][0] == 0:
        j += 1
    if j + 1 < len(elements) and elements[j + 1][0] > level:
        return unit_end(elements, j + 1)
    return j


def keeps(elements: list[tuple[int, float, float]]) -> list[Keep]:
    """The units to keep on one page, from the elements of the strip: (heading level, or -1 for a
    table, or 0 for a paragraph; top; bottom), top-down."""
    units = []
    for i, (level, top, bottom) in enumerate(elements):
        if level == -1:
            units.append(Keep(top, bottom))
        elif level in UNIT_LEVELS:
            units.append(Keep(top, elements[unit_end(elements, i)][2]))
        elif level in (1, 2) and i + 1 < len(elements):
            # A department heading keeps its contact lines and its first item; a title its next line.
            j = i + 1
            if level == 2:
                while j + 1 < len(elements) and elements[j][0] in (0, -1):
                    j += 1
                if elements[j][0] in (1, 2) and j > i + 1:
                    j -= 1  # not the next department's heading
            units.append(Keep(top, elements[unit_end(elements, j)][2], KEEP_WITH_NEXT))
    return units
