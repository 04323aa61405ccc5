"""What the desk's list says above its rows when the search was widened, written once for the window
and ``dvdesk search``: which words were searched one by one (``app.fallback``: never a silent
reinterpretation), how many items of other kinds match but are left out of the list, and that a
query longer than the search box holds was cut (``MAX_QUERY_CHARS``). The
sentences are the window's labels (``N_``, context ``ResultsPane``: the window translates them with
its ``self.tr``); the command line prints them in Japanese, without the window's link.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from dvdesk.app.desk_query import MAX_QUERY_CHARS, DeskCount
from dvdesk.domain.translatable import N_, as_written

Tr = Callable[[str], str]  # a label in the interface language (the window's ``self.tr``)

# The context is written out in each call: lupdate reads a literal, not a name (i18n update would drop them).
WORDS_FIRST = N_("ResultsPane", "{words}の語で探した結果を先に、入力した文のままで見つかったものを後に並べました。")
WORDS_AFTER = N_("ResultsPane", "入力した文のままで見つかった{n}件の後に、{words}の語で探した結果を並べました。")
WORDS_ONLY = N_("ResultsPane", "入力した文のままでは見つからないため、{words}の語で探しました。")
OTHER_KINDS_AT_LEAST = N_("ResultsPane", 'ほかに啓発・庁内の取組 {n}件以上 — <a href="show">表示</a>')
OTHER_KINDS = N_("ResultsPane", 'ほかに啓発・庁内の取組 {n}件 — <a href="show">表示</a>')
TOO_LONG = N_("ResultsPane", "検索語は{n}文字までです（それより後は使っていません）。")
_LINK = re.compile(r"\s*—\s*<a [^>]*>[^<]*</a>")


def widened(words: Sequence[str], as_typed: int, typed_last: bool = False, tr: Tr = as_written) -> str:
    """Which words were searched one by one, below (or above) which rows; "" when none were."""
    if not words:
        return ""
    quoted = "".join(f"『{w}』" for w in words)
    if typed_last:
        text = tr(WORDS_FIRST)
    elif as_typed:
        text = tr(WORDS_AFTER)
    else:
        text = tr(WORDS_ONLY)
    return text.format(n=as_typed, words=quoted)


def other_kinds(count: DeskCount, tr: Tr = as_written) -> str:
    """The matches of other kinds the list leaves out (with the window's 「表示」 link); "" when none."""
    if count.hidden_at_least:
        return tr(OTHER_KINDS_AT_LEAST).format(n=count.hidden_other_kinds)
    if count.hidden_other_kinds > 0:
        return tr(OTHER_KINDS).format(n=count.hidden_other_kinds)
    return ""


def without_link(text: str) -> str:
    """A sentence of ``other_kinds`` as plain text (the command line's: ``--all`` shows them)."""
    return _LINK.sub("", text)


def too_long(tr: Tr = as_written) -> str:
    """That what was typed was cut at ``MAX_QUERY_CHARS`` (the window: its box is full)."""
    return tr(TOO_LONG).format(n=MAX_QUERY_CHARS)


def cut(text: str) -> tuple[str, str]:
    """What is searched of ``text`` (the window's box holds ``MAX_QUERY_CHARS``), and the sentence
    saying it was cut ("" when it was not)."""
    if len(text) <= MAX_QUERY_CHARS:
        return text, ""
    return text[:MAX_QUERY_CHARS], too_long()
