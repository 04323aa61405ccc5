"""Every client copy of the shipped directory, scanned (issue 11, items 3 and 4).

For both municipalities, every need alone and combined situations: the discreet page in every
language carries none of the words of ``dvdesk.domain.discreet``; every client copy is free of
research notes, file names and staff notes; the staff copy names its public sources, never a
file. Pages are scanned as the text the printout is built from (what ``finish`` checks); a few
are rendered to PDF as well, so the check also holds for what lands on paper.
"""

import pytest
from sqlalchemy import select

from checklist_support import compact, pdf_text
from dvdesk.domain import checklist as cl
from dvdesk.domain import discreet
from dvdesk.domain.directory import need_tree
from dvdesk.domain.disclosure import NOTE_MARKERS, Audience, checklist_for
from dvdesk.domain.models import CIRCUMSTANCES, Procedure, Service
from dvdesk.printing import print_languages
from dvdesk.printing.checklist_html import build_checklist

FILE_NAMES = (".toml", ".md", "DOMAIN", "dvdesk", "調査資料", "seeds/")
COMBINED = [
    (["safety", "housing", "children"], ["children", "school", "moving_out"]),
    (["safety.shelter"], []),
    (["safety", "protection_order", "legal"], ["moving_within", "health_insurance", "pension"]),
    (["money", "insurance_pension", "children"], ["preschool", "public_assistance", "moving_in"]),
    ([], list(CIRCUMSTANCES)),
]


def all_needs(db):
    with db.read() as s:

        def walk(nodes):
            for n in nodes:
                yield n.key
                yield from walk(n.children)

        return list(walk(need_tree(s)))


def situations(db):
    needs = all_needs(db)
    return [([n], []) for n in needs] + COMBINED + [(needs, list(CIRCUMSTANCES))]


@pytest.fixture(scope="module")
def proposals(bundled_db_module):
    db = bundled_db_module
    out = []
    with db.read() as s:
        for muni in ("高岡市", "国立市"):
            for needs, circumstances in situations(db):
                out.append(((muni, tuple(needs), tuple(circumstances)), cl.propose(s, muni, needs, circumstances)))
        staff_notes = [n for (n,) in s.execute(select(Procedure.staff_note).where(Procedure.staff_note != ""))]
        staff_notes += [n for (n,) in s.execute(select(Service.staff_note).where(Service.staff_note != ""))]
    return out, staff_notes


@pytest.fixture(scope="module")
def bundled_db_module(tmp_path_factory, _bundled_template):
    import shutil

    from dvdesk.storage.db import open_database

    path = tmp_path_factory.mktemp("bundled") / "dvdesk.sqlite3"
    shutil.copy(_bundled_template, path)  # the session's bundled database, filled once
    db = open_database(path)
    yield db
    db.close()


@pytest.mark.slow  # every page in every language: the thorough tier
def test_every_discreet_page_in_every_language_says_nothing(proposals):
    checked = 0
    for situation, c in proposals[0]:
        printable = checklist_for(c, Audience.CLIENT, discreet=True)
        for lang in print_languages.LANGUAGES:
            text = build_checklist(printable, lang).plain_text()  # refused (raises) if a word remained
            for form in (text, compact(text)):
                assert discreet.violations(form) == [], (situation, lang, discreet.violations(form))
            for item in printable.checklist.items:  # nothing lost on the way: every item is there
                assert compact(item.name) in compact(text), (situation, lang, item.name)
            checked += 1
    assert checked >= 2 * 25 * len(print_languages.LANGUAGES)


def test_every_client_copy_is_free_of_notes_file_names_and_staff_text(proposals):
    situations_, staff_notes = proposals
    for situation, c in situations_:
        for lang in print_languages.LANGUAGES:
            text = build_checklist(checklist_for(c, Audience.CLIENT), lang).plain_text()
            flat = compact(text)
            assert not [m for m in NOTE_MARKERS if compact(m) in flat], situation
            assert not [f for f in FILE_NAMES if f.lower() in text.lower()], situation
            assert not [n for n in staff_notes if compact(n) in flat], situation
            assert cl.CONFIRM_DEPARTMENT not in flat  # an unknown window is a line to write in


def test_the_staff_copy_names_public_sources_never_files(proposals):
    for situation, c in proposals[0]:
        text = build_checklist(checklist_for(c, Audience.STAFF)).plain_text()
        assert not [f for f in FILE_NAMES if f.lower() in text.lower()], situation
        for item in c.items:
            if item.kind is cl.ItemKind.PROCEDURE:
                assert compact(item.source) in compact(text), (situation, item.key)


def test_a_placeholder_is_never_printed_as_a_department(proposals):
    placeholders = (
        "保育所入所の担当課",
        "教育委員会（就学担当）",
        "市営住宅の担当課",
        "税務担当課",
        "配偶者暴力相談支援センター（国立市は設置を検討中）",
    )
    for situation, c in proposals[0]:
        for audience in (Audience.CLIENT, Audience.STAFF):
            text = build_checklist(checklist_for(c, audience)).plain_text()
            assert not [p for p in placeholders if p in text], (situation, audience)


def _every_language_in_each_city():
    """Each language once in the quick tier, in a city that turns; the other city in the thorough tier
    (the PDF's text is read back with pypdf, ~1 s of CPU a page of Japanese)."""
    for m, muni in enumerate(["高岡市", "国立市"]):
        for n, lang in enumerate(print_languages.LANGUAGES):
            yield pytest.param(muni, lang, marks=pytest.mark.slow if (m + n) % 2 else (), id=f"{lang}-{muni}")


@pytest.mark.parametrize(("muni", "lang"), list(_every_language_in_each_city()))
def test_the_discreet_pdf_itself_says_nothing(qapp, tmp_path, bundled_db_module, muni, lang):
    from dvdesk.printing.qt_render import write_pdf

    with bundled_db_module.read() as s:
        c = cl.propose(s, muni, ["safety", "housing", "children", "legal"], ["school", "moving_out"])
    target = tmp_path / "discreet.pdf"
    write_pdf(target, build_checklist(checklist_for(c, Audience.CLIENT, discreet=True), lang))
    text = pdf_text(target)
    for form in (text, compact(text)):
        assert discreet.violations(form) == [], discreet.violations(form)
    assert "住民票の写しの交付についての申出" in compact(text) and "転出届" in compact(text)
