"""A dry run answers what the real import would: a sheet the directory's gate refuses at commit (a
rule across records, such as a public address on the department that provides a shelter) was
reported by `import-sheet --dry-run` as accepted, and refused only when applied for real."""

import csv
import re

import pytest
from sqlalchemy import select

from db_support import dump
from dvdesk.admin import sheets
from dvdesk.admin.sheet_layout import SheetOptions
from dvdesk.cli import main
from dvdesk.domain import integrity
from dvdesk.domain.integrity_findings import DirectoryRefused, Finding
from dvdesk.domain.models import Organization

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


REFUSED = "シェルター.*所在地が「公開」"


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_sheet_the_gate_refuses_is_refused_by_the_dry_run_too(mini_db, tmp_path, dry_run):
    """The row is refused with the gate's reason, in the dry run as in the real run; nothing changes."""
    path = provider_with_public_address(mini_db, tmp_path)
    before = dump(mini_db)
    report = sheets.import_sheet(mini_db, path, "管理 花子", dry_run=dry_run, backup=None)
    [row] = report.rows
    assert row.status == sheets.REJECTED and re.search(REFUSED, " / ".join(row.reasons)), row.reasons
    assert report.plan.empty and report.balanced and report.backup is None
    assert dump(mini_db) == before


def test_the_preview_refuses_the_row_the_gate_would_refuse(mini_db, tmp_path):
    """``check_sheet`` (what the window's preview shows) said 受付 for it."""
    path = provider_with_public_address(mini_db, tmp_path)
    before = dump(mini_db)
    report, incoming = sheets.check_sheet(mini_db, path)
    [row] = report.rows
    assert row.status == sheets.REJECTED and re.search(REFUSED, " / ".join(row.reasons)), row.reasons
    assert report.plan.empty and not incoming
    assert dump(mini_db) == before


def test_the_preview_rehearses_the_write_through_the_gate(mini_db, tmp_path, monkeypatch):
    """Whatever the gate refuses (here a rule the row checks know nothing of) is the row's refusal,
    with the gate's words; the other rows stay accepted, and the preview writes nothing."""
    path = tmp_path / "orgs.csv"
    sheets.export_sheet(mini_db, path, "organization")
    text = path.read_text(encoding="utf-8-sig").replace("住宅課", "住宅政策課")
    path.write_text(text, encoding="utf-8-sig")

    def refuse(session):
        touched = integrity.touched_rows(session)
        session.info.pop(integrity.TRACKED, None)
        session.info.pop(integrity.TOUCHED_IDS, None)
        keys = {
            k
            for (k,) in session.execute(
                select(Organization.key).where(Organization.id.in_(touched.get("organizations", ())))
            )
        }
        if "test.housing" in keys:
            raise DirectoryRefused([Finding("organizations", "test.housing", "住宅政策課", "テストの規則")])

    monkeypatch.setattr(integrity, "gate", refuse)
    before = dump(mini_db)
    report, _ = sheets.check_sheet(mini_db, path)
    [refused] = report.rejected
    assert refused.key == "test.housing" and any("テストの規則" in r for r in refused.reasons)
    assert report.accepted and report.plan.empty and report.balanced  # the other rows change nothing
    assert dump(mini_db) == before


def test_the_window_shows_the_row_refused_before_anything_is_applied(qtbot, mini_db, tmp_path):
    from dvdesk.gui.admin.window import AdminWindow

    window = AdminWindow(mini_db, "管理 花子")
    qtbot.addWidget(window)
    path = provider_with_public_address(mini_db, tmp_path)
    before = dump(mini_db)
    window.preview_sheet(path, SheetOptions())
    preview = window.dialog
    assert "受付 0行 + 受け付けず 1行" in preview.summary.text()
    assert "受け付けず 1行" in preview.tabs.tabText(1)
    cells = [preview.rows.data(preview.rows.index(0, c)) for c in range(preview.rows.columnCount())]
    assert cells[2] == "受け付けず" and re.search(REFUSED, cells[4]), cells
    assert not preview.apply_button.isEnabled()  # nothing to apply
    assert dump(mini_db) == before


def test_the_cli_dry_run_prints_the_row_refused(mini_db, tmp_path, monkeypatch, capsys):
    path = provider_with_public_address(mini_db, tmp_path)
    monkeypatch.setenv("DVDESK_DB", str(mini_db.path))
    before = dump(mini_db)
    assert main(["import-sheet", str(path), "--admin", "x", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert re.search("受け付けず  テスト相談センター: .*" + REFUSED, out), out
    assert "受付 0行 + 受け付けず 1行" in out
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
