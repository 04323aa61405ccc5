"""The department that provides a shelter never gives its place away where a client or the public
reads it: its name, description or a public contact's texts.

Found by a colleague (h17): 「高岡市広小路7番50号 …」 typed into the 説明 of 男女平等推進センター,
which provides a shelter service, was accepted by a sheet's import and written to the HSDS export
(meant to hold only what a client may see). The gate refuses it now (``integrity_providers``), the
previews say so in its words (``test_gate_parity``, ``test_preview_tells_truth``), the start-up scan
and ``dvdesk check`` find one already in a file, and neither the HSDS export nor a client copy
writes it out of such a file.
"""

from __future__ import annotations

import json
import sqlite3

import openpyxl
import pytest

from db_support import dump
from dvdesk.admin import hsds, sheets
from dvdesk.admin.hsds_shelters import ExportRefused
from dvdesk.app.checklists import Checklists
from dvdesk.domain import integrity
from dvdesk.domain.disclosure import Audience
from dvdesk.domain.provider_place import client_texts, found_in

ADDRESS = "高岡市広小路7番50号"


def _past_the_gate(db, sql: str, *params: object) -> None:
    """A file that got past the gate (an old backup, a hand edit)."""
    con = sqlite3.connect(db.path)
    with con:
        con.execute(sql, params)
    con.close()


def _center(db, **values: str) -> None:
    sets = ", ".join(f"{k} = ?" for k in values)
    _past_the_gate(db, f"UPDATE organizations SET {sets} WHERE key = 'test.center'", *values.values())


def _window(db, window: str) -> None:
    _past_the_gate(
        db,
        'UPDATE contact_points SET "window" = ? WHERE organization_id = '
        "(SELECT id FROM organizations WHERE key = 'test.center')",
        window,
    )


@pytest.mark.parametrize(
    ("org", "contacts", "word"),
    [
        ({"description": ADDRESS + " の相談室"}, [], "広小路7番50号"),
        ({"name": "末広町1-7センター"}, [], "末広町1-7"),
        ({"discreet_name": "3丁目の市民センター"}, [], "3丁目"),
        ({}, [{"window": "本町2番地 2階", "confidentiality": "public"}], "本町2番地"),
        ({}, [{"hours": "月〜金 9:00〜17:00", "note": "広小路7-50", "confidentiality": "public"}], "広小路7-50"),
        (
            {"address": "高岡市秘密町5-6", "address_confidentiality": "staff", "description": "秘密町の建物"},
            [],
            "秘密町",
        ),
    ],
)
def test_a_providers_place_is_found_in_what_a_client_reads(org, contacts, word):
    found = found_in(org, contacts)
    assert found is not None and found.word.endswith(word)


@pytest.mark.parametrize(
    ("org", "contacts"),
    [
        ({"name": "男女平等推進センター", "description": "専任相談員による電話・面接相談（9-17時）"}, []),
        ({}, [{"window": "2階", "hours": "月〜金 9:00〜17:00", "note": "#8008", "confidentiality": "public"}]),
        ({}, [{"window": "広小路7-50", "confidentiality": "staff"}]),  # a staff-only contact: on no client paper
        ({"address": ADDRESS, "address_confidentiality": "staff", "description": "staff_note は別"}, []),
    ],
)
def test_an_ordinary_provider_text_is_not_an_address(org, contacts):
    assert found_in(org, contacts) is None


def test_a_staff_only_contact_is_not_read():
    assert client_texts({}, [{"window": "広小路7-50", "confidentiality": "staff"}]) == []


def test_the_colleagues_sheet_is_refused_in_the_gates_words_and_nothing_changes(mini_db, tmp_path):
    path = tmp_path / "dir.xlsx"
    sheets.export_sheet(mini_db, path)
    book = openpyxl.load_workbook(path)
    ws = book["組織"]
    head = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[head.index("名称")].value == "テスト相談センター":
            row[head.index("説明")].value = ADDRESS + " にあります"
    book.save(path)
    before = dump(mini_db)
    report = sheets.import_sheet(mini_db, path, "管理 花子")
    refused = [r for r in report.rejected if r.key == "test.center"]
    assert refused and "住所らしい語「" in " ".join(refused[0].reasons), report.rows
    assert "一時保護・シェルター" in " ".join(refused[0].reasons)
    assert dump(mini_db) == before


def test_one_in_a_file_is_found_by_the_scan(mini_db):
    _window(mini_db, "広小路7番50号 2階")
    with mini_db.read() as session:
        found = [f for f in integrity.scan(session) if f.key == "test.center"]
    assert found and "窓口・階" in found[0].problem and "広小路7番50号" in found[0].problem


def test_the_hsds_export_of_such_a_file_writes_nothing(mini_db, tmp_path):
    _center(mini_db, description=ADDRESS + " の相談室")
    out = tmp_path / "out.json"
    with pytest.raises(ExportRefused, match="「説明」に、住所らしい語"):
        hsds.export_hsds(mini_db, out)
    assert not out.exists()


def test_the_hsds_export_of_a_shelters_own_location_in_its_description_writes_nothing(mini_db, tmp_path):
    """The same last line for the shelter itself: its hidden location in a text HSDS carries."""
    _past_the_gate(
        mini_db, "UPDATE services SET description = '秘密の場所 1-2-3 の建物' WHERE key = 'test.svc.shelter'"
    )
    out = tmp_path / "out.json"
    with pytest.raises(ExportRefused, match="緊急一時保護"):
        hsds.export_hsds(mini_db, out)
    assert not out.exists()


def test_a_clean_directory_still_exports_its_shelter_provider(mini_db, tmp_path):
    out = tmp_path / "out.json"
    hsds.export_hsds(mini_db, out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert "テスト相談センター" in [o["name"] for o in doc["organizations"]]


def _shelter_draft(db):
    checklists = Checklists(db)
    draft = checklists.new_draft("162027", ["safety"], [])
    draft.add(checklists.service_item("test.svc.shelter"))
    return checklists, draft


@pytest.mark.parametrize("audience", [Audience.CLIENT, Audience.STAFF])
def test_a_copy_naming_the_providers_window_address_is_refused(mini_db, audience):
    _window(mini_db, "広小路7番50号 2階")
    checklists, draft = _shelter_draft(mini_db)
    with pytest.raises(ValueError, match="テスト相談センター.*住所らしい語「広小路7番50号」"):
        checklists.render(draft.printed(), audience)


def test_a_copy_naming_words_of_the_providers_hidden_address_is_refused(mini_db):
    _center(mini_db, address="テスト市秘密町9-9", address_confidentiality="staff", name="秘密町センター")
    checklists, draft = _shelter_draft(mini_db)
    with pytest.raises(ValueError, match="所在地（非公開）の一部"):
        checklists.render(draft.printed(), Audience.CLIENT)


def test_a_clean_providers_copy_still_prints(mini_db):
    checklists, draft = _shelter_draft(mini_db)
    html = checklists.render(draft.printed(), Audience.CLIENT).html
    assert "緊急一時保護" in html and "2階" in html


def _consult_draft(db):
    checklists = Checklists(db)
    draft = checklists.new_draft("162027", ["consultation"], [])
    draft.add(checklists.service_item("test.svc.consult"))
    return checklists, draft


def test_a_copy_without_the_shelter_still_never_prints_its_providers_window_address(mini_db):
    """The department is where the shelter is, whichever of its services the list names."""
    _window(mini_db, "広小路7番50号 2階")
    checklists, draft = _consult_draft(mini_db)
    assert not any(i.shelter for i in draft.printed().items)
    with pytest.raises(ValueError, match="テスト相談センター.*住所らしい語"):
        checklists.render(draft.printed(), Audience.CLIENT)


def test_a_referral_slip_to_the_provider_never_names_a_window_with_its_address(mini_db):
    from dvdesk.printing.slip_html import Counselor

    _window(mini_db, "広小路7番50号 2階")
    checklists, draft = _consult_draft(mini_db)
    checklist = draft.printed()
    section = next(s for s in checklist.sections if s.department.organization and s.department.key == "test.center")
    with pytest.raises(ValueError, match="住所らしい語「広小路7番50号」"):
        checklists.render_slip(checklist, section, Counselor("相談員", "相談室", "123"))


def test_a_providers_description_the_client_copy_does_not_print_does_not_stop_it(mini_db):
    """A client copy prints no department's 説明: the address there is the HSDS export's to refuse."""
    _center(mini_db, description=ADDRESS + " の相談室")
    checklists, draft = _shelter_draft(mini_db)
    html = checklists.render(draft.printed(), Audience.CLIENT).html
    assert "広小路" not in html and "緊急一時保護" in html


@pytest.mark.parametrize("as_json", [False, True])
def test_show_client_never_shows_a_providers_window_address_from_a_file_past_the_gate(mini_db, capsys, as_json):
    """`dvdesk show --client` is what she turns the screen to the client for: from a file that got past
    the gate, the shelter provider's window with its address is refused there as on paper; the staff
    view still shows it (the scan's banner names the record)."""
    from dvdesk.cli import main

    _window(mini_db, "広小路7番50号 2階")
    args = ["--db", str(mini_db.path), "show", "test.svc.consult", "--client", *(["--json"] if as_json else [])]
    assert main(args) != 0
    captured = capsys.readouterr()
    assert "広小路7番50号" not in captured.out
    assert "表示しません" in captured.err and "住所らしい語「広小路7番50号」" in captured.err
    assert main(["--db", str(mini_db.path), "show", "test.svc.consult"]) == 0  # the staff's own view
    assert "広小路7番50号" in capsys.readouterr().out


def test_show_client_of_a_clean_provider_still_shows_it(mini_db, capsys):
    from dvdesk.cli import main

    assert main(["--db", str(mini_db.path), "show", "test.svc.consult", "--client"]) == 0
    out = capsys.readouterr().out
    assert "2階" in out and "テスト相談センター" in out


def test_checklist_json_never_gives_a_providers_window_address_without_its_shelter_on_the_list(bundled_db, capsys):
    """`checklist --json` asked only the list's shelters: 高岡市's 男女平等推進センター provides a shelter
    and the 相談の証明書 a housing list starts with, so its section (with its contacts) was given with
    a window 「広小路7番50号 2階」 from a file past the gate. It asks the directory's, as paper does."""
    from dvdesk.cli import main

    args = ["--db", str(bundled_db.path), "checklist", "-m", "高岡市", "-n", "housing", "--json"]
    assert main(args) == 0
    clean = json.loads(capsys.readouterr().out)
    assert "takaoka.danjo-center" in [s["department_key"] for s in clean["sections"]]  # its section, contacts
    assert not any(i["shelter"] for s in clean["sections"] for i in s["items"])  # its shelter is not listed
    _past_the_gate(
        bundled_db,
        'UPDATE contact_points SET "window" = ? WHERE organization_id = '
        "(SELECT id FROM organizations WHERE key = 'takaoka.danjo-center')",
        "広小路7番50号 2階",
    )
    assert main(args) != 0
    captured = capsys.readouterr()
    assert "広小路7番50号" not in captured.out and "住所らしい語「広小路7番50号」" in captured.err
