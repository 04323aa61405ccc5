"""The needs named on a checklist follow the need tree, as she sees them in the window: the
header's 「ニーズ:」 line and the 相談できるところ sections in one order, whatever order the keys
came in (the window gives them sorted by key; the command line as typed)."""

from __future__ import annotations

from checklist_support import compact
from dvdesk.app.checklists import Checklists
from dvdesk.domain import checklist as cl
from dvdesk.domain.disclosure import Audience
from print_check import page_texts

AS_THE_WINDOW_GIVES_THEM = ["housing", "money", "safety"]  # sorted by key
TREE = ["safety", "housing", "money"]  # needs.toml: 安全確保・緊急避難 comes before 住まい and 生活費
LABELS = "安全確保・緊急避難、住まい、生活費・経済的支援"


def test_the_needs_of_a_proposal_are_in_the_trees_order(bundled_db):
    draft = Checklists(bundled_db).new_draft("高岡市", AS_THE_WINDOW_GIVES_THEM, ["children"])
    assert draft.need_keys == draft.checklist.needs == tuple(TREE)
    assert [g.need_key for g in draft.checklist.contacts] == TREE
    with bundled_db.read() as session:  # a sub-need after its category; unknown keys kept, at the end
        assert cl.in_tree_order(session, ["children.school", "x", "safety.shelter", "children", "safety"]) == (
            "safety",
            "safety.shelter",
            "children",
            "children.school",
            "x",
        )


def test_the_printed_header_names_the_needs_in_the_order_of_their_sections(qapp, tmp_path, bundled_db):
    from dvdesk.printing.qt_render import write_pdf

    checklists = Checklists(bundled_db)
    draft = checklists.new_draft("高岡市", AS_THE_WINDOW_GIVES_THEM, ["children"])
    path = tmp_path / "staff.pdf"
    write_pdf(path, checklists.render(draft.printed(), Audience.STAFF))
    text = "".join(page_texts(path))
    assert compact(f"ニーズ: {LABELS}") in text
    places = text[text.index("相談できるところ") :]
    headings = [places.index(compact(label)) for label in LABELS.split("、")]
    assert headings == sorted(headings)  # the sections, in the header's order


def test_a_template_comes_back_with_its_needs_in_the_trees_order(bundled_db):
    checklists = Checklists(bundled_db)
    draft = checklists.new_draft("高岡市", AS_THE_WINDOW_GIVES_THEM)
    old = cl.Checklist(draft.municipality_code, "高岡市", tuple(AS_THE_WINDOW_GIVES_THEM), (), draft.checklist.sections)
    checklists.save_template("前の版で保存", old)  # a template saved before, in key order
    loaded = checklists.load_template(draft.municipality_code, "前の版で保存").checklist
    assert loaded.needs == tuple(TREE)
