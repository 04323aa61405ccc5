"""A shelter's provider never gets a public address from an HSDS import, and the rest of the feed
still comes in.

The directory's rule (``integrity_rules.shelter_providers``): the department or agency that
provides an 一時保護・シェルター service must not have a public address — a client copy prints a
department's address under its heading, and that address is where the shelter is. A feed often
gives a city department its office address; when that department also provides a shelter
service, the gate used to refuse the whole import in one line. Now, before the gate:

- an address the feed brings for such a provider is not imported (the organization is, without
  it), and the report says so, naming the address and the shelter service: the administrator can
  enter it as 「秘密」 or 「職員のみ」 in the admin screen;
- a shelter service whose provider already has a public address in the directory (an old
  problem the import did not bring) is refused, with the gate's reason and its fix; the rest is
  imported.

Never is the address stored as public, and nothing is dropped without a line in the report.

The export (``hsds.export_document``) holds the same rules as a last line for a file that got past
the gate (an old backup, a file edited by hand): ``refuse_export`` refuses the whole export, in the
gate's words, when a record it would write gives a shelter's place away — a shelter's location
written in its texts, its provider's address public or written in the department's name,
description or a public contact. Nothing is written then; ``dvdesk check`` lists them all.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.orm import Session

from dvdesk.admin.records import Snapshot
from dvdesk.admin.shelter_links import ShelterLinks
from dvdesk.domain import integrity_providers, integrity_rules
from dvdesk.domain.integrity_rules import shelter_need_ids

Refuse = Callable[[str, str, list[str]], None]  # (kind, HSDS id, reasons)


class ExportRefused(ValueError):
    """An HSDS export that would give a shelter's place away; ``str()`` is Japanese."""


def refuse_export(session: Session, services: set[str], organizations: set[str]) -> None:
    """Raise ``ExportRefused`` when a service (key) or a department (key) the export writes breaks
    one of the gate's shelter rules (module docstring)."""
    rules = (  # a shelter's public location is not among them: the readers take it as secret (``directory``)
        integrity_rules.shelter_echoes,
        integrity_rules.shelter_providers,
        integrity_providers.provider_echoes,
    )
    written = {"services": services, "organizations": organizations}
    found = [f for rule in rules for f in rule(session, None) if f.key in written.get(f.table, set())]
    if found:
        more = f"（ほか{len(found) - 1}件。dvdesk check で一覧）" if len(found) > 1 else "（dvdesk check で一覧）"
        raise ExportRefused(f"HSDS に書き出しませんでした。{found[0]}{more}")


_SHELTER_SERVICES_SQL = (
    "SELECT o.key, s.key, s.name FROM services s JOIN organizations o ON o.id = s.organization_id "
    "JOIN service_needs sn ON sn.service_id = s.id WHERE sn.need_id IN ({ids})"
)
_ORG_ADDRESS_SQL = "SELECT address, address_confidentiality, name FROM organizations WHERE key = :key"


def withhold_shelter_addresses(session: Session, snaps: dict[tuple[str, str], Snapshot], refuse: Refuse) -> list[str]:
    """Apply the rule above to the checked snapshots (``(kind, HSDS id) -> snapshot``), in place;
    the report's lines for the addresses withheld (a refused service has its own row)."""
    ids = shelter_need_ids(session)
    if not ids:
        return []
    shelter_keys = {k for (k,) in session.execute(text(f"SELECT key FROM needs WHERE id IN ({_ids(ids)})"))}
    incoming = {s["key"] for (kind, _), s in snaps.items() if kind == "service"}
    providers: dict[str, str] = {}  # organization key -> the name of a shelter service it provides
    shelter_services: dict[str, list[str]] = {}  # organization key -> HSDS ids of its incoming ones
    for (kind, hid), s in snaps.items():
        if kind == "service" and s.get("provider") and set(s.get("needs") or ()) & shelter_keys:
            providers.setdefault(s["provider"], s["name"])
            shelter_services.setdefault(s["provider"], []).append(hid)
    for org, key, name in session.execute(text(_SHELTER_SERVICES_SQL.format(ids=_ids(ids)))):
        if key not in incoming:  # the feed does not change it: still a shelter of this provider
            providers.setdefault(org, name)
    orgs = {s["key"]: s for (kind, _), s in snaps.items() if kind == "organization"}
    lines = []
    for org_key, service_name in sorted(providers.items()):
        stored = session.execute(text(_ORG_ADDRESS_SQL), {"key": org_key}).first()
        stored_public = stored is not None and bool((stored[0] or "").strip()) and stored[1] == "public"
        snap = orgs.get(org_key)
        if snap is not None and _public(snap) and not (stored_public and stored and stored[0] == snap["address"]):
            lines.append(
                f"組織「{snap['name']}」の所在地「{snap['address']}」は取り込みませんでした: "
                f"一時保護・シェルター（「{service_name}」）を提供する組織の所在地は公開にできません"
                "（相談者の控えに印刷されるため）。必要なら管理画面で公開範囲を「秘密」か「職員のみ」にして入力してください"
            )
            snap["address"] = stored[0] if stored is not None and not stored_public else ""
            if stored is not None and not stored_public:
                snap["address_confidentiality"] = stored[1]
            continue
        if stored_public or (snap is not None and _public(snap)):
            name = snap["name"] if snap is not None else stored[2] if stored is not None else org_key
            for hid in shelter_services.get(org_key, []):
                refuse(
                    "service",
                    hid,
                    [
                        f"提供する「{name}」の所在地がディレクトリで「公開」になっているため、一時保護・シェルターの"
                        f"サービスは受け付けません。管理画面で「{name}」の所在地の公開範囲を「秘密」か「職員のみ」に"
                        "してから、もう一度取り込んでください"
                    ],
                )
    return lines


def refuse_written_places(session: Session, snaps: dict[tuple[str, str], Snapshot], refuse: Refuse) -> None:
    """The gate's ``provider_echoes`` before it: a department the feed brings that provides a
    shelter (the feed's or this PC's) and writes a street address, or words of its hidden address,
    in its name, description or a public contact is refused, and the services it provides with it;
    a feed's shelter under a department of this PC that does so is refused. The gate's words."""
    links = ShelterLinks(session)
    for wanted in ("organization", "service"):
        for (kind, _), snap in snaps.items():
            if kind == wanted:
                links.add(kind, snap)
    known = {(kind, snap["key"]) for (kind, _), snap in snaps.items()}
    refused: dict[str, str] = {}
    for (kind, hid), snap in list(snaps.items()):
        if kind == "organization":
            said = [m for path, m in links.provider_problems(snap["key"], known, snap["name"]) if path != ADDRESS_LEVEL]
            if said:
                refused[snap["key"]] = f"組織「{snap['name'] or hid}」（id {hid}）"
                refuse(kind, hid, said)
    for (kind, hid), snap in list(snaps.items()):
        if kind != "service":
            continue
        if (provider := str(snap.get("provider") or "")) in refused:
            refuse(kind, hid, [f"提供する組織の{refused[provider]}が受け付けられなかったため、受け付けません"])
        elif said_one := links.written_problem(snap):
            refuse(kind, hid, [said_one])


ADDRESS_LEVEL = "address_confidentiality"  # the public address's rule: withheld above, not refused


def _public(snap: Snapshot) -> bool:
    return bool((snap.get("address") or "").strip()) and snap.get("address_confidentiality", "public") == "public"


def _ids(ids: set[int]) -> str:
    return ", ".join(str(i) for i in sorted(ids))
