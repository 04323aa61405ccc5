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
import subprocess
import tempfile
import threading
import time
import weakref
import zipfile
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvdesk.admin import member_extract
from dvdesk.admin.kinds import KINDS
from dvdesk.domain import bounds
from dvdesk.domain.integrity_findings import shown
from dvdesk.storage import driver_rows
from dvdesk.storage import search_index_build as build
from dvdesk.storage import search_index_ship as ship
from dvdesk.storage.search_index_rows import INDEX_VERSION

MEMBER = "search_index.sqlite3"
_BLOCK = 1 << 20
MAX_KEY = 400  # bytes (UTF-8): a record's key is at most 80 characters (``domain.models``)
PREFIX = "dvdesk-index-"  # the temporary folders an export and an import make for the index file
REMOVING = "dvdesk-removing-"  # such a folder renamed, its removal under way (``_remove_behind``)
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
    to a temporary file, checked, and removed by ``close``.

    ``start`` (``read_package``, once the manifest is verified) does the slow part in a background
    thread while the records are read and previewed in this one: the extraction (inflate, SHA-256
    and writes, in a child process: ``member_extract``), the exporter's ids, and FTS5's
    ``integrity-check`` of the shipped postings on a private scratch copy
    (``search_index_ship.postings_on_copy``: SQLite's C code, no GIL). Whoever needs a result waits
    for it: ``file`` and ``preset`` for the extraction and the ids only, ``postings`` for the
    thread's end; what the thread raised (or a child that ended without an answer) is raised there
    as a ``PackageError``. Without ``start`` each is done when first
    asked, in the caller's thread, as before."""

    def __init__(self, package: Path, sha256: str):
        self.package, self.sha256 = package, sha256
        self._tmp: Path | None = None
        self._path: Path | None = None
        self._refused = ""
        self._ids: dict[str, dict[str, int]] | None = None
        self._postings: tuple[str, str] | None = None  # (table, problem) from the scratch copy; None: not run
        self._thread: threading.Thread | None = None
        self._failed: BaseException | None = None
        self._ready = threading.Event()  # set by the thread once the file and the ids are there
        self._stop = threading.Event()
        self._busy: list[sqlite3.Connection] = []  # the scratch check's connection, to interrupt on close
        self._children: list[subprocess.Popen[bytes]] = []  # the extracting child, to kill on close
        # What a dropped package (a preview not applied) extracted goes when it is collected, or at exit.
        self._folders: list[Path] = []
        weakref.finalize(self, _remove_all, self._folders)

    def start(self) -> None:
        """Extract and check the member in a background thread from now on (see the class)."""
        if self._thread is None and self._path is None and not self._refused:
            self._stop.clear()
            self._ready.clear()
            self._thread = threading.Thread(target=self._background, name="dvdesk-shipped-index", daemon=True)
            self._thread.start()

    def _background(self) -> None:
        try:
            if (path := self._extract()) is not None:
                self._ids = self._read_ids(path)
                self._ready.set()  # the file and the ids: what the import asks for first
                if not self._stop.is_set():
                    self._postings = self._check_postings()
        except BaseException as exc:  # re-raised in the caller's thread (``_wait``), never lost
            self._failed = exc
        finally:
            self._ready.set()

    def _wait(self, *, whole: bool = True) -> None:
        """Wait for the background work: ``whole``, to its end; else until the member is extracted
        and the ids read (the postings' check may still run: ``postings`` waits for it)."""
        thread = self._thread
        if thread is None:
            return
        if not whole:
            self._ready.wait()
        if whole or self._failed is not None:
            self._thread = None
            thread.join()
        failed, self._failed = self._failed, None
        if failed is not None:
            raise _failure(failed) from None

    def file(self) -> Path | None:
        """The extracted member, its checksum checked; None (and why, in ``refused``) if not usable."""
        self._wait(whole=False)
        if self._path is not None or self._refused:
            return self._path
        try:
            return self._extract()
        except member_extract.ExtractionFailed as exc:
            raise _failure(exc) from None

    def _extract(self) -> Path | None:
        sweep_stale()
        self._tmp = Path(tempfile.mkdtemp(prefix=PREFIX))
        self._folders.append(self._tmp)
        path = self._tmp / MEMBER
        limit = min(self._member_size(), bounds.MAX_INDEX)
        try:  # in a child process: no GIL shared with the records' read and preview
            sha256, unreadable = member_extract.run_child(self.package, MEMBER, path, limit, self._started)
        except member_extract.ExtractionFailed:
            if self._stop.is_set():  # killed by ``close``, which removes the folder
                return None
            raise  # a Japanese PackageError where the import waits (``_wait``)
        except OSError:  # no child could be started (never seen): extracted here, as before
            sha256, unreadable = member_extract.extract(self.package, MEMBER, path, limit, self._stop.is_set)
        finally:
            self._children.clear()
        if self._stop.is_set():  # closed meanwhile: ``close`` removes what was written
            return None
        if unreadable:
            self._refused = f"同梱の索引を読めません（{unreadable}）"
            return None
        if sha256 != self.sha256:
            self._refused = "同梱の索引のチェックサムが一致しません"
            return None
        if problem := ship.plain(path):
            self._refused = problem
            return None
        self._path = path
        return path

    def _member_size(self) -> int:
        """The member's inflated size as the ZIP's directory gives it (``read_package`` held it
        within ``bounds.MAX_INDEX``); the extraction writes no more."""
        try:
            with zipfile.ZipFile(self.package) as zf:
                return zf.getinfo(MEMBER).file_size
        except (OSError, zipfile.BadZipFile, KeyError):
            return bounds.MAX_INDEX  # the extraction itself says why it cannot read it

    def _started(self, child: subprocess.Popen[bytes]) -> None:
        self._children.append(child)
        if self._stop.is_set():  # ``close`` came between the start and the line above
            child.kill()

    @property
    def refused(self) -> str:
        return self._refused

    def preset(self, kind: str) -> dict[str, int]:
        """The exporting PC's ids of ``kind``'s records ({} when the member cannot be used): read
        once for all kinds (the replacement's check and the new records' ids both ask, per kind)."""
        self._wait(whole=False)
        if self._ids is None:
            self._ids = self._read_ids(self.file())
        return dict(self._ids.get(kind, {}))

    def postings(self) -> tuple[str, str] | None:
        """FTS5's ``integrity-check`` of the services' tables, run on a scratch copy of this member's
        rows by ``start``'s thread: ("", "") passed, (table, what FTS5 said) failed; None when it was
        not run there (then ``verify`` runs it in the import's transaction, as without ``start``)."""
        self._wait()
        return self._postings

    def _check_postings(self) -> tuple[str, str] | None:
        assert self._tmp is not None and self._path is not None
        scratch = self._tmp / "postings-check.sqlite3"
        try:
            return ship.postings_on_copy(self._path, scratch, self._busy)
        finally:
            scratch.unlink(missing_ok=True)  # (gigabytes at 350,000 services)

    def _read_ids(self, path: Path | None) -> dict[str, dict[str, int]]:
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

        return build.Shipped(load, seed=self.sha256, postings=self.postings)

    def close(self) -> None:
        """Stop the background work (if any), then remove the extracted file: after an import, a
        failure, or a preview that is not applied."""
        self._stop.set()
        for child in list(self._children):
            child.kill()  # its file goes with the folder below, once the thread has seen it end
        for con in list(self._busy):
            con.interrupt()  # a running integrity-check stops at its next step
        if (thread := self._thread) is not None:
            thread.join()
        self._thread, self._failed = None, None
        self._stop.clear()  # a later import of the same package extracts it again
        _remove_behind(self._folders)
        self._tmp = None
        self._path, self._refused, self._ids, self._postings = None, "", None, None


def _failure(exc: BaseException) -> Exception:
    """What the extraction or the background work raised, as the import says it."""
    from dvdesk.admin.package_format import PackageError  # (package_format imports this module)

    said = shown(str(exc) or type(exc).__name__, 120)
    return PackageError(f"取り込めませんでした（何も変更していません）: 同梱の索引を取り出せません（{said}）")


def _remove_all(folders: list[Path]) -> None:
    while folders:
        shutil.rmtree(folders.pop(), ignore_errors=True)


_removing: list[threading.Thread] = []


def _remove_behind(folders: list[Path]) -> None:
    """Remove ``folders`` without making the caller wait (a national index file is 3.25 GB: its
    ``unlink`` takes ≈ 1.6 s at the end of an import): each is first renamed aside (``REMOVING``,
    in the same temporary folder: nothing stays where the import put it), then a thread removes
    them. Not a daemon: the program waits for it at exit. A folder that cannot be renamed (a file
    still open on Windows) is removed here, as before; what a killed program leaves is swept
    (``sweep_stale``)."""
    aside: list[Path] = []
    while folders:
        folder = folders.pop()
        moved = folder.with_name(REMOVING + folder.name)
        try:
            folder.rename(moved)
        except OSError:
            shutil.rmtree(folder, ignore_errors=True)
            continue
        aside.append(moved)
    if aside:
        _removing[:] = [t for t in _removing if t.is_alive()]
        thread = threading.Thread(target=_remove_all, args=(aside,), name="dvdesk-index-removal")
        _removing.append(thread)
        thread.start()


def wait_removed() -> None:
    """Wait until what ``close`` set aside is removed (tests; the program's exit waits anyway)."""
    for thread in list(_removing):
        thread.join()


def sweep_stale() -> None:
    """Remove what a killed export or import left in the temporary folder (the national index file
    is ~2.7 GB, and Windows never empties the folder): our folders a day old, never a link, nor
    another user's."""
    uid = getattr(os, "getuid", lambda: None)()
    cutoff = time.time() - STALE_AFTER
    try:
        temp = Path(tempfile.gettempdir())
        folders = [*temp.glob(PREFIX + "*"), *temp.glob(REMOVING + "*")]
    except OSError:
        return
    for folder in folders:
        try:
            info = folder.lstat()
        except OSError:
            continue
        old = info.st_mtime < cutoff or folder.name.startswith(REMOVING)  # set aside: never to be used
        if stat.S_ISDIR(info.st_mode) and old and uid in (None, info.st_uid):
            shutil.rmtree(folder, ignore_errors=True)


def usable(version: str) -> bool:
    return version == INDEX_VERSION
