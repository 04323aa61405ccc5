"""The discreet vocabulary: one list for every language, whole words only, nothing reworded."""

import pytest

from dvdesk.domain import discreet

ISSUE_WORDS = (
    "DV",
    "暴力",
    "配偶者",
    "シェルター",
    "被害",
    "加害",
    "一時保護",
    "避難",
    "保護先",
    "身の危険",
    "相手方",
    "保護命令",
    "虐待",
    "逃げ",
    "支援措置",
)


def test_the_issues_words_and_dv_centre_names_are_on_the_list():
    for word in ISSUE_WORDS + (
        "配偶者暴力相談支援センター",
        "女性相談支援センター",
        "婦人相談所",
        "男女平等推進センター",
    ):
        assert discreet.violations(f"きょうは{word}のこと") != [], word


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Information for victims of domestic violence"),
        ("en", "a shelter or refuge"),
        ("en", "apply for a protection order"),
        ("pt", "Violência doméstica"),
        ("pt", "um abrigo para a vítima"),
        ("zh", "家庭暴力的受害者"),
        ("zh", "庇护所"),
        ("vi", "bạo lực gia đình"),
        ("vi", "nơi tạm lánh cho nạn nhân"),
    ],
)
def test_every_language_has_its_words(lang, text):
    assert discreet.violations(text), (lang, text)
    assert discreet.FORBIDDEN_BY_LANGUAGE[lang]


def test_words_are_refused_never_reworded():
    assert not hasattr(discreet, "clean") and not hasattr(discreet, "REPLACEMENTS")
    with pytest.raises(discreet.DiscreetViolation, match="Shelter"):
        discreet.ensure_clean("Shelter for victims")
    assert discreet.violations("printed by dvdesk") == ["dvdesk"]


def test_latin_words_match_whole_words_only():
    assert discreet.violations("advice, advance, DVD, refugee, escaped") == []
    assert discreet.violations("the DV office") == ["DV"]
    assert discreet.violations("ＤＶ相談") == ["DV"]


def test_neutral_japanese_passes():
    for text in (
        "住民票の写しの交付についての申出",
        "税の証明書の交付についての申出",
        "転出届",
        "国民年金保険料の免除の申請",
        "高岡市の相談室",
        "相談を受けたことの証明書",
    ):
        assert discreet.is_clean(text), text
