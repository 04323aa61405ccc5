"""Free lines typed with no office go under 「その他の窓口」; on a copy in her language that heading is
said in her language, and nothing tells her to show it at a window.

Found trying the foreign-language copies (hx-try14): a line typed with the 窓口 box left empty
printed on an English copy under the Japanese heading 「その他の窓口」 ("other offices") with the
line every untranslated office name gets — "The name of this office is only in Japanese: show this
name at the reception." — as if "other offices" were an office she could ask for. The Japanese and
staff copies keep the Japanese heading.
"""

from __future__ import annotations

import html
import re

import pytest

from dvdesk.app.checklists import Checklists
from dvdesk.domain import checklist as cl
from dvdesk.domain.disclosure import Audience
from dvdesk.printing import print_languages

TAKAOKA = "162027"


def _paper(db, language: str, audience: Audience = Audience.CLIENT, discreet: bool = False, office: str = "") -> str:
    checklists = Checklists(db)
    draft = checklists.new_draft(TAKAOKA, ["housing"])
    draft.add(cl.free_item("Bring your passport", office))
    document = checklists.render(draft.checklist, audience, discreet=discreet, language=language)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", document.html)).split())


@pytest.mark.parametrize("language", ["en", "pt", "zh", "vi", "easy"])
@pytest.mark.parametrize("discreet", [False, True])
def test_the_heading_of_lines_typed_with_no_office_is_in_her_language(bundled_db_ro, language, discreet):
    t = print_languages.strings(language)
    paper = _paper(bundled_db_ro, language, discreet=discreet)
    assert cl.OTHER_DEPARTMENT not in paper
    heading = paper.index(t.other_department)
    assert paper.index("Bring your passport") > heading
    between = paper[heading : paper.index("Bring your passport")]
    assert t.department_untranslated not in between  # no name to show at a window


@pytest.mark.parametrize("audience", [Audience.CLIENT, Audience.STAFF])
def test_the_japanese_and_staff_copies_keep_the_japanese_heading(bundled_db_ro, audience):
    paper = _paper(bundled_db_ro, "ja", audience)
    assert cl.OTHER_DEPARTMENT in paper
    assert paper.index(cl.OTHER_DEPARTMENT) < paper.index("Bring your passport")


def test_an_office_she_typed_is_still_the_name_to_show(bundled_db_ro):
    """An office she typed (市民課の2番窓口) is a name to show at the reception: unchanged."""
    paper = _paper(bundled_db_ro, "en", office="市民課の2番窓口")
    heading = paper.index("市民課の2番窓口")
    assert print_languages.EN.department_untranslated in paper[heading : paper.index("Bring your passport")]
