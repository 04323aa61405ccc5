"""A place for a client with a child is on her paper only when the paper names a child.

h16: a service is listed under every chosen need it is filed under, and some places only for a
client with a child are filed under an adult need too (生活費, 就労, 心身の健康). On a paper with every
adult need and every circumstance but the child ones, 高岡市 printed 51 places, five of them for a
child by their source (同伴児の一時預かり, 母子家庭等自立支援給付金, 児童扶養手当…の手続き, 保育・就学等の相談,
子どもの心のケア), and 国立市 32 with ひとり親家庭相談・支援. The need tree cannot tell them apart
(保護・支援に関する各種証明書 and 離婚に関する基礎知識講座 are filed the same way and are for her): each
such service names the circumstance it is for (該当する事情 子どもがいる, from its source), and the
places follow the rule of the procedures: listed when a 子ども・子育て need is chosen or a child
circumstance ticked, left out otherwise — on the screen and on the paper alike.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from checklist_support import compact, poppler_page_texts, raw_page_texts
from dvdesk.domain import checklist as cl
from dvdesk.domain.models import Need
from dvdesk.domain.record_kinds import CHILD_CIRCUMSTANCES, CIRCUMSTANCES
from dvdesk.gui.checklist_dialog import ChecklistDialog

CHILD_ONLY = {
    "高岡市": {
        "takaoka.svc.ichiji-azukari": "保育園等での一時預かり",
        "takaoka.svc.jiritsu-kyufukin": "母子家庭等自立支援給付金",
        "takaoka.svc.child-benefits": "児童扶養手当・児童手当・母子父子福祉・保育所入所の手続き",
        "takaoka.svc.childcare-school-consult": "保育・就学等に関する相談",
        "takaoka.svc.child-care": "子どもの心のケア",
    },
    "国立市": {"kunitachi.svc.hitorioya": "ひとり親家庭相談・支援"},
}
# Filed the same way (a child need and an adult one) and for her, child or not.
FOR_HER = {"高岡市": "takaoka.svc.certificate", "国立市": "kunitachi.svc.rikon-koza"}
PLACES_WITHOUT_A_CHILD = {"高岡市": 46, "国立市": 31}  # 51 and 32 before
ADULT_CIRCUMSTANCES = [k for k in CIRCUMSTANCES if k not in CHILD_CIRCUMSTANCES]


def adult_needs(db) -> list[str]:
    """Every need not under 子ども・子育て, in the tree's order."""
    with db.read() as s:
        needs = s.execute(
            select(Need.id, Need.key, Need.parent_id).where(Need.retired.is_(False)).order_by(Need.sort_order)
        ).all()
    parent = {i: p for i, _, p in needs}
    key = {i: k for i, k, _ in needs}

    def under_children(i: int | None) -> bool:
        while i is not None:
            if key.get(i) == cl.CHILD_NEED:
                return True
            i = parent.get(i)
        return False

    return [k for i, k, _ in needs if not under_children(i)]


def places(db, muni, needs, circumstances=()):
    with db.read() as s:
        c = cl.propose(s, muni, needs, circumstances)
    return [i.key for g in c.contacts for i in g.services]


@pytest.mark.parametrize("muni", ["高岡市", "国立市"])
def test_a_paper_without_a_child_lists_no_place_for_a_child_and_every_other(bundled_db_ro, muni):
    got = places(bundled_db_ro, muni, adult_needs(bundled_db_ro), ADULT_CIRCUMSTANCES)
    assert not set(CHILD_ONLY[muni]) & set(got)
    assert FOR_HER[muni] in got
    assert len(got) == len(set(got)) == PLACES_WITHOUT_A_CHILD[muni]


@pytest.mark.parametrize("circumstance", sorted(CHILD_CIRCUMSTANCES))
@pytest.mark.parametrize("muni", ["高岡市", "国立市"])
def test_a_child_circumstance_brings_them_and_takes_nothing_away(bundled_db_ro, muni, circumstance):
    needs = adult_needs(bundled_db_ro)
    alone = places(bundled_db_ro, muni, needs, ADULT_CIRCUMSTANCES)
    with_child = places(bundled_db_ro, muni, needs, [*ADULT_CIRCUMSTANCES, circumstance])
    assert set(CHILD_ONLY[muni]) <= set(with_child)
    assert set(alone) <= set(with_child)


@pytest.mark.parametrize("child_need", ["children", "children.allowance", "children.care"])
@pytest.mark.parametrize("muni", ["高岡市", "国立市"])
def test_a_child_need_brings_them(bundled_db_ro, muni, child_need):
    got = places(bundled_db_ro, muni, [*adult_needs(bundled_db_ro), child_need], ADULT_CIRCUMSTANCES)
    assert set(CHILD_ONLY[muni]) <= set(got)
    assert len(got) == len(set(got))


def test_a_need_of_her_own_keeps_what_is_hers(bundled_db_ro):
    """Money alone, no child: her money places stay, the child's go."""
    got = places(bundled_db_ro, "高岡市", ["money"])
    assert "takaoka.svc.welfare" in got and "takaoka.svc.pasapa-money" in got
    assert not set(CHILD_ONLY["高岡市"]) & set(got)
    assert "kunitachi.svc.rikon-koza" in places(bundled_db_ro, "国立市", ["legal"])


@pytest.mark.parametrize("muni", ["高岡市", "国立市"])
def test_the_window_and_its_paper_leave_them_out_until_she_ticks_a_child(
    bundled_db, qtbot, qapp, tmp_path, monkeypatch, muni
):
    dialog = ChecklistDialog(bundled_db, muni, adult_needs(bundled_db))
    qtbot.addWidget(dialog)
    monkeypatch.setattr(dialog.printing, "confirm", lambda *_: True)  # 国立市's windows no source names
    for key in ADULT_CIRCUMSTANCES:
        dialog.circumstance_boxes[key].setChecked(True)
    shown = [i for g in dialog.checklist().contacts for i in g.services]
    assert len(shown) == PLACES_WITHOUT_A_CHILD[muni]
    screen = compact(dialog.places.toPlainText())
    assert not [n for n in CHILD_ONLY[muni].values() if compact(n) in screen]
    path = dialog.printing.export_pdf(tmp_path / "alone.pdf")
    printed = compact("".join(poppler_page_texts(path)))
    assert [i.name for i in shown if compact(i.name) not in printed] == []  # every other place is on it
    every_operator = compact("".join(raw_page_texts(path)))
    assert [n for n in CHILD_ONLY[muni].values() if compact(n) in every_operator] == []
    dialog.circumstance_boxes["children"].setChecked(True)
    assert all(compact(n) in compact(dialog.places.toPlainText()) for n in CHILD_ONLY[muni].values())
    printed = compact("".join(poppler_page_texts(dialog.printing.export_pdf(tmp_path / "child.pdf"))))
    assert [n for n in CHILD_ONLY[muni].values() if compact(n) not in printed] == []


def test_a_template_saved_without_a_child_loads_without_them(bundled_db):
    """A saved list looks its places up again when loaded: by the same rule."""
    from dvdesk.app.checklists import Checklists
    from dvdesk.domain.checklist_templates import load_template, save_template

    checklists = Checklists(bundled_db)
    with bundled_db.write() as s:
        save_template(s, "ひとりで就労", checklists.propose("高岡市", ["work", "money"]))
        save_template(s, "子どもと就労", checklists.propose("高岡市", ["work", "money"], ["preschool"]))
    with bundled_db.read() as s:
        alone = load_template(s, "162027", "ひとりで就労").checklist
        with_child = load_template(s, "162027", "子どもと就労").checklist
    assert not set(CHILD_ONLY["高岡市"]) & {i.key for g in alone.contacts for i in g.services}
    assert {"takaoka.svc.ichiji-azukari", "takaoka.svc.jiritsu-kyufukin"} <= {
        i.key for g in with_child.contacts for i in g.services
    }


def test_the_detail_pane_says_whom_a_place_is_for_and_what_that_does(qtbot, bundled_db_ro):
    """She sees why a place is not on a paper without a child (and a place for her says nothing)."""
    from dvdesk.app.directory_queries import DeskData
    from dvdesk.gui.detail_html import DetailHtml

    desk = DeskData(bundled_db_ro)
    html = DetailHtml().service(desk.service("takaoka.svc.jiritsu-kyufukin"))
    assert "該当する事情" in html and "子どもがいる" in html
    assert "チェックシートには、子どものいる相談者のときだけ載ります" in html
    assert "該当する事情" not in DetailHtml().service(desk.service(FOR_HER["高岡市"]))
