"""Data packages: a faithful copy from one PC to another, and every bad package refused whole."""

import json
import shutil
import sqlite3
import zipfile

import pytest
from sqlalchemy import text

from db_support import dump
from dvdesk.admin import package as pk
from dvdesk.admin.editing import Editor
from dvdesk.domain.search import Searcher, SearchQuery
from dvdesk.storage.db import open_database
from dvdesk.storage.sqlite_file import CACHE_KIB
from package_support import reseal


def records(db):
    with db.read() as session:
        return pk.collect(session)


@pytest.fixture
def empty_db(_empty_template, tmp_path):
    path = tmp_path / "empty.sqlite3"
    shutil.copy(_empty_template, path)  # migrated once per run; the template is closed
    db = open_database(path, fill=False)
    yield db
    db.close()


@pytest.fixture(scope="module")
def shipped(_bundled_template, tmp_path_factory):
    """The shipped directory exported once for the module, with its records as ``collect`` reads them:
    immutable inputs (each test reads the file anew; nothing writes to it)."""
    folder = tmp_path_factory.mktemp("shipped")
    db = open_database(shutil.copy(_bundled_template, folder / "bundled.sqlite3"))
    try:
        path = folder / "all.dvdesk"
        manifest = pk.export_package(db, path)
        return path, manifest, records(db)
    finally:
        db.close()


@pytest.fixture
def package(mini_db, tmp_path):
    path = tmp_path / "mini.dvdesk"
    pk.export_package(mini_db, path, exported_by="管理 花子")
    return path


def members(path):
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read(pk.MANIFEST)), zf.read(pk.CONTENT)


def write(path, manifest, content: bytes, *, fix_checksum=True):
    if fix_checksum:
        manifest = reseal(manifest, content)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(pk.MANIFEST, json.dumps(manifest, ensure_ascii=False))
        zf.writestr(pk.CONTENT, content)
    return path


@pytest.mark.parametrize("source", ["mini_db", "bundled_db"])
def test_an_exported_package_reimports_into_an_empty_database_identically(request, source, empty_db, tmp_path):
    db = request.getfixturevalue(source)
    Editor(db, "管理 花子").retire("service", records(db)[0]["service"][0]["key"])  # retired ones travel too
    path = tmp_path / "all.dvdesk"
    manifest = pk.export_package(db, path, exported_by="管理 花子")
    assert manifest.pc_name and manifest.exported_at and len(manifest.sha256) == 64
    package = pk.read_package(path)
    plan = pk.preview(empty_db, package)
    assert plan.counts["added"] == sum(manifest.counts.values()) and plan.unchanged == 0
    pk.apply_package(empty_db, package, "管理 花子")
    assert records(empty_db) == records(db)
    assert pk.preview(empty_db, package).empty  # a second import changes nothing
    with db.read() as a, empty_db.read() as b:
        query = SearchQuery("相談")
        assert [h.name for h in Searcher(a).search(query)] == [h.name for h in Searcher(b).search(query)]


def test_a_municipality_package_carries_what_its_records_refer_to(mini_db, empty_db, tmp_path):
    editor = Editor(mini_db, "管理 花子")
    editor.save("municipality", {"key": "132152", "name": "国立市", "prefecture": "東京都", "source": "t"}, is_new=True)
    national = editor.save("organization", {"name": "全国の相談窓口", "kind": "national", "source": "t"}, is_new=True)
    editor.save("service", {"municipality": "132152", "name": "別の市のサービス", "source": "t"}, is_new=True)
    editor.save(
        "service",
        {"municipality": "162027", "name": "全国窓口への案内", "provider": national.key, "source": "t"},
        is_new=True,
    )
    path = tmp_path / "takaoka.dvdesk"
    manifest = pk.export_package(mini_db, path, "162027")
    assert manifest.scope_label == "高岡市（162027）"
    pk.apply_package(empty_db, pk.read_package(path), "管理 花子")
    whole, _ = records(mini_db)
    got, _ = records(empty_db)
    assert {s["key"] for s in got["service"]} == {s["key"] for s in whole["service"] if s["municipality"] == "162027"}
    assert national.key in {o["key"] for o in got["organization"]}  # referred to, so it travels
    assert [m["key"] for m in got["municipality"]] == ["162027"]
    with pytest.raises(pk.PackageError, match="ありません"):
        pk.export_package(mini_db, tmp_path / "x.dvdesk", "999999")


def test_the_preview_lists_changes_field_by_field_and_applying_records_history(mini_db, empty_db, tmp_path):
    pk.apply_package(empty_db, pk.read_package(_export(mini_db, tmp_path / "v1.dvdesk")), "受入 太郎")
    editor = Editor(mini_db, "管理 花子")
    law = editor.load("service", "test.svc.law")
    editor.save("service", {**law, "schedule": "毎月第2・第4金曜日 13:00〜16:00"})
    editor.retire("service", "test.svc.housing")
    editor.save(
        "service",
        {"municipality": "162027", "name": "新しい相談窓口", "key": "test.svc.new", "source": "テスト"},
        is_new=True,
    )
    package = pk.read_package(_export(mini_db, tmp_path / "v2.dvdesk"))
    before = dump(empty_db)
    plan = pk.preview(empty_db, package)
    assert dump(empty_db) == before  # previewing writes nothing
    by_key = {d.key: d for d in plan.diffs}
    assert by_key["test.svc.new"].action == "added"
    assert by_key["test.svc.housing"].action == "retired"
    [change] = by_key["test.svc.law"].changes
    assert (change.path, change.old, change.new) == ("schedule", "毎月第4金曜日", "毎月第2・第4金曜日 13:00〜16:00")
    result = pk.apply_package(empty_db, package, "受入 太郎")
    assert result.backup is not None and result.backup.exists()
    assert sqlite3.connect(result.backup).execute(
        "SELECT schedule FROM services WHERE key='test.svc.law'"
    ).fetchone() == ("毎月第4金曜日",)
    history = Editor(empty_db, "受入 太郎").history("service", "test.svc.law")
    assert [(h.action, h.path, h.new) for h in history][0] == ("import", "schedule", "毎月第2・第4金曜日 13:00〜16:00")
    assert history[0].admin == "受入 太郎" and "パッケージ" in history[0].note


def _export(db, path):
    pk.export_package(db, path)
    return path


def _bad_packages(package, tmp_path):
    manifest, content = members(package)
    doc = json.loads(content)
    data = package.read_bytes()

    def with_record(mutate):
        changed = json.loads(content)
        mutate(changed["records"])
        return write(tmp_path / "bad.dvdesk", manifest, json.dumps(changed, ensure_ascii=False).encode())

    def text(name, body):
        path = tmp_path / name
        path.write_bytes(body)
        return path

    return {
        "empty file": (lambda: text("empty.dvdesk", b""), "ファイルが空です"),
        "plain text": (lambda: text("notes.dvdesk", "これはメモです".encode()), "ZIP 形式ではありません"),
        "bare JSON": (lambda: text("doc.json", content), "JSON ファイルです"),
        "truncated": (lambda: text("cut.dvdesk", data[: len(data) // 2]), "途中で切れているか"),
        "truncated by a byte": (lambda: text("cut1.dvdesk", data[:-1]), "途中で切れているか"),
        "zip header then junk": (lambda: text("junk.dvdesk", b"PK\x03\x04" + b"\x00" * 200), "途中で切れているか"),
        "no manifest": (lambda: _zip(tmp_path / "nm.dvdesk", {pk.CONTENT: content}), "manifest.json がありません"),
        "wrong checksum": (
            lambda: write(
                tmp_path / "sum.dvdesk",
                manifest,
                content.replace("テスト相談センター".encode(), "偽の相談センター".encode()),
                fix_checksum=False,
            ),
            "チェックサムが一致しません",
        ),
        "newer format": (
            lambda: write(tmp_path / "new.dvdesk", {**manifest, "format_version": pk.FORMAT_VERSION + 1}, content),
            "新しい版の dvdesk",
        ),
        "not a dvdesk manifest": (
            lambda: write(tmp_path / "fmt.dvdesk", {**manifest, "format": "other"}, content),
            "マニフェストの形式が違います",
        ),
        "wrong encoding": (
            lambda: write(tmp_path / "sjis.dvdesk", manifest, json.dumps(doc, ensure_ascii=False).encode("cp932")),
            "UTF-8 ではありません",
        ),
        "UTF-16": (
            lambda: write(tmp_path / "u16.dvdesk", manifest, json.dumps(doc, ensure_ascii=False).encode("utf-16")),
            "UTF-8 ではありません",
        ),
        "not JSON inside": (
            lambda: write(tmp_path / "nj.dvdesk", manifest, content.rstrip()[:-1]),
            "JSON として読めません",
        ),
        "service without a name": (lambda: with_record(lambda r: r["service"][0].update(name="")), "「名称」が空です"),
        "needs not a list": (lambda: with_record(lambda r: r["service"][0].update(needs=7)), "文字の一覧"),
        "unknown kind": (lambda: with_record(lambda r: r.update(client=[{"key": "x"}])), "知らない種類"),
        "unknown confidentiality": (
            lambda: with_record(lambda r: r["service"][1].update(location_confidentiality="everyone")),
            "使えません",
        ),
        "duplicate key": (lambda: with_record(lambda r: r["service"].append(dict(r["service"][0]))), "重複"),
        "dangling reference": (
            lambda: with_record(lambda r: r["service"][0].update(provider="no.such.org")),
            "見つかりません",
        ),
        "counts do not match": (
            lambda: write(
                tmp_path / "cnt.dvdesk", {**manifest, "counts": {**manifest["counts"], "service": 99}}, content
            ),
            "件数",
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "empty file",
        "plain text",
        "bare JSON",
        "truncated",
        "truncated by a byte",
        "zip header then junk",
        "no manifest",
        "wrong checksum",
        "newer format",
        "not a dvdesk manifest",
        "wrong encoding",
        "UTF-16",
        "not JSON inside",
        "service without a name",
        "needs not a list",
        "unknown kind",
        "unknown confidentiality",
        "duplicate key",
        "dangling reference",
        "counts do not match",
    ],
)
def test_a_bad_package_is_refused_with_a_reason_and_changes_nothing(mini_db, package, tmp_path, case):
    Editor(mini_db, "管理 花子").save(
        "service", {**Editor(mini_db, "x").load("service", "test.svc.law"), "cost": "無料"}
    )  # differs from package
    make, fragment = _bad_packages(package, tmp_path)[case]
    bad = make()
    before = dump(mini_db)
    with pytest.raises(pk.PackageError) as caught:
        pk.apply_package(mini_db, pk.read_package(bad), "管理 花子")
    assert fragment in str(caught.value)
    assert dump(mini_db) == before
    assert not (mini_db.path.parent / "backups").exists()  # refused before the backup, too


def _zip(path, files):
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def test_a_failure_while_applying_rolls_everything_back(mini_db, empty_db, package, monkeypatch):
    from dvdesk.admin import sync
    from dvdesk.storage import search_index_build

    before = dump(empty_db)

    def broken(session, *shipped):
        raise sync.RecordError("索引の更新に失敗（試験）")

    monkeypatch.setattr(search_index_build, "rebuild", broken)  # a first import is a full build
    with pytest.raises(pk.PackageError, match="何も変更していません"):
        pk.apply_package(empty_db, pk.read_package(package), "管理 花子")
    assert dump(empty_db) == before


def test_a_failed_backup_stops_the_import(mini_db, empty_db, package):
    before = dump(empty_db)

    def no_space(path, reason):
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        pk.apply_package(empty_db, pk.read_package(package), "管理 花子", backup=no_space)
    assert dump(empty_db) == before


def test_the_shipped_directory_splits_by_municipality(bundled_db, empty_db, tmp_path):
    path = tmp_path / "kunitachi.dvdesk"
    pk.export_package(bundled_db, path, "132152")
    pk.apply_package(empty_db, pk.read_package(path), "管理 花子")
    got, _ = records(empty_db)
    assert {m["key"] for m in got["municipality"]} == {"132152"}
    assert got["service"] and all(s["municipality"] in ("132152", "") for s in got["service"])
    assert not any(s["key"].startswith("takaoka.") for s in got["service"])
    with empty_db.read() as session:
        assert Searcher(session).search(SearchQuery("相談", municipality_code="132152"))


def test_the_streamed_content_holds_every_record_in_key_order_and_matches_its_manifest(shipped):
    """The content is written a record at a time (never whole in memory): it is still one JSON
    document holding exactly what ``collect`` reads, each kind in key order, counted and summed."""
    import hashlib

    path, manifest, (expected, synonyms) = shipped
    head, content = members(path)
    doc = json.loads(content)
    assert doc["records"] == {name: expected[name] for name in sorted(expected)}
    assert all([s["key"] for s in snaps] == sorted(s["key"] for s in snaps) for snaps in doc["records"].values())
    assert doc["synonyms"] == synonyms and len(doc["translations"]) == manifest.counts["translation"]
    assert {k: len(v) for k, v in doc["records"].items()} == {k: v for k, v in head["counts"].items() if k in expected}
    assert hashlib.sha256(content).hexdigest() == head["sha256"] == manifest.sha256


@pytest.mark.parametrize("where", ["after the bulk inserts", "mid-way through the index", "after the index"])
def test_a_failure_injected_mid_import_leaves_the_database_exactly_as_it_was(shipped, empty_db, monkeypatch, where):
    """A national import runs as one transaction with the index written in bulk (FTS5's automerge
    off, a larger page cache): a failure anywhere in it leaves every table, the index's own
    settings included, as they were."""
    from dvdesk.admin import history
    from dvdesk.storage import search_index_build, search_index_rows

    path, _, shipped_records = shipped
    package = pk.read_package(path)
    before = dump(empty_db)
    calls: list[int] = []

    def fail(real, after_calls: int):
        def wrapped(*args, **kwargs):
            calls.append(1)
            if len(calls) > after_calls:
                raise pk.RecordError(f"試験の失敗（{where}）")
            return real(*args, **kwargs)

        return wrapped

    if where == "after the bulk inserts":
        monkeypatch.setattr(history, "record_added", fail(history.record_added, 0))
    elif where == "mid-way through the index":
        monkeypatch.setattr(search_index_build, "CHUNK", 20)  # several chunks of services: fail in the third
        monkeypatch.setattr(search_index_build, "insert_entries", fail(search_index_rows.insert_entries, 2))
    else:
        monkeypatch.setattr(search_index_build, "merge_segments", fail(search_index_build.merge_segments, 0))
    # Exported once for the module, i.e. on "another PC" (another home, another key): accepted
    # explicitly, as an administrator does; the trust check itself is test_package_gate's.
    with pytest.raises(pk.PackageError, match="何も変更していません"):
        pk.apply_package(empty_db, package, "管理 花子", backup=None, accept_untrusted=True)
    assert calls and dump(empty_db) == before
    with empty_db.read() as session:  # the connection's page cache is back to its default
        assert session.execute(text("PRAGMA cache_size")).scalar() == -CACHE_KIB
    monkeypatch.undo()
    pk.apply_package(empty_db, package, "管理 花子", backup=None, accept_untrusted=True)  # then imports whole
    assert records(empty_db) == shipped_records


def test_a_services_circumstances_travel_in_a_package_and_decide_its_paper(mini_db, empty_db, tmp_path):
    """該当する事情 goes out in the package (the format reads every field of the form), is shown in the
    preview, and on the receiving desk the place is left out of a paper that names no child."""
    from dvdesk.domain import checklist as cl

    pk.apply_package(empty_db, pk.read_package(_export(mini_db, tmp_path / "v1.dvdesk")), "受入 太郎")
    editor = Editor(mini_db, "管理 花子")
    editor.save("service", {**editor.load("service", "test.svc.law"), "circumstances": ["children"]})
    path = _export(mini_db, tmp_path / "v2.dvdesk")
    _, content = members(path)
    law = next(s for s in json.loads(content)["records"]["service"] if s["key"] == "test.svc.law")
    assert law["circumstances"] == ["children"]
    package = pk.read_package(path)
    [change] = next(d for d in pk.preview(empty_db, package).diffs if d.key == "test.svc.law").changes
    assert (change.path, change.old, change.new) == ("circumstances", [], ["children"])
    pk.apply_package(empty_db, package, "受入 太郎")
    assert Editor(empty_db, "x").load("service", "test.svc.law")["circumstances"] == ["children"]
    with empty_db.read() as s:
        alone = [i.key for g in cl.propose(s, "162027", ["legal"]).contacts for i in g.services]
        with_child = [i.key for g in cl.propose(s, "162027", ["legal"], ["children"]).contacts for i in g.services]
    assert "test.svc.law" not in alone and "test.svc.law" in with_child
