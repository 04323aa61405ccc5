"""Failures of the environment (not bugs), each with a message a counselor can act on."""

from __future__ import annotations

from pathlib import Path


class StorageError(Exception):
    """Base: ``message`` is shown to the user (Japanese), ``detail`` goes to the log."""

    message = "データベースを開けませんでした。"

    def __init__(self, path: Path, detail: str = ""):
        self.path = path
        self.detail = detail
        super().__init__(f"{self.message} ({path}: {detail})")


class CorruptDatabase(StorageError):
    message = "データベースのファイルが壊れています。"


class SchemaTooNew(StorageError):
    message = (
        "このデータベースは新しい版の dvdesk で作られているため、この版では開けません。何も変更していません。"
        "dvdesk を新しい版に更新してください。"
    )


class BackupTooNew(StorageError):
    """A backup (or a file copied from another PC) made by a newer dvdesk: restoring it would leave
    a database this dvdesk refuses to open."""

    message = (
        "このバックアップは新しい版の dvdesk で作られているため、この版では復元できません。何も変更していません。"
        "dvdesk を更新してから復元してください。"
    )


class MigrationFailed(StorageError):
    """A migration to this dvdesk's schema failed; its transaction left the file as it was."""

    message = (
        "データベースをこの版の dvdesk の形式に更新できませんでした。ファイルは更新前のまま変わっていません"
        "（前の版の dvdesk でそのまま使えます）。更新前のバックアップも残っています。管理者に連絡してください。"
    )

    def __init__(self, path: Path, detail: str = "", *, backup: Path | None = None):
        super().__init__(path, detail)
        self.backup = backup


class DatabaseUnavailable(StorageError):
    message = "データベースを開けませんでした。"

    @classmethod
    def from_sqlite(cls, path: Path, exc: Exception) -> StorageError:
        text = str(getattr(exc, "orig", exc)).lower()
        if "locked" in text or "busy" in text:
            return DatabaseBusy(path, text)
        if "full" in text:
            return DiskFull(path, text)
        if "disk i/o error" in text:  # the drive, not the file: a WAL file is not read without room for its -shm
            return DiskFull(path, text) if _no_room(path) else DriveUnavailable(path, text)
        if "readonly" in text or "read-only" in text or "unable to open" in text:
            return ReadOnly(path, text)
        if "malformed" in text or "not a database" in text:
            return CorruptDatabase(path, text)
        return cls(path, text)


class DriveUnavailable(DatabaseUnavailable):
    """SQLite's 'disk I/O error' with room on the disk: a USB stick pulled out, a network drive gone,
    a failing drive. Not known as damage to the file: recovery (setting it aside) is not offered."""

    message = (
        "データの保存先を読み書きできません（USB メモリやネットワークのドライブが外れたか、"
        "ドライブの不具合です）。接続を確かめてから、もう一度お試しください。"
    )


def _no_room(path: Path) -> bool:
    """Less than a megabyte free where the database lives (its folder, or the nearest that exists)."""
    import shutil

    for folder in (path.parent, *path.parents):
        try:
            return shutil.disk_usage(folder).free < 1024 * 1024
        except OSError:
            continue
    return False


class ServerUrl(StorageError):
    message = (
        "この URL は使えません。--db（DVDESK_DB）には SQLite のデータベースファイルか "
        "postgresql:// で始まる共有サーバーの URL を指定してください。"
    )


class ServerUnavailable(StorageError):
    """The PostgreSQL server (shared mode) cannot be reached, or refuses the login."""

    message = (
        "共有サーバー（PostgreSQL）に接続できません。ネットワークとサーバーの状態、"
        "この PC の接続設定（サービスファイル）を確かめてください。"
    )


class CommitUncertain(ServerUnavailable):
    """The connection went while the COMMIT was on its way: the server may hold the save or not.
    Saying "not saved" would have the counselor record it twice."""

    message = (
        "保存の途中で共有サーバーとの接続が切れたため、保存されたかどうかを確かめられません。"
        "二重に記録しないよう、サーバーにつながってから一覧で確かめ、記録されていなければもう一度保存してください。"
    )


class ServerNotReady(StorageError):
    """The server's database has no dvdesk schema yet, or an older one."""

    message = (
        "共有サーバーのデータベースが準備されていないか、古い版のままです。"
        "管理者が dvdesk server-setup を実行してください。"
    )


class PermissionRefused(StorageError):
    """The server's grants refuse what was asked (a counselor's role editing the directory)."""

    message = (
        "この操作をする権限がありません（共有サーバーで相談員の役割には許可されていません）。"
        "ディレクトリの変更は管理者に依頼してください。"
    )


class DatabaseBusy(StorageError):
    message = "別の dvdesk がデータベースを更新中です。しばらくしてからもう一度お試しください。"


class DirectoryBusy(DatabaseBusy):
    """Shared mode: another administrator's import or save of the directory holds the server's
    directory lock (``storage.directory_lock``) for longer than a desk waits."""

    message = (
        "別の管理者が共有サーバーのディレクトリを更新中です（取り込みか保存）。何も変更していません。"
        "終わってから、もう一度お試しください。"
    )


class DiskFull(StorageError):
    message = (
        "ディスクの空きがありません。変更やバックアップは保存されず（書きかけのファイルも残さず）、"
        "これまでのデータはそのまま残っています。"
    )


class ReadOnly(StorageError):
    message = "データの保存先に書き込めません（読み取り専用）。これまでのデータはそのまま残っています。"

    FOLDER = (
        "データのフォルダが読み取り専用のため書き込めません。書き込めるようにしてから"
        "もう一度お試しください。これまでのデータはそのまま残っています。"
    )
    FILE = (
        "データベースのファイルが読み取り専用のため書き込めません。書き込めるようにしてから"
        "もう一度お試しください。ファイルは壊れていません。"
    )

    @classmethod
    def folder(cls, path: Path, detail: str = "") -> ReadOnly:
        """The data folder (or the backups folder) cannot be written: not damage."""
        err = cls(path, detail)
        err.message = cls.FOLDER
        return err

    @classmethod
    def file(cls, path: Path, detail: str = "") -> ReadOnly:
        err = cls(path, detail)
        err.message = cls.FILE
        return err


class EmptyDatabase(CorruptDatabase):
    """A database file with nothing in it (0 bytes, or no tables) while a good backup exists."""

    message = "データベースのファイルが空です（中身がありません）。正常なバックアップがあります。"


class MissingDatabase(CorruptDatabase):
    """The database file is gone (deleted, moved, quarantined) while a good backup exists: a new
    file filled from the bundle would silently take the place of the referral log it held."""

    message = "データベースのファイルが見つかりません（削除されたか、移動されています）。正常なバックアップがあります。"


class MissingWithWrites(MissingDatabase):
    """The database file is gone, no good backup exists, and its WAL or rollback journal is still
    beside it: a new file would have SQLite delete them (the last writes, perhaps), unsaid. The
    recovery keeps them aside (``recovery.Recovery.left_beside``) and starts from the bundle."""

    message = (
        "データベースのファイルが見つかりません（削除されたか、移動されています）。"
        "書き込み途中の記録のファイルが残っています（正常なバックアップはありません）。"
    )


class DamagedWhileOpen(CorruptDatabase):
    """A read met a damaged page of the open database (overwritten in place, a failing drive)."""

    message = (
        "データベースのファイルが壊れています。dvdesk をもう一度起動すると、"
        "最新の正常なバックアップから始めることができます。"
    )


class DamagedWhileSaving(DamagedWhileOpen):
    """A write met a damaged page of the open database: rolled back."""

    message = (
        "データベースのファイルが壊れています。この変更は保存されていません。dvdesk をもう一度起動すると、"
        "最新の正常なバックアップから始めることができます。"
    )


class DatabaseGone(StorageError):
    """The open database's file was deleted or moved away while dvdesk had it open."""

    message = (
        "データベースのファイルが見つかりません（開いている間に削除されたか、移動されました）。"
        "この変更は保存されていません。dvdesk を終了して、もう一度起動してください。"
    )


class NotDamaged(StorageError):
    """A recovery from the command line refused: the file is whole (``recovery.healthy``), and an
    older backup in its place would take back every directory edit made since."""

    message = (
        "データベースは壊れていません（検査で問題は見つかりませんでした）。何も変更していません。"
        "以前の状態に戻すときは、dvdesk backups で一覧を見て dvdesk restore 番号 を使ってください。"
    )


class DatabaseInUse(StorageError):
    """A recovery or a restore from the command line refused: another dvdesk has the file open (it
    would go on with a file set aside, or show the log as it was before the restore)."""

    message = (
        "ほかの dvdesk（画面またはコマンド）がこのデータベースを開いています。"
        "閉じてから、もう一度お試しください。何も変更していません。"
    )


class BackupFailed(StorageError):
    message = "バックアップを作れませんでした（作りかけのファイルは残していません）。"


class BundleError(ValueError):
    """A record of the bundled directory is malformed. The message names file and record.
    (Defined here, with the other errors a command reports, so catching it imports nothing heavy.)"""


class MigrationWhileOpen(DatabaseInUse):
    """A migration refused: another dvdesk (an older one still running, the window left open while
    the program was updated) has the file open and would go on writing the old form into it."""

    message = (
        "ほかの dvdesk（前の版を含む）がこのデータベースを開いているため、この版の形式に更新できません。"
        "すべての dvdesk の画面を閉じてから、もう一度起動してください。何も変更していません。"
    )
