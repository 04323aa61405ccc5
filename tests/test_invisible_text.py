"""An invisible character inside a word (a zero-width space, a soft hyphen, a word joiner, a BOM:
what a list copied from a web page carries) splits the word for the search index: 「DV電\u200b話相談」
is indexed as 「電」「話相」, so a counselor typing 電話相談 does not find it, and it looks exactly
like 「DV電話相談」 beside it. Every write refuses it, naming it, like a control character (a sheet's row: tests/test_bidi_text.py)."""

import pytest

from db_support import dump
from dvdesk.admin.editing import Editor
from dvdesk.admin.validation import ValidationError
from dvdesk.domain import rules
from dvdesk.domain.japanese import index_tokens

INVISIBLE = ["\u200b", "\u00ad", "\u2060", "\ufeff", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\u180e"]


@pytest.mark.parametrize("mark", INVISIBLE)
def test_the_rule_refuses_every_invisible_character(mark):
    assert "見えない文字" in rules.text_problem(f"DV電{mark}話相談", 200, multiline=False)
    assert "見えない文字" in rules.text_problem(f"夜間も{mark}受付\n電話で")
    assert not rules.texts_clean([(f"DV電{mark}話相談", 200, False)])


def test_why_it_matters_the_word_is_split_in_the_index():
    assert "電話" in index_tokens("DV電話相談").split() and "電話" not in index_tokens("DV電\u200b話相談").split()


def test_the_editor_refuses_it_and_nothing_changes(mini_db):
    before = dump(mini_db)
    with pytest.raises(ValidationError, match="見えない文字"):
        Editor(mini_db, "管理 花子").save("service", {"name": "DV電\u200b話相談", "source": "t"}, is_new=True)
    assert dump(mini_db) == before


# A sheet row carrying one: tests/test_bidi_text.py (the same test, both kinds of character).
