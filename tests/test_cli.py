"""The command line: JSON output, filters, and one-line errors with a non-zero exit."""

import json
import shutil

import pytest

from conftest import MINI
from dvdesk.cli import main


@pytest.fixture
def mini_cli(cli_mini):
    return cli_mini  # what `dvdesk load --dir tests/data/mini` made (conftest; the command runs below too)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_json(mini_cli, capsys):
    code, out, _ = run(capsys, "search", "住宅", "--json")
    assert code == 0
    hits = json.loads(out)
    assert hits[0]["name"] == "市営住宅の入居配慮"
    assert set(hits[0]) == {
        *("service_id", "name", "provider", "municipality", "kind", "has_phone", "score"),
        *("item", "id", "key"),  # what the row is (a procedure's id is not a service's): test_cli_search_as_window
    }
    assert hits[0]["item"] == "service" and hits[0]["id"] == hits[0]["service_id"]


def test_search_with_municipality_name_and_need(mini_cli, capsys):
    code, out, _ = run(capsys, "search", "--municipality", "高岡", "--need", "legal", "--json")
    assert code == 0
    assert [h["name"] for h in json.loads(out)] == ["女性弁護士による無料法律相談"]


def test_show_hides_secret_and_staff_fields_for_the_client(mini_cli, capsys):
    _, full, _ = run(capsys, "show", "test.svc.shelter", "--json")
    assert json.loads(full)["location"] == "秘密の場所 1-2-3"
    code, client, _ = run(capsys, "show", "test.svc.shelter", "--client", "--json")
    assert code == 0
    data = json.loads(client)
    assert data["location"] == "" and data["staff_note"] == ""
    assert data["provider"]["contacts"][0]["extension"] == ""
    assert "秘密" not in client and "123" not in json.dumps(data["provider"]["contacts"])


def test_show_text_marks_missing_phone(mini_cli, capsys):
    code, out, _ = run(capsys, "show", "test.svc.housing")
    assert code == 0 and "電話: （未登録）" in out


def test_show_prints_a_number_the_service_shares_with_its_provider_once(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    city = folder / "testcity.toml"
    # the consultation line carries its centre's number, written without separators
    city.write_text(
        city.read_text(encoding="utf-8").replace(
            'description = "夜間も受け付ける電話相談"', 'description = "夜間も受け付ける電話相談"\nphone = "0766990000"'
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("DVDESK_DB", str(tmp_path / "cli.sqlite3"))
    assert main(["load", "--dir", str(folder)]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, "show", "test.svc.consult")
    assert code == 0
    assert [line for line in out.splitlines() if line.startswith("電話: ")] == ["電話: 0766990000"]
    _, js, _ = run(capsys, "show", "test.svc.consult", "--json")
    data = json.loads(js)
    assert data["phones"] == ["0766990000"] and data["provider"]["contacts"][0]["phone"] == "0766-99-0000"
    _, other, _ = run(capsys, "show", "test.svc.law")  # a service without its own line: the provider's
    assert "電話: 0766-99-0000" in other


def test_needs_lists_the_taxonomy(mini_cli, capsys):
    code, out, _ = run(capsys, "needs", "--json")
    tree = json.loads(out)
    assert code == 0 and tree[0]["key"] == "consultation"
    safety = next(n for n in tree if n["key"] == "safety")
    assert safety["services"] == 1 and safety["children"][0]["key"] == "safety.shelter"


@pytest.mark.parametrize(
    ("argv", "exit_code", "fragment"),
    [
        (["show", "99999"], 1, "サービスが見つかりません"),
        (["show", "no.such.key"], 1, "サービスが見つかりません"),
        (["search", "x", "--municipality", "架空市"], 1, "市区町村が見つかりません"),
        (["search", "x", "--need", "nope"], 1, "ニーズ分類が見つかりません"),
        (["search", "--limit", "many"], 2, "1〜10000の整数"),
        (["frobnicate"], 2, "invalid choice"),
        (["show"], 2, "required"),
    ],
)
def test_bad_input_gives_one_line_and_nonzero_exit(mini_cli, capsys, argv, exit_code, fragment):
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    assert code == exit_code
    assert fragment in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_a_damaged_database_gives_one_line(tmp_path, monkeypatch, capsys):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("DVDESK_DB", str(bad))
    code, _, err = run(capsys, "search", "x")
    assert code == 1 and "壊れています" in err and len(err.strip().splitlines()) == 1


def test_db_option_overrides_environment(tmp_path, capsys, monkeypatch):
    target = tmp_path / "chosen.sqlite3"
    monkeypatch.setenv("DVDESK_DB", str(tmp_path / "other.sqlite3"))
    code, _, _ = run(capsys, "--db", str(target), "load", "--dir", str(MINI))
    assert code == 0 and target.exists()


def test_the_command_line_tests_start_where_a_first_command_leaves_a_loaded_file(mini_cli):
    """cli_mini (conftest) is ``dvdesk load --dir tests/data/mini`` plus what any first command then
    does once (this release's search vocabulary merged in: test_vocabulary_update), so no test's
    command pays for that merge again."""
    from dvdesk.storage import vocabulary
    from dvdesk.storage.db import open_database

    db = open_database(mini_cli, fill=False)
    try:
        with db.read() as session:
            assert vocabulary.is_current(session)
    finally:
        db.close()


@pytest.fixture
def bundled_cli(_bundled_template, tmp_path, monkeypatch):
    path = tmp_path / "bundled.sqlite3"
    shutil.copy(_bundled_template, path)
    monkeypatch.setenv("DVDESK_DB", str(path))
    return path


@pytest.mark.parametrize("municipality", ["高岡市", "国立市"])
def test_needs_counts_what_search_lists_for_each_need(bundled_cli, capsys, municipality):
    """Each need's count is the number of services ``search --need`` lists there (client services;
    with --all every kind), as the desk's need tree counts: it counted every kind, and a service
    under a need and its sub-need twice (相談窓口 27 and 安全確保 20 in 高岡市, the window 25 and 15)."""

    def walk(nodes):
        for n in nodes:
            yield n
            yield from walk(n["children"])

    for extra in ([], ["--all"]):
        _, out, _ = run(capsys, "needs", "-m", municipality, "--json", *extra)
        for need in walk(json.loads(out)):
            _, listed, _ = run(
                capsys, "search", "-m", municipality, "--need", need["key"], "--limit", "10000", "--json", *extra
            )
            assert need["services"] == len(json.loads(listed)), (need["key"], extra)
    _, text, _ = run(capsys, "needs", "-m", "高岡市")
    assert "安全確保・緊急避難（Safety and emergency shelter） 15件" in text
