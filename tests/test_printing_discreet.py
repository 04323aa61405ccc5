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


# A note written for her in やさしい日本語 is in hiragana, with spaces between words; a Portuguese or
# Vietnamese note typed on a Japanese keyboard often has no accents. The word is the same word.
SPELLED_OTHERWISE = (
    "ぼうりょくの そうだん",  # 暴力 in hiragana
    "しぇるたーに いく",  # シェルター in hiragana
    "ひなんする ところ",  # 避難
    "はいぐうしゃの こと",  # 配偶者
    "ひがいの そうだん",  # 被害
    "いちじ ほごの あと",  # 一時保護, written with a space as easy Japanese is
    "ほご めいれいの もうしたて",  # 保護命令
    "しえん そちの もうしで",  # 支援措置
    "あいてがたに しられない",  # 相手方
    "いえから にげたい",  # 逃げ
    "でぃーぶいの そうだん",  # DV read out
    "ディーブイ相談",
    "Violencia domestica",  # violência
    "ajuda para a vitima",  # vítima
    "tu van bao luc gia dinh",  # bạo lực
    "cho nan nhan",  # nạn nhân
    "申请保護令",  # 保护令 as written with Japanese kanji
)


@pytest.mark.parametrize("text", SPELLED_OTHERWISE)
def test_a_word_spelled_in_kana_or_without_accents_is_still_the_word(text):
    assert discreet.violations(text), text


@pytest.mark.parametrize("note", SPELLED_OTHERWISE)
def test_a_discreet_copy_with_such_a_note_is_refused(checklist_db, note):
    import datetime as dt

    from dvdesk.domain import checklist as cl
    from dvdesk.domain.disclosure import Audience, checklist_for
    from dvdesk.printing.checklist_html import build_checklist

    with checklist_db.read() as s:
        c = cl.propose(s, "高岡市", ["money"], []).with_note(note)
    for lang in ("ja", "easy", "pt", "vi"):
        with pytest.raises(discreet.DiscreetViolation):
            build_checklist(checklist_for(c, Audience.CLIENT, discreet=True), lang, dt.date(2026, 11, 21))


def test_kana_and_accent_folding_keeps_everyday_words():
    for text in (
        "なにげなく はなして ください",  # なにげ is not 逃げ
        "ちかがいの いりぐち",  # 地下街: かがい alone is not 加害
        "まどぐちに げつようびに いきます",  # に + げつようび across a space
        "この ひ なんじに いきますか",  # ひ + なん across a space
        "ひかりの はいる へや",
        "Vitamina e bolo",
        "refugee, escaped, advice",
        "lúc nào cũng được",
    ):
        assert discreet.violations(text) == [], text


def test_the_word_reported_is_the_word_as_typed():
    assert discreet.violations("しぇるたー") == ["しぇるたー"]
    assert discreet.violations("Violencia") == ["Violencia"]
