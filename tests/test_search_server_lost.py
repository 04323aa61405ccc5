"""A search the shared server leaves half-way: the desk is on its local copy from that moment, so the
same search is answered from it — results on the screen, the banner up, no error box (h19: a box said
the search could not be saved, 「サーバーに接続できないため保存できません…もう一度保存してください」)."""

from __future__ import annotations

from pathlib import Path

from dvdesk.app.directory_queries import DeskData
from dvdesk.app.shared_mode import SharedDatabase
from dvdesk.gui.search_controller import SearchController
from dvdesk.storage.errors import DatabaseUnavailable
from test_shared_mode import Switch


def test_a_search_the_server_leaves_half_way_is_answered_from_the_copy(qtbot, mini_db, tmp_path, monkeypatch):
    server = Switch(mini_db)
    states: list[bool] = []
    shared = SharedDatabase(server.connect, tmp_path / "copy" / "directory.sqlite3", on_change=states.append)
    real = DeskData.desk_search
    cut: list[bool] = []

    def server_leaves_during_the_first(self, query):  # type: ignore[no-untyped-def]
        if not cut:
            cut.append(True)
            with shared.read():
                server.up = False  # after the desk's ping, before its query came back
                raise DatabaseUnavailable(Path("server"), "server closed the connection unexpectedly")
        return real(self, query)

    monkeypatch.setattr(DeskData, "desk_search", server_leaves_during_the_first)
    controller = SearchController(DeskData(shared))
    failed: list[object] = []
    controller.failed.connect(failed.append)
    try:
        with qtbot.waitSignal(controller.results_ready, timeout=10_000) as shown:
            controller.set_text("住宅")
            controller.run_now()
        assert "市営住宅の入居配慮" in [h.name for h in shown.args[0]]
        assert failed == [] and states == [True, False] and not shared.online
        qtbot.waitUntil(lambda: not controller._counting, timeout=10_000)
        assert failed == []
    finally:
        controller.stop()
        shared.close()
