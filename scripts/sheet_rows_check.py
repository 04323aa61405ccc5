"""Import a sheet in dvdesk's own layout and account for every row of it, row by row.

    DVDESK_HOME=/copy/of/a/home .venv/bin/python scripts/sheet_rows_check.py EDITED.xlsx|EDITED.csv

It APPLIES the import (run it on a copy of a home). Each non-blank row of the sheet must be either
refused or skipped in the import's report (and then its record is unchanged), or accepted and found
in the directory afterwards, cell by cell as `export-sheet` writes it; a record whose row was deleted
from the sheet must be unchanged. Prints every difference (phones and dates the import writes in
dvdesk's one form show up as such) and exits 1 when a row is unaccounted for.
"""

from __future__ import annotations

import csv
import io
import sys
import tempfile
from pathlib import Path

import openpyxl

from dvdesk.admin import sheets
from dvdesk.admin.sheet_export import export_sheet
from dvdesk.paths import database_path
from dvdesk.storage.db import open_database

KEY_HEADINGS = ("キー", "組織キー")


def read_book(path: Path) -> dict[str, list[list[object]]]:
    if path.suffix.lower() == ".csv":
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        return {"サービス": [[c if c != "" else None for c in r] for r in rows]}
    book = openpyxl.load_workbook(path)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book}


def text(value: object) -> str:
    return "" if value is None else str(value).strip()


def by_key(rows: list[list[object]]) -> dict[str, list[dict[str, object]]]:
    head = [text(h) for h in rows[0]]
    column = next(head.index(h) for h in KEY_HEADINGS if h in head)
    out: dict[str, list[dict[str, object]]] = {}
    for row in rows[1:]:
        out.setdefault(text(row[column]), []).append(dict(zip(head, row, strict=False)))
    return out


def main(sheet: Path) -> int:
    db = open_database(database_path())
    with tempfile.TemporaryDirectory() as folder:
        before_path, after_path = Path(folder) / "before.xlsx", Path(folder) / "after.xlsx"
        export_sheet(db, before_path)
        report = sheets.import_sheet(db, sheet, "sheet_rows_check")
        export_sheet(db, after_path)
        before, after = read_book(before_path), read_book(after_path)
    db.close()
    single = sheet.suffix.lower() == ".csv"
    verdicts = {("サービス" if single else r.sheet, r.row): r for r in report.rows}
    unaccounted, counts = 0, {"stored": 0, "refused": 0, "blank": 0}
    for name, rows in read_book(sheet).items():
        if name not in before:
            print(f"sheet {name}: not one of dvdesk's sheets, not checked")
            continue
        head = [text(h) for h in rows[0]]
        key_column = next(head.index(h) for h in KEY_HEADINGS if h in head)
        was, now = by_key(before[name]), by_key(after[name])
        for number, row in enumerate(rows[1:], start=2):
            if not any(text(c) for c in row):
                counts["blank"] += 1
                continue
            verdict = verdicts.get((name, number))
            if verdict is None:
                print(f"UNACCOUNTED {name} row {number}: not in the report")
                unaccounted += 1
                continue
            key = text(row[key_column]) or verdict.key
            if verdict.status != sheets.ACCEPTED:
                counts["refused"] += 1
                if was.get(key) != now.get(key):
                    print(f"REFUSED BUT CHANGED {name} row {number} {key}")
                    unaccounted += 1
                continue
            counts["stored"] += 1
            cells = dict(zip(head, row, strict=False))
            stored = now.get(key, [])
            if not stored:
                print(f"ACCEPTED BUT NOT STORED {name} row {number} {key} {verdict.title}")
                unaccounted += 1
            elif not any(all(text(cells[h]) == text(s.get(h)) for h in head) for s in stored):
                for h in head:
                    if text(cells[h]) != text(stored[0].get(h)):
                        print(f"stored differently {name} row {number} {key} 「{h}」: {text(cells[h])[:40]!r}"
                              f" -> {text(stored[0].get(h))[:40]!r}")  # fmt: skip
        for key in set(was) - {text(r[key_column]) for r in rows[1:]}:
            if was[key] != now.get(key):
                print(f"ROW DELETED, RECORD CHANGED {name} {key}")
                unaccounted += 1
    print(counts, "unaccounted:", unaccounted)
    return 1 if unaccounted else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
