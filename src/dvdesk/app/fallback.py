"""When what was typed finds (almost) nothing: a sentence a client says may hold no word the
vocabulary knows (夫が酒を飲むと暴れる), and all its nouns together are in no record. Its content words
(``search_words.fallback_words``) are then searched one by one, each with the desk's ranking, and
listed *below* whatever the sentence itself found, which is never hidden. The window says which
words were searched (a silent reinterpretation would be a wrong answer). Plain records, no database.
"""

from __future__ import annotations

from collections.abc import Collection

from dvdesk.domain.search import SearchHit

# The words are searched when the sentence finds fewer rows than this (the list of a sentence that
# finds one or two rows goes on with what its words find).
FEW = 3
# Each word's own list is read this deep: a fixed depth, so the list is the same whatever page is
# asked for (the window fetches it a page at a time) and its length bounded (MAX_FALLBACK_WORDS × DEPTH).
DEPTH = 20
# The word lists kept between keystrokes (desk_search._word_rows), at most this many at once.
KEPT_WORDS = 64


# Reciprocal-rank fusion: a row's score is the sum over the words' lists of 1 / (K + its row there),
# so each word's first rows come first (a safety word's lines stay on top) and a row several words
# found rises. Tried on the tuned set: rows most words found first 0.832 / 0.870, by best row 0.833 /
# 0.874, by the first word 0.832 / 0.872, this 0.833 / 0.872 (recall@5 / MRR): the same within noise.
K = 3


def merge_by_words(
    lists: list[list[SearchHit]], shown: Collection[tuple[str, int]], safety: Collection[int] = ()
) -> list[SearchHit]:
    """One list from each word's list (in the order the words were typed), fused by reciprocal rank,
    then by the first word that found a row, then in the order met. The lists of a safety word (their
    numbers in ``safety``: DV, 殴られた …) come first, in their own order (the lines answering now
    lead, app.safety_first): another word finding one of their rows must not reorder them. Rows in
    ``shown`` are left out."""
    fused: dict[tuple[str, int], tuple[int, float, int, int, SearchHit]] = {}
    for word_no, hits in enumerate(lists):
        tier = 0 if word_no in safety else 1
        for row, hit in enumerate(hits):
            key = (hit.item, hit.service_id)
            if key in shown:
                continue
            best_tier, score, first_word, met, kept = fused.get(key, (tier, 0.0, word_no, len(fused), hit))
            if tier < best_tier:  # met first through another word: a safety word's row after all
                best_tier, score = tier, 0.0
            if tier == best_tier:
                score -= 1 / (K + row)
            fused[key] = (best_tier, score, first_word, met, kept)
    return [entry[4] for entry in sorted(fused.values(), key=lambda e: e[:4])]
