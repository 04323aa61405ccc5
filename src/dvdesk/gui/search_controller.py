"""Type-ahead: turns keystrokes, need choices and the municipality into one query at a time.

Typing restarts a short single-shot timer; only when she pauses does the query run. Each run
carries a generation number and only the latest generation's results reach the list, so a slow
query can never overwrite newer results (and moving the run to a worker thread later would not
change this class's contract). At bundled size a query takes a few milliseconds, so it runs on
the UI thread after the pause.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from dvdesk.app.directory_queries import ALL_KINDS, CLIENT_KINDS, DeskData, DeskQuery
from dvdesk.domain.search import SearchHit
from dvdesk.storage.errors import StorageError

log = logging.getLogger(__name__)

DEBOUNCE_MS = 150


class SearchController(QObject):
    results_ready = Signal(list)  # list[SearchHit], always for the latest query
    failed = Signal(object)  # a StorageError

    def __init__(self, data: DeskData, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data = data
        self.query = DeskQuery()
        self.last_hits: list[SearchHit] = []
        self.hidden_other_kinds = 0  # matches of kinds not shown (see DeskData.desk_search)
        self._generation = 0
        self._applied_generation = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_now)

    # Typing waits for a pause; every other change (a need, the municipality) runs at once.
    def set_text(self, text: str) -> None:
        if text != self.query.text:
            self.query = dataclasses.replace(self.query, text=text)
            self._generation += 1
            self._timer.start()

    def set_needs(self, keys: tuple[str, ...]) -> None:
        self._change(need_keys=tuple(keys))

    def set_municipality(self, code: str | None) -> None:
        self._change(municipality_code=code or None)

    def set_show_all_kinds(self, show_all: bool) -> None:
        self._change(kinds=ALL_KINDS if show_all else CLIENT_KINDS)

    def _change(self, **changes: Any) -> None:
        new = dataclasses.replace(self.query, **changes)
        if new != self.query:
            self.query = new
            self._generation += 1
            self.run_now()

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def run_now(self) -> None:
        self._timer.stop()
        generation, query = self._generation, self.query
        try:
            result = self.data.desk_search(query)
        except StorageError as exc:  # the database vanished, got locked or damaged under us
            log.error("search failed: %s", type(exc).__name__)
            self.failed.emit(exc)
            return
        self._apply(generation, result.hits, result.hidden_other_kinds)

    def _apply(self, generation: int, hits: list[SearchHit], hidden_other_kinds: int = 0) -> None:
        if generation < self._generation or generation < self._applied_generation:
            return  # a newer query was asked for meanwhile
        self._applied_generation = generation
        self.last_hits = hits
        self.hidden_other_kinds = hidden_other_kinds
        self.results_ready.emit(hits)
