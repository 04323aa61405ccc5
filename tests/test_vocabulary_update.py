"""An update brings its search vocabulary into a database an older dvdesk loaded (storage.vocabulary)."""

from __future__ import annotations

import shutil
import sqlite3
import tomllib
from datetime import datetime
from pathlib import Path

import pytest

from dvdesk.app.directory_queries import DeskData, DeskQuery
from dvdesk.storage import vocabulary
from dvdesk.storage.db import open_database

# The synonyms.toml of release d347eb5, before the groups were keyed by need (shelter → safety.shelter …).
OLD_FILE = Path(__file__).parent / "data" / "synonyms_before_renaming.toml"
TUESDAY_3AM = datetime(2026, 12, 1, 3, 0)
TAKAOKA = "162027"
ADMIN_TERM = ("shelter", "かけこみ寺")  # added by an administrator's data package to the old group
ADMIN_GROUP = ("city-words", ["ふれあい館", "ふれあいセンター"])  # a group of her own


def old_groups() -> dict[str, list[str]]:
    return vocabulary.groups_of(tomllib.loads(OLD_FILE.read_text(encoding="utf-8")))


def groups_in(path: Path) -> dict[str, list[str]]:
    con = sqlite3.connect(path)
    try:
        groups: dict[str, list[str]] = {}
        for key, term in con.execute("SELECT group_key, term FROM synonyms ORDER BY id"):
            groups.setdefault(key, []).append(term)
        return groups
    finally:
        con.close()


def meta(path: Path, key: str) -> str | None:
    con = sqlite3.connect(path)
    try:
        row = con.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None
    finally:
        con.close()


@pytest.fixture
def old_db(_bundled_template: Path, tmp_path: Path) -> Path:
    """A database as an older dvdesk left it: the old vocabulary plus the administrator's additions,
    no record of the vocabulary taken."""
    path = tmp_path / "old.sqlite3"
    shutil.copy(_bundled_template, path)
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("BEGIN")
        con.execute("DELETE FROM synonyms")
        rows = [(k, t) for k, terms in old_groups().items() for t in terms]
        rows += [ADMIN_TERM, *((ADMIN_GROUP[0], t) for t in ADMIN_GROUP[1])]
        con.executemany("INSERT INTO synonyms(group_key, term) VALUES (?, ?)", rows)
        con.execute(
            "DELETE FROM meta WHERE key IN (?, ?, ?)",
            (vocabulary.DIGEST_KEY, vocabulary.SHIPPED_KEY, vocabulary.FILE_KEY),
        )
        con.execute("COMMIT")
    finally:
        con.close()
    return path


def hits(db, typed: str, municipality: str | None = None):
    return DeskData(db).desk_search(DeskQuery(typed, municipality, at=TUESDAY_3AM)).hits


def expected_after_update() -> dict[str, list[str]]:
    shipped = {k: list(v) for k, v in vocabulary.shipped()[0].items()}
    # Loaded before the digest existed: a term a newer release dropped (#8008 from phone-line)
    # cannot be told from hers, so it stays, after the shipped terms.
    # A renamed group too (shelter → safety.shelter): its old plain いちじほご stays beside the tied
    # "一時保護 = いちじほご" (a tie beats a plain listing, domain.spellings).
    renames = vocabulary.shipped()[1]
    for old_key, terms in old_groups().items():
        key = renames.get(old_key, old_key)
        if key in shipped:
            shipped[key] += [t for t in terms if t not in shipped[key]]
    shipped["safety.shelter"].append(ADMIN_TERM[1])  # her term followed its renamed group
    return shipped | {ADMIN_GROUP[0]: ADMIN_GROUP[1]}


def test_the_fixture_is_the_old_vocabulary_and_the_shipped_one_differs():
    old = old_groups()
    assert "shelter" in old and "safety.shelter" not in old and "お金がない" not in old["money-words"]
    assert vocabulary.digest(old) != vocabulary.shipped()[2]


def test_an_old_database_without_the_update_puts_a_line_without_a_phone_first(old_db, monkeypatch):
    """The defect the update removes: the same search, on the old vocabulary, as counselors saw it."""
    from dvdesk.storage import db as storage_db

    monkeypatch.setattr(storage_db, "_update_vocabulary_if_outdated", lambda db: None)
    db = open_database(old_db)
    try:
        first = hits(db, "シェルター", TAKAOKA)[0]
        assert not (first.phone and first.always_open)
    finally:
        db.close()


def test_an_open_brings_the_shipped_vocabulary_and_keeps_the_administrators_terms(old_db):
    db = open_database(old_db)
    try:
        assert groups_in(old_db) == expected_after_update()
        assert meta(old_db, vocabulary.DIGEST_KEY) == vocabulary.shipped()[2]
        con = sqlite3.connect(old_db)
        try:
            assert con.execute("SELECT count(*) FROM search_fts").fetchone()[0] > 0
            assert vocabulary.vocabulary_is_current(con)
        finally:
            con.close()
        for typed, where in (("しぇるたー", None), ("シェルター", TAKAOKA)):
            first = hits(db, typed, where)[0]
            assert first.phone and first.always_open, (typed, first.name)
        assert hits(db, "かけこみ寺")  # her word still finds what シェルター finds
        assert [h.service_id for h in hits(db, "かけこみ寺")] == [h.service_id for h in hits(db, "シェルター")]
    finally:
        db.close()


def test_a_second_open_reads_one_row_and_writes_nothing(old_db, monkeypatch):
    open_database(old_db).close()
    count, ids = meta(old_db, "change_count"), groups_in(old_db)
    calls: list[object] = []
    monkeypatch.setattr(vocabulary, "update", lambda session: calls.append(session))
    open_database(old_db).close()
    assert calls == [] and meta(old_db, "change_count") == count and groups_in(old_db) == ids


def test_a_failure_half_way_leaves_the_database_as_it_was(old_db, monkeypatch):
    before = (groups_in(old_db), meta(old_db, "change_count"), meta(old_db, vocabulary.DIGEST_KEY))

    def broken(session, groups):
        raise RuntimeError("disk pulled out while noting the vocabulary")

    monkeypatch.setattr(vocabulary, "remember", broken)
    with pytest.raises(RuntimeError):
        open_database(old_db)
    assert (groups_in(old_db), meta(old_db, "change_count"), meta(old_db, vocabulary.DIGEST_KEY)) == before
    monkeypatch.undo()
    open_database(old_db).close()  # the next start does it
    assert groups_in(old_db) == expected_after_update()


def test_a_fresh_database_took_the_shipped_vocabulary_and_renamed_is_not_a_group(bundled_db):
    groups = groups_in(bundled_db.path)
    assert groups == vocabulary.shipped()[0]
    assert "renamed" not in groups and "shelter" not in groups
    con = sqlite3.connect(bundled_db.path)
    try:
        assert vocabulary.vocabulary_is_current(con)
    finally:
        con.close()


def test_the_check_says_no_when_it_cannot_tell():
    con = sqlite3.connect(":memory:")
    try:
        assert not vocabulary.vocabulary_is_current(con)  # no meta table
        con.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)")
        assert not vocabulary.vocabulary_is_current(con)
        con.execute("INSERT INTO meta VALUES (?, ?)", (vocabulary.DIGEST_KEY, vocabulary.shipped()[2]))
        assert not vocabulary.vocabulary_is_current(con)  # the file's hash is what the start compares
        con.execute("INSERT INTO meta VALUES (?, ?)", (vocabulary.FILE_KEY, vocabulary.shipped_file_hash()))
        assert vocabulary.vocabulary_is_current(con)
    finally:
        con.close()


def test_a_term_a_release_removed_goes_only_when_it_was_shipped_and_is_still_where_it_was():
    base = {"a": ["x", "old"], "gone": ["p", "q"]}
    new = {"a": ["x", "y"]}
    current = {"a": ["x", "old", "hers"], "gone": ["p", "q", "mine"], "b-own": ["s", "t"]}
    assert vocabulary.merge(current, base, new, {}) == {"a": ["x", "y", "hers"], "gone": ["mine"], "b-own": ["s", "t"]}
    # Without a record of what was shipped (a database loaded before the digest) nothing is removed.
    assert vocabulary.merge(current, None, new, {}) == {
        "a": ["x", "y", "old", "hers"],
        "gone": ["p", "q", "mine"],
        "b-own": ["s", "t"],
    }


def test_renames_follow_chains_and_merge_into_an_existing_group():
    renames = {"a": "b", "b": "c"}
    assert vocabulary.merge({"a": ["x", "hers"], "c": ["x"]}, None, {"c": ["x", "y"]}, renames) == {
        "c": ["x", "y", "hers"]
    }
    assert vocabulary.merge(
        {"a": ["x"]}, None, {"a": ["x"]}, {"a": "b", "b": "a"}
    )  # a cycle ends (the loader refuses it)


def test_a_rename_to_no_group_is_refused_by_the_loader(tmp_path):
    from dvdesk.storage.bundled import BundleError, directory_dir, read_bundle

    folder = tmp_path / "directory"
    shutil.copytree(directory_dir(), folder)
    text = (folder / "synonyms.toml").read_text(encoding="utf-8")
    (folder / "synonyms.toml").write_text(
        text.replace('shelter = "safety.shelter"', 'shelter = "safety.shelterr"'), encoding="utf-8"
    )
    with pytest.raises(BundleError, match="renamed"):
        read_bundle(folder)


def test_a_package_from_a_pc_with_an_older_dvdesk_does_not_take_the_vocabulary_back(bundled_db):
    """A package carries every group as its PC had them: the old keys and the old, shorter lists."""
    from dvdesk.admin.history import Edit
    from dvdesk.admin.sync import apply_changes

    package_groups = old_groups()
    package_groups["shelter"] = [*package_groups["shelter"], ADMIN_TERM[1]]
    with bundled_db.write() as session:
        apply_changes(session, {}, Edit("管理 花子", "import"), package_groups)
    groups = groups_in(bundled_db.path)
    assert "shelter" not in groups and ADMIN_TERM[1] in groups["safety.shelter"]
    shipped = vocabulary.shipped()[0]
    assert all(set(terms) <= set(groups[key]) for key, terms in shipped.items())  # no shipped term lost
    assert hits(bundled_db, "しぇるたー")[0].always_open


def test_a_file_changed_in_comments_only_costs_one_small_write_and_no_merge(bundled_db, monkeypatch):
    from dvdesk.storage import search_index

    path = bundled_db.path
    bundled_db.close()
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("UPDATE meta SET value = 'an older file' WHERE key = ?", (vocabulary.FILE_KEY,))
    con.close()
    groups, rebuilt = groups_in(path), []
    monkeypatch.setattr(search_index, "rebuild", lambda session: rebuilt.append(session))
    open_database(path).close()
    assert rebuilt == [] and groups_in(path) == groups
    assert meta(path, vocabulary.FILE_KEY) == vocabulary.shipped_file_hash()


def test_an_update_of_the_vocabulary_does_not_rebuild_the_index(old_db, monkeypatch):
    """Synonyms widen the query; the index holds the records' own words: at national scale a
    rebuild here held the window for 17 minutes (docs/performance.md)."""
    from dvdesk.storage import search_index

    con = sqlite3.connect(old_db)
    rows = con.execute("SELECT rowid, name, body FROM search_fts ORDER BY rowid").fetchall()
    con.close()
    rebuilt: list[object] = []
    monkeypatch.setattr(search_index, "rebuild", lambda session: rebuilt.append(session))
    db = open_database(old_db)
    try:
        assert groups_in(old_db) == expected_after_update() and rebuilt == []
        con = sqlite3.connect(old_db)
        assert con.execute("SELECT rowid, name, body FROM search_fts ORDER BY rowid").fetchall() == rows
        con.close()
        assert [h.service_id for h in hits(db, "かけこみ寺")] == [h.service_id for h in hits(db, "シェルター")]
    finally:
        db.close()
