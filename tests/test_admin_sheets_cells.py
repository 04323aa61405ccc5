"""Cells that look one way in Excel and read another in openpyxl's read-only mode: a merged block
of rows (the value sits in its first cell only) and a formula whose result the file does not
carry (read as empty). Neither may end as a silently blank field."""

import io
import re
import zipfile

import openpyxl

from dvdesk.admin import sheet_xml, sheets
from dvdesk.admin.package import collect


def services(db):
    with db.read() as session:
        return {s["name"]: s for s in collect(session)[0]["service"]}


def organizations(db):
    with db.read() as session:
        return {o["key"]: o["name"] for o in collect(session)[0]["organization"]}


def department_workbook(path):
    """A list as offices keep it: one department written once down a merged block of rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "相談窓口一覧"
    ws.append(["市区町村", "名称", "担当課", "電話番号"])
    org = wb.create_sheet("組織")
    org.append(["市区町村", "部署名"])
    org.append(["高岡市", "結合テスト課"])
    ws.append(["高岡市", "結合の相談1（テスト）", "結合テスト課", "0766-00-0101"])
    ws.append(["高岡市", "結合の相談2（テスト）", None, "0766-00-0102"])
    ws.append(["高岡市", "結合の相談3（テスト）", None, "0766-00-0103"])
    ws.append([None, None, None, None])  # inside the block, empty: stays an empty row
    ws.merge_cells("C2:C5")
    wb.save(path)
    return path


def test_a_department_merged_down_several_rows_is_read_on_each_row_and_reported(mini_db, tmp_path):
    report = sheets.import_sheet(mini_db, department_workbook(tmp_path / "merged.xlsx"), "管理 花子")
    assert report.rejected == [] and report.balanced
    orgs = organizations(mini_db)
    s = services(mini_db)
    providers = {orgs[s[f"結合の相談{i}（テスト）"]["provider"]] for i in (1, 2, 3)}
    assert providers == {"結合テスト課"}  # not two services without a department
    assert any("結合されたセル C2:C5 の「結合テスト課」を、3、4行目" in n for n in report.notes)
    assert report.counts().read == 4  # the empty row of the block was not made a row (3 services + 1 org)


def _with_results(path, results):
    """The workbook as Excel would save it: each formula cell carries its result ``results[ref]``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buffer, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                for ref, value in results.items():
                    data = re.sub(
                        rf'<c r="{ref}"><f>(.*?)</f><v ?/>'.encode(),
                        lambda m, v=value, r=ref: (
                            f'<c r="{r}" t="str"><f>'.encode() + m.group(1) + f"</f><v>{v}</v>".encode()
                        ),
                        data,
                    )
            dst.writestr(info, data)
    path.write_bytes(buffer.getvalue())
    return path


def formula_workbook(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "サービス"
    ws.append(["市区町村", "名称", "電話番号", "内容"])
    ws.append(["高岡市", "数式の相談1（テスト）", '="0766-00-"&"0201"', "内容1"])
    ws.append(["高岡市", "数式の相談2（テスト）", "0766-00-0202", "=B3"])
    ws.append(["高岡市", "数式のない相談（テスト）", "0766-00-0203", "内容3"])
    wb.save(path)
    return path


def test_a_formula_without_its_result_is_refused_naming_the_cell_never_stored_blank(mini_db, tmp_path):
    report = sheets.import_sheet(mini_db, formula_workbook(tmp_path / "f.xlsx"), "管理 花子")
    assert report.balanced
    refused = {r.title: " ".join(r.reasons) for r in report.rejected}
    assert set(refused) == {"数式の相談1（テスト）", "数式の相談2（テスト）"}
    assert "C2 は数式で" in refused["数式の相談1（テスト）"]
    assert "D3 は数式で" in refused["数式の相談2（テスト）"]
    s = services(mini_db)
    assert "数式の相談1（テスト）" not in s and "数式の相談2（テスト）" not in s
    assert s["数式のない相談（テスト）"]["phone"] == "0766-00-0203"


def test_a_formula_with_its_result_saved_is_read_as_that_result(mini_db, tmp_path):
    path = _with_results(formula_workbook(tmp_path / "f.xlsx"), {"C2": "0766-00-0201", "D3": "計算された内容"})
    report = sheets.import_sheet(mini_db, path, "管理 花子")
    assert report.rejected == [] and report.balanced
    s = services(mini_db)
    assert s["数式の相談1（テスト）"]["phone"] == "0766-00-0201"
    assert s["数式の相談2（テスト）"]["description"] == "計算された内容"


def test_the_scan_judges_a_cell_cut_between_two_pieces_once_it_is_whole():
    cells = "".join(f'<c r="A{n}"><f>B{n}</f><v>{n}</v></c>' for n in range(1, 3000))
    xml = f"<sheetData><row r='1'>{cells}<c r=\"B1\"><f>X</f><v/></c></row></sheetData>"
    xml += '<mergeCells><mergeCell ref="C2:C9"/><mergeCell ref="A1:G1"/></mergeCells>'
    data = xml.encode()

    class Pieces(io.BytesIO):
        def read(self, size=-1):  # 7-byte pieces: every tag and cell is cut somewhere
            return super().read(7)

    marks = sheet_xml.scan(Pieces(data))
    assert marks.uncomputed == {(1, 1): "B1"}
    assert marks.merged == {(2, 2, 9, 2)}  # a block within one row leaves no row without its value


def test_a_csv_cell_too_long_for_the_reader_is_refused_in_japanese_naming_the_row(mini_db, tmp_path):
    import csv

    import pytest

    from dvdesk.admin.sheet_files import SheetFileError

    path = tmp_path / "long.csv"
    huge = "あ" * (csv.field_size_limit() + 1)
    path.write_text(
        f"市区町村,名称,内容\n高岡市,短い行（テスト）,短い\n高岡市,長い行（テスト）,{huge}\n", encoding="utf-8"
    )
    before = services(mini_db)
    with pytest.raises(SheetFileError) as refused:
        sheets.import_sheet(mini_db, path, "管理 花子")
    assert "3行目に長すぎるセル" in str(refused.value) and "field" not in str(refused.value)
    assert services(mini_db) == before
