"""Sheets as administrators keep them: titles above the headings, near-miss headings, several
sheets, hidden columns and rows, Japanese dates and phones, names for codes, never an implicit
national line. Every row read ends stored, refused or skipped, and the database says which."""

import datetime as dt
import json

import openpyxl
import pytest

from dvdesk.admin import sheet_files, sheets
from dvdesk.admin.import_counts import ImportCounts
from dvdesk.admin.kinds import KINDS
from dvdesk.admin.package import collect
from dvdesk.admin.records import RecordError, every, snapshot
from dvdesk.admin.sheet_layout import AMBIGUOUS, HIDDEN, IGNORED, USED, SheetOptions
from dvdesk.admin.sheet_values import parse_date, parse_phone, parse_publication
from dvdesk.cli import main
from sheet_workbooks import EXPECTED, HIDDEN_ROW, kept_csv, kept_workbook


def snapshots(db, name):
    """Every record of one kind as a package carries it (collect's snapshots, without the other kinds)."""
    kind = KINDS[name]
    with db.read() as session:
        return [snapshot(kind, o) for o in session.scalars(every(kind))]


def services(db):
    return {s["name"]: s for s in snapshots(db, "service")}


def municipalities(db):
    return {m["key"]: m["name"] for m in snapshots(db, "municipality")}


def write_csv(path, rows, encoding="utf-8-sig"):
    path.write_bytes(("\r\n".join(",".join(r) for r in rows) + "\r\n").encode(encoding))
    return path


# --- the kept workbook, end to end -------------------------------------------------------------


def test_every_row_of_the_kept_workbook_ends_stored_refused_or_skipped(mini_db, tmp_path):
    before = services(mini_db)
    path = kept_workbook(tmp_path / "関係機関一覧.xlsx")
    report = sheets.import_sheet(mini_db, path, "管理 花子")
    assert report.counts() == EXPECTED and report.balanced
    after = services(mini_db)
    stored = {r.title for r in report.accepted}
    assert set(after) - set(before) == stored  # each accepted row is a record now, and nothing else is
    assert {r.title for r in report.rejected} == {"就労の相談（テスト）", "どこかの相談（テスト）"}
    assert [(r.row, r.reasons) for r in report.skipped] == [(HIDDEN_ROW, ["非表示の行（読むときは --hidden-rows）"])]
    assert not {r.title for r in report.rejected + report.skipped} & set(after)
    assert all(r.title for r in report.rows)  # the record's name on every row, refused ones too
    refused = {r.title: " ".join(r.reasons) for r in report.rejected}
    assert "「架空課」は高岡市の組織にありません" in refused["就労の相談（テスト）"]
    assert "「架空市」という市区町村が見つかりません" in refused["どこかの相談（テスト）"]


def test_the_kept_workbook_is_read_into_canonical_values(mini_db, tmp_path):
    sheets.import_sheet(mini_db, kept_workbook(tmp_path / "k.xlsx"), "管理 花子")
    s = services(mini_db)
    phones = {
        name: s[name]["phone"] for name in s if "テスト" in name or name in ("女性相談（面接）", "夜間の電話相談")
    }
    assert phones == {
        "女性相談（面接）": "0766-00-0001",  # full-width digits and ー
        "夜間の電話相談": "0766-00-0002",  # (0766)00-0002 内線123
        "虐待の通告ダイヤル（テスト）": "189",  # a number cell
        "緊急通報（テスト）": "110",  # 110.0
        "住まいの相談（テスト）": "0766-00-0003",  # 代表 … FAX …
        "日付セルの相談（テスト）": "0766-00-0008",  # ‐ separators
        "国立市の相談（テスト）": "042-000-0001",
        "人権の電話相談（テスト）": "#8008",  # full-width ＃８００８
        "救急の電話相談（テスト）": "#7119",
    }
    assert "電話の備考: 内線123" in s["夜間の電話相談"]["staff_note"]
    assert "電話の備考: 代表・FAX 0766-00-0004" in s["住まいの相談（テスト）"]["staff_note"]
    assert {
        n: s[n]["verified_on"]
        for n in (
            "女性相談（面接）",
            "夜間の電話相談",
            "虐待の通告ダイヤル（テスト）",
            "緊急通報（テスト）",
            "住まいの相談（テスト）",
            "日付セルの相談（テスト）",
            "国立市の相談（テスト）",
        )
    } == {
        "女性相談（面接）": "2025-04-01",
        "夜間の電話相談": "2025-04-01",
        "虐待の通告ダイヤル（テスト）": "2025-04-01",
        "緊急通報（テスト）": "2025-04-01",
        "住まいの相談（テスト）": "2019-04-30",
        "日付セルの相談（テスト）": "2025-04-01",
        "国立市の相談（テスト）": "2025-04-01",
    }
    assert s["夜間の電話相談"]["confidentiality"] == "staff" and s["女性相談（面接）"]["confidentiality"] == "public"
    assert (
        s["女性相談（面接）"]["provider"] == "test.center" and s["住まいの相談（テスト）"]["provider"] == "test.housing"
    )
    assert s["夜間の電話相談"]["municipality"] == "162027"  # 「高岡」
    assert s["国立市の相談（テスト）"]["municipality"] == "132152"
    assert municipalities(mini_db)["132152"] == "国立市"  # added from the 総務省 list
    national = {n for n, v in s.items() if not v["municipality"]}
    before = {
        "女性のための電話相談",
        "緊急一時保護",
        "市営住宅の入居配慮",
        "女性弁護士による無料法律相談",
        "子どものケア",
        "庁内連絡会議",
    }
    assert national - before == {
        "虐待の通告ダイヤル（テスト）",
        "緊急通報（テスト）",
        "人権の電話相談（テスト）",
        "救急の電話相談（テスト）",
    }  # exactly the rows that say 全国


def test_a_hidden_stale_column_never_wins_and_each_difference_is_reported(mini_db, tmp_path):
    report = sheets.import_sheet(mini_db, kept_workbook(tmp_path / "k.xlsx"), "管理 花子")
    assert not any(v["phone"] in ("0120-000-000", "0766-00-0009") for v in services(mini_db).values())
    notes = {r.title: " ".join(r.notes) for r in report.rows}
    assert "非表示の H列「電話番号（旧）」 の「0120-000-000」は使わず" in notes["虐待の通告ダイヤル（テスト）"]
    assert "「189」を取りました" in notes["虐待の通告ダイヤル（テスト）"]
    assert any("非表示の列: H列「電話番号（旧）」" in n for n in report.notes)


def test_the_mapping_shows_where_each_column_went(tmp_path):
    layouts, _ = sheets.read_layouts(kept_workbook(tmp_path / "k.xlsx"))
    first, second, notes = layouts
    assert (first.kind, first.header_row) == ("service", 5)
    assert {c.header: (c.field, c.status) for c in first.columns} == {
        "市区町村": ("municipality", USED),
        "窓口名": ("name", USED),
        "担当課": ("provider", USED),
        "電話番号": ("phone", USED),
        "受付時間": ("schedule", USED),
        "掲載(〇/×)": ("publication", USED),
        "確認日": ("verified_on", USED),
        "電話番号（旧）": ("phone", HIDDEN),
        "メモ欄": ("", IGNORED),
    }
    assert any("4行目までは表題・注記" in n and "令和7年度" in n for n in first.notes)
    assert (second.kind, second.header_row) == ("service", 1)
    assert {c.header: c.field for c in second.columns} == {
        "自治体": "municipality",
        "名称": "name",
        "TEL": "phone",
        "対応時間": "schedule",
    }
    assert notes.kind == "" and "見出しの行が見つからない" in notes.skip_reason  # reported, not silently ignored


def test_hidden_rows_are_read_when_she_asks(mini_db, tmp_path):
    report = sheets.import_sheet(
        mini_db, kept_workbook(tmp_path / "k.xlsx"), "管理 花子", options=SheetOptions(hidden_rows=True)
    )
    assert report.skipped == [] and report.balanced
    assert "古い窓口（非表示の行）" in services(mini_db)


def test_a_hidden_column_is_read_only_when_she_maps_it(mini_db, tmp_path):
    report = sheets.import_sheet(
        mini_db,
        kept_workbook(tmp_path / "k.xlsx"),
        "管理 花子",
        dry_run=True,
        options=SheetOptions(mapping={"相談窓口一覧!H": "phone", "相談窓口一覧!電話番号": "-"}),
    )
    layout = report.layouts[0]
    assert layout.used()["phone"].letter == "H" and next(c for c in layout.columns if c.letter == "D").status == IGNORED


def test_dry_run_and_real_run_plan_the_same_records_under_the_same_keys(mini_db, tmp_path):
    path = kept_workbook(tmp_path / "k.xlsx")
    dry = sheets.import_sheet(mini_db, path, "管理 花子", dry_run=True)
    real = sheets.import_sheet(mini_db, path, "管理 花子")
    assert [(r.row, r.key, r.status, r.action) for r in dry.rows] == [
        (r.row, r.key, r.status, r.action) for r in real.rows
    ]
    assert [(d.key, d.changes) for d in dry.plan.diffs] == [(d.key, d.changes) for d in real.plan.diffs]
    again = sheets.import_sheet(mini_db, path, "管理 花子", dry_run=True)  # the same list again: no duplicates
    assert again.plan.empty and {r.action for r in again.accepted} == {"unchanged"}


def test_a_changed_list_updates_the_records_it_made(mini_db, tmp_path):
    path = kept_workbook(tmp_path / "k.xlsx")
    sheets.import_sheet(mini_db, path, "管理 花子")
    wb = openpyxl.load_workbook(path)
    wb["相談窓口一覧"]["D7"] = "０７６６ー００ー００２２"
    wb.save(path)
    report = sheets.import_sheet(mini_db, path, "管理 花子", dry_run=True)
    [diff] = report.plan.diffs
    assert diff.title == "夜間の電話相談" and [(c.path, c.old, c.new) for c in diff.changes] == [
        ("phone", "0766-00-0002", "0766-00-0022")
    ]
    assert sheets.change_lines(report, "service", diff.key) == [("専用の電話番号", "0766-00-0002", "0766-00-0022")]


# --- never an implicit national line ----------------------------------------------------------------


def test_a_sheet_without_municipality_is_refused_until_she_chooses(mini_db, tmp_path):
    path = write_csv(tmp_path / "no-muni.csv", [["名称", "電話番号"], ["架空の相談（テスト）", "0766-00-0031"]])
    before = services(mini_db)
    report = sheets.import_sheet(mini_db, path, "管理 花子")
    assert report.counts() == ImportCounts(1, 0, 1, 0)
    [row] = report.rejected
    assert row.title == "架空の相談（テスト）" and "-m 高岡市" in row.reasons[0] and "--nationwide" in row.reasons[0]
    assert services(mini_db) == before
    sheets.import_sheet(mini_db, path, "管理 花子", options=SheetOptions(municipality="162027"))
    assert services(mini_db)["架空の相談（テスト）"]["municipality"] == "162027"
    other = write_csv(tmp_path / "national.csv", [["名称", "電話番号"], ["全国の架空相談（テスト）", "0120-000-001"]])
    sheets.import_sheet(mini_db, other, "管理 花子", options=SheetOptions(nationwide=True))
    assert services(mini_db)["全国の架空相談（テスト）"]["municipality"] == ""


def test_a_blank_municipality_cell_is_never_read_as_nationwide(mini_db, tmp_path):
    path = write_csv(
        tmp_path / "blank.csv", [["市区町村", "名称"], ["", "空欄の相談（テスト）"], ["全国", "全国の相談（テスト）"]]
    )
    report = sheets.import_sheet(mini_db, path, "管理 花子")
    verdicts = {r.title: (r.status, " ".join(r.reasons)) for r in report.rows}
    assert (
        verdicts["空欄の相談（テスト）"][0] == "rejected" and "「全国」と書くか" in verdicts["空欄の相談（テスト）"][1]
    )
    assert verdicts["全国の相談（テスト）"][0] == "accepted"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("高岡市", "162027"),
        ("高岡", "162027"),
        ("富山県高岡市", "162027"),
        ("162027", "162027"),
        ("16202", "162027"),
        ("１６２０２７", "162027"),
        ("国立市", "132152"),
        ("全国", ""),
    ],
)
def test_municipality_by_name_or_code(mini_db, tmp_path, cell, expected):
    path = write_csv(tmp_path / "m.csv", [["自治体", "名称"], [cell, "名前で書いた相談（テスト）"]])
    report = sheets.import_sheet(mini_db, path, "管理 花子")
    assert report.rejected == [] and services(mini_db)["名前で書いた相談（テスト）"]["municipality"] == expected


@pytest.mark.parametrize(
    ("cell", "fragment"), [("府中市", "複数あります"), ("162028", "検査数字"), ("架空市", "見つかりません")]
)
def test_an_unknown_or_ambiguous_municipality_is_refused_naming_it(mini_db, tmp_path, cell, fragment):
    path = write_csv(tmp_path / "m.csv", [["市町村", "名称"], [cell, "どこかの相談（テスト）"]])
    [row] = sheets.import_sheet(mini_db, path, "管理 花子").rows
    assert row.status == "rejected" and fragment in row.reasons[0] and cell in row.reasons[0]


# --- headings -------------------------------------------------------------------------------------


def test_two_visible_columns_with_one_meaning_stop_the_sheet_until_she_chooses(mini_db, tmp_path):
    path = write_csv(
        tmp_path / "two.csv",
        [["市区町村", "名称", "電話", "TEL"], ["高岡市", "二つの電話（テスト）", "0766-00-0041", "0766-00-0042"]],
    )
    report = sheets.import_sheet(mini_db, path, "管理 花子")
    assert {c.header: c.status for c in report.layouts[0].columns}["TEL"] == AMBIGUOUS
    [row] = report.rows
    assert row.status == "rejected" and "「電話」" in row.reasons[0] and "--map" in row.reasons[0]
    report = sheets.import_sheet(mini_db, path, "管理 花子", options=SheetOptions(mapping={"TEL": "-"}))
    assert report.rejected == [] and services(mini_db)["二つの電話（テスト）"]["phone"] == "0766-00-0041"


def test_a_map_that_names_no_column_is_refused(mini_db, tmp_path):
    path = write_csv(tmp_path / "x.csv", [["市区町村", "名称"], ["高岡市", "x（テスト）"]])
    with pytest.raises(sheet_files.SheetFileError, match="「電話番号」に当たる列"):
        sheets.import_sheet(mini_db, path, "管理 花子", options=SheetOptions(mapping={"電話番号": "phone"}))
    with pytest.raises(sheet_files.SheetFileError, match="項目にありません"):
        sheets.import_sheet(mini_db, path, "管理 花子", options=SheetOptions(mapping={"名称": "no_such_field"}))


def test_a_city_adds_its_own_headings(mini_db, tmp_path):
    from dvdesk import paths

    path = write_csv(
        tmp_path / "own.csv",
        [["市区町村", "相談先の呼び名", "つながる番号"], ["高岡市", "独自見出しの相談（テスト）", "0766-00-0051"]],
    )
    with pytest.raises(sheet_files.SheetFileError, match="どの表かわかりません"):
        sheets.read_layouts(path)
    paths.config_dir().mkdir(parents=True, exist_ok=True)
    (paths.config_dir() / "sheet_headers.toml").write_text(
        '[service]\nname = ["相談先の呼び名"]\nphone = ["つながる番号"]\n', encoding="utf-8"
    )
    sheets.import_sheet(mini_db, path, "管理 花子")
    assert services(mini_db)["独自見出しの相談（テスト）"]["phone"] == "0766-00-0051"


def test_a_department_in_the_same_workbook_is_found_by_name(mini_db, tmp_path):
    wb = openpyxl.Workbook()
    org = wb.active
    org.title = "組織"
    org.append(["市区町村", "部署名"])
    org.append(["高岡市", "こども家庭課（テスト）"])
    svc = wb.create_sheet("窓口")
    svc.append(["市区町村", "窓口名", "担当課"])
    svc.append(["高岡市", "こどもの相談（テスト）", "こども家庭課（テスト）"])
    wb.save(tmp_path / "two.xlsx")
    report = sheets.import_sheet(mini_db, tmp_path / "two.xlsx", "管理 花子")
    assert report.rejected == [] and report.balanced
    provider = services(mini_db)["こどもの相談（テスト）"]["provider"]
    with mini_db.read() as session:
        assert {o["key"]: o["name"] for o in collect(session)[0]["organization"]}[provider] == "こども家庭課（テスト）"


@pytest.mark.parametrize("encoding", ["utf-8", "cp932"])
def test_csv_with_a_title_line_in_either_encoding(mini_db, tmp_path, encoding):
    report = sheets.import_sheet(mini_db, kept_csv(tmp_path / f"k-{encoding}.csv", encoding), "管理 花子")
    assert report.counts() == ImportCounts(2, 2, 0, 0)
    s = services(mini_db)
    assert (
        s["ひとり親の相談（テスト）"]["phone"] == "0766-00-0011"
        and s["子育ての相談（テスト）"]["phone"] == "0766-00-0012"
    )
    assert {s[n]["verified_on"] for n in ("ひとり親の相談（テスト）", "子育ての相談（テスト）")} == {"2025-04-01"}
    assert s["ひとり親の相談（テスト）"]["schedule"] == "月〜金 9:00〜16:00"  # CP932's ～ read back as 〜


# --- cell values -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        "2025/4/1",
        "2025-04-01",
        "2025.4.1",
        "2025年4月1日",
        "R7.4.1",
        "R7/4/1",
        "Ｒ７．４．１",
        "令和7年4月1日",
        "令和７年４月１日",
        45748,
        45748.0,
        "45748",
        dt.datetime(2025, 4, 1),
        dt.date(2025, 4, 1),
        "2025/4/1 0:00",
        "2025年4月1日(火)",
    ],
)
def test_dates_in_every_common_form(cell):
    assert parse_date(cell) == "2025-04-01"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("平成31年4月30日", "2019-04-30"),
        ("H31.4.30", "2019-04-30"),
        ("令和元年5月1日", "2019-05-01"),
        ("R1.5.1", "2019-05-01"),
    ],
)
def test_era_boundaries(cell, expected):
    assert parse_date(cell) == expected


@pytest.mark.parametrize(
    ("cell", "fragment"),
    [
        ("令和元年4月1日", "令和の期間にありません"),
        ("平成32年1月1日", "平成の期間"),
        ("2025/2/30", "ない日付"),
        ("来年度", "日付として読めません"),
    ],
)
def test_impossible_dates_are_refused_naming_them(cell, fragment):
    with pytest.raises(RecordError, match=fragment):
        parse_date(cell)


@pytest.mark.parametrize(
    ("cell", "number", "notes"),
    [
        ("０７６６ー２０ー５５５５", "0766-20-5555", ""),
        ("(0766)20-5555", "0766-20-5555", ""),
        ("（０７６６）２０－５５５５", "0766-20-5555", ""),
        ("0766―20―5555", "0766-20-5555", ""),
        ("0766‐20‐5555", "0766-20-5555", ""),
        ("TEL 0766-20-5555", "0766-20-5555", ""),
        ("0766-20-5555（代表）", "0766-20-5555", "代表"),
        ("代表 0766-20-5555 内線123", "0766-20-5555", "内線123・代表"),
        ("0766-20-5555 FAX 0766-20-5556", "0766-20-5555", "FAX 0766-20-5556"),
        (110, "110", ""),
        (110.0, "110", ""),
        (189, "189", ""),
        ("＃８００８", "#8008", ""),
        ("#7119", "#7119", ""),
        ("", "", ""),
    ],
)
def test_phones_in_one_canonical_form_with_their_notes_kept(cell, number, notes):
    phone = parse_phone(cell)
    assert (phone.number, phone.note_text()) == (number, notes)


@pytest.mark.parametrize(
    ("cell", "fragment"),
    [(766205555, "先頭の 0 が消えています"), (7119, "#7119"), ("なし", "電話番号が見つかりません")],
)
def test_phones_a_spreadsheet_damaged_are_refused_with_advice(cell, fragment):
    with pytest.raises(RecordError, match=fragment):
        parse_phone(cell)


@pytest.mark.parametrize(
    ("cell", "level"),
    [("〇", "public"), ("○", "public"), ("可", "public"), ("×", "staff"), ("不可", "staff"), ("", None)],
)
def test_publication_flags(cell, level):
    assert parse_publication(cell) == level


# --- the command line, as an administrator runs it --------------------------------------------------


@pytest.fixture
def cli_db(cli_mini, monkeypatch):
    monkeypatch.setenv("DVDESK_ADMIN", "管理 花子")  # on what `dvdesk load --dir tests/data/mini` made (conftest)


def test_the_cli_shows_the_mapping_and_a_dry_run_with_names_on_every_line(cli_db, tmp_path, capsys):
    path = kept_workbook(tmp_path / "関係機関一覧.xlsx")
    assert main(["import-sheet", str(path), "--show-mapping"]) == 0
    out = capsys.readouterr().out
    assert "シート「相談窓口一覧」: サービスの表（見出し 5行目、データ 10行）" in out
    assert "D列「電話番号」 → 専用の電話番号" in out and "H列「電話番号（旧）」 × 非表示（読まない）" in out
    assert "I列「メモ欄」 × 読まない" in out and "シート「記入例・説明」: 読みません" in out
    assert main(["import-sheet", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if "行目" in line and not line.startswith("注意")]
    assert len(rows) == EXPECTED.read
    assert "行数: 読んだ 12行 = 受付 9行 + 受け付けず 2行 + 読み飛ばし 1行" in out
    assert "    虐待の通告ダイヤル（テスト）｜市区町村: 全国" in out
    assert "    夜間の電話相談｜専用の電話番号: 0766-00-0002" in out
    assert "相談窓口一覧 11行目  受け付けず  就労の相談（テスト）: 「提供する組織」の「架空課」" in out
    dry_keys = {line.split("[")[1].rstrip("]") for line in rows if "[" in line}
    assert main(["import-sheet", str(path)]) == 0
    out = capsys.readouterr().out
    assert {line.split("[")[1].rstrip("]") for line in out.splitlines() if "行目" in line and "[" in line} == dry_keys


def test_the_cli_map_and_municipality_flags(cli_db, tmp_path, capsys):
    path = write_csv(
        tmp_path / "x.csv", [["名称", "連絡先電話", "備考メモ"], ["フラグの相談（テスト）", "0766-00-0061", "x"]]
    )
    assert main(["import-sheet", str(path), "--dry-run"]) == 0
    assert "-m 高岡市" in capsys.readouterr().out
    assert main(["import-sheet", str(path), "-m", "高岡市", "--map", "備考メモ=-", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "フラグの相談（テスト）｜市区町村: 高岡市" in out and "受付 1行" in out
    assert main(["import-sheet", str(path), "-m", "高岡市", "--nationwide"]) == 1
    assert "一緒に使えません" in capsys.readouterr().err


def test_a_phone_directory_fills_each_department_main_contact(mini_db, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "庁内電話帳"
    ws.append(["庁内電話帳（テスト用・架空）"])
    ws.append([])
    ws.append(["部署名", "電話番号", "内線", "窓口", "受付時間"])
    ws.append(["住宅課", "（０７６６）００－００７１", "2345", "本庁舎3階", "月〜金 8:30〜17:15"])
    ws.append(["新しい課（テスト）", "0766-00-0072 FAX 0766-00-0073", "", "", ""])
    wb.save(tmp_path / "電話帳.xlsx")
    layouts, _ = sheets.read_layouts(tmp_path / "電話帳.xlsx")
    assert layouts[0].kind == "organization" and layouts[0].header_row == 3
    report = sheets.import_sheet(
        mini_db, tmp_path / "電話帳.xlsx", "管理 花子", options=SheetOptions(municipality="162027")
    )
    assert report.counts() == ImportCounts(2, 2, 0, 0)
    assert [r.action for r in report.rows] == ["changed", "added"]
    with mini_db.read() as session:
        orgs = {o["name"]: o for o in collect(session)[0]["organization"]}
    housing = orgs["住宅課"]
    assert housing["key"] == "test.housing"  # found by name in 高岡市, not duplicated
    main = next(c for c in housing["contacts"] if c["confidentiality"] == "public")
    assert (main["phone"], main["extension"], main["window"], main["hours"]) == (
        "0766-00-0071",
        "2345",
        "本庁舎3階",
        "月〜金 8:30〜17:15",
    )
    [new] = orgs["新しい課（テスト）"]["contacts"]
    assert (new["phone"], new["note"]) == ("0766-00-0072", "FAX 0766-00-0073")
    assert orgs["新しい課（テスト）"]["municipality"] == "162027"


def test_a_number_typed_without_hyphens_is_kept_as_typed_and_the_report_says_so(cli_db, tmp_path, capsys):
    path = write_csv(
        tmp_path / "runs.csv",
        [
            ["市区町村", "名称", "電話番号"],
            ["高岡市", "続けて書いた相談（テスト）", "0766001234"],
            ["高岡市", "区切った相談（テスト）", "0766-00-1235"],
        ],
    )
    assert main(["import-sheet", str(path)]) == 0
    out = capsys.readouterr().out
    kept = [line for line in out.splitlines() if "区切り（-）のない形のまま" in line]
    assert len(kept) == 1 and kept[0].lstrip().startswith("続けて書いた相談（テスト）｜注意:")
    assert "0766001234" in kept[0] and "推測しません" in kept[0]
    assert main(["search", "続けて書いた相談", "--json"]) == 0
    hit = json.loads(capsys.readouterr().out)[0]  # what the phrase found first, then its words' rows (the desk's list)
    assert hit["name"] == "続けて書いた相談（テスト）"
    assert main(["show", str(hit["service_id"]), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["phone"] == "0766001234"  # stored as typed, nothing guessed
    book = openpyxl.Workbook()
    book.active.append(["部署名", "電話番号"])
    book.active.append(["住宅課", "0766001236"])  # a phone directory: the department's main contact
    book.save(tmp_path / "電話帳.xlsx")
    assert main(["import-sheet", str(tmp_path / "電話帳.xlsx"), "-m", "高岡市"]) == 0
    out = capsys.readouterr().out
    assert "住宅課｜注意: 「主な連絡先の電話番号」の 0766001236 は区切り（-）のない形のまま登録します" in out
