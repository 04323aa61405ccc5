"""A number too long for Python's int (more than 4,300 digits) in a file an administrator imports:
one Japanese line naming it, nothing written; it reached the command line as 「予期しないエラー:
ValueError」 and the window as the program's error box."""

from __future__ import annotations

import contextlib
import io
import sqlite3
from pathlib import Path

import pytest

from dvdesk.cli import main
from dvdesk.domain import bounds

LONG = "9" * 5000


def dump(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def run(argv: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, err.getvalue()


def test_a_number_of_5000_digits_is_refused_by_name():
    with pytest.raises(bounds.TooLarge) as err:
        bounds.loads('{"total_items": ' + LONG + "}", "HSDS ファイル")
    assert "桁" in str(err.value) and "HSDS ファイル" in str(err.value)


@pytest.mark.parametrize(
    "document",
    [
        '{"total_items": ' + LONG + ', "contents": []}',
        '[{"id": "o1", "name": "団体", "year_incorporated": ' + LONG + "}]",
        '[{"id": "o1", "name": "団体", "latitude": -' + LONG + "}]",
    ],
    ids=["page-count", "in-a-record", "negative"],
)
def test_an_hsds_file_with_a_5000_digit_number_is_refused_in_one_line(cli_mini, tmp_path, document):
    feed = tmp_path / "organizations.json"
    feed.write_text(document, encoding="utf-8")
    before = dump(cli_mini)
    code, err = run(["import-hsds", str(feed), "-m", "高岡市"])
    assert code == 1
    assert "予期しない" not in err and "ValueError" not in err and err.count("\n") == 1, err
    assert "桁" in err, err
    assert dump(cli_mini) == before
