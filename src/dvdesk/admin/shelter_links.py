"""The gate's shelter rules that look past one field, asked of a record before it is written.

``integrity_rules`` refuses, at the commit, a shelter's location written again in a text that is
printed (``shelter_echoes``), a public address on the department that provides a shelter
(``shelter_providers``: the service's link and the department's address may come from two
places, a package and this PC) and that department's place written where a client reads it
(``integrity_providers.provider_echoes``); and a need is a shelter's when it is ``safety.shelter``, keyed
under it, or anywhere below one in the tree (``shelter_need_ids``). ``validation.check`` asks the
same of each record here, so that a preview refuses what the commit would, in the same words.

The answers are the records' as they will be once the batch is in: the batch's own records first
(``add``), then the directory's, read once. A batch adds its needs and departments before it asks
about its services; a department is answered with the batch's services added so far, and a caller
that meets the services after the departments (a package) asks ``provider_problems`` again at the end.
"""

from __future__ import annotations

from collections.abc import Iterable, Set

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from dvdesk.admin.records import Snapshot
from dvdesk.domain import integrity_rules
from dvdesk.domain.directory import SHELTER_NEED
from dvdesk.domain.integrity_findings import shown
from dvdesk.domain.integrity_labels import label
from dvdesk.domain.integrity_providers import contacts_of
from dvdesk.domain.integrity_rules import is_shelter_key, with_descendants
from dvdesk.domain.integrity_streets import Place, Streets, hidden_streets, street_texts
from dvdesk.domain.models import Need, Organization, Service
from dvdesk.domain.provider_place import Found, provider_address_texts
from dvdesk.domain.provider_place import found_in as provider_found_in
from dvdesk.domain.secret_echo import street_of

PUBLIC = "public"


def _filled(value: object) -> bool:
    """As the gate's SQL ``trim(x) != ''`` (spaces only)."""
    return bool(str(value or "").strip(" "))


def gives_public_address(org: Snapshot) -> bool:
    return _filled(org.get("address")) and org.get("address_confidentiality") == PUBLIC


class ShelterLinks:
    def __init__(self, session: Session, *, providers: bool = True):
        """``providers``: also the rule across records (the caller adds its batch); without it, the
        rules on one record only (the editor, whose save the gate checks whole)."""
        self.s = session
        self.providers = providers
        self._needs: dict[str, str] = {}  # the batch's needs: key -> parent key
        self._orgs: dict[
            str, tuple[str, bool, Snapshot]
        ] = {}  # the batch's departments: key -> (name, public address, it)
        self._found: dict[str, Found | None] = {}  # ``_batch_found``: read when first asked (providers only)
        self._db_found: dict[str, tuple[str, Found | None]] = {}  # ``_db_org_found``, by key
        self._under: dict[str, list[str]] = {}  # provider key -> names of the batch's shelters under it
        # The batch's services under a need it moves under the shelter need, by key (only those:
        # a national package's 350,000 snapshots held here cost +270 MB and +35 s of CPU).
        self._services: dict[str, Snapshot] = {}
        self._moved: frozenset[str] | None = None  # needs the batch moves under the shelter need, and below
        self._stored: dict[str, str | None] | None = None  # ``_stored_tree``
        self._shelter: frozenset[str] | None = None
        self._db_public: dict[str, str] | None = None  # the directory's departments with a public address
        self._db_under: dict[str, list[tuple[str, str]]] | None = None  # provider -> (service key, name)
        self._db_places: list[Place] | None = None  # ``integrity_streets.hidden_streets``, read once
        self._batch_places: dict[str, Place | None] = {}  # the batch's shelters with a hidden street (or None)
        self._places: Streets | None = None  # both, the batch's first
        self._db_keys: frozenset[str] | None = None

    def add(self, kind_name: str, snap: Snapshot) -> None:
        """One record of the batch (needs and departments before the services that name them)."""
        if kind_name == "need":
            self._needs[snap["key"]] = str(snap.get("parent") or "")
            self._shelter = self._db_under = self._moved = None
        elif kind_name == "organization":
            self._orgs[snap["key"]] = (str(snap.get("name") or ""), gives_public_address(snap), snap)
            self._found.pop(snap["key"], None)
        elif kind_name == "service" and self._moved_below().intersection(snap.get("needs") or ()):
            self._services[snap["key"]] = snap
        if kind_name == "service":
            self._add_place(snap)
        if kind_name == "service" and self.providers and self.is_shelter(snap.get("needs") or ()):
            self._under.setdefault(str(snap.get("provider") or ""), []).append(str(snap.get("name") or ""))

    def is_shelter(self, needs: Iterable[str]) -> bool:
        shelter = self._shelter_needs()
        return any(n in shelter or is_shelter_key(n) for n in needs)

    def problems(self, kind_name: str, snap: Snapshot, known: Set[tuple[str, str]]) -> list[tuple[str, str]]:
        """(field, message) for each of the gate's shelter rules ``snap`` breaks. ``known``: the
        batch's (kind, key): the directory's links of those records are not theirs once it is in."""
        out: list[tuple[str, str]] = []
        if kind_name == "service" and self.is_shelter(snap.get("needs") or ()):
            if said := _printed_location(snap):
                out.append(("location", _said(said)))
            provider = str(snap.get("provider") or "")
            if self.providers and provider:
                out += [("provider", m) for m in self._provider_says(str(snap.get("name") or ""), provider)]
        if kind_name == "service":
            out += self.street_problems(snap)
        if kind_name == "need":
            out += [("parent", message) for message in self.moved_need_problems(snap, known)]
        if kind_name == "organization" and self.providers:
            out += self.provider_problems(snap["key"], known, str(snap.get("name") or ""))
        return out

    def street_problems(self, snap: Snapshot) -> list[tuple[str, str]]:
        """(field, the gate's words) for each printed text of service ``snap`` carrying the street of
        a hidden shelter (the batch's, else the directory's) in its scope (``integrity_streets``)."""
        texts = {c: str(snap.get(c) or "") for c in integrity_rules.PRINTED}
        found = self._hidden_places().found(str(snap.get("key") or ""), str(snap.get("municipality") or ""), texts)
        return [(c, _said(street_texts(label("services", c), p.name, p.street))) for c, p in found]

    def batch_streets(self) -> bool:
        """Whether the batch brings a shelter with a hidden street: a caller that met services before
        it asks them ``street_problems`` again at the end (a package)."""
        return any(p is not None for p in self._batch_places.values())

    def _add_place(self, snap: Snapshot) -> None:
        """Remember the batch's service ``snap`` if it is a shelter with a hidden street, or if it
        replaces one of the directory's."""
        key, location = str(snap.get("key") or ""), str(snap.get("location") or "")
        street = street_of(location) if location.strip() and snap.get("location_confidentiality") != PUBLIC else None
        place = None
        if street and self.is_shelter(snap.get("needs") or ()):
            muni = str(snap.get("municipality") or "") or None
            place = Place(0, key, str(snap.get("name") or ""), muni, street)
        if place is not None or key in self._db_hidden_keys():
            self._batch_places[key] = place
            self._places = None

    def _db_hidden(self) -> list[Place]:
        if self._db_places is None:
            self._db_places = hidden_streets(self.s)
        return self._db_places

    def _db_hidden_keys(self) -> frozenset[str]:
        if self._db_keys is None:
            self._db_keys = frozenset(p.key for p in self._db_hidden())
        return self._db_keys

    def _hidden_places(self) -> Streets:
        if self._places is None:
            batch = [p for p in self._batch_places.values() if p is not None]
            self._places = Streets(batch + [p for p in self._db_hidden() if p.key not in self._batch_places])
        return self._places

    def moved_need_problems(self, need: Snapshot, known: Set[tuple[str, str]]) -> list[str]:
        """A need given a parent that puts it under 一時保護・シェルター makes shelters of the
        directory's services under it (the batch's own are checked as themselves): the gate holds
        them to the shelter rules (``integrity._add_new_shelters``), so this says what they break."""
        key, parent = str(need.get("key") or ""), str(need.get("parent") or "")
        stored = self._stored_tree()
        if key not in stored or (stored[key] or "") == parent:
            return []  # a new need has no services in the directory; an unmoved one makes no new shelter
        self._needs[key] = parent
        self._shelter = self._db_under = self._moved = None
        shelter = self._shelter_needs()
        if key not in shelter:
            return []
        below = self._below(key)
        rows = self.s.execute(
            select(Service, Organization.key)
            .outerjoin(Organization, Service.organization_id == Organization.id)
            .where(Service.needs.any(Need.key.in_(sorted(below))))
        )
        out = []
        for service, provider in rows:
            snap = self._services.get(service.key)
            if snap is None and ("service", service.key) in known:
                continue  # the batch's, not met yet: the caller asks again once it has them all
            if snap is None:
                snap = {c: getattr(service, c) for c in ("name", "location", "location_confidentiality")}
                snap.update({c: getattr(service, c) for c in integrity_rules.PRINTED}, provider=provider)
            elif not set(snap.get("needs") or ()) & below:
                continue  # the batch takes it from under the need
            out += self._shelter_problems(service.key, snap)
        return out

    def _shelter_problems(self, key: str, snap: Snapshot) -> list[str]:
        """What a service made a shelter by a moved need breaks, in the gate's words."""
        out = []
        location = str(snap.get("location") or "")
        if _filled(location) and snap.get("location_confidentiality") == PUBLIC:
            name = shown(str(snap.get("name") or key))
            out.append(
                f"「{name}」が一時保護・シェルターになり、その所在地が「公開」になっています"
                "（相談者の控えに印刷されます）。管理画面で所在地の公開範囲を「秘密」にしてください"
            )
        elif said := _printed_location(snap):
            out.append(_said(said))
        provider = str(snap.get("provider") or "")
        if provider:
            out += self._provider_says(str(snap.get("name") or key), provider)
        return out

    def _provider_says(self, service: str, provider: str) -> list[str]:
        """What shelter ``service`` breaks through its ``provider`` once the batch is in: a public
        address, its place written where a client reads it."""
        out = []
        if (org := self._public_org(provider)) is not None:
            out.append(_said(integrity_rules.provider_texts(service, org)))
        if (written := self._org_found(provider)) is not None:
            out.append(_said(provider_address_texts(service, *written)))
        return out

    def moved_below(self) -> frozenset[str]:
        """The needs the batch moves under the shelter need, and those below them (``_moved_below``)."""
        return self._moved_below()

    def _moved_below(self) -> frozenset[str]:
        """The needs the batch gives another parent than the directory's that puts them under the
        shelter need, and every need below them: the services ``moved_need_problems`` asks about
        are the directory's under these (a batch service naming none of them takes itself away)."""
        if self._moved is None:
            stored, shelter = self._stored_tree(), self._shelter_needs()
            moved = [k for k, p in self._needs.items() if k in stored and (stored[k] or "") != p and k in shelter]
            self._moved = frozenset(n for k in moved for n in self._below(k))
        return self._moved

    def _below(self, key: str) -> set[str]:
        """``key`` and every need below it, the batch's parents first."""
        return with_descendants([key], self._tree().items())

    def _stored_tree(self) -> dict[str, str | None]:
        """The directory's need tree, key -> parent key (read once: a batch's checks ask it often)."""
        if self._stored is None:
            up = aliased(Need)
            self._stored = dict(self.s.execute(select(Need.key, up.key).outerjoin(up, Need.parent_id == up.id)).all())
        return self._stored

    def _tree(self) -> dict[str, str | None]:
        """The directory's need tree with the batch's needs in their places."""
        return {**self._stored_tree(), **self._needs}

    def provider_problems(self, org_key: str, known: Set[tuple[str, str]], name: str = "") -> list[tuple[str, str]]:
        """(field, the gate's words) when department ``org_key`` (the batch's, else the directory's)
        provides a shelter (the batch's services added so far, and the directory's not in the
        batch) and gives a public address, or writes its place where a client reads it."""
        shelters = self._under.get(org_key, []) + [
            title for key, title in self._db_shelters().get(org_key, []) if ("service", key) not in known
        ]
        if not shelters:  # first: a department's texts are read only if it provides a shelter
            return []
        if org_key in self._orgs:
            name, public, _ = self._orgs[org_key]
            found = self._batch_found(org_key)
        else:
            public = org_key in self._db_public_orgs()
            name = name or self._db_public_orgs().get(org_key, "") or self._db_org_found(org_key)[0]
            found = self._db_org_found(org_key)[1]
        out = [("address_confidentiality", _said(integrity_rules.provider_texts(shelters[0], name)))] if public else []
        if found is not None:
            out.append((found.path, _said(provider_address_texts(shelters[0], name, found))))
        return out

    def written_problem(self, service: Snapshot) -> str | None:
        """The gate's words when shelter ``service``'s provider, once the batch is in, writes its
        place where a client reads it (``integrity_providers``), else None."""
        provider = str(service.get("provider") or "")
        if not provider or not self.is_shelter(service.get("needs") or ()):
            return None
        written = self._org_found(provider)
        return _said(provider_address_texts(str(service.get("name") or ""), *written)) if written else None

    def _public_org(self, key: str) -> str | None:
        """The name of department ``key`` once the batch is in, if its address is public."""
        if key in self._orgs:
            name, public, _ = self._orgs[key]
            return name if public else None
        return self._db_public_orgs().get(key)

    def _org_found(self, key: str) -> tuple[str, Found] | None:
        """The name of department ``key`` once the batch is in and what of its place it writes
        where a client reads it, if anything (``integrity_providers.found_in``)."""
        if key in self._orgs:
            name, found = self._orgs[key][0], self._batch_found(key)
        else:
            name, found = self._db_org_found(key)
        return (name, found) if found is not None else None

    def _batch_found(self, key: str) -> Found | None:
        """``found_in`` of the batch's department ``key`` (read once; a national package's
        departments are read only if they provide a shelter)."""
        if key not in self._found:
            snap = self._orgs[key][2]
            self._found[key] = provider_found_in(snap, snap.get("contacts") or ())
        return self._found[key]

    def _db_org_found(self, key: str) -> tuple[str, Found | None]:
        """The directory's department ``key``: its name and ``found_in`` (read once per key)."""
        if key not in self._db_found:
            o = Organization
            columns = (o.name, o.discreet_name, o.description, o.address, o.address_confidentiality)
            row = self.s.execute(select(o.id, *columns).where(o.key == key)).first()
            if row is None:
                self._db_found[key] = ("", None)
            else:
                org = dict(
                    zip(
                        ("name", "discreet_name", "description", "address", "address_confidentiality"),
                        row[1:],
                        strict=True,
                    )
                )
                self._db_found[key] = (str(row[1] or ""), provider_found_in(org, contacts_of(self.s, [row[0]])[row[0]]))
        return self._db_found[key]

    def _shelter_needs(self) -> frozenset[str]:
        """As ``integrity_rules.shelter_need_ids``, by key, over the directory's tree with the batch's needs."""
        if self._shelter is None:
            tree = self._tree()
            found = with_descendants([k for k in tree if is_shelter_key(k)], tree.items())
            self._shelter = frozenset(found)
        return self._shelter

    def _db_public_orgs(self) -> dict[str, str]:
        if self._db_public is None:
            rows = self.s.execute(
                select(Organization.key, Organization.name).where(
                    func.trim(Organization.address) != "", Organization.address_confidentiality == PUBLIC
                )
            )
            self._db_public = {key: name or "" for key, name in rows}
        return self._db_public

    def _db_shelters(self) -> dict[str, list[tuple[str, str]]]:
        if self._db_under is None:
            shelter = self._shelter_needs() | {SHELTER_NEED}
            rows = self.s.execute(
                select(Organization.key, Service.key, Service.name)
                .join(Organization, Service.organization_id == Organization.id)
                .where(Service.needs.any(Need.key.in_(sorted(shelter)) | Need.key.startswith(SHELTER_NEED + ".")))
            )
            self._db_under = {}
            for org, key, name in rows:
                self._db_under.setdefault(org, []).append((key, name or ""))
        return self._db_under


def _printed_location(snap: Snapshot) -> tuple[str, str] | None:
    """The gate's ``shelter_echoes`` of one shelter: its place given away in a printed text."""
    texts = [str(snap.get(c) or "") for c in integrity_rules.PRINTED]
    location, level = str(snap.get("location") or ""), snap.get("location_confidentiality")
    return integrity_rules.printed_location(location, level, texts)


def _said(texts: tuple[str, str]) -> str:
    problem, remedy = texts
    return f"{problem}。{remedy}"
