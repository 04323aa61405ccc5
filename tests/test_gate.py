"""The one gate before every directory commit (``dvdesk.domain.integrity``), and readers that
survive a record that slipped past it (an old backup, a hand-edited file)."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select

from db_support import dump
from dvdesk.admin.editing import EditError, Editor
from dvdesk.admin.validation import ValidationError
from dvdesk.cli import main
from dvdesk.domain import integrity
from dvdesk.domain.checklist import related_needs
from dvdesk.domain.directory import service_detail
from dvdesk.domain.disclosure import Audience, for_audience
from dvdesk.domain.integrity import DirectoryRefused
from dvdesk.domain.models import Need, Organization, Service


def plant(db, *statements: str) -> None:
    """Change the file behind dvdesk's back, as a hand edit or an old dvdesk would have."""
    con = sqlite3.connect(db.path)
    try:
        for sql in statements:
            con.execute(sql)
        con.commit()
    finally:
        con.close()


@pytest.fixture
def editor(mini_db):
    return Editor(mini_db, "管理 花子")


# --- the editor ------------------------------------------------------------------------------


def test_a_need_cycle_is_refused_by_the_editor_and_nothing_changes(mini_db, editor):
    safety = editor.load("need", "safety")
    before = dump(mini_db)
    with pytest.raises(ValidationError, match="元に戻って"):
        editor.save("need", {**safety, "parent": "safety.shelter"})  # safety.shelter's parent is safety
    assert dump(mini_db) == before


def test_an_organization_cycle_is_refused_by_the_editor(mini_db, editor):
    editor.save("organization", {**editor.load("organization", "test.housing"), "parent": "test.center"})
    before = dump(mini_db)
    with pytest.raises(ValidationError, match="元に戻って"):
        editor.save("organization", {**editor.load("organization", "test.center"), "parent": "test.housing"})
    assert dump(mini_db) == before


@pytest.mark.parametrize(
    ("kind", "key", "fragment"),
    [
        ("service", "bad\x00key", "制御文字"),
        ("service", "k" * 100_000, "長すぎ"),
        ("municipality", "ABCDEF", "6桁"),
        ("municipality", "162028", "検査数字"),
    ],
)
def test_bad_keys_and_codes_are_refused_by_the_editor(mini_db, editor, kind, key, fragment):
    before = dump(mini_db)
    values = {"key": key, "name": "新しい記録", "source": "t"}
    with pytest.raises(ValidationError, match=fragment):
        editor.save(kind, values, is_new=True)
    assert dump(mini_db) == before


def test_a_name_with_a_terminal_escape_is_refused(editor):
    with pytest.raises(ValidationError, match="制御文字"):
        editor.save("service", {"name": "相談\x1b[2J", "source": "t"}, is_new=True)


def test_duplicate_initiative_numbers_are_refused(mini_db):
    from dvdesk.admin.kinds import kind
    from dvdesk.admin.records import Writer, snapshot
    from dvdesk.admin.validation import check

    with mini_db.read() as session:
        plan = snapshot(kind("plan"), Writer(session).find(kind("plan"), "test.plan"))
        plan["initiatives"] = plan["initiatives"] + plan["initiatives"][:1]
        problems = check(session, kind("plan"), plan, is_new=False)
    assert any("重複" in p.message for p in problems)


# --- the gate itself, under every writer -----------------------------------------------------


@pytest.mark.parametrize(
    "harm",
    [
        "blank_level",
        "unknown_level",
        "public_shelter",
        "need_cycle",
        "org_cycle",
        "phone",
        "schedule",
        "nul_key",
        "long_key",
        "code",
    ],
)
def test_the_gate_refuses_any_write_that_breaks_a_rule_and_the_file_is_unchanged(mini_db, harm):
    before = dump(mini_db)
    with pytest.raises(DirectoryRefused) as refused, mini_db.write() as session:
        svc = session.scalar(select(Service).where(Service.key == "test.svc.shelter"))
        needs = {n.key: n for n in session.scalars(select(Need))}
        orgs = {o.key: o for o in session.scalars(select(Organization))}
        if harm == "blank_level":
            svc.location_confidentiality = ""
        elif harm == "unknown_level":
            orgs["test.center"].contacts[0].confidentiality = "everyone"
        elif harm == "public_shelter":
            svc.location_confidentiality = "public"
        elif harm == "need_cycle":
            needs["safety"].parent = needs["safety.shelter"]
        elif harm == "org_cycle":
            orgs["test.center"].parent = orgs["test.housing"]
            orgs["test.housing"].parent = orgs["test.center"]
        elif harm == "phone":
            svc.phone = "12345"
        elif harm == "schedule":
            svc.schedule = "@@@@"
        elif harm == "nul_key":
            svc.key = "a\x00b"
        elif harm == "long_key":
            svc.key = "k" * 100_000
        elif harm == "code":
            svc.municipality.code = "ABCDEF"
    assert dump(mini_db) == before
    message = str(refused.value)
    assert "何も変更していません" in message and "\n" not in message and len(message) < 400


def test_an_old_problem_does_not_block_an_unrelated_edit_nor_its_own_repair(mini_db, editor):
    plant(
        mini_db,
        "UPDATE services SET confidentiality = '' WHERE key = 'test.svc.law'",
        "UPDATE needs SET parent_id = (SELECT id FROM needs WHERE key = 'safety.shelter') WHERE key = 'safety'",
    )
    editor.save("service", {**editor.load("service", "test.svc.housing"), "schedule": "月〜金 9:00〜17:00"})
    law = editor.load("service", "test.svc.law")
    assert law["confidentiality"] == ""
    editor.save("service", {**law, "confidentiality": "public"})  # the repair itself goes through
    editor.save("need", {**editor.load("need", "safety"), "parent": ""})
    with mini_db.read() as session:
        assert integrity.scan(session) == []


def test_an_undo_back_into_a_broken_state_is_refused(mini_db, editor):
    editor.save("need", {**editor.load("need", "safety.shelter"), "parent": ""})
    edit = editor.save("need", {**editor.load("need", "safety"), "parent": "safety.shelter"})
    with pytest.raises(EditError, match="元に戻ります"):
        editor.undo_edit(editor.history("need", "safety.shelter")[0].edit_id)  # would close the loop
    assert edit.key == "safety"


# --- readers that survive what slipped past ---------------------------------------------------


@pytest.fixture
def broken_db(mini_db):
    plant(
        mini_db,
        "UPDATE services SET location_confidentiality = '' WHERE key = 'test.svc.shelter'",
        "UPDATE services SET location_confidentiality = 'public', location = '公開してはいけない所在地' "
        "WHERE key = 'test.svc.consult'",
        "INSERT INTO service_needs SELECT s.id, n.id FROM services s, needs n "
        "WHERE s.key = 'test.svc.consult' AND n.key = 'safety.shelter'",
        "UPDATE contact_points SET confidentiality = 'everyone'",
        "UPDATE services SET kind = 'strange' WHERE key = 'test.svc.law'",
        "UPDATE needs SET parent_id = (SELECT id FROM needs WHERE key = 'safety.shelter') WHERE key = 'safety'",
        "UPDATE organizations SET parent_id = (SELECT id FROM organizations WHERE key = 'test.center') "
        "WHERE key = 'test.housing'",
        "UPDATE organizations SET parent_id = (SELECT id FROM organizations WHERE key = 'test.housing') "
        "WHERE key = 'test.center'",
    )
    return mini_db


def test_the_scan_names_every_planted_problem(broken_db):
    with broken_db.read() as session:
        found = [str(f) for f in integrity.scan(session)]
    text = "\n".join(found)
    assert "緊急一時保護" in text or "test.svc.shelter" in text
    for fragment in ("所在地の公開範囲", "連絡先", "種類", "上位の分類", "上位の組織", "シェルター"):
        assert fragment in text, fragment
    assert all("管理画面" in line for line in found)


def test_readers_fail_closed_and_do_not_hang(broken_db):
    with broken_db.read() as session:
        shelter = service_detail(session, "test.svc.shelter")
        consult = for_audience(service_detail(session, "test.svc.consult"), Audience.CLIENT)
        assert related_needs(session, ["safety"]) >= {"safety", "safety.shelter"}
        law = service_detail(session, "test.svc.law")
    assert for_audience(shelter, Audience.CLIENT).location == ""  # blank level: read as secret
    assert consult.location == ""  # a shelter's public location is still never printed
    assert all(not c.phone for c in (consult.provider.contacts if consult.provider else ()))
    assert law.kind.value == "internal"


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "test.svc.shelter", "--client"],
        ["show", "test.svc.consult", "--client", "--json"],
        ["checklist", "-m", "高岡市", "--json"],
        ["checklist", "-m", "高岡市", "-n", "safety", "--json"],
        ["departments", "-m", "高岡市"],
        ["needs"],
        ["search", "相談"],
    ],
)
def test_the_command_line_works_on_a_broken_directory_with_a_one_line_warning(broken_db, monkeypatch, capsys, argv):
    monkeypatch.setenv("DVDESK_DB", str(broken_db.path))
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "予期しない" not in err and "Traceback" not in err
    warnings = [line for line in err.splitlines() if "直す必要のある記録" in line]
    assert len(warnings) == 1 and "dvdesk check" in warnings[0]
    assert "公開してはいけない所在地" not in out


def test_export_hsds_and_check_on_a_broken_directory(broken_db, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("DVDESK_DB", str(broken_db.path))
    assert main(["export-hsds", str(tmp_path / "h.json")]) == 0
    assert "公開してはいけない所在地" not in (tmp_path / "h.json").read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["check"]) == 1
    out, _ = capsys.readouterr()
    assert "直す必要のある記録" in out and "上位の分類" in out


def test_restore_of_a_backup_that_breaks_a_rule_needs_an_explicit_yes(broken_db, monkeypatch, capsys, tmp_path):
    from dvdesk.storage import backup

    copy = backup.take(broken_db.path, "manual")
    fresh = tmp_path / "fresh.sqlite3"
    monkeypatch.setenv("DVDESK_DB", str(fresh))
    assert main(["load", "--dir", str(__import__("conftest").MINI)]) == 0
    capsys.readouterr()
    assert main(["restore", str(copy)]) == 1
    _, err = capsys.readouterr()
    assert "--accept-problems" in err and len(err.strip().splitlines()) == 1
    assert main(["restore", str(copy), "--accept-problems"]) == 0


def test_the_window_opens_on_a_broken_directory_and_names_the_record(broken_db, monkeypatch, qapp):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from dvdesk.gui import app as gui_app
    from dvdesk.gui.main_window import MainWindow

    broken_db.close()
    monkeypatch.setenv("DVDESK_DB", str(broken_db.path))
    seen: dict[str, object] = {}

    def look_and_close() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):  # no dialog is expected: record it and go on
            seen["dialog"] = box.text()
            box.accept()
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if windows and windows[0].start_tasks_done:  # the scan runs after the window is on screen
            seen["warning"] = windows[0].data_warning.text() if windows[0].data_warning.isVisible() else ""
            seen["tip"] = windows[0].data_warning.toolTip()
            windows[0].grab().save(str(broken_db.path.parent / "broken-desk.png"))
            windows[0].close()

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(look_and_close)
    timer.start()
    assert gui_app.run([]) == 0
    timer.stop()
    assert "dialog" not in seen
    assert "直す必要のある記録" in seen["warning"] and "管理者に連絡" in seen["warning"]  # type: ignore[operator]
    assert "上位の分類" in seen["tip"] and "公開範囲" in seen["tip"]  # type: ignore[operator]


def test_needs_in_a_loop_stay_in_the_desk_tree_once_each(broken_db):
    from dvdesk.domain.directory import need_tree

    with broken_db.read() as session:
        tree = need_tree(session)

    def keys(nodes):
        for n in nodes:
            yield n.key
            yield from keys(n.children)

    found = list(keys(tree))
    assert found.count("safety") == 1 and found.count("safety.shelter") == 1 and len(found) == len(set(found))


def test_a_bundled_directory_with_a_need_loop_is_refused_and_nothing_changes(mini_db, tmp_path):
    import shutil

    from conftest import MINI
    from dvdesk.storage.bundled import BundleError, load_into

    folder = tmp_path / "bundle"
    shutil.copytree(MINI, folder)
    needs = folder / "needs.toml"
    text = needs.read_text(encoding="utf-8")
    needs.write_text(
        text.replace('key = "safety"\n', 'key = "safety"\nparent = "safety.shelter"\n', 1), encoding="utf-8"
    )
    before = dump(mini_db)
    with pytest.raises(BundleError, match="元に戻ります"):
        load_into(mini_db, folder)
    assert dump(mini_db) == before


def test_a_spreadsheet_with_an_organization_loop_rejects_those_rows(mini_db, tmp_path):
    from dvdesk.admin.sheets import import_sheet

    sheet = tmp_path / "orgs.csv"
    sheet.write_text(
        "キー,名称,上位の組織\ntest.center,テスト相談センター,test.housing\ntest.housing,住宅課,test.center\n",
        encoding="utf-8",
    )
    before = dump(mini_db)
    report = import_sheet(mini_db, sheet, "管理 花子")
    assert len(report.rejected) == 2 and all("元に戻って" in " ".join(r.reasons) for r in report.rejected)
    assert dump(mini_db) == before


def test_hsds_import_of_a_record_with_a_terminal_escape_is_rejected(mini_db, tmp_path):
    import json as json_

    from dvdesk.admin.hsds_import import import_hsds

    path = tmp_path / "h.json"
    path.write_text(
        json_.dumps({"services": [{"id": "x1", "name": "相談\u001b[31m", "status": "active"}]}), encoding="utf-8"
    )
    before = dump(mini_db)
    report = import_hsds(mini_db, path, "管理 花子", municipality="162027")
    assert len(report.rejected) == 1 and "制御文字" in report.rejected[0].reasons[0]
    assert dump(mini_db) == before


# --- a write that touched every row of a table (a national import) ----------------------------


def _all_ids(session) -> dict[str, set[int]]:
    return {t: set(session.scalars(select(m.id))) for t, m in integrity.MODELS.items()}


def test_tables_touched_whole_are_read_whole_with_the_same_findings(broken_db, monkeypatch):
    plant(broken_db, "UPDATE services SET description = 'ESC\x1b[2J' WHERE key = 'test.svc.law'")
    with broken_db.read() as session:
        plain = _all_ids(session)
        whole = {t: integrity.EveryRow(ids) for t, ids in plain.items()}
        found = [str(f) for f in integrity.check(session, plain) if f.ids & plain.get(f.table, set())]
        assert [str(f) for f in integrity.check(session, whole) if f.ids & whole.get(f.table, set())] == found
    assert len(found) >= 6 and any("制御文字" in f for f in found)


def test_only_a_table_most_of_whose_rows_were_touched_is_read_whole(broken_db, monkeypatch):
    monkeypatch.setattr(integrity, "WHOLE_TABLE_MIN", 1)
    with broken_db.read() as session:
        touched = _all_ids(session)
        services = sorted(touched["services"])
        touched["services"] = set(services[: len(services) // 2 - 1])  # fewer than half: not whole
        touched["organizations"].discard(min(touched["organizations"]))  # all but one: whole
        integrity._mark_whole_tables(session, touched)
    assert not isinstance(touched["services"], integrity.EveryRow)
    assert isinstance(touched["organizations"], integrity.EveryRow)
    assert isinstance(touched["needs"], integrity.EveryRow)


@pytest.mark.parametrize("seed", range(6))
def test_a_table_read_whole_for_part_of_its_rows_gives_the_same_findings(broken_db, seed):
    """A replacement touches all but the records its package leaves unchanged: the rules read such a
    table whole, and the findings the gate keeps (on touched ids) are those of the ``IN`` lists."""
    import random

    plant(broken_db, "UPDATE services SET description = 'ESC\x1b[2J' WHERE key = 'test.svc.law'")
    rng = random.Random(seed)
    with broken_db.read() as session:
        every = _all_ids(session)
        plain = {t: {i for i in ids if rng.random() < 0.7} for t, ids in every.items()}
        whole = {t: integrity.EveryRow(ids) for t, ids in plain.items()}
        found = sorted(str(f) for f in integrity.check(session, plain) if f.ids & plain.get(f.table, set()))
        kept = sorted(str(f) for f in integrity.check(session, whole) if f.ids & whole.get(f.table, set()))
    assert kept == found
