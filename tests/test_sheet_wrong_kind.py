"""A file named .xlsx that is not a workbook: the message names what it is.

It said 「Excel ファイル（.xlsx）として読めません（壊れている可能性があります）: BadZipFile」 for a
CSV saved with the wrong extension (an administrator's common slip), and 「… として読めません:
KeyError」 for another ZIP (a data package renamed): neither says what is wrong nor what to do.
"""

from __future__ import annotations

import zipfile

import pytest

from dvdesk.admin.sheet_files import SheetFileError, read_workbook


@pytest.mark.parametrize(
    "content",
    ["キー,名称,種類\ntest.svc.law,法律相談,相談者が利用できる\n".encode("cp932"), "キー\t名称\nx\ty\n".encode()],
    ids=["cp932-csv", "utf8-tsv"],
)
def test_a_csv_named_xlsx_is_called_a_csv(tmp_path, content):
    path = tmp_path / "一覧.xlsx"
    path.write_bytes(content)
    with pytest.raises(SheetFileError) as err:
        read_workbook(path)
    assert "CSV" in str(err.value) and ".csv" in str(err.value), err.value
    assert "Error" not in str(err.value)


def test_another_zip_named_xlsx_is_called_so(tmp_path):
    path = tmp_path / "一覧.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("manifest.json", "{}")
        zf.writestr("directory.json", "{}")
    with pytest.raises(SheetFileError) as err:
        read_workbook(path)
    assert "ZIP" in str(err.value) and "Excel のファイルではありません" in str(err.value), err.value
    assert "KeyError" not in str(err.value)


def test_random_bytes_named_xlsx_still_say_they_cannot_be_read(tmp_path):
    path = tmp_path / "一覧.xlsx"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(SheetFileError) as err:
        read_workbook(path)
    assert "読めません" in str(err.value) and "CSV" not in str(err.value)
