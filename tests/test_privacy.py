"""The safety net that keeps client-identifying text out of the referral log."""

import datetime as dt

import pytest

from dvdesk.domain.privacy import (
    DEFAULT_CASE_PATTERN,
    NOTE_MAX,
    PersonalDataError,
    check_counselor,
    check_note,
    normalize_case_ref,
    personal_data_problems,
)


@pytest.mark.parametrize(
    ("typed", "stored", "pattern"),
    [
        ("R3-0142", "R3-0142", DEFAULT_CASE_PATTERN),
        ("ｒ３－０１４２", "R3-0142", DEFAULT_CASE_PATTERN),  # full-width, as a Japanese IME types it
        ("r3ー0142", "R3-0142", DEFAULT_CASE_PATTERN),  # 長音記号 typed for a hyphen
        ("DV-25-012", "DV-25-012", "DV-{year}-{n}"),
        ("2025-0142", "2025-0142", "{yyyy}-{n}"),
        ("2025-07-0142", "2025-07-0142", "{yyyy}-{n2}-{n4}"),
        ("H30/12", "H30/12", "{era}{year}/{n}"),
    ],
)
def test_case_references_from_the_paper_file_are_accepted(typed, stored, pattern):
    assert normalize_case_ref(typed, pattern) == stored


@pytest.mark.parametrize(
    ("typed", "why", "pattern"),
    [
        ("", "入力してください", DEFAULT_CASE_PATTERN),
        ("山田花子", "名前や住所", DEFAULT_CASE_PATTERN),
        ("R3 0142", "この窓口の形", DEFAULT_CASE_PATTERN),
        ("hanako", "この窓口の形", DEFAULT_CASE_PATTERN),
        ("Yamada1", "この窓口の形", DEFAULT_CASE_PATTERN),
        ("090-1234-5678", "この窓口の形", DEFAULT_CASE_PATTERN),
        ("a@b1", "この窓口の形", DEFAULT_CASE_PATTERN),
        ("R3-0142-000000001", "この窓口の形", DEFAULT_CASE_PATTERN),
        # What an office's own wider pattern lets through is still checked for a person's shape.
        ("0766-201234", "電話番号", "{n}-{n}"),
        ("123-4567", "郵便番号", "{n}-{n}"),
        ("1-2-3", "住所", "{n}-{n}-{n}"),
        ("12-3-405", "住所", "{n}-{n}-{n}"),
        ("1985-03-12", "生年月日", "{yyyy}-{n2}-{n2}"),
        ("19850312", "生年月日", "{yyyy}{n4}"),
        ("S60.3.12", "生年月日", "{era}{year}.{n}.{n}"),
    ],
)
def test_case_references_that_look_like_a_person_are_refused(typed, why, pattern):
    with pytest.raises(PersonalDataError) as err:
        normalize_case_ref(typed, pattern)
    assert why in err.value.message


@pytest.mark.parametrize(
    "note",
    [
        "市民課に連絡",
        "お子さんの転校手続きについて学校教育課に連絡",
        "2025-07-12に支援措置の申出に同行",
        "2025年7月12日生活保護の申請に同行",
        "彼氏からの暴力について警察に相談",
        "担当者様より折り返しあり",
        "同様の対応を依頼",
        "様式を渡した",
        "課長さんと協議",
        "#8008を案内",
        "7/15 10:00 面談予定",
        "一時保護について県に相談",
    ],
)
def test_notes_about_what_was_done_pass(note):
    today = dt.date(2025, 7, 20)
    assert personal_data_problems(note, today=today) == []
    assert check_note(note, today=today) == note


@pytest.mark.parametrize(
    ("note", "problem"),
    [
        ("市民課の山田さんに連絡", "人の名前"),
        ("ヤマダ様から電話", "人の名前"),
        ("Yamadaさんへ", "人の名前"),
        ("携帯 090-1234-5678", "電話番号"),
        ("連絡先（0766）20-1234", "電話番号"),
        ("０９０－１２３４－５６７８に折り返し", "電話番号"),  # full width
        ("〇九〇一二三四五六七八", "電話番号"),  # kanji numerals
        ("hanako@example.jp に送付", "メールアドレス"),
        ("〒933-0000", "郵便番号"),
        ("933-0000 へ転居", "郵便番号"),
        ("高岡市1-2-3に転居", "住所"),
        ("3丁目のアパート", "住所"),
        ("201号室", "住所"),
        ("1985年3月12日生", "生年月日"),
        ("生年月日を確認", "生年月日"),
        ("口座 1234567", "長い数字"),
    ],
)
def test_notes_with_personal_patterns_are_refused(note, problem):
    with pytest.raises(PersonalDataError) as err:
        check_note(note)
    assert problem in err.value.message


def test_a_public_line_from_the_directory_may_be_named_in_a_note():
    assert personal_data_problems("DV相談＋ 0120-279-889 を案内") == ["電話番号"]
    assert check_note("DV相談＋ 0120-279-889 を案内", frozenset({"0120279889"}))


def test_notes_are_short_and_one_line():
    assert check_note("  市民課に\n連絡  ") == "市民課に 連絡"
    with pytest.raises(PersonalDataError, match=str(NOTE_MAX)):
        check_note("連" * (NOTE_MAX + 1))


def test_the_counselor_name_is_required_and_has_no_numbers():
    assert check_counselor(" 相談員Ａ ") == "相談員A"
    for bad in ("", "090-1234-5678", "a" * 31):
        with pytest.raises(PersonalDataError):
            check_counselor(bad)
