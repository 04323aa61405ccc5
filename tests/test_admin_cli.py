"""Administration on the command line: the same operations, one-line errors, exit 1."""

import json

import pytest

from conftest import MINI
from dvdesk.cli import main


@pytest.fixture
def cli_db(cli_mini, monkeypatch):
    monkeypatch.setenv("DVDESK_ADMIN", "管理 花子")
    return cli_mini  # what `dvdesk load --dir tests/data/mini` made (conftest)


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_export_then_import_dry_run_into_another_database(cli_db, tmp_path, capsys):
    from dvdesk.admin.editing import Editor
    from dvdesk.storage.db import open_database

    other = tmp_path / "other.sqlite3"
    assert run(capsys, "--db", other, "load", "--dir", MINI)[0] == 0  # (--db sets DVDESK_DB for later calls)
    db = open_database(cli_db)
    editor = Editor(db, "管理 花子")
    editor.save("service", {**editor.load("service", "test.svc.law"), "schedule": "毎月第2金曜日"})
    db.close()
    package = tmp_path / "mini.dvdesk"
    code, out, _ = run(capsys, "--db", cli_db, "export", package, "--municipality", "高岡市")
    assert code == 0 and "高岡市（162027）" in out and package.exists()
    code, out, _ = run(capsys, "--db", other, "import", package, "--dry-run")
    assert code == 0 and "変更  サービス  test.svc.law" in out and "何も変更していません" in out
    assert "日時・受付時間: 毎月第4金曜日 → 毎月第2金曜日" in out
    code, out, _ = run(capsys, "--db", other, "import", package)
    assert code == 0 and "バックアップ" in out
    code, out, _ = run(capsys, "--db", other, "history", "test.svc.law")
    assert code == 0 and "取り込み" in out and "毎月第2金曜日" in out
    code, out, _ = run(capsys, "--db", other, "import", package)
    assert code == 0 and "取り込む変更はありません" in out


def test_sheet_round_trip_on_the_command_line(cli_db, tmp_path, capsys):
    sheet = tmp_path / "services.csv"
    assert run(capsys, "export-sheet", sheet, "--encoding", "cp932")[0] == 0
    code, out, _ = run(capsys, "import-sheet", sheet, "--dry-run")
    assert code == 0 and "Shift_JIS" in out and "受け付けず 0行" in out and "変更なし" in out


def test_hsds_and_reports(cli_db, tmp_path, capsys):
    path = tmp_path / "hsds.json"
    code, out, _ = run(capsys, "export-hsds", path)
    assert code == 0 and "サービス 5" in out
    code, out, _ = run(capsys, "import-hsds", path, "--dry-run")
    assert code == 0 and "受け付けず 0件、繰り返し 0件" in out, out
    code, out, _ = run(capsys, "verify-report", "--json")
    rows = json.loads(out)
    assert {"key": "test.svc.housing", "problem": "no_phone"}.items() <= next(
        r for r in rows if r["key"] == "test.svc.housing" and r["problem"] == "no_phone"
    ).items()


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["import", "missing.dvdesk"], "ファイルを読めません"),
        (["import", "{empty}"], "ファイルが空です"),
        (["import-sheet", "{empty}"], "空です"),
        (["import-hsds", "{empty}"], "空です"),
        (["export-sheet", "x.txt"], ".xlsx か .csv"),
        (["export", "{tmp}/x.dvdesk", "--municipality", "架空市"], "市区町村が見つかりません"),
        (["history", "no.such.key"], "変更の記録がありません"),
    ],
)
def test_bad_input_gives_one_line_and_exit_1(cli_db, tmp_path, capsys, argv, fragment):
    empty = tmp_path / "empty.file"
    empty.write_bytes(b"")
    argv = [a.replace("{empty}", str(empty)).replace("{tmp}", str(tmp_path)) for a in argv]
    code, _, err = run(capsys, *argv)
    assert code == 1 and fragment in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_few_words_added_to_a_long_text_are_shown_in_the_preview_and_the_history(cli_db, tmp_path, capsys):
    """Both sides of a change were cut at 50 characters: a sentence added at the end of a long 内容
    printed two identical lines, and the administrator approving a package saw no change."""
    from dvdesk.admin.editing import Editor
    from dvdesk.storage.db import open_database

    other = tmp_path / "other.sqlite3"
    assert run(capsys, "--db", other, "load", "--dir", MINI)[0] == 0
    long = "長い説明の文です。" * 8  # 72 characters
    for path, text in ((other, long), (cli_db, long + "予約は前日まで。")):
        db = open_database(path)
        editor = Editor(db, "管理 花子")
        editor.save("service", {**editor.load("service", "test.svc.law"), "description": text})
        db.close()
    package = tmp_path / "mini.dvdesk"
    assert run(capsys, "--db", cli_db, "export", package, "--municipality", "高岡市")[0] == 0
    code, out, _ = run(capsys, "--db", other, "import", package, "--dry-run")
    [line] = [line for line in out.splitlines() if line.strip().startswith("内容:")]
    old, new = line.split(": ", 1)[1].split(" → ")
    assert old != new and "予約は前日まで。" in new
    assert run(capsys, "--db", other, "import", package)[0] == 0
    code, out, _ = run(capsys, "--db", other, "history", "test.svc.law")
    [line] = [line for line in out.splitlines() if "取り込み" in line and "内容:" in line]
    assert "予約は前日まで。" in line.split(" → ")[1]
