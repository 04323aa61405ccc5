"""A chosen need with no place to contact on record is said, never left out.

Seen by using it (hx-try10, session 10): 若年女性 has no client service in 国立市 (nor in 高岡市);
chosen beside 相談窓口, the paper's 「相談できるところ」 listed the consultation places only and the
need itself was gone without a word (``with_contacts`` dropped empty groups), as was the window's
tab. Now its heading stays with a line saying none is on record and to ask the counselor; a
discreet copy, which names no need, says once that some places are not on record; the staff copy
and the CLI name the need. A need whose places are all listed under an earlier need has no group
(its places are on the paper)."""

import json

import pytest

from checklist_support import compact
from dvdesk.cli import main
from dvdesk.domain import checklist as cl
from dvdesk.domain import discreet
from dvdesk.domain.disclosure import Audience, checklist_for
from dvdesk.printing import print_languages
from dvdesk.printing.checklist_html import build_checklist

CITY = "国立市"


def _groups(c: cl.Checklist) -> list[tuple[str, int]]:
    return [(g.need_key, len(g.services)) for g in c.contacts]


def test_a_need_with_no_place_keeps_its_empty_group(bundled_db_ro):
    with bundled_db_ro.read() as s:
        c = cl.propose(s, CITY, ["consultation", "young_women"])
        alone = cl.propose(s, "高岡市", ["young_women"])
        nested = cl.propose(s, CITY, ["safety", "safety.shelter"])
    groups = dict(_groups(c))
    assert groups["consultation"] > 0 and groups["young_women"] == 0
    assert [g.need_label for g in c.needs_without_places] == ["若年女性"]
    assert _groups(alone) == [("young_women", 0)]
    # 一時保護・シェルター's places are all listed under 安全確保 (its parent): no group, no "none" line
    assert [k for k, _n in _groups(nested)] == ["safety"] and nested.needs_without_places == []


@pytest.mark.parametrize("lang", list(print_languages.LANGUAGES))
def test_the_client_copy_says_none_is_on_record_under_the_need(bundled_db_ro, lang):
    with bundled_db_ro.read() as s:
        c = cl.propose(s, CITY, ["consultation", "young_women"])
        full = cl.propose(s, CITY, ["consultation"])
    t = print_languages.strings(lang)
    text = compact(build_checklist(checklist_for(c, Audience.CLIENT), lang).plain_text())
    assert compact(t.no_places) in text
    assert text.index("若年女性") < text.index(compact(t.no_places))  # under its own heading
    quiet = compact(build_checklist(checklist_for(full, Audience.CLIENT), lang).plain_text())
    assert compact(t.no_places) not in quiet


@pytest.mark.parametrize("lang", list(print_languages.LANGUAGES))
def test_a_discreet_copy_says_it_once_and_names_no_need(bundled_db_ro, lang):
    with bundled_db_ro.read() as s:
        c = cl.propose(s, CITY, ["money", "young_women"])
    t = print_languages.strings(lang)
    doc = build_checklist(checklist_for(c, Audience.CLIENT, discreet=True), lang)
    text = compact(doc.plain_text())
    assert text.count(compact(t.no_places_discreet)) == 1
    assert "若年女性" not in text and compact(t.no_places) not in text
    assert discreet.violations(doc.plain_text()) == []


def test_a_need_whose_places_this_copy_may_not_show_says_to_ask(bundled_db_ro):
    """Every place of the need hidden from the client (staff-only): the need is not silently gone."""
    import dataclasses

    from dvdesk.domain.models import Confidentiality

    with bundled_db_ro.read() as s:
        c = cl.propose(s, CITY, ["consultation", "money"])
    hidden = [
        dataclasses.replace(
            g, services=tuple(dataclasses.replace(i, confidentiality=Confidentiality.STAFF.value) for i in g.services)
        )
        if g.need_key == "money"
        else g
        for g in c.contacts
    ]
    c = c.with_contacts(hidden)
    client = checklist_for(c, Audience.CLIENT).checklist
    assert ("money", 0) in _groups(client)
    assert compact(print_languages.JA.no_places) in compact(
        build_checklist(checklist_for(c, Audience.CLIENT), "ja").plain_text()
    )
    assert ("money", 0) not in _groups(checklist_for(c, Audience.STAFF).checklist)


def test_the_window_says_so_on_the_tab_and_in_the_list(bundled_db, qtbot):
    from dvdesk.gui.checklist_dialog import ChecklistDialog

    dialog = ChecklistDialog(bundled_db, CITY, ["consultation", "young_women"])
    qtbot.addWidget(dialog)
    assert "未登録のニーズ1" in dialog.below.tabText(1)
    html = dialog.places.toPlainText()
    assert "若年女性" in html and "相談先は登録されていません" in html
    full = ChecklistDialog(bundled_db, CITY, ["consultation"])
    qtbot.addWidget(full)
    assert "未登録" not in full.below.tabText(1)


def test_the_command_line_warns_and_lists_the_empty_group(bundled_db, capsys, monkeypatch):
    monkeypatch.setenv("DVDESK_DB", str(bundled_db.path))
    assert main(["checklist", "-m", CITY, "-n", "consultation", "-n", "young_women", "--json"]) == 0
    out, err = capsys.readouterr()
    places = {g["need"]: g["services"] for g in json.loads(out)["contacts"]}
    assert places["young_women"] == [] and places["consultation"]
    assert "若年女性" in err and "相談先が登録されていません" in err
