"""What each printout says and never says, read back from the PDF (every print path)."""

import dataclasses
import datetime as dt
import tempfile

import pytest

from checklist_support import assert_client_safe, compact, pdf_pages, pdf_text, poppler_page_texts
from dvdesk.domain import checklist as cl
from dvdesk.domain.disclosure import Audience, Printable, checklist_for
from dvdesk.domain.discreet import DiscreetViolation
from dvdesk.printing import print_languages
from dvdesk.printing.checklist_html import build_checklist
from dvdesk.printing.slip_html import Counselor, build_slip

TODAY = dt.date(2026, 11, 21)
NOTE = "木曜日は夜8時まで開いています"


@pytest.fixture
def checklist(checklist_db):
    with checklist_db.read() as s:
        c = cl.propose(s, "高岡市", ["safety", "children", "protection_order"], ["school", "moving_out"])
        law = cl.service_item(s, "test.svc.law")
        shelter = cl.service_item(s, "test.svc.shelter")  # secret location, staff note
        meeting = cl.service_item(s, "test.svc.meeting")  # staff-only service
    return c.add(law).add(shelter).add(meeting).add(cl.free_item("印鑑を持っていく", "市民課")).with_note(NOTE)


def pdf(qapp, tmp_path, document, name="out.pdf"):
    from dvdesk.printing.qt_render import write_pdf

    path = tmp_path / name
    pages = write_pdf(path, document)
    assert pages == pdf_pages(path)
    return path


def test_the_client_copy_has_the_procedures_and_public_contacts_only(qapp, tmp_path, checklist):
    doc = build_checklist(checklist_for(checklist, Audience.CLIENT), "ja", TODAY)
    path = pdf(qapp, tmp_path, doc)
    text = pdf_text(path)
    flat = compact(text)
    pages = pdf_pages(path)
    for expected in (
        "手続きチェックシート",
        "住民票の閲覧制限",
        "転居届・転出届",
        "市民課",
        "1階2番窓口",
        "0766-11-1111",
        "平日8:30〜17:15",
        "支援措置申出書",
        "転居届より先に申し出る",
        "女性弁護士による無料法律相談",
        "緊急一時保護",
        "印鑑を持っていく",
        NOTE,
        "印刷日:2026年11月21日",
    ):
        assert compact(expected) in flat, expected
    assert f"1/{pages}ページ" in flat and f"{pages}/{pages}ページ" in flat
    assert flat.index("印鑑を持っていく") < flat.index("郵便局")  # joined 市民課's section
    assert "庁内連絡会議" not in flat  # a staff-only service is left out whole
    assert_client_safe(text, discreet=False)


def test_the_staff_copy_has_staff_details_but_never_secret_ones(qapp, tmp_path, checklist):
    doc = build_checklist(checklist_for(checklist, Audience.STAFF), "en", TODAY)
    flat = compact(pdf_text(pdf(qapp, tmp_path, doc)))
    for expected in (
        "職員用",
        "内線4321",
        "0766-99-9999",
        "内部メモ：証明書は2部発行",
        "職員メモ：裏口から案内する",
        "庁内連絡会議",
        "小中学校等に通う子どもがいる",
    ):
        assert compact(expected) in flat, expected
    assert "Checklist" not in flat  # the staff copy is always Japanese
    for secret in ("秘密の住所", "秘密の場所"):
        assert secret not in flat


@pytest.mark.parametrize("lang", list(print_languages.LANGUAGES))
def test_discreet_copies_in_every_language_say_nothing_revealing(qapp, tmp_path, checklist, lang):
    doc = build_checklist(checklist_for(checklist, Audience.CLIENT, discreet=True), lang, TODAY)
    text = pdf_text(pdf(qapp, tmp_path, doc))
    assert compact(print_languages.strings(lang).title_discreet) in compact(text)
    assert "市民センター" in compact(text)  # test.center's discreet name
    assert "手続きチェックシート" not in compact(text)
    assert_client_safe(text, discreet=True)


@pytest.mark.parametrize("lang", list(print_languages.LANGUAGES))
def test_languages_translate_headings_and_keep_names_in_japanese(qapp, tmp_path, checklist, lang):
    t = print_languages.strings(lang)
    doc = build_checklist(checklist_for(checklist, Audience.CLIENT), lang, TODAY)
    path = pdf(qapp, tmp_path, doc)
    flat = compact(pdf_text(path))
    last = t.page.format(page=pdf_pages(path), pages=pdf_pages(path))
    for s in (t.title, t.intro, t.bring, t.window, last, t.date(TODAY)):
        assert compact(s) in flat, s
    assert "住民票の閲覧制限" in flat and "子ども課" in flat
    assert_client_safe(flat, discreet=False)


def test_translated_words_are_all_discreet_and_in_the_bundled_font(qapp):
    from PySide6.QtGui import QRawFont

    from dvdesk import paths
    from dvdesk.domain import discreet

    folder = paths.resources_dir() / "fonts"
    for lang, t in print_languages.LANGUAGES.items():
        # The language's own font stack: a character any of its bundled fonts draws is covered.
        raws = [QRawFont(str(folder / print_languages.FONT_FILES[family][0]), 12) for family in t.fonts]
        assert all(r.isValid() for r in raws), lang
        words = [v for v in dataclasses.astuple(t) if isinstance(v, str)] + list(t.months) + list(t.days) + ["–"]
        words += [*t.ordinals, *t.ordinals_feminine]
        for w in words:
            assert discreet.violations(w) == [], (lang, w)
            missing = [c for c in w if not c.isspace() and not any(r.supportsCharacter(ord(c)) for r in raws)]
            assert missing == [], (lang, w, missing)


def test_long_checklists_have_numbered_pages_and_no_tiny_text(qapp, tmp_path, bundled_db):
    from dvdesk.domain.directory import need_tree
    from dvdesk.domain.models import CIRCUMSTANCES

    with bundled_db.read() as s:
        c = cl.propose(s, "高岡市", [n.key for n in need_tree(s)], list(CIRCUMSTANCES))
    path = pdf(qapp, tmp_path, build_checklist(checklist_for(c, Audience.STAFF), "ja", TODAY))
    pages = pdf_pages(path)
    assert pages >= 2
    # What IS printed, read by poppler (pypdf took ~5 s of CPU over these 12 pages of Japanese text)
    flat = compact(" ".join(poppler_page_texts(path)))
    assert f"1/{pages}ページ" in flat and f"{pages}/{pages}ページ" in flat


def test_the_pdf_is_a4_portrait_with_the_japanese_font_embedded(qapp, tmp_path, checklist):
    from pypdf import PdfReader

    path = pdf(qapp, tmp_path, build_checklist(checklist_for(checklist, Audience.CLIENT), "ja", TODAY))
    page = PdfReader(str(path)).pages[0]
    width_mm, height_mm = (float(v) / 72 * 25.4 for v in (page.mediabox.width, page.mediabox.height))
    assert round(width_mm) == 210 and round(height_mm) == 297
    fonts = page["/Resources"]["/Font"]
    embedded = []
    for ref in fonts.values():
        font = ref.get_object()
        descendant = font["/DescendantFonts"][0].get_object()
        descriptor = descendant["/FontDescriptor"].get_object()
        if "/FontFile2" in descriptor:
            embedded.append(str(font["/BaseFont"]))
    assert any("BIZUDPGothic" in name for name in embedded)


def test_printing_leaves_no_file_but_the_pdf(qapp, tmp_path, checklist, monkeypatch):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    out = tmp_path / "out"
    out.mkdir()
    pdf(qapp, out, build_checklist(checklist_for(checklist, Audience.CLIENT), "ja", TODAY))
    assert [p.name for p in out.iterdir()] == ["out.pdf"]
    assert list(scratch.iterdir()) == []


def test_nothing_prints_without_passing_disclosure(checklist):
    with pytest.raises(TypeError):
        build_checklist(checklist)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Printable(checklist, Audience.CLIENT, False)
    with pytest.raises(ValueError):
        checklist_for(checklist, Audience.SCREEN)


def test_a_discreet_page_with_a_forbidden_word_is_refused(checklist, monkeypatch):
    broken = dataclasses.replace(print_languages.JA, intro="Shelter information")
    monkeypatch.setitem(print_languages.LANGUAGES, "ja", broken)
    with pytest.raises(DiscreetViolation, match="Shelter"):
        build_checklist(checklist_for(checklist, Audience.CLIENT, discreet=True), "ja", TODAY)


# --- referral slip ------------------------------------------------------------------------


def slip_for(checklist, department_key, discreet=False):
    section = next(s for s in checklist.sections if s.department.key == department_key)
    one = cl.Checklist(checklist.municipality_code, checklist.municipality_name, sections=(section,))
    return build_slip(
        checklist_for(one, Audience.STAFF, discreet=discreet),
        Counselor("相談 花子", "テスト相談センター", "555"),
        TODAY,
    )


def test_the_referral_slip_names_the_request_and_the_counselor_but_no_client(qapp, tmp_path, checklist):
    doc = slip_for(checklist, "test.shimin")
    flat = compact(pdf_text(pdf(qapp, tmp_path, doc)))
    for expected in (
        "連絡票",
        "あて先:市民課（1階2番窓口）",
        "住民票の閲覧制限",
        "転居届・転出届",
        "担当相談員相談花子",
        "内線555",
        "受付した窓口の記入欄",
        "対応した内容",
        "お名前",
    ):
        assert compact(expected) in flat, expected
    assert NOTE not in flat  # the note for the client is not on a slip
    assert "印鑑を持っていく" in flat  # the free line typed for 市民課 joined its section


def test_the_slip_carries_each_procedures_caution_to_the_department(checklist):
    """The caution travels with the procedure to the window that handles it (DOMAIN.md: addresses
    leaked because a department did not heed the 支援措置): 「転居届より先に申し出る。」 on the slip
    to 市民課. Never the counselor's staff note, and not on a discreet slip (the client may carry it)."""
    section = next(s for s in checklist.sections if s.department.key == "test.shimin")
    cautions = [i.caution for i in section.items if i.caution]
    assert cautions
    text = compact(slip_for(checklist, "test.shimin").plain_text())
    for caution in cautions:
        assert compact(caution) in text
    for item in section.items:
        assert not item.staff_note or compact(item.staff_note) not in text
    quiet = compact(slip_for(checklist, "test.shimin", discreet=True).plain_text())
    assert not any(compact(c) in quiet for c in cautions)


def test_a_discreet_slip_says_nothing_revealing(qapp, tmp_path, checklist):
    doc = slip_for(checklist, "test.center", discreet=True)
    text = pdf_text(pdf(qapp, tmp_path, doc))
    assert "市民センター" in compact(text)
    from dvdesk.domain import discreet

    assert discreet.violations(compact(text)) == []


def test_a_slip_is_for_one_department(checklist):
    with pytest.raises(ValueError, match="1つの窓口"):
        build_slip(checklist_for(checklist, Audience.STAFF), Counselor())
