"""Reading HSDS 3.x files as other systems write them: which records each document holds.

One import is one or more files or folders (a folder: every ``*.json`` in it). A document is
dvdesk's own (``{"organizations": [...], "services": [...], ...}``), an API list page
(``{"total_items", "total_pages", "page_number", "size", "contents": [...]}``), a JSON array, or a
single record. Each record is recognised by its fields as one of ``KINDS``; records nested in
another (a service's ``organization``, an organization's ``services``, a service_at_location's
``service``) are read as records of their own, so that repeats can be told apart from conflicts.

HSDS 2.x and Open Referral CSV data packages (``datapackage.json``, CSV tables, HSDS-UK fields
such as ``regular_schedules``) are refused with a message saying so and naming what is read.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dvdesk.admin.hsds_text import plain
from dvdesk.domain import bounds


class HsdsError(ValueError):
    """A file that cannot be read as HSDS 3.x JSON at all; ``str()`` is Japanese."""


KINDS = ("organization", "service", "location", "service_at_location", "taxonomy", "taxonomy_term", "contact", "phone")
LABELS = {
    "organization": "組織",
    "service": "サービス",
    "location": "所在地（location）",
    "service_at_location": "サービスの所在地（service_at_location）",
    "taxonomy": "分類（taxonomy）",
    "taxonomy_term": "分類の項目（taxonomy_term）",
    "contact": "連絡先（contact）",
    "phone": "電話（phone）",
}
# The lists of a document holding several kinds (dvdesk's own export, or a hand-made bundle).
LISTS = {
    "organizations": "organization",
    "services": "service",
    "locations": "location",
    "service_at_locations": "service_at_location",
    "services_at_location": "service_at_location",
    "taxonomies": "taxonomy",
    "taxonomy_terms": "taxonomy_term",
    "contacts": "contact",
    "phones": "phone",
}

SUPPORTED = "dvdesk が読めるのは HSDS 3.x の JSON（API の応答・書き出したファイル・その一覧）です"
# Fields that exist only in HSDS 1.x/2.x and the Open Referral UK profile built on it.
V2_FIELDS = {
    "accepted_payments",
    "payment_accepted",
    "payments_accepted",
    "regular_schedules",
    "holiday_schedules",
    "regular_schedule",
    "holiday_schedule",
    "service_taxonomys",
    "link_taxonomys",
    "eligibilitys",
    "physical_addresses",
    "postal_addresses",
    "fundings",
    "reviews",
    "ServiceAtLocation",
    "service_at_location_ids",
    "taxonomy_ids",
}
SERVICE_ONLY = {
    "organization",
    "program",
    "program_id",
    "service_areas",
    "service_at_locations",
    "eligibility_description",
    "application_process",
    "fees_description",
    "fees",
    "interpretation_services",
    "wait_time",
    "accreditations",
    "assured_date",
    "assurer_email",
    "minimum_age",
    "maximum_age",
    "required_documents",
    "cost_options",
    "alert",
    "licenses",
    "capacities",
    "status",
}
ORG_ONLY = {
    "services",
    "website",
    "legal_status",
    "tax_status",
    "tax_id",
    "year_incorporated",
    "parent_organization_id",
    "organization_identifiers",
    "programs",
    "logo",
    "additional_websites",
    "locations",
}
LOCATION_ONLY = {
    "location_type",
    "addresses",
    "latitude",
    "longitude",
    "transportation",
    "accessibility",
    "external_identifier",
    "external_identifier_type",
}
SAL_FIELDS = {
    "id",
    "service_id",
    "location_id",
    "service",
    "location",
    "description",
    "service_areas",
    "contacts",
    "phones",
    "schedules",
    "attributes",
    "metadata",
}
CONTACT_FIELDS = {
    "id",
    "name",
    "title",
    "department",
    "email",
    "phones",
    "organization_id",
    "service_id",
    "location_id",
    "service_at_location_id",
    "attributes",
    "metadata",
}
TAXONOMY_FIELDS = {"id", "name", "description", "uri", "version", "metadata"}


@dataclass
class Item:
    """One record read. ``where`` says where it was, for the report (``services.json 3件目``)."""

    kind: str
    record: dict
    where: str
    nested_in: str = ""  # "サービス「…」" when it was found inside another record
    # For a value that is no record at all (a number, a string inside a list of records): what it is, in
    # the report's words; '' for a record (a JSON object)
    not_object: str = ""

    @property
    def id(self) -> str:
        value = self.record.get("id")
        return str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""

    @property
    def name(self) -> str:
        return plain(self.record.get("name"))


@dataclass
class Page:
    file: str
    kind: str  # of the page's first record, '' when empty
    page: int | None
    pages: int | None
    total: int | None
    read: int


@dataclass
class Feed:
    items: list[Item] = field(default_factory=list)
    unknown: list[Item] = field(default_factory=list)  # records of no kind dvdesk recognises
    pages: list[Page] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files in a folder that are not JSON


def kind_of(r: dict) -> str:
    """Which HSDS record ``r`` is, from its fields; '' when it is none dvdesk knows."""
    return _clear_kind(set(r)) or _weak_kind(set(r))


def _clear_kind(keys: set[str]) -> str:
    """The kind fields only that kind has say ``keys`` is; '' when none does."""
    if "number" in keys and not keys & {"name", "status", "services"}:
        return "phone"
    if "status" not in keys and (
        keys & {"taxonomy_detail", "term_uri", "taxonomy_id"} or ("code" in keys and keys & {"taxonomy", "parent_id"})
    ):
        return "taxonomy_term"
    if keys <= TAXONOMY_FIELDS and "version" in keys:
        return "taxonomy"
    if "name" not in keys and keys <= SAL_FIELDS and keys & {"service_id", "location_id", "service", "location"}:
        return "service_at_location"  # it has no name of its own; a service always has one
    if keys & SERVICE_ONLY:
        return "service"
    if keys & ORG_ONLY:
        return "organization"
    if keys & LOCATION_ONLY:
        return "location"
    if keys <= CONTACT_FIELDS and (
        keys & {"title", "department", "service_id", "location_id", "service_at_location_id"}
        or ("organization_id" in keys and keys & {"phones", "email"})
    ):
        return "contact"
    return ""


def _weak_kind(keys: set[str]) -> str:
    """A guess from the barest fields, which a list of records of one clear kind overrides."""
    if "organization_id" in keys and "name" in keys:
        return "service"  # a bare service referring to its provider by id
    if "id" in keys and "name" in keys:
        return "organization"  # the barest record HSDS has: an organization is id and name
    return ""


def read_paths(paths: list[Path]) -> Feed:
    feed = Feed()
    files: list[Path] = []
    for path in paths:
        files += _files(Path(path), feed)
    if not files:
        raise HsdsError("取り込む JSON ファイルがありません")
    for path in files:
        feed.files.append(path.name)
        _document(_load(path), path.name, feed)
    try:
        bounds.count_records(len(feed.items) + len(feed.unknown), "HSDS ファイル")
    except bounds.TooLarge as exc:
        raise HsdsError(str(exc)) from None
    if not feed.items:
        raise HsdsError("HSDS のサービスも組織も見つかりません（id と name のある記録がありません）")
    return feed


def _refuse_package(what: str) -> HsdsError:
    return HsdsError(
        f"{what}は取り込めません: HSDS 2.x・Open Referral の CSV データパッケージには対応していません。{SUPPORTED}"
    )


def _files(path: Path, feed: Feed) -> list[Path]:
    if path.is_dir():
        shown = path.name or str(path)  # "/" has no name
        if (path / "datapackage.json").exists():
            raise _refuse_package(f"データパッケージ（{shown}/datapackage.json）")
        entries = sorted(p for p in path.iterdir() if p.is_file())
        if any(p.suffix.lower() == ".csv" for p in entries):
            raise _refuse_package(f"フォルダ {shown} の CSV ファイル")
        feed.skipped += [p.name for p in entries if p.suffix.lower() != ".json"]
        found = [p for p in entries if p.suffix.lower() == ".json"]
        if not found:
            raise HsdsError(f"フォルダ {shown} に JSON ファイルがありません")
        return found
    if path.suffix.lower() == ".csv":
        raise _refuse_package(f"CSV ファイル（{path.name}）")
    if path.suffix.lower() == ".zip" or (path.is_file() and zipfile.is_zipfile(path)):
        raise _refuse_package(f"ZIP ファイル（{path.name}）")
    return [path]


def _load(path: Path) -> Any:
    try:
        data = bounds.read_file(path)
    except bounds.TooLarge as exc:
        raise HsdsError(str(exc)) from None
    except OSError as exc:
        raise HsdsError(f"ファイルを読めません: {path}（{exc.strerror or exc}）") from None
    if not data.strip():
        raise HsdsError(f"ファイルが空です: {path.name}")
    try:
        return bounds.loads(data.decode("utf-8-sig"), "HSDS ファイル")
    except bounds.TooLarge as exc:
        raise HsdsError(str(exc)) from None
    except UnicodeDecodeError:
        raise HsdsError(f"文字コードが UTF-8 ではありません（HSDS の JSON は UTF-8 です）: {path.name}") from None
    except json.JSONDecodeError as exc:
        raise HsdsError(
            f"JSON として読めません（{path.name} {exc.lineno}行目）。ファイルが途中で切れていないか確認してください"
        ) from None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _document(doc: Any, name: str, feed: Feed) -> None:
    if isinstance(doc, dict):
        if "resources" in doc and ("profile" in doc or name == "datapackage.json"):
            raise _refuse_package(f"データパッケージ（{name}）")
        if any(isinstance(k, str) and k.lower().endswith(".csv") for k in doc):
            raise _refuse_package(f"表形式の {name}（CSV の表を並べたもの）")
        version = str(doc.get("hsds_version") or doc.get("version") or "")
        if version[:1] in ("1", "2") and "id" not in doc:
            raise HsdsError(f"{name} は HSDS {version} です。{SUPPORTED}")
        if "id" not in doc and any(k in doc for k in LISTS):
            for key, kind in LISTS.items():
                value = doc.get(key)
                if value is None:
                    continue
                if not isinstance(value, list):
                    raise HsdsError(f"{name} の「{key}」は一覧（配列）である必要があります")
                _records(value, name, feed, kind, key)
            return
        if isinstance(doc.get("contents"), list):
            contents = doc["contents"]
            first = next((c for c in contents if isinstance(c, dict)), None)
            feed.pages.append(
                Page(
                    name,
                    kind_of(first) if first else "",
                    _int(doc.get("page_number")),
                    _int(doc.get("total_pages")),
                    _int(doc.get("total_items")),
                    len(contents),
                )
            )
            _records(contents, name, feed)
            return
        if "contents" in doc:
            raise HsdsError(f"{name} の「contents」は一覧（配列）である必要があります")
        _records([doc], name, feed)
        return
    if isinstance(doc, list):
        _records(doc, name, feed)
        return
    raise HsdsError(f"HSDS の形式ではありません: {name}")


def _list_kind(values: list) -> str:
    """The one kind the records of a list clearly are (an API page lists one kind), or ''."""
    clear = {_clear_kind(set(v)) for v in values if isinstance(v, dict)} - {""}
    return clear.pop() if len(clear) == 1 else ""


def not_object(value: object, listed_in: str = "") -> str:
    """Why ``value`` (not a JSON object) is no record, naming the list it is in and what it is."""
    if isinstance(value, bool):
        found = f"真偽値（{'true' if value else 'false'}）"
    elif isinstance(value, int | float):
        found = f"数値（{value}）"
    elif isinstance(value, str):
        shown = " ".join(value.split())
        found = f"文字列「{shown[:30]}{'…' if len(shown) > 30 else ''}」" if shown else "空の文字列"
    elif value is None:
        found = "null（空の値）"
    elif isinstance(value, list):
        found = f"配列（[ ] で囲んだ {len(value)}個の値）"
    else:
        found = type(value).__name__
    where = f"「{listed_in}」の一覧にあるこの値は" if listed_in else "この値は"
    return f"{where}記録ではなく{found}です（HSDS の記録は {{ }} で囲んだ JSON のオブジェクトです）"


def _records(values: list, name: str, feed: Feed, kind: str = "", listed_in: str = "") -> None:
    listed = "" if kind else _list_kind(values)
    for i, value in enumerate(values, start=1):
        where = f"{name} {i}件目"
        if not isinstance(value, dict):
            feed.unknown.append(Item(kind, {}, where, not_object=not_object(value, listed_in)))
            continue
        v2 = sorted(V2_FIELDS & set(value))
        if v2:
            raise HsdsError(
                f"{name} は HSDS 2.x（または Open Referral UK）の形式です（「{v2[0]}」があります）。{SUPPORTED}"
            )
        guessed = _clear_kind(set(value)) or (listed if _weak_kind(set(value)) else "") or kind_of(value)
        item = Item(kind or guessed, value, where)  # a bare {id, name} among services is a service
        if not item.kind:
            feed.unknown.append(item)
            continue
        feed.items.append(item)
        _nested(item, feed)


def _nested(item: Item, feed: Feed) -> None:
    """Records found inside ``item``, read as records of their own (repeats are sorted out later)."""
    r, label = item.record, f"{LABELS[item.kind]}「{item.name or item.id}」"
    if item.kind == "service" and isinstance(r.get("organization"), dict):
        feed.items.append(Item("organization", r["organization"], item.where, label))
    elif item.kind == "organization" and isinstance(r.get("services"), list):
        for j, s in enumerate(r["services"], start=1):
            if not isinstance(s, dict):  # counted and said, as a value in a list of records is
                feed.unknown.append(
                    Item("service", {}, f"{item.where}・services {j}件目", label, not_object(s, "services"))
                )
            else:
                s = s if s.get("organization_id") or not item.id else {**s, "organization_id": item.id}
                feed.items.append(Item("service", s, f"{item.where}・services {j}件目", label))
                _nested(feed.items[-1], feed)
    elif item.kind == "service_at_location" and isinstance(r.get("service"), dict) and r["service"].get("name"):
        feed.items.append(Item("service", r["service"], item.where, label))
        _nested(feed.items[-1], feed)
