"""Every place dvdesk reads or writes on disk, in one module.

Nothing is created at import time. Tests, scripts and administrators redirect everything with
``DVDESK_HOME`` (one folder for data, config, logs and backups) or just the database with
``DVDESK_DB`` / ``dvdesk --db``, so a user's real data is never touched by accident. A built
program with a ``dvdesk-data`` folder beside it uses that folder the same way (portable layout).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "dvdesk"


PORTABLE_FOLDER = "dvdesk-data"


def _home() -> Path | None:
    home = os.environ.get("DVDESK_HOME")
    if home:
        return Path(home)
    return portable_home()


def portable_home() -> Path | None:
    """A built program with a ``dvdesk-data`` folder beside it keeps everything there.

    That is the portable layout (packaging/README.md): the program and its data on one USB
    stick or in one user folder, nothing under AppData. An administrator opts in by creating
    the folder; without it the per-user folders of platformdirs are used.
    """
    if not getattr(sys, "frozen", False):
        return None
    folder = Path(sys.executable).resolve().parent / PORTABLE_FOLDER
    return folder if folder.is_dir() else None


def _per_user(kind: str) -> Path:
    """The per-user folder of ``kind`` (platformdirs; imported here, when a folder is first asked
    for without DVDESK_HOME: it imports tempfile, shutil and the compressors, ~10 % of a command)."""
    import platformdirs

    return Path(getattr(platformdirs, f"user_{kind}_dir")(APP_NAME, appauthor=False))


def data_dir() -> Path:
    home = _home()
    return home / "data" if home else _per_user("data")


def config_dir() -> Path:
    home = _home()
    return home / "config" if home else _per_user("config")


def log_dir() -> Path:
    home = _home()
    return home / "logs" if home else _per_user("log")


def cache_dir() -> Path:
    """Things dvdesk can rebuild at any time (compiled translations)."""
    home = _home()
    return home / "cache" if home else _per_user("cache")


DATABASE_NAME = "dvdesk.sqlite3"


def database_path() -> Path:
    explicit = os.environ.get("DVDESK_DB")
    return Path(explicit) if explicit else data_dir() / DATABASE_NAME


def backups_dir(db_path: Path | None = None) -> Path:
    """Backups sit beside the database they protect."""
    return (db_path or database_path()).parent / "backups"


def resources_dir() -> Path:
    """Shipped data: inside a PyInstaller bundle, a wheel, or the source tree."""
    override = os.environ.get("DVDESK_RESOURCES")
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    package_copy = Path(__file__).parent / "resources"
    if package_copy.is_dir():
        return package_copy
    return Path(__file__).resolve().parents[2] / "resources"
