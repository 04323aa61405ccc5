"""dvdesk referrals … and dvdesk stats report: JSON, files, one-line refusals."""

import datetime as dt
import json

import pytest
from openpyxl import load_workbook

from dvdesk.cli import main
from dvdesk.storage.db import open_database
from stats_fixtures import enter_known_counts


@pytest.fixture
def cli_db(cli_mini):
    return cli_mini  # what `dvdesk load --dir tests/data/mini` made (conftest)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def add(capsys, case="R3-0142", *extra):
    return run(
        capsys,
        "referrals",
        "add",
        "--case",
        case,
        "--counselor",
        "相談員A",
        "--service",
        "test.svc.housing",
        "--need",
        "housing",
        "--date",
        "2025-06-01",
        *extra,
    )


def test_a_referral_is_added_listed_and_moved_on(cli_db, capsys):
    code, out, _ = add(capsys, "r3-0142", "--note", "住宅課に同行", "--channel", "accompany")
    assert code == 0 and "R3-0142" in out and "住宅課" in out
    code, out, _ = run(capsys, "referrals", "list", "--open", "--json")
    [r] = json.loads(out)
    assert (r["case_ref"], r["status"], r["channel"], r["departments"], r["needs"]) == (
        "R3-0142",
        "referred",
        "accompany",
        ["住宅課"],
        ["housing"],
    )
    assert r["events"] == [{"on": "2025-06-01", "status": "referred", "note": "住宅課に同行", "desk": ""}]
    assert r["stale"] is True  # more than 14 days without an update
    code, out, _ = run(capsys, "referrals", "status", str(r["id"]), "連絡済み", "--date", "2025-06-03")
    assert code == 0 and out.strip() == "R3-0142: 連絡済み"
    code, _, err = run(capsys, "referrals", "status", str(r["id"]), "referred")
    assert code == 1 and "変更できません" in err and len(err.strip().splitlines()) == 1
    assert run(capsys, "referrals", "status", str(r["id"]), "done")[0] == 0
    code, out, _ = run(capsys, "referrals", "list", "--open")
    assert out.strip() == "該当する紹介記録はありません。"


def test_a_name_or_phone_is_refused_in_one_line_and_not_stored(cli_db, capsys):
    code, _, err = add(capsys, "山田花子")
    assert code == 1 and "名前" in err
    code, _, err = add(capsys, "R3-1", "--note", "山田さん 090-1234-5678")
    assert code == 1 and "電話番号" in err
    code, out, _ = run(capsys, "referrals", "list", "--json")
    assert json.loads(out) == []
    assert b"\xe5\xb1\xb1\xe7\x94\xb0" not in cli_db.read_bytes()  # 山田


def test_reminder_days_are_shown_and_set(cli_db, capsys):
    assert run(capsys, "referrals", "reminder-days")[1].strip() == "14日"
    assert run(capsys, "referrals", "reminder-days", "7")[1].strip() == "7日"
    code, _, err = run(capsys, "referrals", "reminder-days", "0")
    assert code == 1 and "1〜365日" in err


def test_stats_report_json_and_files_match_the_hand_computed_totals(cli_db, capsys, tmp_path):
    db = open_database(cli_db, fill=False)
    enter_known_counts(db)
    db.close()
    xlsx, csv_path = tmp_path / "r.xlsx", tmp_path / "r.csv"
    code, out, _ = run(
        capsys,
        "stats",
        "report",
        "--year",
        "R7",
        "--json",
        "--xlsx",
        str(xlsx),
        "--csv",
        str(csv_path),
        "--encoding",
        "cp932",
    )
    assert code == 0
    report = json.loads(out)
    assert (report["label"], report["total"], report["dv_total"]) == ("令和7年度", 34, 27)
    assert report["months"][0] == "2025-04" and report["months"][-1] == "2026-03"
    dept = {r["label"]: r["total"] for r in report["by_department"]["rows"]}
    assert dept == {"テスト相談センター": 32, "住宅課": 2, "市民課": 0}
    assert load_workbook(xlsx)["概要"]["B6"].value == 34
    assert "相談件数,34" in csv_path.read_bytes().decode("cp932")


def test_stats_usage_errors(cli_db, capsys):
    assert run(capsys, "stats")[0] == 1
    with pytest.raises(SystemExit) as exit_:
        main(["stats", "report", "--year", "20xx"])
    assert exit_.value.code == 2 and "R7" in capsys.readouterr().err


@pytest.mark.parametrize(("option", "name"), [("--xlsx", "report.csv"), ("--csv", "report.xlsx"), ("--xlsx", "r.CSV")])
def test_a_report_is_not_written_under_the_other_format_s_name(cli_db, capsys, tmp_path, option, name):
    """`stats report --xlsx report.csv` wrote an Excel workbook (a ZIP) into report.csv and said
    保存しました: the file a colleague double-clicks opens as garbage."""
    code, out, err = run(capsys, "stats", "report", "--year", "2025", option, str(tmp_path / name))
    assert code == 1 and "保存しました" not in out and option in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / name).exists()


def test_the_receiving_department_sees_its_queue_and_moves_a_referral_to_the_end(cli_db, capsys):
    add(capsys, "R3-0142")
    add(capsys, "R3-0143", "--service", "test.svc.law")  # also to テスト相談センター
    code, out, _ = run(capsys, "referrals", "queue", "--department", "住宅課", "--json")
    queue = json.loads(out)
    assert code == 0 and queue["department"]["key"] == "test.housing"
    assert [r["case_ref"] for r in queue["referrals"]] == ["R3-0142", "R3-0143"]
    code, out, _ = run(capsys, "referrals", "queue", "--department", "test.center")
    assert code == 0 and "R3-0143" in out and "R3-0142" not in out
    rid = queue["referrals"][0]["id"]
    for status, note in (("受付", "受付しました"), ("連絡済み", "面談日を調整"), ("対応完了", "")):
        code, out, err = run(
            capsys, "referrals", "move", str(rid), status, "--department", "住宅課", *(("--note", note) if note else ())
        )
        assert (code, err) == (0, "") and f"R3-0142: {status}" in out
    code, out, _ = run(capsys, "referrals", "queue", "--department", "住宅課", "--json")
    assert [r["case_ref"] for r in json.loads(out)["referrals"]] == ["R3-0143"]  # closed: off the queue
    code, out, _ = run(capsys, "referrals", "queue", "--department", "住宅課", "--all", "--json")
    [closed] = [r for r in json.loads(out)["referrals"] if r["id"] == rid]
    assert [(e["status"], e["note"], e["desk"]) for e in closed["events"]] == [
        ("referred", "", ""),
        ("received", "受付しました", "住宅課"),
        ("contacted", "面談日を調整", "住宅課"),
        ("done", "", "住宅課"),
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["move", "1", "受付", "--department", "テスト相談センター"], "テスト相談センター宛てではありません"),
        (["move", "1", "完了", "--department", "住宅課"], "状況は"),
        (["move", "1", "連絡済み", "--department", "住宅課", "--note", "090-1234-5678に電話"], "電話番号"),
        (["move", "99", "受付", "--department", "住宅課"], "見つかりません"),
        (["queue", "--department", "市民課"], "担当課・機関が見つかりません: 市民課"),
    ],
)
def test_a_bad_move_is_one_line_and_changes_nothing(cli_db, capsys, argv, message):
    add(capsys, "R3-0142")
    code, out, err = run(capsys, "referrals", *argv)
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1
    code, out, _ = run(capsys, "referrals", "list", "--json")
    [r] = json.loads(out)
    assert r["status"] == "referred" and len(r["events"]) == 1


def test_the_list_flags_work_without_the_word_list_as_the_readme_writes_them(cli_db, capsys):
    """`dvdesk referrals [list] [--open] [--stale] [--json]`: `referrals --stale --json` was refused
    as unrecognized arguments, and `referrals --stale list` listed every referral."""
    assert add(capsys, "R3-0142")[0] == 0  # 2025-06-01: stale
    assert add(capsys, "R3-0143", "--date", dt.date.today().isoformat())[0] == 0  # not stale
    stale_ids = {r["case_ref"] for r in json.loads(run(capsys, "referrals", "list", "--stale", "--json")[1])}
    assert stale_ids == {"R3-0142"}
    code, out, err = run(capsys, "referrals", "--stale", "--json")
    assert code == 0 and err == ""
    assert {r["case_ref"] for r in json.loads(out)} == stale_ids
    code, out, _ = run(capsys, "referrals", "--stale", "list", "--json")
    assert code == 0 and {r["case_ref"] for r in json.loads(out)} == stale_ids
