"""A copy in her language never passes Japanese off as her language.

Found using it (hx-try13): 高岡市 safety.shelter + money in vi, pt, en, zh printed the departments'
contact lines — 「緊急通報」, 「相談室」 and 「月〜水・金 9:30〜16:30、木 14:00〜20:00（令和2年度の時間）」 —
in Japanese with no mark, while the rest of the page was in her language. Contacts have no
translation records: the hours the plans write in a plain shape are said in her language, and
every other Japanese text is marked as Japanese only. The phone number is always printed.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from checklist_support import compact, pdf_text
from dvdesk.domain import checklist as cl
from dvdesk.domain import translations as tr
from dvdesk.domain.disclosure import Audience, checklist_for
from dvdesk.printing import foreign_text, print_languages
from dvdesk.printing.checklist_html import build_checklist

TODAY = dt.date(2026, 12, 1)
FOREIGN = [lang for lang in print_languages.LANGUAGES if lang != "ja"]
_JA_SPAN = re.compile(r"<span class='ja'>(.*?)</span>", re.S)
_BLOCK = re.compile(r"(?=<h[1-4][ >])")


def _takaoka(session) -> cl.Checklist:
    return cl.propose(session, "高岡市", ["safety.shelter", "money"], [])


def _names(c: cl.Checklist) -> set[str]:
    """What a copy prints in Japanese on purpose: the names she shows at the window."""
    items = [*c.items, *(i for g in c.contacts for i in g.services)]
    names = {i.name for i in items}  # a need's label is a heading, not a name to show: translated or marked
    names |= {i.department.name for i in items} | {s.department.name for s in c.sections}
    return {html.escape(n) for n in names}


def unmarked_japanese(doc_html: str, c: cl.Checklist, t: print_languages.Strings) -> list[str]:
    """Japanese on the page that is neither a name, nor under a 'not translated' line, nor marked."""
    mark = html.escape(f"[{t.japanese_only}]")
    whole = (html.escape(t.untranslated), html.escape(t.untranslated_short))
    found = []
    for block in _BLOCK.split(doc_html.split("<body>", 1)[1]):
        if any(w in block for w in whole):
            continue  # the block says it is in Japanese (an untranslated item or place)
        for m in _JA_SPAN.finditer(block):
            if m.group(1) in _names(c) or block[: m.start()].endswith("　／　"):
                continue  # a name she shows at the window, or the Japanese beside her language
            if not re.search(re.escape(f"{mark}</i>") + r"\s*(<b>)?$", block[: m.start()]):
                found.append(html.unescape(m.group(1)))
    return found


@pytest.mark.parametrize("discreet", [False, True], ids=["client", "discreet"])
@pytest.mark.parametrize("lang", FOREIGN)
def test_every_japanese_only_text_is_marked_and_the_phone_printed(bundled_db_ro, lang, discreet):
    with bundled_db_ro.read() as s:
        c = _takaoka(s)
        translations = tr.load(s, lang)
    printable = checklist_for(c, Audience.CLIENT, discreet=discreet)
    doc = build_checklist(printable, lang, TODAY, translations=translations)
    t = print_languages.strings(lang)
    assert unmarked_japanese(doc.html, printable.checklist, t) == []  # names as this copy prints them
    text = compact(doc.plain_text())
    assert "110" in text  # the number itself, always
    assert "月〜水・金" not in text
    if discreet:
        return  # the discreet copy prints no contact's label (disclosure); what it prints is checked above
    assert compact(f"[{t.japanese_only}]緊急通報") in text
    # The hours the plans write in a plain shape are said in her language; the note beside them is marked.
    hours = foreign_text.hours_in(t, "月〜水・金 9:30〜16:30、木 14:00〜20:00")
    assert hours and compact(hours) in text
    assert compact(f"[{t.japanese_only}]（令和2年度の時間）") in text


@pytest.mark.parametrize("lang", FOREIGN)
def test_with_no_translation_on_record_nothing_japanese_goes_unmarked(bundled_db_ro, lang):
    """A desk whose records have no translation yet (a package, a sheet): every item, place, need
    heading and contact line says it is in Japanese."""
    with bundled_db_ro.read() as s:
        c = _takaoka(s)
    printable = checklist_for(c, Audience.CLIENT)
    doc = build_checklist(printable, lang, TODAY, translations=tr.Translations(lang))
    assert unmarked_japanese(doc.html, printable.checklist, print_languages.strings(lang)) == []


@pytest.mark.parametrize(
    ("lang", "japanese", "said"),
    [
        ("en", "月〜水・金 9:30〜16:30、木 14:00〜20:00", "Mon–Wed, Fri 9:30–16:30; Thu 14:00–20:00"),
        ("en", "平日 9:00〜21:00、土曜 9:00〜17:00", "Weekdays 9:00–21:00; Sat 9:00–17:00"),
        ("en", "２４時間", "24 hours a day"),
        ("en", "24時間365日", "24 hours a day, every day"),
        ("vi", "平日 8:30〜17:15", "Ngày thường 8:30–17:15"),
        ("pt", "月・水 10:00〜12:00", "Seg, qua 10:00–12:00"),
        ("zh", "毎日 9:00〜17:00", "每天 9:00–17:00"),
        # Anything else is not guessed at: it stays Japanese (and marked where printed).
        ("en", "毎月第4金曜日 午後7時", ""),
        ("en", "平日 9:00〜17:00（受付は16:30まで）、土曜 9:00〜12:00", ""),  # a note in the middle: not moved
        ("en", "24時間（令和2年度の時間）", "24 hours a day"),  # the trailing note is printed after it, marked
        # A note that only says what is closed is said too (test_hours_said_whole).
        ("en", "24時間（年末年始を除く）", "24 hours a day (except New Year holidays)"),
    ],
)
def test_hours_in_a_plain_shape_are_said_in_her_language(lang, japanese, said):
    assert foreign_text.hours_in(print_languages.strings(lang), japanese) == said


def test_unread_hours_print_in_japanese_behind_the_mark():
    t = print_languages.EN
    printed = foreign_text.hours_html(t, "毎月第4金曜日 午後7時")
    assert printed == "<i>[Only in Japanese]</i> <span class='ja'>毎月第4金曜日 午後7時</span>"
    printed = foreign_text.hours_html(t, "24時間（令和2年度の時間）")
    assert printed == "24 hours a day <i>[Only in Japanese]</i> <span class='ja'>（令和2年度の時間）</span>"


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_vietnamese_and_english_pdfs_carry_the_marks(qapp, tmp_path, bundled_db_ro, lang):
    from dvdesk.printing.qt_render import write_pdf

    with bundled_db_ro.read() as s:
        c = _takaoka(s)
        translations = tr.load(s, lang)
    doc = build_checklist(checklist_for(c, Audience.CLIENT), lang, TODAY, translations=translations)
    path = tmp_path / f"{lang}.pdf"
    write_pdf(path, doc)
    paper = compact(pdf_text(path))
    t = print_languages.strings(lang)
    assert compact(f"[{t.japanese_only}]緊急通報") in paper
    assert compact(foreign_text.hours_in(t, "月〜水・金 9:30〜16:30、木 14:00〜20:00")) in paper
    assert "110" in paper


def test_the_easy_japanese_copy_marks_ordinary_japanese_not_japanese_only():
    """On the やさしい日本語 copy every text is Japanese: 「日本語だけ」 before a text said nothing true;
    what the mark must say is that this text is not in easy Japanese."""
    mark = print_languages.strings("easy").japanese_only
    assert "だけ" not in mark and "ふつう" in mark
