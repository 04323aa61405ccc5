"""The list's total is counted on a worker thread (a count reads every match: up to 150 ms for a
common word nationally), so the window's thread answers the next keystroke meanwhile; a count
that comes back for an older list is never shown, and the lists typed past while a count ran are
not counted at all (only the newest)."""

from __future__ import annotations

import threading

import pytest

from dvdesk.app.desk_query import PAGE
from dvdesk.app.directory_queries import DeskData, DeskQuery
from dvdesk.gui.search_controller import SearchController


@pytest.fixture
def controller(qtbot, bundled_db):
    c = SearchController(DeskData(bundled_db))
    yield c
    qtbot.waitUntil(lambda: not c._counting, timeout=10_000)  # no worker outlives the test


def typed(controller: SearchController, text: str) -> None:
    controller.set_text(text)
    controller.run_now()


def test_the_total_is_counted_off_the_windows_thread(qtbot, controller, bundled_db, monkeypatch):
    threads = []
    real = DeskData.desk_count

    def spy(self, query):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return real(self, query)

    monkeypatch.setattr(DeskData, "desk_count", spy)
    with qtbot.waitSignal(controller.counted, timeout=10_000) as got:
        typed(controller, "相談")
    assert threads and all(t is not threading.main_thread() for t in threads)
    expected = real(DeskData(bundled_db), controller.query._replace(limit=PAGE))
    assert got.args[0] == controller.count == expected and expected.total > PAGE


def test_a_count_of_an_older_list_is_never_shown_and_the_lists_typed_past_are_not_counted(
    qtbot, controller, bundled_db, monkeypatch
):
    real = DeskData.desk_count
    release = threading.Event()
    counted: list[str] = []
    # held until the counselor has typed on
    shown = _soudan_counted_slowly(qtbot, controller, monkeypatch, lambda desk: release.wait(10), counted)
    for text in ("住宅", "保護", "子ども"):  # the list answers while the count of 相談 is held
        typed(controller, text)
        assert (
            controller.last_hits
            and controller.last_hits[0]
            == DeskData(bundled_db).desk_search(controller.query._replace(limit=PAGE)).hits[0]
        )
        qtbot.wait(20)  # the zero timer asks for this list's count: it waits behind 相談's
    assert controller.count is None
    release.set()
    qtbot.waitUntil(lambda: controller.count is not None and not controller._counting, timeout=10_000)
    data = DeskData(bundled_db)
    newest = real(data, controller.query._replace(limit=PAGE))
    assert newest != real(data, controller.query._replace(text="相談", limit=PAGE))
    assert shown == [newest] and controller.count == newest
    assert counted == ["相談", "子ども"]  # 住宅 and 保護 were typed past: never counted


def _soudan_counted_slowly(qtbot, controller, monkeypatch, hold, counted: list[str] | None = None) -> list:
    """``desk_count`` runs ``hold(desk)`` first for 相談 (the others as they are, each noted in
    ``counted``); 相談 is typed and its count has begun. Returns the counts the window shows."""
    real, started = DeskData.desk_count, threading.Event()

    def held(self, query):  # type: ignore[no-untyped-def]
        (counted if counted is not None else []).append(query.text)
        if query.text == "相談":
            started.set()
            hold(self)
        return real(self, query)

    monkeypatch.setattr(DeskData, "desk_count", held)
    shown: list = []
    controller.counted.connect(shown.append)
    typed(controller, "相談")
    qtbot.waitUntil(started.is_set, timeout=10_000)
    return shown


def test_on_the_quick_start_the_worker_reads_through_its_own_plain_connection_until_it_ends(bundled_db, tmp_path):
    """Counting on the quick start imports no SQLAlchemy path of its own (it reads a plain connection
    of its own); once the quick start has ended, that connection is closed and the ordinary
    database is used (a file held open could not be replaced by a restore on Windows)."""
    import shutil

    from dvdesk.storage import start_open

    path = tmp_path / "quick.sqlite3"
    bundled_db.close()
    shutil.copy(bundled_db.path, path)
    quick = start_open.open_quickly(path)
    assert quick is not None
    try:
        desk = DeskData(quick)
        counter = desk.for_another_thread()
        twin = counter.opened
        assert isinstance(twin, start_open.StartDatabase) and twin is not quick and not quick.is_full
        total = threading.Thread(target=lambda: counted.append(counter.desk_count(DeskQuery("相談"))))
        counted: list = []
        total.start()
        total.join(30)
        assert not total.is_alive() and counted[0] == desk.desk_count(DeskQuery("相談"))
        assert not quick.is_full  # neither read built the ordinary database
        assert desk.for_another_thread(counter) is counter  # still the quick start: kept
        quick.full()
        quick.release_connection()
        after = desk.for_another_thread(counter)
        assert after is not counter and after.opened is quick and twin._connection is None
        assert after.desk_count(DeskQuery("相談")) == counted[0]
    finally:
        quick.close()


# A read that runs for minutes unless stopped (SQLite counts to two billion, step by step).
_ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000) SELECT count(*) FROM c"


def test_a_count_still_running_when_a_key_comes_is_stopped_and_the_newest_list_is_counted(
    qtbot, controller, bundled_db, monkeypatch
):
    """The count of an older list would never be shown: a key stops it there and then (it no
    longer holds a core for up to 150 ms, nor makes the newest count wait behind it)."""
    real = DeskData.desk_count
    ended: list[str] = []

    def endless(desk: DeskData) -> None:
        try:
            with desk._reading() as rows:
                rows.rows(_ENDLESS)
        finally:
            ended.append("相談")

    shown = _soudan_counted_slowly(qtbot, controller, monkeypatch, endless)
    assert controller._counting and not ended
    controller.set_text("住宅")  # a key: the count of 相談 stops before the pause is over
    qtbot.waitUntil(lambda: ended == ["相談"], timeout=5_000)
    if controller.pending:  # under load the pause may already be over: 住宅 searched and counted once
        controller.run_now()
    qtbot.waitUntil(lambda: controller.count is not None and not controller._counting, timeout=10_000)
    newest = real(DeskData(bundled_db), controller.query._replace(limit=PAGE))
    assert shown == [newest] and controller.count == newest and controller.query.text == "住宅"


def test_a_stopped_read_says_so_and_leaves_the_connection_as_it_was(bundled_db):
    """``stop_reads_when``: a read on a desk whose stop is set ends with ``ReadStopped`` (no
    StorageError: nothing to show), the other desks' reads of the same database are untouched, and
    once the stop is cleared the desk reads again."""
    from dvdesk.app.desk_reads import ReadStopped

    stop = threading.Event()
    counter, window = DeskData(bundled_db), DeskData(bundled_db)
    counter.stop_reads_when(stop)
    stop.set()
    with pytest.raises(ReadStopped), counter._reading() as rows:
        rows.rows(_ENDLESS)
    with window._reading() as rows:  # the same pooled connection, without the counter's stop
        assert rows.rows(
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000) SELECT count(*) FROM c"
        ) == [(100000,)]
    stop.clear()
    assert counter.desk_count(DeskQuery("相談")) == window.desk_count(DeskQuery("相談"))
