"""The desk's list: what one keystroke shows (``DeskSearch.desk_search``: services, the procedures and
departments the words name, a department by what it handles, the items of other kinds named by
them, a safety query's lines first: ``dvdesk search`` prints the same), the need tree's counts, and
the start-up probe's services-only list.
"""

from __future__ import annotations

import functools
from collections.abc import Collection
from typing import NamedTuple

from dvdesk.app import fallback, safety_first
from dvdesk.app.desk_query import (
    ORGANIZATION_LIMIT,
    OTHER_KINDS_COUNT_CAP,
    PROCEDURE_LIMIT,
    SAFETY_POOL,
    DeskCount,
    DeskQuery,
    DeskResult,
    NeedRow,
    merge_hits,
)
from dvdesk.app.desk_reads import DeskReads, _need_vocabulary
from dvdesk.domain.directory_views import NeedNode, need_nodes
from dvdesk.domain.record_kinds import ServiceKind
from dvdesk.domain.search import Searcher, SearchHit, SearchQuery
from dvdesk.domain.search_handlers import handling_departments, names_a_topic
from dvdesk.domain.search_words import SynonymTable, fallback_words, searched_words, searches_only_partner
from dvdesk.domain.sql_rows import PlainRows

# directory.need_tree's needs: the live ones in their order (counts come from the searcher).
_NEEDS_SQL = (
    "SELECT id, key, label_ja, label_en, description, parent_id FROM needs WHERE NOT retired ORDER BY sort_order"
)


class _NeedRow(NamedTuple):
    id: int
    key: str
    label_ja: str
    label_en: str
    description: str
    parent_id: int | None


class DeskSearch(DeskReads):
    """The searches of ``DeskData`` (see ``DeskReads`` for how they read)."""

    # The fallback's word lists (``_word_rows``), for the searcher they were read with.
    _kept_for: Searcher | None = None
    _kept_words: dict[tuple[object, ...], tuple[tuple[SearchHit, ...], bool]]

    def search(self, query: DeskQuery) -> list[SearchHit]:
        return self.desk_search(query).hits

    def desk_search(self, query: DeskQuery) -> DeskResult:
        """The list's first ``query.limit`` rows: text, municipality and kinds filtered in the
        database; several needs are a union.

        With typed words, the list also holds the procedures and departments they name, and the
        prevention/internal items whose *name* holds them even when only client services are
        shown (labelled by the kind column). Every source is read only as deep as the page (one
        row more, to tell whether the list goes on), so a longer ``limit`` gives the same first
        rows and then the next ones; how many there are in all is ``desk_count``.
        A driver error (locked, full, damaged) comes as a StorageError.
        """
        with self._reading() as source:
            searcher = self._searcher_for(source)
            first = self._words_first(searcher, query)
            if first:  # what was typed names only him: her words' rows, then what it found
                rows, partial, typed = self._by_words_first(searcher, query, first, query.limit + 1)
                page = rows[: query.limit]
                hits = searcher.complete(page) if partial else page
                return DeskResult(hits, len(rows) > query.limit, tuple(first), typed, typed_last=True)
            rows, partial = self._rows(searcher, query, max(query.limit + 1, fallback.FEW))
            words, as_typed = self._fallback_words(searcher, query, rows), len(rows)
            if words:  # below what the phrase found: what its words find, one by one
                rows, also_partial = self._by_words(searcher, query, words, rows)
                partial = partial or also_partial
            page = rows[: query.limit]
            hits = searcher.complete(page) if partial else page
            return DeskResult(hits, len(rows) > query.limit, tuple(words), as_typed if words else 0)

    def _rows(
        self, searcher: Searcher, query: DeskQuery, depth: int, handlers: bool = True
    ) -> tuple[list[SearchHit], bool]:
        """The list's first ``depth`` rows or more (a safety query's pool), and whether they were read
        only as far as ranking needs (``Searcher.complete`` reads the rows shown whole). ``handlers``:
        whether a department may be listed by what it handles (not in one word's list of a sentence)."""
        need = self._safety_need(searcher, query)
        if need is None:
            lists = _sources(searcher, query, depth, handlers=handlers)
            return merge_hits(lists, sum(len(x) for x in lists)), False
        # A safety query: the lines reachable now first among what a 200-deep read finds (as the
        # list always did); below that pool the rank holds, so the pages after it follow on. The
        # pool's rows carry only what ranks and orders them; the rows shown are then read whole.
        # Items of the kinds not asked never move (they are not lines of the kinds shown: tier
        # REST, in their rank), so they are read only as deep as the page, like any list's.
        lists = _sources(
            searcher, query, max(depth, SAFETY_POOL), reach_only=True, named_depth=depth, handlers=handlers
        )
        merged = merge_hits(lists, sum(len(x) for x in lists))
        pool = {(h.item, h.service_id) for hits in lists for h in hits[:SAFETY_POOL]}
        head = [h for h in merged if (h.item, h.service_id) in pool]
        tail = [h for h in merged if (h.item, h.service_id) not in pool]
        return self._safety_first(searcher, query, need, head) + tail, True

    def _fallback_words(self, searcher: Searcher, query: DeskQuery, rows: list[SearchHit]) -> list[str]:
        """The words searched one by one when the phrase found fewer than ``fallback.FEW`` rows (``rows``
        were read at least that deep, so fewer means that is all there is); none otherwise."""
        if len(rows) >= fallback.FEW or not query.text.strip():
            return []
        return fallback_words(query.text, searcher.synonyms)

    def _words_first(self, searcher: Searcher, query: DeskQuery) -> list[str]:
        """Her content words, when every word the phrase searches names who he is (相手から逃れたい:
        相手 alone found 相手方の健康保険 and 保護命令 first, the DV lines nowhere near); none otherwise."""
        if not query.text.strip() or not searches_only_partner(query.text, searcher.synonyms):
            return []
        return fallback_words(query.text, searcher.synonyms)

    def _by_words_first(
        self, searcher: Searcher, query: DeskQuery, words: list[str], depth: int
    ) -> tuple[list[SearchHit], bool, int]:
        """What the words find (fused), then what the phrase found that they did not, to ``depth``
        rows of its own at least; whether rows were read only partly; how many the phrase found of
        those. Nothing the phrase finds is left out: it comes after."""
        merged, safety = self._word_lists(searcher, query, words, ())
        listed = {(h.item, h.service_id) for h in merged}
        rows, partial = self._rows(searcher, query, depth + len(listed))
        typed = [h for h in rows if (h.item, h.service_id) not in listed]
        return merged + typed, partial or safety, len(typed)

    def _by_words(
        self, searcher: Searcher, query: DeskQuery, words: list[str], rows: list[SearchHit]
    ) -> tuple[list[SearchHit], bool]:
        """``rows`` (all the phrase found), then what each word finds (its own list, with the
        ranking's rules: a safety word puts the lines first), fused (``fallback.merge_by_words``);
        and whether a safety word's rows were read only partly (``_rows``)."""
        merged, safety = self._word_lists(searcher, query, words, {(h.item, h.service_id) for h in rows})
        return rows + merged, safety

    def _word_lists(
        self, searcher: Searcher, query: DeskQuery, words: list[str], shown: Collection[tuple[str, int]]
    ) -> tuple[list[SearchHit], bool]:
        """Each word's list fused (``fallback.merge_by_words``, rows in ``shown`` left out), and
        whether a safety word's rows were read only partly."""
        lists, safety = [], set()
        for n, word in enumerate(words):
            found, for_safety = self._word_rows(searcher, query, word)  # read partly: a safety word
            lists.append(list(found))
            if for_safety:
                safety.add(n)
        return fallback.merge_by_words(lists, shown, safety), bool(safety)

    def _word_rows(self, searcher: Searcher, query: DeskQuery, word: str) -> tuple[tuple[SearchHit, ...], bool]:
        """One word's list, ``fallback.DEPTH`` deep. Kept for the searcher (rebuilt when the data
        changes) and the minute (a safety word's order reads the hour): typing a sentence asks for
        the same words at every keystroke (DV, 酒, 飲 … as 夫が酒を飲むと暴れる grows)."""
        when = query.at or self.clock()
        key = (word, query.municipality_code, query.need_keys, query.kinds, when.replace(second=0, microsecond=0))
        if self._kept_for is not searcher or len(self._kept_words) > fallback.KEPT_WORDS:
            self._kept_for, self._kept_words = searcher, {}
        if key not in self._kept_words:
            one = query._replace(text=word, at=when)  # a word of what she says: no department by topic
            found, partial = self._rows(searcher, one, fallback.DEPTH, handlers=False)
            self._kept_words[key] = (tuple(found[: fallback.DEPTH]), partial)
        return self._kept_words[key]

    def desk_count(self, query: DeskQuery) -> DeskCount:
        """How many rows ``desk_search`` has in all (what scrolling to the end reaches) and how many
        matches of other kinds it leaves out (stopping at ``OTHER_KINDS_COUNT_CAP`` past the named
        ones). A count reads every match: the window asks once its first page is shown."""
        with self._reading() as source:
            searcher = self._searcher_for(source)
            count = self._count(searcher, query)
            if first := self._words_first(searcher, query):  # every row the phrase finds, after the words'
                rows = self._by_words_first(searcher, query, first, count.total + 1)[0]
                return count._replace(total=len(rows))
            if count.total >= fallback.FEW or not query.text.strip():
                return count
            rows, _partial = self._rows(searcher, query, fallback.FEW)
            words = self._fallback_words(searcher, query, rows)
            if not words:
                return count
            # The list goes on with what the words find (desk_search): its length is what scrolling reaches.
            return count._replace(total=len(self._by_words(searcher, query, words, rows)[0]))

    def _count(self, searcher: Searcher, query: DeskQuery) -> DeskCount:
        """What the words as typed find in all (``desk_count`` without the fallback)."""
        keys = list(query.need_keys) or None
        base = SearchQuery(query.text, query.municipality_code, None, query.kinds)
        total = searcher.count(base, need_keys=keys)
        if not query.text.strip():
            return DeskCount(total)
        items = _items(searcher, query)  # the procedures and departments: a few, read whole
        total += len({(h.item, h.service_id) for hits in items for h in hits})
        other = frozenset(ServiceKind) - query.kinds
        if not other:
            return DeskCount(total)
        wider = base._replace(kinds=other)
        named = searcher.count_named(wider, need_keys=keys)
        cap = OTHER_KINDS_COUNT_CAP + named
        counted = searcher.count(wider, at_most=cap, need_keys=keys)
        return DeskCount(total + named, counted - named, counted >= cap)

    def _safety_need(self, searcher: Searcher, query: DeskQuery) -> str | None:
        """The safety need a query asks for (a chosen safety need, or words naming one), if the
        directory knows it; None for any other query."""
        need = safety_first.safety_need(_said(searcher, query.text), query.need_keys, self._words(searcher))
        return need if need is not None and searcher.knows_need(need) else None

    def _safety_first(
        self, searcher: Searcher, query: DeskQuery, need: str | None, hits: list[SearchHit]
    ) -> list[SearchHit]:
        """For a safety query (``need``), the lines reachable now first (see app.safety_first);
        any other query keeps its rank. ``hits`` were read ``SAFETY_POOL`` deep for it. The need's
        lines among them are those of the kinds asked that are on the need (what a search with
        the need finds of them), read for these rows only."""
        if need is None:
            return hits
        when = query.at or self.clock()
        # Being on the need moves only a line with a phone not known to be closed now: only those are looked up.
        ids = [h.service_id for h in hits if h.kind in query.kinds and safety_first.need_matters(h, when)]
        children_aside = self._children_aside(searcher, query)
        keys = [need, safety_first.SAFETY_NEED] + ([safety_first.CHILD_NEED] if children_aside else [])
        found = searcher.on_needs(ids, keys)  # one read for the three
        on_need, for_safety = found[need], found[safety_first.SAFETY_NEED]
        aside = found[safety_first.CHILD_NEED] if children_aside else set()
        ordered = safety_first.order_for_safety(hits, on_need, when, for_safety, aside)
        # A row of a kind she did not ask for is shown only because its name holds the words (庁内の取組
        # 配偶者暴力相談支援センターの設置検討): labelled, it stays, after the services she can turn to.
        asked = [h for h in ordered if not h.is_service or h.kind in query.kinds]
        return asked + [h for h in ordered if h.is_service and h.kind not in query.kinds]

    def _words(self, searcher: Searcher) -> safety_first.NeedVocabulary:
        """Which typed words name which need: built with the searcher (``DeskReads``)."""
        return self._vocabulary or _need_vocabulary(searcher.sql)

    def _children_aside(self, searcher: Searcher, query: DeskQuery) -> bool:
        """Whether the lines for children go aside (read with the need's, one statement): on a DV
        or shelter query the child-abuse line 189 (安全確保, 24 hours) goes after the DV lines,
        #8778 and the police; with 子ども, 児童 or 虐待 typed (or a child need chosen) it keeps its place."""
        if not searcher.knows_need(safety_first.CHILD_NEED):
            return False
        return not safety_first.names_children(_said(searcher, query.text), query.need_keys, self._words(searcher))

    def needs(self, municipality_code: str | None, kinds: Collection[ServiceKind]) -> list[NeedRow]:
        """The need tree, counted exactly as the result list will count it (sub-needs included)."""
        with self._reading() as source:
            searcher = self._searcher_for(source)
            if isinstance(source, PlainRows):  # the quick start: the same tree from plain rows
                tree = need_nodes([_NeedRow(*r) for r in source.rows(_NEEDS_SQL)], {})
            else:
                from dvdesk.domain import directory

                tree = directory.need_tree(source.session)

            def count(key: str) -> int:  # what len(search(...)) would be, without ranking
                return searcher.count(SearchQuery("", municipality_code, key, frozenset(kinds)))

            def row(node: NeedNode) -> NeedRow:
                return NeedRow(
                    node.key,
                    node.label_ja,
                    node.label_en,
                    node.description,
                    count(node.key),
                    tuple(row(c) for c in node.children),
                )

            return [row(n) for n in tree]

    def search_services(self, query: SearchQuery) -> list[SearchHit]:
        """Services only, in the searcher's ranking (safety first, as on the desk, when the query
        asks for safety): the start-up probe's search. ``dvdesk search`` shows ``desk_search``."""
        with self._reading() as source:
            searcher = self._searcher_for(source)
            desk = DeskQuery(
                query.text,
                query.municipality_code,
                (query.need_key,) if query.need_key else (),
                query.kinds,
                query.limit,
            )
            need = self._safety_need(searcher, desk)
            if need is None:
                return searcher.search(query)
            hits = searcher.search(query._replace(limit=max(query.limit, SAFETY_POOL)))
            return self._safety_first(searcher, desk, need, hits)[: query.limit]


def _said(searcher: Searcher, text: str) -> str:
    """What was typed and the words its phrases are searched as: a need is named by either (逃げてきた
    holds no term, and is searched as 逃げる, a word of the shelter: a safety query, as 逃げたい is)."""
    return _said_words(searcher.synonyms, text) if text.strip() else text


@functools.lru_cache(maxsize=256)  # asked twice a keystroke (the need, children aside), and each keystroke
def _said_words(synonyms: SynonymTable, text: str) -> str:
    return " ".join([text, *searched_words(text, synonyms)])


def _sources(
    searcher: Searcher,
    query: DeskQuery,
    depth: int,
    reach_only: bool = False,
    named_depth: int | None = None,
    handlers: bool = True,
) -> list[list[SearchHit]]:
    """The lists the desk's list merges, each its exact top ``depth``: per chosen need, the
    services; with typed words, the procedures and departments named, and the services of the
    other kinds whose name holds the words (their top ``named_depth``, default ``depth``).
    ``reach_only``: see ``Searcher.search`` (the other kinds named: ``rank_only``)."""
    keys = query.need_keys or (None,)
    queries = [SearchQuery(query.text, query.municipality_code, key, query.kinds, depth) for key in keys]
    with searcher.names_shared():  # the names' index read once for the services and the other kinds
        lists = [searcher.search(q, reach_only) for q in queries]
        if query.text.strip():
            lists += _items(searcher, query, handlers)
            other = frozenset(ServiceKind) - query.kinds
            if other:
                named = [q._replace(kinds=other, limit=named_depth or depth) for q in queries]
                # A safety query never lifts these (not lines of the kinds shown): their rank is enough.
                lists += [searcher.search_named(q, rank_only=reach_only) for q in named]
    return lists


def _items(searcher: Searcher, query: DeskQuery, handlers: bool = True) -> list[list[SearchHit]]:
    """The procedures and departments the typed words name, per chosen need (at most
    ``PROCEDURE_LIMIT`` and ``ORGANIZATION_LIMIT`` of each), and, when the words are topic words
    (``search_handlers.names_a_topic``: 住宅, not 家を出たい), the department found by what it
    handles (below those named)."""
    handlers = handlers and names_a_topic(query.text, searcher.synonyms)
    lists = []
    for key in query.need_keys or (None,):
        q = SearchQuery(query.text, query.municipality_code, key, query.kinds)
        procedures = searcher.search_procedures(q, PROCEDURE_LIMIT)
        named = searcher.search_organizations(q, ORGANIZATION_LIMIT)
        lists += [procedures, named]
        if handlers:
            lists.append(handling_departments(searcher, q, procedures, named))
    return lists
