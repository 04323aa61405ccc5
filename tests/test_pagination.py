"""The page cuts on their own (no Qt): where a page may end, and the read-back that proves every
line and item reached a page."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dvdesk.printing import pagination as pg

H = 100.0  # page height


def column(*blocks: tuple[int, int, str]) -> tuple[list[pg.Line], dict[int, str]]:
    """Lines of 10 units with 2 between them: each block is (heading level, line count, text)."""
    lines, texts, y = [], {}, 0.0
    for number, (level, count, text) in enumerate(blocks):
        texts[number] = text * count
        for _ in range(count):
            lines.append(pg.Line(y, y + 10, number, text, level))
            y += 12
    return lines, texts


def pages_of(lines, tops, texts=None, expected=()):  # type: ignore[no-untyped-def]
    end = max(ln.bottom for ln in lines)
    placement = pg.place(lines, tops, H, end, texts or {}, expected)
    assert placement.complete, placement.problems()
    return [[ln.text for ln in page] for page in placement.pages]


def test_a_department_heading_never_ends_a_page():
    lines, texts = column((0, 7, "a"), (2, 1, "D"), (3, 1, "I"), (0, 2, "x"))  # D at y=84
    tops = pg.paginate(lines, [], H, lines[-1].bottom)
    pages = pages_of(lines, tops, texts)
    assert pages[0][-1] == "a" and pages[1][0] == "D"


def test_an_item_moves_whole_to_the_next_page_when_it_fits_on_one():
    lines, texts = column((0, 5, "a"), (3, 1, "I"), (0, 4, "x"))
    item = pg.Keep(lines[5].top, lines[-1].bottom)
    pages = pages_of(lines, pg.paginate(lines, [item], H, lines[-1].bottom), texts)
    assert pages == [["a"] * 5, ["I"] + ["x"] * 4]


def test_an_item_longer_than_a_page_is_split_without_stray_lines():
    lines, texts = column((3, 1, "I"), (0, 10, "x"), (0, 3, "y"))
    item = pg.Keep(0, lines[-1].bottom)
    pages = pages_of(lines, pg.paginate(lines, [item], H, lines[-1].bottom), texts)
    assert len(pages) == 2 and all(len(p) > 1 for p in pages)
    assert pages[1][0] != "y" or pages[1][:2] == ["y", "y"]  # no paragraph's single line alone


def test_the_last_page_never_holds_one_stray_line():
    lines, texts = column((0, 9, "a"))  # 9 lines: 108 units, one more than a page holds
    pages = pages_of(lines, pg.paginate(lines, [], H, lines[-1].bottom), texts)
    assert [len(p) for p in pages] == [7, 2]


def test_side_by_side_cells_are_never_sliced():
    # two cells of a table row: lines at different heights, so only some cuts are clean
    left = [pg.Line(y, y + 10, 0, "L") for y in (0, 12, 24, 36, 48, 60, 72, 84, 96)]
    right = [pg.Line(y, y + 13, 1, "R") for y in (0, 15, 30, 45, 60, 75, 90, 105)]
    lines = left + right
    tops = pg.paginate(lines, [], H, 118)
    for top in tops[1:]:
        assert not any(ln.top < top < ln.bottom for ln in lines)
    pages_of(lines, tops)


def test_what_did_not_reach_a_page_is_named():
    lines, texts = column((3, 1, "□ 1. 保育所"), (0, 1, "x"))
    texts[5] = "□ 2. 就学"  # a block Qt never laid out: no lines
    placement = pg.place(lines, [0.0], H, 30, texts, ["□ 1. 保育所", "□ 2. 就学"])
    assert not placement.complete
    assert placement.missing_items == ["□ 2. 就学"] and placement.problems()[0] == "□ 2. 就学"
    sliced = pg.place(lines, [0.0, 5.0], H, 30, texts, [])  # a cut through the first line
    assert [ln.text for ln in sliced.unplaced] == ["□ 1. 保育所"]


COLUMNS = st.lists(st.tuples(st.integers(0, 3), st.integers(1, 14), st.booleans()), min_size=1, max_size=40)


@settings(max_examples=100, derandomize=True, deadline=None)
@given(COLUMNS)
def test_random_columns_place_every_line_whole(blocks):
    """Whatever the blocks, every line lands whole on a page no taller than the body."""
    _check_column(blocks)


@pytest.mark.slow  # 1000 columns: the thorough tier (the quick tier's 100 above)
@settings(max_examples=1000, derandomize=True, deadline=None)
@given(COLUMNS)
def test_random_columns_place_every_line_whole_thoroughly(blocks):
    _check_column(blocks)


def _check_column(blocks):
    spec = [(level, 1 if level else count, chr(65 + n % 26)) for n, (level, count, _) in enumerate(blocks)]
    lines, texts = column(*spec)
    keeps = [
        pg.Keep(lines[i].top, lines[min(i + 4, len(lines) - 1)].bottom)
        for i, (_, _, keep) in enumerate(blocks)
        if keep and i < len(lines)
    ]
    tops = pg.paginate(lines, keeps, H, lines[-1].bottom)
    placement = pg.place(lines, tops, H, lines[-1].bottom, texts, [])
    assert placement.complete and sum(len(p) for p in placement.pages) == len(lines)
    assert all(b - a <= H for a, b in zip(tops, tops[1:], strict=False))


def test_a_cut_falls_in_the_white_space_between_lines_not_on_a_line_edge():
    """Glyphs reach a little beyond their line's box: a cut at a line's very top left slivers of
    its characters at the foot of the page before."""
    lines, texts = column((0, 20, "a"))
    tops = pg.paginate(lines, [], H, lines[-1].bottom)
    assert len(tops) > 1
    for top in tops[1:]:
        above = max(ln.bottom for ln in lines if ln.top < top)
        below = min(ln.top for ln in lines if ln.top > top)
        assert above < top < below and top - above >= 0.5 and below - top >= 0.5


def test_an_item_parted_from_necessity_still_leaves_no_line_alone():
    # D + I + 6 x + c is taller than a page, I to c fits: the cut must part the item (never strand
    # D or I at the bottom), and among those cuts it picks one leaving 2+ lines of x on each side.
    lines, texts = column((2, 1, "D"), (3, 1, "I"), (0, 6, "x"), (0, 1, "c"))
    item = pg.Keep(lines[1].top, lines[-1].bottom)
    pages = pages_of(lines, pg.paginate(lines, [item], H, lines[-1].bottom), texts)
    assert pages == [["D", "I", "x", "x", "x", "x"], ["x", "x", "c"]]


def test_a_unit_that_fits_a_page_is_parted_rather_than_leave_the_page_nearly_empty():
    """h19: a counselor's note box (a table: one unit) that fits a page but not under the title
    moved whole to page 2, and page 1 held the title alone. Now the note begins on page 1."""
    lines, texts = column((1, 1, "T"), (0, 1, "m"), (0, 8, "n"), (0, 3, "x"))
    note = pg.Keep(lines[2].top, lines[9].bottom)  # 8 lines: 94 units, fits a page of 100 alone
    pages = pages_of(lines, pg.paginate(lines, [note], H, lines[-1].bottom), texts)
    assert pages[0][:2] == ["T", "m"] and "n" in pages[0], pages
    assert sum(p.count("n") for p in pages) == 8


def test_a_unit_still_moves_whole_when_the_page_is_a_quarter_full():
    lines, texts = column((0, 3, "a"), (3, 1, "I"), (0, 6, "x"))  # 3 lines: 34 units above the item
    item = pg.Keep(lines[3].top, lines[-1].bottom)
    pages = pages_of(lines, pg.paginate(lines, [item], H, lines[-1].bottom), texts)
    assert pages == [["a"] * 3, ["I"] + ["x"] * 6]
