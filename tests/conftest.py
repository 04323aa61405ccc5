"""Shared fixtures. Every test runs with DVDESK_HOME in a temporary folder, so no test can
touch a real user's data, settings or logs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# CI must pass or fail on the code, not on luck: there every property test runs the same
# derandomized examples. A developer's run ("dev", the default) still explores new ones.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))

pytest_plugins = ["checklist_support", "gui_support", "pg_support", "modal_watchdog"]  # checklist_db, desk_db, pg_cluster fixtures

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("DVDESK_HOME", str(home))
    monkeypatch.delenv("DVDESK_DB", raising=False)
    return home


@pytest.fixture(scope="session")
def _mini_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrated and loaded once per run; each test gets a copy (migrations + load cost ~0.3 s)."""
    from dvdesk.storage.bundled import load_into
    from dvdesk.storage.db import open_database

    path = tmp_path_factory.mktemp("mini") / "mini.sqlite3"
    db = open_database(path, fill=False)
    load_into(db, MINI)
    # The mini directory keeps its own three synonym groups (its search tests expect exactly those):
    # noted as having taken this release's vocabulary, so an open does not merge the shipped one in.
    from dvdesk.storage import vocabulary

    with db.write() as session:
        vocabulary.remember(session, vocabulary.shipped()[0])
    db.close()
    return path


@pytest.fixture(scope="session")
def _empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with every migration run and nothing loaded, made once per run (per xdist worker)."""
    from dvdesk.storage.db import open_database

    path = tmp_path_factory.mktemp("empty") / "empty.sqlite3"
    open_database(path, fill=False).close()
    return path


@pytest.fixture
def mini_db(_mini_template: Path, tmp_path: Path):
    """A private database holding the small fictional test directory (tests/data/mini)."""
    from dvdesk.storage.db import open_database

    path = tmp_path / "mini.sqlite3"
    shutil.copy(_mini_template, path)  # the template is closed: a plain copy is consistent
    db = open_database(path, fill=False)
    yield db
    db.close()


@pytest.fixture(scope="session")
def _bundled_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from dvdesk.storage.db import open_database

    path = tmp_path_factory.mktemp("bundled") / "bundled.sqlite3"
    db = open_database(path)  # fills from resources/directory on first open
    db.close()
    return path


@pytest.fixture
def bundled_db(_bundled_template: Path, tmp_path: Path):
    """A private copy of a database filled from the shipped directory."""
    from dvdesk.storage.db import open_database

    path = tmp_path / "bundled.sqlite3"
    shutil.copy(_bundled_template, path)  # the template is closed: a plain copy is consistent
    db = open_database(path)
    yield db
    db.close()
