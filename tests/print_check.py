"""Reading a printout back: every item of the list on paper, and the page-bottom rules."""

from __future__ import annotations

import re
from pathlib import Path

from checklist_support import compact


def page_texts(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [compact(page.extract_text() or "") for page in PdfReader(str(path)).pages]


def items_on_paper(pages: list[str], items) -> tuple[list[int], list[str]]:  # type: ignore[no-untyped-def]
    """(page of each item, items not found) in the pages' text: an item is found when its number
    and name are printed together, as 「□ 3. 名前」, on one page or across a page break, in order."""
    flat = "".join(pages)
    starts = [sum(len(p) for p in pages[:n]) for n in range(len(pages))]
    found, missing, at = [], [], 0
    for number, item in enumerate(items, start=1):
        needle = compact(f"□{number}.{item.name}")
        pos = flat.find(needle, at)
        if pos < 0:
            missing.append(f"{number}. {item.name}")
            continue
        at = pos + len(needle)
        found.append(max(n for n, s in enumerate(starts) if s <= pos) + 1)
    return found, missing


def assert_all_items_on_paper(path: Path, printable, label: str = "") -> list[int]:  # type: ignore[no-untyped-def]
    items = printable.checklist.items
    texts = page_texts(path)
    found, missing = items_on_paper(texts, items)
    assert not missing, f"{label}: {len(missing)} of {len(items)} items not on paper: {missing[:5]}"
    n = len(texts)
    assert re.search(rf"{n}\D{{1,4}}{n}", texts[-1]), f"{label}: the last page does not say {n} / {n}"
    return found


def assert_page_rules(pages) -> None:  # type: ignore[no-untyped-def]
    """What a page bottom may not look like (on the laid-out pages of dvdesk.printing.qt_render)."""
    placement, height = pages.placement, pages.body.height()
    assert placement.complete, placement.problems()
    total = sum(len(p) for p in placement.pages)
    for n, lines in enumerate(placement.pages):
        assert lines, f"page {n + 1} is empty"
        top, bottom = pages.span(n)
        for ln in lines:  # nothing sliced: every line whole inside the page's body
            assert top - 0.5 <= ln.top and ln.bottom <= bottom + 0.5 and ln.bottom - top <= height + 0.5
        if n + 1 < len(placement.pages):
            last, first = lines[-1], placement.pages[n + 1][0]
            parted = last.heading and (first.block == last.block or not (first.heading and first.level <= last.level))
            assert not parted, f"page {n + 1} ends with the heading {last.text!r}, its content on the next page"
        if total > 1:
            assert len(lines) > 1, f"page {n + 1} holds a single stray line {lines[0].text!r}"
    # An item (its heading to the next heading) is on one page unless it is longer than a page.
    flat = [(n, ln) for n, lines in enumerate(placement.pages) for ln in lines]
    starts = [i for i, (_, ln) in enumerate(flat) if ln.heading and ln.text.startswith("□")]
    for i in starts:
        j = i + 1
        while j < len(flat) and flat[j][1].block == flat[i][1].block:  # a heading of two lines
            j += 1
        while j < len(flat) and not flat[j][1].heading:
            j += 1
        unit = flat[i:j]
        on = {n for n, _ in unit}
        if len(on) > 1:
            assert unit[-1][1].bottom - unit[0][1].top > height, f"item split though it fits: {unit[0][1].text}"
