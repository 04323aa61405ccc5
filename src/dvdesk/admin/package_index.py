"""A data package's own search index (format version 2): written by the export of a whole
directory, used by an import that builds the index whole (``storage.search_index_ship`` says what
is shipped and how it is checked).

The member ``search_index.sqlite3`` holds the services' index rows and every record's id on the
exporting PC (``record_ids``): the rows name those ids, so a first import gives its new records the
same ids (``bulk.Ids``). The manifest carries the member's SHA-256 and the index version, both
under the signature. Only a package signed with this PC's key has its index used; anything that
does not check out (checksum, version, rows) is set aside and the index is built as before, the
import's report saying so. The member is extracted to a temporary folder and removed after the
import; what a killed export or import left there goes with the next import (``sweep_stale``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
import tempfile
import time
import zipfile
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvdesk.admin.kinds import KINDS
from dvdesk.domain import bounds
from dvdesk.storage import driver_rows
from dvdesk.storage import search_index_build as build
from dvdesk.storage import search_index_ship as ship
from dvdesk.storage.search_index_rows import INDEX_VERSION

MEMBER = "search_index.sqlite3"
_BLOCK = 1 << 20
MAX_KEY = 400  # bytes (UTF-8): a record's key is at most 80 characters (``domain.models``)
PREFIX = "dvdesk-index-"  # the temporary folders an export and an import make for the index file
STALE_AFTER = 24 * 3600  # seconds: such a folder this old is a killed one's (an import takes minutes)


def write_member(session: Session, zf: zipfile.ZipFile) -> str | None:
    """Add this database's search index to the package being written; its SHA-256, or None when
    there is none to ship (a server, or an index not of this version)."""
    if not driver_rows.is_sqlite(session) or not build.is_current(session):
        return None
    with tempfile.TemporaryDirectory(prefix=PREFIX) as tmp:
        path = Path(tmp) / MEMBER
        ship.write_file(session, path)
        out = sqlite3.connect(path)
        try:
            out.execute(ship.EXTRA_TABLES["record_ids"])
            for name, kind in KINDS.items():
                rows = session.execute(select(getattr(kind.model, kind.key_attr), kind.model.id)).all()
                out.executemany("INSERT INTO record_ids VALUES (?, ?, ?)", [(name, k, i) for k, i in rows])
            out.commit()
        finally:
            out.close()
        digest = hashlib.sha256()
        with open(path, "rb") as f:
            while block := f.read(_BLOCK):
                digest.update(block)
        # Level 1: the national index is ~2.7 GB; level 6 took several times the CPU for a few % less.
        zf.write(path, MEMBER, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    return digest.hexdigest()


class ShippedIndex:
    """The index member of a package read from ``package`` (its manifest's ``sha256``): extracted
    to a temporary file when first needed, checked, and removed by ``close``."""

    def __init__(self, package: Path, sha256: str):
        self.package, self.sha256 = package, sha256
        self._tmp: Path | None = None
        self._path: Path | None = None
        self._refused = ""
        self._ids: dict[str, dict[str, int]] | None = None

    def file(self) -> Path | None:
        """The extracted member, its checksum checked; None (and why, in ``refused``) if not usable."""
        if self._path is not None or self._refused:
            return self._path
        sweep_stale()
        self._tmp = Path(tempfile.mkdtemp(prefix=PREFIX))
        path = self._tmp / MEMBER
        digest = hashlib.sha256()
        try:
            with zipfile.ZipFile(self.package) as zf, zf.open(MEMBER) as src, open(path, "wb") as out:
                while block := src.read(_BLOCK):
                    digest.update(block)
                    out.write(block)
        except (OSError, zipfile.BadZipFile, KeyError, EOFError, ValueError) as exc:
            self._refused = f"同梱の索引を読めません（{exc}）"
            return None
        if digest.hexdigest() != self.sha256:
            self._refused = "同梱の索引のチェックサムが一致しません"
            return None
        if problem := ship.plain(path):
            self._refused = problem
            return None
        self._path = path
        return path

    @property
    def refused(self) -> str:
        return self._refused

    def preset(self, kind: str) -> dict[str, int]:
        """The exporting PC's ids of ``kind``'s records ({} when the member cannot be used): read
        once for all kinds (the replacement's check and the new records' ids both ask, per kind)."""
        if self._ids is None:
            self._ids = self._read_ids()
        return dict(self._ids.get(kind, {}))

    def _read_ids(self) -> dict[str, dict[str, int]]:
        path = self.file()
        if path is None:
            return {}
        con = ship.open_shipped(path)
        out: dict[str, dict[str, int]] = {}
        try:
            for kind in KINDS:  # kind by kind, as the rows are asked for (another kind's rows are not read)
                # Held in memory: no more ids than a package may hold records, no key longer than a key.
                count, longest = con.execute(
                    "SELECT count(*), max(length(CAST(key AS BLOB))) FROM record_ids WHERE kind = ?", (kind,)
                ).fetchone()
                if count > bounds.NATIONAL_PACKAGE.records or (longest or 0) > MAX_KEY:
                    out[kind] = {}
                    continue
                out[kind] = dict(con.execute("SELECT key, id FROM record_ids WHERE kind = ?", (kind,)).fetchall())
        except sqlite3.DatabaseError:
            return {}
        finally:
            con.close()
        return out

    def for_build(self) -> build.Shipped:
        def load(shipped: build.Shipped) -> Path | None:
            path = self.file()
            if path is None:
                shipped.outcome = f"同梱の索引を使えないため作り直しました: {self._refused}"
            return path

        return build.Shipped(load, seed=self.sha256)

    def close(self) -> None:
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None
        self._path, self._refused, self._ids = None, "", None


def sweep_stale() -> None:
    """Remove what a killed export or import left in the temporary folder (the national index file
    is ~2.7 GB, and Windows never empties the folder): our folders a day old, never a link, nor
    another user's."""
    uid = getattr(os, "getuid", lambda: None)()
    cutoff = time.time() - STALE_AFTER
    try:
        folders = list(Path(tempfile.gettempdir()).glob(PREFIX + "*"))
    except OSError:
        return
    for folder in folders:
        try:
            info = folder.lstat()
        except OSError:
            continue
        if stat.S_ISDIR(info.st_mode) and info.st_mtime < cutoff and uid in (None, info.st_uid):
            shutil.rmtree(folder, ignore_errors=True)


def usable(version: str) -> bool:
    return version == INDEX_VERSION
