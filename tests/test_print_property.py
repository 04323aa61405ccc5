"""Any list prints whole: random checklists (1-60 items, long names, descriptions and department
names) are laid out, saved as a PDF and read back; every item's number and name is on paper and
the page bottoms keep the rules."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from dvdesk.domain import checklist as cl
from dvdesk.domain.disclosure import Audience, checklist_for
from dvdesk.printing.checklist_html import build_checklist
from print_check import assert_all_items_on_paper, assert_page_rules

# Kana, kanji, Latin, digits, punctuation and characters HTML must escape; all in the bundled font.
ALPHABET = "あいうえおかきくけこさしすせそ窓口手続市民課保育所住宅申請証明書届出ABCDEFxyz0123456789 ・、。（）<>&'\""
words = st.text(ALPHABET, min_size=1, max_size=12).map(str.strip).filter(bool)


def text(max_words: int, min_words: int = 1) -> st.SearchStrategy[str]:
    return st.lists(words, min_size=min_words, max_size=max_words).map(" ".join)


@st.composite
def checklists(draw) -> cl.Checklist:  # type: ignore[no-untyped-def]
    n_items = max(1, draw(st.sampled_from([60, 41, 23, 9, 1])) - draw(st.integers(0, 8)))
    n_departments = draw(st.integers(1, min(n_items, 15)))
    departments = [cl.Department(f"hint:{d}", draw(text(25)) + f" {d}") for d in range(n_departments)]
    sections = []
    for d, department in enumerate(departments):
        count = n_items // n_departments + (1 if d < n_items % n_departments else 0)
        items = tuple(
            cl.ChecklistItem(
                kind=cl.ItemKind.PROCEDURE,
                key=f"p{d}.{i}",
                name=draw(text(20)),
                department=department,
                description=draw(st.one_of(st.just(""), text(40), text(600, 250))),  # up to longer than a page
                what_to_bring=tuple(draw(st.lists(text(4), max_size=4))),
                caution=draw(st.one_of(st.just(""), text(30))),
            )
            for i in range(count)
        )
        sections.append(cl.Section(department, items))
    return cl.Checklist("000000", "テスト市", sections=tuple(sections))


def extreme() -> cl.Checklist:
    """60 items, one of them longer than two pages, with long names and department names."""
    long_name = "市民課で住民票の写しの交付についての申出と転入届・転居届を同時に行う手続き" * 3
    sections = []
    for d in range(6):
        department = cl.Department(f"hint:{d}", f"{d}番目の窓口（" + "保育所入所・就学・市営住宅の担当課" * 4 + "）")
        items = tuple(
            cl.ChecklistItem(
                kind=cl.ItemKind.PROCEDURE,
                key=f"p{d}.{i}",
                name=f"{long_name}{d}-{i}",
                department=department,
                description=("証明書を持って窓口で申請する。" * (300 if (d, i) == (2, 3) else 8)),
                what_to_bring=("申請書", "本人確認書類"),
                caution="受付時間に注意する。",
            )
            for i in range(10)
        )
        sections.append(cl.Section(department, items))
    return cl.Checklist("000000", "テスト市", sections=tuple(sections))


@example(checklist=extreme(), copy="staff", lang="ja")
@settings(
    max_examples=7,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(checklist=checklists(), copy=st.sampled_from(["client", "staff"]), lang=st.sampled_from(["ja", "en", "easy"]))
def test_random_lists_print_every_item_and_keep_the_page_rules(qapp, tmp_path, checklist, copy, lang):
    from PySide6.QtGui import QPdfWriter

    from dvdesk.printing.qt_render import PDF_DPI, layout_document, setup_a4, write_pdf

    printable = checklist_for(checklist, Audience.CLIENT if copy == "client" else Audience.STAFF)
    document = build_checklist(printable, lang, dt.date(2026, 11, 21))
    path = tmp_path / "random.pdf"
    write_pdf(path, document)
    assert_all_items_on_paper(path, printable, f"{len(printable.checklist.items)} items")
    writer = QPdfWriter(str(tmp_path / "layout-only.pdf"))
    writer.setResolution(PDF_DPI)
    setup_a4(writer)
    assert_page_rules(layout_document(document, writer))
    del writer
