"""Reading a printout back: every item of the list on paper, and the page-bottom rules."""

from __future__ import annotations

import re
from pathlib import Path

from checklist_support import compact, poppler_page_texts
from dvdesk.printing.pagination import MIN_FILL, Line


def page_texts(path: Path) -> list[str]:
    """What is printed, page by page, whitespace removed (poppler: see poppler_page_texts). The
    Chinese font's ToUnicode gives 「・」 (U+30FB) back as U+00B7, the same dot on paper: read as 「・」."""
    return [compact(text).replace("\u00b7", "\u30fb") for text in poppler_page_texts(path)]


def _as_read(text: str) -> str:
    """A text as the PDF's text layer gives it back: the Chinese font's ToUnicode reads 「–」 (U+2013)
    as U+2012, the same dash on paper; U+2060 (WORD JOINER, no glyph) is in no PDF."""
    return compact(text).replace("\u2012", "\u2013").replace("\u2060", "")


def assert_text_layer_is_the_layout(path: Path, document) -> int:  # type: ignore[no-untyped-def]
    """The PDF's text, page by page (its footer aside), is the text of the lines laid out on that page,
    each once and in order: what a search, a copy or a screen reader gets is what the paper shows, and
    a check counting items by text is not fooled by a line drawn twice. Returns the page count."""
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QPdfWriter

    from dvdesk.printing.qt_render import PDF_DPI, layout_document, setup_a4

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)  # the device write_pdf lays out on
    writer.setResolution(PDF_DPI)
    setup_a4(writer)
    laid = layout_document(document, writer).placement.pages
    texts = [_as_read(t) for t in body_pages(path, document)]
    assert len(texts) == len(laid), f"{len(texts)} pages in the PDF, {len(laid)} laid out"
    for n, (text, lines) in enumerate(zip(texts, laid, strict=True), start=1):
        expected = _as_read("".join(ln.text for ln in lines))
        if text != expected:
            at = next(i for i, (a, b) in enumerate(zip(text + "\0", expected + "\1", strict=False)) if a != b)
            raise AssertionError(
                f"page {n}: the PDF's text is not the page's lines once each, at {at}:\n"
                f"  in the PDF: {text[max(0, at - 30) : at + 50]!r}\n  laid out:   {expected[max(0, at - 30) : at + 50]!r}"
            )
    return len(texts)


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
            assert not _parted(last, first), (
                f"page {n + 1} ends with the heading {last.text!r}, its content on the next page"
            )
        if total > 1:
            assert len(lines) > 1, f"page {n + 1} holds a single stray line {lines[0].text!r}"
    # An item or a place (its heading to the next heading) is on one page unless it is longer than a page,
    # counted with the headings right above it that may not end a page (its department's name, nothing
    # between): the rule above is stronger, so when they do not fit together the item is cut, not they.
    flat = [(n, ln) for n, lines in enumerate(placement.pages) for ln in lines]
    starts = [i for i, (_, ln) in enumerate(flat) if ln.heading and ln.text.startswith(("□", "・"))]
    for i in starts:
        top = i
        while top > 0 and _parted(flat[top - 1][1], flat[top][1]):
            top -= 1
        j = i + 1
        while j < len(flat) and flat[j][1].block == flat[i][1].block:  # a heading of two lines
            j += 1
        while j < len(flat) and not flat[j][1].heading:
            j += 1
        unit = flat[i:j]
        on = {n for n, _ in unit}
        if len(on) > 1:  # ... or kept whole it would leave its page less than a quarter full (pagination.MIN_FILL)
            above = flat[top][1].top - pages.span(flat[top][0])[0]
            fits = unit[-1][1].bottom - flat[top][1].top <= height
            assert not fits or above < height * MIN_FILL, f"item split though it fits: {unit[0][1].text}"


def _parted(last: Line, first: Line) -> bool:
    """Would a page ending with ``last`` and the next beginning with ``first`` leave a heading without
    its content? A heading followed by one of the same or a higher level (nothing under it) is whole."""
    return last.heading and (first.block == last.block or not (first.heading and first.level <= last.level))


# --- places and headings on the PDF's pages ---------------------------------------------------


def headings(document) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    """(level, text) of every heading the builder wrote, in order: the title, departments and
    the places' section (h2), items and needs (h3), each place's name line (h4)."""
    import html

    found = re.findall(r"<h([1-4])>(.*?)</h\1>", document.html, flags=re.S)
    # U+2060 (WORD JOINER, which keeps a blank to write in on one line) is not text: no PDF holds it.
    return [(int(level), html.unescape(re.sub(r"<[^>]+>", "", text)).replace("\u2060", "")) for level, text in found]


def body_pages(path: Path, document) -> list[str]:  # type: ignore[no-untyped-def]
    """Each page's text without its footer (date printed, page n / N), whitespace removed."""
    texts = page_texts(path)
    out = []
    for n, text in enumerate(texts, start=1):
        for part in (document.footer, document.page_label.format(page=n, pages=len(texts))):
            at = text.rfind(compact(part))
            assert at >= 0, f"page {n} has no footer {part!r}"
            text = text[:at] + text[at + len(compact(part)) :]
        out.append(text)
    return out


def assert_places_whole(path: Path, document, printable) -> None:  # type: ignore[no-untyped-def]
    """Read back from the PDF: every place to contact (its name line to the next heading: the
    description, 電話, 受付時間) is on one page, its phone on the page of its name; and no page
    ends with a heading whose content is on the next page (a need's or a department's heading,
    a place's name), though a heading with nothing under it may end a page."""
    pages = body_pages(path, document)
    flat = "".join(pages)
    starts = [sum(len(p) for p in pages[:n]) for n in range(len(pages))]

    def page_of(pos: int) -> int:
        return max(n for n, s in enumerate(starts) if s <= pos)

    heads, at = [], 0
    for level, text in headings(document):
        pos = flat.find(compact(text), at)
        assert pos >= 0, f"heading not on paper in order: {text!r}"
        heads.append((level, text, pos))
        at = pos + len(compact(text))
    places = [x for x in heads if x[0] == 4]
    phones = [_printed_phones(item) for g in printable.checklist.contacts for item in g.services]
    assert len(places) == len(phones) == sum(len(g.services) for g in printable.checklist.contacts)
    for i, (level, text, pos) in enumerate(heads):
        end = heads[i + 1][2] if i + 1 < len(heads) else len(flat)
        first, last = page_of(pos), page_of(max(pos, end - 1))
        if level == 4:
            assert first == last, f"the place {text!r} runs from page {first + 1} to page {last + 1}"
        after = pos + len(compact(text))
        if after < end:  # its own lines follow, or else a deeper heading (a need's first place)
            follows = after
        elif i + 1 < len(heads) and heads[i + 1][0] > level:
            follows = heads[i + 1][2]
        else:
            continue  # a heading with nothing under it (an item to do, nothing more to say)
        assert page_of(follows) == first, (
            f"page {first + 1} ends with the heading {text!r}, what it heads on page {page_of(follows) + 1}"
        )
    for (_, text, pos), numbers in zip(places, phones, strict=True):
        if numbers:
            end = next((p for _, _, p in heads if p > pos), len(flat))
            found = flat.find(compact(numbers), pos, end)
            assert found >= 0, f"the phone {numbers!r} of {text!r} is not under its name"
            assert page_of(found) == page_of(pos), f"{text!r} is on page {page_of(pos) + 1}, its phone on the next"


def _printed_phones(item) -> str:  # type: ignore[no-untyped-def]
    """A place's numbers as the printout writes them (its own line, then its department's)."""
    phones = [item.phone] if item.phone else []
    org = item.department.organization
    if org is not None:
        phones += [c.phone for c in org.contacts if c.phone and c.phone not in phones]
    return "、".join(phones)
