"""Search that understands the desk (issue 14): what a counselor types, on the shipped directory."""

from __future__ import annotations

from datetime import datetime

import pytest
from benchmarks.search_quality import HELDOUT, HELDOUT2, HELDOUT3, HELDOUT4, QUERIES, cases, evaluate
from sqlalchemy import select

from dvdesk.app.directory_queries import DeskData, DeskQuery
from dvdesk.domain import japanese
from dvdesk.domain.models import Confidentiality, ContactPoint, Organization, Service, ServiceKind
from dvdesk.domain.search import PROCEDURE, Searcher, SearchQuery, SynonymTable
from dvdesk.domain.search_words import found_in, phrase_words, typed_words

TAKAOKA, KUNITACHI = "162027", "132152"
# Measured on this 197-query set at benchmarks.search_quality.AT: recall@5 0.904, MRR 0.915, success@5 1.000
# (h14-recall2; before: 0.902 / 0.915 / 1.000; before 保護 named the shelter and 「話を聞いてほしい」 had
# words: 0.891 / 0.903 / 0.990; main before the safety order and the colloquial/number/English words:
# 0.812 / 0.838 / 0.883).
# h14-recall3 added 26 colloquial queries (what a client says) to tune on: the 223 score 0.854 / 0.861 / 0.951
# on main d49155a, 0.890 / 0.913 / 1.000 after (the first 197 alone: 0.904 / 0.915 → 0.904 / 0.926 / 1.000).
# h14-recall4 added 21 sentences with no word of the vocabulary (the fallback's tuning): the 244 score 0.823 /
# 0.855 / 0.930 on main 31b9174, 0.862 / 0.904 / 0.988 after (the first 223 alone unchanged: 0.890 / 0.918 / 1.000).
# h13-search2 added 13 sentences a client says in her first minutes (昨夜逃げてきた, 所持金がない …): the 271 score
# 0.859 / 0.888 / 0.970 on main a11fcf4, 0.892 / 0.917 / 0.996 after (time words, verb phrases in her forms,
# the city's DV consultation after the lines).
RECALL_FLOOR, MRR_FLOOR, SUCCESS_FLOOR = 0.85, 0.89, 0.98
# The held-out set (written before any search was run on it; never tuned against): before issue 14's
# phrase, reading and English work 0.614 / 0.621 / 0.677; reached 0.891 / 0.900 / 0.990 (h14-recall2: 0.895 /
# 0.905 / 0.995).
# h14-recall4: 0.902 / 0.911 / 0.995.
# h14-search9 added 28 held-out queries (written before any search ran on them): the 223 score 0.907 / 0.911 /
# 0.996 on main 9843825, 0.907 / 0.914 / 0.996 with the spellings tied to their terms (the 28 alone: 0.964 /
# 0.912 / 1.000 → 0.964 / 0.918 / 1.000).
HELDOUT_RECALL_FLOOR, HELDOUT_MRR_FLOOR, HELDOUT_SUCCESS_FLOOR = 0.89, 0.90, 0.99
# The second held-out set (h14-recall2, written before any search was run on it): 0.830 / 0.802 / 0.866 on
# the search it was written against, 0.837 / 0.817 / 0.881 after h14-recall2's changes (never tuned on it).
# h14-recall3 (never tuned on it either): 0.852 / 0.827 / 0.896.
# h14-recall4 (the fallback for a phrase that finds too little; never tuned on it): 0.897 / 0.879 / 0.940.
HELDOUT2_RECALL_FLOOR, HELDOUT2_MRR_FLOOR, HELDOUT2_SUCCESS_FLOOR = 0.88, 0.86, 0.92
# The third held-out set (h14-recall3, mostly what a client says; written and committed before any search
# ran on it): 0.509 / 0.588 / 0.701 on main d49155a, 0.501 / 0.585 / 0.687 after h14-recall3 (its vocabulary
# and phrase rules did not reach these phrases: the floor guards against losing more).
# h14-recall4's fallback (a sentence's content words searched one by one, said on screen) and client words per
# need: 0.601 / 0.705 / 0.836 (totals only, never read query by query).
HELDOUT3_RECALL_FLOOR, HELDOUT3_MRR_FLOOR, HELDOUT3_SUCCESS_FLOOR = 0.59, 0.69, 0.82
# The fourth held-out set (h13-search2, the other 13 of the first-minutes family, written before the search was
# tuned): 0.350 / 0.357 / 0.462 on main a11fcf4, 0.821 / 0.885 / 1.000 after (totals only).
HELDOUT4_RECALL_FLOOR, HELDOUT4_MRR_FLOOR, HELDOUT4_SUCCESS_FLOOR = 0.80, 0.86, 0.92
TUESDAY_3AM = datetime(2026, 12, 1, 3, 0)


def desk(db, text, municipality=None, **kw):
    return DeskData(db).desk_search(DeskQuery(text, municipality, **kw))


def counts(db, text, municipality=None, **kw):
    return DeskData(db).desk_count(DeskQuery(text, municipality, **kw))


def test_the_counselor_query_set_is_large_and_covers_both_cities():
    found = cases()
    assert len(found) >= 150
    assert {c.municipality for c in found} == {TAKAOKA, KUNITACHI, ""}  # "": 全市区町村
    assert {c.klass for c in found} == {"short", "variant", "colloquial", "department", "procedure", "phone", "english"}
    assert any(len(c.query) <= 2 for c in found) and any(c.query.startswith(("#", "0", "1")) for c in found)
    assert {"0120-279-889", "0120279889", "ｼｪﾙﾀｰ", "しぇるたー", "お金がない", "殴られた"} <= {c.query for c in found}


def _assert_floors(db, path, floors):
    result = evaluate(db, path)
    assert result["recall_at_5"] >= floors[0], result["misses"]
    assert result["mrr"] >= floors[1], result["misses"]
    assert result["success_at_5"] >= floors[2], result["misses"]


# The floors are measured on SQLite in the quick tier; the server gives the same hits in the same order
# (tests/test_search_engines.py asks it a sample of both sets quickly, every query in the thorough tier),
# and the thorough tier measures both floors on the server too.
def test_recall_at_5_on_the_counselor_queries_stays_above_its_floor(bundled_db_ro):
    _assert_floors(bundled_db_ro, QUERIES, (RECALL_FLOOR, MRR_FLOOR, SUCCESS_FLOOR))


@pytest.mark.slow
def test_recall_at_5_on_both_query_sets_stays_above_its_floors_on_the_server(pg_cluster):
    import pg_support

    db, name = pg_support._server_copy(pg_cluster, "tpl_bundled", pg_support._setup_bundled)
    try:
        _assert_floors(db, QUERIES, (RECALL_FLOOR, MRR_FLOOR, SUCCESS_FLOOR))
        _assert_floors(db, HELDOUT, (HELDOUT_RECALL_FLOOR, HELDOUT_MRR_FLOOR, HELDOUT_SUCCESS_FLOOR))
        _assert_floors(db, HELDOUT2, (HELDOUT2_RECALL_FLOOR, HELDOUT2_MRR_FLOOR, HELDOUT2_SUCCESS_FLOOR))
        _assert_floors(db, HELDOUT3, (HELDOUT3_RECALL_FLOOR, HELDOUT3_MRR_FLOOR, HELDOUT3_SUCCESS_FLOOR))
    finally:
        db.close()
        pg_cluster.drop_database(name)


def test_every_relevant_key_of_the_query_sets_is_a_record_of_the_bundled_directory(bundled_db_ro):
    from benchmarks.search_quality import _item_keys

    known = set(_item_keys(bundled_db_ro).values())
    for path in (QUERIES, HELDOUT, HELDOUT2, HELDOUT3, HELDOUT4):
        assert not {k for c in cases(path) for k in c.relevant} - known, path  # no invented or misspelt record


def test_the_held_out_set_is_large_separate_and_covers_both_cities():
    held_out = cases(HELDOUT)
    assert len(held_out) >= 80
    assert not {(c.query, c.municipality) for c in held_out} & {(c.query, c.municipality) for c in cases()}
    assert {c.municipality for c in held_out} == {TAKAOKA, KUNITACHI, ""}
    assert {c.klass for c in held_out} == {c.klass for c in cases()}


def test_recall_at_5_on_the_held_out_queries_stays_above_its_floor(bundled_db_ro):
    _assert_floors(bundled_db_ro, HELDOUT, (HELDOUT_RECALL_FLOOR, HELDOUT_MRR_FLOOR, HELDOUT_SUCCESS_FLOOR))


def test_the_second_held_out_set_is_separate_covers_both_cities_and_stays_above_its_floor(bundled_db_ro):
    second = cases(HELDOUT2)
    assert len(second) >= 60
    earlier = {(c.query, c.municipality) for path in (QUERIES, HELDOUT) for c in cases(path)}
    assert not {(c.query, c.municipality) for c in second} & earlier
    assert {c.municipality for c in second} == {TAKAOKA, KUNITACHI, ""}
    assert {c.klass for c in second} == {c.klass for c in cases()}
    result = evaluate(bundled_db_ro, HELDOUT2)
    assert result["recall_at_5"] >= HELDOUT2_RECALL_FLOOR, result["misses"]
    assert result["mrr"] >= HELDOUT2_MRR_FLOOR, result["misses"]
    assert result["success_at_5"] >= HELDOUT2_SUCCESS_FLOOR, result["misses"]


def test_the_third_held_out_set_is_what_a_client_says_separate_and_stays_above_its_floor(bundled_db_ro):
    third = cases(HELDOUT3)
    assert len(third) >= 60 and sum(c.klass == "colloquial" for c in third) >= 50
    earlier = {c.query for path in (QUERIES, HELDOUT, HELDOUT2) for c in cases(path)}
    assert not {c.query for c in third} & earlier  # no phrase of another set, in any municipality
    assert {c.municipality for c in third} == {TAKAOKA, KUNITACHI, ""}
    _assert_floors(bundled_db_ro, HELDOUT3, (HELDOUT3_RECALL_FLOOR, HELDOUT3_MRR_FLOOR, HELDOUT3_SUCCESS_FLOOR))


def test_a_typed_phrase_stands_for_the_words_the_directory_holds():
    table = SynonymTable.from_groups(
        [
            ["逃げたい", "シェルター"],
            ["子ども", "児童"],
            ["預け先", "保育所"],
            ["離婚届", "不受理申出"],
            ["けが", "病院"],
        ]
    )
    # と after a child is who comes along (session 16; as を連れて): what she needs is to get away.
    assert phrase_words("子どもと逃げたい", table) == ["逃げたい"]
    assert phrase_words("住所を知られたくない", table) == ["住所"]  # no term: its nouns
    assert phrase_words("勝手に離婚届", table) == ["離婚届"]  # a term found: the other nouns are context
    assert phrase_words("子どもを預けたい", table) == ["子ども", "預け先"]  # a verb's stem begins a term
    assert phrase_words("けがをした", table) == ["けが"]  # all in hiragana
    # Not phrases: a compound with okurigana, a noun phrase joined by の, a term, a word in kana, and
    # a long run of hiragana (a page pasted by mistake still finds nothing, not 相談's list).
    for whole in ("子育て支援課", "生活保護の申請", "逃げたい", "しぇるたー", "シェルター", "相談" + "あ" * 20):
        assert phrase_words(whole, table) == [japanese.normalize(whole)], whole


def test_who_acted_is_context_when_the_phrase_says_what_happened():
    """彼氏に殴られた: 彼氏 (a term: dating DV) marked by に is who acted; what happened is the need.
    Both kept, the search found only a card naming both (issue 14.1: two-thing phrases)."""
    table = SynonymTable.from_groups(
        [["殴られた", "安全確保"], ["彼氏", "デートDV"], ["逃げたい", "シェルター"], ["子ども", "児童"], ["暴力", "DV"]]
    )
    assert phrase_words("彼氏に殴られた", table) == ["殴られた"]
    assert phrase_words("彼氏から逃げたい", table) == ["逃げたい"]
    # を連れて, と一緒に: who comes along; what she needs is to get away (h14-recall3: the two together
    # found only the child-abuse line). The safety order still reads 子ども in the whole text (189 comes up).
    assert phrase_words("子どもを連れて逃げたい", table) == ["逃げたい"]
    assert phrase_words("子どもと一緒に逃げたい", table) == ["逃げたい"]
    assert phrase_words("子どもに暴力", table) == ["子ども", "暴力"]  # no verb: both are the need
    assert phrase_words("彼氏に", table) == ["彼氏"]


def test_who_she_speaks_of_is_context_but_not_whom_she_wants_to_talk_to():
    table = SynonymTable.from_groups(
        [
            ["怖い", "安全確保"],
            ["彼氏", "デートDV"],
            ["弁護士", "法律相談"],
            ["話したい", "面接相談"],
            ["子ども", "児童"],
        ]
    )
    assert phrase_words("彼氏が怖い", table) == ["怖い"]  # が: who she fears
    assert phrase_words("弁護士と話したい", table) == ["弁護士", "話したい"]  # と: the need itself
    assert phrase_words("子どもが心配", table) == ["子ども"]  # no verb term: the noun is the need
    # A noun written in kana is no verb (子ども ends in も): it does not make 彼氏 context.
    assert phrase_words("彼氏が子ども", table) == ["彼氏", "子ども"]


def test_a_verb_is_read_through_its_stem_and_a_word_in_either_writing():
    table = SynonymTable.from_groups(
        [
            ["怒鳴られる", "暴力"],
            ["脅される", "DV"],
            ["住む所がない", "住宅"],
            ["言葉がわからない", "通訳"],
            ["住所", "住民票"],
        ]
    )
    assert phrase_words("怒鳴られている", table) == ["怒鳴られる"]  # two kanji, then its ending
    assert phrase_words("夫に脅されていて", table) == ["脅される"]
    assert phrase_words("住むところがない", table) == ["住むところがない"]  # a term written the other way
    assert table.alternatives("住むところがない") == {"住む所がない", "住宅"}
    assert table.alternatives("言葉が分からない") == {"言葉がわからない", "通訳"}
    assert "住ところ" not in table.expansions  # 所 after a kanji is no kana word: 住所 stays
    assert table.alternatives("住宅") == {"住む所がない"}  # the other writing is no synonym of the rest


@pytest.mark.pg_quick("the desk's phrase search on the server's backend")
def test_what_a_client_says_in_her_own_words_finds_the_place(any_bundled_db_ro):
    """h14-recall3's tuned colloquial queries that found nothing on main d49155a."""
    threatened = [h.name for h in desk(any_bundled_db_ro, "夫に脅されている", KUNITACHI, at=TUESDAY_3AM).hits[:3]]
    assert "DV相談＋" in threatened, threatened
    flat = [h.name for h in desk(any_bundled_db_ro, "アパートを探したい", TAKAOKA).hits[:3]]
    assert "市営住宅の入居配慮（単身入居・待機順番の繰上げ）" in flat, flat
    low = [h.name for h in desk(any_bundled_db_ro, "気分が落ち込んでいる", KUNITACHI).hits[:3]]
    assert "心理カウンセリング" in low, low
    bed = [h.name for h in desk(any_bundled_db_ro, "寝るところがない", TAKAOKA, at=TUESDAY_3AM).hits[:5]]
    assert "一時保護までの緊急避難先の確保" in bed, bed


def test_a_two_thing_phrase_finds_the_lines_for_what_happened(any_bundled_db_ro):
    for typed in ("彼氏に殴られた", "恋人から逃げたい"):
        names = [h.name for h in desk(any_bundled_db_ro, typed, TAKAOKA, at=TUESDAY_3AM).hits[:5]]
        assert "DV相談＋" in names, (typed, names)  # was: one card (彼氏 AND 殴られた)
    names = [h.name for h in desk(any_bundled_db_ro, "元夫につきまとわれている", KUNITACHI).hits[:3]]
    assert "性暴力・ストーカー等の被害者への相談・支援" in names, names  # was: nothing (too long to read)


def test_reducing_a_phrase_never_loses_a_record_that_holds_the_whole_phrase():
    """Every word a phrase stands for lies inside it or is a synonym term: a name holding the whole
    phrase still matches (the reduction only widens the search)."""
    table = SynonymTable.from_groups([["逃げたい", "シェルター"], ["子ども", "児童"], ["離婚届", "不受理申出"]])
    for phrase in ("子どもを連れて逃げたい", "住所を知られたくない", "勝手に離婚届を出された", "お金を借りたい"):
        assert found_in(f"「{phrase}」ときの相談", typed_words(phrase, table)), phrase


def test_a_term_with_spaces_is_one_word():
    table = SynonymTable.from_groups([["legal advice", "法律相談"], ["ほこ あ ほこ", "話しスペース"]])
    assert table.split_words("Legal  advice now") == ["legal advice", "now"]
    assert table.split_words("ﾎｺ ｱ ﾎｺ") == ["ほこ あ ほこ"]
    assert table.split_words("legal") == ["legal"]


@pytest.mark.pg_quick("the desk's phrase search on the server's backend")
def test_what_a_client_says_finds_the_procedure_or_the_line(any_bundled_db_ro):
    """Issue 14's held-out queries that found nothing before: a phrase, a reading typed unconverted,
    English typed by an interpreter."""
    top = desk(any_bundled_db_ro, "住所を知られたくない", TAKAOKA).hits[:5]
    assert "住民票の写し等の交付制限（DV等支援措置）の申出" in [h.name for h in top]  # was: nothing at all
    assert desk(any_bundled_db_ro, "勝手に離婚届", KUNITACHI).hits[0].name == "離婚届の不受理申出"
    police = [h.name for h in desk(any_bundled_db_ro, "けいさつ", TAKAOKA).hits[:3]]
    assert {"警察相談専用電話", "110番（緊急通報）", "警察への相談"} == set(police)
    legal = [h.name for h in desk(any_bundled_db_ro, "legal advice", TAKAOKA).hits[:3]]
    assert "女性弁護士による無料法律相談" in legal
    first = desk(any_bundled_db_ro, "死にたい", KUNITACHI, at=TUESDAY_3AM).hits[0]
    assert (first.name, first.always_open) == ("DV相談＋", True)  # a line answering now, not nothing


def test_a_synonym_applies_inside_a_compound(any_bundled_db_ro):
    table = SynonymTable.from_groups([["障がい", "障害", "しょうがい"], ["障がい者", "しょうがいしゃ"]])
    assert {"障がい者", "しょうがい者", "しょうがいしゃ"} <= set(table.spellings("障害者"))
    with any_bundled_db_ro.read() as session:
        names = [h.name for h in Searcher(session).search(SearchQuery("障害者", TAKAOKA))]
    assert names[0] == "生活保護・障がい者支援等の説明と手続き"  # was: nothing at all


def test_a_department_named_by_the_query_is_found(any_bundled_db_ro):
    top = desk(any_bundled_db_ro, "障害", KUNITACHI).hits[0]
    assert (top.item, top.name) == ("organization", "しょうがいしゃ支援課")


def test_an_item_whose_name_holds_the_query_ranks_above_one_that_only_mentions_it(any_bundled_db_ro):
    result = desk(any_bundled_db_ro, "デートDV", KUNITACHI)
    first = result.hits[0]
    # A prevention measure, shown (and labelled by its kind) although only client services are listed.
    assert (first.name, first.kind) == ("デートDV防止リーフレットの配布", ServiceKind.PREVENTION)
    assert [h.name for h in result.hits].index("相談窓口カード") > 0


def test_other_kinds_that_only_mention_the_words_are_counted_not_hidden_silently(any_bundled_db_ro):
    result = desk(any_bundled_db_ro, "住民票", TAKAOKA)
    shown = {h.name for h in result.hits}
    counted = counts(any_bundled_db_ro, "住民票", TAKAOKA)
    assert counted.hidden_other_kinds > 0 and counted.total == len(result.hits)
    wider = desk(any_bundled_db_ro, "住民票", TAKAOKA, kinds=frozenset(ServiceKind))
    assert len({h.name for h in wider.hits} - shown) == counted.hidden_other_kinds


def test_procedures_are_found_as_procedures_with_their_department(any_bundled_db_ro):
    for text, name, department in [
        ("住民票", "住民票の写し等の交付制限（DV等支援措置）の申出", "市民課"),
        ("マイナンバー", "マイナ保険証・マイナポータルの閲覧制限の届出", "保険年金課"),
    ]:
        top = desk(any_bundled_db_ro, text, TAKAOKA).hits[0]
        assert (top.item, top.name, top.provider) == (PROCEDURE, name, department), text
    # 閲覧制限 is a synonym of 交付制限 and 支援措置: the restriction procedures (マイナポータル by
    # name; 税証明, 支援措置 at the new address and 住民票 through the synonyms), nothing else, lead.
    top = [(h.item, h.name) for h in desk(any_bundled_db_ro, "閲覧制限", TAKAOKA).hits[:4]]
    assert all(item == PROCEDURE for item, _ in top)
    assert (PROCEDURE, "住民票の写し等の交付制限（DV等支援措置）の申出") in top


def test_for_a_safety_need_the_line_to_call_comes_first(any_bundled_db_ro):
    hits = desk(any_bundled_db_ro, "シェルター", TAKAOKA, at=TUESDAY_3AM).hits
    names = [h.name for h in hits]
    # Lines answering now (DV相談＋, day and night), then the shelter's own line (#8778 was row
    # 27 of 28; its hours are not written), then the procedure and the shelters themselves.
    assert (names[0], hits[0].phone, hits[0].always_open) == ("DV相談＋", "0120-279-889", True)
    assert names.index("女性相談支援センター 全国共通番号（#8778）") < 4
    assert "一時保護（富山県女性相談支援センターと連携）" in names[:10]
    need_only = desk(any_bundled_db_ro, "", TAKAOKA, need_keys=("safety.shelter",), at=TUESDAY_3AM).hits
    assert need_only[0].phone
    police = desk(any_bundled_db_ro, "警察", KUNITACHI, at=TUESDAY_3AM).hits
    assert all(h.phone for h in police[:2])  # #9110 and 110 before the procedure and the police station


def test_the_phone_shown_is_one_a_client_may_be_given(mini_db):
    with mini_db.write() as s:
        org = s.scalars(select(Organization).where(Organization.name == "住宅課")).one()
        org.contacts = [
            ContactPoint(label="内線", phone="0766-00-0001", confidentiality=Confidentiality.STAFF),
            ContactPoint(label="代表", phone="0766-00-0002", hours="平日 8:30〜17:15"),
        ]
    hit = next(h for h in desk(mini_db, "住宅").hits if h.name == "市営住宅の入居配慮")
    assert (hit.phone, hit.hours) == ("0766-00-0002", "平日 8:30〜17:15")
    with mini_db.write() as s:
        s.scalars(select(ContactPoint).where(ContactPoint.phone == "0766-00-0002")).one().confidentiality = "staff"
        service = s.scalars(select(Service).where(Service.name == "市営住宅の入居配慮")).one()
        assert service.phone == ""
    hit = next(h for h in desk(mini_db, "住宅").hits if h.name == "市営住宅の入居配慮")
    assert hit.phone == "" and hit.has_phone  # a number exists, but only for staff: never listed


def test_counting_other_kinds_stops_at_its_cap_and_says_at_least(bundled_db_ro, monkeypatch):
    """Nationally a common word matches 100,000 services of other kinds: the count stops at the
    cap and the result says 'at least', never a smaller number presented as exact."""
    from dvdesk.app import desk_search

    full = counts(bundled_db_ro, "相談")
    assert full.hidden_other_kinds > 3 and not full.hidden_at_least
    monkeypatch.setattr(desk_search, "OTHER_KINDS_COUNT_CAP", 3)
    capped = counts(bundled_db_ro, "相談")
    assert capped.hidden_at_least and capped.hidden_other_kinds == 3
    assert capped.total == full.total  # the list itself is whole either way


def test_hogo_alone_brings_the_shelter_line_and_the_shelters_into_the_first_rows(any_bundled_db_ro):
    """「保護」 across all municipalities: the 24-hour line first (safety first), then the shelter's
    own line #8778 and a shelter, where 保護命令 and 生活保護 lines had pushed #8778 to row 7."""
    hits = desk(any_bundled_db_ro, "保護", at=TUESDAY_3AM).hits
    names = [h.name for h in hits]
    assert hits[0].phone and hits[0].always_open
    assert names.index("女性相談支援センター 全国共通番号（#8778）") < 4, names[:8]
    assert "緊急一時保護" in names[:5], names[:8]


def test_wanting_someone_to_listen_finds_the_counselors_and_the_talking_space(any_bundled_db_ro):
    for typed in ("話を聞いてほしい", "誰かに話したい", "聞いてほしい"):
        names = [h.name for h in desk(any_bundled_db_ro, typed, TAKAOKA).hits]
        assert names[0] == "専任相談員による相談（電話・面接）", (typed, names)  # was: nothing at all
        assert "話しスペース「ほこ あ ほこ」" in names[:5], (typed, names)


@pytest.mark.parametrize(
    "typed",
    [
        "０５７０ー０７８３７４",  # a Japanese IME's default: full-width digits, and ー for the hyphen key
        "0570ー078374",
        "0570ｰ078374",
        "０１２０ー２７９ー８８９",
    ],
)
def test_a_phone_number_typed_with_the_long_vowel_mark_finds_its_line(any_bundled_db_ro, typed):
    """In kana mode the hyphen key types ー: between digits it is the number's hyphen, never 0 hits."""
    with_hyphens = typed.replace("ー", "-").replace("ｰ", "-")
    expected = [h.name for h in desk(any_bundled_db_ro, with_hyphens, KUNITACHI).hits]
    assert expected  # 法テラス・サポートダイヤル / DV相談＋
    assert [h.name for h in desk(any_bundled_db_ro, typed, KUNITACHI).hits] == expected


def test_the_fourth_held_out_set_is_what_she_says_first_separate_and_stays_above_its_floor(bundled_db_ro):
    fourth = cases(HELDOUT4)
    assert len(fourth) >= 12 and all(c.klass == "colloquial" for c in fourth)
    assert {c.municipality for c in fourth} == {TAKAOKA, KUNITACHI}
    assert not {(c.query, c.municipality) for c in fourth} & {(c.query, c.municipality) for c in cases()}
    _assert_floors(bundled_db_ro, HELDOUT4, (HELDOUT4_RECALL_FLOOR, HELDOUT4_MRR_FLOOR, HELDOUT4_SUCCESS_FLOOR))
