"""The client copy in her language: translated records, the Japanese beside them, and never a
stale or silently untranslated item (dvdesk.domain.translations, resources/directory/translations)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import shutil
import tomllib
from pathlib import Path

import pytest
from sqlalchemy import select

from checklist_support import compact, pdf_text
from dvdesk import paths
from dvdesk.domain import checklist as cl
from dvdesk.domain import translations as tr
from dvdesk.domain.disclosure import Audience, checklist_for
from dvdesk.domain.models import Procedure, Service, ServiceKind
from dvdesk.domain.translation_models import Translation
from dvdesk.printing import print_languages
from dvdesk.printing.checklist_html import build_checklist
from dvdesk.storage.bundled import BundleError, load_into

TODAY = dt.date(2026, 12, 1)
LANGS = tr.LANGUAGES
FOREIGN = [lang for lang in print_languages.LANGUAGES if lang != "ja"]
TRANSLATIONS = paths.resources_dir() / "directory" / "translations"

# Records shipped without a translation on purpose, with the reason. Keep it short: each entry
# is a client who gets Japanese with a "not translated" note instead of her language.
ALLOWED_UNTRANSLATED: dict[str, str] = {}


def shipped_targets(session) -> list[str]:
    """Every shipped procedure and national line, and their discreet wording: what must be translated."""
    procedures = list(session.scalars(select(Procedure).where(Procedure.retired.is_(False))))
    national = list(
        session.scalars(
            select(Service).where(
                Service.retired.is_(False), Service.municipality_id.is_(None), Service.kind == ServiceKind.CLIENT
            )
        )
    )
    keys = [r.key for r in [*procedures, *national]]
    keys += [r.key + tr.DISCREET for r in [*procedures, *national] if r.discreet_name]
    return sorted(keys)


def test_every_shipped_procedure_and_national_line_has_a_current_translation_in_each_language(bundled_db_ro):
    with bundled_db_ro.read() as s:
        targets = shipped_targets(s)
        problems = [p for p in tr.problems(s, targets) if p.key not in ALLOWED_UNTRANSLATED]
    assert len(targets) > 40
    # Stale = the Japanese changed since it was translated; update it (scripts/translation_sources.py).
    assert [str(p) for p in problems] == []


def test_the_allow_list_names_only_real_untranslated_records(bundled_db_ro):
    with bundled_db_ro.read() as s:
        targets = set(shipped_targets(s))
        missing = {p.key for p in tr.problems(s, targets)}
    assert set(ALLOWED_UNTRANSLATED) <= targets & missing


def test_translation_files_are_one_per_language_and_loaded_whole(bundled_db_ro):
    assert sorted(p.stem for p in TRANSLATIONS.glob("*.toml")) == sorted(LANGS)
    with bundled_db_ro.read() as s:
        for lang in LANGS:
            doc = tomllib.loads((TRANSLATIONS / f"{lang}.toml").read_text(encoding="utf-8"))
            loaded = tr.load(s, lang)
            assert set(loaded.entries) == {t["key"] for t in doc["translation"]}, lang
            for t in doc["translation"]:
                entry = loaded.entries[t["key"]]
                assert (entry.name, entry.description, list(entry.what_to_bring)) == (
                    t["name"],
                    t.get("description", ""),
                    t.get("what_to_bring", []),
                ), (lang, t["key"])


def _situation(session):
    """A procedure and a national line, as the counselor would put them on a checklist."""
    c = cl.propose(session, "高岡市", ["safety"], [])
    return c.add(cl.service_item(session, "national.svc.dv-navi"))


@pytest.mark.parametrize("lang", FOREIGN)
def test_a_copy_carries_the_translation_and_the_japanese_names(bundled_db_ro, lang):
    with bundled_db_ro.read() as s:
        c = _situation(s)
        translations = tr.load(s, lang)
    doc = build_checklist(checklist_for(c, Audience.CLIENT), lang, TODAY, translations=translations)
    text = compact(doc.plain_text())
    t = print_languages.strings(lang)
    for item in c.items:
        entry = translations.for_item(item)
        assert entry is not None, (lang, item.key)
        assert compact(entry.name) in text and compact(item.name) in text, item.key  # both names
        assert compact(entry.description) in text, item.key
        if entry.description != item.description:
            assert compact(item.description) not in text  # the Japanese text is replaced, not mixed
    assert compact(t.japanese_name) in text
    assert compact(t.untranslated) not in text  # every procedure and national line is translated
    for place in (i for g in c.contacts for i in g.services):  # municipal places: translated or marked
        entry = translations.for_item(place)
        assert compact(entry.name if entry else place.name) in text and compact(place.name) in text
    places = [i for g in c.contacts for i in g.services]
    marked = sum(1 for i in places if translations.for_item(i) is None)
    assert text.count(compact(t.untranslated_short)) == marked
    for section in c.sections:
        assert compact(section.department.name) in text  # shown at the window
    assert "0570" not in text or "0570" in "".join(i.phone for i in c.items)
    assert "#8008" in text  # the number is printed as it is


@pytest.mark.parametrize("lang", FOREIGN)
def test_an_untranslated_record_says_so_in_her_language_and_shows_the_japanese(bundled_db_ro, lang):
    with bundled_db_ro.read() as s:
        c = _situation(s)
    doc = build_checklist(checklist_for(c, Audience.CLIENT), lang, TODAY, translations=tr.Translations(lang))
    text = compact(doc.plain_text())
    t = print_languages.strings(lang)
    assert text.count(compact(t.untranslated)) == len(c.items)
    for item in c.items:
        assert compact(item.name) in text and compact(item.description) in text
    places = [i for g in c.contacts for i in g.services]
    assert places and text.count(compact(t.untranslated_short)) == len(places)


@pytest.mark.parametrize("lang", FOREIGN)
def test_a_department_with_no_translation_says_so_in_her_language_beside_its_japanese_name(bundled_db_ro, lang):
    """A department no translator has named yet (one a sheet or a package added, or one renamed
    since) prints its Japanese name with a line in her language telling her to show it at the window:
    a Japanese heading alone does not tell her it is the place to go."""
    with bundled_db_ro.read() as s:
        c = _situation(s)
        translations = tr.load(s, lang)
    named = [sec.department for sec in c.sections if translations.department(sec.department)]
    assert named, "the bundled departments are translated"
    gone = named[0]
    kept = {k: e for k, e in translations.entries.items() if k != gone.key}
    doc = build_checklist(checklist_for(c, Audience.CLIENT), lang, TODAY, translations=tr.Translations(lang, kept))
    text = compact(doc.plain_text())
    t = print_languages.strings(lang)
    assert t.department_untranslated
    assert compact(gone.name) in text
    untranslated = [sec for sec in c.sections if not tr.Translations(lang, kept).department(sec.department)]
    assert text.count(compact(t.department_untranslated)) == len(untranslated)
    # The note sits right under that department's heading, before its first item.
    at = doc.html.index(f"<h2><span class='ja'>{gone.name}</span></h2>")
    assert doc.html.index(html.escape(t.department_untranslated), at) < doc.html.index("□", at)
    # With every department translated, the note is not printed at all.
    full = build_checklist(checklist_for(c, Audience.CLIENT), lang, TODAY, translations=translations)
    all_named = all(translations.department(sec.department) for sec in c.sections)
    assert (compact(t.department_untranslated) in compact(full.plain_text())) is not all_named


@pytest.mark.parametrize("lang", FOREIGN)
def test_a_department_named_by_kind_carries_the_note_in_every_language(bundled_db_ro, lang):
    """The shipped lists send her to departments no record stands for (郵便局, 転出先の市区町村,
    警察（最寄りの警察署）): these have no translation yet, so each prints the note in her language."""
    from dvdesk.domain.models import Need

    with bundled_db_ro.read() as s:
        needs = [n.key for n in s.query(Need)]
        translations = tr.load(s, lang)
        c = cl.propose(s, "国立市", needs, list(cl.CIRCUMSTANCES))
    t = print_languages.strings(lang)
    plain = [x.department for x in c.sections if not x.department.unconfirmed]
    untranslated = [d for d in plain if not translations.department(d)]
    assert any(d.name == "郵便局" for d in untranslated)
    doc = build_checklist(checklist_for(c, Audience.CLIENT), lang, TODAY, translations=translations)
    text = compact(doc.plain_text())
    assert text.count(compact(t.department_untranslated)) == len(untranslated)
    for d in untranslated:
        assert compact(d.name) in text


def test_the_japanese_copy_and_the_staff_copy_carry_no_untranslated_department_note(bundled_db_ro):
    with bundled_db_ro.read() as s:
        c = _situation(s)
    notes = [t.department_untranslated for lang, t in print_languages.LANGUAGES.items() if lang != "ja"]
    for copy in (
        build_checklist(checklist_for(c, Audience.CLIENT), "ja", TODAY),
        build_checklist(checklist_for(c, Audience.STAFF), "en", TODAY, translations=tr.Translations("en")),
    ):
        text = compact(copy.plain_text())
        assert not any(compact(n) in text for n in notes)


@pytest.mark.parametrize("lang", FOREIGN)
def test_a_translation_of_older_japanese_is_not_used(bundled_db_ro, lang):
    with bundled_db_ro.read() as s:
        c = _situation(s)
        translations = tr.load(s, lang)
    item = next(i for i in c.items if i.kind is cl.ItemKind.SERVICE)
    old = translations.for_item(item)
    assert old is not None
    corrected = dataclasses.replace(item, description=item.description + "（受付時間が変わりました）")
    assert translations.for_item(corrected) is None
    c2 = cl.Checklist(c.municipality_code, c.municipality_name).add(corrected)
    doc = build_checklist(checklist_for(c2, Audience.CLIENT), lang, TODAY, translations=translations)
    text = compact(doc.plain_text())
    assert compact(print_languages.strings(lang).untranslated) in text
    assert compact(old.description) not in text and compact(corrected.description) in text


def test_the_fingerprint_follows_every_printed_field_and_ignores_spacing():
    base = tr.fingerprint("名前", "説明", ["持ち物"], "注意", "時間")
    assert tr.fingerprint("名前", " 説明 ", ["持ち物"], "注意", "時間") == base
    for changed in (
        tr.fingerprint("名前2", "説明", ["持ち物"], "注意", "時間"),
        tr.fingerprint("名前", "説明2", ["持ち物"], "注意", "時間"),
        tr.fingerprint("名前", "説明", ["持ち物", "印鑑"], "注意", "時間"),
        tr.fingerprint("名前", "説明", ["持ち物"], "注意2", "時間"),
        tr.fingerprint("名前", "説明", ["持ち物"], "注意", "時間2"),
    ):
        assert changed != base


def test_the_staff_copy_and_the_japanese_copy_are_not_translated(bundled_db_ro):
    with bundled_db_ro.read() as s:
        c = _situation(s)
        en = tr.load(s, "en")
    staff = compact(build_checklist(checklist_for(c, Audience.STAFF), "en", TODAY, translations=en).plain_text())
    japanese = compact(build_checklist(checklist_for(c, Audience.CLIENT), "ja", TODAY, translations=en).plain_text())
    for text in (staff, japanese):
        assert "DVConsultationNavi" not in text and compact(print_languages.EN.untranslated) not in text


@pytest.mark.parametrize("lang", ["zh", "vi"])
def test_chinese_and_vietnamese_reach_the_pdf_as_text(qapp, tmp_path, bundled_db_ro, lang):
    from dvdesk.printing.qt_render import write_pdf

    with bundled_db_ro.read() as s:
        short = _short(s)  # one page: what is checked here is the text, not the pagination
        translations = tr.load(s, lang)
    doc = build_checklist(checklist_for(short, Audience.CLIENT), lang, TODAY, translations=translations)
    path = tmp_path / f"{lang}.pdf"
    write_pdf(path, doc)
    flat = compact(pdf_text(path))
    entry = translations.entries["national.svc.dv-navi"]
    t = print_languages.strings(lang)
    police = translations.entries["takaoka.proc.keisatsu"]
    for expected in (
        t.title,
        t.intro,
        entry.name,
        entry.description,
        "DV相談ナビ",
        police.name,
        police.description,
        "警察への相談",
    ):
        assert compact(expected) in flat, expected


def _fonts_used(path: Path) -> set[str]:
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(str(path)).pages:
        for ref in page["/Resources"]["/Font"].values():
            names.add(str(ref.get_object()["/BaseFont"]))
    return names


def _short(session):
    c = cl.Checklist("162027", "高岡市")
    procedure = next(i for i in cl.procedure_entries(session, "162027") if i.key == "takaoka.proc.keisatsu")
    return c.add(procedure).add(cl.service_item(session, "national.svc.dv-navi"))


@pytest.mark.parametrize(("lang", "font"), [("zh", "NotoSansCJKsc"), ("vi", "NotoSans-")])
def test_the_bundled_font_of_the_language_is_embedded(qapp, tmp_path, bundled_db_ro, lang, font):
    from dvdesk.printing.qt_render import write_pdf

    with bundled_db_ro.read() as s:
        c = _short(s)
        translations = tr.load(s, lang)
    path = tmp_path / "x.pdf"
    write_pdf(path, build_checklist(checklist_for(c, Audience.CLIENT), lang, TODAY, translations=translations))
    used = _fonts_used(path)
    assert any(font in name for name in used), used
    assert any("BIZUDPGothic" in name for name in used), used  # the Japanese names


def test_every_character_of_the_shipped_translations_is_in_the_bundled_fonts(qapp):
    from PySide6.QtGui import QRawFont

    folder = paths.resources_dir() / "fonts"
    for lang in LANGS:
        stack = print_languages.strings(lang).fonts
        raws = [QRawFont(str(folder / print_languages.FONT_FILES[f][0]), 12) for f in stack]
        assert all(r.isValid() for r in raws)
        doc = tomllib.loads((TRANSLATIONS / f"{lang}.toml").read_text(encoding="utf-8"))
        text = "".join(str(v) for t in doc["translation"] for v in t.values())
        missing = sorted({c for c in text if not c.isspace() and not any(r.supportsCharacter(ord(c)) for r in raws)})
        assert missing == [], (lang, missing)


SITUATIONS = [
    ("高岡市", ["housing", "children"], ["moving_out"]),
    ("高岡市", ["safety.shelter"], []),
    ("高岡市", ["safety", "housing", "children"], ["moving_out", "school"]),
    ("国立市", ["safety.shelter", "insurance_pension", "money"], ["moving_within"]),
    ("国立市", ["protection_order", "legal", "children.allowance"], []),
]


def _each_situation_and_language():
    """Every situation and every language in the quick tier, half of the pairs (a checkerboard); all
    of them in the thorough tier."""
    for m, situation in enumerate(SITUATIONS):
        for n, lang in enumerate(FOREIGN):
            yield pytest.param(*situation, lang, marks=pytest.mark.slow if (m + n) % 2 else ())


@pytest.mark.parametrize(("municipality", "needs", "circumstances", "lang"), list(_each_situation_and_language()))
def test_discreet_copies_are_translated_from_the_discreet_wording_and_stay_discreet(
    bundled_db_ro, lang, municipality, needs, circumstances
):
    from dvdesk.domain import discreet

    with bundled_db_ro.read() as s:
        c = cl.propose(s, municipality, needs, circumstances).add(cl.service_item(s, "national.svc.police-110"))
        translations = tr.load(s, lang)
    printable = checklist_for(c, Audience.CLIENT, discreet=True)
    doc = build_checklist(printable, lang, TODAY, translations=translations)  # refuses an unclean page
    text = compact(doc.plain_text())
    assert discreet.violations(doc.plain_text()) == []
    items = printable.checklist.items
    assert items
    for item in items:
        entry = translations.for_item(item)
        assert entry is not None, item.key
        assert compact(entry.name) in text and compact(item.name) in text  # discreet Japanese beside it
    assert compact(print_languages.strings(lang).untranslated) not in text


@pytest.mark.parametrize("lang", FOREIGN)
def test_a_discreet_copy_refused_in_japanese_is_refused_in_every_language(bundled_db_ro, lang):
    from dvdesk.domain.discreet import DiscreetViolation

    with bundled_db_ro.read() as s:
        c = cl.propose(s, "高岡市", ["housing"], []).with_note("シェルターの件で来週も相談")
        translations = tr.load(s, lang)
    printable = checklist_for(c, Audience.CLIENT, discreet=True)
    with pytest.raises(DiscreetViolation):
        build_checklist(printable, "ja", TODAY)
    with pytest.raises(DiscreetViolation):  # a translated page is never the way around the word list
        build_checklist(printable, lang, TODAY, translations=translations)


# --- the files: bad input is refused whole ----------------------------------------------------


def _bundle_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "directory"
    shutil.copytree(paths.resources_dir() / "directory", folder)
    return folder


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'lang = "en"\n[[translation]]\nkey = "no.such.key"\nsource_hash = "0123456789ab"\nname = "x"\n',
            "no.such.key",
        ),
        (
            'lang = "en"\n[[translation]]\nkey = "national.svc.dv-navi"\nsource_hash = "xyz"\nname = "x"\n',
            "source_hash",
        ),
        ('lang = "en"\n[[translation]]\nkey = "national.svc.dv-navi"\nsource_hash = "0123456789ab"\n', "name"),
        (
            'lang = "en"\n[[translation]]\nkey = "national.svc.dv-navi"\nsource_hash = "0123456789ab"\n'
            'name = "x"\nwhat_to_bring = "one"\n',
            "what_to_bring",
        ),
        (
            'lang = "en"\n[[translation]]\nkey = "national.svc.dv-navi"\nsource_hash = "0123456789ab"\n'
            'name = "x"\nnotes = "?"\n',
            "notes",
        ),
        ('lang = "fr"\n', "lang"),
        ('lang = "en"\n[[translation]\n', "TOML"),
    ],
)
def test_a_bad_translation_file_is_refused_and_changes_nothing(tmp_path, bundled_db, text, message):
    db = bundled_db  # the shipped directory loaded (a copy of the session's template)
    with db.read() as s:
        before = sorted((t.lang, t.record_key, t.name) for t in s.scalars(select(Translation)))
    folder = _bundle_copy(tmp_path)
    (folder / "translations" / "en.toml").write_text(text, encoding="utf-8")
    with pytest.raises(BundleError, match=message) as caught:
        load_into(db, folder)
    assert "en.toml" in str(caught.value) or "fr" in text
    with db.read() as s:
        assert sorted((t.lang, t.record_key, t.name) for t in s.scalars(select(Translation))) == before
    db.close()


def test_loading_twice_changes_nothing_and_a_correction_replaces_the_row(tmp_path, bundled_db):
    db = bundled_db  # the shipped directory loaded (a copy of the session's template)
    folder = _bundle_copy(tmp_path)
    path = folder / "translations" / "en.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            'name = "110 (emergency call to the police)"', 'name = "110 (police emergency)"'
        ),
        encoding="utf-8",
    )
    load_into(db, folder)
    load_into(db, folder)
    with db.read() as s:
        rows = s.scalars(
            select(Translation).where(Translation.lang == "en", Translation.record_key == "national.svc.police-110")
        ).all()
        assert [r.name for r in rows] == ["110 (police emergency)"]
    db.close()


# --- data packages carry the translations ---------------------------------------------------


def test_a_data_package_carries_the_translations_and_an_import_applies_a_correction(
    tmp_path, bundled_db, _bundled_template
):
    import shutil

    from dvdesk.admin.package import apply_package, export_package, preview, read_package
    from dvdesk.storage.db import open_database

    source = tmp_path / "a.dvdesk"
    export_package(bundled_db, source)
    with bundled_db.write() as s:  # an administrator's correction on this PC
        row = s.scalar(
            select(Translation).where(Translation.lang == "vi", Translation.record_key == "national.svc.police-110")
        )
        row.name = "110 (gọi cảnh sát)"
    export_package(bundled_db, tmp_path / "b.dvdesk")

    # another PC, filled from the bundle (the session's first fill, copied: the fill itself is test_bundled's)
    other = open_database(shutil.copy(_bundled_template, tmp_path / "other.sqlite3"))
    package = read_package(tmp_path / "b.dvdesk")
    assert package.manifest.counts["translation"] == len(package.translations) > 200
    plan = preview(other, package)
    changed = [d for d in plan.diffs if d.kind == "translation"]
    assert [(d.key, d.kind_label, d.action) for d in changed] == [("vi:national.svc.police-110", "翻訳", "changed")]
    apply_package(other, package, "管理者", backup=None)
    with other.read() as s:
        assert tr.load(s, "vi").entries["national.svc.police-110"].name == "110 (gọi cảnh sát)"
        other_en = tr.load(s, "en")
    with bundled_db.read() as s:
        assert other_en == tr.load(s, "en")  # the rest arrived unchanged
    assert preview(other, package).empty  # applied whole: nothing left to do
    assert preview(other, read_package(source)).diffs  # the older package would undo it, and says so
    other.close()


def test_a_package_with_a_bad_translation_is_refused_whole(tmp_path, bundled_db_ro):
    import json
    import zipfile

    from dvdesk.admin.package import PackageError, export_package, read_package
    from package_support import reseal

    path = tmp_path / "a.dvdesk"
    export_package(bundled_db_ro, path)
    with zipfile.ZipFile(path) as z:
        manifest, content = json.loads(z.read("manifest.json")), json.loads(z.read("directory.json"))
    content["translations"][0]["source_hash"] = "not-a-hash"
    data = json.dumps(content, ensure_ascii=False).encode("utf-8")
    manifest = reseal(manifest, data)  # sealed again, so the translation, not the seal, is refused
    bad = tmp_path / "bad.dvdesk"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
        z.writestr("directory.json", data)
    with pytest.raises(PackageError, match="source_hash"):
        read_package(bad)


def test_the_window_offers_every_language_and_prints_the_translation(qapp, bundled_db_ro):
    from dvdesk.gui.checklist_dialog import ChecklistDialog

    dialog = ChecklistDialog(bundled_db_ro, "162027", ["safety"])
    codes = [dialog.printing.language_combo.itemData(i) for i in range(dialog.printing.language_combo.count())]
    assert codes == list(print_languages.LANGUAGES)
    dialog.printing.language_combo.setCurrentIndex(codes.index("vi"))
    text = compact(dialog.printing.document().plain_text())
    with bundled_db_ro.read() as s:
        entry = tr.load(s, "vi").entries["takaoka.proc.keisatsu"]
    assert compact(print_languages.VI.title) in text and compact(entry.name) in text and "警察への相談" in text
    dialog.close()


def test_a_staff_only_service_with_a_discreet_name_is_left_out_of_the_client_fingerprints(bundled_db):
    # Found by mypy: the discreet fingerprint was taken of what a client may see, which is nothing
    # for a staff-only service, and the translation check then stopped on None.
    from dvdesk.domain.models import Confidentiality

    with bundled_db.write() as s:
        svc = s.scalars(select(Service).where(Service.retired.is_(False)).order_by(Service.id)).first()
        svc.confidentiality = Confidentiality.STAFF
        svc.discreet_name = "相談の窓口"
        key = svc.key
    with bundled_db.read() as s:
        current = tr.current_fingerprints(s)
        assert key in current  # the staff copy still prints it under its own name
        assert key + tr.DISCREET not in current  # no client copy prints it at all
        assert "stale" not in {p.reason for p in tr.problems(s) if p.key == key}
