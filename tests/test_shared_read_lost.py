"""The server lost in the middle of a desk's read (a search, a checklist for printing): said as a
read that stopped, never as a save refused (h19: ``SharedDatabase.read`` raised ServerAway with its
default sentence, 「サーバーに接続できないため保存できません…入力した内容を控えておき…もう一度保存」,
in front of a counselor who had only searched). The desk is on the local copy from then on, so
doing it again works at once.
"""

import pytest
from sqlalchemy import text

from dvdesk.app.shared_mode import ServerAway, SharedDatabase
from dvdesk.domain.search import Searcher, SearchQuery


def _cut_off(cluster, db_url: str) -> None:
    """The server ends the desk's connections (as a server shutting down does: 57P01)."""
    name = db_url.split("@/")[1].split("?")[0]
    cluster.sql(
        f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()"
    )


def test_a_search_that_loses_the_server_half_way_says_so_and_works_again_from_the_copy(pg_cluster, pg_url, tmp_path):
    import pg_support
    from dvdesk.storage.db import open_database

    pg_support._setup_mini(pg_url)
    states: list[bool] = []
    db = SharedDatabase(lambda: open_database(pg_url), tmp_path / "copy" / "directory.sqlite3", states.append)
    try:
        with pytest.raises(ServerAway) as lost, db.read() as s:
            s.execute(text("SELECT 1"))
            _cut_off(pg_cluster, pg_url)
            Searcher(s).search(SearchQuery("住宅"))
        said = lost.value.message
        assert "保存" not in said and "もう一度" in said, said
        assert states == [True, False]  # the banner: the desk is on its copy now
        with db.read() as s:  # the same search again: from the copy, at once
            assert "市営住宅の入居配慮" in [h.name for h in Searcher(s).search(SearchQuery("住宅"))]
    finally:
        db.close()
