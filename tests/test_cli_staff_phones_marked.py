"""`dvdesk show` and `dvdesk departments` printed a department's staff-only number beside its public
one, unmarked and first (「電話: 0766-99-7777 / 0766-99-0000」): a counselor reading the line to a
client gave her the internal direct line. The window marks such a contact 「職員のみ」; the command
line now says so on the number itself, and lists the numbers a client may be given first."""

import pytest

from dvdesk.admin.editing import Editor
from dvdesk.cli import main

STAFF_LINE = "0766-99-7777"
PUBLIC_LINE = "0766-99-0000"


@pytest.fixture
def db_with_staff_line(mini_db):
    editor = Editor(mini_db, "管理 花子")
    center = editor.load("organization", "test.center")
    staff = {
        **center["contacts"][0],
        "label": "職員直通",
        "phone": STAFF_LINE,
        "extension": "",
        "confidentiality": "staff",
    }
    editor.save("organization", {**center, "contacts": [staff, *center["contacts"]]})
    return mini_db


def phone_line(out: str, prefix: str) -> str:
    return next(line for line in out.splitlines() if line.startswith(prefix) or prefix in line)


def test_show_marks_the_staff_line_and_gives_the_public_one_first(db_with_staff_line, capsys):
    assert main(["--db", str(db_with_staff_line.path), "show", "test.svc.consult"]) == 0
    line = phone_line(capsys.readouterr().out, "電話:")
    assert line.index(PUBLIC_LINE) < line.index(STAFF_LINE)
    assert f"{STAFF_LINE}［職員のみ］" in line and f"{PUBLIC_LINE}［" not in line


def test_show_for_the_client_leaves_it_out(db_with_staff_line, capsys):
    assert main(["--db", str(db_with_staff_line.path), "show", "test.svc.consult", "--client"]) == 0
    assert STAFF_LINE not in capsys.readouterr().out


def test_departments_marks_the_staff_line(db_with_staff_line, capsys):
    assert main(["--db", str(db_with_staff_line.path), "departments", "-m", "高岡市"]) == 0
    line = phone_line(capsys.readouterr().out, "テスト相談センター")
    assert line.index(PUBLIC_LINE) < line.index(STAFF_LINE) and f"{STAFF_LINE}［職員のみ］" in line
