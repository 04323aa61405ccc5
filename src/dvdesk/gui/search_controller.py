"""Type-ahead: turns keystrokes, need choices and the municipality into one query at a time.

Typing restarts a short single-shot timer; only when she pauses does the query run. The list
comes a page at a time and its total after the first page is shown (``DeskData.desk_count``). Each run
carries a generation number and only the latest generation's results reach the list, so a slow
query can never overwrite newer results. A page takes a few milliseconds even at 350,000 services,
so it runs on the UI thread after the pause; the total reads every match (up to 150 ms for a
common word nationally), so it is counted on a worker thread with its own ``DeskData`` (its own
connection and searcher: neither may be shared between threads), one count at a time. A count
that comes back for an older list is dropped, and only the newest list waiting is counted next;
a count still running when the query changes (a key, a need) is stopped there and then, so the
core it held is free for the next list and the newest count does not wait behind it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from dvdesk.app.desk_query import PAGE, DeskCount, DeskResult
from dvdesk.app.desk_reads import ReadStopped
from dvdesk.app.directory_queries import ALL_KINDS, CLIENT_KINDS, DeskData, DeskQuery
from dvdesk.domain.search import SearchHit
from dvdesk.storage.errors import StorageError

log = logging.getLogger(__name__)

DEBOUNCE_MS = 150
T = TypeVar("T")


class SearchController(QObject):
    """The list comes a page at a time (``PAGE`` rows; ``fetch_more`` gives the next when the
    counselor scrolls to the end), and its total once the first page is shown (``counted``)."""

    results_ready = Signal(list)  # list[SearchHit]: the first page, always for the latest query
    counted = Signal(object)  # DeskCount of the list shown
    failed = Signal(object)  # a StorageError
    # From the counting thread: (generation, DeskCount | StorageError | None), delivered queued.
    _count_done = Signal(int, object)

    def __init__(self, data: DeskData, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data = data
        self.query = DeskQuery()
        self.last_hits: list[SearchHit] = []  # every row shown (the pages fetched so far)
        self.more = False  # the list goes on after them
        self.words: tuple[str, ...] = ()  # searched one by one below what was typed (app.fallback)
        self.as_typed = 0  # with words: the rows what was typed found itself
        self.typed_last = False  # with words: what was typed found comes after the words' rows
        self.count: DeskCount | None = None  # of the list shown; None until counted
        self._shown = DeskQuery()  # the query the rows shown answer
        self._generation = 0
        self._applied_generation = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_now)
        # The total is counted once the first page is on the screen (a count reads every match).
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(0)
        self._count_timer.timeout.connect(self._count_in_worker)
        self._count_done.connect(self._take_count)
        self._counter: DeskData | None = None  # the worker's own (built in the worker)
        self._counting = False  # a worker is counting (only this thread reads or writes these)
        self._count_waiting: tuple[int, DeskQuery] | None = None  # the newest list to count next
        self._stop_count = threading.Event()  # set: the running count is of an older list (see _newer)

    @property
    def hidden_other_kinds(self) -> int:
        return self.count.hidden_other_kinds if self.count else 0

    # Typing waits for a pause; every other change (a need, the municipality) runs at once.
    def set_text(self, text: str) -> None:
        if text != self.query.text:
            self.query = self.query._replace(text=text)
            self._newer()
            self._timer.start()

    def set_needs(self, keys: tuple[str, ...]) -> None:
        self._change(need_keys=tuple(keys))

    def set_municipality(self, code: str | None) -> None:
        self._change(municipality_code=code or None)

    def set_show_all_kinds(self, show_all: bool) -> None:
        self._change(kinds=ALL_KINDS if show_all else CLIENT_KINDS)

    def _change(self, **changes: Any) -> None:
        new = self.query._replace(**changes)
        if new != self.query:
            self.query = new
            self._newer()
            self.run_now()

    def _newer(self) -> None:
        """A newer query: a count still running is of an older list, never shown: it is stopped."""
        self._generation += 1
        if self._counting:
            self._stop_count.set()

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def run_now(self) -> None:
        self._timer.stop()
        generation, query = self._generation, self.query._replace(limit=PAGE)
        result = self._read("search", lambda: self.data.desk_search(query))
        if result is None:
            return
        self._apply(generation, query, result)

    def _apply(self, generation: int, query: DeskQuery, result: DeskResult) -> None:
        if generation < self._generation or generation < self._applied_generation:
            return  # a newer query was asked for meanwhile
        self._applied_generation = generation
        hits = result.hits
        self._shown, self.last_hits, self.more, self.count = query, hits, result.more, None
        self.words, self.as_typed, self.typed_last = result.words, result.as_typed, result.typed_last
        self.results_ready.emit(hits)
        self._count_timer.start()

    def count_now(self) -> None:
        """The total of the list shown, counted here and now (skipped when a newer query is on its
        way); the window counts on a worker instead (``_count_in_worker``)."""
        self._count_timer.stop()
        if self._applied_generation != self._generation or self.count is not None:
            return
        count = self._read("count", lambda: self.data.desk_count(self._shown))
        if count is None:
            return
        self.count = count
        self.counted.emit(count)

    def _count_in_worker(self) -> None:
        """Count the list shown on a worker thread; if one is still counting an older list, this
        one waits its turn (replacing any list that was waiting)."""
        if self._applied_generation != self._generation or self.count is not None:
            return
        if not self.data.reads_on_another_thread:  # shared mode: counted here, as before
            self.count_now()
            return
        self._count_waiting = (self._generation, self._shown)
        if not self._counting:
            self._next_count()

    def _next_count(self) -> None:
        if self._count_waiting is None:
            return
        generation, query = self._count_waiting
        self._count_waiting = None
        self._counting = True
        self._stop_count.clear()
        data = self.data
        threading.Thread(target=self._count, args=(data, generation, query), name="dvdesk-count", daemon=True).start()

    def _count(self, data: DeskData, generation: int, query: DeskQuery) -> None:
        """On the worker thread: the count, handed back to the window's thread (``_take_count``)."""
        result: DeskCount | StorageError | None = None
        try:
            self._counter = data.for_another_thread(self._counter)
            self._counter.stop_reads_when(self._stop_count)
            result = self._counter.desk_count(query)
        except StorageError as exc:
            result = exc
        except ReadStopped:  # a newer query came: this count would not have been shown
            result = None
        except Exception:  # reported in the log; the window keeps saying "50件以上", which holds
            log.exception("count failed")
        try:
            self._count_done.emit(generation, result)
        except RuntimeError:  # the window closed meanwhile
            pass

    def _take_count(self, generation: int, result: DeskCount | StorageError | None) -> None:
        self._counting = False
        current = generation == self._applied_generation == self._generation and self.count is None
        if isinstance(result, StorageError):
            if current and not _read_lost(result):  # a count cut off by the server leaving: the list stands
                log.error("count failed: %s", type(result).__name__)
                self.failed.emit(result)
        elif result is not None and current:  # a count of an older list is never shown
            self.count = result
            self.counted.emit(result)
        self._next_count()

    def stop(self) -> None:
        """The window closed: no search or count still due runs for it. One due would read the
        database after its owner closed it (the app at its end; a test) and open a new connection
        that nothing would close (a shared desk's server connection left open)."""
        self._timer.stop()
        self._count_timer.stop()
        self._count_waiting = None

    def fetch_more(self, shown: int) -> tuple[list[SearchHit], bool]:
        """The rows after the first ``shown`` of the list shown (the next page), and whether it
        goes on after them. If the directory changed since the first page (an edit, an import),
        nothing is added and the list is searched anew."""
        if not self.more or shown != len(self.last_hits):
            return [], self.more
        query = self._shown._replace(limit=shown + PAGE)
        result = self._read("search", lambda: self.data.desk_search(query))
        if result is None:
            self.more = False
            return [], False
        if result.hits[:shown] != self.last_hits:
            self._newer()
            self._timer.start()  # the list anew (not from inside the view's fetch)
            self.more = False
            return [], False
        self._shown, self.last_hits, self.more = query, result.hits, result.more
        return result.hits[shown:], result.more

    def _read(self, what: str, read: Callable[[], T]) -> T | None:
        """``read()``, or None after reporting (``failed``) a database that vanished, got locked
        or was damaged under us."""
        try:
            return read()
        except StorageError as exc:
            if not _read_lost(exc):
                log.error("%s failed: %s", what, type(exc).__name__)
                self.failed.emit(exc)
                return None
        try:  # the shared server left half-way: the desk is on its copy now (the banner says so)
            return read()
        except StorageError as exc:
            log.error("%s failed: %s", what, type(exc).__name__)
            self.failed.emit(exc)
            return None


def _read_lost(exc: StorageError) -> bool:
    """``shared_mode.read_lost``, imported only once a read failed (the start path loads no SQLAlchemy)."""
    from dvdesk.app.shared_mode import read_lost

    return read_lost(exc)
