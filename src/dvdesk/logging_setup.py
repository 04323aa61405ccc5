"""Logging to a rotating file in the platformdirs log folder.

Privacy: dvdesk logs what the program did (opened, migrated, failed), never what a counselor
typed or which services she looked at, and never anything about a client.
"""

from __future__ import annotations

import logging
import logging.handlers

from dvdesk import paths

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(*, console: bool = False, level: int = logging.INFO) -> None:
    root = logging.getLogger("dvdesk")
    if root.handlers:
        return
    root.setLevel(level)
    root.propagate = False
    try:
        folder = paths.log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / "dvdesk.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()  # an unwritable log folder must not stop the desk
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    if console:
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter(_FORMAT))
        root.addHandler(stream)
