"""`dvdesk load` of a bundled directory whose plan is a new edition that renumbers its measures.

The loader matched a plan's measures by number: with 「就労」 inserted as 取組1 and 「相談」 moved
to 取組2, the row of 相談 became 就労, so a service the administrator added (not in the bundle) and
linked to 相談 was found linked to 就労 — a silent wrong link. The loader now pairs measures as
the editor and packages do (``domain.measure_pairing``): a renumbered measure keeps its row, so
every link follows it. A measure the edition drops whose number another measure takes, while a
record outside the bundle names it, refuses the load (nothing changed) naming both.
"""

from __future__ import annotations

import shutil

from conftest import MINI
from dvdesk.admin.editing import Editor
from dvdesk.cli import main
from dvdesk.storage.db import open_database

ADMIN = "管理者A"
OURS = {
    "key": "local.svc.night",
    "municipality": "162027",
    "provider": "test.center",
    "name": "夜間の相談（この市が足した窓口）",
    "needs": ["consultation"],
    "initiatives": ["test.plan#1"],
    "confidentiality": "public",
    "source": "高岡市 男女平等推進センター（管理者が登録）",
}


def _add_ours(path) -> None:
    db = open_database(path)
    try:
        editor = Editor(db, ADMIN)
        editor.save("service", {**editor.load("service", "test.svc.law"), **OURS}, is_new=True)
    finally:
        db.close()


def _edition(tmp_path, measures: str, consult: str):
    folder = tmp_path / "bundle"
    shutil.copytree(MINI, folder)
    toml = folder / "testcity.toml"
    text = toml.read_text(encoding="utf-8")
    head, rest = text.split("[[initiative]]", 1)
    rest = rest[rest.index("[[organization]]") :]
    text = head + measures + "\n" + rest
    toml.write_text(text.replace('initiatives = ["1"]', f'initiatives = ["{consult}"]', 1), encoding="utf-8")
    return folder


def _measure(number: str, title: str) -> str:
    return (
        f'[[initiative]]\nnumber = "{number}"\nlabel = "取組{number}"\ntitle = "{title}"\nsource = "test fixture"\n\n'
    )


def _titles(path, key: str) -> list[str]:
    db = open_database(path)
    try:
        editor = Editor(db, ADMIN)
        measures = {f"test.plan#{i['number']}": i["title"] for i in editor.load("plan", "test.plan")["initiatives"]}
        return [measures[k] for k in editor.load("service", key)["initiatives"]]
    finally:
        db.close()


def test_a_renumbered_measure_keeps_the_links_of_records_outside_the_bundle(cli_mini, tmp_path, capsys):
    _add_ours(cli_mini)
    assert _titles(cli_mini, "local.svc.night") == ["相談"]
    folder = _edition(tmp_path, _measure("1", "就労") + _measure("2", "相談"), consult="2")
    assert main(["load", "--dir", str(folder)]) == 0
    assert _titles(cli_mini, "local.svc.night") == ["相談"]
    assert _titles(cli_mini, "test.svc.consult") == ["相談"]


def test_a_dropped_measure_named_outside_the_bundle_whose_number_is_taken_refuses_the_load(cli_mini, tmp_path, capsys):
    """An edition with 保育 added as 取組2 loaded first; then one without 相談, 保育 moved up to 取組1
    and 就労 as 取組2: 相談's row would be gone while the administrator's service names it."""
    first = _edition(tmp_path / "a", _measure("1", "相談") + _measure("2", "保育"), consult="1")
    assert main(["load", "--dir", str(first)]) == 0
    _add_ours(cli_mini)
    second = _edition(tmp_path / "b", _measure("1", "保育") + _measure("2", "就労"), consult="1")
    capsys.readouterr()
    assert main(["load", "--dir", str(second)]) != 0
    err = capsys.readouterr().err
    assert "相談" in err and "local.svc.night" in err
    assert _titles(cli_mini, "local.svc.night") == ["相談"]  # nothing changed
