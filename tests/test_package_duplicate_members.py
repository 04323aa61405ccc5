"""A package with two members of one name (two ``directory.json``): ZIP readers disagree on which is
the file (Python's takes the last, Explorer and unzip show the first), so an administrator who looked
inside saw other records than dvdesk imported. Refused before a record is read, naming the member;
nothing changes."""

from __future__ import annotations

import json
import warnings
import zipfile

import pytest

from db_support import dump
from dvdesk.admin import package as pk
from package_support import reseal
from test_package_gate import members, record


@pytest.mark.parametrize("twice", [pk.CONTENT, pk.MANIFEST])
def test_a_package_holding_a_member_twice_is_refused_and_nothing_changes(mini_db, tmp_path, twice):
    exported = tmp_path / "mini.dvdesk"
    pk.export_package(mini_db, exported, exported_by="管理 花子")
    manifest, doc = members(exported)
    shown = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    record(doc, "service", doc["records"]["service"][0]["key"])["name"] = "別の名前（2つ目の directory.json）"
    read = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    sealed = json.dumps(reseal(manifest, read), ensure_ascii=False)
    path = tmp_path / "twice.dvdesk"
    with warnings.catch_warnings(), zipfile.ZipFile(path, "w") as zf:
        warnings.simplefilter("ignore")  # "Duplicate name": what the attack is
        if twice == pk.MANIFEST:
            zf.writestr(pk.MANIFEST, json.dumps(reseal(manifest, shown), ensure_ascii=False))
            zf.writestr(pk.CONTENT, read)
            zf.writestr(pk.MANIFEST, sealed)
        else:
            zf.writestr(pk.MANIFEST, sealed)
            zf.writestr(pk.CONTENT, shown)
            zf.writestr(pk.CONTENT, read)
    before = dump(mini_db)

    with pytest.raises(pk.PackageError) as err:
        pk.apply_package(mini_db, pk.read_package(path), "管理 花子")
    assert f"同じ名前のファイルが2つあります（{twice}）" in str(err.value)
    assert dump(mini_db) == before
