"""Logging to a rotating file in the platformdirs log folder.

Privacy: dvdesk logs what the program did (opened, migrated, failed), never what a counselor
typed or which services she looked at, and never anything about a client.
"""

from __future__ import annotations

import logging

from dvdesk import paths

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _FileOnFirstRecord(logging.Handler):
    """The rotating log file, opened when the first record comes: a command that logs nothing
    (``dvdesk search``) neither imports ``logging.handlers`` (sockets, pickle, queues) nor
    touches the log folder. An unwritable folder must not stop the desk: records are then dropped."""

    def __init__(self) -> None:
        super().__init__()
        self._file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None:
            self._file = _rotating_file()
            self._file.setFormatter(self.formatter)
        self._file.handle(record)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def _rotating_file() -> logging.Handler:
    import logging.handlers

    try:
        folder = paths.log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            folder / "dvdesk.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return logging.NullHandler()
    # A record that cannot be written (the log's disk full, a USB stick pulled out) is dropped:
    # logging's default printed 「--- Logging error ---」 and a traceback above the command's own line.
    handler.handleError = lambda record: None  # type: ignore[method-assign]  # the instance's own, on purpose
    return handler


def configure_logging(*, console: bool = False, level: int = logging.INFO) -> None:
    root = logging.getLogger("dvdesk")
    if root.handlers:
        return
    root.setLevel(level)
    root.propagate = False
    handler = _FileOnFirstRecord()
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    if console:
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter(_FORMAT))
        root.addHandler(stream)
