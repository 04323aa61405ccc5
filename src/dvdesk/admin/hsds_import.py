"""Import from Open Referral HSDS 3.x JSON: organisations and services from another system.

What the files hold is recognised by ``hsds_read`` (services with their organization nested,
organizations with their services, locations, service_at_location, contacts, phones, taxonomies,
API list pages, arrays, single records; several files or a folder at once). Each is imported as
what it is:

- organizations and services become dvdesk records. A record whose id is the UUID dvdesk gave one
  of its own records (or ``hsds.<id>`` from an earlier import) updates that record, keeping every
  field HSDS does not carry (staff notes, secret locations, confidentiality); any other becomes a
  new record keyed ``hsds.<id>``;
- the same record met again (an organization nested in each of its services) is one record; a
  repeat that differs from the first is reported with the difference;
- locations, service_at_location, contacts and phones join the organization or service they name
  by id, whether it is in the same import or already in the database; one naming a record found
  in neither is refused with what to import first;
- taxonomies and taxonomy terms are used for mapping only (terms of "dvdesk-needs" become needs).

Every record read ends in the database, in the refusals, in the repeats or in the mapping count
(``HsdsReport.counts()``; a test holds the sum). A service whose organization is refused is refused
too. A shelter's provider never gets a public address (``hsds_shelters``). An import with no
municipality scope is refused unless the records carry their own (dvdesk's attributes, service
areas naming a municipality or 全国): never silently nationwide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvdesk.admin import translation_sync
from dvdesk.admin.history import Edit
from dvdesk.admin.hsds_assembly import (
    Assembly,
    Rows,
    Sorted,
    as_list,
    not_found,
    paging,
    scoped,
    sort_items,
    taxonomy,
)
from dvdesk.admin.hsds_mapping import Mapper, record_id
from dvdesk.admin.hsds_read import LABELS, Feed, HsdsError, read_paths
from dvdesk.admin.hsds_shelters import refuse_written_places, withhold_shelter_addresses
from dvdesk.admin.import_counts import ImportCounts
from dvdesk.admin.kinds import KINDS
from dvdesk.admin.known import name_key
from dvdesk.admin.previewed_plan import as_previewed
from dvdesk.admin.records import RecordError, Snapshot, Writer, coerce_snapshot, snapshot
from dvdesk.admin.sheets import ACCEPTED, REJECTED, RowResult, SheetReport
from dvdesk.admin.sync import ChangePlan, RecordDiff, apply_changes, plan_changes, writing
from dvdesk.admin.validation import check
from dvdesk.domain.integrity import DirectoryRefused
from dvdesk.domain.models import Need
from dvdesk.storage.backup import Backup
from dvdesk.storage.backup import take as backup_database
from dvdesk.storage.database_protocol import DatabaseLike

__all__ = ["HsdsError", "HsdsReport", "check_hsds", "import_hsds"]


@dataclass
class HsdsReport(SheetReport):
    repeats: list[str] = field(default_factory=list)  # one line per record met more than once
    pages: list[str] = field(default_factory=list)  # "page 1 of 31: import the other pages too"
    files: list[str] = field(default_factory=list)
    # HSDS counts records, not sheet rows: read = accepted + refused + repeats + mapping
    records_read: int = 0
    repeat_count: int = 0  # records met again (a nested organization in every service): one record
    mapping_count: int = 0  # taxonomy records, used only to map needs

    def counts(self) -> ImportCounts:
        """As ``SheetReport.counts``; the repeats and the mapping records are the skipped ones."""
        return ImportCounts(
            self.records_read, len(self.accepted), len(self.rejected), self.repeat_count + self.mapping_count
        )

    @property
    def balanced(self) -> bool:
        """The records add up, and each accepted or refused one has its line in the report."""
        c = self.counts()
        return c.balanced and c.stored + c.refused == len(self.rows)

    def summary(self) -> str:
        c = self.counts()
        line = (
            f"読み込んだ記録 {c.read}件: 受付 {c.stored}件、受け付けず {c.refused}件、"
            f"繰り返し {self.repeat_count}件、分類（対応づけのみ）{self.mapping_count}件"
        )
        return line + "".join(f"\n一覧の一部だけです: {p}" for p in self.pages)


def check_hsds(
    db: DatabaseLike, paths: Path | str | Sequence[Path | str], municipality: str = "", *, nationwide: bool = False
) -> tuple[HsdsReport, dict[str, list[Snapshot]]]:
    """What importing ``paths`` would do. ``municipality``: the scope of records that state none;
    ``nationwide``: the administrator chose explicitly that such records are for the whole country."""
    files = as_list(paths)
    feed: Feed = read_paths(files)
    sorted_ = sort_items(feed.items)
    rows = Rows()
    for item in feed.unknown:
        rows.add(
            item,
            item.not_object
            or "HSDS のどの種類の記録か分かりません（サービス・組織・所在地・連絡先・電話・分類のどれでもありません）",
            "（記録ではない値）" if item.not_object else "",
        )
    source = "、".join(feed.files[:3]) + (f" ほか{len(feed.files) - 3}件" if len(feed.files) > 3 else "")
    with db.read() as session:
        needs = {n.key for n in session.scalars(select(Need))}
        terms, mapping_lines, mapping = taxonomy(sorted_, needs)
        mapper = Mapper(session, municipality, source, terms)
        mapper.files = {
            (k, i): it.where.split("件目")[0].rsplit(" ", 1)[0]
            for k in ("organization", "service")
            for i, it in sorted_.unique.get(k, {}).items()
        }
        for item in sorted_.no_id:
            if item.kind in ("organization", "service"):
                rows.add(item, "id がありません（HSDS の記録には id が必要です）")
        _require_scope(sorted_, mapper, municipality, nationwide)
        record_rows = {
            (k, i): rows.add(it) for k in ("organization", "service") for i, it in sorted_.unique.get(k, {}).items()
        }
        assembly = Assembly(sorted_, mapper, rows)
        assembly.run(
            [
                i
                for k in ("phone", "contact", "service_at_location", "location")
                for i in [*sorted_.unique.get(k, {}).values(), *(n for n in sorted_.no_id if n.kind == k)]
            ]
        )
        for hid in assembly.orgs:
            mapper.org_keys[hid] = mapper.key("organization", hid)
        incoming = _checked(session, mapper, assembly, record_rows)
        plan = plan_changes(session, incoming)
        _settle_joined(rows, assembly, record_rows, mapper)  # inside the session: it reads our keys
    actions = {(d.kind, d.key): d.action for d in plan.diffs}
    for (kind, _), row in record_rows.items():
        if row.status == ACCEPTED:
            row.action = actions.get((kind, row.key), "unchanged")
    for row, kind, _ in rows.joined:
        if row.status == ACCEPTED:
            row.action = actions.get((kind, row.key), "unchanged")
    report = HsdsReport(rows.rows, plan, mapper.all_notes() + sorted_.conflicts + mapping_lines, "UTF-8")
    report.notes += [f"JSON でないため読み飛ばしたファイル: {n}" for n in feed.skipped]
    report.repeats, report.pages, report.files = sorted_.lines, paging(feed.pages), feed.files
    report.records_read = len(feed.items) + len(feed.unknown)
    report.repeat_count, report.mapping_count = sorted_.repeats, mapping
    return report, incoming


def _require_scope(sorted_: Sorted, mapper: Mapper, municipality: str, nationwide: bool) -> None:
    if municipality or nationwide:
        return
    codes = set(mapper.munis.values())
    unscoped = [
        it
        for k in ("organization", "service")
        for i, it in sorted_.unique.get(k, {}).items()
        if not mapper.has(k, i) and not scoped(it, codes, mapper.munis)
    ]
    if unscoped:
        raise ScopeRequired(len(unscoped), unscoped[0].name or unscoped[0].id)


class ScopeRequired(HsdsError):
    """Records state no municipality and none was chosen. ``count`` and ``example`` let the window
    word its own message (where to choose); the text is the command line's."""

    def __init__(self, count: int, example: str):
        self.count, self.example = count, example
        super().__init__(
            f"{count}件の記録に、このディレクトリにある市区町村が書かれていません（例: 「{example}」）。"
            "取り込み先の市区町村を指定してください（dvdesk import-hsds … -m 市区町村名。"
            "全国向けとして取り込むときは -m 全国）。何も変更していません"
        )


def _checked(
    session: Session, mapper: Mapper, assembly: Assembly, record_rows: dict[tuple[str, str], RowResult]
) -> dict[str, list[Snapshot]]:
    """Snapshots that pass every check; a record whose organization (parent or provider) is
    refused is refused too, naming that organization."""
    snaps: dict[tuple[str, str], Snapshot] = {}
    for kind, pool, convert in (
        ("organization", assembly.orgs, mapper.organization),
        ("service", assembly.services, mapper.service),
    ):
        for hid, raw in pool.items():
            only = (kind, hid) in assembly.attach_only
            row = record_rows.get((kind, hid))
            try:
                snap = coerce_snapshot(KINDS[kind], convert(raw, only))
            except RecordError as exc:
                if row is not None:
                    row.status, row.reasons = REJECTED, [str(exc)]
                assembly.failed[(kind, hid)] = str(exc)
                continue
            if row is not None:
                row.key = snap["key"]
            snaps[(kind, hid)] = snap
    imported = {i for k, i in record_rows if k == "organization"}
    refused_org: dict[str, str] = {}  # key -> why, for the records that depend on it

    def refuse(kind: str, hid: str, reasons: list[str]) -> None:
        snap = snaps.pop((kind, hid))
        row = record_rows.get((kind, hid))
        if row is not None:
            row.status, row.reasons = REJECTED, reasons
        assembly.failed[(kind, hid)] = " / ".join(reasons)
        if kind == "organization":
            refused_org[snap["key"]] = f"組織「{snap['name'] or hid}」（id {hid}）"

    for kind in ("organization", "service"):
        changed = True
        while changed:  # a refusal can refuse what refers to it: until nothing moves
            changed = False
            known = {(k, s["key"]) for (k, _), s in snaps.items()}
            parents = {s["key"]: s.get("parent", "") for (k, _), s in snaps.items() if k == "organization"}
            named: dict[tuple[str, str], str] = {}  # a name twice in one feed: the first is kept (as a sheet)
            for (k, hid), snap in list(snaps.items()):
                if k != kind:
                    continue
                ref = snap.get("parent" if kind == "organization" else "provider") or ""
                if ref in refused_org:
                    what = "上位の組織" if kind == "organization" else "提供する組織"
                    refuse(k, hid, [f"{what}の{refused_org[ref]}が受け付けられなかったため、受け付けません"])
                    changed = True
                    continue
                raw = assembly.services.get(hid, {}) if kind == "service" else {}
                org = record_id(raw, "organization_id") or record_id(raw.get("organization"), "id")
                if kind == "service" and org and org not in imported and not mapper.has("organization", org):
                    refuse(k, hid, [not_found("organization", org, "組織の一覧（organizations.json など）")])
                    changed = True
                    continue
                is_new = Writer(session).find(KINDS[k], snap["key"]) is None
                problems = [
                    p.message for p in check(session, KINDS[k], snap, is_new=is_new, known=known, parents=parents)
                ]
                twin = (str(snap.get("municipality", "")), name_key(str(snap.get("name", ""))))
                if not snap.get("retired") and twin in named:
                    problems.append(f"同じファイルに同じ名称の{KINDS[k].label}があります（id {named[twin]}）")
                named.setdefault(twin, hid)
                if problems:
                    refuse(k, hid, problems)
                    changed = True
    # A shelter's provider: its address from the feed is withheld, or its shelter service refused.
    mapper.notes.update(withhold_shelter_addresses(session, snaps, refuse))
    refuse_written_places(session, snaps, refuse)  # its name, description or a contact giving the place away
    for hid, why in _translation_echoes(session, snaps).items():
        refuse("service", hid, [why])
    incoming: dict[str, list[Snapshot]] = {}
    for (kind, _), snap in snaps.items():
        incoming.setdefault(kind, []).append(snap)
    return incoming


def _translation_echoes(session: Session, snaps: dict[tuple[str, str], Snapshot]) -> dict[str, str]:
    """HSDS id -> why, for each service the feed changes into a shelter whose translation on this PC
    (for the client copy) names its hidden location: the gate's words (``integrity_translations``)."""
    services = {s["key"]: hid for (kind, hid), s in snaps.items() if kind == "service"}
    if not services:
        return {}
    planned = [RecordDiff("service", key, "", "changed", ()) for key in services]
    said = translation_sync.findings(
        session, [], {"service": [snaps[("service", h)] for h in services.values()]}, planned
    )
    out: dict[str, str] = {}
    writer = Writer(session)
    for f in said:
        hid = services[f.key]
        stored = writer.find(KINDS["service"], f.key)
        if stored is not None and snapshot(KINDS["service"], stored) == snaps[("service", hid)]:
            continue  # unchanged: the import does not write it (an old translation, not its doing)
        out.setdefault(hid, f"{f.problem}。{f.remedy}")
    return out


def _settle_joined(rows: Rows, assembly: Assembly, record_rows: dict, mapper: Mapper) -> None:
    """A location, contact or phone stands or falls with the record it joined."""
    for row, kind, hid in rows.joined:
        target = record_rows.get((kind, hid))
        name = (target.title if target else "") or hid
        row.title = f"{row.title} → {LABELS[kind]}「{name}」"
        if (kind, hid) in assembly.failed:
            row.status, row.reasons = (
                REJECTED,
                [f"{LABELS[kind]}「{name}」が受け付けられなかったため（{assembly.failed[(kind, hid)]}）"],
            )
        elif target is None and (kind, hid) not in assembly.attach_only:
            row.status, row.reasons = REJECTED, [not_found(kind, hid, f"{kind}s.json")]
        else:
            row.key = target.key if target else mapper.key(kind, hid)


def import_hsds(
    db: DatabaseLike,
    paths: Path | str | Sequence[Path | str],
    admin: str,
    *,
    municipality: str = "",
    nationwide: bool = False,
    dry_run: bool = False,
    backup: Backup | None = backup_database,
    expected: ChangePlan | None = None,  # the accepted preview's plan: written as is, or nothing (previewed_plan)
) -> HsdsReport:
    report, incoming = check_hsds(db, paths, municipality, nationwide=nationwide)
    if report.plan is None or report.plan.empty:
        return report
    if not dry_run:  # a dry run writes and rolls back (``sync.writing``), as a sheet's: nothing to back up
        report.backup = backup(db.path, "hsds-import") if backup and not db.is_server else None  # server: pg_dump
    try:
        with writing(db, dry_run=dry_run) as session:
            edit = Edit(admin, "import", note=f"HSDS: {'、'.join(report.files)}")
            plan = apply_changes(session, incoming, edit)
            as_previewed(plan, expected, HsdsError)  # raised here: rolled back
            if not dry_run:
                report.plan = plan
    except DirectoryRefused as exc:
        raise HsdsError(str(exc)) from None
    report.applied = not dry_run
    return report
