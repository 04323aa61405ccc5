"""Reading the bundled directory (resources/directory/*.toml) and checking it before anything is written.

Every file is parsed and every record's shape checked here (keys unique across files, renamed
synonym groups, translation files that name known keys); ``bundle_writer`` then applies the
records, checking what needs the database (references that resolve, enum values, check digits).
A bad record raises ``BundleError`` naming the file and the record.
"""

from __future__ import annotations

import datetime as dt
import enum
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from dvdesk import paths
from dvdesk.domain import bounds
from dvdesk.storage import translation_files, vocabulary
from dvdesk.storage.errors import BundleError

_E = TypeVar("_E", bound=enum.Enum)


def directory_dir() -> Path:
    return paths.resources_dir() / "directory"


@dataclass
class Record:
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
class Bundle:
    needs: list[Record] = field(default_factory=list)
    synonyms: list[Record] = field(default_factory=list)
    municipalities: list[Record] = field(default_factory=list)
    plans: list[tuple[Record, str | None, list[Record]]] = field(default_factory=list)
    organizations: list[tuple[Record, str | None]] = field(default_factory=list)
    services: list[tuple[Record, str | None, str | None]] = field(default_factory=list)
    procedures: list[tuple[Record, str | None]] = field(default_factory=list)
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


def tables(doc: dict[str, Any], name: str, file: str) -> list[Record]:
    value = doc.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise BundleError(f"{file}: '{name}' must be a list of tables ([[{name}]])")
    return [Record(file, name, v) for v in value]


def read_bundle(folder: Path | None = None) -> Bundle:
    folder = folder or directory_dir()
    if not folder.is_dir():
        raise BundleError(f"フォルダがありません: {folder}")  # a mistyped --dir: said in Japanese
    bundle = Bundle()
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise BundleError(f"このフォルダには資料のファイル（*.toml）がありません: {folder}")
    for path in files:
        doc = _parse(path)
        file = path.name
        bundle.needs += tables(doc, "need", file)
        bundle.synonyms += tables(doc, "group", file)
        muni_code = None
        if "municipality" in doc:
            muni = Record(file, "municipality", doc["municipality"])
            bundle.municipalities.append(muni)
            muni_code = muni.text("code", required=True)
        if "plan" in doc:
            plan = Record(file, "plan", doc["plan"])
            bundle.plans.append((plan, muni_code, tables(doc, "initiative", file)))
        elif doc.get("initiative"):
            raise BundleError(f"{file}: initiatives need a [plan]")
        plan_key = doc["plan"].get("key") if "plan" in doc else None
        bundle.organizations += [(r, muni_code) for r in tables(doc, "organization", file)]
        bundle.services += [(r, muni_code, plan_key) for r in tables(doc, "service", file)]
        bundle.procedures += [(r, muni_code) for r in tables(doc, "procedure", file)]
    _check_unique_keys(bundle)
    _check_renames(folder, bundle)
    _read_translations(bundle, folder)
    return bundle


def _check_renames(folder: Path, bundle: Bundle) -> None:
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


def _read_translations(bundle: Bundle, folder: Path) -> None:
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


def _check_unique_keys(bundle: Bundle) -> None:
    seen: dict[str, str] = {}
    records: Iterable[Record] = [
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
