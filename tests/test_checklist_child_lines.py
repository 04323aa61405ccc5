"""The child's safety lines (189, a city's 同伴する子どもの保護) are on a paper only when she has a child.

h14 tryout (a counselor's Monday): every safety paper carried 児童相談所虐待対応ダイヤル (189) — the
line for reporting a child's abuse — because it is filed under 安全確保 and every safety paper
carries the national lines filed there (h13). A client with no child (国立市, staying home, a
discreet copy; a 高岡市 client fleeing alone) took home a child-abuse number she has no use for,
and 高岡市's 「同伴する子どもの保護と援助」 under 安全確保 the same. The procedures already follow
that rule (a procedure about a child comes only with a child need or circumstance, ``_by_need``);
the places now follow it too: a client service filed under both 安全確保 (or below) and
子ども・子育て (or below) is listed when a child need is chosen or a child circumstance ticked
(子どもがいる, 未就学…, 小中学校…), and left out otherwise — on the screen and on every paper alike.
"""

from __future__ import annotations

import pytest

from checklist_support import compact, pdf_text
from dvdesk.app.checklists import Checklists
from dvdesk.cli import main
from dvdesk.domain import checklist as cl
from dvdesk.domain.checklist_templates import load_template, save_template
from dvdesk.domain.disclosure import Audience
from dvdesk.gui.checklist_dialog import ChecklistDialog

JIDO_189 = "national.svc.jido-189"
TAKAOKA_CHILD = "takaoka.svc.child-protection"  # 同伴する子どもの保護と援助（児童相談所等と連携）
CHILD_LINES = {JIDO_189, TAKAOKA_CHILD}
SAFETY_PAPERS = ["safety", "safety.shelter", "safety.accompany", "protection_order", "stalking"]


def places(db, muni, needs, circumstances=()):
    with db.read() as s:
        c = cl.propose(s, muni, needs, circumstances)
    return [i.key for g in c.contacts for i in g.services]


@pytest.mark.parametrize("need", SAFETY_PAPERS)
@pytest.mark.parametrize("muni", ["高岡市", "国立市"])
def test_a_safety_paper_without_a_child_lists_no_child_line(bundled_db_ro, muni, need):
    got = places(bundled_db_ro, muni, [need])
    assert not CHILD_LINES & set(got), (muni, need)
    assert "national.svc.police-110" in got and "national.svc.dv-plus" in got  # the safety lines stay


@pytest.mark.parametrize("circumstance", ["children", "preschool", "school"])
def test_a_child_circumstance_brings_the_child_lines_back(bundled_db_ro, circumstance):
    assert JIDO_189 in places(bundled_db_ro, "国立市", ["safety.shelter"], [circumstance])
    assert CHILD_LINES <= set(places(bundled_db_ro, "高岡市", ["safety"], [circumstance]))


@pytest.mark.parametrize("child_need", ["children", "children.care", "children.school"])
def test_a_child_need_brings_the_child_lines_back(bundled_db_ro, child_need):
    got = places(bundled_db_ro, "高岡市", ["safety", child_need])
    assert CHILD_LINES <= set(got)
    assert len(got) == len(set(got))


def test_a_child_need_alone_keeps_189(bundled_db_ro):
    assert JIDO_189 in places(bundled_db_ro, "高岡市", ["children.care"])


def test_a_need_outside_safety_keeps_its_own_places(bundled_db_ro):
    """Only the child's safety lines are gated: the certificate filed under 児童手当 and 住まい stays
    on a housing paper with no child."""
    assert "takaoka.svc.certificate" in places(bundled_db_ro, "高岡市", ["housing"])


def test_the_discreet_copy_of_a_client_with_no_child_prints_no_189(qapp, bundled_db, tmp_path, monkeypatch):
    """Client (b): 国立市, stays at home, a discreet copy; no child chosen."""
    monkeypatch.setenv("DVDESK_DB", str(bundled_db.path))
    out = tmp_path / "b.pdf"
    assert main(["checklist", "-m", "国立市", "-n", "consultation", "safety", "--discreet", "--pdf", str(out)]) == 0
    paper = compact(pdf_text(out))
    assert "189" not in paper
    assert "#8008" in paper and "0120-279-889" in paper and "110" in paper
    assert main(["checklist", "-m", "国立市", "-n", "safety", "-c", "children", "--discreet", "--pdf", str(out)]) == 0
    assert "189" in compact(pdf_text(out))


def test_a_template_saved_without_a_child_loads_without_189(bundled_db):
    checklists = Checklists(bundled_db)
    alone = checklists.propose("高岡市", ["safety.shelter"])
    with_child = checklists.propose("高岡市", ["safety.shelter"], ["children"])
    with bundled_db.write() as s:
        save_template(s, "ひとりで避難", alone)
        save_template(s, "子どもと避難", with_child)
    with bundled_db.read() as s:
        loaded_alone = load_template(s, "162027", "ひとりで避難").checklist
        loaded_child = load_template(s, "162027", "子どもと避難").checklist
    assert JIDO_189 not in {i.key for g in loaded_alone.contacts for i in g.services}
    assert JIDO_189 in {i.key for g in loaded_child.contacts for i in g.services}


def test_the_window_lists_189_once_she_ticks_a_child_and_the_paper_follows(bundled_db, qtbot, qapp, tmp_path):
    dialog = ChecklistDialog(bundled_db, "高岡市", ["safety.shelter"])
    qtbot.addWidget(dialog)
    assert "児童相談所虐待対応ダイヤル" not in dialog.places.toPlainText()
    paper = compact(pdf_text(dialog.printing.export_pdf(tmp_path / "alone.pdf")))
    assert "189" not in paper and "0120-279-889" in paper
    dialog.circumstance_boxes["children"].setChecked(True)
    assert "児童相談所虐待対応ダイヤル" in dialog.places.toPlainText()
    paper = compact(pdf_text(dialog.printing.export_pdf(tmp_path / "children.pdf")))
    assert "189" in paper and compact("児童相談所虐待対応ダイヤル") in paper
    assert Audience.CLIENT is dialog.printing.copy_combo.currentData()
