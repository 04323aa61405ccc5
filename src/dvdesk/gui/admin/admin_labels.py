"""The administration's own words in the interface language: kinds of record, field labels,
choices, history actions and report problems.

They are defined once, in Japanese, where ``dvdesk.admin`` defines the thing, marked with
``dvdesk.domain.translatable.N_("AdminLabels", …)`` (no Qt there; lupdate reads the marker), and
translated here when the window shows them; a test checks every label ``dvdesk.admin`` defines is
marked. Names from the data (organisations, needs) pass through unchanged.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from dvdesk.admin import history, verification  # noqa: F401 - their labels are marked on import
from dvdesk.admin.diff import display
from dvdesk.admin.kinds import Field, Kind
from dvdesk.admin.sync import ACTION_LABELS, ChangePlan
from dvdesk.domain import models, translatable  # noqa: F401 - models marks the circumstances

CONTEXT = translatable.ADMIN


def label(text: str) -> str:
    """A label of ``dvdesk.admin`` in the interface language; any other text as it is."""
    if text in translatable.marked(translatable.CIRCUMSTANCE):
        return QCoreApplication.translate(translatable.CIRCUMSTANCE, text)
    return QCoreApplication.translate(CONTEXT, text) if text in translatable.marked(CONTEXT) else text


def kind_label(k: Kind) -> str:
    return label(k.label)


def field_label(f: Field) -> str:
    return label(f.label)


def path_label(k: Kind, path: str) -> str:
    """``Kind.label_of`` in the interface language: "contacts.1.phone" -> "連絡先2 電話番号"."""
    parts = path.split(".")
    top = next((f for f in k.fields if f.name == parts[0]), None)
    if top is None:
        return label(k.label_of(path))
    if len(parts) == 1:
        return field_label(top)
    text = QCoreApplication.translate("AdminLabels", "{field}{number}").format(
        field=field_label(top), number=int(parts[1]) + 1
    )
    if len(parts) == 3:
        sub = next((f for f in top.items if f.name == parts[2]), None)
        text += " " + (field_label(sub) if sub else parts[2])
    return text


def value_text(k: Kind, path: str, value: Any, names: dict[tuple[str, str], str] | None = None) -> str:
    """``dvdesk.admin.diff.display`` in the interface language (choices, yes/no, listed circumstances)."""
    parts = path.split(".") if path else []
    f = next((x for x in k.fields if parts and x.name == parts[0]), None)
    if f is not None and len(parts) == 3:
        f = next((x for x in f.items if x.name == parts[2]), None)
    if f is not None and f.type == "texts" and f.choices and isinstance(value, list):
        choices = f.choices
        return QCoreApplication.translate("AdminLabels", "、").join(
            label(choices[v] if v in choices else v) for v in value
        )
    return label(display(k, path, value, names))


def plan_summary(plan: ChangePlan) -> str:
    """``ChangePlan.summary`` in the interface language: how many records each action touches."""
    each = QCoreApplication.translate("AdminLabels", "{action} {count}件")
    parts = [each.format(action=label(ACTION_LABELS[a]), count=n) for a, n in plan.counts.items() if n]
    parts.append(QCoreApplication.translate("AdminLabels", "変更なし {count}件").format(count=plan.unchanged))
    said = QCoreApplication.translate("AdminLabels", "、").join(parts)
    return f"{said}（{plan.index}）" if plan.index else said  # why the whole search index was rebuilt
