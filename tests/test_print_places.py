"""A place to contact is never cut across pages (a counselor's tryout: 「・DV相談ナビ」 last on
page 3, its 電話 #8008 on page 4), and no page ends with a heading whose content is overleaf.

Rendered through the one path (``Checklists.render``) as the window prints, in every copy (client
in Japanese and English, discreet, staff), read back from the PDF page by page.
"""

from __future__ import annotations

import pytest

from checklist_support import compact, pdf_pages
from dvdesk.app.checklists import Checklists
from dvdesk.domain import checklist as cl
from dvdesk.domain.disclosure import Audience
from print_check import assert_all_items_on_paper, assert_page_rules, assert_places_whole, page_texts

COPIES = [
    (Audience.CLIENT, False, "ja"),
    (Audience.CLIENT, False, "en"),
    (Audience.CLIENT, True, "ja"),
    (Audience.STAFF, False, "ja"),
]


def tryout(checklists: Checklists) -> cl.Checklist:
    """The tryout's list: 高岡市, 住まい + 生活費 + 安全確保 as the desk orders them, 子どもがいる,
    転出届 added from the list, a free item and a note (its PDF cut 「・DV相談ナビ」 from #8008)."""
    draft = checklists.new_draft("高岡市", ["housing", "money", "safety"], ["children"])
    draft.add(next(i for i in checklists.procedure_entries(draft.municipality_code) if i.name.startswith("転出届")))
    draft.add(cl.free_item("印鑑を持っていく"))
    draft.note = "来週の火曜日にもう一度お話ししましょう。"
    return draft.printed()


def kunitachi(checklists: Checklists) -> cl.Checklist:
    return checklists.new_draft(
        "国立市", ["safety", "housing", "children"], ["children", "school", "moving_out"]
    ).printed()


@pytest.mark.parametrize("situation", [tryout, kunitachi])
@pytest.mark.parametrize(("audience", "discreet", "lang"), COPIES)
def test_every_place_is_on_one_page_with_its_phone(qapp, tmp_path, bundled_db, situation, audience, discreet, lang):
    from PySide6.QtGui import QPdfWriter

    from dvdesk.printing.qt_render import PDF_DPI, layout_document, setup_a4, write_pdf

    checklists = Checklists(bundled_db)
    checklist = situation(checklists)
    document = checklists.render(checklist, audience, discreet=discreet, language=lang)
    printable = checklists.printable(checklist, audience, discreet)
    path = tmp_path / "out.pdf"
    pages = write_pdf(path, document)
    assert pages == pdf_pages(path) > 1
    assert_places_whole(path, document, printable)
    if lang == "ja":
        assert_all_items_on_paper(path, printable, lang)
    else:  # translated names: every item and place as the builder printed it
        text = "".join(page_texts(path))
        assert all(compact(item) in text for item in document.items)
    writer = QPdfWriter(str(tmp_path / "unused.pdf"))
    writer.setResolution(PDF_DPI)
    setup_a4(writer)
    assert_page_rules(layout_document(document, writer))
    del writer


def test_a_need_keeps_its_first_place_and_a_place_its_lines():
    from dvdesk.printing.qt_render import _keeps

    # (level, top, bottom): 相談できるところ (h2), 安全確保 (h3), a place (h4) with two lines, another place
    elements = [(2, 0, 10), (3, 10, 20), (4, 20, 30), (0, 30, 40), (0, 40, 50), (4, 50, 60), (0, 60, 70)]
    keeps = {(k.top, k.bottom) for k in _keeps(elements)}
    assert (10, 50) in keeps  # the need's heading with its first place, to the place's last line
    assert (20, 50) in keeps and (50, 70) in keeps  # each place, name to its last line
    assert (0, 50) in keeps  # the section's heading with the need and its first place


def test_a_safety_section_lists_the_lines_open_at_any_hour_first(qapp, tmp_path, bundled_db):
    """The desk's safety order (app.safety_first) with no "now": 24-hour lines, then the other
    public phones, then places without a number; the other needs keep the proposal's order."""
    from dvdesk.app.checklists import _Place
    from dvdesk.printing.qt_render import write_pdf

    checklists = Checklists(bundled_db)
    checklist = tryout(checklists)
    with bundled_db.read() as s:
        proposed = cl.propose(s, "高岡市", ["housing", "money", "safety"], ["children"])
    safety = next(g for g in checklist.contacts if g.need_key == "safety")
    tiers = [
        0 if p.always_open and p.phone else 1 if p.phone else 2
        for p in (_Place.of(n, item) for n, item in enumerate(safety.services))
    ]
    assert tiers == sorted(tiers) and tiers[:2] == [0, 0] and 2 in tiers  # 0120-279-889 and 189 lead
    before = next(g for g in proposed.contacts if g.need_key == "safety")
    assert sorted(i.key for i in safety.services) == sorted(i.key for i in before.services)  # nothing lost
    assert [g.services for g in checklist.contacts if g.need_key != "safety"] == [
        g.services for g in proposed.contacts if g.need_key != "safety"
    ]
    document = checklists.render(checklist, Audience.CLIENT)
    path = tmp_path / "out.pdf"
    write_pdf(path, document)
    text = "".join(page_texts(path))
    section = text[text.index(compact("安全確保・緊急避難")) :]
    assert section.index("0120-279-889") < section.index("189") < section.index(compact("専任相談員による相談"))
