"""The discreet vocabulary: known phrases are reworded, the rest refused, whole words only."""

import pytest

from dvdesk.domain import discreet


@pytest.mark.parametrize(("text", "expected"), [
    ("配偶者暴力相談支援センターの証明書", "相談センターの証明書"),
    ("ＤＶの証明書を持参", "証明書を持参"),
    ("申請のときにdvのことを伝える", "申請のときに事情を伝える"),
    ("DV被害者は単身で入居できる", "対象の方は単身で入居できる"),
    ("住民票の写し等の交付制限（DV等支援措置）", "住民票の写し等の交付制限(支援措置)"),
    ("富山県女性相談センター", "富山県相談センター"),
    ("民間シェルターの確認書", "民間の支援団体の確認書"),
    ("保護命令決定書", "裁判所の命令決定書"),
    ("加害者に知られないように", "相手方に知られないように"),
])
def test_known_phrases_are_reworded(text, expected):
    assert discreet.clean(text) == expected
    assert discreet.violations(discreet.clean(text)) == []


def test_words_without_a_neutral_form_are_refused():
    with pytest.raises(discreet.DiscreetViolation, match="Shelter"):
        discreet.ensure_clean(discreet.clean("Shelter for victims"))
    assert discreet.violations("printed by dvdesk") == ["dvdesk"]
    assert discreet.violations("Violência doméstica") == ["Violência"]
    assert discreet.violations("bạo lực gia đình") == ["bạo lực"]


def test_latin_words_match_whole_words_only():
    assert discreet.violations("advice, advance, DVD") == []
    assert discreet.violations("the DV office") == ["DV"]
    assert discreet.violations("ＤＶ相談") == ["DV相談"]


def test_every_reworded_phrase_is_itself_clean():
    for _, neutral in discreet.REPLACEMENTS:
        assert discreet.violations(neutral) == []
