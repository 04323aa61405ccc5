"""Nothing lost on paper: every printout of the shipped directory holds every item of its list.

Each variant (client copy in every language, discreet, staff) of every need alone and of
combined situations, in both municipalities, is saved as a PDF; its text is read back with
pypdf and every item's number and name must be there, in order. The old renderer lost items
11-13 of the 国立市 situation below (a page break merged into a half laid-out document).
"""

from __future__ import annotations

import datetime as dt

import pytest

from checklist_support import compact, pdf_pages, pdf_text
from dvdesk.domain import checklist as cl
from dvdesk.domain.directory import need_tree
from dvdesk.domain.disclosure import Audience, checklist_for
from dvdesk.domain.discreet import DiscreetViolation
from dvdesk.domain.models import CIRCUMSTANCES
from dvdesk.printing.checklist_html import build_checklist
from dvdesk.printing.document import PrintDocument
from print_check import assert_all_items_on_paper, assert_page_rules, assert_places_whole

TODAY = dt.date(2026, 11, 21)
# (copy, language, discreet)
VARIANTS = [
    ("client", "ja", False),
    ("client", "en", False),
    ("client", "pt", False),
    ("client", "easy", False),
    ("client", "ja", True),
    ("staff", "ja", False),
]
ALL_VARIANTS = VARIANTS + [("client", lang, True) for lang in ("en", "pt", "easy")]
SITUATIONS = {
    "国立市": [
        (["safety", "housing", "children"], ["children", "school", "moving_out"]),  # issue 11
        (["safety", "money", "legal", "insurance_pension"], ["health_insurance", "pension"]),
        (
            ["info_protection", "children", "legal", "insurance_pension"],
            ["moving_within", "preschool", "health_insurance", "pension", "public_assistance"],
        ),
    ],
    "高岡市": [
        (["safety", "housing", "children"], ["children", "school", "moving_out"]),
        (["safety.shelter", "protection_order", "info_protection", "money"], ["moving_within", "preschool"]),
        (["children", "legal", "health", "foreign", "young_women"], ["school", "public_assistance"]),
    ],
}


def _needs(db) -> list[str]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        keys = []
        stack = list(need_tree(s))
        while stack:
            node = stack.pop(0)
            keys.append(node.key)
            stack[:0] = list(node.children)
        return keys


def _render(checklist, variant, path):  # type: ignore[no-untyped-def]
    from dvdesk.printing.qt_render import write_pdf

    copy, lang, discreet = variant
    printable = checklist_for(checklist, Audience.CLIENT if copy == "client" else Audience.STAFF, discreet=discreet)
    try:
        document = build_checklist(printable, lang, TODAY)
    except DiscreetViolation:
        return printable, None  # refused by design: a discreet page that would say too much
    pages = write_pdf(path, document)
    assert pages == pdf_pages(path)
    assert_places_whole(path, document, printable)  # no place's name on one page, its number on the next
    return printable, path


def _check_all(qapp, tmp_path, jobs):  # type: ignore[no-untyped-def]
    failures, printed, refused = [], 0, 0
    for label, checklist, variant in jobs:
        path = tmp_path / "out.pdf"
        printable, done = _render(checklist, variant, path)
        if done is None:
            refused += 1
            continue
        try:
            assert_all_items_on_paper(path, printable, f"{label} {variant}")
            printed += 1
        except AssertionError as exc:
            failures.append(str(exc))
    assert not failures, "\n".join(failures[:10])
    return printed, refused


@pytest.mark.slow  # every need × every variant, read back from PDF: the thorough tier
@pytest.mark.parametrize("municipality", list(SITUATIONS))
def test_every_need_alone_prints_every_item_in_every_variant(qapp, tmp_path, bundled_db, municipality):
    jobs, seen = [], set()
    with bundled_db.read() as s:
        for need in _needs(bundled_db):
            c = cl.propose(s, municipality, [need], ())
            refs = tuple((i.kind, i.key) for i in c.items)
            if refs and refs not in seen:  # a sub-need often proposes its parent's list: print it once
                seen.add(refs)
                jobs += [(need, c, v) for v in VARIANTS]
    printed, refused = _check_all(qapp, tmp_path, jobs)
    assert printed >= len(jobs) * 0.8 and len(jobs) > 40, (printed, refused, len(jobs))


@pytest.mark.slow  # every situation × every variant: the thorough tier
@pytest.mark.parametrize("municipality", list(SITUATIONS))
def test_combined_situations_print_every_item_in_every_variant(qapp, tmp_path, bundled_db, municipality):
    jobs = []
    with bundled_db.read() as s:
        for needs, circumstances in SITUATIONS[municipality]:
            c = cl.propose(s, municipality, needs, circumstances).with_note("木曜日は夜8時まで開いています")
            jobs += [("+".join(needs + circumstances), c, v) for v in ALL_VARIANTS]
        everything = cl.propose(s, municipality, _needs(bundled_db), list(CIRCUMSTANCES))
    jobs += [("all needs", everything, v) for v in (("client", "ja", False), ("staff", "ja", False))]
    printed, _refused = _check_all(qapp, tmp_path, jobs)
    assert printed >= len(SITUATIONS[municipality]) * len(VARIANTS)


# One variant per test (spread over the workers); the discreet copies in a foreign language, like
# every other variant, are in the quick tier through the discreet Japanese one, and all in the thorough tier.
@pytest.mark.parametrize(
    "variant",
    [*VARIANTS, *(pytest.param(v, marks=pytest.mark.slow) for v in ALL_VARIANTS if v not in VARIANTS)],
    ids=str,
)
def test_the_issue_11_situation_has_all_13_items_and_tidy_page_bottoms(qapp, tmp_path, bundled_db, variant):
    from PySide6.QtGui import QPdfWriter

    from dvdesk.printing.qt_render import PDF_DPI, layout_document, setup_a4

    with bundled_db.read() as s:
        c = cl.propose(s, "国立市", ["safety", "housing", "children"], ["children", "school", "moving_out"])
    printable, path = _render(c, variant, tmp_path / "x.pdf")
    if path is None:
        assert variant[2], "only a discreet copy may be refused"
        return
    assert len(printable.checklist.items) >= 13
    assert_all_items_on_paper(path, printable, str(variant))
    writer = QPdfWriter(str(tmp_path / "unused.pdf"))
    writer.setResolution(PDF_DPI)
    setup_a4(writer)
    pages = layout_document(build_checklist(printable, variant[1], TODAY), writer)
    assert_page_rules(pages)
    del writer


# --- refusing instead of printing short ------------------------------------------------------


def _tiny_document(html_body: str, items: tuple[str, ...]) -> PrintDocument:
    from dvdesk.printing.document import page

    return PrintDocument("テスト", page("テスト", html_body), "印刷日", "{page} / {pages}", items=items)


def test_an_item_that_is_not_on_any_page_is_refused_and_no_file_is_left(qapp, tmp_path):
    from dvdesk.printing.qt_render import PrintIncomplete, write_pdf

    document = _tiny_document("<h3>□ 1. 市民課の手続き</h3><p>内容</p>", ("□ 1. 市民課の手続き", "□ 2. 保育所の入所"))
    with pytest.raises(PrintIncomplete, match="保育所の入所") as info:
        write_pdf(tmp_path / "short.pdf", document)
    assert "中止" in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_a_line_that_cannot_fit_on_a_page_is_refused(qapp, tmp_path):
    from dvdesk.printing.qt_render import PrintIncomplete, write_pdf

    document = _tiny_document("<p>前</p><p style='font-size:1000pt'>巨</p><p>後</p>", ())
    with pytest.raises(PrintIncomplete, match="巨"):
        write_pdf(tmp_path / "sliced.pdf", document)
    assert not (tmp_path / "sliced.pdf").exists()


def test_the_cli_refuses_a_printout_that_lost_an_item(qapp, tmp_path, capsys, monkeypatch):
    # qapp: the CLI in this process would otherwise make a bare QGuiApplication, and every later
    # pytest-qt test in this worker would fail to set up ("… is not an instance of qapp_cls").
    from dvdesk.cli import main
    from dvdesk.printing import checklist_html

    real = checklist_html.build_checklist

    def losing(*args, **kwargs):  # type: ignore[no-untyped-def]
        doc = real(*args, **kwargs)
        cut = doc.html.index("<h3>□ 2.")
        return PrintDocument(
            doc.title, doc.html[:cut] + "</body></html>", doc.footer, doc.page_label, doc.discreet, doc.items
        )

    monkeypatch.setattr(checklist_html, "build_checklist", losing)
    out = tmp_path / "x.pdf"
    code = main(["checklist", "-m", "国立市", "-n", "safety", "--pdf", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and "中止" in err and "□ 2." in err
    assert not out.exists()


def test_the_dialog_reports_a_loss_instead_of_saving(qtbot, bundled_db, tmp_path, monkeypatch):
    from dvdesk.gui.checklist_dialog import ChecklistDialog

    d = ChecklistDialog(bundled_db, "国立市", ["safety"])
    qtbot.addWidget(d)
    reports: list[str] = []
    monkeypatch.setattr(d, "report", reports.append)
    real = d.printing.document

    def losing() -> PrintDocument:
        doc = real()
        return PrintDocument(
            doc.title, doc.html.replace("□ 1.", "□ 1 "), doc.footer, doc.page_label, doc.discreet, doc.items
        )

    assert d.printing.export_pdf(tmp_path / "x.pdf", document=losing) is None
    assert len(reports) == 1 and "中止" in reports[0] and not (tmp_path / "x.pdf").exists()
    assert d.printing.make_preview(losing) is None and len(reports) == 2
    assert "中止" not in compact(pdf_text(d.printing.export_pdf(tmp_path / "ok.pdf")))
