"""Which measure (取組) of a plan's new version is which measure of the plan as the directory holds it.

A new edition of a plan may renumber its measures: one inserted before others shifts their
numbers up, one removed shifts them down. Services name a measure and departments are in charge
of one through its row, so pairing the rows by number alone would hand the services of 「保育」
to 「就労」 when 就労 takes 保育's number: a silent wrong link. ``pair`` pairs them in this order:

1. the same number and the same title: the same measure;
2. of those left, a title (else a text, 取組内容) found once among the old and once among the new:
   the same measure, renumbered if its number moved; found more than once on a side, the pairing
   cannot be told (``Pairing.ambiguous``) and the write is refused (``problem``);
3. of those left, the same number: the same measure retitled in place, but only when no number
   moved; in a renumbered plan such a pair is a guess, so the old measure counts as removed (its
   links are said to be lost, ``link_loss``) and the new one as new.

The writer (``admin.records.Writer``), the previews (``admin.link_loss``), the edit's check
(``admin.validation``) and the bundled loader (``storage.bundle_writer``) all pair with this one
function, so a preview says what the write does. No imports: the domain's, for every layer.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Item = Mapping[str, Any]  # a measure as a plan's snapshot holds it: number, title, content, …


@dataclass(frozen=True)
class Pairing:
    pairs: dict[str, str]  # old number -> new number, for each measure found in both
    ambiguous: tuple[str, ...]  # the titles (or texts) that name more than one measure on a side

    @property
    def renumbered(self) -> dict[str, str]:
        return {old: new for old, new in self.pairs.items() if old != new}


def _said(text: object) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text or "")).split())


def pair(old: Sequence[Item], new: Sequence[Item]) -> Pairing:
    """Pair the measures of ``old`` (the directory's) with those of ``new`` (the incoming)."""
    pairs: dict[str, str] = {}
    new_by_number = {str(i.get("number", "")): i for i in new}
    for item in old:
        number = str(item.get("number", ""))
        same = new_by_number.get(number)
        if same is not None and _said(same.get("title")) == _said(item.get("title")):
            pairs[number] = number
    ambiguous: list[str] = []
    for what in ("title", "content"):
        left_old = [i for i in old if str(i.get("number", "")) not in pairs]
        taken = set(pairs.values())
        left_new = [i for i in new if str(i.get("number", "")) not in taken]
        for text in dict.fromkeys(_said(i.get(what)) for i in left_old):
            if not text:
                continue
            olds = [i for i in left_old if _said(i.get(what)) == text]
            news = [i for i in left_new if _said(i.get(what)) == text]
            if not news:
                continue
            if len(olds) > 1 or len(news) > 1:
                if what == "title":
                    ambiguous.append(str(olds[0].get(what, "")))
                continue
            pairs[str(olds[0].get("number", ""))] = str(news[0].get("number", ""))
    if not any(o != n for o, n in pairs.items()):  # nothing renumbered: a title edited in place
        taken = set(pairs.values())
        for item in old:
            number = str(item.get("number", ""))
            if number not in pairs and number in new_by_number and number not in taken:
                pairs[number] = number
    return Pairing(pairs, tuple(dict.fromkeys(ambiguous)))


def problem(old: Sequence[Item], new: Sequence[Item]) -> str:
    """The one-line refusal when the pairing cannot be told ("" when it can), in Japanese."""
    found = pair(old, new).ambiguous
    if not found:
        return ""
    named = "、".join(f"「{t}」" for t in found[:3])
    return (
        f"番号の変わった取組{named}は同じ題名の取組が複数あり、どの取組を引き継ぐか判断できません"
        "（サービスや担当部署の紐付けが別の取組に移るおそれがあります）。題名を区別してください"
    )
