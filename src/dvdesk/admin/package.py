"""Data packages: the directory on a USB stick, from one isolated PC to another.

A package is one ZIP file (``*.dvdesk``) holding two members:

- ``manifest.json``: format name and version, the exporting PC's name, when, by whom, the scope
  (the whole directory or one municipality), record counts, the SHA-256 of the content, and an
  HMAC-SHA256 signature of all that with the city's key (``package_key``);
- ``directory.json``: every record as a snapshot (``dvdesk.admin.records``), UTF-8, with the
  records' translations for the client copy (``dvdesk.admin.translation_sync``).

Why a ZIP and not bare JSON: it is one file that Windows can open without tools, ZIP's own
CRC-32 catches a stick pulled out mid-copy before the checksum is even read, it is small, and
it is not something a colleague opens in Notepad and re-saves as Shift_JIS. The SHA-256 in the
manifest covers the content byte for byte; a package whose content does not match it is refused.
The SHA-256 alone has no key (anyone could re-seal an edited ZIP); the signature has one: a package
not signed with this PC's key is applied only when an administrator accepts it, having seen who
made it, and one that claims this PC's key with a wrong signature is refused.

Reading verifies everything (``read_package``) before the directory is touched; applying
(``apply_package``) backs the database up and then writes all of it in one transaction.

This module applies a package (``preview``, ``apply_package``); what a package is lives in
``package_format``, writing one in ``package_export`` and reading one in ``package_read``.
Every name callers used is still importable from here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dvdesk.admin import translation_sync
from dvdesk.admin.collector import pausing
from dvdesk.admin.history import Edit
from dvdesk.admin.kinds import KINDS
from dvdesk.admin.known import Known
from dvdesk.admin.package_export import collect, export_package
from dvdesk.admin.package_format import (
    CONTENT,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MAX_CONTENT_BYTES,
    SUFFIX,
    TRUSTED,
    UNKNOWN_KEY,
    UNSIGNED,
    Manifest,
    Package,
    PackageError,
    pc_name,
)
from dvdesk.admin.package_read import read_package
from dvdesk.admin.records import RecordError, Snapshot, Writer
from dvdesk.admin.shelter_links import ShelterLinks
from dvdesk.admin.sync import (
    ADDED,
    CHANGED,
    SAID_ONLY,
    ChangePlan,
    Incoming,
    RecordDiff,
    apply_changes,
    known_keys,
    plan_changes,
    reference_problems,
)
from dvdesk.admin.validation import check
from dvdesk.domain.change_log import ChangeRecord
from dvdesk.domain.integrity import DirectoryRefused, shown
from dvdesk.domain.models import Meta, Synonym
from dvdesk.storage import directory_lock, translation_files
from dvdesk.storage.backup import Backup
from dvdesk.storage.backup import take as backup_database

if TYPE_CHECKING:
    from dvdesk.storage.database_protocol import DatabaseLike

# Every name callers import from here (the package was one module).
__all__ = [
    "CONTENT",
    "FORMAT",
    "FORMAT_VERSION",
    "MANIFEST",
    "MAX_CONTENT_BYTES",
    "SUFFIX",
    "TRUSTED",
    "UNKNOWN_KEY",
    "UNSIGNED",
    "ImportResult",
    "Manifest",
    "Package",
    "PackageError",
    "apply_package",
    "collect",
    "export_package",
    "pc_name",
    "preview",
    "read_package",
]

# --- importing ------------------------------------------------------------------------------

PARENTED = ("need", "organization")  # the kinds with a parent (``check`` looks for loops across the package)


@dataclass(frozen=True)
class ImportResult:
    plan: ChangePlan
    backup: Path | None


@pausing  # (``admin.collector``)
def preview(db: DatabaseLike, package: Package) -> ChangePlan:
    """What importing ``package`` would change. Refuses references that lead nowhere."""
    with db.read() as session:
        return _checked_plan(session, package)


def _checked_plan(session: Session, package: Package) -> ChangePlan:
    records = plan_changes(session, package.records, package.synonyms)
    _check_records(session, package.records, records)
    plan = _with_translations(session, records, package)
    said = translation_sync.findings(session, list(package.translations), package.records, list(plan.diffs))
    if said:  # the gate's words for a translation (its texts, a shelter's location)
        raise PackageError(f"記録に誤りがあります: {shown(str(said[0]), 300)}")
    warnings = _edited_since(session, plan, package) + _unwritten(plan, package)
    return dataclasses.replace(plan, stamp=_stamp(session, package), warnings=warnings, records=records)


def _unwritten(plan: ChangePlan, package: Package) -> tuple[str, ...]:
    """A field the package's records do not carry at all (written by an older dvdesk, before the
    field existed) that the import would empty on this PC's records: one warning per field, naming
    them (each is in the preview's changes too; this says why, before she applies it)."""
    said = []
    for name, snaps in package.records.items():
        unwritten: frozenset[str] = getattr(snaps, "unwritten", frozenset())
        if not unwritten or name not in KINDS:
            continue
        kind = KINDS[name]
        for field in (f for f in kind.fields if f.name in unwritten):
            hit = [
                d
                for d in plan.diffs
                if d.kind == name and d.action == CHANGED and any(c.path.split(".")[0] == field.name for c in d.changes)
            ]
            if not hit:
                continue
            named = _named(hit)
            said.append(
                f"このパッケージには「{field.label}」の欄がありません（その欄のない古い dvdesk で書き出されたもの）。"
                f"取り込むと、この PC の{kind.label} {len(hit)}件の「{field.label}」が空になります: {named}。"
                "書き出した PC の dvdesk を更新してから書き出し直すこともできます"
            )
    return tuple(said)


def _named(diffs: list[RecordDiff]) -> str:
    """The first five records by title and key, and how many more: a warning's or a refusal's list."""
    more = f" ほか{len(diffs) - 5}件" if len(diffs) > 5 else ""
    return "、".join(f"{shown(d.title)}（{shown(d.key)}）" for d in diffs[:5]) + more


def _edited_since(session: Session, plan: ChangePlan, package: Package) -> tuple[str, ...]:
    """The records this package changes that this PC changed after the package was written (an
    older package carried back would write its values over those edits): one warning naming them."""
    try:
        written = dt.datetime.fromisoformat(package.manifest.exported_at)
    except ValueError:
        return ()
    local = written.astimezone().replace(tzinfo=None) if written.tzinfo else written  # the history's clock
    changed = {(d.kind, d.key): d for d in plan.diffs if d.kind in KINDS and d.action not in (ADDED, *SAID_ONLY)}
    if not changed:
        return ()
    tables = {KINDS[kind].table: kind for kind, _ in changed}
    since = session.execute(
        select(ChangeRecord.table_name, ChangeRecord.record_key)
        .where(ChangeRecord.at > local, ChangeRecord.table_name.in_(sorted(tables)))
        .distinct()
    )
    hit = [changed[k] for table, key in since if (k := (tables[table], key)) in changed]
    if not hit:
        return ()
    named = _named(hit)
    when = shown(package.manifest.exported_at.replace("T", " ")[:16])
    return (
        f"このパッケージの書き出し（{when}）より後にこの PC で変更された記録 {len(hit)}件を、"
        f"パッケージの値で上書きします: {named}。変更点を確かめてから取り込んでください",
    )


def _stamp(session: Session, package: Package) -> tuple[object, ...]:
    """The package and the directory as a preview checked them: every change to the directory
    (an edit, an import, a restore) adds history rows or records, so the highest ids say whether
    anything changed since (a few index lookups, not a second preview: ~10 % of a national import)."""
    tables: list[Any] = [ChangeRecord, Synonym, *(kind.model for kind in KINDS.values())]
    highest = [session.scalar(select(func.max(t.id))) for t in tables]
    counts = session.scalar(select(func.count()).select_from(Synonym))
    return (package.manifest.sha256, counts, *highest)


def _refuse_edits_since(session: Session, plan: ChangePlan, previewed: tuple[object, ...]) -> None:
    """Refuse when the package would overwrite a record changed after the preview she accepted
    (another administrator on the server, another window): the preview never said so. The
    history's highest id then is ``_stamp``'s third value."""
    seen = previewed[2] if len(previewed) > 2 and isinstance(previewed[2], int) else 0
    changed = {
        (KINDS[d.kind].table, d.key): d for d in plan.diffs if d.kind in KINDS and d.action not in (ADDED, *SAID_ONLY)
    }
    if not changed:
        return
    since = session.execute(
        select(ChangeRecord.table_name, ChangeRecord.record_key)
        .where(ChangeRecord.id > seen, ChangeRecord.table_name.in_(sorted({t for t, _ in changed})))
        .distinct()
    )
    hit = [changed[k] for table, key in since if (k := (table, key)) in changed]
    if hit:
        named = _named(hit)
        raise PackageError(
            f"プレビューの後に変更された記録 {len(hit)}件を、パッケージの値で上書きすることになります: {named}。"
            "何も変更していません。もう一度プレビューして確かめてから取り込んでください"
        )


def _with_translations(session: Session, plan: ChangePlan, package: Package) -> ChangePlan:
    unknown = translation_sync.unknown_keys(session, list(package.translations), package.records)
    if unknown:
        raise PackageError(
            "翻訳の対象の記録がありません: " + unknown[0] + (f" ほか{len(unknown) - 1}件" if len(unknown) > 1 else "")
        )
    diffs, unchanged = translation_sync.plan(session, list(package.translations))
    return dataclasses.replace(ChangePlan.of([*plan.diffs, *diffs], plan.unchanged + unchanged), index=plan.index)


def _check_records(session: Session, records: Incoming, plan: ChangePlan) -> None:
    """In one pass over the records (a national package's are unpacked once): the references that
    lead nowhere (all of them, refused first), then each added or changed record checked like an
    edit in the administration window (the first one in the plan's order that fails)."""
    known = known_keys(records)
    writer = Writer(session)
    links = ShelterLinks(session)  # the gate's shelter rules across records, with the package's records
    # Once per kind, not per record: rebuilt for each of 350,000 services it was quadratic.
    parents: dict[str, dict[str, str]] = {}
    for name in PARENTED:  # needs and departments, before the services that name them
        parents[name] = {}
        for s in records.get(name, ()):
            parents[name][s["key"]] = s.get("parent", "")
            links.add(name, s)
    planned = {(d.kind, d.key): d for d in plan.diffs if d.kind in KINDS and d.action not in SAID_ONLY}
    directory = Known(session)  # the database's side of the checks: one query per kind, not per record
    rank = {name: n for n, name in enumerate(KINDS)}  # the plan's order: KINDS order, then the records'
    missing: list[str] = []
    first: tuple[tuple[int, int], str] | None = None
    departments: dict[str, tuple[int, RecordDiff]] = {}  # planned departments: asked again once every service is met
    moved: dict[str, tuple[int, RecordDiff, Snapshot]] = {}  # planned needs: asked again with every service
    for name, snaps in records.items():  # the package's order, as the references were always listed
        kind = KINDS[name]
        for i, snap in enumerate(snaps):
            missing += reference_problems(kind, snap, known, writer)
            if name not in PARENTED:
                links.add(name, snap)
            d = planned.get((name, snap["key"]))
            if d is not None and name == "organization":
                departments[snap["key"]] = (i, d)
            if d is not None and name == "need":
                moved[snap["key"]] = (i, d, snap)
            if d is None or (first is not None and first[0] < (rank[name], i)):
                continue
            problems = check(
                session,
                kind,
                snap,
                is_new=d.action == "added",
                known=known,
                parents=parents.get(name, {}),
                directory=directory,
                links=links,
            )
            if problems:
                first = ((rank[name], i), _wrong(kind.label, d, [p.message for p in problems]))
    for key, (i, d) in departments.items():  # a department met before the services under it: asked again
        if (first is None or (rank["organization"], i) < first[0]) and (said := links.provider_problems(key, known)):
            first = ((rank["organization"], i), _wrong(KINDS["organization"].label, d, [m for _, m in said]))
    for i, d, snap in moved.values():  # a need moved under the shelter need: its services met since
        if (first is None or (rank["need"], i) < first[0]) and (moved_said := links.moved_need_problems(snap, known)):
            first = ((rank["need"], i), _wrong(KINDS["need"].label, d, moved_said))
    for i, snap in enumerate(records.get("service", ()) if links.batch_streets() else ()):
        if first is not None and first[0] <= (rank["service"], i):  # a shelter met after a service naming its street
            break
        if (d := planned.get(("service", snap["key"]))) is not None and (said := links.street_problems(snap)):
            first = ((rank["service"], i), _wrong(KINDS["service"].label, d, [m for _, m in said]))
    if missing:
        raise PackageError(
            "参照先のない記録があります: "
            + shown(missing[0], 200)
            + (f" ほか{len(missing) - 1}件" if len(missing) > 1 else "")
        )
    if first is not None:
        raise PackageError(first[1])


def _wrong(label: str, d: RecordDiff, messages: list[str]) -> str:
    return f"記録に誤りがあります: {label}「{shown(d.title)}」（{shown(d.key)}）: " + " / ".join(
        shown(m, 200) for m in messages[:3]
    )


@pausing
def apply_package(
    db: DatabaseLike,
    package: Package,
    admin: str,
    backup: Backup | None = backup_database,
    *,
    accept_untrusted: bool = False,
    previewed: ChangePlan | None = None,
) -> ImportResult:
    """Back up, then apply everything in one transaction (or nothing, on any error). A package not
    signed with this PC's key needs ``accept_untrusted``: an administrator who saw who made it.
    ``previewed``: the caller's ``preview`` of this package, shown to the administrator; its checks
    are not run again unless the directory changed since (then they run inside the transaction)."""
    try:
        return _apply(db, package, admin, backup, accept_untrusted=accept_untrusted, previewed=previewed)
    finally:
        package.close()  # the extracted index file (GBs for a national package), on every path


def _apply(
    db: DatabaseLike,
    package: Package,
    admin: str,
    backup: Backup | None,
    *,
    accept_untrusted: bool,
    previewed: ChangePlan | None,
) -> ImportResult:
    if not package.trusted and not accept_untrusted:
        raise PackageError(package.untrusted_reason() + "。作成者を確かめてから、明示的に受け入れてください。")
    planned = previewed if previewed is not None and previewed.stamp else preview(db, package)
    if planned.empty:
        return ImportResult(planned, None)
    stamp, records = planned.stamp, planned.records  # the records' plan is written if nothing changed since
    del planned
    copy = backup(db.path, "import") if backup and not db.is_server else None  # a server: pg_dump
    m = package.manifest
    edit = Edit(
        admin or "（管理者名なし）",
        "import",
        note=f"パッケージ: {m.pc_name}（{m.exported_at.replace('T', ' ')[:16]}書き出し、{m.scope_label}）",
    )
    # A whole directory with its index (GBs at 350,000 services): SQLite's rollback journal when
    # nothing else has the file open, else the WAL with its checkpoint behind the commit.
    large = package.index is not None
    try:
        with db.write(large=large) as session:
            directory_lock.take(session)  # another administrator's import first, then its stamp: seen here
            if _stamp(session, package) != stamp:  # changed since the preview: its checks, again, here
                again = _checked_plan(session, package)
                _refuse_edits_since(session, again, stamp)
                records = again.records  # and the plan written is this one
            applied = apply_changes(
                session, package.records, edit, package.synonyms, shipped=package.index, planned=records
            )
            plan = _with_translations(session, applied, package)
            translation_files.apply(session, list(package.translations))
            session.merge(
                Meta(
                    key="last_package_import",
                    value=json.dumps(
                        {
                            "at": edit.at.isoformat(),
                            "from": m.pc_name,
                            "exported_at": m.exported_at,
                            "sha256": m.sha256,
                            "admin": edit.admin,
                        },
                        ensure_ascii=False,
                    ),
                )
            )
    except (RecordError, DirectoryRefused) as exc:
        raise PackageError(f"取り込めませんでした（何も変更していません）: {exc}") from None
    return ImportResult(plan, copy)
