"""A new edition of a plan that renumbers its measures (取組): a measure inserted before others
shifts their numbers, one removed shifts them back. The services that name a measure and the
departments in charge of it must follow the measure, not its old number: a service linked to
「保育」 is never found linked to 「就労」 because 就労 now holds 保育's number. Measures are paired
by their title (or their text) where the number moved, the preview says which records follow a
renumbered measure, and a pairing that cannot be told (two measures of one title) is refused.

In the fixture, 取組1 「相談」 of test.plan is named by test.svc.consult and test.center is in
charge of it; each test first adds 取組2 「保育」, named by test.svc.law.
"""

from __future__ import annotations

import pytest

from dvdesk.admin import package as pk
from dvdesk.admin.editing import Editor, ValidationError
from dvdesk.admin.sync import RELINKED, UNLINKED
from test_package_gate import members, record, write

ADMIN = "管理 花子"


def _measure(number: str, title: str, departments: list[str] | None = None) -> dict:
    return {
        "number": number,
        "label": f"取組{number}",
        "title": title,
        "section": "",
        "content": "",
        "priority": False,
        "departments": departments or [],
        "source": "test",
        "source_url": "",
    }


def _with_childcare(db) -> Editor:
    editor = Editor(db, ADMIN)
    plan = editor.load("plan", "test.plan")
    plan["initiatives"].append({**plan["initiatives"][0], **_measure("2", "保育")})
    editor.save("plan", plan)
    svc = editor.load("service", "test.svc.law")
    editor.save("service", {**svc, "initiatives": ["test.plan#2"]})
    return editor


def _linked(editor: Editor, service: str) -> list[str]:
    """The titles of the measures a service names, as the directory holds them now."""
    keys = editor.load("service", service)["initiatives"]
    measures = {f"test.plan#{i['number']}": i["title"] for i in editor.load("plan", "test.plan")["initiatives"]}
    return [measures[k] for k in keys]


def _edition(db, tmp_path, measures: list[dict]):
    """A package from another PC holding only the plan, in its new edition."""
    path = tmp_path / "mini.dvdesk"
    pk.export_package(db, path, exported_by=ADMIN)
    manifest, doc = members(path)
    plan = record(doc, "plan", "test.plan")
    sourced = {k: plan["initiatives"][0][k] for k in ("source", "source_url") if k in plan["initiatives"][0]}
    plan["initiatives"] = [{**m, **sourced} for m in measures]
    doc["records"] = {"plan": [plan]}
    doc["synonyms"] = {}
    return pk.read_package(write(tmp_path / "edition.dvdesk", manifest, doc))


def test_an_inserted_measure_does_not_take_the_links_of_the_one_it_displaced(mini_db, tmp_path):
    editor = _with_childcare(mini_db)
    assert _linked(editor, "test.svc.consult") == ["相談"] and _linked(editor, "test.svc.law") == ["保育"]
    package = _edition(
        mini_db,
        tmp_path,
        [_measure("1", "就労"), _measure("2", "相談", ["test.center"]), _measure("3", "保育")],
    )
    plan = pk.preview(mini_db, package)
    followed = {(d.kind, d.key): d for d in plan.diffs if d.action == RELINKED}
    assert ("service", "test.svc.consult") in followed and ("service", "test.svc.law") in followed
    consult = followed[("service", "test.svc.consult")].changes[0]
    assert consult.old == ["test.plan#1"] and consult.new == ["test.plan#2"]
    assert not [d for d in plan.diffs if d.action == UNLINKED]
    assert "取組の番号が変わる" in plan.summary()
    pk.apply_package(mini_db, package, ADMIN, backup=None, previewed=plan)
    assert _linked(editor, "test.svc.consult") == ["相談"]
    assert _linked(editor, "test.svc.law") == ["保育"]
    held = {i["number"]: i for i in editor.load("plan", "test.plan")["initiatives"]}
    assert held["2"]["title"] == "相談" and held["2"]["departments"] == ["test.center"]
    assert held["1"]["title"] == "就労" and held["1"]["departments"] == []


def test_a_removed_measure_unlinks_its_services_and_the_next_one_keeps_its_own(mini_db):
    """相談 removed, 保育 moves up to 取組1: the services of 相談 lose their link (said before the
    save), those of 保育 keep 保育, now under 取組1; nothing is linked to a measure it never named."""
    editor = _with_childcare(mini_db)
    plan = editor.load("plan", "test.plan")
    plan["initiatives"] = [{**plan["initiatives"][1], "number": "1", "label": "取組1"}]
    said = editor.unlinks("plan", plan)  # what the form asks about: the links lost, not those that follow
    assert len(said) == 2 and all("相談" in s and "外れます" in s for s in said)
    editor.save("plan", plan)
    assert _linked(editor, "test.svc.consult") == []
    assert _linked(editor, "test.svc.law") == ["保育"]
    rows = editor.history("service", "test.svc.consult")
    assert rows and "test.plan#1" in rows[0].old


@pytest.mark.pg_quick("measures swap numbers through a temporary one: PostgreSQL checks (plan, number) row by row too")
def test_swapped_numbers_follow_their_measures_and_undo_puts_them_back(any_mini_db):
    editor = _with_childcare(any_mini_db)
    plan = editor.load("plan", "test.plan")
    first, second = plan["initiatives"]
    plan["initiatives"] = [
        {**second, "number": "1", "label": "取組1"},
        {**first, "number": "2", "label": "取組2"},
    ]
    result = editor.save("plan", plan)
    assert _linked(editor, "test.svc.consult") == ["相談"] and _linked(editor, "test.svc.law") == ["保育"]
    assert editor.load("service", "test.svc.consult")["initiatives"] == ["test.plan#2"]
    editor.undo_edit(result.edit_id)
    assert editor.load("service", "test.svc.consult")["initiatives"] == ["test.plan#1"]
    assert _linked(editor, "test.svc.consult") == ["相談"] and _linked(editor, "test.svc.law") == ["保育"]


def test_a_pairing_that_cannot_be_told_is_refused_by_the_preview_and_the_import(mini_db, tmp_path):
    """Two measures titled 保育 where there was one, both at new numbers: which one the services
    of 保育 follow cannot be told. Refused, in the same words, and the directory is unchanged."""
    editor = _with_childcare(mini_db)
    package = _edition(
        mini_db,
        tmp_path,
        [_measure("1", "相談", ["test.center"]), _measure("3", "保育"), _measure("4", "保育")],
    )
    before = editor.load("plan", "test.plan")
    with pytest.raises(pk.PackageError) as previewed:
        pk.preview(mini_db, package)
    assert "保育" in str(previewed.value)
    with pytest.raises(pk.PackageError) as applied:
        pk.apply_package(mini_db, package, ADMIN, backup=None)
    assert "保育" in str(applied.value)
    assert editor.load("plan", "test.plan") == before
    assert _linked(editor, "test.svc.law") == ["保育"]
    plan = editor.load("plan", "test.plan")
    plan["initiatives"] = [plan["initiatives"][0], _measure("3", "保育"), _measure("4", "保育")]
    with pytest.raises(ValidationError, match="保育"):
        editor.save("plan", plan)


def test_a_title_edited_in_place_keeps_its_links(mini_db):
    """No number moved: a measure retitled under its own number is the same measure (as before)."""
    editor = _with_childcare(mini_db)
    plan = editor.load("plan", "test.plan")
    plan["initiatives"][1]["title"] = "保育・学童"
    assert editor.unlinks("plan", plan) == []
    editor.save("plan", plan)
    assert _linked(editor, "test.svc.law") == ["保育・学童"]


def test_the_preview_shows_each_measure_against_itself_not_the_one_that_took_its_number(mini_db, tmp_path, capsys):
    """The plan's own lines in the preview: 保育 renumbered 2 → 3 and 就労 added, never
    「取組2 題名: 保育 → 就労」 (read as 保育 retitled) nor 「取組1 題名: 相談 → 就労」."""
    from dvdesk.cli.admin_commands import print_plan

    _with_childcare(mini_db)
    package = _edition(
        mini_db,
        tmp_path,
        [_measure("1", "就労"), _measure("2", "相談", ["test.center"]), _measure("3", "保育")],
    )
    plan = pk.preview(mini_db, package)
    diff = next(d for d in plan.diffs if d.kind == "plan")
    shown = {(c.label, str(c.old), str(c.new)) for c in diff.display}
    assert ("取組3 番号", "2", "3") in shown and ("取組2 番号", "1", "2") in shown
    assert not any("題名" in label for label, _, _ in shown)  # no measure was retitled
    assert any(c.old is None and c.new["title"] == "就労" for c in diff.display)
    print_plan(plan)
    out = capsys.readouterr().out
    assert "保育 → 就労" not in out and "相談 → 就労" not in out and "就労" in out


def test_the_pairing_rules_one_by_one():
    from dvdesk.domain.measure_pairing import pair

    def m(number, title, content=""):
        return {"number": number, "title": title, "content": content}

    old = [m("1", "相談"), m("2", "保育", "保育所の優先"), m("3", "住宅")]
    # the same number and title; a title found once on each side; a text found once when the title moved too
    got = pair(old, [m("1", "相談"), m("2", "就労"), m("3", "保育・学童", "保育所の優先"), m("4", "住宅")])
    assert got.pairs == {"1": "1", "2": "3", "3": "4"} and got.renumbered == {"2": "3", "3": "4"}
    # nothing renumbered: a title edited in place is the same measure
    assert pair(old, [m("1", "相談"), m("2", "保育園"), m("3", "住宅")]).pairs == {"1": "1", "2": "2", "3": "3"}
    # renumbered, and another measure retitled at its own number: not guessed (removed + added)
    got = pair(old, [m("1", "住宅"), m("2", "保育"), m("3", "相談窓口")])
    assert got.pairs == {"3": "1", "2": "2"} and not got.ambiguous
    # two of one title at new numbers: cannot be told
    assert pair(old, [m("1", "相談"), m("5", "住宅"), m("6", "住宅")]).ambiguous == ("住宅",)
    # two of one title that keep their numbers: each itself
    twins = [m("1", "相談"), m("2", "相談")]
    assert pair(twins, twins).pairs == {"1": "1", "2": "2"}


def test_a_sheet_written_before_the_renumbering_shows_which_measure_it_would_link(mini_db, tmp_path):
    """A 計画の取組 cell keeps a measure's number: a sheet exported before a new edition renumbered
    the plan, imported after it, would link 保育's service to whatever holds 保育's old number now.
    The preview names the measures (「取組3 保育 → 取組2 相談」), not only their keys."""
    from dvdesk.admin import sheets

    editor = _with_childcare(mini_db)
    path = tmp_path / "s.xlsx"
    sheets.export_sheet(mini_db, path)
    plan = editor.load("plan", "test.plan")
    first, second = plan["initiatives"]
    plan["initiatives"] = [
        _measure("1", "就労"),
        {**first, "number": "2", "label": "取組2"},
        {**second, "number": "3", "label": "取組3"},
    ]
    editor.save("plan", plan)
    report = sheets.import_sheet(mini_db, path, ADMIN, dry_run=True)
    lines = sheets.change_lines(report, "service", "test.svc.law")
    assert [(old, new) for field, old, new in lines if field == "計画の取組"] == [("取組3 保育", "取組2 相談")]


@pytest.mark.parametrize("field, label", [("number", "番号"), ("label", "表示名"), ("title", "題名")])
def test_a_measure_without_its_number_label_or_title_is_refused(mini_db, tmp_path, field, label):
    """A measure's 番号, 表示名 and 題名 are required (a blank 番号 was saved: the measure then had
    the key 「test.plan#」, and the services naming 取組1 were linked to a number no measure held).
    Refused by the editor and by an import, naming the measure and the field; nothing changes."""
    editor = Editor(mini_db, ADMIN)
    before = editor.load("plan", "test.plan")
    plan = editor.load("plan", "test.plan")
    plan["initiatives"][0][field] = "　 "
    with pytest.raises(ValidationError) as refused:
        editor.save("plan", plan)
    assert "取組1" in str(refused.value) or "相談" in str(refused.value)
    assert label in str(refused.value)
    assert editor.load("plan", "test.plan") == before
    broken = _measure("1", "相談", ["test.center"]) | {field: ""}
    package = _edition(mini_db, tmp_path, [broken])
    with pytest.raises(pk.PackageError, match=label):
        pk.preview(mini_db, package)
    assert editor.load("plan", "test.plan") == before
