"""Reading back what dvdesk's HSDS export carries beyond the plain HSDS fields (``dvdesk.admin.hsds``).

Kept apart from the importer so that the importer's own reading of other systems' feeds can
change without touching this: ``hsds_import`` calls ``organization`` and ``service`` once each,
after it has mapped a record, and these only add what the document states explicitly —

- organization kind and municipality (attributes ``dvdesk:organization_kind``,
  ``jp:municipality_code``), parent (``parent_organization_id``), public address (the first
  location's street address, or its description where it has none: ``place_text``), contacts
  with label, window, hours, e-mail, note and FAX (HSDS ``contacts``), verification date
  (``dvdesk:assured_date`` / ``assured_date``);
- a service's municipality code, its public location (``service_at_locations``) and the
  circumstances it is for (attributes ``dvdesk:circumstance``; a service whose ``attributes`` the
  document lists follows them, as its needs do: none there is none).

Anything absent leaves the snapshot as the importer made it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dvdesk.admin.hsds import ASSURED, CIRCUMSTANCE, HOURS, KIND, MUNICIPALITY, NOTE, WINDOW
from dvdesk.admin.hsds_text import domestic, extension, plain
from dvdesk.admin.records import Snapshot
from dvdesk.admin.validation import phone_problem
from dvdesk.domain.disclosure import research_markers
from dvdesk.domain.integrity_findings import shown
from dvdesk.domain.models import OrgKind
from dvdesk.domain.record_kinds import SERVICE_CIRCUMSTANCES

_text = plain  # HTML from a feed made plain


def _records(value: object) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _attributes(item: dict) -> dict[str, str]:
    return {
        _text(a.get("link_type")): _text(a.get("value"))
        for a in _records(item.get("attributes"))
        if _text(a.get("link_type"))
    }


def _municipality(attrs: dict[str, str], snap: Snapshot, codes: set[str], notes: set[str]) -> None:
    code = attrs.get(MUNICIPALITY, "")
    if not code:
        return
    if code in codes:
        snap["municipality"] = code
    else:
        notes.add(
            f"市区町村コード {code} がこのディレクトリにないため、その記録は取り込み先の範囲に入れました"
            "（先に初期設定でその市区町村を追加してください）"
        )


def street_address(location: dict) -> str:
    """The location's address as a line to print: ``address_1`` and ``address_2``, with the city
    where the lines lack it (before them in a Japanese address, after them elsewhere); "" without
    one. State, postal code and country are left out, as dvdesk's own addresses are written."""
    addresses = _records(location.get("addresses"))
    if not addresses:
        return ""
    a = addresses[0]
    lines = [t for t in (_text(a.get("address_1")), _text(a.get("address_2"))) if t]
    city = _text(a.get("city"))
    if _text(a.get("country")).upper() == "JP":
        line = " ".join(lines)
        return f"{city}{line}" if line and city and city not in line else line
    if lines and city and not any(city in t for t in lines):
        lines.append(city)
    return ", ".join(lines)


def place_text(location: dict, *, named: bool) -> str:
    """What a location is stored as: its description where it is the address (dvdesk's own export
    writes the address in both) or where there is no address; otherwise the street address, after
    the place's name when ``named`` (a service's place). A description beside a different address
    is a sentence about the place (「… is located on Main Street and contains facilities …」),
    never the address a client's copy prints."""
    description, address = _text(location.get("description")), street_address(location)
    if not address or description == _text((_records(location.get("addresses")) or [{}])[0].get("address_1")):
        return description or (_text(location.get("name")) if named else address)
    name = _text(location.get("name"))
    return f"{name}（{address}）" if named and name and name not in address else address


def _date(text: str) -> str | None:
    return text[:10] if len(text) >= 10 and text[4] == "-" and text[7] == "-" else None


def organization(
    o: dict[str, Any], snap: Snapshot, *, codes: set[str], parent_key: Callable[[str], str | None], notes: set[str]
) -> None:
    """``parent_key(hsds_id) -> key`` resolves a parent given by id."""
    attrs = _attributes(o)
    if attrs.get(KIND) in {k.value for k in OrgKind}:
        snap["kind"] = attrs[KIND]
    _municipality(attrs, snap, codes, notes)
    if _date(attrs.get(ASSURED, "")):
        snap["verified_on"] = _date(attrs[ASSURED])
    parent = _text(o.get("parent_organization_id"))
    if parent and parent != _text(str(o.get("id", ""))):  # some feeds name an organization its own parent
        key = parent_key(parent)
        if key:
            snap["parent"] = key
        else:
            notes.add(f"上位の組織（id {parent}）が取り込みにもディレクトリにもないため、上位の組織は空欄にしました")
    locations = _records(o.get("locations"))
    if locations and not snap.get("address"):
        address = place_text(locations[0], named=False)
        if address:
            snap["address"], snap["address_confidentiality"] = address, "public"
    contacts = _records(o.get("contacts"))
    if contacts:
        # Contacts HSDS never saw (staff-only ones) stay; the public ones follow the file.
        kept = [c for c in snap["contacts"] if c["confidentiality"] != "public"]
        public = [c for c in snap["contacts"] if c["confidentiality"] == "public"]
        incoming = [point for c in contacts for point in _contacts(c, {p["phone"] for p in public})]
        for i, c in enumerate(incoming):  # 内線 never leaves: keep ours on the line it belongs to
            same = next((p for p in public if (p["phone"], p["label"]) == (c["phone"], c["label"])), None)
            if same is None and i < len(public) and public[i]["phone"] == c["phone"]:
                same = public[i]
            if same is not None and not c["extension"]:  # the feed's own 内線 where it gives one
                c["extension"] = same["extension"]
            if same is not None and not c["note"] and research_markers(same["note"]):
                c["note"] = same["note"]  # an administrator's research note never left (hsds._contact): kept
        # The organization's own phones (HSDS ``phones``) that no contact lists stay lines of their own
        # (dvdesk's export lists each contact's phone there too: nothing more then).
        listed = {c["phone"] for c in incoming if c["phone"]}
        own = {domestic(_text(p.get("number")))[0] for p in _records(o.get("phones")) if _text(p.get("number"))}
        extra = list({c["phone"]: c for c in public if c["phone"] in own - listed}.values())
        snap["contacts"] = incoming + extra + kept


def _contacts(c: dict, ours: set[str]) -> list[Snapshot]:
    """One contact point per phone of an HSDS contact (dvdesk's contact point holds one number;
    a second phone, a FAX, is a line of its own, never dropped). ``ours``: the phones this record
    already has, kept as they are (validation judges them)."""
    attrs = _attributes(c)
    phones = [p for p in _records(c.get("phones")) if _text(p.get("number"))] or [{}]
    out = []
    for i, phone in enumerate(phones):
        label = _text(c.get("name"))
        if _text(phone.get("type")) == "fax" and "FAX" not in label.upper():
            label = f"{label} FAX".strip()
        number, note = _text(phone.get("number")), attrs.get(NOTE, "") if i == 0 else ""
        if number not in ours:
            number, foreign = domestic(number)  # +81 → 0…; +44 … kept as written, with a note
            note = "　".join(p for p in (note, foreign) if p)
        if number not in ours and phone_problem(number):  # not a phone number: kept as a note, as the importer does
            note = "　".join(p for p in (note, f"HSDS の電話番号（電話番号の形ではありません）: {number}") if p)
            number = ""
        out.append(
            {
                "label": label,
                "phone": number,
                "extension": extension(phone) if number else "",
                "window": attrs.get(WINDOW, ""),
                "hours": attrs.get(HOURS, ""),
                "email": _text(c.get("email")) if i == 0 else "",
                "note": note,
                "confidentiality": "public",
            }
        )
    return out


def service(s: dict, snap: Snapshot, *, codes: set[str], notes: set[str]) -> None:
    _municipality(_attributes(s), snap, codes, notes)
    _circumstances(s, snap, notes)
    if _date(_text(s.get("assured_date"))):
        snap["verified_on"] = _date(_text(s["assured_date"]))
    if snap.get("location") and snap.get("location_confidentiality") != "public":
        return  # a location kept staff-only or secret here is never replaced by a feed's
    for sal in _records(s.get("service_at_locations")):
        location = sal.get("location")
        text = place_text(location, named=True) if isinstance(location, dict) else ""
        if text:
            # A location another system publishes is public there; dvdesk's own export sends only public ones.
            snap["location"], snap["location_confidentiality"] = text, "public"
            break


def _circumstances(s: dict, snap: Snapshot, notes: set[str]) -> None:
    """The 該当する事情 the service's attributes name (dvdesk's export: one ``dvdesk:circumstance``
    each); a value dvdesk's services cannot name is left out, and the report says so."""
    if not isinstance(s.get("attributes"), list):
        return  # the document says nothing of its attributes: the record keeps its own
    named = [_text(a.get("value")) for a in _records(s["attributes"]) if _text(a.get("link_type")) == CIRCUMSTANCE]
    unknown = sorted({c for c in named if c not in SERVICE_CIRCUMSTANCES})
    if unknown:
        notes.add(f"該当する事情「{shown('、'.join(unknown))}」は dvdesk のサービスに使えないため読み飛ばしました")
    snap["circumstances"] = list(dict.fromkeys(c for c in named if c in SERVICE_CIRCUMSTANCES))
