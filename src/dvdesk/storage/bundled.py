"""Loading the bundled directory (resources/directory/*.toml) into the database.

Loading is validated first and applied second: every file is parsed and every record checked
(required fields, known enum values, references that resolve, keys unique across files) before
anything is written, and the write is one transaction. A bad record stops the load with a message
that names the file and the record, and the database is left exactly as it was.

Records are matched by ``key``, so loading twice changes nothing the second time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dvdesk import paths
from dvdesk.domain import bounds
from dvdesk.domain.integrity import DirectoryRefused, summary
from dvdesk.domain.models import (
    CIRCUMSTANCES,
    Confidentiality,
    Initiative,
    Meta,
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
from dvdesk.domain.rules import municipality_check_digit  # also imported from here
from dvdesk.storage import search_index, translation_files, vocabulary
from dvdesk.storage.errors import BundleError as BundleError  # there: the CLI catches it without this module

if TYPE_CHECKING:  # db imports this module on first start
    from dvdesk.domain.models import ContactPoint
    from dvdesk.storage.db import Database

_E = TypeVar("_E", bound=enum.Enum)

DATA_FORMAT = "1"


def directory_dir() -> Path:
    return paths.resources_dir() / "directory"


@dataclass
class _Record:
    """One TOML table being validated, with where it came from for error messages."""

    file: str
    kind: str
    data: dict[str, Any]

    @property
    def where(self) -> str:
        label = self.data.get("key") or self.data.get("number") or self.data.get("code") or "?"
        return f"{self.file}: {self.kind} '{label}'"

    def fail(self, message: str) -> BundleError:
        return BundleError(f"{self.where}: {message}")

    def text(self, name: str, *, required: bool = False, default: str = "") -> str:
        value = self.data.get(name, default)
        if not isinstance(value, str):
            raise self.fail(f"'{name}' must be text, not {type(value).__name__}")
        if required and not value.strip():
            raise self.fail(f"'{name}' is required")
        return value.strip()

    def flag(self, name: str) -> bool:
        value = self.data.get(name, False)
        if not isinstance(value, bool):
            raise self.fail(f"'{name}' must be true or false")
        return value

    def number(self, name: str, default: int = 0) -> int:
        value = self.data.get(name, default)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(f"'{name}' must be a whole number")
        return value

    def texts(self, name: str) -> list[str]:
        value = self.data.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"'{name}' must be a list of text")
        return [v.strip() for v in value if v.strip()]

    def date(self, name: str) -> dt.date | None:
        value = self.data.get(name)
        if value is None:
            return None
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise self.fail(f"'{name}' must be a date like 2026-04-01")
        return value

    def choice(self, name: str, enum: type[_E], default: str) -> _E:
        value = self.data.get(name, default)
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(e.value for e in enum)
            raise self.fail(f"'{name}' is '{value}'; expected one of: {allowed}") from None

    def sourced(self) -> dict[str, Any]:
        return {
            "source": self.text("source", required=True),
            "source_note": self.text("source_note"),
            "verified_on": self.date("verified_on"),
            "verified_by": self.text("verified_by"),
        }


@dataclass
class _Bundle:
    needs: list[_Record] = field(default_factory=list)
    synonyms: list[_Record] = field(default_factory=list)
    municipalities: list[_Record] = field(default_factory=list)
    plans: list[tuple[_Record, str | None, list[_Record]]] = field(default_factory=list)
    organizations: list[tuple[_Record, str | None]] = field(default_factory=list)
    services: list[tuple[_Record, str | None, str | None]] = field(default_factory=list)
    procedures: list[tuple[_Record, str | None]] = field(default_factory=list)
    translations: list[translation_files.TranslationRow] = field(default_factory=list)


def _parse(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(bounds.read_file(path).decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise BundleError(f"{path.name}: not UTF-8 text ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise BundleError(f"{path.name}: not valid TOML: {exc}") from exc
    except bounds.TooLarge as exc:
        raise BundleError(f"{path.name}: {exc}") from exc
    except RecursionError:
        raise BundleError(f"{path.name}: nested too deeply") from None


def _tables(doc: dict[str, Any], name: str, file: str) -> list[_Record]:
    value = doc.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise BundleError(f"{file}: '{name}' must be a list of tables ([[{name}]])")
    return [_Record(file, name, v) for v in value]


def read_bundle(folder: Path | None = None) -> _Bundle:
    folder = folder or directory_dir()
    if not folder.is_dir():
        raise BundleError(f"bundled directory not found: {folder}")
    bundle = _Bundle()
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise BundleError(f"no .toml files in {folder}")
    for path in files:
        doc = _parse(path)
        file = path.name
        bundle.needs += _tables(doc, "need", file)
        bundle.synonyms += _tables(doc, "group", file)
        muni_code = None
        if "municipality" in doc:
            muni = _Record(file, "municipality", doc["municipality"])
            bundle.municipalities.append(muni)
            muni_code = muni.text("code", required=True)
        if "plan" in doc:
            plan = _Record(file, "plan", doc["plan"])
            bundle.plans.append((plan, muni_code, _tables(doc, "initiative", file)))
        elif doc.get("initiative"):
            raise BundleError(f"{file}: initiatives need a [plan]")
        plan_key = doc["plan"].get("key") if "plan" in doc else None
        bundle.organizations += [(r, muni_code) for r in _tables(doc, "organization", file)]
        bundle.services += [(r, muni_code, plan_key) for r in _tables(doc, "service", file)]
        bundle.procedures += [(r, muni_code) for r in _tables(doc, "procedure", file)]
    _check_unique_keys(bundle)
    _check_renames(folder, bundle)
    _read_translations(bundle, folder)
    return bundle


def _check_renames(folder: Path, bundle: _Bundle) -> None:
    """A renamed group must lead to a group of the bundle, and an old name must not be in use."""
    path = folder / vocabulary.FILE_NAME
    if not path.is_file():
        return
    try:
        renames = vocabulary.renames_of(_parse(path))
    except vocabulary.VocabularyError as exc:
        raise BundleError(str(exc)) from None
    keys = {r.text("key") for r in bundle.synonyms}
    for old, new in renames.items():
        if old in keys or (new not in keys and new not in renames):
            raise BundleError(
                f"{path.name}: [renamed] {old} = {new}: the old key must be unused and the new one a group"
            )


def _read_translations(bundle: _Bundle, folder: Path) -> None:
    keyed = [
        *(o for o, _ in bundle.organizations),
        *(s for s, _, _ in bundle.services),
        *(p for p, _ in bundle.procedures),
        *bundle.needs,
    ]
    known = {r.text("key") for r in keyed}
    try:
        bundle.translations = translation_files.read(folder)
        translation_files.check_keys(bundle.translations, known)
    except translation_files.TranslationFileError as exc:
        raise BundleError(str(exc)) from None


def _check_unique_keys(bundle: _Bundle) -> None:
    seen: dict[str, str] = {}
    records: Iterable[_Record] = [
        *bundle.needs,
        *(p for p, _, _ in bundle.plans),
        *(r for r, _ in bundle.organizations),
        *(r for r, _, _ in bundle.services),
        *(r for r, _ in bundle.procedures),
    ]
    for record in records:
        key = record.text("key", required=True)
        if not key.isascii() or " " in key:
            raise record.fail("'key' must be ASCII without spaces")
        if key in seen:
            raise record.fail(f"key already used by {seen[key]}")
        seen[key] = record.where


class _Loader:
    """Applies a validated bundle inside one session (the caller owns the transaction)."""

    def __init__(self, session: Session):
        self.s = session
        self.munis: dict[str, Municipality] = {}
        self.needs: dict[str, Need] = {}
        self.orgs: dict[str, Organization] = {}
        self.initiatives: dict[tuple[str | None, str], Initiative] = {}  # (plan key, number)

    def _upsert(self, model: type, key_field: str, key: str) -> Any:
        obj = self.s.scalar(select(model).where(getattr(model, key_field) == key))
        if obj is None:
            obj = model(**{key_field: key})
            self.s.add(obj)
        return obj

    def needs_(self, records: list[_Record]) -> None:
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

    def need_list(self, r: _Record, name: str = "needs") -> list[Need]:
        keys = r.texts(name)
        unknown = [k for k in keys if k not in self.needs]
        if unknown:
            raise r.fail(f"unknown need(s): {', '.join(unknown)}")
        return [self.needs[k] for k in keys]

    def synonyms_(self, records: list[_Record]) -> None:
        self.s.execute(delete(Synonym))
        for r in records:
            group = r.text("key", required=True)
            terms = r.texts("terms")
            if len(terms) < 2:
                raise r.fail("a synonym group needs at least two terms")
            self.s.add_all(Synonym(group_key=group, term=t) for t in terms)

    def municipalities_(self, records: list[_Record]) -> None:
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

    def organizations_(self, records: list[tuple[_Record, str | None]]) -> None:
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
            for c in _tables(r.data, "contact", r.file):
                org.contacts.append(self._contact(c))
            self.orgs[org.key] = org
        for r, _ in records:
            parent = r.text("parent")
            if parent and parent not in self.orgs:
                raise r.fail(f"parent organization '{parent}' does not exist")
            self.orgs[r.text("key")].parent = self.orgs[parent] if parent else None

    @staticmethod
    def _contact(c: _Record) -> ContactPoint:
        from dvdesk.domain.models import ContactPoint

        return ContactPoint(
            label=c.text("label"),
            phone=c.text("phone"),
            extension=c.text("extension"),
            window=c.text("window"),
            hours=c.text("hours"),
            email=c.text("email"),
            note=c.text("note"),
            confidentiality=c.choice("confidentiality", Confidentiality, "public"),
        )

    def org_ref(self, r: _Record, name: str) -> Organization | None:
        key = r.text(name)
        if not key:
            return None
        if key not in self.orgs:
            raise r.fail(f"{name} '{key}' is not an organization key")
        return self.orgs[key]

    def plans_(self, plans: list[tuple[_Record, str | None, list[_Record]]]) -> None:
        for r, code, initiatives in plans:
            plan = self._upsert(Plan, "key", r.text("key", required=True))
            plan.municipality = self.munis[code] if code else None
            plan.title = r.text("title", required=True)
            plan.published = r.text("published")
            for k, v in r.sourced().items():
                setattr(plan, k, v)
            self.s.flush()
            for order, i in enumerate(initiatives):
                number = i.text("number", required=True)
                item = self.s.scalar(
                    select(Initiative).where(Initiative.plan_id == plan.id, Initiative.number == number)
                )
                if item is None:
                    item = Initiative(plan=plan, number=number)
                    self.s.add(item)
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

    def org_ref_key(self, r: _Record, key: str) -> Organization:
        if key not in self.orgs:
            raise r.fail(f"department '{key}' is not an organization key")
        return self.orgs[key]

    def services_(self, records: list[tuple[_Record, str | None, str | None]]) -> None:
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
                setattr(svc, name, r.text(name))
            svc.languages = r.texts("languages")
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

    def procedures_(self, records: list[tuple[_Record, str | None]]) -> None:
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
            circumstances = r.texts("circumstances")
            unknown = [c for c in circumstances if c not in CIRCUMSTANCES]
            if unknown:
                raise r.fail(f"unknown circumstance(s): {', '.join(unknown)}")
            proc.circumstances = circumstances
            proc.always = r.flag("always")
            proc.staff_note = r.text("staff_note")
            proc.needs = self.need_list(r)
            for k, v in r.sourced().items():
                setattr(proc, k, v)


def _vocabulary(records: list[_Record]) -> vocabulary.Groups:
    return vocabulary.groups_of({"group": [r.data for r in records]})


@contextlib.contextmanager
def _refused_as_bundle_error() -> Iterator[None]:
    try:
        yield
    except DirectoryRefused as exc:
        raise BundleError(f"the bundled directory breaks a rule: {summary(exc.findings)}") from None


@dataclass(frozen=True)
class LoadReport:
    municipalities: int
    organizations: int
    services: int
    procedures: int
    needs: int
    indexed: int


def load_into(db: Database, folder: Path | None = None) -> LoadReport:
    """Validate the bundle, then write it in one transaction. Raises BundleError, changing nothing."""
    bundle = read_bundle(folder)
    with _refused_as_bundle_error(), db.write() as session:
        loader = _Loader(session)
        loader.needs_(bundle.needs)
        loader.synonyms_(bundle.synonyms)
        loader.municipalities_(bundle.municipalities)
        loader.organizations_(bundle.organizations)
        loader.plans_(bundle.plans)
        loader.services_(bundle.services)
        loader.procedures_(bundle.procedures)
        translation_files.apply(session, bundle.translations)
        session.flush()
        indexed = search_index.rebuild(session)
        # The vocabulary loaded is the one this release ships: a later update merges from it.
        vocabulary.remember(session, _vocabulary(bundle.synonyms))
        session.merge(Meta(key="data_format", value=DATA_FORMAT))
        session.merge(Meta(key="bundled_loaded_at", value=dt.datetime.now().isoformat(timespec="seconds")))
        return LoadReport(
            municipalities=len(bundle.municipalities),
            organizations=len(bundle.organizations),
            services=len(bundle.services),
            procedures=len(bundle.procedures),
            needs=len(bundle.needs),
            indexed=indexed,
        )
