"""Damaging a database file the way a test needs: one table's or index's root page overwritten."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def overwrite_root_page(path: Path, name: str) -> None:
    """Overwrite the root page of table or index ``name`` in the (closed) SQLite file ``path``."""
    con = sqlite3.connect(path)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
    con.close()
    with open(path, "r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(b"\xff" * page_size)
