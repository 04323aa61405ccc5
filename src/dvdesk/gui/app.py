"""Starting the desktop app."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox

from dvdesk.logging_setup import configure_logging
from dvdesk.storage.db import open_database
from dvdesk.storage.errors import StorageError


def run(argv: list[str] | None = None) -> int:
    configure_logging()
    app = QApplication.instance() or QApplication(argv or sys.argv)
    try:
        db = open_database()
    except StorageError as exc:
        QMessageBox.critical(None, "dvdesk", f"{exc.message}\n\n{exc.path}")
        return 1
    window = QMainWindow()
    window.setWindowTitle("dvdesk — 支援先ディレクトリ")
    window.setCentralWidget(QLabel(f"データベース: {db.path}"))
    window.resize(1000, 700)
    window.show()
    return app.exec()
