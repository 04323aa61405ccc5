from dvdesk.domain import japanese


def test_width_case_and_kana_fold_to_one_form():
    assert japanese.normalize("ＤＶ") == japanese.normalize("DV") == japanese.normalize("dv") == "dv"
    assert japanese.normalize("しぇるたー") == japanese.normalize("シェルター")
    assert japanese.normalize("ｼｪﾙﾀｰ") == japanese.normalize("シェルター")


def test_index_tokens_are_bigrams_plus_final_character():
    assert japanese.index_tokens("住宅課") == "住宅 宅課 課"
    assert japanese.index_tokens("夜") == "夜"
    # punctuation and spaces separate words; bigrams never cross them
    assert japanese.index_tokens("月〜水・金") == "月 水 金"


def test_phrase_for_one_character_is_a_prefix_query():
    assert japanese.phrase_for("夜") == '"夜"*'
    assert japanese.phrase_for("住宅課") == '"住宅 宅課"'
