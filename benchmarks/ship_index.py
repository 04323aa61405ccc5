"""Add the exporting database's search index to a format-1 package (what ``export_package`` writes
for a whole directory since format 2), without exporting the records again: the national export
takes ~25 min of wall on the shared machine, the index member alone a few.

    python -m benchmarks.ship_index PACKAGE.dvdesk SOURCE.sqlite3 OUT.dvdesk

SOURCE must be the database PACKAGE was exported from, unchanged since (the import checks the
index against the records and builds its own if they do not match, so a wrong pairing shows as
"作り直しました" in the report, never as a wrong index). SOURCE is opened read-only. The package is
re-signed with this PC's key (set ``DVDESK_HOME`` as when it was exported).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
import zipfile
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from benchmarks.common import peak_rss_mb
from dvdesk.admin import package_index, package_key
from dvdesk.admin.package_format import CONTENT, INDEX_FORMAT_VERSION, MANIFEST, signed_fields
from dvdesk.admin.package_read import read_package
from dvdesk.storage.search_index_rows import INDEX_VERSION


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path)
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    c, t = time.process_time(), time.perf_counter()
    manifest = read_package(args.package).manifest  # verified: this PC's key, the checksum
    print(f"read: {time.process_time() - c:.1f} s CPU, {time.perf_counter() - t:.1f} s wall", flush=True)
    engine = create_engine(f"sqlite:///file:{args.source}?mode=ro&uri=true")
    key = package_key.load_safely()
    assert key is not None and key.key_id == manifest.key_id, "DVDESK_HOME: the key that signed the package"
    c, t = time.process_time(), time.perf_counter()
    with zipfile.ZipFile(args.package) as zin, zipfile.ZipFile(args.out, "w", zipfile.ZIP_DEFLATED) as zout:
        with zin.open(CONTENT) as src, zout.open(CONTENT, "w", force_zip64=True) as dst:
            while block := src.read(1 << 20):
                dst.write(block)
        with Session(engine) as session:
            digest = package_index.write_member(session, zout)
        assert digest, "the source's index is not of this version"
        unsigned = dataclasses.replace(
            manifest,
            format_version=INDEX_FORMAT_VERSION,
            index_sha256=digest,
            index_version=INDEX_VERSION,
            signature="",
        )
        fields = signed_fields(unsigned)
        head = fields | {"signature": package_key.sign(key, fields)}
        zout.writestr(MANIFEST, json.dumps(head, ensure_ascii=False, indent=1).encode("utf-8"))
    print(
        f"index added: {time.process_time() - c:.1f} s CPU, {time.perf_counter() - t:.1f} s wall; "
        f"{args.package.stat().st_size / 1e6:.1f} → {args.out.stat().st_size / 1e6:.1f} MB; "
        f"peak RSS {peak_rss_mb():.0f} MB"
    )


if __name__ == "__main__":
    main()
