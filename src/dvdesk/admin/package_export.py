"""Writing a data package: every record of the directory (retired ones included) as snapshots,
or one municipality's with the taxonomy and everything they refer to, with the synonyms and the
records' translations; the manifest counts them, carries the content's SHA-256 and is signed
with this PC's key (made on first use). The ZIP is written beside the target and renamed, so a
half-written package never has the real name.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from dvdesk import __version__
from dvdesk.admin import package_index, package_key, translation_sync
from dvdesk.admin.kinds import KINDS
from dvdesk.admin.package_format import (
    CONTENT,
    INDEX_FORMAT_VERSION,
    MANIFEST,
    Manifest,
    PackageError,
    pc_name,
    signed_fields,
)
from dvdesk.admin.records import Snapshot, every, snapshot
from dvdesk.admin.sync import Incoming
from dvdesk.domain.models import Municipality, Synonym
from dvdesk.storage.search_index_rows import INDEX_VERSION

if TYPE_CHECKING:
    from dvdesk.storage.database_protocol import DatabaseLike


def collect(session: Session, municipality_code: str | None = None) -> tuple[Incoming, dict[str, list[str]]]:
    """Every record (retired ones included), or one municipality's with what they refer to."""
    lists = {name: [snapshot(k, o) for o in session.scalars(every(k))] for name, k in KINDS.items()}
    for snaps in lists.values():
        snaps.sort(key=lambda s: s["key"])
    records: Incoming = lists
    synonyms: dict[str, list[str]] = {}
    for s in session.scalars(select(Synonym).order_by(Synonym.group_key, Synonym.id)):
        synonyms.setdefault(s.group_key, []).append(s.term)
    if municipality_code:
        records = _scoped(records, municipality_code)
    return records, synonyms


def _scoped(records: Incoming, code: str) -> Incoming:
    """The municipality's records, the taxonomy, and (transitively) everything they refer to."""
    index = {(name, s["key"]): s for name, snaps in records.items() for s in snaps}
    wanted = {("municipality", code)} | {("need", s["key"]) for s in records["need"]}
    wanted |= {(name, s["key"]) for name, snaps in records.items() for s in snaps if s.get("municipality") == code}
    todo = list(wanted)
    while todo:
        name, key = todo.pop()
        for target, ref in _references(name, index[(name, key)]):
            if target == "initiative":
                target, ref = "plan", ref.rpartition("#")[0]
            if ref and (target, ref) not in wanted and (target, ref) in index:
                wanted.add((target, ref))
                todo.append((target, ref))
    return {name: [s for s in snaps if (name, s["key"]) in wanted] for name, snaps in records.items()}


def _references(name: str, snap: Snapshot) -> Iterator[tuple[str, str]]:
    for f in KINDS[name].fields:
        if f.type == "ref":
            yield f.target, snap[f.name]
        elif f.type == "refs":
            for key in snap[f.name]:
                yield f.target, key
        elif f.type == "items":
            for item in snap[f.name]:
                for sub in f.items:
                    if sub.type == "refs":
                        for key in item[sub.name]:
                            yield sub.target, key


def export_package(
    db: DatabaseLike,
    path: Path,
    municipality_code: str | None = None,
    exported_by: str = "",
    *,
    with_index: bool = True,
) -> Manifest:
    """Write the package: the content streamed into the ZIP a record at a time (the whole
    directory's JSON was 442 MB and a 3.7 GB peak at 350,000 services), then the manifest with
    the content's SHA-256 and counts, signed. The whole directory's package carries its search
    index too (format 2; ``with_index=False``: format 1, as before)."""
    key = package_key.load_safely() or package_key.create(f"{pc_name()} の鍵")
    with db.read() as session:
        scope_name = ""
        if municipality_code:
            muni = session.scalar(select(Municipality).where(Municipality.code == municipality_code))
            if muni is None:
                raise PackageError(f"市区町村コード {municipality_code} はディレクトリにありません")
            scope_name = muni.name

        def write(zf: zipfile.ZipFile) -> Manifest:
            with zf.open(CONTENT, "w", force_zip64=True) as member:
                content = _Content(member)
                counts = _write_content(session, content, municipality_code)
            # The whole directory's search index too, from the same transaction (``package_index``).
            index_sha = "" if municipality_code or not with_index else package_index.write_member(session, zf) or ""
            unsigned = Manifest(
                format_version=INDEX_FORMAT_VERSION if index_sha else 1,
                exported_at=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                pc_name=pc_name(),
                exported_by=exported_by,
                scope=municipality_code or "",
                scope_name=scope_name,
                app_version=__version__,
                sha256=content.digest.hexdigest(),
                counts=counts,
                key_id=key.key_id,
                key_name=key.name,
                index_sha256=index_sha,
                index_version=INDEX_VERSION if index_sha else "",
            )
            fields = signed_fields(unsigned)  # a format-1 manifest has no index fields at all
            head = json.dumps(fields | {"signature": package_key.sign(key, fields)}, ensure_ascii=False, indent=1)
            manifest = dataclasses.replace(unsigned, signature=package_key.sign(key, fields))
            zf.writestr(MANIFEST, head.encode("utf-8"))
            return manifest

        return _write_zip(Path(path), write)


class _Content:
    """The content member as it is written: UTF-8, its SHA-256 taken on the way."""

    def __init__(self, out: IO[bytes]):
        self.out, self.digest = out, hashlib.sha256()

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        self.digest.update(data)
        self.out.write(data)


def _dump(value: object) -> str:
    # No indent: json's C encoder (with an indent it falls back to pure Python, 5× slower).
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _write_content(session: Session, out: _Content, municipality_code: str | None) -> dict[str, int]:
    """``{"records": {kind: [...]}, "synonyms": {...}, "translations": [...]}``, keys sorted,
    each kind's records by key, one record per line; returns the manifest's counts."""
    counts: dict[str, int] = {}
    out.write('{"records": {')
    for n, (name, snaps) in enumerate(_snapshots(session, municipality_code)):
        out.write(f"{',' if n else ''}\n{_dump(name)}: [")
        count = 0
        for snap in snaps:
            out.write(f"{',' if count else ''}\n{_dump(snap)}")
            count += 1
        out.write("\n]")
        counts[name] = count
    synonyms: dict[str, list[str]] = {}
    for s in session.scalars(select(Synonym).order_by(Synonym.group_key, Synonym.id)):
        synonyms.setdefault(s.group_key, []).append(s.term)
    out.write(f'}},\n"synonyms": {_dump(synonyms)},\n"translations": [')
    keys = _scope_keys(session, municipality_code) if municipality_code else None
    translations = translation_sync.export_rows(session, keys)
    for i, row in enumerate(translations):
        out.write(f"{',' if i else ''}\n{_dump(row)}")
    out.write("\n]}\n")
    return counts | {"synonym": len(synonyms), "translation": len(translations)}


def _snapshots(session: Session, municipality_code: str | None) -> Iterator[tuple[str, Iterator[Snapshot]]]:
    """Each kind's snapshots in key order, kinds by name: a municipality's from ``collect`` (small),
    the whole directory's straight from the database, a chunk of rows at a time."""
    if municipality_code:
        records, _ = collect(session, municipality_code)
        for name in sorted(records):
            yield name, iter(records[name])
        return
    for name in sorted(KINDS):
        kind = KINDS[name]
        key = getattr(kind.model, kind.key_attr)
        if session.get_bind().dialect.name == "postgresql":  # code point order, as Python sorts
            key = key.collate("C")
        yield name, (snapshot(kind, o) for o in session.scalars(every(kind).order_by(key)))


def _scope_keys(session: Session, municipality_code: str) -> set[str]:
    records, _ = collect(session, municipality_code)
    return {s["key"] for snaps in records.values() for s in snaps}


def _write_zip(path: Path, write: Callable[[zipfile.ZipFile], Manifest]) -> Manifest:
    """Write beside the target, then rename: a half-written package never has the real name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".dvdesk-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as raw:
            with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as zf:
                manifest = write(zf)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return manifest
