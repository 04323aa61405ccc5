"""The national-scale generator (benchmarks/generate.py) writes what the app would store.

Not a timing test: it guards the benchmark's data against drifting from the model, on a tiny
directory of three generated municipalities.
"""

from pathlib import Path

from sqlalchemy import func, select, text

from dvdesk.domain import directory, integrity
from dvdesk.domain.models import Municipality, Service
from dvdesk.domain.search import Searcher, SearchQuery
from dvdesk.storage.bundled import municipality_check_digit
from dvdesk.storage.db import open_database

ROOT = Path(__file__).resolve().parents[1]


def test_generated_directory_is_valid_searchable_and_fully_indexed(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT))  # the benchmarks package lives beside src/
    from benchmarks.generate import generate

    report = generate(tmp_path / "g.sqlite3", municipalities=5, services=20)
    db = open_database(report.path, fill=False)
    with db.read() as session:
        codes = list(session.scalars(select(Municipality.code)))
        assert len(codes) == 5 == report.municipalities
        assert all(municipality_check_digit(c[:5]) == int(c[5]) for c in codes)
        generated = [c for c in codes if c not in ("162027", "132152")]
        services = session.scalar(select(func.count()).select_from(Service))
        indexed = session.execute(text("SELECT count(*) FROM search_fts")).scalar()
        assert services == indexed == report.services
        searcher = Searcher(session)
        hits = searcher.search(SearchQuery("相談", municipality_code=generated[0]))
        name = session.scalar(select(Municipality.name).where(Municipality.code == generated[0]))
        assert name in {h.municipality for h in hits}
        assert {h.municipality for h in hits} <= {name, ""}  # that municipality and national lines
        detail = directory.service_detail(session, hits[0].service_id)  # the app's own read path
        assert detail.name == hits[0].name
        # what an import of this data would meet: the gate's every rule, phones included
        assert [str(f) for f in integrity.check(session)][:3] == []
    db.close()
