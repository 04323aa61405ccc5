"""From the window to the paper, in every language the client copy is printed in (h15-print).

The every-combination tiers (``test_print_complete``, ``test_client_copies``) build their foreign
copies without the records' translations, so every item there prints in Japanese under the
"not translated" note: the copies a counselor actually hands out in English, Portuguese, Chinese,
Vietnamese or やさしい日本語 (translated headings, longer lines, other fonts) were never read back
from paper. Here the checklist is built in the dialog (many needs, every circumstance, both
bundled cities), saved as a PDF from its print box as she would, and its text read back with
poppler: every item and place the window lists, in her language, in order; each translated thing
to bring and caution; every phone number whole on one line and on the page of its place's name;
no staff-only text; and on the discreet copy none of the words it may never say.
"""

from __future__ import annotations

import pytest

from checklist_support import compact, poppler_page_texts
from dvdesk.domain import checklist as cl
from dvdesk.domain import discreet as words
from dvdesk.domain import translations
from dvdesk.domain.disclosure import Audience, checklist_for
from dvdesk.gui.checklist_dialog import ChecklistDialog
from dvdesk.printing.print_languages import LANGUAGES
from print_check import assert_places_whole, assert_text_layer_is_the_layout, body_pages

NEEDS = {
    "高岡市": ["safety", "housing", "children", "money", "legal", "insurance_pension", "info_protection", "health"],
    "国立市": ["safety", "housing", "children", "money", "legal", "insurance_pension", "info_protection", "foreign"],
}
STAFF_WORDS = ("職員メモ", "職員のみ", "内線", "出典", "職員用")
# Her note, longer than a page: its paragraph is parted by a page break on every copy, the discreet one too.
LONG_NOTE = "\n".join(f"メモ {n}: 書類を用意して、窓口の受付時間（9:00〜17:00）に行く" for n in range(1, 71))


def _cases():
    """Each foreign language in each city; half in the quick tier (a city that turns), all in the thorough one."""
    for m, muni in enumerate(NEEDS):
        for n, lang in enumerate(code for code in LANGUAGES if code != "ja"):
            yield pytest.param(muni, lang, marks=pytest.mark.slow if (m + n) % 2 else (), id=f"{lang}-{muni}")


def _as_printed(text: str) -> str:
    # The Chinese font's ToUnicode gives 「・」 (U+30FB) back as U+00B7: the same dot on paper.
    return text.replace("\u00b7", "\u30fb")


def _in_order(flat: str, expected: tuple[str, ...]) -> list[str]:
    missing, at = [], 0
    for line in expected:
        pos = flat.find(compact(line), at)
        if pos < 0:
            missing.append(line)
        else:
            at = pos + len(compact(line))
    return missing


@pytest.mark.parametrize(("muni", "lang"), list(_cases()))
def test_the_copy_in_her_language_holds_what_the_window_lists(qtbot, bundled_db, tmp_path, monkeypatch, muni, lang):
    d = ChecklistDialog(bundled_db, muni, NEEDS[muni])
    qtbot.addWidget(d)
    reports: list[str] = []
    monkeypatch.setattr(d, "report", reports.append)
    monkeypatch.setattr(d.printing, "confirm", lambda *_: True)  # 窓口を確認: print with the blank to fill in
    for box in d.circumstance_boxes.values():
        box.setChecked(True)
    d.note.setPlainText(LONG_NOTE)
    listed = d.checklist()  # what the window lists
    assert len(listed.items) >= 20 and sum(len(g.services) for g in listed.contacts) >= 20
    with bundled_db.read() as s:
        tr = translations.load(s, lang)
    d.printing.language_combo.setCurrentIndex(d.printing.language_combo.findData(lang))
    for discreet in (False, True):
        d.printing.discreet_box.setChecked(discreet)
        document = d.printing.document()
        path = d.printing.export_pdf(tmp_path / f"{lang}-{int(discreet)}.pdf")
        assert path is not None and not reports, reports
        pages = [_as_printed(p) for p in poppler_page_texts(path)]
        flat = compact("".join(pages))
        printable = checklist_for(listed, Audience.CLIENT, discreet=discreet)
        shown = printable.checklist
        assert len(document.items) == len(shown.items) + sum(len(g.services) for g in shown.contacts)
        assert not (missing := _in_order(flat, document.items)), f"{lang} discreet={discreet}: not on paper {missing}"
        translated = 0
        for item in shown.items:
            entry = tr.for_item(item) if item.kind is not cl.ItemKind.TEXT else None
            translated += entry is not None
            source = entry or item
            for text in (*source.what_to_bring, source.caution, source.description):
                assert compact(text) in flat, f"{lang} discreet={discreet} {item.name}: lost {text[:60]!r}"
        assert translated >= len(shown.items) // 2, (lang, translated)  # the copy is in her language
        phones = {i.phone for i in shown.items + [p for g in shown.contacts for p in g.services] if i.phone}
        phones |= {
            c.phone
            for s in shown.sections
            if s.department.organization
            for c in s.department.organization.contacts
            if c.phone
        }
        for phone in phones:  # whole on one line of one page: never cut at a line or page end
            assert any(phone in line for p in pages for line in p.splitlines()), f"{lang}: {phone} not whole"
        assert_places_whole(path, document, printable)
        assert_text_layer_is_the_layout(path, document)  # every line once: none again above a page
        assert not [w for w in STAFF_WORDS if w in flat], lang
        if discreet:
            text = "".join(pages)
            assert words.violations(text) == words.violations(flat) == [], (lang, words.violations(flat))
    d._discarded()


# --- a very long list across page breaks, in every language and font -------------------------


THINGS = 60


def _long_item_checklist(db):  # type: ignore[no-untyped-def]
    """国立市's list with its second section's first procedure given 60 things to bring, a caution
    longer than a page and a long name, and a note of 80 lines (longer than a page: parted on the
    discreet copy too) each with a phone number."""
    import dataclasses

    with db.read() as s:
        c = cl.propose(s, "国立市", ["safety", "housing", "children", "money", "legal"], ["school", "moving_out"])
    section = c.sections[1]
    first = section.items[0]
    long_item = dataclasses.replace(
        first,
        name=first.name + "（窓口で続けて行う手続き）" * 8,
        what_to_bring=tuple(f"書類その{n}（原本と写しを{n}部。窓口で確認）" for n in range(1, THINGS + 1)),
        caution="この注意は長い文です。" * 110 + "注意の終わり。",
    )
    sections = list(c.sections)
    sections[1] = cl.Section(section.department, (long_item, *section.items[1:]))
    note = "\n".join(f"メモ {n}: 0120-279-889（9:00〜17:00）" for n in range(1, 81))
    return c.with_sections(sections).with_note(note), long_item


def _translated(lang: str, item: cl.ChecklistItem) -> translations.Translations:
    """A current translation of the long item (its fingerprint), the 60 things said in ``lang``."""
    entry = translations.Entry(
        translations.item_fingerprint(item),
        f"[{lang}] long procedure " + "and more " * 20,
        item.description and f"[{lang}] what it is",
        tuple(f"[{lang}] paper number {n} (original and {n} copies)" for n in range(1, THINGS + 1)),
        f"[{lang}] " + "A long caution sentence. " * 90 + "End of the caution.",
        item.hours and f"[{lang}] hours",
    )
    return translations.Translations(lang, {item.key: entry})


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_a_very_long_list_to_bring_loses_nothing_across_page_breaks(qapp, tmp_path, bundled_db, lang):
    import datetime as dt

    from dvdesk.printing.checklist_html import build_checklist
    from dvdesk.printing.qt_render import write_pdf

    checklist, item = _long_item_checklist(bundled_db)
    tr = _translated(lang, item) if lang != "ja" else None
    copies = [(Audience.CLIENT, False), (Audience.CLIENT, True)] + ([(Audience.STAFF, False)] if lang == "ja" else [])
    for audience, discreet in copies:
        printable = checklist_for(checklist, audience, discreet=discreet)
        document = build_checklist(printable, lang, dt.date(2026, 12, 3), translations=tr)
        path = tmp_path / f"long-{lang}-{audience.name}-{int(discreet)}.pdf"
        count = write_pdf(path, document)
        pages = [_as_printed(p) for p in poppler_page_texts(path)]
        flat = "".join(body_pages(path, document))  # a text runs on across pages: without the footers
        # Each line once: Qt's text layout drew the line above its clip too, so the last line of a paragraph's
        # part on one page was in the next page's text again (hidden on paper by the clip).
        assert assert_text_layer_is_the_layout(path, document) == count >= 3
        entry = tr.for_item(item) if tr is not None else None
        source = entry or item
        if not discreet:  # the discreet copy prints an item's discreet name and line only
            assert not (lost := _in_order(flat, source.what_to_bring)), f"{lang}: things to bring lost: {lost[:3]}"
            assert flat.count(compact(source.caution)) == 1, f"{lang}: the caution is not once, whole, on paper"
        assert not (missing := _in_order(flat, document.items)), f"{lang}: not on paper {missing}"
        counts = [flat.count(compact(f"メモ {n}: 0120-279-889")) for n in range(1, 81)]
        assert counts == [1] * 80, f"{lang}: a note line lost or printed twice"
        for p in pages:  # a number cut at a line's end would misread
            assert not [ln for ln in p.splitlines() if ln.rstrip().endswith(("0120-", "0120-279", "0120-279-"))]
        assert len(pages) == count
