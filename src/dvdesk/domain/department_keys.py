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
    """One label per department, all different (see the module's rules)."""
    keys = list(dict.fromkeys(keys))
    several_towns = len({k.municipality for k in keys if k.municipality}) > 1
    by_name: dict[str, int] = defaultdict(int)
    for k in keys:
        by_name[k.name] += 1
    labels = {k: k.with_town if several_towns or by_name[k.name] > 1 else k.name for k in keys}
    alike: dict[str, list[DepartmentKey]] = defaultdict(list)
    for k, label in labels.items():
        alike[label].append(k)
    for label, same in alike.items():
        if len(same) > 1:  # a town and name kept twice: only the directory's ids tell them apart
            for k in same:
                if k.organization_id is not None:
                    labels[k] = f"{label}（ID {k.organization_id}）"
    return labels
