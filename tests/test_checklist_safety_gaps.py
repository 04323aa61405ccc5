"""A municipality whose directory lacks one of the safety procedures (警察, 一時保護, 保護命令).

Seen by using it: 国立市 of the test directory has its 住民票 and 保育所 procedures on record but no
police, shelter or protection-order procedure; the checklist for 安全確保 proposed nothing for
safety and nothing said so — the counselor read "nothing to do" where the directory is only
incomplete. The proposal now names each safety need with no procedure on record; the window says
so above the list, the CLI on stderr and in --json, the staff copy names them and the client copy
says (without naming anything a discreet copy may not say) that some procedures are not on record.
"""

import json

import pytest

from checklist_support import compact
from dvdesk.app.checklists import Checklists
from dvdesk.cli import main
from dvdesk.domain import checklist as cl
from dvdesk.domain import discreet
from dvdesk.domain.disclosure import Audience, checklist_for
from dvdesk.domain.models import Need, Procedure
from dvdesk.printing import print_languages
from dvdesk.printing.checklist_html import build_checklist

OTHER = "国立市"  # tests/data/checklist/othercity.toml: no phase-1 procedure at all
# tests/data/checklist/testcity_procedures.toml: 一時保護 (safety.shelter) and 保護命令
# (protection_order) on record, no police procedure filed under safety itself.
TEST = "高岡市"


def _gaps(c: cl.Checklist) -> list[str]:
    return [key for key, _label in c.safety_not_on_record]


def test_each_safety_need_without_a_procedure_on_record_is_named(checklist_db):
    with checklist_db.read() as s:
        other = cl.propose(s, OTHER, ["safety"])
        other_po = cl.propose(s, OTHER, ["protection_order"])
        other_housing = cl.propose(s, OTHER, ["housing"])
        other_nothing = cl.propose(s, OTHER, [], ["moving_out"])  # fail safe: the safety core is wanted
        test = cl.propose(s, TEST, ["safety"])
        test_shelter = cl.propose(s, TEST, ["safety.shelter"])
    assert other.procedures_on_record  # it has procedures: the old notice did not fire
    assert _gaps(other) == ["safety", "safety.shelter", "protection_order"]
    assert dict(other.safety_not_on_record)["safety.shelter"] == "一時保護・シェルター"
    assert _gaps(other_po) == ["protection_order"]
    assert _gaps(other_housing) == []  # housing does not call for the safety core
    assert _gaps(other_nothing) == ["safety", "safety.shelter", "protection_order"]
    assert _gaps(test) == ["safety"]  # 一時保護 and 保護命令 are there; no police procedure
    assert _gaps(test_shelter) == ["safety"]
    # edits keep what the proposal knew
    assert other.with_note("x").with_sections(()).safety_not_on_record == other.safety_not_on_record


def test_a_procedure_added_to_the_directory_closes_the_gap(checklist_db):
    with checklist_db.write() as s:
        proc = s.query(Procedure).filter_by(key="test.proc.ichiji").one()
        s.add(
            Procedure(
                key="test.proc.keisatsu",
                name="警察への相談",
                municipality_id=proc.municipality_id,
                organization_id=proc.organization_id,
                phase=1,
                sort_order=10,
                needs=[s.query(Need).filter_by(key="safety").one()],
                source="test fixture",
            )
        )
    with checklist_db.read() as s:
        assert _gaps(cl.propose(s, TEST, ["safety"])) == []


def test_a_retired_procedure_does_not_count(checklist_db):
    with checklist_db.write() as s:
        s.query(Procedure).filter_by(key="test.proc.hogomeirei").one().retired = True
    with checklist_db.read() as s:
        assert _gaps(cl.propose(s, TEST, ["protection_order"])) == ["protection_order"]


def test_a_municipality_with_no_procedure_at_all_keeps_the_one_notice(checklist_db):
    from dvdesk.domain.models import Municipality

    with checklist_db.write() as s:
        s.add(Municipality(code="162019", name="富山市", prefecture="富山県", source="テスト"))
    with checklist_db.read() as s:
        toyama = cl.propose(s, "富山市", ["safety"])
    assert not toyama.procedures_on_record and toyama.safety_not_on_record == ()


@pytest.mark.parametrize("lang", list(print_languages.LANGUAGES))
@pytest.mark.parametrize("discreet_copy", [False, True])
def test_the_client_copy_says_some_procedures_are_not_on_record_and_names_nothing(checklist_db, lang, discreet_copy):
    with checklist_db.read() as s:
        other = cl.propose(s, OTHER, ["safety"], ["moving_out"])
        housing = cl.propose(s, OTHER, ["housing"])
    t = print_languages.strings(lang)
    assert t.safety_not_on_record
    doc = build_checklist(checklist_for(other, Audience.CLIENT, discreet=discreet_copy), lang)
    text = compact(doc.plain_text())
    assert compact(t.safety_not_on_record) in text
    assert "一時保護・シェルター" not in text and "保護命令" not in text
    if discreet_copy:
        assert discreet.violations(doc.plain_text()) == []
    quiet = build_checklist(checklist_for(housing, Audience.CLIENT, discreet=discreet_copy), lang)
    assert compact(t.safety_not_on_record) not in compact(quiet.plain_text())


def test_the_staff_copy_names_the_needs(checklist_db):
    with checklist_db.read() as s:
        other = cl.propose(s, OTHER, ["safety"])
    html = build_checklist(checklist_for(other, Audience.STAFF), "ja").html
    for label in ("安全確保・緊急避難", "一時保護・シェルター", "保護命令"):
        assert label in html


def test_the_window_says_so_above_the_list(checklist_db, qtbot):
    from dvdesk.gui.checklist_dialog import ChecklistDialog

    dialog = ChecklistDialog(checklist_db, OTHER, ["safety"])
    qtbot.addWidget(dialog)
    assert dialog.safety_label.isVisibleTo(dialog)
    text = dialog.safety_label.text()
    for label in ("安全確保・緊急避難", "一時保護・シェルター", "保護命令"):
        assert label in text
    takaoka = ChecklistDialog(checklist_db, TEST, ["housing"])
    qtbot.addWidget(takaoka)
    assert not takaoka.safety_label.isVisibleTo(takaoka)


def test_the_command_line_warns_and_says_so_in_json(checklist_db, capsys, monkeypatch):
    monkeypatch.setenv("DVDESK_DB", str(checklist_db.path))
    assert main(["checklist", "-m", OTHER, "-n", "safety", "--json"]) == 0
    out, err = capsys.readouterr()
    gaps = json.loads(out)["safety_not_on_record"]
    assert [g["need"] for g in gaps] == ["safety", "safety.shelter", "protection_order"]
    assert "一時保護・シェルター" in err and "登録されていません" in err
    assert main(["checklist", "-m", OTHER, "-n", "housing", "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["safety_not_on_record"] == [] and "一時保護" not in err


def test_the_police_procedure_gone_is_named_though_others_are_filed_under_safety_too(bundled_db):
    # 高岡市's 保護命令 is filed under 安全確保 as well, and its 一時保護 too: neither is the police.
    with bundled_db.write() as s:
        s.query(Procedure).filter_by(key="takaoka.proc.keisatsu").one().retired = True
    with bundled_db.read() as s:
        assert _gaps(cl.propose(s, TEST, ["safety"])) == ["safety"]
        assert _gaps(cl.propose(s, TEST, ["protection_order"])) == []
        assert _gaps(cl.propose(s, "国立市", ["safety"])) == []


def test_the_bundled_cities_have_the_whole_safety_core(bundled_db_ro):
    with bundled_db_ro.read() as s:
        for city in ("高岡市", "国立市"):
            assert cl.propose(s, city, ["safety", "protection_order"]).safety_not_on_record == ()
            assert cl.propose(s, city, []).safety_not_on_record == ()


def test_a_checklist_loaded_from_a_template_knows_its_gaps(checklist_db):
    from dvdesk.domain import checklist_templates as templates

    with checklist_db.write() as s:
        c = cl.propose(s, OTHER, ["safety"])
        templates.save_template(s, "安全", c)
    with checklist_db.read() as s:
        loaded = templates.load_template(s, c.municipality_code, "安全").checklist
    assert _gaps(loaded) == ["safety", "safety.shelter", "protection_order"]


def test_the_app_layer_render_carries_it(checklist_db):
    checklists = Checklists(checklist_db)
    html = checklists.render(checklists.propose(OTHER, ["safety"]), Audience.CLIENT).html
    assert print_languages.JA.safety_not_on_record in html


def test_a_template_of_a_municipality_with_no_procedure_loads_as_not_on_record(checklist_db):
    from dvdesk.domain import checklist_templates as templates
    from dvdesk.domain.models import Municipality

    with checklist_db.write() as s:
        s.add(Municipality(code="162019", name="富山市", prefecture="富山県", source="テスト"))
    with checklist_db.write() as s:
        c = cl.propose(s, "富山市", ["safety"]).add(cl.free_item("印鑑を持っていく", "市民課"))
        templates.save_template(s, "持ち物", c)
    with checklist_db.read() as s:
        loaded = templates.load_template(s, "162019", "持ち物").checklist
    assert not loaded.procedures_on_record  # the paper says "not on record", never "none needed"
    assert [i.name for i in loaded.items] == ["印鑑を持っていく"]
