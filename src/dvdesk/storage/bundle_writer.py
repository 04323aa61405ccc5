"""Writing a checked bundle (``bundle_files.Bundle``) into the database, inside the caller's transaction.

Records are matched by ``key`` (an update, never a second copy), so loading twice changes nothing
the second time. What can only be checked against the records already written — a parent, a
provider, a need or an initiative that must exist — is checked here and raises ``BundleError``
through ``Record.fail``; the caller's transaction then rolls everything back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dvdesk.domain import measure_pairing
from dvdesk.domain.models import (
    CIRCUMSTANCES,
    Confidentiality,
    Initiative,
    Municipality,
    Need,
    Organization,
    OrgKind,
    Plan,
    Procedure,
    Service,
    ServiceKind,
    Synonym,
)
from dvdesk.domain.record_kinds import SERVICE_CIRCUMSTANCES
from dvdesk.domain.rules import canonical_extension, canonical_phone, municipality_check_digit
from dvdesk.domain.spellings import split_term
from dvdesk.storage.bundle_files import Record, tables

if TYPE_CHECKING:
    from dvdesk.domain.models import ContactPoint


class BundleWriter:
    """Applies a validated bundle inside one session (the caller owns the transaction)."""

    def __init__(self, session: Session):
        self.s = session
        self.munis: dict[str, Municipality] = {}
        self.needs: dict[str, Need] = {}
        self.orgs: dict[str, Organization] = {}
        self.initiatives: dict[tuple[str | None, str], Initiative] = {}  # (plan key, number)
        self.service_keys: set[str] = set()  # the bundle's services (their links are the bundle's)

    def _upsert(self, model: type, key_field: str, key: str) -> Any:
        obj = self.s.scalar(select(model).where(getattr(model, key_field) == key))
        if obj is None:
            obj = model(**{key_field: key})
            self.s.add(obj)
        return obj

    def needs_(self, records: list[Record]) -> None:
        for order, r in enumerate(records):
            need = self._upsert(Need, "key", r.text("key", required=True))
            need.label_ja = r.text("ja", required=True)
            need.label_en = r.text("en", required=True)
            need.description = r.text("description")
            need.sort_order = order
            self.needs[need.key] = need
        for r in records:
            parent = r.text("parent")
            if parent and parent not in self.needs:
                raise r.fail(f"parent need '{parent}' does not exist")
            self.needs[r.text("key")].parent = self.needs[parent] if parent else None

    def need_list(self, r: Record, name: str = "needs") -> list[Need]:
        keys = r.texts(name)
        unknown = [k for k in keys if k not in self.needs]
        if unknown:
            raise r.fail(f"unknown need(s): {', '.join(unknown)}")
        return [self.needs[k] for k in keys]

    def synonyms_(self, records: list[Record]) -> None:
        self.s.execute(delete(Synonym))
        for r in records:
            group = r.text("key", required=True)
            terms = r.texts("terms")
            if sum(len(split_term(t)) for t in terms) < 2:  # "子ども・子育て課 = 子ども子育て課" is two
                raise r.fail("a synonym group needs at least two terms")
            self.s.add_all(Synonym(group_key=group, term=t) for t in terms)

    def municipalities_(self, records: list[Record]) -> None:
        for r in records:
            code = r.text("code", required=True)
            if len(code) != 6 or not code.isdigit():
                raise r.fail("'code' must be the 6-digit 全国地方公共団体コード")
            if municipality_check_digit(code[:5]) != int(code[5]):
                raise r.fail(f"'code' {code} has a wrong check digit")
            muni = self._upsert(Municipality, "code", code)
            muni.name = r.text("name", required=True)
            muni.prefecture = r.text("prefecture")
            for k, v in r.sourced().items():
                setattr(muni, k, v)
            self.munis[code] = muni

    def organizations_(self, records: list[tuple[Record, str | None]]) -> None:
        for r, code in records:
            org = self._upsert(Organization, "key", r.text("key", required=True))
            org.municipality = self.munis[code] if code else None
            org.name = r.text("name", required=True)
            org.kind = r.choice("kind", OrgKind, OrgKind.CITY_DEPARTMENT.value)
            org.discreet_name = r.text("discreet_name")
            org.description = r.text("description")
            org.address = r.text("address")
            org.address_confidentiality = r.choice(
                "address_confidentiality", Confidentiality, Confidentiality.PUBLIC.value
            )
            org.staff_note = r.text("staff_note")
            for k, v in r.sourced().items():
                setattr(org, k, v)
            org.contacts.clear()
            for c in tables(r.data, "contact", r.file):
                org.contacts.append(self._contact(c))
            self.orgs[org.key] = org
        for r, _ in records:
            parent = r.text("parent")
            if parent and parent not in self.orgs:
                raise r.fail(f"parent organization '{parent}' does not exist")
            self.orgs[r.text("key")].parent = self.orgs[parent] if parent else None

    @staticmethod
    def _contact(c: Record) -> ContactPoint:
        from dvdesk.domain.models import ContactPoint

        return ContactPoint(
            label=c.text("label"),
            phone=canonical_phone(c.text("phone")),  # the form every other path stores
            extension=canonical_extension(c.text("extension")),
            window=c.text("window"),
            hours=c.text("hours"),
            email=c.text("email"),
            note=c.text("note"),
            confidentiality=c.choice("confidentiality", Confidentiality, "public"),
        )

    def org_ref(self, r: Record, name: str) -> Organization | None:
        key = r.text(name)
        if not key:
            return None
        if key not in self.orgs:
            raise r.fail(f"{name} '{key}' is not an organization key")
        return self.orgs[key]

    def plans_(self, plans: list[tuple[Record, str | None, list[Record]]]) -> None:
        for r, code, initiatives in plans:
            plan = self._upsert(Plan, "key", r.text("key", required=True))
            plan.municipality = self.munis[code] if code else None
            plan.title = r.text("title", required=True)
            plan.published = r.text("published")
            for k, v in r.sourced().items():
                setattr(plan, k, v)
            self.s.flush()
            rows = self._paired(r, plan, initiatives)
            for order, i in enumerate(initiatives):
                number = i.text("number", required=True)
                item = rows.get(number)
                if item is None:
                    item = Initiative(plan=plan, number=number)
                    self.s.add(item)
                item.number = number
                item.label = i.text("label", required=True)
                item.title = i.text("title", required=True)
                item.section = i.text("section")
                item.content = i.text("content")
                item.priority = i.flag("priority")
                item.sort_order = order
                item.departments = [self.org_ref_key(i, k) for k in i.texts("departments")]
                for k, v in i.sourced().items():
                    setattr(item, k, v)
                self.initiatives[(plan.key, number)] = item

    def _paired(self, r: Record, plan: Plan, initiatives: list[Record]) -> dict[str, Initiative]:
        """The plan's rows by the number each measure has in the bundle, paired as the editor and
        packages pair them (``measure_pairing``): a measure a new edition renumbers keeps its row,
        so the links of records outside the bundle follow it. A measure the bundle no longer has
        keeps its row, unless another measure takes its number: then it goes, or, while a record
        outside the bundle names it, the load is refused (it would be linked to the other one)."""
        rows = {x.number: x for x in self.s.scalars(select(Initiative).where(Initiative.plan_id == plan.id))}
        if not rows:
            return {}
        held = [{"number": n, "title": x.title, "content": x.content} for n, x in rows.items()]
        given = [
            {"number": i.text("number", required=True), "title": i.text("title"), "content": i.text("content")}
            for i in initiatives
        ]
        pairing = measure_pairing.pair(held, given)
        if pairing.ambiguous:
            raise r.fail(measure_pairing.problem(held, given))
        numbers = {g["number"] for g in given}
        for n, x in rows.items():
            if pairing.pairs.get(n) == n or (n not in pairing.pairs and n not in numbers):
                continue  # the same number, or a measure the bundle no longer has: left as it was
            if n not in pairing.pairs:
                outside = sorted(s.key for s in x.services if s.key not in self.service_keys)
                if outside:
                    raise r.fail(
                        f"取組{n}「{x.title}」は新しい版になく、その番号は別の取組になります。"
                        f"同梱外の記録（{'、'.join(outside[:5])}）がこの取組を指しているため読み込みません。"
                        "先にその記録の「計画の取組」を直してください"
                    )
                self.s.delete(x)
            x.number = f"~{x.id}"  # a number of its own first: no two rows of the plan hold one number
        self.s.flush()
        return {new: rows[old] for old, new in pairing.pairs.items()}

    def org_ref_key(self, r: Record, key: str) -> Organization:
        if key not in self.orgs:
            raise r.fail(f"department '{key}' is not an organization key")
        return self.orgs[key]

    def services_(self, records: list[tuple[Record, str | None, str | None]]) -> None:
        for r, code, plan_key in records:
            svc = self._upsert(Service, "key", r.text("key", required=True))
            svc.municipality = self.munis[code] if code else None
            svc.organization = self.org_ref(r, "provider")
            svc.kind = r.choice("kind", ServiceKind, ServiceKind.CLIENT.value)
            svc.name = r.text("name", required=True)
            for name in (
                "discreet_name",
                "discreet_line",
                "description",
                "access",
                "schedule",
                "eligibility",
                "what_to_bring",
                "cost",
                "phone",
                "location",
                "staff_note",
            ):
                setattr(svc, name, canonical_phone(r.text(name)) if name == "phone" else r.text(name))
            svc.languages = r.texts("languages")
            svc.circumstances = _circumstances(r, SERVICE_CIRCUMSTANCES)
            svc.confidentiality = r.choice("confidentiality", Confidentiality, "public")
            svc.location_confidentiality = r.choice("location_confidentiality", Confidentiality, "secret")
            svc.needs = self.need_list(r)
            numbers = r.texts("initiatives")
            if numbers and plan_key is None:
                raise r.fail("'initiatives' given in a file without a [plan]")
            missing = [n for n in numbers if (plan_key, n) not in self.initiatives]
            if missing:
                raise r.fail(f"unknown initiative number(s): {', '.join(missing)}")
            svc.initiatives = [self.initiatives[(plan_key, n)] for n in numbers]
            for k, v in r.sourced().items():
                setattr(svc, k, v)

    def procedures_(self, records: list[tuple[Record, str | None]]) -> None:
        for r, code in records:
            proc = self._upsert(Procedure, "key", r.text("key", required=True))
            proc.municipality = self.munis[code] if code else None
            proc.organization = self.org_ref(r, "department")
            proc.department_hint = r.text("department_hint")
            if proc.organization is None and not proc.department_hint:
                raise r.fail("give 'department' or 'department_hint'")
            proc.department_unconfirmed = r.flag("department_unconfirmed")
            if proc.department_unconfirmed and proc.organization is not None:
                raise r.fail("'department_unconfirmed' is for a procedure without a 'department'")
            proc.name = r.text("name", required=True)
            proc.discreet_name = r.text("discreet_name")
            proc.discreet_line = r.text("discreet_line")
            proc.description = r.text("description")
            proc.what_to_bring = r.texts("what_to_bring")
            proc.caution = r.text("caution")
            proc.phase = r.number("phase", 5)
            if not 1 <= proc.phase <= 8:
                raise r.fail("'phase' must be 1–8")
            proc.sort_order = r.number("order", 0)
            proc.circumstances = _circumstances(r, CIRCUMSTANCES)
            proc.always = r.flag("always")
            proc.staff_note = r.text("staff_note")
            proc.needs = self.need_list(r)
            for k, v in r.sourced().items():
                setattr(proc, k, v)


def _circumstances(r: Record, known: dict[str, str]) -> list[str]:
    """The record's 該当する事情, each a key of ``known`` (a service names only the child ones)."""
    circumstances = r.texts("circumstances")
    unknown = [c for c in circumstances if c not in known]
    if unknown:
        raise r.fail(f"unknown circumstance(s): {', '.join(unknown)}; expected one of: {', '.join(known)}")
    return circumstances
