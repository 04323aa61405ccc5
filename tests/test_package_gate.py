"""Data packages through the gate: harmful content refused whole, and only the city's key trusted."""

from __future__ import annotations

import json
import zipfile

import pytest

from db_support import dump
from dvdesk.admin import package as pk
from dvdesk.admin import package_key
from dvdesk.admin.editing import Editor
from dvdesk.cli import main
from package_support import reseal


def members(path):
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read(pk.MANIFEST)), json.loads(zf.read(pk.CONTENT))


def write(path, manifest: dict, doc: dict, key=None):
    counts = {name: len(records) for name, records in doc["records"].items()} | {"synonym": len(doc["synonyms"])}
    manifest = {**manifest, "counts": counts}
    content = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(pk.MANIFEST, json.dumps(reseal(manifest, content, key), ensure_ascii=False))
        zf.writestr(pk.CONTENT, content)
    return path


@pytest.fixture
def exported(mini_db, tmp_path):
    path = tmp_path / "mini.dvdesk"
    pk.export_package(mini_db, path, exported_by="管理 花子")
    return members(path)


def record(doc, kind, key):
    return next(r for r in doc["records"][kind] if r["key"] == key)


def _shelter_public(doc):  # the issue's package: a shelter's location public, phone 12345, schedule @@@@
    svc = record(doc, "service", "test.svc.shelter")
    svc.update(location_confidentiality="public", phone="12345", schedule="@@@@")


def _shelter_only(doc):
    record(doc, "service", "test.svc.shelter")["location_confidentiality"] = "public"


def _blank_level(doc):
    record(doc, "service", "test.svc.shelter")["location_confidentiality"] = ""


def _blank_contact_level(doc):
    record(doc, "organization", "test.center")["contacts"][0]["confidentiality"] = ""


def _need_cycle(doc):
    record(doc, "need", "safety")["parent"] = "safety.shelter"


def _need_cycle_both_new(doc):
    doc["records"]["need"] += [
        {"key": "x.a", "parent": "x.b", "label_ja": "甲", "label_en": "A"},
        {"key": "x.b", "parent": "x.a", "label_ja": "乙", "label_en": "B"},
    ]


def _org_cycle(doc):
    record(doc, "organization", "test.center")["parent"] = "test.housing"
    record(doc, "organization", "test.housing")["parent"] = "test.center"


def _bad_code(doc):
    doc["records"]["municipality"].append({**doc["records"]["municipality"][0], "key": "ABCDEF", "name": "偽市"})


def _nul_key(doc):
    doc["records"]["service"].append(
        {**record(doc, "service", "test.svc.law"), "key": "bad\u0000key", "name": "別の相談"}
    )


def _long_key(doc):
    doc["records"]["service"].append(
        {**record(doc, "service", "test.svc.law"), "key": "k" * 100_000, "name": "別の相談"}
    )


def _duplicate_initiatives(doc):
    plan = doc["records"]["plan"][0]
    plan["initiatives"].append({**plan["initiatives"][0], "title": "同じ番号の別の取組"})


HARMS = {
    "shelter location public, phone 12345, schedule @@@@": (_shelter_public, "シェルター"),
    "shelter location public": (_shelter_only, "シェルター"),
    "blank confidentiality": (_blank_level, "公開範囲"),
    "blank contact confidentiality": (_blank_contact_level, "公開範囲"),
    "need parent cycle": (_need_cycle, "元に戻"),
    "need cycle inside the package": (_need_cycle_both_new, "元に戻"),
    "organization parent cycle": (_org_cycle, "元に戻"),
    "municipality code ABCDEF": (_bad_code, "団体コード"),
    "key with NUL": (_nul_key, "制御文字"),
    "key of 100,000 characters": (_long_key, "長すぎ"),
    "duplicate initiative numbers": (_duplicate_initiatives, "重複"),
}


@pytest.mark.parametrize("harm", HARMS)
def test_each_harmful_package_is_refused_and_nothing_changes(mini_db, exported, tmp_path, harm):
    mutate, fragment = HARMS[harm]
    manifest, doc = exported
    mutate(doc)
    path = write(tmp_path / "harm.dvdesk", manifest, doc)
    Editor(mini_db, "x").save("service", {**Editor(mini_db, "x").load("service", "test.svc.law"), "cost": "無料"})
    before = dump(mini_db)
    package = pk.read_package(path)
    assert package.trusted  # signed with this PC's key: the content itself is what is refused
    with pytest.raises(pk.PackageError) as refused:
        pk.apply_package(mini_db, package, "管理 花子")
    message = str(refused.value)
    assert fragment in message and "\n" not in message and len(message) < 600, message
    assert dump(mini_db) == before


def test_the_gate_refuses_at_commit_even_when_the_preview_is_skipped(mini_db, exported, tmp_path, monkeypatch):
    """apply_changes with the per-record checks bypassed: the gate inside the transaction still holds."""
    manifest, doc = exported
    _shelter_public(doc)
    package = pk.read_package(write(tmp_path / "harm.dvdesk", manifest, doc))
    monkeypatch.setattr(pk, "_check_records", lambda *a: None)
    before = dump(mini_db)
    with pytest.raises(pk.PackageError, match="シェルター"):
        pk.apply_package(mini_db, package, "管理 花子")
    assert dump(mini_db) == before


def test_the_cli_refuses_the_issue_package_in_one_line(mini_db, exported, tmp_path, monkeypatch, capsys):
    manifest, doc = exported
    _shelter_public(doc)
    path = write(tmp_path / "harm.dvdesk", manifest, doc)
    monkeypatch.setenv("DVDESK_DB", str(mini_db.path))
    before = dump(mini_db)
    assert main(["import", str(path), "--admin", "x"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "シェルター" in err and "予期しない" not in err
    assert dump(mini_db) == before
    assert main(["show", "test.svc.shelter", "--client"]) == 0
    assert "秘密の場所" not in capsys.readouterr().out


# --- whose package -------------------------------------------------------------------------------


def changed_package(mini_db, tmp_path, key=None):
    """A package that would change one field, signed with ``key`` (default: this PC's)."""
    path = tmp_path / "p.dvdesk"
    pk.export_package(mini_db, path, exported_by="他市 太郎")
    manifest, doc = members(path)
    record(doc, "service", "test.svc.law")["cost"] = "無料"
    return write(path, {**manifest, "pc_name": "OTHER-PC"}, doc, key)


def test_a_package_from_another_key_is_refused_unless_accepted(mini_db, tmp_path):
    other = package_key.CityKey("別の市の鍵", b"\x01" * 32, "2026-01-01")
    package = pk.read_package(changed_package(mini_db, tmp_path, other))
    assert package.trust == pk.UNKNOWN_KEY and not package.trusted
    before = dump(mini_db)
    with pytest.raises(pk.PackageError) as refused:
        pk.apply_package(mini_db, package, "管理 花子")
    message = str(refused.value)
    assert "この PC の鍵ではない鍵" in message and "OTHER-PC" in message and "他市 太郎" in message
    assert other.fingerprint in message and "別の市の鍵" in message
    assert dump(mini_db) == before
    pk.apply_package(mini_db, package, "管理 花子", accept_untrusted=True)  # she saw who made it
    assert Editor(mini_db, "x").load("service", "test.svc.law")["cost"] == "無料"


def test_an_unsigned_package_is_refused_unless_accepted(mini_db, tmp_path):
    path = changed_package(mini_db, tmp_path)
    manifest, doc = members(path)
    for field in ("key_id", "key_name", "signature"):
        manifest.pop(field)
    content = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    import hashlib

    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(pk.MANIFEST, json.dumps({**manifest, "sha256": hashlib.sha256(content).hexdigest()}))
        zf.writestr(pk.CONTENT, content)
    package = pk.read_package(path)
    assert package.trust == pk.UNSIGNED
    before = dump(mini_db)
    with pytest.raises(pk.PackageError, match="署名がありません"):
        pk.apply_package(mini_db, package, "管理 花子")
    assert dump(mini_db) == before


def test_a_package_resealed_without_the_key_is_refused_even_when_accepted(mini_db, tmp_path):
    """Someone edits the ZIP and recomputes the SHA-256, as the issue did: the signature no longer fits."""
    import hashlib

    path = changed_package(mini_db, tmp_path)
    manifest, doc = members(path)
    _shelter_only(doc)
    content = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(pk.MANIFEST, json.dumps({**manifest, "sha256": hashlib.sha256(content).hexdigest()}))
        zf.writestr(pk.CONTENT, content)
    with pytest.raises(pk.PackageError, match="署名が一致しません"):
        pk.read_package(path)


def test_the_cli_names_who_made_an_untrusted_package_and_needs_the_flag(mini_db, tmp_path, monkeypatch, capsys):
    other = package_key.CityKey("別の市の鍵", b"\x02" * 32, "2026-01-01")
    path = changed_package(mini_db, tmp_path, other)
    monkeypatch.setenv("DVDESK_DB", str(mini_db.path))
    before = dump(mini_db)
    assert main(["import", str(path), "--admin", "x", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "注意: このパッケージはこの PC の鍵ではない鍵" in out and "OTHER-PC" in out
    assert main(["import", str(path), "--admin", "x"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--accept-untrusted" in err and other.fingerprint in err
    assert dump(mini_db) == before
    assert main(["import", str(path), "--admin", "x", "--accept-untrusted"]) == 0
    assert Editor(mini_db, "x").load("service", "test.svc.law")["cost"] == "無料"


def test_the_key_travels_to_another_pc_and_its_packages_are_trusted_there(mini_db, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DVDESK_DB", str(mini_db.path))
    assert main(["package-key", "create", "高岡市 男女平等推進課"]) == 0
    key = package_key.load()
    assert main(["package-key", "export", str(tmp_path / "city.dvdesk-key")]) == 0
    path = changed_package(mini_db, tmp_path)
    monkeypatch.setenv("DVDESK_HOME", str(tmp_path / "other-pc"))  # a PC without the key
    assert not pk.read_package(path).trusted
    assert main(["package-key", "import", str(tmp_path / "city.dvdesk-key")]) == 0
    assert package_key.load() == key and pk.read_package(path).trusted
    out = capsys.readouterr().out
    assert key.fingerprint in out


def test_a_passphrase_gives_the_same_key_on_every_pc(tmp_path, monkeypatch):
    first = package_key.create("高岡市", passphrase="正しい馬の電池のホチキス")
    monkeypatch.setenv("DVDESK_HOME", str(tmp_path / "other-pc"))
    assert package_key.create("高岡市", passphrase="正しい馬の電池のホチキス") == first
    with pytest.raises(package_key.PackageKeyError, match="12文字"):
        package_key.create("高岡市", passphrase="短い", replace=True)


@pytest.mark.parametrize(
    "content",
    [b"", b"not json", b'{"format": "dvdesk-package-key", "name": "x", "secret": "AA=="}', b"[" * 3000 + b"]" * 3000],
)
def test_a_bad_key_file_is_refused_in_one_line(tmp_path, content):
    bad = tmp_path / "bad.dvdesk-key"
    bad.write_bytes(content)
    with pytest.raises(package_key.PackageKeyError, match="鍵のファイルとして読めません"):
        package_key.import_key(bad)
    assert package_key.load() is None


@pytest.mark.parametrize(
    "argv",
    [
        ["package-key", "create"],
        ["package-key", "export"],
        ["package-key", "export", "{tmp}"],
        ["package-key", "import", "{tmp}/none.key"],
        ["package-key", "create", "x\u001b[2J"],
    ],
)
def test_package_key_commands_fail_in_one_line(tmp_path, capsys, argv):
    if argv[1] == "export" and len(argv) == 3:
        package_key.create("高岡市")
    code = main([a.replace("{tmp}", str(tmp_path)) for a in argv])
    err = capsys.readouterr().err.strip()
    assert code == 1 and len(err.splitlines()) == 1 and "予期しない" not in err, err
