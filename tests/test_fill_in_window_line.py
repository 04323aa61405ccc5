"""A department no source names prints as a line to write the window in by hand (「窓口（相談員が
記入）: ＿＿＿…」). In a language whose label is long (English: "Office (your counselor writes it
in)") the blank used to wrap, leaving a stray piece of underline alone on the next line: the blank
is one unbroken run, whole on the label's line or whole on the next."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPageSize, QPdfWriter

from dvdesk.domain import checklist as cl
from dvdesk.domain.disclosure import Audience, checklist_for
from dvdesk.printing import print_languages
from dvdesk.printing.checklist_html import BLANK, build_checklist
from dvdesk.printing.qt_render import layout_document, setup_a4

WINDOW = cl.Department.of(None, "就学の窓口", unconfirmed=True)
ITEM = cl.ChecklistItem(kind=cl.ItemKind.PROCEDURE, key="k.proc.shugaku", name="就学・転校の手続き", department=WINDOW)


def unconfirmed_checklist() -> cl.Checklist:
    return cl.Checklist("132152", "国立市", sections=(cl.Section(WINDOW, (ITEM,)),))


@pytest.mark.parametrize("lang", ["ja", "easy", "en", "pt", "zh", "vi"])
@pytest.mark.parametrize("discreet", [False, True])
def test_the_blank_to_write_the_window_in_is_never_cut_across_lines(qapp, tmp_path, lang, discreet):
    document = build_checklist(checklist_for(unconfirmed_checklist(), Audience.CLIENT, discreet=discreet), lang)
    writer = QPdfWriter(str(tmp_path / "x.pdf"))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    setup_a4(writer)
    pages = layout_document(document, writer)
    label = print_languages.strings(lang).window_to_fill
    blocks: dict[int, list[str]] = {}
    for line in (line for page in pages.placement.pages for line in page):
        blocks.setdefault(line.block, []).append(line.text)
    heading = next(texts for texts in blocks.values() if label in "".join(texts))
    pieces = [text.count(BLANK[0]) for text in heading]
    assert sum(pieces) == len(BLANK)  # the whole blank is printed
    assert all(n in (0, len(BLANK)) for n in pieces), (lang, heading)  # and in one piece
