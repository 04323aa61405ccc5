"""The command line as an attacker or a careless administrator types it: every error is one line
with a reason, exit code 1 or 2, never 「予期しないエラー」 and never a traceback."""

import contextlib
import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINI
from dvdesk.cli import build_parser, main
from dvdesk.storage.bundled import load_into
from dvdesk.storage.db import open_database
from package_support import reseal

SUBCOMMANDS = sorted(build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
SLOW = {"load", "recover", "restore", "import", "import-sheet", "import-hsds", "export", "checklist", "slip"}


def run(argv):
    """(exit code, stdout, stderr) of ``dvdesk ARGV`` in this process."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 0
    return code, out.getvalue(), err.getvalue()


def assert_one_line_reason(code, err, argv):
    assert code in (0, 1, 2), (argv, code, err)
    assert "予期しないエラー" not in err, (argv, err)
    assert "Traceback" not in err, (argv, err)
    if code:
        assert err.strip() and err.strip().count("\n") == 0, (argv, err)


@pytest.fixture
def cli_db(tmp_path, monkeypatch, qapp):  # qapp: a PDF needs the QApplication pytest-qt shares
    path = tmp_path / "cli.sqlite3"
    db = open_database(path, fill=False)
    load_into(db, MINI)
    db.close()
    monkeypatch.setenv("DVDESK_DB", str(path))
    return path


def _package(tmp_path, name, manifest_change=None, encrypted=False):
    code, _, err = run(["export", str(tmp_path / "good.dvdesk")])
    assert code == 0, err
    with zipfile.ZipFile(tmp_path / "good.dvdesk") as z:
        manifest, content = json.loads(z.read("manifest.json")), z.read("directory.json")
    if manifest_change:  # sealed again with this PC's key: the change itself is what gets checked
        manifest = reseal({**manifest, **manifest_change}, content)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("manifest.json", json.dumps(manifest))
        z.writestr("directory.json", content)
    data = bytearray(buffer.getvalue())
    if encrypted:  # the general-purpose flag bit 0 in every local and central header
        for sig, at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            i = data.find(sig)
            while i >= 0:
                data[i + at] |= 1
                i = data.find(sig, i + 4)
    path = tmp_path / name
    path.write_bytes(bytes(data))
    return path


def test_the_inputs_from_issue_12_each_get_a_one_line_reason(cli_db, tmp_path):
    big = "12345678901234567890"
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 200_000)
    huge = tmp_path / "huge.json"
    huge.write_text('{"services": [{"id": "a", "name": "x", "x": 1' + "0" * 30 + "}]}")
    held = tmp_path / "held.csv"
    held.write_text("x")
    cases = [
        (["show", big], "見つかりません"),
        (["search", "x", "--limit", big], "--limit"),
        (["search", "x", "--limit", str(10**30)], "--limit"),
        (["referrals", "status", big, "done"], "紹介記録の番号"),
        (["referrals", "reminder-days", big], "リマインドの日数"),
        (["referrals", "reminder-days", "400"], "1〜365日"),
        (["referrals", "add", "--case", "R7-0001", "--counselor", "A", "--service", big], "見つかりません"),
        (["search", "abc\udcff"], "UTF-8"),
        (["checklist", "-m", "高岡市", "--pdf", str(tmp_path)], "フォルダ"),
        (["checklist", "-m", "高岡市", "--pdf", "/proc/self"], "フォルダ"),
        (["slip", "-m", "高岡市", "--service", "test.svc.housing", "--pdf", "/proc/version"], ""),
        (["export", str(tmp_path)], "フォルダ"),
        (["export", str(tmp_path / "missing" / "x.dvdesk")], "フォルダがありません"),
        (["export-hsds", "/proc"], "フォルダ"),
        (["export-sheet", str(tmp_path / "missing" / "x.csv")], "フォルダがありません"),
        (["stats", "report", "--year", "9999"], "1989〜2099"),
        (["stats", "report", "--year", "R100"], "年度"),
        (["stats", "report", "--csv", str(tmp_path)], "フォルダ"),
        (["import-hsds", str(deep), "--dry-run"], "入れ子"),
        (["import-hsds", str(huge), "--dry-run"], ""),
        (["import", str(_package(tmp_path, "enc.dvdesk", encrypted=True))], "暗号化"),
        (["import", str(_package(tmp_path, "when.dvdesk", {"exported_at": 10**30})), "--dry-run"], ""),
        (["import", str(_package(tmp_path, "when2.dvdesk", {"exported_at": ["x"]})), "--dry-run"], ""),
        (["import", str(tmp_path / "none.dvdesk")], ""),
    ]
    for argv, words in cases:
        code, _, err = run(argv)
        assert_one_line_reason(code, err, argv)
        assert words in err, (argv, err)


def test_a_secret_service_passed_to_slip_is_refused_by_name(cli_db, tmp_path):
    import sqlite3

    con = sqlite3.connect(cli_db)
    con.execute("UPDATE services SET confidentiality = 'secret' WHERE key = 'test.svc.housing'")
    con.commit()
    con.close()
    pdf = tmp_path / "slip.pdf"
    code, _, err = run(["slip", "-m", "高岡市", "--service", "test.svc.housing", "--pdf", str(pdf)])
    assert code == 1 and "秘密の記録は連絡票に載せられません: test.svc.housing" in err
    assert not pdf.exists()


def test_a_file_held_open_by_another_program_is_named(cli_db, tmp_path, monkeypatch):
    from dvdesk import files

    real = files.os.replace

    def excel_has_it(src, dst):  # what Windows says while Excel holds the file
        raise PermissionError(13, "The process cannot access the file", str(src), None, str(dst))

    monkeypatch.setattr(files.os, "replace", excel_has_it)
    for argv in (["stats", "report", "--xlsx", str(tmp_path / "r.xlsx")], ["export-sheet", str(tmp_path / "s.csv")]):
        code, _, err = run(argv)
        assert code == 1 and "開かれています" in err and "予期しない" not in err, (argv, err)
    monkeypatch.setattr(files.os, "replace", real)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".dvdesk-")] == []


def test_terminal_escape_sequences_never_reach_the_terminal(cli_db, tmp_path):
    package = _package(tmp_path, "pc.dvdesk", {"pc_name": "\x1b]0;owned\x07\x1b[2J\u202e悪いPC\x9b31m"})
    code, out, err = run(["import", str(package), "--dry-run"])
    shown = out + err
    assert "悪いPC" in shown
    for bad in ("\x1b", "\x07", "\u202e", "\x9b"):
        assert bad not in shown
    code, out, err = run(["search", "\x1b[31m赤"])
    assert "\x1b" not in out + err


NASTY = st.sampled_from(
    [
        "",
        " ",
        "-",
        "--",
        "0",
        "-1",
        "1",
        "2",
        "7",
        "365",
        "366",
        "12345678901234567890",
        str(10**30),
        "9999",
        "0001",
        "R7",
        "R100",
        "令和元",
        "2025-06-30",
        "2025-02-30",
        "99999-01-01",
        "高岡市",
        "162027",
        "ABCDEF",
        "test.svc.housing",
        "test.svc.shelter",
        "test.svc.meeting",
        "test.proc.shienshochi",
        "housing",
        "safety.shelter",
        "children",
        "client",
        "staff",
        "en",
        "pt",
        "/",
        "/proc",
        "/proc/version",
        "/proc/self/status",
        "/dev/null",
        "/nonexistent/dir/x.pdf",
        ".",
        "x.pdf",
        "x.xlsx",
        "x.csv",
        "x.json",
        "x.dvdesk",
        "\x1b[2J",
        "a\x00b",
        "\udcff",
        "ｒ３－０１４２",
        "R7-0142",
        "山田花子さん",
        "090-1234-5678",
        '=HYPERLINK("x")',
        "a" * 300,
        "contacted",
        "done",
        "failed",
        "cp932",
        "utf-8",
        "referrals",
        "entered",
    ]
)
OPTIONS = st.sampled_from(
    [
        "--json",
        "--all",
        "--limit",
        "-m",
        "--municipality",
        "-n",
        "--need",
        "--client",
        "--dir",
        "--pdf",
        "--template",
        "--copy",
        "--discreet",
        "--lang",
        "--note",
        "--procedure",
        "--service",
        "--counselor",
        "--desk",
        "--extension",
        "--open",
        "--stale",
        "--case",
        "--department",
        "--date",
        "--channel",
        "--not-dv",
        "--year",
        "--source",
        "--xlsx",
        "--csv",
        "--encoding",
        "--dry-run",
        "--kind",
        "--admin",
        "-c",
        "--circumstance",
        "--help",
    ]
)
ACTIONS = st.sampled_from(["list", "add", "status", "reminder-days", "report", "purge-backups", ""])


@st.composite
def argv_lists(draw):
    command = draw(st.sampled_from([c for c in SUBCOMMANDS if c not in SLOW]))
    argv = [command]
    if command in ("referrals", "stats"):
        action = draw(ACTIONS)
        if action:
            argv.append(action)
    for _ in range(draw(st.integers(0, 5))):
        argv.append(draw(st.one_of(OPTIONS, NASTY, st.text(max_size=12))))
    return argv


@settings(derandomize=True, max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(argv=argv_lists())
@pytest.mark.slow  # fuzzer: the thorough tier
def test_fuzzing_the_argument_parser_finds_no_unexpected_error(cli_db, tmp_path, argv):
    cwd = os.getcwd()
    os.chdir(tmp_path)  # relative output names land in the test's folder
    try:
        code, _, err = run(argv)
    finally:
        os.chdir(cwd)
    assert_one_line_reason(code, err, argv)


def test_the_slow_commands_take_the_same_nasty_values(cli_db, tmp_path):
    """The commands left out of the fuzz loop for time, each with a few of its worst values."""
    cases = [["load", "--dir", v] for v in ("/", "/proc", "/nonexistent", "\x1b[2J", "a" * 300)]
    cases += [["restore", v] for v in ("0", "-1", "99", "12345678901234567890", "/proc/version", "/", "")]
    cases += [["checklist", "-m", "高岡市", "--json", "-n", v] for v in ("", "x" * 300, "\x1b")]
    cases += [["checklist", "-m", v, "--json"] for v in ("ABCDEF", "12345678901234567890", "")]
    cases += [
        ["slip", "-m", "高岡市", "--service", v, "--pdf", str(tmp_path / "s.pdf")]
        for v in ("test.svc.shelter", "test.svc.meeting", "12345678901234567890")
    ]
    cases += [[c, v] for c in ("import", "import-sheet", "import-hsds") for v in ("/", "/proc/version", "/dev/null")]
    for argv in cases:
        code, _, err = run(argv)
        assert_one_line_reason(code, err, argv)
    assert not Path(tmp_path / "s.pdf").exists() or Path(tmp_path / "s.pdf").stat().st_size > 0
