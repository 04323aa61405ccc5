"""Workbooks and CSVs as a city's administrator keeps them (fictional data, 0766-00-000x numbers).

``kept_workbook``: a merged title and notes above the headings, near-miss headings (市区町村,
窓口名, 担当課, 電話番号, 受付時間, 掲載(〇/×), 確認日), a hidden stale phone column, an unknown
column, full-width and bracketed phones, 代表/内線/FAX written beside the number, 110 and 189
in number cells, every date form, a municipality by name, short name and code, 全国 written, an
unknown department and municipality, a hidden row, a second data sheet and a sheet of notes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from dvdesk.admin.import_counts import ImportCounts

TITLE = "令和7年度 DV・女性相談 関係機関一覧（テスト用・架空）"
HEADINGS = ["市区町村", "窓口名", "担当課", "電話番号", "受付時間", "掲載(〇/×)", "確認日", "電話番号（旧）", "メモ欄"]
FIRST_ROWS = [  # row 6 onwards of the first sheet
    [
        "高岡市",
        "女性相談（面接）",
        "テスト相談センター",
        "０７６６ー００ー０００１",
        "月〜金 8:30〜17:15",
        "〇",
        "2025/4/1",
        "0766-00-0009",
        "x",
    ],
    [
        "高岡",
        "夜間の電話相談",
        "テスト相談センター",
        "(0766)00-0002 内線123",
        "毎日 17:00〜21:00",
        "×",
        "R7.4.1",
        "",
        "",
    ],
    ["全国", "虐待の通告ダイヤル（テスト）", "", 189, "24時間", "〇", "令和7年4月1日", "0120-000-000", ""],
    ["全国", "緊急通報（テスト）", "", 110.0, "24時間", "〇", 45748, "", ""],
    [
        "高岡市",
        "住まいの相談（テスト）",
        "住宅課",
        "代表 0766-00-0003 FAX 0766-00-0004",
        "月〜金 9:00〜17:00",
        "〇",
        "平成31年4月30日",
        "",
        "",
    ],
    ["162027", "就労の相談（テスト）", "架空課", "0766-00-0005", "", "〇", "令和元年5月1日", "", ""],
    ["架空市", "どこかの相談（テスト）", "", "0766-00-0006", "", "〇", "2025-04-01", "", ""],
    ["高岡市", "古い窓口（非表示の行）", "", "0766-00-0007", "", "〇", "", "", ""],
    [
        "高岡市",
        "日付セルの相談（テスト）",
        "住宅課",
        "0766‐00‐0008",
        "火 10:00〜12:00",
        "〇",
        dt.datetime(2025, 4, 1),
        "",
        "",
    ],
    ["国立市", "国立市の相談（テスト）", "", "042-000-0001", "", "〇", "R7/4/1", "", ""],
]
HIDDEN_ROW = 13
SECOND_SHEET = [
    ["自治体", "名称", "TEL", "対応時間"],
    ["全国", "人権の電話相談（テスト）", "＃８００８", "平日 8:30〜17:15"],
    ["全国", "救急の電話相談（テスト）", "#7119", "24時間"],
]
# rows read / stored / refused / skipped: 10 + 2 data rows; 架空課 and 架空市 refused; row 13 skipped
EXPECTED = ImportCounts(read=12, stored=9, refused=2, skipped=1)


def kept_workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "相談窓口一覧"
    ws["A1"] = TITLE
    ws.merge_cells("A1:I1")
    ws["A2"] = "令和7年4月1日現在"
    ws["A4"] = "※掲載が×の窓口は相談者に案内しないでください"
    for c, heading in enumerate(HEADINGS, start=1):
        ws.cell(row=5, column=c, value=heading)
    for r, row in enumerate(FIRST_ROWS, start=6):
        for c, value in enumerate(row, start=1):
            if value != "":
                ws.cell(row=r, column=c, value=value)
    ws.column_dimensions["H"].hidden = True
    ws.row_dimensions[HIDDEN_ROW].hidden = True
    second = wb.create_sheet("全国の窓口")
    for row in SECOND_SHEET:
        second.append(row)
    notes = wb.create_sheet("記入例・説明")
    notes["A1"] = "この表の書き方"
    notes["A2"] = "掲載欄は〇か×で書いてください"
    wb.save(path)
    return path


def kept_csv(path: Path, encoding: str) -> Path:
    """A CSV as Excel saves it (UTF-8 with BOM, or CP932), a title line above the headings."""
    rows = [
        ["相談窓口一覧（テスト用）", "", "", ""],
        ["", "", "", ""],
        ["市町村", "相談窓口", "連絡先電話", "開庁時間", "更新日"],
        ["高岡市", "ひとり親の相談（テスト）", "０７６６－００－００１１", "月〜金 9:00〜16:00", "令和7年4月1日"],
        ["162027", "子育ての相談（テスト）", "（0766）00-0012", "月〜金 9:00〜16:00", "2025/4/1"],
    ]
    text = "\r\n".join(",".join(r) for r in rows) + "\r\n"
    data = text.encode("cp932") if encoding == "cp932" else b"\xef\xbb\xbf" + text.encode("utf-8")
    path.write_bytes(data)
    return path
