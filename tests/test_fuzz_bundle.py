"""Fuzzing the bundled-directory loader: any damaged file is refused with a BundleError (never
another exception), and a refused load leaves the database exactly as it was."""

import shutil
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINI
from dvdesk.storage.bundled import BundleError, load_into
from dvdesk.storage.db import open_database

pytestmark = pytest.mark.slow  # property tests over the whole bundled directory: the thorough tier (./dev.sh test-slow)

ORIGINAL = (MINI / "testcity.toml").read_text(encoding="utf-8")


def dump(path):
    con = sqlite3.connect(path)
    try:
        return [
            row
            for table in ("services", "organizations", "contact_points", "procedures", "needs")
            for row in con.execute(f"SELECT * FROM {table} ORDER BY id")
        ]
    finally:
        con.close()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    db = open_database(folder / "db.sqlite3", fill=False)
    load_into(db, MINI)
    return db, folder


mutation = st.one_of(
    st.tuples(st.just("cut"), st.integers(0, len(ORIGINAL)), st.integers(1, 200)),
    st.tuples(st.just("insert"), st.integers(0, len(ORIGINAL)), st.text(min_size=1, max_size=20)),
    st.tuples(st.just("truncate"), st.integers(0, len(ORIGINAL)), st.just(0)),
)


def mutate(text, op):
    kind, at, arg = op
    if kind == "cut":
        return text[:at] + text[at + arg :]
    if kind == "insert":
        return text[:at] + arg + text[at:]
    return text[:at]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(mutation, min_size=1, max_size=3))
def test_mutated_directory_files_are_loaded_or_refused_cleanly(loaded, tmp_path_factory, ops):
    db, _ = loaded
    folder = tmp_path_factory.mktemp("case")
    shutil.copytree(MINI, folder, dirs_exist_ok=True)
    text = ORIGINAL
    for op in ops:
        text = mutate(text, op)
    (folder / "testcity.toml").write_text(text, encoding="utf-8")
    before = dump(db.path)
    try:
        load_into(db, folder)
    except BundleError:
        assert dump(db.path) == before
    finally:
        load_into(db, MINI)  # back to the known state for the next example


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blob=st.binary(max_size=400))
def test_random_bytes_are_refused(loaded, tmp_path_factory, blob):
    db, _ = loaded
    folder = tmp_path_factory.mktemp("bytes")
    shutil.copytree(MINI, folder, dirs_exist_ok=True)
    (folder / "testcity.toml").write_bytes(blob)
    before = dump(db.path)
    try:
        load_into(db, folder)
    except BundleError:
        pass
    assert dump(db.path) == before or blob.strip() == b""
    load_into(db, MINI)
