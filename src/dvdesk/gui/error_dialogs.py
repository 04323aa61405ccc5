"""Errors in front of a counselor: a short Japanese dialog, the details in the log.

The log never receives an exception's message text: a database error quotes the SQL parameters,
which hold what the counselor typed. Only the exception's type and where it happened are logged.
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtWidgets
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget

from dvdesk import paths
from dvdesk.storage.errors import StorageError

if TYPE_CHECKING:  # made when first shown: PySide creates QMessageBox's enums with it (~11 M instructions)
    from PySide6.QtWidgets import QMessageBox

log = logging.getLogger("dvdesk.gui")


def scrubbed_traceback(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    """Where it failed, without the message (which may quote the counselor's words)."""
    frames = "".join(traceback.format_tb(tb))
    return f"{exc_type.__module__}.{exc_type.__qualname__}\n{frames}"


# The storage layer's messages (Japanese, in dvdesk.storage), listed here so that Qt Linguist
# extracts them for the English interface; a test checks every StorageError class is covered.
STORAGE_MESSAGES = (
    # dvdesk.app.shared_mode.ServerAway (shared mode, the server away)
    QT_TRANSLATE_NOOP(
        "StorageError",
        "サーバーに接続できないため保存できません（この PC には保存していません）。"
        "入力した内容を控えておき、サーバーが戻ってから（画面上の表示が消えてから）もう一度保存してください。",
    ),
    QT_TRANSLATE_NOOP(
        "StorageError",
        "サーバーに接続できないため、紹介記録と相談件数は表示できません（この PC の控えには"
        "ディレクトリだけを置いています）。サーバーが戻ると表示されます。",
    ),
    QT_TRANSLATE_NOOP(
        "StorageError",
        "共有サーバーとの接続が途中で切れたため、表示を更新できませんでした。この PC の控えに切り替えたので、"
        "もう一度操作してください（紹介記録と相談件数は、サーバーが戻ると表示されます）。",
    ),
    # dvdesk.storage.errors.CommitUncertain (the connection lost during the COMMIT)
    QT_TRANSLATE_NOOP(
        "StorageError",
        "保存の途中で共有サーバーとの接続が切れたため、保存されたかどうかを確かめられません。"
        "二重に記録しないよう、サーバーにつながってから一覧で確かめ、記録されていなければもう一度保存してください。",
    ),
    QT_TRANSLATE_NOOP("StorageError", "データベースを開けませんでした。"),
    QT_TRANSLATE_NOOP(
        "StorageError",
        "ほかの dvdesk（前の版を含む）がこのデータベースを開いているため、この版の形式に更新できません。"
        "すべての dvdesk の画面を閉じてから、もう一度起動してください。何も変更していません。",
    ),
    QT_TRANSLATE_NOOP(
        "StorageError",
        "このバックアップは新しい版の dvdesk で作られているため、この版では復元できません。何も変更していません。"
        "dvdesk を更新してから復元してください。",
    ),
    QT_TRANSLATE_NOOP(
        "StorageError",
        "データベースをこの版の dvdesk の形式に更新できませんでした。ファイルは更新前のまま変わっていません"
        "（前の版の dvdesk でそのまま使えます）。更新前のバックアップも残っています。管理者に連絡してください。",
    ),
    QT_TRANSLATE_NOOP("StorageError", "データベースのファイルが壊れています。"),
    QT_TRANSLATE_NOOP(
        "StorageError",
        "このデータベースは新しい版の dvdesk で作られているため、この版では開けません。何も変更していません。"
        "dvdesk を新しい版に更新してください。",
    ),
    QT_TRANSLATE_NOOP(
        "StorageError", "別の dvdesk がデータベースを更新中です。しばらくしてからもう一度お試しください。"
    ),
    # dvdesk.storage.errors.DirectoryBusy (shared mode: another administrator's import or save)
    QT_TRANSLATE_NOOP(
        "StorageError",
        "別の管理者が共有サーバーのディレクトリを更新中です（取り込みか保存）。何も変更していません。"
        "終わってから、もう一度お試しください。",
    ),
    QT_TRANSLATE_NOOP(
        "StorageError",
        "ディスクの空きがありません。変更やバックアップは保存されず（書きかけのファイルも残さず）、"
        "これまでのデータはそのまま残っています。",
    ),
    QT_TRANSLATE_NOOP(
        "StorageError",
        "データのフォルダが読み取り専用のため書き込めません。書き込めるようにしてから"
        "もう一度お試しください。これまでのデータはそのまま残っています。",
    ),
    QT_TRANSLATE_NOOP(
        "StorageError",
        "データベースのファイルが読み取り専用のため書き込めません。書き込めるようにしてから"
        "もう一度お試しください。ファイルは壊れていません。",
    ),
    QT_TRANSLATE_NOOP(
        "StorageError", "データベースのファイルが空です（中身がありません）。正常なバックアップがあります。"
    ),
    QT_TRANSLATE_NOOP(
        "StorageError",
        "データベースのファイルが見つかりません（削除されたか、移動されています）。正常なバックアップがあります。",
    ),
    QT_TRANSLATE_NOOP(
        "StorageError",
        "データベースのファイルが見つかりません（削除されたか、移動されています）。"
        "書き込み途中の記録のファイルが残っています（正常なバックアップはありません）。",
    ),
    QT_TRANSLATE_NOOP(
        "StorageError",
        "データの保存先を読み書きできません（USB メモリやネットワークのドライブが外れたか、"
        "ドライブの不具合です）。接続を確かめてから、もう一度お試しください。",
    ),
    QT_TRANSLATE_NOOP(
        "StorageError",
        "データベースのファイルが見つかりません（開いている間に削除されたか、移動されました）。"
        "この変更は保存されていません。dvdesk を終了して、もう一度起動してください。",
    ),
    QT_TRANSLATE_NOOP(
        "StorageError",
        "データベースのファイルが壊れています。dvdesk をもう一度起動すると、"
        "最新の正常なバックアップから始めることができます。",
    ),
    QT_TRANSLATE_NOOP(
        "StorageError",
        "データベースのファイルが壊れています。この変更は保存されていません。dvdesk をもう一度起動すると、"
        "最新の正常なバックアップから始めることができます。",
    ),
    QT_TRANSLATE_NOOP(
        "StorageError",
        "ほかの dvdesk（画面またはコマンド）がこのデータベースを開いています。"
        "閉じてから、もう一度お試しください。何も変更していません。",
    ),
    QT_TRANSLATE_NOOP(
        "StorageError",
        "データベースは壊れていません（検査で問題は見つかりませんでした）。何も変更していません。"
        "以前の状態に戻すときは、dvdesk backups で一覧を見て dvdesk restore 番号 を使ってください。",
    ),
    QT_TRANSLATE_NOOP("StorageError", "バックアップを作れませんでした（作りかけのファイルは残していません）。"),
    QT_TRANSLATE_NOOP(
        "StorageError", "データの保存先に書き込めません（読み取り専用）。これまでのデータはそのまま残っています。"
    ),
    QT_TRANSLATE_NOOP(
        "StorageError", "この PC の SQLite は古すぎるか全文検索（FTS5）がありません。dvdesk の配布版をお使いください。"
    ),
    QT_TRANSLATE_NOOP(
        "StorageError",
        "この URL は使えません。--db（DVDESK_DB）には SQLite のデータベース"
        "ファイルか postgresql:// で始まる共有サーバーの URL を指定してください。",
    ),
    QT_TRANSLATE_NOOP(
        "StorageError",
        "共有サーバー（PostgreSQL）に接続できません。ネットワークとサー"
        "バーの状態、この PC の接続設定（サービスファイル）を確かめてください。",
    ),
    QT_TRANSLATE_NOOP(
        "StorageError",
        "共有サーバーのデータベースが準備されていないか、古い版のままです。管"
        "理者が dvdesk server-setup を実行してください。",
    ),
    QT_TRANSLATE_NOOP(
        "StorageError",
        "この操作をする権限がありません（共有サーバーで相談員の役割には許"
        "可されていません）。ディレクトリの変更は管理者に依頼してください。",
    ),
)


def storage_message(exc: StorageError) -> str:
    """The storage error's message in the interface language (Japanese if no translation)."""
    return QCoreApplication.translate("StorageError", exc.message)


def error_box(
    parent: QWidget | None,
    message: str,
    detail: str = "",
    buttons: QMessageBox.StandardButton | None = None,  # None: Ok
) -> QMessageBox:
    box = QtWidgets.QMessageBox(
        QtWidgets.QMessageBox.Icon.Critical,
        QCoreApplication.translate("Errors", "dvdesk — エラー"),
        message,
        QtWidgets.QMessageBox.StandardButton.Ok if buttons is None else buttons,
        parent,
    )
    box.setObjectName("errorDialog")
    if detail:
        box.setInformativeText(detail)
    # Messages quote names and paths: data, never markup (as gui.plain.plain_box; not imported
    # here: this module is loaded at start and plain's html module is not, test_start_quick).
    box.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    box.setAccessibleName(QCoreApplication.translate("Errors", "エラー"))
    return box


def show_error(parent: QWidget | None, message: str, *, detail: str = "") -> None:
    """A modal dialog that waits for OK."""
    error_box(parent, message, detail).exec()


def show_storage_error(parent: QWidget | None, exc: StorageError) -> None:
    log.error("storage error %s at %s", type(exc).__name__, exc.path)
    detail = QCoreApplication.translate("Errors", "データベース: {path}\n詳しい記録: {log}")
    detail = detail.format(path=exc.path, log=paths.log_dir())
    if backup := getattr(exc, "backup", None):  # MigrationFailed: the copy taken before it
        detail += "\n" + QCoreApplication.translate("Errors", "更新前のバックアップ: {backup}").format(backup=backup)
    show_error(parent, storage_message(exc), detail=detail)


class ExceptionHook:
    """Replaces sys.excepthook while the window runs: a bug becomes a dialog, not a crash."""

    def __init__(self) -> None:
        self._box: QMessageBox | None = None
        self._previous = sys.excepthook

    def install(self) -> None:
        sys.excepthook = self

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self._previous

    def __call__(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        if isinstance(exc, StorageError):
            log.error("storage error %s at %s", exc_type.__name__, exc.path)
            message = storage_message(exc)
        else:
            log.error("unexpected error: %s", scrubbed_traceback(exc_type, tb))
            message = QCoreApplication.translate(
                "Errors", "予期しないエラーが発生しました。もう一度お試しください。続く場合は管理者に連絡してください。"
            )
        if self._box is not None and self._box.isVisible():
            return  # one dialog at a time, even if every keystroke fails
        # Window-modal but not blocking: the hook returns and the window keeps running.
        self._box = error_box(
            QApplication.activeWindow(),
            message,
            QCoreApplication.translate("Errors", "詳しい記録: {log}").format(log=paths.log_dir()),
        )
        self._box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        self._box.destroyed.connect(self._forget)
        self._box.open()

    def _forget(self) -> None:
        self._box = None
