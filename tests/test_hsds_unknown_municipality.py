"""HSDS records that name a municipality this directory lacks are never made nationwide by
default: imported as written, the administrator is asked where they go (a 100-municipality feed
into a fresh PC made 536 other municipalities' services 全国, shown at every desk)."""

from __future__ import annotations

import pytest

from dvdesk.admin import hsds, hsds_import
from dvdesk.admin.editing import Editor
from dvdesk.admin.hsds_import import ScopeRequired

TAKAOKA, ELSEWHERE = "162027", "012025"  # 函館市: not in the bundled directory


@pytest.fixture
def feed(bundled_db, tmp_path):
    """The bundled directory's HSDS, its 高岡市 records saying 函館市 instead: new to ``mini_db``."""
    path = tmp_path / "feed.json"
    hsds.export_hsds(bundled_db, path)
    text = path.read_text(encoding="utf-8").replace(TAKAOKA, ELSEWHERE).replace("高岡市", "函館市")
    path.write_text(text, encoding="utf-8")
    return path


def test_records_of_an_unknown_municipality_ask_for_a_scope_not_nationwide(mini_db, feed):
    assert ELSEWHERE not in {m["key"] for m in Editor(mini_db, "x").headings("municipality")}
    before = Editor(mini_db, "x").count("service", "")
    with pytest.raises(ScopeRequired):
        hsds_import.check_hsds(mini_db, [feed])
    with pytest.raises(ScopeRequired):
        hsds_import.import_hsds(mini_db, [feed], "管理 花子")
    assert Editor(mini_db, "x").count("service", "") == before  # nothing made nationwide


def test_a_chosen_municipality_still_takes_them_with_a_note(mini_db, feed):
    report, _ = hsds_import.check_hsds(mini_db, [feed], TAKAOKA)
    assert any(ELSEWHERE in n and "取り込み先の範囲" in n for n in report.notes)
