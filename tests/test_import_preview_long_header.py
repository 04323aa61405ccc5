"""An import's preview with a long header (a 100-municipality sheet: 51 lines of 「市区町村を総務省の
一覧から加えます」) keeps its list of changes and its 取り込む button on a 1024×768 screen; every
line of the header is still there, scrolled."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from dvdesk.gui.admin.admin_labels import plan_summary
from dvdesk.gui.admin.import_preview import ImportPreviewDialog
from test_windows_fit_1024 import FREE, _import_preview, fits


def test_a_long_header_leaves_the_changes_and_the_buttons_on_screen(qtbot, bundled_db, monkeypatch):
    from dvdesk.gui import window_size

    monkeypatch.setattr(window_size, "free_area", lambda _widget: FREE)
    plan = _import_preview(bundled_db).plan
    notes = [f"注意: 市区町村「試験市{n}」（{n:06d}）を総務省の一覧から加えます" for n in range(60)]
    header = "m100.xlsx（xlsx）: 読んだ 26240行 = 受付 3553行 + 受け付けず 22687行 + 読み飛ばし 0行\n" + "\n".join(
        notes
    )
    dialog = ImportPreviewDialog("表計算からの取り込み", header, plan, [])
    qtbot.addWidget(dialog)
    dialog.show()
    QApplication.processEvents()
    fits(dialog, "ja")
    assert dialog.frameGeometry().height() <= FREE.height(), dialog.size()
    assert dialog.record_view.height() >= 150  # several changes in view, not one row
    button = dialog.apply_button
    assert button.mapTo(dialog, button.rect().bottomLeft()).y() <= dialog.height()
    assert all(n in dialog.summary.text() for n in notes)
    # What would change is said second, above the notes, in view without scrolling.
    assert dialog.summary.text().split("\n")[1] == plan_summary(plan)
