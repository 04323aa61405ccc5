"""Start-path stand-ins give what they stand in for.

``spellings.spelling_variants`` gives what one regex per kanji/kana pair gave, for every term
of the shipped vocabulary and for the edge cases (it now skips the regex for a term that holds
neither side of a pair: every start reads every synonym through it twice). ``detail_html.escape``
gives what ``html.escape`` gives (the window's start no longer imports ``html``)."""

from __future__ import annotations

import html
import re
import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dvdesk import paths
from dvdesk.domain import japanese
from dvdesk.domain.spellings import _AFTER_KANA, _KANA_SPELLINGS, spelling_variants
from dvdesk.gui.detail_html import escape


def reference(term: str) -> list[str]:
    """The rule as first written: one substitution per pair and direction, in order."""
    variants = []
    for kanji, kana in _KANA_SPELLINGS:
        for old, new in ((kanji, kana), (kana, kanji)):
            variant = re.sub(_AFTER_KANA + re.escape(old), new, term)
            if variant != term:
                variants.append(variant)
    return variants


def shipped_terms() -> list[str]:
    doc = tomllib.loads((paths.resources_dir() / "directory" / "synonyms.toml").read_text(encoding="utf-8"))
    return [japanese.normalize(t).strip() for group in doc["group"] for t in group["terms"]]


def test_every_shipped_term_gets_the_variants_the_regex_rule_gives() -> None:
    terms = shipped_terms()
    assert len(terms) > 500
    changed = [t for t in terms if reference(t)]
    assert len(changed) >= 10  # the vocabulary does hold such terms (泊まる所, 行くところがない …)
    for term in terms:
        assert spelling_variants(term) == reference(term), term


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("住む所がない", ["住むところがない", "住む所が無い"]),  # each pair alone
        ("住むところがない", ["住む所がない", "住むところが無い"]),
        ("住所", []),  # 所 after a kanji: no variant
        ("事務所", []),
        ("ところ", []),  # nothing before it
        ("お金がない", ["お金が無い"]),
        ("分からない", ["分から無い"]),  # 分から at the start: only the ない after ら
        ("わからない", ["わから無い"]),
        ("泊まる所と寝る所", ["泊まるところと寝るところ"]),  # every place at once, as re.sub does
        ("服がほしいのに無い", ["服がほしいのにない", "服が欲しいのに無い"]),  # pairs in their order
        ("", []),
    ],
)
def test_edge_cases_agree_with_the_regex_rule(term: str, expected: list[str]) -> None:
    assert reference(term) == expected  # the case means what its comment says
    assert spelling_variants(term) == expected


@pytest.mark.parametrize("text", ["", "a&b", "<b>秘</b>", "\"'&amp;", "&&<<>>", "職員のみ", "x' onclick='y"])
def test_escape_is_html_escape(text: str) -> None:
    assert escape(text) == html.escape(text)


@settings(derandomize=True, max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from("&<>\"'a秘 ;#x27"), max_size=30) | st.text(max_size=30))
def test_escape_is_html_escape_for_any_text(text: str) -> None:
    assert escape(text) == html.escape(text)
