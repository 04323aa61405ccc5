"""Fixtures and helpers for the checklist and printing tests."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from shared_build import built_once

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini"
CHECKLIST = DATA / "checklist"

# What is planted in tests/data (mini and checklist) and must never reach a client copy.
PLANTED_SECRETS = (
    "秘密の住所",
    "9-9-9",  # an organisation's secret address
    "秘密の場所",  # a service's secret location
    "0766-99-9999",  # a staff-only line
    "4321",
    "内線",  # internal extensions
    "職員メモ",
    "内部メモ",
    "必要な人だけ",  # staff notes
)


@pytest.fixture(scope="session")
def _checklist_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrated and loaded once per run (shared by the xdist workers); each test gets a copy."""
    return built_once(tmp_path_factory, "checklist.sqlite3", _build_checklist)


def _build_checklist(path: Path) -> None:
    from dvdesk.storage.bundled import load_into
    from dvdesk.storage.db import open_database

    folder = path.parent / "checklist-data"
    folder.mkdir()
    for source in MINI.glob("*.toml"):
        text = source.read_text(encoding="utf-8")
        # mini's single sample procedure is replaced by the fuller set in data/checklist.
        text = re.split(r"^\[\[procedure\]\]", text, flags=re.M)[0]
        (folder / source.name).write_text(text, encoding="utf-8")
    for source in CHECKLIST.glob("*.toml"):
        shutil.copy(source, folder / source.name)
    db = open_database(path, fill=False)
    load_into(db, folder)
    db.close()


@pytest.fixture
def checklist_db(_checklist_template: Path, tmp_path: Path):
    """mini's fictional 高岡市 with a fuller set of procedures, plus a fictional 国立市."""
    from dvdesk.storage.db import open_database

    path = tmp_path / "checklist.sqlite3"
    shutil.copy(_checklist_template, path)  # the template is closed: a plain copy is consistent
    db = open_database(path, fill=False)
    yield db
    db.close()


_PAGE_TEXTS: dict[str, tuple[str, ...]] = {}


def raw_page_texts(path: Path) -> list[str]:
    """Each page's text as pypdf extracts it. pypdf takes ~1 s of CPU a page of Japanese text, and a
    test reads its printout several times (every item, every place, the page rules): the text of the
    same bytes is extracted once per worker (keyed by the file's digest, so a rewritten file is read anew)."""
    import hashlib
    import io

    from pypdf import PdfReader

    data = Path(path).read_bytes()
    key = hashlib.sha256(data).hexdigest()
    if key not in _PAGE_TEXTS:
        if len(_PAGE_TEXTS) > 64:  # a run writes hundreds of PDFs: keep only the recent ones
            _PAGE_TEXTS.clear()
        _PAGE_TEXTS[key] = tuple(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return list(_PAGE_TEXTS[key])


_POPPLER_TEXTS: dict[str, tuple[str, ...]] = {}


def poppler_page_texts(path: Path) -> list[str]:
    """Each page's text as poppler's ``pdftotext -raw`` extracts it (content-stream order like pypdf,
    no joining of words hyphenated at a line end; ~10x less CPU than pypdf), for finding what IS
    printed (items, places, page rules). pdftotext leaves out characters outside the page and merges
    a run drawn twice (Qt's synthetic bold): the checks of what must NOT be printed keep pypdf's
    ``raw_page_texts``, which reads every text operator."""
    import hashlib
    import subprocess

    data = Path(path).read_bytes()
    key = hashlib.sha256(data).hexdigest()
    if key not in _POPPLER_TEXTS:
        if len(_POPPLER_TEXTS) > 64:
            _POPPLER_TEXTS.clear()
        out = subprocess.run(
            ["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
        ).stdout.decode("utf-8")
        pages = out.split("\f")
        _POPPLER_TEXTS[key] = tuple(pages[:-1] if pages and pages[-1] == "" else pages)
    return list(_POPPLER_TEXTS[key])


def pdf_text(path: Path) -> str:
    """All text of a PDF, runs of whitespace made one space."""
    return " ".join(" ".join(raw_page_texts(path)).split())


def compact(text: str) -> str:
    """Without any whitespace: extraction puts spaces into Japanese text unpredictably."""
    return re.sub(r"\s+", "", text)


def pdf_pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


def assert_client_safe(text: str, *, discreet: bool) -> None:
    from dvdesk.domain import discreet as words

    for secret in PLANTED_SECRETS:
        assert compact(secret) not in compact(text), f"staff-only or secret text on a client copy: {secret}"
    if discreet:
        for form in (text, compact(text)):  # spaced for Latin words, compact for Japanese
            assert words.violations(form) == [], words.violations(form)
        assert "dvdesk" not in compact(text).lower()
