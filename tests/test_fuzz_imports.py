"""Fuzzing every file an administrator can bring in from outside: data packages, spreadsheets
(CSV) and HSDS JSON. Each damaged input is refused with a message (a ValueError subclass the
window and the CLI show as one line) or imported cleanly — never another exception — and a
refused input leaves the database exactly as it was."""

import io
import json
import sqlite3
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINI
from dvdesk.admin import hsds, package, sheets
from dvdesk.admin.hsds_import import import_hsds
from dvdesk.storage.bundled import load_into
from dvdesk.storage.db import open_database
from package_support import reseal

pytestmark = pytest.mark.slow  # property tests over damaged inputs: the thorough tier (./dev.sh test-slow)

TABLES = ("services", "organizations", "contact_points", "procedures", "needs", "synonyms", "service_needs")
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))


def dump(path):
    con = sqlite3.connect(path)
    try:
        return [(t, row) for t in TABLES for row in con.execute(f"SELECT * FROM {t} ORDER BY 1, 2")]
    finally:
        con.close()


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz-imports")
    db = open_database(folder / "db.sqlite3", fill=False)
    load_into(db, MINI)
    pkg = folder / "mini.dvdesk"
    package.export_package(db, pkg)
    hsds_file = folder / "mini.json"
    hsds.export_hsds(db, hsds_file)
    csv_file = folder / "mini.csv"
    sheets.export_sheet(db, csv_file, "service")
    return World((db, folder, pkg.read_bytes(), hsds_file.read_bytes(), csv_file.read_bytes()))


class World(tuple):
    def __repr__(self) -> str:  # hypothesis prints fixtures on failure; keep it short
        return "World(mini directory, exported package, HSDS and CSV)"


def no_backup(*_args):
    return None


def attempt(db, action):
    """Run an import; on a refusal the database must be unchanged. Returns whether it was refused."""
    before = dump(db.path)
    try:
        action()
    except ValueError:
        assert dump(db.path) == before
        return True
    finally:
        load_into(db, MINI)  # back to the known state whatever happened
    return False


byte_edit = st.one_of(
    st.tuples(st.just("cut"), st.integers(0, 10_000), st.integers(1, 500)),
    st.tuples(st.just("flip"), st.integers(0, 10_000), st.integers(1, 255)),
    st.tuples(st.just("insert"), st.integers(0, 10_000), st.binary(min_size=1, max_size=30)),
    st.tuples(st.just("truncate"), st.integers(0, 10_000), st.just(0)),
)


def edit_bytes(data: bytes, edits) -> bytes:
    for kind, at, arg in edits:
        at = at % (len(data) + 1)
        if kind == "cut":
            data = data[:at] + data[at + arg :]
        elif kind == "flip" and at < len(data):
            data = data[:at] + bytes([data[at] ^ arg]) + data[at + 1 :]
        elif kind == "insert":
            data = data[:at] + arg + data[at:]
        elif kind == "truncate":
            data = data[:at]
    return data


@SETTINGS
@given(edits=st.lists(byte_edit, min_size=1, max_size=3))
def test_damaged_package_bytes(world, tmp_path_factory, edits):
    db, _, pkg, _, _ = world
    path = tmp_path_factory.mktemp("p") / "bad.dvdesk"
    path.write_bytes(edit_bytes(pkg, edits))
    attempt(db, lambda: package.apply_package(db, package.read_package(path), "fuzz", backup=no_backup))


json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def repack(pkg: bytes, mutate) -> bytes:
    """Change the records inside a package and re-seal it with a correct checksum, so the
    record validation itself is what is being fuzzed."""
    with zipfile.ZipFile(io.BytesIO(pkg)) as zf:
        manifest = json.loads(zf.read(package.MANIFEST))
        content = json.loads(zf.read(package.CONTENT))
    mutate(content)
    raw = json.dumps(content, ensure_ascii=False).encode("utf-8")
    manifest = reseal(manifest, raw)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(package.MANIFEST, json.dumps(manifest))
        zf.writestr(package.CONTENT, raw)
    return out.getvalue()


@SETTINGS
@given(
    kind=st.sampled_from(["service", "organization", "procedure", "need", "municipality"]),
    index=st.integers(0, 50),
    field=st.text(max_size=12),
    value=json_value,
    data=st.data(),
)
def test_resealed_packages_with_odd_records(world, tmp_path_factory, kind, index, field, value, data):
    db, _, pkg, _, _ = world

    def mutate(content):
        records = content["records"].get(kind) or []
        if not records:
            content["records"][kind] = [value]
            return
        record = records[index % len(records)]
        if isinstance(record, dict) and record:
            name = data.draw(st.sampled_from(sorted(record) + [field]))
            record[name] = value

    path = tmp_path_factory.mktemp("r") / "odd.dvdesk"
    path.write_bytes(repack(pkg, mutate))
    attempt(db, lambda: package.apply_package(db, package.read_package(path), "fuzz", backup=no_backup))


@SETTINGS
@given(
    edits=st.lists(byte_edit, min_size=1, max_size=3),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp932", "utf-16"]),
)
def test_damaged_csv(world, tmp_path_factory, edits, encoding):
    db, _, _, _, csv = world
    text = csv.decode("utf-8-sig")
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = csv
    path = tmp_path_factory.mktemp("c") / "bad.csv"
    path.write_bytes(edit_bytes(data, edits))
    attempt(db, lambda: sheets.import_sheet(db, path, "fuzz", backup=no_backup))


@SETTINGS
@given(edits=st.lists(byte_edit, min_size=1, max_size=3))
def test_damaged_hsds_bytes(world, tmp_path_factory, edits):
    db, _, _, doc, _ = world
    path = tmp_path_factory.mktemp("h") / "bad.json"
    path.write_bytes(edit_bytes(doc, edits))
    attempt(db, lambda: import_hsds(db, path, "fuzz", backup=no_backup))


@SETTINGS
@given(field=st.text(max_size=12), value=json_value, which=st.integers(0, 50), data=st.data())
def test_hsds_documents_with_odd_values(world, tmp_path_factory, field, value, which, data):
    db, _, _, doc, _ = world
    parsed = json.loads(doc)
    collection = data.draw(st.sampled_from(sorted(k for k, v in parsed.items() if isinstance(v, list) and v)))
    items = parsed[collection]
    item = items[which % len(items)]
    if isinstance(item, dict):
        name = data.draw(st.sampled_from(sorted(item) + [field]))
        item[name] = value
    path = tmp_path_factory.mktemp("j") / "odd.json"
    path.write_text(json.dumps(parsed, ensure_ascii=False), encoding="utf-8")
    attempt(db, lambda: import_hsds(db, path, "fuzz", backup=no_backup))


@pytest.mark.parametrize("value", [True, "x", [True, "x", None]])
@pytest.mark.parametrize(
    "field", ["phones", "attributes", "service_areas", "required_documents", "schedules", "languages", "organization"]
)
def test_hsds_list_fields_holding_other_json(world, tmp_path_factory, field, value):
    """Regression (found by the fuzz test above): ``"attributes": true`` ended in TypeError."""
    db, _, _, doc, _ = world
    parsed = json.loads(doc)
    for service in parsed["services"]:
        service[field] = value
    for org in parsed["organizations"]:
        org["phones"] = value
    path = tmp_path_factory.mktemp("j") / "odd.json"
    path.write_text(json.dumps(parsed, ensure_ascii=False), encoding="utf-8")
    attempt(db, lambda: import_hsds(db, path, "fuzz", backup=no_backup))
