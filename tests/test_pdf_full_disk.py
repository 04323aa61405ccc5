"""A PDF saved to a full disk: a one-line message and no file, never a cut-off PDF called saved.

Seen by using it: `dvdesk checklist … --pdf` onto a folder with 24 KB free printed
「保存しました（3 ページ、9 項目）」 and left a 24 KB file that no viewer opens (the whole PDF is
105 KB): Qt's PDF writer ignores write errors. The window's 「PDFに保存」 uses the same writer.
"""

import shutil

import pytest

from disk_support import small_tmpfs, unmount
from dvdesk.cli import main
from dvdesk.printing.qt_render import PrintFailed, write_pdf


@pytest.fixture
def full_folder(tmp_path):
    mount = small_tmpfs(tmp_path, "small", "64k")
    try:
        (mount / "filler").write_bytes(b"x" * (shutil.disk_usage(mount).free - 20 * 1024))  # 20 KB left
        yield mount
    finally:
        unmount(mount)


def test_the_command_says_the_disk_is_full_and_leaves_no_file(checklist_db, full_folder, qapp, monkeypatch, capsys):
    monkeypatch.setenv("DVDESK_DB", str(checklist_db.path))
    target = full_folder / "checklist.pdf"
    code = main(["checklist", "-m", "高岡市", "-n", "children", "-n", "safety", "--pdf", str(target)])
    out, err = capsys.readouterr()
    assert code == 1 and "保存しました" not in out
    assert "ディスクの空き" in err and "予期しない" not in err
    assert sorted(p.name for p in full_folder.iterdir()) == ["filler"]


def test_a_pdf_that_cannot_be_written_whole_keeps_the_file_that_was_there(checklist_db, full_folder, qapp):
    from dvdesk.app.checklists import Checklists
    from dvdesk.domain.disclosure import Audience

    checklists = Checklists(checklist_db)
    document = checklists.render(checklists.propose("高岡市", ["children", "safety"]), Audience.CLIENT)
    earlier = full_folder / "checklist.pdf"
    earlier.write_bytes(b"%PDF-1.4 her earlier file")
    with pytest.raises(PrintFailed, match="ディスクの空き"):
        write_pdf(earlier, document)
    assert earlier.read_bytes() == b"%PDF-1.4 her earlier file"
    assert sorted(p.name for p in full_folder.iterdir()) == ["checklist.pdf", "filler"]


def test_a_chart_image_on_a_full_disk_says_so_and_leaves_no_cut_off_file(mini_db, full_folder, qtbot):
    from dvdesk.gui.referrals import StatisticsWindow

    window = StatisticsWindow(mini_db)
    qtbot.addWidget(window)
    (full_folder / "filler").write_bytes(b"x" * (len((full_folder / "filler").read_bytes()) + 12 * 1024))  # ~8 KB left
    assert not window.save_chart(window.by_month, full_folder / "chart.png")
    assert window.message.kind == "error"
    assert "ディスクの空き" in window.message.text()  # it said only 画像を保存できませんでした: <path>
    assert sorted(p.name for p in full_folder.iterdir()) == ["filler"]
