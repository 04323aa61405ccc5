"""Field-by-field differences between two snapshots of a record.

A change is addressed by a path: "phone" for a field, "contacts.1.phone" for a field of the
second contact, "contacts.2" for a whole contact added (old None) or removed (new None). The
same paths are kept in the history and shown in the import preview, and ``set_path`` puts an
old value back when a change is undone.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dvdesk.admin.kinds import WHOLE_RECORD, Kind
from dvdesk.admin.records import Snapshot
from dvdesk.domain.translatable import N_

WHOLE = ""  # the path of a whole record (created, or removed)
YES, NO, UNCHOSEN = N_("AdminLabels", "はい"), N_("AdminLabels", "いいえ"), N_("AdminLabels", "（未選択）")


@dataclass(frozen=True)
class FieldChange:
    path: str
    label: str
    old: Any
    new: Any


def field_changes(kind: Kind, old: Snapshot | None, new: Snapshot | None) -> list[FieldChange]:
    """What differs, in field order. A record that did not exist is one change at WHOLE."""
    if old is None or new is None:
        return [FieldChange(WHOLE, WHOLE_RECORD, old, new)]
    changes = []
    for f in kind.fields:
        before, after = old.get(f.name, f.empty()), new.get(f.name, f.empty())
        if before == after:
            continue
        if f.type != "items":
            changes.append(FieldChange(f.name, f.label, before, after))
            continue
        for i in range(max(len(before), len(after))):
            path = f"{f.name}.{i}"
            if i >= len(before) or i >= len(after):
                item_old = before[i] if i < len(before) else None
                item_new = after[i] if i < len(after) else None
                changes.append(FieldChange(path, kind.label_of(path), item_old, item_new))
                continue
            for sub in f.items:
                a, b = before[i].get(sub.name), after[i].get(sub.name)
                if a != b:
                    sub_path = f"{path}.{sub.name}"
                    changes.append(FieldChange(sub_path, kind.label_of(sub_path), a, b))
    return changes


def get_path(snap: Snapshot, path: str) -> Any:
    parts = path.split(".")
    value: Any = snap[parts[0]]
    if len(parts) > 1:
        index = int(parts[1])
        value = value[index] if index < len(value) else None
        if len(parts) > 2 and value is not None:
            value = value.get(parts[2])
    return value


def set_path(snap: Snapshot, path: str, value: Any) -> Snapshot:
    """A copy of ``snap`` with ``value`` at ``path``. For a whole sub-record, None removes it and
    a dict inserts it at that position (clamped to the end of the list)."""
    out = copy.deepcopy(snap)
    parts = path.split(".")
    if len(parts) == 1:
        out[parts[0]] = copy.deepcopy(value)
        return out
    items = out[parts[0]]
    index = int(parts[1])
    if len(parts) == 2:
        if value is None:
            if index < len(items):
                del items[index]
        else:
            items.insert(min(index, len(items)), copy.deepcopy(value))
        return out
    if index >= len(items):
        raise IndexError(path)
    items[index][parts[2]] = copy.deepcopy(value)
    return out


def describe(value: Any) -> str:
    """A value as an administrator reads it in the history or the import preview."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, list):
        return "\n".join(describe(v) for v in value)
    if isinstance(value, dict):
        return " / ".join(f"{k}: {describe(v)}" for k, v in value.items() if v not in ("", [], None, False))
    return str(value)


def display(kind: Kind, path: str, value: Any, names: dict[tuple[str, str], str] | None = None) -> str:
    """Like ``describe``, in the words of the form: choice labels, and names instead of keys."""
    names = names or {}
    parts = path.split(".") if path else []
    f = next((x for x in kind.fields if parts and x.name == parts[0]), None)
    if f is not None and len(parts) == 3:
        f = next((x for x in f.items if x.name == parts[2]), None)
    elif f is not None and len(parts) == 2 and isinstance(value, dict):
        return " / ".join(
            display(kind, f"{path}.{sub.name}", value.get(sub.name), names)
            for sub in f.items
            if value.get(sub.name) not in ("", None, [], False)
        )
    if f is None or value is None:
        return describe(value)
    if f.type == "choice":
        labels = {getattr(k, "value", k): v for k, v in f.choices.items()}
        return labels.get(value, describe(value)) if value != "" else UNCHOSEN
    if f.type == "ref":
        return names.get((f.target, value), value) if value else ""
    if f.type == "refs" or (f.type == "texts" and f.choices):
        lookup: Callable[[str], str] = (
            (lambda k: names.get((f.target, k), k)) if f.type == "refs" else (lambda k: f.choices.get(k, k))
        )
        return "、".join(lookup(k) for k in value)
    if f.type == "texts" and f.name == "languages":
        return "、".join(value)
    if f.type == "items":
        return "\n".join(display(kind, f"{path}.{i}", item, names) for i, item in enumerate(value))
    return describe(value)
