"""A package written by an older dvdesk, before a field existed (services' 該当する事情, h16), carries
no such key in any record: read as empty, its import empties the field on this PC — the places for a
client with a child then print on every childless client's paper again. The preview says so, naming
the records and why, before she applies it; a package that carries the field says nothing."""

from __future__ import annotations

import json
import zipfile

from dvdesk.admin import package as pk
from dvdesk.admin.editing import Editor
from package_support import reseal

CHILD_PLACE = "takaoka.svc.jiritsu-kyufukin"  # 母子家庭等自立支援給付金: 該当する事情 子どもがいる


def older_export(db, tmp_path):
    """The city's package as a dvdesk before the field would have written it (signed like it)."""
    path = tmp_path / "takaoka.dvdesk"
    pk.export_package(db, path, "162027")
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read(pk.MANIFEST))
        content = json.loads(zf.read(pk.CONTENT))
    for record in content["records"]["service"]:
        del record["circumstances"]
    data = json.dumps(content, ensure_ascii=False).encode()
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(pk.MANIFEST, json.dumps(reseal(manifest, data), ensure_ascii=False))
        zf.writestr(pk.CONTENT, data)
    return path


def test_an_older_package_warns_that_it_empties_a_field_it_does_not_know(bundled_db, tmp_path):
    assert Editor(bundled_db, "管理 花子").load("service", CHILD_PLACE)["circumstances"] == ["children"]
    plan = pk.preview(bundled_db, pk.read_package(older_export(bundled_db, tmp_path)))
    said = [w for w in plan.warnings if "該当する事情" in w]
    assert len(said) == 1, plan.warnings
    assert "古い dvdesk" in said[0] and "5件" in said[0] and "母子家庭等自立支援給付金" in said[0]
    changed = {d.key for d in plan.diffs if d.action == "changed"}
    assert CHILD_PLACE in changed  # and the change itself is listed, as every change is


def test_a_package_that_carries_the_field_says_nothing(bundled_db, tmp_path):
    path = tmp_path / "takaoka.dvdesk"
    pk.export_package(bundled_db, path, "162027")
    plan = pk.preview(bundled_db, pk.read_package(path))
    assert not [w for w in plan.warnings if "該当する事情" in w] and plan.empty
