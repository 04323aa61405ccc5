"""The administration window's data exchange: packages, spreadsheets and HSDS files out, and
in through a preview of what would change (``ImportPreviewDialog``) before anything is applied.
A mixin of ``AdminWindow``: it uses the window's ``db``, ``editor``, ``names``, ``dialog``,
``refresh`` and ``show_error``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from dvdesk import files
from dvdesk.admin import hsds, hsds_import, package, sheets
from dvdesk.admin.editing import EditError
from dvdesk.admin.hsds_import import HsdsError
from dvdesk.admin.kinds import KINDS
from dvdesk.admin.sheet_files import SheetFileError
from dvdesk.domain.integrity import DirectoryRefused
from dvdesk.gui.admin.admin_labels import plan_summary
from dvdesk.gui.admin.import_preview import ImportPreviewDialog
from dvdesk.gui.admin.key_dialog import PackageKeyDialog


class ExchangeActions:
    def _scope(self, m: package.Manifest) -> str:
        """``Manifest.scope_label`` in the interface language."""
        if m.scope:
            return self.tr("{name}（{code}）").format(name=m.scope_name, code=m.scope)
        return self.tr("ディレクトリ全体")

    def import_package(self, path: Path) -> None:
        try:
            pkg = package.read_package(Path(path))
            plan = package.preview(self.db, pkg)
        except package.PackageError as exc:
            self.show_error(self.tr("このパッケージは取り込めません。\n{reason}").format(reason=exc))
            return
        m = pkg.manifest
        when = m.exported_at.replace("T", " ")[:16]
        who = self.tr("（{name}）").format(name=m.exported_by) if m.exported_by else ""
        header = self.tr("{file}: {scope}。{pc} で {when} に書き出し{who}。チェックサム確認済み。").format(
            file=Path(path).name, scope=self._scope(m), pc=m.pc_name, when=when, who=who)
        acknowledge = ""
        if pkg.trusted:
            header += self.tr("この PC の鍵（{name}）で署名されています。").format(name=m.key_name)
        else:
            header += "\n" + self.tr("注意: {reason}").format(reason=pkg.untrusted_reason())
            acknowledge = self.tr("作成した PC と作成者を確かめました。このパッケージを受け入れて取り込みます。")
        incoming = {(name, r["key"]): str(r.get(KINDS[name].title_field, ""))
                    for name, records in pkg.records.items() for r in records}
        self._preview(self.tr("データパッケージの取り込み"), header, plan, None,
                      lambda: package.apply_package(self.db, pkg, self.editor.admin,
                                                    accept_untrusted=not pkg.trusted), incoming, acknowledge)

    def import_sheet(self, path: Path) -> None:
        try:
            checked, _ = sheets.check_sheet(self.db, Path(path))
        except SheetFileError as exc:
            self.show_error(self.tr("この表は読み込めません。\n{reason}").format(reason=exc))
            return
        header = self.tr("{file}（{encoding}）: 受付 {accepted}行、受け付けず {rejected}行").format(
            file=Path(path).name, encoding=checked.encoding, accepted=len(checked.accepted),
            rejected=len(checked.rejected))
        header += "".join("\n" + self.tr("注意: {note}").format(note=n) for n in checked.notes)
        self._preview(self.tr("表計算からの取り込み"), header, checked.plan, checked.rows,
                      lambda: sheets.import_sheet(self.db, Path(path), self.editor.admin))

    def import_hsds(self, path: Path) -> None:
        try:
            checked, _ = hsds_import.check_hsds(self.db, Path(path))
        except HsdsError as exc:
            self.show_error(self.tr("この HSDS ファイルは取り込めません。\n{reason}").format(reason=exc))
            return
        header = self.tr("{file}: 受付 {accepted}件、受け付けず {rejected}件").format(
            file=Path(path).name, accepted=len(checked.accepted), rejected=len(checked.rejected))
        header += "".join("\n" + self.tr("注意: {note}").format(note=n) for n in checked.notes)
        self._preview(self.tr("HSDS からの取り込み"), header, checked.plan, checked.rows,
                      lambda: hsds_import.import_hsds(self.db, Path(path), self.editor.admin))

    def _preview(self, title, header, plan, rows, apply, names=None,  # type: ignore[no-untyped-def]
                 acknowledge: str = "") -> None:
        self.dialog = ImportPreviewDialog(title, header, plan, rows, {**(names or {}), **self.names}, self,
                                          acknowledge)

        def applied() -> None:
            try:
                apply()
            except (package.PackageError, SheetFileError, HsdsError, EditError, DirectoryRefused) as exc:
                self.show_error(self.tr("取り込めませんでした（何も変更していません）。\n{reason}").format(reason=exc))
                return
            self.refresh()
            self.statusBar().showMessage(self.tr("取り込みました: {summary}").format(summary=plan_summary(plan)))

        self.dialog.accepted.connect(applied)
        self.dialog.open()

    def export_package(self, path: Path, municipality_code: str | None = None) -> None:
        try:
            m = package.export_package(self.db, Path(path), municipality_code, exported_by=self.editor.admin)
        except OSError as exc:  # a folder, a full disk, a file held open: one line, nothing half-written
            self.show_error(files.explain(Path(path), exc).message)
            return
        self.statusBar().showMessage(self.tr("書き出しました: {path}（{scope}）").format(
            path=path, scope=self._scope(m)))

    def show_package_key(self) -> None:
        self.dialog = PackageKeyDialog(self)
        self.dialog.open()

    def export_sheet(self, path: Path) -> None:
        try:
            rows = sheets.export_sheet(self.db, Path(path))
        except SheetFileError as exc:
            self.show_error(str(exc))
            return
        self.statusBar().showMessage(self.tr(
            "書き出しました: {path}（{rows}行。職員のみ・秘密の項目を含みます）").format(path=path, rows=rows))

    def export_hsds(self, path: Path) -> None:
        try:
            counts = hsds.export_hsds(self.db, Path(path))
        except OSError as exc:
            self.show_error(files.explain(Path(path), exc).message)
            return
        done = self.tr("HSDS で書き出しました: {path}（サービス {count}件、公開項目のみ）")
        self.statusBar().showMessage(done.format(path=path, count=counts["services"]))

    def _menus(self) -> None:
        menu = self.menuBar().addMenu(self.tr("データ"))

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

        save_to, packages = self.tr("書き出し先"), self.tr("dvdesk パッケージ (*.dvdesk)")
        item(self.tr("データパッケージを書き出す…"), lambda: ask_save(save_to, packages, self.export_package))
        item(self.tr("データパッケージを取り込む…"), lambda: ask_open(self.tr("パッケージ"), packages,
                                                                 self.import_package))
        item(self.tr("パッケージの署名鍵…"), self.show_package_key)
        menu.addSeparator()
        item(self.tr("表計算に書き出す…"), lambda: ask_save(save_to, "Excel (*.xlsx);;CSV (*.csv)", self.export_sheet))
        item(self.tr("表計算から取り込む…"), lambda: ask_open(self.tr("表"), "Excel / CSV (*.xlsx *.csv)",
                                                             self.import_sheet))
        menu.addSeparator()
        item(self.tr("HSDS に書き出す…"), lambda: ask_save(save_to, "HSDS JSON (*.json)", self.export_hsds))
        item(self.tr("HSDS から取り込む…"), lambda: ask_open("HSDS", "HSDS JSON (*.json)", self.import_hsds))
        menu.addSeparator()
        item(self.tr("確認レポート"), self.show_report)
