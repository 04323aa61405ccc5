"""The gate and the one validation cannot drift apart.

Every rule of the directory's gate (``integrity.RULES``) has cases here: a directory breaking it,
which the gate refuses at the commit (the rule itself finding it on the written record) and which
``validation.check`` — what the editor, packages, sheets and HSDS previews run, after
``coerce_snapshot`` — refuses too, before anything is written. A rule added to the gate without a
case fails ``test_every_gate_rule_has_a_parity_case``; a rule validation cannot see (a whole-table
rule) may be listed in ``UNSEEN`` with its reason instead, and then every preview must rehearse
through the gate.

Where the writer cannot put the broken state in the database (an unknown kind, a dangling
reference), the case gives the same state in SQL (``sql``): the gate must still find it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import select, text

from conftest import DATA
from db_support import dump
from dvdesk.admin import hsds_import, sheets, translation_sync
from dvdesk.admin import package as pk
from dvdesk.admin.editing import Editor
from dvdesk.admin.kinds import KINDS
from dvdesk.admin.records import RecordError, Snapshot, Writer, coerce_snapshot, snapshot
from dvdesk.admin.shelter_links import ShelterLinks
from dvdesk.admin.sync import RecordDiff
from dvdesk.admin.validation import ValidationError, check
from dvdesk.domain import integrity
from dvdesk.domain.integrity_findings import DirectoryRefused
from dvdesk.domain.models import Initiative
from dvdesk.storage import translation_files
from dvdesk.storage.translation_files import TranslationRow
from sheet_workbooks import kept_workbook
from test_package_gate import members, record, write


@dataclass(frozen=True)
class Case:
    rule: str  # the gate rule (``integrity.RULES``) that refuses it
    kind: str
    key: str  # the record edited (or added, ``new``)
    change: Callable[[Snapshot], object]  # the edit, made on the record's snapshot
    sql: tuple[str, str] | None = None  # (table, statement on row :id): the state past a writer that refuses it
    new: bool = False
    setup: tuple[tuple[str, str, dict[str, object]], ...] = ()  # legitimate edits saved first (kind, key, values)


def _set(**values: object) -> Callable[[Snapshot], object]:
    return lambda snap: snap.update(values)


def _contact(**values: object) -> Callable[[Snapshot], object]:
    return lambda snap: snap["contacts"][0].update(values)


def _initiative(**values: object) -> Callable[[Snapshot], object]:
    return lambda snap: snap["initiatives"][0].update(values)


def _twice(snap: Snapshot) -> None:
    snap["initiatives"].append({**snap["initiatives"][0], "title": "もう一つ"})


_COPIED = ", ".join(c.name for c in Initiative.__table__.columns if c.name != "id")
PUBLIC_ADDRESS = {"address": "テスト市秘密町1-2-3", "address_confidentiality": "public"}

CASES = {
    "service's own level blank": Case("enums", "service", "test.svc.law", _set(confidentiality="")),
    "service location level blank": Case(
        "enums", "service", "test.svc.law", _set(location="どこかの町 4-5-6", location_confidentiality="")
    ),
    "service location level blank, no location": Case(
        "enums", "service", "test.svc.law", _set(location="", location_confidentiality="")
    ),
    "department address level blank, no address": Case(
        "enums", "organization", "test.housing", _set(address="", address_confidentiality="")
    ),
    "department address level blank": Case(
        "enums", "organization", "test.housing", _set(address="住宅町1-1", address_confidentiality="")
    ),
    "contact level blank": Case("enums", "organization", "test.center", _contact(confidentiality="")),
    "service kind unknown": Case(
        "enums",
        "service",
        "test.svc.law",
        _set(kind="bogus"),
        ("services", "UPDATE services SET kind = 'bogus' WHERE id = :id"),
    ),
    "procedure phase unknown": Case(
        "enums",
        "procedure",
        "test.proc.shienshochi",
        _set(phase=9),
        ("procedures", "UPDATE procedures SET phase = 9 WHERE id = :id"),
    ),
    "need parent loop": Case("cycles", "need", "safety", _set(parent="safety.shelter")),
    "shelter location public": Case("shelters", "service", "test.svc.shelter", _set(location_confidentiality="public")),
    "shelter location in its description": Case(
        "shelter_echoes", "service", "test.svc.shelter", _set(description="避難先は秘密の場所 1-2-3 の建物です")
    ),
    "shelter location in its discreet line": Case(
        "shelter_echoes", "service", "test.svc.shelter", _set(discreet_line="秘密の場所の建物")
    ),
    # A need moved under 一時保護・シェルター makes shelters of services the write never touched.
    "need moved under the shelter need, a service's location public": Case(
        "shelters",
        "need",
        "housing",
        _set(parent="safety.shelter"),
        setup=(("service", "test.svc.housing", {"location": "住宅町1-2-3", "location_confidentiality": "public"}),),
    ),
    "need moved under the shelter need, its location in a description": Case(
        "shelter_echoes",
        "need",
        "housing",
        _set(parent="safety.shelter"),
        setup=(
            (
                "service",
                "test.svc.housing",
                {"location": "住宅町1-2-3", "location_confidentiality": "secret", "description": "住宅町1-2-3 の窓口"},
            ),
        ),
    ),
    "need moved under the shelter need, its department's address public": Case(
        "shelter_providers",
        "need",
        "housing",
        _set(parent="safety.shelter"),
        setup=(("organization", "test.housing", PUBLIC_ADDRESS),),
    ),
    "shelter's department gives a public address": Case(
        "shelter_providers", "organization", "test.center", _set(**PUBLIC_ADDRESS)
    ),
    # A shelter's department writes its place where a client or the public reads it (HSDS, the copy).
    "shelter's department writes a street address in its description": Case(
        "provider_echoes", "organization", "test.center", _set(description="高岡市広小路7番50号 の相談窓口")
    ),
    "shelter's department writes a street address in a public contact's window": Case(
        "provider_echoes", "organization", "test.center", _contact(window="末広町1-7 2階")
    ),
    "shelter's department writes words of its hidden address in its name": Case(
        "provider_echoes",
        "organization",
        "test.center",
        _set(name="秘密町センター", address="テスト市秘密町1-2-3", address_confidentiality="staff"),
    ),
    "a service made a shelter under a department whose description holds an address": Case(
        "provider_echoes",
        "service",
        "test.svc.housing",
        _set(needs=["safety.shelter"]),
        setup=(("organization", "test.housing", {"description": "住宅町3丁目の庁舎"}),),
    ),
    "need moved under the shelter need, its department's description holds an address": Case(
        "provider_echoes",
        "need",
        "housing",
        _set(parent="safety.shelter"),
        setup=(("organization", "test.housing", {"description": "住宅町3丁目の庁舎"}),),
    ),
    # A shelter's hidden street with its number in another service's printed text (the printout refused it first).
    "another service's 利用方法 names a shelter's hidden street": Case(
        "shelter_streets",
        "service",
        "test.svc.housing",
        _set(access="広小路7番50号の2階へ"),
        setup=(("service", "test.svc.shelter", {"location": "富山県高岡市広小路7番50号"}),),
    ),
    "provider leads nowhere": Case(
        "dangling",
        "service",
        "test.svc.law",
        _set(provider="no.such.org"),
        ("services", "UPDATE services SET organization_id = 999999 WHERE id = :id"),
    ),
    "need leads nowhere": Case(
        "dangling",
        "need",
        "safety.accompany",
        _set(parent="no.such.need"),
        ("needs", "UPDATE needs SET parent_id = 999999 WHERE id = :id"),
    ),
    # The writer keeps one initiative of a number, and the schema's UniqueConstraint(plan_id, number)
    # refuses a second row before the gate (see ``_gate_side``): the rule is for files made without it.
    "initiative number twice": Case(
        "duplicate_initiatives",
        "plan",
        "test.plan",
        _twice,
        ("plans", f"INSERT INTO initiatives ({_COPIED}) SELECT {_COPIED} FROM initiatives WHERE plan_id = :id"),
    ),
    "municipality code without its check digit": Case(
        "codes", "municipality", "162028", _set(code="162028", name="架空市", prefecture="富山県"), new=True
    ),
    "control character in a description": Case("texts", "service", "test.svc.law", _set(description="説明\x1b[31m")),
    "name longer than its column": Case("texts", "organization", "test.housing", _set(name="住" * 150)),
    "phone not dialable": Case("texts", "service", "test.svc.law", _set(phone="12")),
    "schedule unreadable": Case("texts", "service", "test.svc.law", _set(schedule="ーーーー")),
    "contact phone not dialable": Case("texts", "organization", "test.center", _contact(phone="12")),
    "contact hours unreadable": Case("texts", "organization", "test.center", _contact(hours="ーーーー")),
    "initiative title with a control character": Case("texts", "plan", "test.plan", _initiative(title="相談\x07")),
    # One-line fields the gate read as a page (a measure's title: Text, 20,000 characters, several
    # lines) or did not read at all (the lists: 対応言語, a procedure's 持ち物 and 該当する事情).
    "initiative title longer than a line": Case("texts", "plan", "test.plan", _initiative(title="相" * 201)),
    "initiative title on two lines": Case("texts", "plan", "test.plan", _initiative(title="相談\n窓口")),
    "language longer than a line": Case("texts", "service", "test.svc.law", _set(languages=["英" * 201])),
    "language on two lines": Case("texts", "service", "test.svc.law", _set(languages=["英語\n中国語"])),
    "language with an invisible character": Case("texts", "service", "test.svc.law", _set(languages=["英\u200b語"])),
    "procedure's item to bring on two lines": Case(
        "texts", "procedure", "test.proc.shienshochi", _set(what_to_bring=["本人確認書類\n印鑑"])
    ),
    "procedure's item to bring longer than a line": Case(
        "texts", "procedure", "test.proc.shienshochi", _set(what_to_bring=["印" * 201])
    ),
    "procedure's circumstance on two lines": Case(
        "texts",
        "procedure",
        "test.proc.shienshochi",
        _set(circumstances=["children\nx"]),
        ("procedures", "UPDATE procedures SET circumstances = '[\"children\\nx\"]' WHERE id = :id"),
    ),
    # A circumstance no checklist offers: the procedure would never be proposed for it, without a word.
    "procedure's circumstance unknown": Case(
        "texts",
        "procedure",
        "test.proc.shienshochi",
        _set(circumstances=["childrn"]),
        ("procedures", "UPDATE procedures SET circumstances = '[\"childrn\"]' WHERE id = :id"),
    ),
    # h16: a place names the child circumstances it is for; another one would do nothing on a paper.
    "service's circumstance a place cannot name": Case(
        "texts",
        "service",
        "test.svc.law",
        _set(circumstances=["foreign"]),
        ("services", "UPDATE services SET circumstances = '[\"foreign\"]' WHERE id = :id"),
    ),
    "service's circumstance on two lines": Case(
        "texts",
        "service",
        "test.svc.law",
        _set(circumstances=["children\nx"]),
        ("services", "UPDATE services SET circumstances = '[\"children\\nx\"]' WHERE id = :id"),
    ),
}

# Rules validation cannot see, by name, with the reason (none today). Listing one requires every
# preview to rehearse through the gate (``REHEARSED``, checked by
# ``test_which_previews_rehearse_through_the_gate``): else it would say 受付 and the apply refuse.
UNSEEN: dict[str, str] = {}
PREVIEWS = ("sheet", "hsds", "package")
# The sheet's preview writes its records and rolls back through the gate (``sheets._rehearse``);
# the HSDS preview (``check_hsds``, the window's) and the package's (``package.preview``) run
# validation only: their apply is refused by the gate, nothing kept, after a preview said 受付.
REHEARSED = {"sheet"}


def test_every_gate_rule_has_a_parity_case():
    names = [rule.name for rule in integrity.RULES]
    assert len(set(names)) == len(names)
    covered = {case.rule for case in CASES.values()} | ({"translations"} if TRANSLATIONS else set())
    assert covered <= set(names)  # no case for a rule that is gone
    assert not set(UNSEEN) & covered
    missing = [n for n in names if n not in covered and n not in UNSEEN]
    assert not missing, f"gate rules without a case here (or a reason in UNSEEN): {missing}"
    unrehearsed = [p for p in PREVIEWS if p not in REHEARSED]
    assert not (UNSEEN and unrehearsed), f"a rule validation cannot see: make {unrehearsed} rehearse through the gate"


def test_the_gate_holds_each_text_field_to_the_bounds_validation_does():
    """Drift: each text field of every kind (and of contacts and measures) is held by the gate to
    the length and the lines that validation holds it to (``validation._TextPlan``), lists too."""
    from dvdesk.admin import validation
    from dvdesk.domain import integrity_texts

    def spec(fields, model):
        plan = validation._TextPlan(fields, model)
        gate = {c: (limit, ml) for c, limit, ml in integrity_texts.text_columns(model)}
        lists = integrity_texts.LISTS.get(model.__tablename__, ())
        for f in fields:
            if f.type in ("text", "phone", "longtext"):
                short = dict(plan.short)
                wanted = (validation.MAX_TEXT, True) if f.type == "longtext" else (short[f.name], False)
                assert gate.get(f.orm) == wanted, (model.__tablename__, f.name)
            elif f.type == "texts":
                assert f.orm in lists, (model.__tablename__, f.name)
            elif f.type == "items":
                spec(f.items, validation._item_model(model, f))

    for k in KINDS.values():
        spec(k.fields, k.model)


def test_the_gate_names_each_field_as_the_form_does():
    """The gate's Japanese column names (``integrity_labels``, kept below ``admin`` so that the
    desk's start-up scan and the bundled loader have them) are the form's labels, and every text
    column the gate reads has one."""
    from dvdesk.admin import validation
    from dvdesk.domain import integrity_labels, integrity_texts
    from dvdesk.domain.integrity_rules import MODELS
    from dvdesk.domain.models import ContactPoint

    def labels(fields, model):
        for f in fields:
            if f.type == "items":
                yield from labels(f.items, validation._item_model(model, f))
            elif f.type not in ("ref", "refs"):
                yield model.__tablename__, f.orm, f.label

    read = {
        model.__tablename__: [c for c, _, _ in integrity_texts.text_columns(model)]
        + list(integrity_texts.LISTS.get(model.__tablename__, ()))
        for model in (*MODELS.values(), ContactPoint, Initiative)
    }
    for table, columns in read.items():
        unnamed = [c for c in columns if integrity_labels.label(table, c) == c]
        assert not unnamed, (table, unnamed)
    for k in KINDS.values():
        for table, column, label in labels(k.fields, k.model):
            if column in read[table]:
                assert integrity_labels.label(table, column) == label, (table, column)


def test_check_is_every_rule(mini_db):
    with mini_db.read() as session:
        assert integrity.check(session) == []  # the fixture breaks none
    assert [r.name for r in integrity.RULES if r.name in integrity.SCANNED] == list(integrity.SCANNED)


def _edited(mini_db, case: Case) -> Snapshot:
    editor = Editor(mini_db, "管理 花子")
    for kind, key, values in case.setup:
        editor.save(kind, {**editor.load(kind, key), **values})
    k = KINDS[case.kind]
    with mini_db.read() as session:
        obj = Writer(session).find(k, case.key)
        snap = {"key": case.key} if case.new else snapshot(k, obj)
        assert case.new == (obj is None)
    case.change(snap)
    return snap


def _validation_side(mini_db, case: Case, snap: Snapshot) -> list[str]:
    """What validation says, as the editor (one record) and as a preview (a batch of one) ask it."""
    k = KINDS[case.kind]
    try:
        coerced = coerce_snapshot(k, snap)
    except RecordError as exc:
        return [str(exc)]
    with mini_db.read() as session:
        alone = check(session, k, coerced, is_new=case.new)
        links = ShelterLinks(session)
        links.add(case.kind, coerced)
        batch = check(session, k, coerced, is_new=case.new, known={(case.kind, coerced["key"])}, links=links)
    assert {p.message for p in alone} <= {p.message for p in batch}
    return [p.message for p in batch]


def _gate_side(mini_db, case: Case, snap: Snapshot) -> list[str]:
    """The rule's own findings on the written record, then the gate's refusal (nothing kept)."""
    rule = next(r for r in integrity.RULES if r.name == case.rule)
    found: list[str] = []
    with pytest.raises(Exception) as refused:
        with mini_db.write() as session:
            k = KINDS[case.kind]
            if case.sql is None:
                Writer(session).write(k, coerce_snapshot(k, snap))
                session.flush()
            else:
                table, statement = case.sql
                session.execute(text("PRAGMA defer_foreign_keys = ON"))  # the foreign key only at commit
                row_id = session.scalar(select(k.model.id).where(getattr(k.model, k.key_attr) == case.key))
                session.execute(text(statement), {"id": row_id})
                integrity.touch(session, table, row_id)
            touched = integrity.held_rows(session)
            found = [str(f) for f in rule.run(session, touched) if f.ids & touched.get(f.table, set())]
    if case.rule == "duplicate_initiatives":  # the schema's unique constraint refuses it first
        assert "UNIQUE" in str(refused.value)
    else:
        assert isinstance(refused.value, DirectoryRefused), refused.value
        assert found, f"the gate refused, but not by {case.rule}: {refused.value}"
    return found


@pytest.mark.parametrize("name", CASES)
def test_the_gate_and_validation_refuse_alike(mini_db, name):
    case = CASES[name]
    snap = _edited(mini_db, case)
    before = dump(mini_db)
    said = _validation_side(mini_db, case, snap)
    assert said, f"validation accepts what the gate's {case.rule} refuses"
    found = _gate_side(mini_db, case, snap)
    english = [m for m in found if re.search(r"[a-z_]{3,}: ", m)]
    assert not english, f"the gate names a column in English, not by its field's label: {english}"
    assert dump(mini_db) == before


# The translations for the client copy are no record of the editor's: their rule's cases are rows
# as a package brings them (``translation_sync.findings`` is the package preview's side).
TRANSLATIONS = {
    "shelter's location in its translation": ("test.svc.shelter", "description", "It is at 秘密の場所 1-2-3"),
    "shelter's location in its translated discreet wording": ("test.svc.shelter#discreet", "name", "秘密の場所の家"),
    "street address in a shelter's translation": ("test.svc.shelter", "description", "Near Hirokoji 7-50"),
    "street address in a shelter provider's translated name": ("test.center", "name", "Center, Hirokoji 7-50"),
    "control character in a translation": ("test.svc.law", "description", "Consultation\x1b[2J"),
    "bidirectional override in a translated name": ("test.svc.law", "name", "Law \u202e0990"),
    "translation longer than a page holds": ("test.svc.law", "caution", "長" * 20_001),
}


@pytest.mark.parametrize("name", TRANSLATIONS)
def test_the_gate_and_the_package_preview_refuse_a_translation_alike(mini_db, name):
    key, field, value = TRANSLATIONS[name]
    values = {"name": "Shelter", "description": "", "what_to_bring": (), "caution": "", "hours": "", field: value}
    row = TranslationRow("en", key, "0" * 12, **values)
    planned = [RecordDiff(translation_sync.KIND, f"en:{key}", row.name, "added", ())]
    before = dump(mini_db)
    with mini_db.read() as session:
        said = [str(f) for f in translation_sync.findings(session, [row], {}, planned)]
    assert said, "the preview accepts what the gate's translations rule refuses"
    with pytest.raises(DirectoryRefused) as refused:
        with mini_db.write() as session:
            translation_files.apply(session, [row])
    assert [str(f) for f in refused.value.findings] == said  # the same words
    assert dump(mini_db) == before


@pytest.mark.parametrize("name", CASES)
def test_the_editor_refuses_each_in_words_not_a_traceback(mini_db, name):
    """The editor's save: validation's words, or the gate's (a rule across records), nothing kept."""
    case = CASES[name]
    snap = _edited(mini_db, case)
    before = dump(mini_db)
    with pytest.raises(ValidationError) as refused:
        Editor(mini_db, "管理 花子").save(case.kind, snap, is_new=case.new)
    assert refused.value.problems and all(p.message for p in refused.value.problems)
    assert dump(mini_db) == before


def _preview(name: str, db, tmp_path) -> None:
    if name == "sheet":
        sheets.check_sheet(db, kept_workbook(tmp_path / "一覧.xlsx"))
    elif name == "hsds":
        hsds_import.check_hsds(db, DATA / "hsds_thirdparty" / "uk_council_services_page1.json", "162027")
    else:
        path = tmp_path / "p.dvdesk"
        pk.export_package(db, path, exported_by="管理 花子")
        manifest, doc = members(path)
        record(doc, "service", "test.svc.law")["description"] = "変えました"
        assert not pk.preview(db, pk.read_package(write(tmp_path / "changed.dvdesk", manifest, doc))).empty


@pytest.mark.parametrize("name", PREVIEWS)
def test_which_previews_rehearse_through_the_gate(mini_db, tmp_path, monkeypatch, name):
    calls: list[object] = []
    real = integrity.gate
    monkeypatch.setattr(integrity, "gate", lambda session: (calls.append(session), real(session))[1])
    before = dump(mini_db)
    _preview(name, mini_db, tmp_path)
    assert bool(calls) == (name in REHEARSED)
    assert dump(mini_db) == before
