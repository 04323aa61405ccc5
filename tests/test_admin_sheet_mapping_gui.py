"""The sheet's mapping dialog in the administration window: what she sees, what she can fix."""

import pytest
from PySide6.QtCore import Qt

from dvdesk.admin.editing import Editor
from dvdesk.gui.admin.sheet_mapping import FIELD_COLUMN
from dvdesk.gui.admin.window import AdminWindow
from sheet_workbooks import EXPECTED, kept_workbook


@pytest.fixture
def window(qtbot, mini_db):
    w = AdminWindow(mini_db, "管理 花子")
    qtbot.addWidget(w)
    w.show()
    return w


def rows_of(dialog):
    return {
        (r.layout.title, r.column.letter if r.column else ""): (dialog.field_text(r), dialog.status_text(r))
        for r in dialog.model.items
    }


def test_the_mapping_dialog_shows_where_each_column_goes_and_lets_her_fix_it(qtbot, window, mini_db, tmp_path):
    window.import_sheet(kept_workbook(tmp_path / "関係機関一覧.xlsx"))
    dialog = window.dialog
    rows = rows_of(dialog)
    assert rows[("相談窓口一覧", "D")][0] == "専用の電話番号"
    assert rows[("相談窓口一覧", "H")][0] == "（読まない）" and rows[("相談窓口一覧", "H")][1].startswith("非表示")
    assert rows[("相談窓口一覧", "I")][1].startswith("読まない") and "--map" not in rows[("相談窓口一覧", "I")][1]
    assert "見出しの行が見つからない" in rows[("記入例・説明", "")][1]
    assert "見出し 5行目、データ 10行" in dialog.notes.text()
    # she reads the hidden column instead, through the table's own editor
    model = dialog.model
    h = next(
        i for i, r in enumerate(model.items) if r.column and r.layout.title == "相談窓口一覧" and r.column.letter == "H"
    )
    assert model.flags(model.index(h, FIELD_COLUMN)) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(model.index(h, FIELD_COLUMN), "phone")
    rows = rows_of(dialog)
    assert rows[("相談窓口一覧", "H")][0] == "専用の電話番号" and rows[("相談窓口一覧", "D")][0] == "（読まない）"
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    preview = window.dialog
    assert "読んだ 12行 = 受付 9行 + 受け付けず 2行 + 読み飛ばし 1行" in preview.summary.text()
    with qtbot.waitSignal(preview.accepted):
        qtbot.mouseClick(preview.apply_button, Qt.MouseButton.LeftButton)
    phones = {s["name"]: s["phone"] for s in Editor(mini_db, "x").all("service")}
    assert phones["虐待の通告ダイヤル（テスト）"] == "0120-000-000"  # what she chose, and only because she chose it
    assert phones["女性相談（面接）"] == "0766-00-0009" and phones["夜間の電話相談"] == ""  # H is blank there
    assert len(phones) - 6 == EXPECTED.stored  # 6 services before


def test_a_sheet_without_municipality_waits_for_her_choice(qtbot, window, tmp_path):
    path = tmp_path / "no-muni.csv"
    path.write_bytes("\ufeff名称,電話番号\r\n架空の相談（テスト）,0766-00-0031\r\n".encode())
    window.import_sheet(path)
    dialog = window.dialog
    assert not dialog.next_button.isEnabled() and "-m 高岡市" not in dialog.notes.text()
    assert "市区町村の列がありません" in dialog.notes.text()
    dialog.municipality.setCurrentIndex(dialog.municipality.findData("162027"))
    assert dialog.next_button.isEnabled() and dialog.options.municipality == "162027"
    dialog.municipality.setCurrentIndex(dialog.municipality.count() - 1)
    assert dialog.options.nationwide and dialog.options.municipality == ""
