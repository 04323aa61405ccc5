"""Fixtures and helpers for the checklist and printing tests."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini"
CHECKLIST = DATA / "checklist"

# What is planted in tests/data (mini and checklist) and must never reach a client copy.
PLANTED_SECRETS = (
    "秘密の住所", "9-9-9",  # an organisation's secret address
    "秘密の場所",  # a service's secret location
    "0000-99-9999",  # a staff-only line
    "4321", "123",  # internal extensions
    "職員メモ", "内部メモ", "必要な人だけ",  # staff notes
)


@pytest.fixture
def checklist_db(tmp_path: Path):
    """mini's fictional 高岡市 with a fuller set of procedures, plus a fictional 国立市."""
    from dvdesk.storage.bundled import load_into
    from dvdesk.storage.db import open_database

    folder = tmp_path / "checklist-data"
    folder.mkdir()
    for path in MINI.glob("*.toml"):
        text = path.read_text(encoding="utf-8")
        # mini's single sample procedure is replaced by the fuller set in data/checklist.
        text = re.split(r"^\[\[procedure\]\]", text, flags=re.M)[0]
        (folder / path.name).write_text(text, encoding="utf-8")
    for path in CHECKLIST.glob("*.toml"):
        shutil.copy(path, folder / path.name)
    db = open_database(tmp_path / "checklist.sqlite3", fill=False)
    load_into(db, folder)
    yield db
    db.close()
