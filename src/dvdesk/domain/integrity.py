"""One gate for the directory: the state every write must leave it in, checked before commit.

Every way into the directory (the administrator's editor, data packages, spreadsheets, HSDS files,
the bundled directory, a restored backup) ends in ``Database.write()``, which calls ``gate`` inside
the transaction, after the last flush and before the commit: a refused write raises
``DirectoryRefused`` and the transaction is rolled back, so the database keeps its state.

The rules (``RULES``, run by ``check``): confidentiality levels are known values (a blank level is not one), a
shelter's location is never public nor written where a client reads it, nor its provider's
(``integrity_providers``) nor its street with its number in another service's printed text
(``integrity_streets``), phones are dialable Japanese numbers, schedules are readable,
keys are short printable ASCII, municipality codes carry their check digit, text has no control
characters and a bounded length, references lead to a record, initiative numbers are unique in a
plan, no parent relation (need categories, organisations) loops, and a translation for the client
copy holds to the same (``integrity_translations``: no control characters, no shelter's location).

Only the records a write touched are held against it (``touched``); a problem that was already
there on an untouched record (an old backup, a hand-edited file) does not block an unrelated edit,
or its own repair — except that a need moved under 一時保護・シェルター holds the services under it
to the shelter rules (``held_rows``): the move makes them shelters. Such records are reported by
``scan``: the window and the command line say which record, what is wrong and what to do, and keep
working (the readers treat an unknown level as secret and walk parent chains with a visited set).

This module is the gate (what a transaction touched, ``gate``, ``check``, ``scan``); the
findings are ``integrity_findings``, the rules over whole tables ``integrity_rules`` and the
per-row text rules ``integrity_texts``. Every name callers used is still importable from here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from dvdesk.domain.integrity_findings import DirectoryRefused, Finding
from dvdesk.domain.integrity_findings import shown as shown  # re-exported: callers import it from here
from dvdesk.domain.integrity_findings import summary as summary
from dvdesk.domain.integrity_providers import provider_echoes
from dvdesk.domain.integrity_rules import (
    MODELS,
    EveryRow,
    Touched,
    codes,
    cycles,
    dangling,
    duplicate_initiatives,
    enums,
    shelter_echoes,
    shelter_providers,
    shelters,
    with_descendants,
)
from dvdesk.domain.integrity_rules import parent_cycles as parent_cycles
from dvdesk.domain.integrity_rules import shelter_need_ids as shelter_need_ids
from dvdesk.domain.integrity_streets import shelter_streets
from dvdesk.domain.integrity_texts import texts
from dvdesk.domain.integrity_translations import translations
from dvdesk.domain.models import ContactPoint, Initiative, Need, service_needs
from dvdesk.domain.translation_models import Translation

TRACKED = "dvdesk.touched"  # session.info key: directory objects changed in this transaction
TOUCHED_IDS = "dvdesk.touched_ids"  # session.info key: table -> ids written in bulk (no ORM objects)
MOVED_NEEDS = "dvdesk.moved_needs"  # session.info key: ids of needs given another parent or key

# --- what a transaction touched -----------------------------------------------------------


def track(session: Session) -> None:
    """Remember the directory records about to be flushed (called before each flush), and the
    needs whose place in the tree changes (``MOVED_NEEDS``)."""
    bag = session.info.setdefault(TRACKED, [])
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, (*MODELS.values(), ContactPoint, Initiative, Translation)):
            bag.append(obj)
    for obj in session.dirty:
        if isinstance(obj, Need) and obj.id is not None:
            state = inspect(obj)
            if any(state.attrs[a].history.has_changes() for a in ("parent", "parent_id", "key")):
                session.info.setdefault(MOVED_NEEDS, set()).add(obj.id)


def touch(session: Session, table: str, row_id: int) -> None:
    """Remember a record written without the ORM (a bulk insert), so that the gate checks it too."""
    session.info.setdefault(TOUCHED_IDS, {}).setdefault(table, set()).add(row_id)


def untouch(session: Session, table: str, ids: Iterable[int]) -> None:
    """Forget records a write put back exactly as they were (a directory replaced whole: the
    records its package leaves unchanged): as on a record the write never touched, a problem
    already on one is not held against it."""
    written = session.info.get(TOUCHED_IDS, {}).get(table)
    if written:
        written.difference_update(ids)


def touched_rows(session: Session) -> dict[str, set[int]]:
    """table -> ids of the records touched in this transaction (a contact counts as its
    organisation, an initiative as its plan). Call after the last flush."""
    out: dict[str, set[int]] = {t: set(ids) for t, ids in session.info.get(TOUCHED_IDS, {}).items()}
    for obj in session.info.get(TRACKED, []):
        if isinstance(obj, ContactPoint):
            table, row_id = "organizations", obj.organization_id
        elif isinstance(obj, Initiative):
            table, row_id = "plans", obj.plan_id
        else:
            table, row_id = obj.__tablename__, obj.id
        if row_id is not None:
            out.setdefault(table, set()).add(row_id)
    return out


def held_rows(session: Session) -> dict[str, set[int]]:
    """``touched_rows`` and the services a moved need made shelters (``_add_new_shelters``): the
    rows the gate holds to its rules. Call after the last flush."""
    touched = touched_rows(session)
    # Needs written in bulk (no ORM object to ask what changed) count as moved.
    moved = set(session.info.get(MOVED_NEEDS, ())) | set(session.info.get(TOUCHED_IDS, {}).get("needs", ()))
    if touched:
        _add_new_shelters(session, touched, moved)
    return touched


def gate(session: Session) -> None:
    """Refuse (raise ``DirectoryRefused``) when the records this transaction touched break a rule."""
    touched = held_rows(session)
    for bag in (TRACKED, TOUCHED_IDS, MOVED_NEEDS):
        session.info.pop(bag, None)
    if not touched:
        return
    _mark_whole_tables(session, touched)
    findings = [f for f in check(session, touched) if f.ids & touched.get(f.table, set())]
    if findings:
        raise DirectoryRefused(findings)


def _add_new_shelters(session: Session, touched: dict[str, set[int]], moved: set[int]) -> None:
    """A need moved under 一時保護・シェルター (a parent or a key changed) makes shelters of the
    services under it, which the write never touched: they are held to the shelter rules as if it
    had (a location never public nor printed, a provider's address never public)."""
    if not moved:
        return
    shelter = shelter_need_ids(session)
    below = moved & shelter
    if not below:
        return
    needs = with_descendants(below, ((i, p) for i, p in session.execute(select(Need.id, Need.parent_id))))
    services = session.scalars(
        select(service_needs.c.service_id).where(service_needs.c.need_id.in_(sorted(needs))).distinct()
    )
    ids = set(services)
    if ids:
        have = touched.get("services")
        if isinstance(have, EveryRow):
            have.update(ids)
        else:
            touched["services"] = (have or set()) | ids


WHOLE_TABLE_MIN = 1_000  # touched ids from which a table is looked at whole (``EveryRow``)


def _mark_whole_tables(session: Session, touched: dict[str, set[int]]) -> None:
    """Each table of which the write touched most rows (a national import writes them all; a desk's
    directory replaced whole, all but the records the package leaves as they were) is marked
    ``EveryRow``: its rules then read it whole, not through 350,000 ids in ``IN`` lists. The
    findings are the same: the gate keeps only those on touched ids either way."""
    for table, ids in touched.items():
        if table not in MODELS or len(ids) < WHOLE_TABLE_MIN:
            continue
        rows = session.scalar(select(func.count()).select_from(MODELS[table])) or 0
        if rows <= 2 * len(ids):
            touched[table] = EveryRow(ids)


# --- the rules ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One of the gate's rules, by name: ``run(session, touched)`` gives its findings (``touched``
    None: the whole directory). ``tests/test_gate_parity.py`` holds a case for each name, a
    directory breaking the rule that ``admin.validation.check`` refuses too, so that a preview
    never says 受付 for what the commit refuses: a rule added here without one fails that test."""

    name: str
    run: Callable[[Session, Touched], Iterable[Finding]]


# Parent loops are always looked for in the whole relation: a loop is made by one edit but
# involves records it did not touch.
RULES: tuple[Rule, ...] = (
    Rule("enums", enums),
    Rule("cycles", lambda session, _touched: cycles(session)),
    Rule("shelters", shelters),
    Rule("shelter_echoes", shelter_echoes),
    Rule("shelter_providers", shelter_providers),
    Rule("provider_echoes", provider_echoes),
    Rule("shelter_streets", shelter_streets),  # a shelter's street in another service's printed text
    Rule("dangling", dangling),
    Rule("duplicate_initiatives", duplicate_initiatives),
    Rule("codes", codes),
    Rule("texts", texts),
    Rule("translations", translations),
)
# ``scan``'s rules; "translations": what the client copy prints in her language (h19: the start did not read it)
SCANNED = ("enums", "cycles", "shelters", "shelter_echoes", "shelter_providers", "provider_echoes", "translations")


def check(session: Session, touched: Touched = None) -> list[Finding]:
    """Every finding of every rule (``RULES``) among ``touched`` rows (None: the whole directory,
    as ``dvdesk check`` and a restore use it)."""
    return [f for rule in RULES for f in rule.run(session, touched)]


def scan(session: Session) -> list[Finding]:
    """What would break the desk or a printout if it slipped past the gate: unknown levels and
    kinds, a public shelter location or its provider's, a translation giving a shelter's place away
    or holding a control character, parent loops. Plain SQL over the whole directory, one pass
    per table, so that every start and every command can afford it (``benchmarks/bench_gate.py``)."""
    return [f for rule in RULES if rule.name in SCANNED for f in rule.run(session, None)]
