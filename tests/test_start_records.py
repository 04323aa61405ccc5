"""The records the desk's first search makes are no dataclasses (each compiled six methods when its
module was imported: ~0.4 ms apiece before the first search; test_start_quick checks that none is
made), yet they behave as the frozen dataclasses they were: typed fields with their defaults,
immutable, equal and hashed by their fields, a copy with changes, a readable repr."""

from __future__ import annotations

import dataclasses

import pytest

from dvdesk.app.desk_query import DeskCount, DeskQuery, DeskResult, MunicipalityChoice, NeedRow
from dvdesk.app.safety_first import NeedVocabulary
from dvdesk.app.start_checks import StartReport
from dvdesk.domain.directory_views import NeedNode
from dvdesk.domain.record_kinds import ServiceKind
from dvdesk.domain.search import SearchHit, SearchQuery, SearchResult
from dvdesk.domain.search_words import SynonymTable

CHILD = NeedRow("safety.shelter", "シェルター", "Shelter", "一時保護", 3)
ROW = NeedRow("safety", "安全", "Safety", "身の安全", 5, (CHILD,))


def records() -> list[object]:
    hit = SearchHit(7, "DV相談", "県", "高岡市", ServiceKind.CLIENT, True, 0.004, "0120", "24時間", True)
    return [
        SearchQuery("住宅"),
        hit,
        SearchResult([hit]),
        DeskQuery("相談", "162027", ("safety",)),
        MunicipalityChoice("162027", "高岡市", "富山県"),
        DeskResult([hit], more=True),
        DeskCount(12, 3),
        NeedNode("safety", "安全", "Safety", "", 5),
        ROW,
    ]


@pytest.mark.parametrize("record", records(), ids=lambda r: type(r).__name__)
def test_a_start_record_is_immutable_and_equal_by_its_fields(record):
    assert not dataclasses.is_dataclass(record)
    first = type(record)._fields[0] if isinstance(record, tuple) else "key"
    with pytest.raises(AttributeError):
        setattr(record, first, "changed")
    with pytest.raises(AttributeError):
        delattr(record, first)
    same = record._replace()
    assert same == record and same is not record and not (same != record)
    changed = record._replace(**{first: "other"})
    assert changed != record and getattr(changed, first) == "other" and getattr(record, first) != "other"
    assert repr(record).startswith(type(record).__name__ + "(" + first + "=")
    try:
        hash(record)
    except TypeError:  # holds a list, as the dataclass did
        assert isinstance(record, (SearchResult, DeskResult))
    else:
        assert hash(same) == hash(record)


def test_the_records_keep_their_defaults():
    assert SearchQuery() == SearchQuery("", None, None, frozenset(ServiceKind), 200)
    assert DeskQuery() == DeskQuery("", None, (), frozenset({ServiceKind.CLIENT}), 200, None)
    assert DeskResult([]) == DeskResult([], False, (), 0, False) and DeskCount(4) == DeskCount(4, 0, False)
    hit = SearchHit(1, "窓口", "", "", ServiceKind.INTERNAL, False)
    assert (hit.score, hit.phone, hit.hours, hit.always_open, hit.item, hit.key) == (0.0, "", "", False, "service", "")
    assert hit.place == 0 and hit.is_service and SearchResult([hit]).complete
    assert NeedNode("k", "ja", "en", "", 1).children == () and CHILD.children == ()


def test_a_need_row_is_a_frozen_record_of_its_six_fields():
    assert (ROW.key, ROW.label_ja, ROW.label_en, ROW.description, ROW.count, ROW.children) == (
        "safety",
        "安全",
        "Safety",
        "身の安全",
        5,
        (CHILD,),
    )
    assert ROW == NeedRow("safety", "安全", "Safety", "身の安全", 5, (CHILD,)) and ROW != CHILD
    assert ROW != ("safety", "安全", "Safety", "身の安全", 5, (CHILD,))  # not a tuple
    assert {ROW, ROW._replace()} == {ROW} and ROW._replace(count=6).count == 6 and ROW.count == 5
    assert repr(CHILD) == (
        "NeedRow(key='safety.shelter', label_ja='シェルター', label_en='Shelter', description='一時保護', count=3, "
        "children=())"
    )
    with pytest.raises(TypeError):
        ROW._replace(counts=6)
    with pytest.raises(AttributeError):
        ROW.extra = 1  # type: ignore[attr-defined]


def test_the_searchs_tables_hold_their_terms():
    table = SynonymTable.from_groups([["シェルター", "一時保護"]])
    assert table.expansions == SynonymTable.from_groups([["一時保護", "シェルター"]]).expansions
    assert table.expansions["しぇるたー"] == {"一時保護"} and SynonymTable().expansions == {}
    assert table.alternatives("一時保護") == {"しぇるたー"}
    words = NeedVocabulary.build([("safety.shelter", "シェルター")], {"safety.shelter"})
    assert words == NeedVocabulary({"しぇるたー": frozenset({"safety.shelter"})}) != NeedVocabulary({})
    assert words.needs_named("シェルターを探す") == {"safety.shelter"}
    with pytest.raises(TypeError):  # equal by its terms, a dict: unhashable, as the frozen dataclass was
        hash(words)


def test_a_start_report_starts_empty_and_keeps_what_each_step_sets():
    report, other = StartReport(), StartReport()
    assert (report.findings, report.damage, report.backup_error, report.backup_taken, report.errors) == (
        None,
        "",
        None,
        False,
        [],
    )
    report.errors.append("scan: OSError")
    report.backup_taken = True
    assert other.errors == [] and not other.backup_taken  # nothing shared between reports
    assert StartReport(damage="*** page 7").damage == "*** page 7"
