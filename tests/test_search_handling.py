"""A department found by what it handles (issue 14.1): "who handles housing?".

The desk's list showed a department only when its NAME held the typed words: 住宅 in 高岡市 never
listed 建築政策課, where the 市営住宅 application is made; 生活保護 in 国立市 never listed 福祉総務課,
the department of 生活保護の申請. A department is now also found through the procedures whose names
hold the words (domain.search_handlers): one, below every row whose own name holds them.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from dvdesk.app import desk_search
from dvdesk.app.directory_queries import DeskData, DeskQuery
from dvdesk.domain.search import ORGANIZATION
from dvdesk.domain.search_handlers import HANDLER_LIMIT
from search_support import item_keys

TAKAOKA, KUNITACHI = "162027", "132152"
AT = datetime(2026, 12, 1, 10, 0)


def _rows(db, words: str, municipality: str | None, **kw) -> list[tuple[str, str, str]]:
    """(item, key, name) of the desk's list, in its order."""
    keys = item_keys(db)
    hits = DeskData(db).desk_search(DeskQuery(words, municipality, at=AT, **kw)).hits
    return [(h.item, keys.get((h.item, h.service_id), ""), h.name) for h in hits]


@pytest.mark.parametrize(
    ("words", "municipality", "department", "what"),
    [
        ("住宅", TAKAOKA, "takaoka.kenchiku-seisaku", "takaoka.svc.municipal-housing"),
        ("生活保護", KUNITACHI, "kunitachi.fukushi-somu", "kunitachi.proc.seikatsu-hogo"),
    ],
)
def test_a_department_is_listed_by_what_it_handles(bundled_db_ro, words, municipality, department, what):
    rows = _rows(bundled_db_ro, words, municipality)
    keys = [k for _, k, _ in rows]
    assert department in keys[:5], rows[:8]
    assert keys.index(what) < keys.index(department)  # what names the words comes first


def _departments(db, words: str, municipality: str | None) -> list[str]:
    return [k for item, k, _ in _rows(db, words, municipality) if item == ORGANIZATION]


def _named_only(monkeypatch, db, words: str, municipality: str | None) -> list[str]:
    """The departments listed with none found by what it handles (those named by their own name)."""
    with monkeypatch.context() as m:
        m.setattr(desk_search, "handling_departments", lambda *a, **k: [])
        return _departments(db, words, municipality)


CASES = [
    ("年金", TAKAOKA),
    ("子ども", KUNITACHI),
    ("住宅", KUNITACHI),
    ("相談", TAKAOKA),
    ("DV", TAKAOKA),
    ("支援", None),
]


@pytest.mark.parametrize(("words", "municipality"), CASES)
def test_a_department_named_by_the_words_ranks_above_one_found_by_what_it_handles(
    bundled_db_ro, monkeypatch, words, municipality
):
    """年金 names 保険年金課 (高岡市): a department found only through its services comes after it."""
    named = _named_only(monkeypatch, bundled_db_ro, words, municipality)
    listed = _departments(bundled_db_ro, words, municipality)
    assert listed[: len(named)] == named  # the same, in the same order, first


@pytest.mark.parametrize(("words", "municipality"), CASES)
def test_departments_found_by_what_they_handle_are_few(bundled_db_ro, monkeypatch, words, municipality):
    """A common word (DV: every department's DV相談 in 高岡市) lists a few departments more, not all."""
    named = _named_only(monkeypatch, bundled_db_ro, words, municipality)
    assert len(_departments(bundled_db_ro, words, municipality)) <= len(named) + HANDLER_LIMIT


def test_the_count_holds_the_departments_found_by_what_they_handle(bundled_db_ro):
    data = DeskData(bundled_db_ro)
    for words, municipality in (("住宅", TAKAOKA), ("生活保護", KUNITACHI), ("DV", TAKAOKA)):
        query = DeskQuery(words, municipality, at=AT, limit=5000)
        assert data.desk_count(query).total == len(data.desk_search(query).hits), words


@pytest.mark.parametrize(("words", "municipality"), [("離婚したい", KUNITACHI), ("電話で相談したい", TAKAOKA)])
def test_what_a_client_says_lists_no_department_by_what_it_handles(bundled_db_ro, monkeypatch, words, municipality):
    """For a sentence the services are the answer: a department there pushed one out of the first five."""
    named = _named_only(monkeypatch, bundled_db_ro, words, municipality)
    assert _departments(bundled_db_ro, words, municipality) == named


@pytest.mark.parametrize("municipality", [TAKAOKA, KUNITACHI])
@pytest.mark.parametrize("words", ["ひとり親", "シングルマザー", "母子家庭"])
def test_a_department_is_not_listed_through_a_synonyms_wide_group(bundled_db_ro, words, municipality):
    """Session 12 found ひとり親 listing 市民課: ひとり親's group holds プレシングル, which is also a word of the
    divorce group, whose 不受理申出 names 離婚届の不受理申出 (市民課). No procedure that ひとり親 names is
    市民課's: a counselor asking about single parents is not sent to the family-register window."""
    departments = _departments(bundled_db_ro, words, municipality)
    assert not {"takaoka.shiminka", "kunitachi.shiminka"} & set(departments), departments
