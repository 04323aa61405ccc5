"""The administration window's data exchange: packages, spreadsheets and HSDS files out, and
in through a preview of what would change (``ImportPreviewDialog``) before anything is applied.
A mixin of ``AdminWindow``: it uses the window's ``db``, ``editor``, ``names``, ``dialog``,
``refresh`` and ``show_error``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QFileDialog, QMainWindow

from dvdesk import files
from dvdesk.admin import hsds, hsds_import, package, sheets
from dvdesk.admin.editing import EditError, Editor
from dvdesk.admin.hsds_import import HsdsError, ScopeRequired
from dvdesk.admin.hsds_shelters import ExportRefused
from dvdesk.admin.kinds import KINDS
from dvdesk.admin.sheet_files import SheetFileError
from dvdesk.admin.sheet_layout import SheetOptions
from dvdesk.app.administration import Administration, ScopeChoice
from dvdesk.domain.integrity import DirectoryRefused
from dvdesk.gui import error_dialogs
from dvdesk.gui.admin.admin_labels import plan_summary
from dvdesk.gui.admin.hsds_source import HsdsSourceDialog
from dvdesk.gui.admin.import_preview import ImportPreviewDialog
from dvdesk.gui.admin.key_dialog import PackageKeyDialog
from dvdesk.gui.admin.sheet_mapping import SheetMappingDialog
from dvdesk.gui.busy import run_busy
from dvdesk.storage.errors import CommitUncertain, StorageError

if TYPE_CHECKING:
    from dvdesk.admin.sheets import RowResult
    from dvdesk.admin.sync import ChangePlan
    from dvdesk.gui.admin.import_preview import Names
    from dvdesk.gui.admin.list_scope import ListScopeBox
    from dvdesk.storage.db import Database

    _Window = QMainWindow  # the mixin is only ever part of AdminWindow
else:
    _Window = object


class ExchangeActions(_Window):
    # What the mixin uses of AdminWindow, declared for the type checker.
    db: Database
    editor: Editor
    names: Names
    scope: ListScopeBox
    dialog: QDialog | None
    refresh: Callable[[], None]
    show_error: Callable[[str], None]
    show_report: Callable[[], None]

    def _scope(self, m: package.Manifest) -> str:
        """``Manifest.scope_label`` in the interface language."""
        if m.scope:
            return self.tr("{name}（{code}）").format(name=m.scope_name, code=m.scope)
        return self.tr("ディレクトリ全体")

    def import_package(self, path: Path) -> None:
        def checked() -> tuple[package.Package, ChangePlan, Names]:
            pkg = package.read_package(Path(path))
            try:
                plan = package.preview(self.db, pkg)
            except BaseException:
                pkg.close()  # its index, extracted meanwhile
                raise
            incoming = {
                (name, r["key"]): str(r.get(KINDS[name].title_field, ""))
                for name, records in pkg.records.items()
                for r in records
            }
            return pkg, plan, incoming

        try:
            pkg, plan, incoming = run_busy(self, self.tr("パッケージを読み、取り込む内容を確かめています…"), checked)
        except package.PackageError as exc:
            self.show_error(self.tr("このパッケージは取り込めません。\n{reason}").format(reason=exc))
            return
        m = pkg.manifest
        when = m.exported_at.replace("T", " ")[:16]
        who = self.tr("（{name}）").format(name=m.exported_by) if m.exported_by else ""
        header = self.tr("{file}: {scope}。{pc} で {when} に書き出し{who}。チェックサム確認済み。").format(
            file=Path(path).name, scope=self._scope(m), pc=m.pc_name, when=when, who=who
        )
        acknowledge = ""
        if pkg.trusted:
            header += self.tr("この PC の鍵（{name}）で署名されています。").format(name=m.key_name)
        else:
            header += "\n" + self.tr("注意: {reason}").format(reason=pkg.untrusted_reason())
            acknowledge = self.tr("作成した PC と作成者を確かめました。このパッケージを受け入れて取り込みます。")
        for warning in plan.warnings:  # records edited here after it was written (an older package)
            header += "\n" + self.tr("注意: {reason}").format(reason=warning)
        self._preview(
            self.tr("データパッケージの取り込み"),
            header,
            plan,
            None,
            lambda: package.apply_package(
                self.db, pkg, self.editor.admin, accept_untrusted=not pkg.trusted, previewed=plan
            ),
            incoming,
            acknowledge,
        )
        if self.dialog is not None:  # not applied: its index, extracted meanwhile, goes now
            self.dialog.rejected.connect(pkg.close)

    def import_sheet(self, path: Path) -> None:
        """First how the sheet is read (which column goes where), then what would change."""
        try:
            book, _ = run_busy(self, self.tr("表を読んでいます…"), lambda: sheets.read_book(Path(path)))
        except SheetFileError as exc:
            self.show_error(self.tr("この表は読み込めません。\n{reason}").format(reason=exc))
            return
        dialog = self.dialog = SheetMappingDialog(Path(path).name, book, self._scopes(), parent=self)
        dialog.accepted.connect(lambda: self.preview_sheet(Path(path), dialog.options))
        dialog.open()

    def preview_sheet(self, path: Path, options: SheetOptions) -> None:
        try:
            checked, _ = run_busy(
                self, self.tr("取り込む内容を確かめています…"), lambda: sheets.check_sheet(self.db, Path(path), options)
            )
        except SheetFileError as exc:
            self.show_error(self.tr("この表は読み込めません。\n{reason}").format(reason=exc))
            return
        if not checked.balanced:
            self._unbalanced()
            return
        counts = checked.counts()
        header = self.tr(
            "{file}（{encoding}）: 読んだ {rows}行 = 受付 {accepted}行 + 受け付けず {rejected}行"
            " + 読み飛ばし {skipped}行"
        ).format(
            file=Path(path).name,
            encoding=checked.encoding,
            rows=counts.read,
            accepted=counts.stored,
            rejected=counts.refused,
            skipped=counts.skipped,
        )
        header += "".join("\n" + self.tr("注意: {note}").format(note=n) for n in checked.notes)
        assert checked.plan is not None  # a check always plans the changes; only an import may leave none
        self._preview(
            self.tr("表計算からの取り込み"),
            header,
            checked.plan,
            checked.rows,
            lambda: sheets.import_sheet(self.db, Path(path), self.editor.admin, options=options, expected=checked.plan),
            checked.names,
        )

    def _unbalanced(self) -> None:
        """Never expected: something read is neither stored, refused nor skipped. Nothing is imported."""
        self.show_error(
            self.tr(
                "読んだ件数と結果の件数が合わないため、取り込みを中止しました（何も変更していません）。"
                "開発者に連絡してください"
            )
        )

    def _scopes(self) -> list[ScopeChoice]:
        return Administration(self.db).import_scopes()

    def import_hsds(self, paths: Sequence[Path] = ()) -> None:
        """First which files or folders and which municipality, then what would change."""
        dialog = self.dialog = HsdsSourceDialog(self._scopes(), [Path(p) for p in paths], parent=self)
        dialog.check.connect(lambda: self.preview_hsds(dialog))
        dialog.open()

    def preview_hsds(self, source: HsdsSourceDialog) -> None:
        paths, code, nationwide = source.paths, source.code, source.nationwide
        try:
            checked, _ = run_busy(
                self,
                self.tr("取り込む内容を確かめています…"),
                lambda: hsds_import.check_hsds(self.db, paths, code, nationwide=nationwide),
            )
        except ScopeRequired as exc:  # the command line's -m means nothing here: say where to choose
            source.ask(
                self.tr(
                    "{count}件の記録に、このディレクトリにある市区町村が書かれていません（例: 「{example}」）。"
                    "「市区町村」で取り込み先を選んでください（全国向けなら「全国の窓口として取り込む」）。"
                    "何も変更していません"
                ).format(count=exc.count, example=exc.example)
            )
            return
        except HsdsError as exc:
            source.ask(self.tr("この HSDS ファイルは取り込めません。\n{reason}").format(reason=exc))
            return
        source.accept()
        if not checked.balanced:
            self._unbalanced()
            return
        c = checked.counts()
        header = self.tr(
            "{files}: 読んだ記録 {read}件 = 受付 {accepted}件 + 受け付けず {rejected}件"
            " + 繰り返し {repeats}件 + 分類（対応づけのみ）{mapping}件"
        ).format(
            files="、".join(checked.files),
            read=c.read,
            accepted=c.stored,
            rejected=c.refused,
            repeats=checked.repeat_count,
            mapping=checked.mapping_count,
        )
        header += "".join("\n" + self.tr("一覧の一部だけです: {page}").format(page=p) for p in checked.pages)
        header += "".join("\n" + self.tr("注意: {note}").format(note=n) for n in checked.notes)
        header += "".join("\n" + self.tr("繰り返し: {line}").format(line=n) for n in checked.repeats[:5])
        if len(checked.repeats) > 5:  # a long feed repeats its organizations in every service: the first few say it
            header += "\n" + self.tr("繰り返し: ほか {count}件").format(count=len(checked.repeats) - 5)
        assert checked.plan is not None  # check_hsds always plans
        self._preview(
            self.tr("HSDS からの取り込み"),
            header,
            checked.plan,
            checked.rows,
            lambda: hsds_import.import_hsds(
                self.db, paths, self.editor.admin, municipality=code, nationwide=nationwide, expected=checked.plan
            ),
        )

    def _preview(
        self,
        title: str,
        header: str,
        plan: ChangePlan,
        rows: list[RowResult] | None,
        apply: Callable[[], object],
        names: Names | None = None,
        acknowledge: str = "",
    ) -> None:
        self.dialog = dialog = ImportPreviewDialog(
            title, header, plan, rows, {**(names or {}), **self.names}, self, acknowledge
        )

        def applied() -> None:
            try:
                result = run_busy(self, self.tr("取り込んでいます…"), apply)
            except (package.PackageError, SheetFileError, HsdsError, EditError, DirectoryRefused) as exc:
                self.show_error(self.tr("取り込めませんでした（何も変更していません）。\n{reason}").format(reason=exc))
                return
            except CommitUncertain as exc:  # the server may hold it: never "nothing changed"
                self.show_error(error_dialogs.storage_message(exc))
                return
            except StorageError as exc:  # a full disk, a drive gone, the backup before it: rolled back
                self.show_error(
                    self.tr("取り込めませんでした（何も変更していません）。\n{reason}").format(
                        reason=error_dialogs.storage_message(exc)
                    )
                )
                return
            self.refresh()
            done = getattr(result, "plan", None) or plan  # as applied: says how the index was updated
            message = self.tr("取り込みました: {summary}").format(summary=plan_summary(done))
            if self.scope.scope is not None and self.scope.isEnabled():  # what came in may be elsewhere: said first
                note = self.tr("一覧は{scope}の記録です（ほかの市区町村は「{all}」から）。")
                message = note.format(scope=self.scope.currentText(), all=self.scope.itemText(0)) + message
            self.statusBar().showMessage(message)

        dialog.accepted.connect(applied)
        dialog.open()

    def export_package(self, path: Path, municipality_code: str | None = None) -> None:
        try:
            m = run_busy(
                self,
                self.tr("書き出しています…"),
                lambda: package.export_package(self.db, Path(path), municipality_code, exported_by=self.editor.admin),
            )
        except OSError as exc:  # a folder, a full disk, a file held open: one line, nothing half-written
            self.show_error(files.explain(Path(path), exc).message)
            return
        self.statusBar().showMessage(
            self.tr("書き出しました: {path}（{scope}）").format(path=path, scope=self._scope(m))
        )

    def show_package_key(self) -> None:
        self.dialog = dialog = PackageKeyDialog(self)
        dialog.open()

    def export_sheet(self, path: Path) -> None:
        try:
            rows = run_busy(self, self.tr("書き出しています…"), lambda: sheets.export_sheet(self.db, Path(path)))
        except SheetFileError as exc:
            self.show_error(str(exc))
            return
        self.statusBar().showMessage(
            self.tr("書き出しました: {path}（{rows}行。職員のみ・秘密の項目を含みます）").format(path=path, rows=rows)
        )

    def export_hsds(self, path: Path) -> None:
        try:
            counts = run_busy(self, self.tr("書き出しています…"), lambda: hsds.export_hsds(self.db, Path(path)))
        except OSError as exc:
            self.show_error(files.explain(Path(path), exc).message)
            return
        except ExportRefused as exc:  # a shelter's place in a file past the gate: nothing written
            self.show_error(str(exc))
            return
        done = self.tr("HSDS で書き出しました: {path}（サービス {count}件、公開項目のみ）")
        self.statusBar().showMessage(done.format(path=path, count=counts["services"]))

    def _menus(self) -> None:
        menu = self.menuBar().addMenu(self.tr("データ"))

        def item(text: str, slot: Callable[[], object]) -> None:
            action = QAction(text, self)
            action.triggered.connect(slot)
            menu.addAction(action)

        def ask_save(title: str, pattern: str, then: Callable[[Path], object]) -> None:
            path, _ = QFileDialog.getSaveFileName(self, title, "", pattern)
            if path:
                then(Path(path))

        def ask_open(title: str, pattern: str, then: Callable[[Path], object]) -> None:
            path, _ = QFileDialog.getOpenFileName(self, title, "", pattern)
            if path:
                then(Path(path))

        save_to, packages = self.tr("書き出し先"), self.tr("dvdesk パッケージ (*.dvdesk)")
        item(self.tr("データパッケージを書き出す…"), lambda: ask_save(save_to, packages, self.export_package))
        item(
            self.tr("データパッケージを取り込む…"),
            lambda: ask_open(self.tr("パッケージ"), packages, self.import_package),
        )
        item(self.tr("パッケージの署名鍵…"), self.show_package_key)
        menu.addSeparator()
        item(self.tr("表計算に書き出す…"), lambda: ask_save(save_to, "Excel (*.xlsx);;CSV (*.csv)", self.export_sheet))
        item(
            self.tr("表計算から取り込む…"),
            lambda: ask_open(self.tr("表"), "Excel / CSV (*.xlsx *.csv)", self.import_sheet),
        )
        menu.addSeparator()
        item(self.tr("HSDS に書き出す…"), lambda: ask_save(save_to, "HSDS JSON (*.json)", self.export_hsds))
        item(self.tr("HSDS から取り込む…"), lambda: self.import_hsds())  # not the action's checked flag
        menu.addSeparator()
        item(self.tr("確認レポート"), self.show_report)
