"""The administration window's data exchange: packages, spreadsheets and HSDS files out, and
in through a preview of what would change (``ImportPreviewDialog``) before anything is applied.
A mixin of ``AdminWindow``: it uses the window's ``db``, ``editor``, ``names``, ``dialog``,
``refresh`` and ``show_error``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from dvdesk.admin import hsds, hsds_import, package, sheets
from dvdesk.admin.editing import EditError
from dvdesk.admin.hsds_import import HsdsError
from dvdesk.admin.kinds import KINDS
from dvdesk.admin.sheet_files import SheetFileError
from dvdesk.gui.admin.import_preview import ImportPreviewDialog


class ExchangeActions:
    def import_package(self, path: Path) -> None:
        try:
            pkg = package.read_package(Path(path))
            plan = package.preview(self.db, pkg)
        except package.PackageError as exc:
            self.show_error(f"このパッケージは取り込めません。\n{exc}")
            return
        m = pkg.manifest
        when = m.exported_at.replace("T", " ")[:16]
        header = (f"{Path(path).name}: {m.scope_label}。{m.pc_name} で {when} に書き出し"
                  f"{f'（{m.exported_by}）' if m.exported_by else ''}。チェックサム確認済み。")
        incoming = {(name, r["key"]): str(r.get(KINDS[name].title_field, ""))
                    for name, records in pkg.records.items() for r in records}
        self._preview("データパッケージの取り込み", header, plan, None,
                      lambda: package.apply_package(self.db, pkg, self.editor.admin), incoming)

    def import_sheet(self, path: Path) -> None:
        try:
            checked, _ = sheets.check_sheet(self.db, Path(path))
        except SheetFileError as exc:
            self.show_error(f"この表は読み込めません。\n{exc}")
            return
        header = (f"{Path(path).name}（{checked.encoding}）: 受付 {len(checked.accepted)}行、"
                  f"受け付けず {len(checked.rejected)}行")
        header += "".join(f"\n注意: {n}" for n in checked.notes)
        self._preview("表計算からの取り込み", header, checked.plan, checked.rows,
                      lambda: sheets.import_sheet(self.db, Path(path), self.editor.admin))

    def import_hsds(self, path: Path) -> None:
        try:
            checked, _ = hsds_import.check_hsds(self.db, Path(path))
        except HsdsError as exc:
            self.show_error(f"この HSDS ファイルは取り込めません。\n{exc}")
            return
        header = f"{Path(path).name}: 受付 {len(checked.accepted)}件、受け付けず {len(checked.rejected)}件"
        header += "".join(f"\n注意: {n}" for n in checked.notes)
        self._preview("HSDS からの取り込み", header, checked.plan, checked.rows,
                      lambda: hsds_import.import_hsds(self.db, Path(path), self.editor.admin))

    def _preview(self, title, header, plan, rows, apply, names=None) -> None:  # type: ignore[no-untyped-def]
        self.dialog = ImportPreviewDialog(title, header, plan, rows, {**(names or {}), **self.names}, self)

        def applied() -> None:
            try:
                apply()
            except (package.PackageError, SheetFileError, HsdsError, EditError) as exc:
                self.show_error(f"取り込めませんでした（何も変更していません）。\n{exc}")
                return
            self.refresh()
            self.statusBar().showMessage(f"取り込みました: {plan.summary()}")

        self.dialog.accepted.connect(applied)
        self.dialog.open()

    def export_package(self, path: Path, municipality_code: str | None = None) -> None:
        m = package.export_package(self.db, Path(path), municipality_code, exported_by=self.editor.admin)
        self.statusBar().showMessage(f"書き出しました: {path}（{m.scope_label}）")

    def export_sheet(self, path: Path) -> None:
        try:
            rows = sheets.export_sheet(self.db, Path(path))
        except SheetFileError as exc:
            self.show_error(str(exc))
            return
        self.statusBar().showMessage(f"書き出しました: {path}（{rows}行。職員のみ・秘密の項目を含みます）")

    def export_hsds(self, path: Path) -> None:
        counts = hsds.export_hsds(self.db, Path(path))
        self.statusBar().showMessage(f"HSDS で書き出しました: {path}（サービス {counts['services']}件、公開項目のみ）")

    def _menus(self) -> None:
        menu = self.menuBar().addMenu("データ")

        def item(text: str, slot) -> None:  # type: ignore[no-untyped-def]
            action = QAction(text, self)
            action.triggered.connect(slot)
            menu.addAction(action)

        def ask_save(title: str, pattern: str, then) -> None:  # type: ignore[no-untyped-def]
            path, _ = QFileDialog.getSaveFileName(self, title, "", pattern)
            if path:
                then(Path(path))

        def ask_open(title: str, pattern: str, then) -> None:  # type: ignore[no-untyped-def]
            path, _ = QFileDialog.getOpenFileName(self, title, "", pattern)
            if path:
                then(Path(path))

        item("データパッケージを書き出す…", lambda: ask_save("書き出し先", "dvdesk パッケージ (*.dvdesk)",
                                                         self.export_package))
        item("データパッケージを取り込む…", lambda: ask_open("パッケージ", "dvdesk パッケージ (*.dvdesk)",
                                                         self.import_package))
        menu.addSeparator()
        item("表計算に書き出す…", lambda: ask_save("書き出し先", "Excel (*.xlsx);;CSV (*.csv)", self.export_sheet))
        item("表計算から取り込む…", lambda: ask_open("表", "Excel / CSV (*.xlsx *.csv)", self.import_sheet))
        menu.addSeparator()
        item("HSDS に書き出す…", lambda: ask_save("書き出し先", "HSDS JSON (*.json)", self.export_hsds))
        item("HSDS から取り込む…", lambda: ask_open("HSDS", "HSDS JSON (*.json)", self.import_hsds))
        menu.addSeparator()
        item("確認レポート", self.show_report)
