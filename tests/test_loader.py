"""The bundled-directory loader: validated, idempotent, all-or-nothing."""

import shutil

import pytest
from sqlalchemy import func, select

from conftest import MINI
from dvdesk.domain.models import ContactPoint, Organization, Service
from dvdesk.storage.bundled import BundleError, load_into, municipality_check_digit
from dvdesk.storage.db import open_database


def counts(db):
    with db.read() as s:
        return (
            s.scalar(select(func.count()).select_from(Service)),
            s.scalar(select(func.count()).select_from(Organization)),
            s.scalar(select(func.count()).select_from(ContactPoint)),
        )


def test_loading_twice_changes_nothing(mini_db):
    with mini_db.read() as s:
        before = sorted((x.id, x.key, x.name) for x in s.scalars(select(Service)))
    load_into(mini_db, MINI)
    with mini_db.read() as s:
        after = sorted((x.id, x.key, x.name) for x in s.scalars(select(Service)))
    assert before == after
    assert counts(mini_db) == (6, 2, 1)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace('name = "市営住宅の入居配慮"\n', ""), "test.svc.housing': 'name' is required"),
        (lambda t: t.replace('needs = ["housing"]', 'needs = ["no-such-need"]'), "unknown need(s)"),
        (lambda t: t.replace('provider = "test.housing"', 'provider = "nobody"'), "'nobody' is not an organization"),
        (lambda t: t.replace('code = "162027"', 'code = "162028"'), "wrong check digit"),
        (lambda t: t.replace('kind = "internal"', 'kind = "secretive"'), "expected one of"),
        (lambda t: t.replace("phase = 2", 'phase = "two"'), "'phase' must be a whole number"),
        (
            lambda t: t.replace('circumstances = ["moving_within"]', 'circumstances = ["moon"]'),
            "unknown circumstance(s): moon",
        ),
        (  # a place names only the child circumstances (the ones a paper acts on for a place)
            lambda t: t.replace('needs = ["housing"]', 'needs = ["housing"]\ncircumstances = ["foreign"]'),
            "unknown circumstance(s): foreign; expected one of: children, preschool, school",
        ),
        (lambda t: t.replace('key = "test.svc.law"', 'key = "test.svc.kids"'), "key already used"),
        (
            lambda t: t.replace(
                'source = "test fixture"\n\n[[service]]\nkey = "test.svc.law"', '\n[[service]]\nkey = "test.svc.law"', 1
            ),
            "'source' is required",
        ),
        (lambda t: t + "\n[[service]\n", "not valid TOML"),
        (lambda t: t.replace('initiatives = ["1"]', 'initiatives = ["99"]'), "unknown initiative"),
    ],
)
def test_a_bad_record_stops_the_load_naming_file_and_record(mini_db, tmp_path, edit, message):
    folder = tmp_path / "bad"
    shutil.copytree(MINI, folder)
    city = folder / "testcity.toml"
    city.write_text(edit(city.read_text(encoding="utf-8")), encoding="utf-8")
    # make a visible change that must NOT land when the load fails
    (folder / "testcity.toml").write_text(
        (folder / "testcity.toml").read_text(encoding="utf-8").replace("子どものケア", "変更された名前"),
        encoding="utf-8",
    )
    before = counts(mini_db)
    with pytest.raises(BundleError) as err:
        load_into(mini_db, folder)
    assert message in str(err.value)
    assert "testcity.toml" in str(err.value)
    assert counts(mini_db) == before
    with mini_db.read() as s:
        assert s.scalar(select(Service.name).where(Service.key == "test.svc.kids")) == "子どものケア"


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    folder = tmp_path / "sjis"
    shutil.copytree(MINI, folder)
    (folder / "testcity.toml").write_bytes('name = "高岡"'.encode("cp932"))
    db = open_database(tmp_path / "x.sqlite3", fill=False)
    with pytest.raises(BundleError, match="not UTF-8"):
        load_into(db, folder)


def test_missing_folder_is_refused(tmp_path):
    db = open_database(tmp_path / "x.sqlite3", fill=False)
    with pytest.raises(BundleError, match="フォルダがありません"):
        load_into(db, tmp_path / "nowhere")


@pytest.mark.parametrize(("code5", "digit"), [("16202", 7), ("13215", 2), ("13101", 6)])
def test_municipality_check_digit(code5, digit):
    assert municipality_check_digit(code5) == digit
