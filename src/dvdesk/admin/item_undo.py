"""Undoing changes to a record's sub-records (an organisation's contacts) by what they hold.

The history addresses a contact by its place when the edit was saved (``contacts.1.phone``,
``contacts.2``: ``diff.field_changes`` compares the lists position by position). Edits since may have
inserted or removed contacts, so a place then is not a place now. The undo is worked out on the list
as it stood right after the edit (``then``: the list now with every later edit of the record taken
back, place by place, which is exact there), giving the list the undo wants (``wanted``); that change
is then carried onto the list as it stands now, each contact found by its content (``difflib``). A
contact the undo must change or remove that is no longer there as it was is refused, never guessed.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable
from difflib import SequenceMatcher
from typing import Any

Item = dict[str, Any]


class ChangedSince(Exception):
    """The contact at ``index`` of the list then (its ``field``, if one) is not found as it was."""

    def __init__(self, index: int, field: str | None = None):
        super().__init__(index, field)
        self.index, self.field = index, field


def stored(value: Any) -> Any:
    """A value as the history stores it (JSON), so a value read now compares with one recorded."""
    return None if value is None else json.loads(json.dumps(value, ensure_ascii=False, default=str))


def _key(item: Any) -> str:
    return json.dumps(stored(item), ensure_ascii=False, sort_keys=True)


def _loaded(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def take_back(items: list[Item], rows: Iterable[Any]) -> list[Item]:
    """``items`` with the history ``rows`` (paths ``name.N`` or ``name.N.field`` of one list, in undo
    order) taken back place by place. ``ChangedSince`` when a row's new value is not where it says."""
    out = copy.deepcopy(items)
    for r in rows:
        parts = r.field.split(".")
        index, old, new = int(parts[1]), _loaded(r.old_value), _loaded(r.new_value)
        if len(parts) == 2 and new is None:  # removed: back in its place (clamped to the end)
            out.insert(min(index, len(out)), copy.deepcopy(old))
            continue
        if index >= len(out):
            raise ChangedSince(index, parts[2] if len(parts) > 2 else None)
        if len(parts) == 2:
            if stored(out[index]) != stored(new):
                raise ChangedSince(index)
            if old is None:
                del out[index]
            else:
                out[index] = copy.deepcopy(old)
        else:
            if stored(out[index].get(parts[2])) != stored(new):
                raise ChangedSince(index, parts[2])
            out[index][parts[2]] = copy.deepcopy(old)
    return out


Order = Callable[[list[Any]], list[Any]]


def list_then(now: list[Item], later_edits: list[list[Any]], order: Order) -> list[Item] | None:
    """The list right after the edit being undone: ``now`` with ``later_edits`` (each the rows of one
    later edit of this list, oldest edit first) taken back, newest first. None when the history does not
    add up (a change made without a history row): then nobody can say where a contact stood."""
    items = now
    try:
        for rows in reversed(later_edits):
            items = take_back(items, order(rows))
    except ChangedSince:
        return None
    return items


def carry(then: list[Item], wanted: list[Item], now: list[Item]) -> list[Item]:
    """``now`` with the change from ``then`` to ``wanted`` made on the same contacts, found by content."""
    if _key_list(then) == _key_list(now):
        return copy.deepcopy(wanted)
    pos = _matched(then, now)
    taken = set(pos.values())
    out: dict[int, list[Item]] = {w: [item] for w, item in enumerate(now)}
    before: dict[int, list[Item]] = {}
    ops = SequenceMatcher(None, _key_list(then), _key_list(wanted), autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                w = pos.get(i)
                if w is None:
                    w = _changed_since(then[i], wanted[j], now, taken, i)
                    taken.add(w)
                    patched = copy.deepcopy(now[w])
                    patched.update({f: copy.deepcopy(v) for f, v in wanted[j].items() if then[i].get(f) != v})
                    out[w] = [patched]
                else:
                    out[w] = [copy.deepcopy(wanted[j])]
            continue
        for i in range(i1, i2):  # removed by the undo: only as it was
            if i not in pos:
                raise ChangedSince(i)
            out[pos[i]] = []
        if j2 > j1:
            before.setdefault(_anchor(pos, i1, len(now)), []).extend(copy.deepcopy(wanted[j1:j2]))
    result: list[Item] = []
    for w in range(len(now) + 1):
        result += before.get(w, [])
        result += out.get(w, [])
    return result


def _key_list(items: list[Item]) -> list[str]:
    return [_key(item) for item in items]


def _matched(then: list[Item], now: list[Item]) -> dict[int, int]:
    """Place then -> place now of the contacts unchanged since, in their order."""
    blocks = SequenceMatcher(None, _key_list(then), _key_list(now), autojunk=False).get_matching_blocks()
    return {a + k: b + k for a, b, size in blocks for k in range(size)}


def _anchor(pos: dict[int, int], i: int, size: int) -> int:
    """Where, now, goes what the undo puts at place ``i`` then: after the nearest contact before it
    that is still there, else before the nearest after it, else at the start."""
    earlier = [p for p in pos if p < i]
    if earlier:
        return pos[max(earlier)] + 1
    later = [p for p in pos if p >= i]
    return pos[min(later)] if later else (0 if i == 0 else size)


def _changed_since(old: Item, new: Item, now: list[Item], taken: set[int], index: int) -> int:
    """A contact edited since in fields the undo leaves alone: the one contact now, not matched to another,
    whose fields the undo changes still hold what the edit wrote, most like it in the others."""
    fields = [f for f in set(old) | set(new) if old.get(f) != new.get(f)]
    fits = [
        w
        for w, item in enumerate(now)
        if w not in taken and all(stored(item.get(f)) == stored(old.get(f)) for f in fields)
    ]
    score = {w: sum(stored(now[w].get(f)) == stored(v) for f, v in old.items()) for w in fits}
    best = [w for w in fits if score[w] == max(score.values())] if fits else []
    if len(best) != 1:
        raise ChangedSince(index, fields[0] if len(fields) == 1 else None)
    return best[0]
