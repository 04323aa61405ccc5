"""`dvdesk checklist` and `dvdesk slip`: the same checklist and printouts without the window."""

import json
import os
import subprocess
import sys

import pytest

from checklist_support import assert_client_safe, compact, pdf_text
from dvdesk.cli import main


@pytest.fixture
def cli_db(checklist_db, monkeypatch):
    monkeypatch.setenv("DVDESK_DB", str(checklist_db.path))
    return checklist_db


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_client_copy(cli_db, capsys):
    code, out, _ = run(
        capsys,
        "checklist",
        "-m",
        "高岡市",
        "--need",
        "children",
        "--circumstance",
        "school",
        "--circumstance",
        "moving_out",
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["copy"] == "client" and data["municipality_code"] == "162027"
    keys = [i["key"] for s in data["sections"] for i in s["items"]]
    assert keys.index("test.proc.shienshochi") < keys.index("test.proc.tenkyo")
    assert_client_safe(out, discreet=False)
    assert all(c["extension"] == "" for s in data["sections"] for c in s["contacts"])


def test_json_staff_copy_has_what_staff_may_see(cli_db, capsys):
    code, out, _ = run(capsys, "checklist", "-m", "高岡市", "--circumstance", "moving_out", "--copy", "staff", "--json")
    assert code == 0 and "4321" in out and "内部メモ" in out and "秘密の住所" not in out


def test_discreet_pdf_from_the_command_line(cli_db, capsys, qapp, tmp_path):
    target = tmp_path / "guide.pdf"
    argv = [
        "checklist",
        "-m",
        "162027",
        "--need",
        "safety",
        "--need",
        "protection_order",
        "-c",
        "moving_out",
        "--discreet",
        "--lang",
        "en",
        "--pdf",
        str(target),
    ]
    code, out, _ = run(capsys, *argv, "--note", "相談は木曜も")
    assert code == 0 and "保存しました" in out
    text = pdf_text(target)
    assert "Guide to procedures" in text and "相談は木曜も" in compact(text)
    assert_client_safe(text, discreet=True)
    target.unlink()
    # a note that says what it is about is refused, not reworded: nothing is written
    code, _, err = run(capsys, *argv, "--note", "DV相談は木曜も")
    assert code == 1 and "DV" in err and len(err.strip().splitlines()) == 1
    assert not target.exists()


def test_slip_pdf(cli_db, capsys, qapp, tmp_path):
    target = tmp_path / "slip.pdf"
    code, _, _ = run(
        capsys,
        "slip",
        "-m",
        "高岡市",
        "--procedure",
        "test.proc.shienshochi",
        "--procedure",
        "test.proc.tenkyo",
        "--counselor",
        "相談 花子",
        "--extension",
        "555",
        "--pdf",
        str(target),
    )
    assert code == 0
    flat = compact(pdf_text(target))
    assert "あて先:市民課" in flat and "担当相談員相談花子" in flat and "転居届・転出届" in flat


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["checklist", "-m", "高岡市", "--need", "nope", "--json"], "ニーズ分類が見つかりません: nope"),
        (["checklist", "-m", "高岡市", "-c", "pets", "--json"], "状況のキーが見つかりません: pets"),
        # A typo (moving-out) is told the keys it can use: the help names only three of the twelve.
        (["checklist", "-m", "高岡市", "-c", "moving-out", "--json"], "moving_out, disability, age65"),
        (["checklist", "-m", "高岡市", "-n", "housing.x", "--json"], "dvdesk needs"),
        (["checklist", "-m", "どこか市", "--json"], "市区町村が見つかりません"),
        (["checklist", "--json"], "--municipality を指定"),
        (["checklist", "-m", "高岡市"], "--json か --pdf"),
        (["checklist", "-m", "高岡市", "--copy", "staff", "--discreet", "--json"], "相談者用"),
        # The staff copy is Japanese: asked in English, it was printed in Japanese without a word.
        (["checklist", "-m", "高岡市", "--copy", "staff", "--lang", "en", "--json"], "相談者用"),
        (["checklist", "-m", "高岡市", "--template", "ない", "--json"], "テンプレートが見つかりません"),
        (["checklist", "-m", "高岡市", "--pdf", "/no/such/folder/x.pdf"], "保存先のフォルダがありません"),
        (
            [
                "slip",
                "-m",
                "高岡市",
                "--procedure",
                "test.proc.shienshochi",
                "--procedure",
                "test.proc.yubin",
                "--pdf",
                "x.pdf",
            ],
            "1つの窓口",
        ),
        (["slip", "-m", "高岡市", "--procedure", "nope", "--pdf", "x.pdf"], "手続きが見つかりません"),
    ],
)
def test_errors_are_one_line(cli_db, capsys, argv, message):
    code, _, err = run(capsys, *argv)
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("lang", ["en", "easy", "vi"])
def test_json_asked_in_her_language_is_refused_not_given_in_japanese(cli_db, capsys, lang):
    """`checklist --lang en --json` printed the Japanese list, its keys and shape unchanged and not a
    word about the language: a script reading it took it for the English copy."""
    code, out, err = run(capsys, "checklist", "-m", "高岡市", "-n", "housing", "--lang", lang, "--json")
    assert code == 1 and out == ""
    assert "--lang" in err and "--pdf" in err and len(err.strip().splitlines()) == 1
    code, out, _ = run(capsys, "checklist", "-m", "高岡市", "-n", "housing", "--lang", "ja", "--json")
    assert code == 0 and json.loads(out)["sections"]


def test_templates_from_the_command_line(cli_db, capsys):
    from dvdesk.domain import checklist as cl
    from dvdesk.domain import checklist_templates as tpl

    with cli_db.read() as s:
        c = cl.propose(s, "高岡市", (), ["moving_out"])
    with cli_db.write() as s:
        tpl.save_template(s, "転出", c)
    code, out, _ = run(capsys, "checklist-templates", "-m", "高岡市")
    assert code == 0 and "転出（6 項目）" in out  # 4 for moving out, and the safety core
    code, out, _ = run(capsys, "checklist", "-m", "高岡市", "--template", "転出", "--json")
    assert code == 0 and json.loads(out)["circumstances"] == ["moving_out"]


@pytest.mark.parametrize("extra", [["-c", "moving_out"], ["-n", "children"]])
def test_a_template_with_its_own_situation_refuses_another(qapp, cli_db, capsys, tmp_path, extra):
    """A template keeps its situation: a need or circumstance typed with it was ignored without a
    word (-c moving_out, and the paper had no 転出届). Now refused in one line, no file written."""
    from dvdesk.domain import checklist as cl
    from dvdesk.domain import checklist_templates as tpl

    with cli_db.read() as s:
        c = cl.propose(s, "高岡市", ["housing"], [])
    with cli_db.write() as s:
        tpl.save_template(s, "住まい", c)
    target = tmp_path / "sheet.pdf"
    code, out, err = run(capsys, "checklist", "-m", "高岡市", "--template", "住まい", *extra, "--pdf", str(target))
    assert code == 1 and "--template" in err and len(err.strip().splitlines()) == 1
    assert not target.exists()


def test_pdf_without_a_display(cli_db, tmp_path):
    """A real process with no display and no Qt platform set makes its own offscreen app."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    target = tmp_path / "nodisplay.pdf"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "dvdesk",
            "checklist",
            "-m",
            "高岡市",
            "-c",
            "moving_within",
            "--discreet",
            "--pdf",
            str(target),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert_client_safe(pdf_text(target), discreet=True)


def test_several_keys_after_one_flag_as_the_usage_line_writes_them(cli_db, capsys, qapp, tmp_path):
    """README: `checklist … [-n NEED…] [-c CIRCUMSTANCE…]`, `slip --procedure KEY…`. Written so, the
    command stopped with 「unrecognized arguments」; repeating the flag keeps working."""
    one = ["checklist", "-m", "高岡市", "--copy", "staff", "--json"]
    _, repeated, _ = run(capsys, *one, "-n", "children", "-n", "safety", "-c", "school", "-c", "moving_out")
    code, listed, err = run(capsys, *one, "-n", "children", "safety", "-c", "school", "moving_out")
    assert code == 0, err
    assert json.loads(listed) == json.loads(repeated)
    assert sorted(json.loads(listed)["needs"]) == ["children", "safety"]
    target = tmp_path / "slip.pdf"
    code, _, err = run(
        capsys, "slip", "-m", "高岡市", "--procedure", "test.proc.shienshochi", "test.proc.tenkyo", "--pdf", str(target)
    )
    assert code == 0, err
    assert "転居届・転出届" in compact(pdf_text(target))
