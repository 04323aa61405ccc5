"""What the About dialog says: versions, the data's version, and the licences of what is bundled.

No Qt here (the dialog is ``dvdesk.gui.about_dialog``). Versions are read from the modules
themselves, not from package metadata, because a PyInstaller bundle carries no metadata.
"""

from __future__ import annotations

import json
import sqlite3
import struct
import sys
import warnings
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from dvdesk import __version__, paths

if TYPE_CHECKING:  # storage is imported when the dialog asks, not at start-up
    from dvdesk.storage.db import Database


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    licence: str
    role: str = ""  # one of ROLES: what it is for, worded by the dialog in the interface language
    used_by: str = ""  # the component that needs it
    note: str = ""  # a fact in its own words (a copyright line), shown as is


ROLES = ("program", "font", "gui", "excel", "data")


@dataclass(frozen=True)
class PackageRecord:
    """The last data-package import: from which PC, exported when, imported when."""

    source_pc: str
    exported_at: str
    imported_at: str


@dataclass(frozen=True)
class DataVersion:
    schema: str  # the database's migration revision
    municipalities: int
    services: int
    bundled_loaded_at: str  # when the shipped directory was first loaded on this PC
    last_package: PackageRecord | None  # the last data package imported, if any
    last_verified: str  # the newest "verified on" date of any service, or ""
    changes: int  # how many times the directory was written on this PC
    # Whose facts: records a person at this city verified (their phones, hours) vs. as the plans give them.
    city_verified: int = 0
    from_sources_only: int = 0


def _version(distribution: str, module: str = "", attribute: str = "__version__") -> str:
    """From the installed package's metadata, else from the module (bundles may lack metadata)."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        pass
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # some packages deprecate __version__
            mod = __import__(module or distribution, fromlist=["_"])
            value = getattr(mod, attribute)
        return value() if callable(value) else str(value)
    except (ImportError, AttributeError):
        return "—"


def components() -> list[Component]:
    """The program and every library and font it ships with, with its licence."""
    return [
        Component("dvdesk", __version__, "MIT", role="program"),
        Component(
            "BIZ UDPGothic", font_version(FONT), "SIL Open Font License 1.1", role="font", note=font_name(FONT, 0)
        ),
        Component("Qt", _version("Qt", "PySide6.QtCore", "qVersion"), "LGPL-3.0", role="gui", note="The Qt Company"),
        Component(
            "PySide6 / Shiboken6",
            _version("PySide6-Essentials", "PySide6"),
            "LGPL-3.0",
            role="gui",
            note="Qt for Python",
        ),
        Component("Python", sys.version.split()[0], "PSF License 2.0"),
        Component("SQLite", sqlite3.sqlite_version, "Public domain"),
        Component("SQLAlchemy", _version("SQLAlchemy", "sqlalchemy"), "MIT"),
        Component("Alembic", _version("alembic"), "MIT"),
        Component("Mako", _version("Mako", "mako"), "MIT", used_by="Alembic"),
        Component("MarkupSafe", _version("MarkupSafe", "markupsafe"), "BSD-3-Clause", used_by="Mako"),
        Component("platformdirs", _version("platformdirs"), "MIT"),
        Component("openpyxl", _version("openpyxl"), "MIT", role="excel"),
        Component("et_xmlfile", _version("et_xmlfile"), "MIT", used_by="openpyxl"),
        Component("ICU", "—", "Unicode License", used_by="Qt"),
        # Data, not code: the municipality list of the first-run setup (resources/municipalities).
        Component(
            "全国地方公共団体コード",
            "2018-10",
            "政府標準利用規約 第2.0版（CC BY 4.0 互換）",
            role="data",
            note="出典：総務省ウェブサイト",
        ),
    ]


FONT = "BIZUDPGothic-Regular.ttf"


def font_name(file: str, name_id: int) -> str:
    """A string from a TrueType font's 'name' table (0 copyright, 5 version), or "—"."""
    try:
        data = (paths.resources_dir() / "fonts" / file).read_bytes()
        tables = struct.unpack(">H", data[4:6])[0]
        for i in range(tables):
            tag, _, offset, _ = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
            if tag != b"name":
                continue
            _, count, strings = struct.unpack(">HHH", data[offset : offset + 6])
            for j in range(count):
                record = data[offset + 6 + 12 * j : offset + 18 + 12 * j]
                platform, _, _, nid, length, start = struct.unpack(">HHHHHH", record)
                if platform == 3 and nid == name_id:  # Windows, UTF-16BE
                    at = offset + strings + start
                    return data[at : at + length].decode("utf-16-be")
    except (OSError, struct.error, UnicodeDecodeError):
        pass
    return "—"


def font_version(file: str) -> str:
    return font_name(file, 5).removeprefix("Version ").strip()


def font_licence_text() -> str:
    """BIZ UDPGothic's licence, then that of the Noto fonts for Chinese and Vietnamese copies."""
    texts = []
    for name in ("OFL.txt", "OFL-Noto.txt"):
        try:
            texts.append((paths.resources_dir() / "fonts" / name).read_text(encoding="utf-8"))
        except OSError:
            pass
    return "\n\n".join(texts)


def licences_folder() -> Path | None:
    """Full licence texts shipped beside a built program (packaging/dvdesk.spec), if any."""
    folder = paths.resources_dir() / "licenses"
    return folder if folder.is_dir() else None


def data_version(db: Database) -> DataVersion:
    from dvdesk.domain.models import Meta, Municipality, Organization, Procedure, Service
    from dvdesk.storage import migrations

    with db.read() as session:
        meta = {m.key: m.value for m in session.scalars(select(Meta))}
        municipalities = session.scalar(select(func.count()).select_from(Municipality)) or 0
        services = session.scalar(select(func.count()).select_from(Service)) or 0
        verified = session.scalar(select(func.max(Service.verified_on)))
        checked = unchecked = 0
        for model in (Organization, Service, Procedure):
            live = select(func.count()).select_from(model).where(model.retired.is_(False))
            checked += session.scalar(live.where(model.verified_on.is_not(None))) or 0
            unchecked += session.scalar(live.where(model.verified_on.is_(None))) or 0
    return DataVersion(
        schema=migrations.current_revision(db.engine) or "",
        municipalities=municipalities,
        services=services,
        bundled_loaded_at=meta.get("bundled_loaded_at", ""),
        last_package=_package_record(meta.get("last_package_import", "")),
        last_verified=verified.isoformat() if verified else "",
        changes=int(meta.get("change_count", "0") or 0),
        city_verified=checked,
        from_sources_only=unchecked,
    )


def _package_record(raw: str) -> PackageRecord | None:
    """The data-package import record (JSON, written by ``dvdesk.admin.package``)."""
    try:
        data = json.loads(raw) if raw else None
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    return PackageRecord(
        source_pc=str(data.get("from", "")),
        exported_at=str(data.get("exported_at", "")).replace("T", " ")[:16],
        imported_at=str(data.get("at", "")).replace("T", " ")[:16],
    )
