"""Which department a count or a referral belongs to, and the name a reader tells it apart by.

A department's name is not who it is: 子育て支援課 exists in many towns, and a shared server or a
national directory holds several. A count or a referral target belongs to the directory's
department while it exists (its id), else to the town and name kept on the row (a department
deleted since, or a name typed in that the directory never had). Two of them never share a row of
a report; each row is labelled so a reader can tell them apart:

- the plain name, as a one-town desk has always read it;
- the town before the name (「高岡市　住宅課」) on every row of a table holding departments of more
  than one town, and wherever two departments share a name;
- 「（ID 12）」 after the two or more directory departments still alike (one town, one name).

A department deleted and made again (same town, same name) stays one row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class DepartmentKey:
    organization_id: int | None  # the directory's department; None once deleted, or never there
    municipality: str  # kept on the row: "" for a national agency or a name typed in
    name: str

    @property
    def with_town(self) -> str:
        return f"{self.municipality}\u3000{self.name}" if self.municipality else self.name


def department_labels(keys: Iterable[DepartmentKey]) -> dict[DepartmentKey, str]:
    """One label per department, different for different departments (see the module's rules).

    A department gone from the directory reads as the one department of its town and name still
    there (deleted and made again, as the name-keyed tally always took it): they share a label, so
    the report adds them in one row. With two or more of that town and name still there, it is
    left apart."""
    keys = list(dict.fromkeys(keys))
    live: dict[tuple[str, str], list[DepartmentKey]] = defaultdict(list)
    for k in keys:
        if k.organization_id is not None:
            live[(k.municipality, k.name)].append(k)

    def same_as(k: DepartmentKey) -> DepartmentKey:
        there = live.get((k.municipality, k.name), [])
        return there[0] if k.organization_id is None and len(there) == 1 else k

    groups = list(dict.fromkeys(same_as(k) for k in keys))
    several_towns = len({k.municipality for k in groups if k.municipality}) > 1
    by_name: dict[str, int] = defaultdict(int)
    for k in groups:
        by_name[k.name] += 1
    labels = {k: k.with_town if several_towns or by_name[k.name] > 1 else k.name for k in groups}
    alike: dict[str, list[DepartmentKey]] = defaultdict(list)
    for k, label in labels.items():
        alike[label].append(k)
    for label, same in alike.items():
        if len(same) > 1:  # one town and name, several departments: only the directory's ids tell them apart
            for k in same:
                if k.organization_id is not None:
                    labels[k] = f"{label}（ID {k.organization_id}）"
    return {k: labels[same_as(k)] for k in keys}
