"""A translation is used only when it says everything the Japanese says: one that leaves out the
caution (「支援措置は自動で更新されません」), the hours or a thing to bring — a translator's slip
in a file or a data package — would otherwise print a foreign copy without it, silently, because
its fingerprint still matches. Such a translation is treated as missing: the copy prints the
Japanese under the note in her language."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from checklist_support import compact
from dvdesk.domain import checklist as cl
from dvdesk.domain import translations as tr
from dvdesk.domain.disclosure import Audience, checklist_for
from dvdesk.printing import print_languages
from dvdesk.printing.checklist_html import build_checklist

DEPT = cl.Department("test.dept", "テスト課")
ITEM = cl.ChecklistItem(
    kind=cl.ItemKind.PROCEDURE,
    key="test.proc",
    name="住民票の支援措置",
    department=DEPT,
    description="住民票の写しの交付を制限する申出です。",
    what_to_bring=("本人確認書類", "申出書"),
    caution="1年ごとに更新が必要です。自動では更新されません。",
    hours="平日 8:30〜17:15",
)
FULL = tr.Entry(
    tr.item_fingerprint(ITEM),
    "Support measure",
    "Restricts copies of your residence record.",
    ("Photo ID", "Application form"),
    "Renew every year; it is not automatic.",
    "Weekdays 8:30-17:15",
)


@pytest.mark.parametrize(
    "gap",
    [
        {"caution": ""},
        {"hours": ""},
        {"description": ""},
        {"what_to_bring": ("Photo ID",)},
    ],
)
def test_a_translation_that_leaves_out_a_field_is_not_used(gap):
    translations = tr.Translations("en", {ITEM.key: dataclasses.replace(FULL, **gap)})
    assert translations.for_item(ITEM) is None
    c = cl.Checklist("162027", "高岡市").add(ITEM)
    doc = build_checklist(checklist_for(c, Audience.CLIENT), "en", dt.date(2026, 12, 1), translations=translations)
    text = compact(doc.plain_text())
    assert compact(print_languages.strings("en").untranslated) in text
    assert compact(ITEM.caution) in text and compact(ITEM.hours) in text  # the Japanese, whole


def test_a_whole_translation_is_used():
    translations = tr.Translations("en", {ITEM.key: FULL})
    assert translations.for_item(ITEM) == FULL
    c = cl.Checklist("162027", "高岡市").add(ITEM)
    doc = build_checklist(checklist_for(c, Audience.CLIENT), "en", dt.date(2026, 12, 1), translations=translations)
    assert "it is not automatic" in doc.plain_text()


def test_every_shipped_translation_in_use_is_whole(bundled_db):
    """The shipped files meet the rule (they would otherwise fall back to Japanese)."""
    from sqlalchemy import select

    from dvdesk.domain.models import Procedure

    with bundled_db.read() as s:
        items = [cl.procedure_item(p) for p in s.scalars(select(Procedure).where(Procedure.retired.is_(False)))]
        for lang in tr.LANGUAGES:
            loaded = tr.load(s, lang)
            raw = {k: e for k, e in loaded.entries.items() if not k.endswith(tr.DISCREET)}
            current = [i for i in items if (e := raw.get(i.key)) and e.source_hash == tr.item_fingerprint(i)]
            assert current and all(loaded.for_item(i) is not None for i in current), lang
