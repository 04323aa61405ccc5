"""A dry run answers what the real import would: a sheet the directory's gate refuses at commit (a
rule across records, such as a public address on the department that provides a shelter) was
reported by `import-sheet --dry-run` as accepted, and refused only when applied for real."""

import csv

import pytest

from db_support import dump
from dvdesk.admin import sheet_files, sheets

ADDRESS = "テスト市秘密町1-2-3"


def provider_with_public_address(db, tmp_path):
    path = tmp_path / "orgs.csv"
    sheets.export_sheet(db, path, "organization")
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    where = head.index("所在地")
    level = head.index("所在地の公開範囲")
    out = [head]
    for row in rows[1:]:
        if row[0] == "test.center":  # provides test.svc.shelter (safety.shelter)
            row[where], row[level] = ADDRESS, "公開（相談者に渡してよい）"
            out.append(row)
    assert len(out) == 2
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(out)
    return path


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_sheet_the_gate_refuses_is_refused_by_the_dry_run_too(mini_db, tmp_path, dry_run):
    path = provider_with_public_address(mini_db, tmp_path)
    before = dump(mini_db)
    with pytest.raises(sheet_files.SheetFileError, match="シェルター.*所在地が「公開」"):
        sheets.import_sheet(mini_db, path, "管理 花子", dry_run=dry_run, backup=None)
    assert dump(mini_db) == before


def test_a_clean_dry_run_still_changes_nothing(mini_db, tmp_path):
    path = tmp_path / "orgs.csv"
    sheets.export_sheet(mini_db, path, "organization")
    text = path.read_text(encoding="utf-8-sig").replace("テスト", "テスト（改）", 1)
    path.write_text(text, encoding="utf-8-sig")
    before = dump(mini_db)
    report = sheets.import_sheet(mini_db, path, "管理 花子", dry_run=True, backup=None)
    assert report.accepted and not report.plan.empty
    assert dump(mini_db) == before
