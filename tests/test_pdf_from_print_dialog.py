"""A PDF Qt writes itself — the preview's print on a PC with no printer (its print button then saves
a PDF), the print dialog's print to file — is the counselor's alone and whole, as 「PDFに保存」's is
(h19-print). It was 0644 under a usual umask (a staff copy readable by every user of a shared PC),
and on a full disk a cut file was left, the list counted as handed out.
"""

from __future__ import annotations

import os
import shutil
import stat

import pytest
from PySide6.QtPrintSupport import QPrinter

from disk_support import small_tmpfs, unmount
from dvdesk.domain.disclosure import Audience
from dvdesk.gui.checklist_dialog import ChecklistDialog
from test_print_preview import print_from


@pytest.fixture
def dialog(qtbot, bundled_db):
    d = ChecklistDialog(bundled_db, "高岡市", ["safety", "housing"])
    qtbot.addWidget(d)
    d.reports = []
    d.report = d.reports.append
    d.printing.confirm = lambda title, text: True
    d.printing.copy_combo.setCurrentIndex(d.printing.copy_combo.findData(Audience.STAFF))
    return d


def _print_from_preview(qtbot, dialog, path) -> None:  # type: ignore[no-untyped-def]
    preview = dialog.printing.make_preview()
    assert preview is not None
    preview.open()
    qtbot.waitExposed(preview)
    print_from(preview, path)
    preview.close()
    preview.dispose()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
@pytest.mark.parametrize("there_before", [False, True])
def test_the_previews_pdf_is_the_owners_only(qtbot, dialog, tmp_path, there_before):
    out = tmp_path / "staff.pdf"
    if there_before:
        out.write_bytes(b"old")
        out.chmod(0o644)
    old = os.umask(0o022)
    try:
        _print_from_preview(qtbot, dialog, out)
    finally:
        os.umask(old)
    assert out.read_bytes().rstrip().endswith(b"%%EOF")
    assert stat.S_IMODE(out.stat().st_mode) & 0o077 == 0, oct(out.stat().st_mode)
    assert dialog.reports == []


def test_a_print_to_file_on_a_full_disk_says_so_and_leaves_no_cut_file(qtbot, dialog, tmp_path):
    from dvdesk.printing.qt_render import PrintFailed, new_printer, to_printer

    mount = small_tmpfs(tmp_path, "small", "64k")
    try:
        (mount / "filler").write_bytes(b"x" * (shutil.disk_usage(mount).free - 20 * 1024))  # 20 KB left
        document = dialog.printing.document()
        printer = new_printer(document)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(mount / "staff.pdf"))
        with pytest.raises(PrintFailed, match="PDF を保存できませんでした"):
            to_printer(printer, document)
        del printer
        assert sorted(p.name for p in mount.iterdir()) == ["filler"]
    finally:
        unmount(mount)
