"""On a copy in her language, each place to contact named its department or agency in Japanese only
（内閣府男女共同参画局）, though the directory holds the agency's translation and the same copy's
department headings print it (「District Court ／ 地方裁判所」): an English reader could not tell who
runs DV相談＋ or #9110. The place's department is now printed as the headings are: her language,
then the Japanese name to show."""

import re

import pytest

from dvdesk.app.checklists import Checklists
from dvdesk.domain.disclosure import Audience


def places(html: str) -> str:
    """The 'places you can contact' part of the page, as text."""
    return re.sub(r"<[^>]+>", "", html.split("Places you can contact", 1)[1])


@pytest.mark.parametrize(
    ("place", "agency"),
    [
        ("DV Consultation Plus", "Gender Equality Bureau, Cabinet Office"),
        ("Police consultation line", "National Police Agency"),
        ("Child abuse hotline of the child guidance centers", "Children and Families Agency"),
    ],
)
def test_a_place_names_its_agency_in_her_language_beside_the_japanese(bundled_db_ro, place, agency):
    checklists = Checklists(bundled_db_ro)
    draft = checklists.new_draft(checklists.municipality_code("高岡市"), ["safety.shelter"], ["children"])
    text = places(checklists.render(draft.printed(), Audience.CLIENT, language="en").html)
    line = next(x for x in text.splitlines() if place in x)
    assert agency in line, line


def test_the_japanese_copy_is_unchanged(bundled_db_ro):
    checklists = Checklists(bundled_db_ro)
    draft = checklists.new_draft(checklists.municipality_code("高岡市"), ["safety.shelter"], [])
    html = checklists.render(draft.printed(), Audience.CLIENT).html
    assert "（内閣府男女共同参画局）" in html and "Gender Equality Bureau" not in html


@pytest.mark.parametrize("lang", ["en", "pt"])
def test_a_discreet_copy_keeps_the_agency_in_japanese(bundled_db_ro, lang):
    """An agency's full name can say what it is for (Igualdade de Gênero is on the discreet word
    list): the discreet copy prints the place's department as before, and prints."""
    checklists = Checklists(bundled_db_ro)
    draft = checklists.new_draft(checklists.municipality_code("高岡市"), ["safety.shelter"], ["children"])
    html = checklists.render(draft.printed(), Audience.CLIENT, discreet=True, language=lang).html
    assert "内閣府男女共同参画局" in html and "Gender Equality Bureau" not in html and "Igualdade" not in html
