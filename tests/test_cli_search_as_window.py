"""``dvdesk search`` answers what the desk's window answers: the same rows in the same order (services,
the procedures and departments the words name, the other kinds' items named), and the same words when
the search was widened (the words searched one by one, the other kinds left out). Found in hx-try13:
``dvdesk search 夫 -m 高岡市`` listed nothing where the window listed 20."""

import json
from datetime import datetime

import pytest

from dvdesk.app import desk_reads
from dvdesk.app.desk_query import ALL_KINDS, CLIENT_KINDS, MAX_QUERY_CHARS, PAGE, DeskQuery
from dvdesk.app.directory_queries import DeskData
from dvdesk.cli import main

TAKAOKA, KUNITACHI = "162027", "132152"
TUESDAY_10AM = datetime(2026, 12, 1, 10, 0)

QUERIES = [
    (["夫"], None),
    (["旦那に殴られた"], None),
    (["逃げたい"], None),
    (["住民票"], None),
    (["０５７０ー０７８３７４"], None),
    (["じゅうみんひょう"], None),
    (["金"], None),  # one character
    ([], "safety"),  # a need only
    (["相談"], None),  # other kinds left out of the list
    (["相談", "--all"], None),  # every kind
    (["夫", "--all"], None),
    (["旦那に叩かれる"], None),  # violence, stalking, being watched: the police (session 13)
    (["ストーカー"], None),
    (["GPS"], None),
]

WORDS_FIRST = "{words}の語で探した結果を先に、入力した文のままで見つかったものを後に並べました。"
WORDS_AFTER = "入力した文のままで見つかった{n}件の後に、{words}の語で探した結果を並べました。"
WORDS_ONLY = "入力した文のままでは見つからないため、{words}の語で探しました。"


class _Tuesday(datetime):
    @classmethod
    def now(cls, tz=None):  # type: ignore[override]
        return TUESDAY_10AM


@pytest.fixture
def desk(bundled_db, monkeypatch):
    monkeypatch.setattr(desk_reads, "datetime", _Tuesday)  # one clock for the window and the command
    monkeypatch.setenv("DVDESK_DB", str(bundled_db.path))
    return DeskData(bundled_db)


def _row(h) -> tuple[str, int]:
    return (h.get("item", "service"), h.get("id", h["service_id"]))  # a row without "item" was a service


def test_the_command_line_lists_what_the_window_lists_and_says_what_it_says(desk, capsys):
    differences = []
    for city in (TAKAOKA, KUNITACHI):
        for words, need in QUERIES:
            typed, kinds = [w for w in words if w != "--all"], ALL_KINDS if "--all" in words else CLIENT_KINDS
            query = DeskQuery(" ".join(typed), city, (need,) if need else (), kinds, limit=PAGE)
            window = desk.desk_search(query)  # what SearchController.run_now shows
            count = desk.desk_count(query)  # what it says once counted
            argv = ["search", *words, "-m", city, "--json"] + (["--need", need] if need else [])
            assert main(argv) == 0
            out, err = capsys.readouterr()
            listed = [_row(h) for h in json.loads(out)]
            shown = [(h.item, h.service_id) for h in window.hits]
            if listed != shown:
                differences.append((city, words, need, listed[:5], shown[:5]))
            quoted = "".join(f"『{w}』" for w in window.words)
            if window.typed_last:
                said = WORDS_FIRST.format(words=quoted)
            elif window.as_typed:
                said = WORDS_AFTER.format(n=window.as_typed, words=quoted)
            else:
                said = WORDS_ONLY.format(words=quoted)
            if window.words and said not in err:
                differences.append((city, words, "not said", said, err))
            if not window.words and "の語で探" in err:
                differences.append((city, words, "said without widening", err))
            hidden = f"ほかに啓発・庁内の取組 {count.hidden_other_kinds}件"
            if count.hidden_other_kinds and hidden not in err:
                differences.append((city, words, "other kinds not said", hidden, err))
    assert differences == []


def test_the_command_line_finds_for_a_word_naming_only_him(desk, capsys):
    """The case found: 夫 alone, in 高岡市."""
    assert main(["search", "夫", "-m", "高岡市", "--json"]) == 0
    out, err = capsys.readouterr()
    hits = json.loads(out)
    assert len(hits) >= 10 and any("DV" in h["name"] or "配偶者" in h["name"] for h in hits[:5])
    assert "の語で探した結果を先に" in err


def test_procedures_found_by_search_are_listed_with_what_they_are(desk, capsys):
    """The window lists the procedures the words name (住民票: the DV support measure); so does the
    command line, each row saying what it is, a procedure's id never passed off as a service's."""
    assert main(["search", "住民票", "-m", "高岡市", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    procedures = [h for h in hits if h["item"] == "procedure"]
    assert procedures and all(h["service_id"] is None and h["key"] for h in procedures)
    assert all(h["service_id"] == h["id"] for h in hits if h["item"] == "service")
    assert main(["search", "住民票", "-m", "高岡市"]) == 0
    text = capsys.readouterr().out
    lines = [line for line in text.splitlines() if "[手続き]" in line]
    assert len(lines) == len(procedures)
    for line, procedure in zip(lines, procedures, strict=True):
        assert line.split()[0] == "-" and line.endswith(
            f"キー: {procedure['key']}"
        )  # not its id, which is no service's


def test_a_paste_longer_than_the_search_box_is_cut_where_the_window_cuts_it_and_said(desk, capsys):
    """The window's box holds 100 characters (a whole page took seconds and found nothing) and says
    so; the command line searched all of it, another answer for the same paste."""
    typed = "夫から逃げたい" + "あ" * 150
    window = desk.desk_search(DeskQuery(typed[:MAX_QUERY_CHARS], TAKAOKA, limit=PAGE))
    assert main(["search", typed, "-m", TAKAOKA, "--json"]) == 0
    out, err = capsys.readouterr()
    assert [_row(h) for h in json.loads(out)] == [(h.item, h.service_id) for h in window.hits]
    assert f"検索語は{MAX_QUERY_CHARS}文字までです（それより後は使っていません）。" in err


def test_several_needs_are_one_list_as_in_the_window(desk, capsys):
    """The window's need tree takes several needs (a union); so does --need, given again."""
    window = desk.desk_search(DeskQuery("", KUNITACHI, ("housing", "money"), limit=PAGE))
    assert main(["search", "-m", KUNITACHI, "--need", "housing", "--need", "money", "--json"]) == 0
    listed = [_row(h) for h in json.loads(capsys.readouterr().out)]
    assert listed == [(h.item, h.service_id) for h in window.hits] and len(listed) > 1
