"""Shared fixtures. Every test runs with DVDESK_HOME in a temporary folder, so no test can
touch a real user's data, settings or logs."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import settings

from shared_build import built_once

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# CI must pass or fail on the code, not on luck: there every property test runs the same
# derandomized examples. A developer's run ("dev", the default) still explores new ones.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))

pytest_plugins = [
    "checklist_support",
    "gui_support",
    "pg_support",
    "modal_watchdog",
]  # checklist_db, desk_db, pg_cluster fixtures


def _is_pg_twin(item: pytest.Item) -> bool:
    """The PostgreSQL half of a test parametrized over both engines (``engine_name`` or a fixture of
    its own with the params "sqlite" and "postgresql")."""
    callspec = getattr(item, "callspec", None)
    return callspec is not None and "postgresql" in callspec.params.values()


@pytest.hookimpl(tryfirst=True)  # before `-m "not slow"` deselects by markers
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The tiers. The [postgresql] twin of an engine-parametrized test runs in the thorough tier
    (``slow``) unless the test is marked ``pg_quick("why")``: the twins kept quick are those that run
    a PostgreSQL-specific path (search backend, import, referral queue, edit conflicts, shared-mode
    copy) that no other quick test runs; the PostgreSQL-only files (test_server_roles, test_shared_pg,
    test_search_engines, …) are not twins and always run in the quick tier."""
    for item in items:
        quick = item.get_closest_marker("pg_quick")
        if quick is not None and not (quick.args and str(quick.args[0]).strip()):
            raise pytest.UsageError(f'{item.nodeid}: pg_quick needs its reason, pg_quick("why")')
        if quick is None and _is_pg_twin(item):
            item.add_marker(pytest.mark.slow)


DATA = Path(__file__).parent / "data"
MINI = DATA / "mini"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("DVDESK_HOME", str(home))
    monkeypatch.delenv("DVDESK_DB", raising=False)
    return home


@pytest.fixture(autouse=True)
def _no_bare_qt_application():
    """A test that makes a QGuiApplication/QCoreApplication (the CLI's PDF export in-process, without the
    ``qapp`` fixture) fails here, by name, instead of every later pytest-qt test in the same worker
    failing to set up with "Existing QApplication … is not an instance of qapp_cls"."""
    yield
    qtcore = sys.modules.get("PySide6.QtCore")
    app = qtcore.QCoreApplication.instance() if qtcore else None
    if app is not None and not app.inherits("QApplication"):
        pytest.fail(f"this test made a bare {app.metaObject().className()}: request the qapp fixture first")


def _build_mini(path: Path) -> None:
    from dvdesk.storage import vocabulary
    from dvdesk.storage.bundled import load_into
    from dvdesk.storage.db import open_database

    db = open_database(path, fill=False)
    load_into(db, MINI)
    # The mini directory keeps its own three synonym groups (its search tests expect exactly those):
    # noted as having taken this release's vocabulary, so an open does not merge the shipped one in.
    with db.write() as session:
        vocabulary.remember(session, vocabulary.shipped()[0])
    db.close()


@pytest.fixture(scope="session")
def _mini_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrated and loaded once per run (shared by the xdist workers); each test gets a copy."""
    return built_once(tmp_path_factory, "mini.sqlite3", _build_mini)


def _build_empty(path: Path) -> None:
    from dvdesk.storage.db import open_database

    open_database(path, fill=False).close()


@pytest.fixture(scope="session")
def _empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with every migration run and nothing loaded, made once per run."""
    return built_once(tmp_path_factory, "empty.sqlite3", _build_empty)


@pytest.fixture
def mini_db(_mini_template: Path, tmp_path: Path):
    """A private database holding the small fictional test directory (tests/data/mini)."""
    from dvdesk.storage.db import open_database

    path = tmp_path / "mini.sqlite3"
    shutil.copy(_mini_template, path)  # the template is closed: a plain copy is consistent
    db = open_database(path, fill=False)
    yield db
    db.close()


def _build_cli_mini(path: Path) -> None:
    from dvdesk.cli import main
    from dvdesk.storage.db import open_database

    with pytest.MonkeyPatch.context() as mp:  # a session fixture: no test's DVDESK_HOME yet
        mp.setenv("DVDESK_HOME", str(path.parent / "home"))
        mp.setenv("DVDESK_DB", str(path))  # restored (unset) after: --db would leave it set
        assert main(["--db", str(path), "load", "--dir", str(MINI)]) == 0
        # The first command after a load brings in this release's search vocabulary (open_database's
        # fill): done once here, not again in every test's copy (~0.1 s of CPU each).
        open_database(path).close()


@pytest.fixture(scope="session")
def _cli_mini_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_once(tmp_path_factory, "cli_mini.sqlite3", _build_cli_mini)


@pytest.fixture
def cli_mini(_cli_mini_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The file ``dvdesk load --dir tests/data/mini`` makes, as any first command leaves it (this release's
    search vocabulary merged in), named by DVDESK_DB: where the command-line tests start. The command
    is run once per run and copied (it migrated and loaded a file per test);
    test_cli and test_admin_cli still run ``load`` itself. The scan verdict the command leaves beside
    the file (``.findings``) is not copied: it names the original's inode, so the copy is scanned anew."""
    path = tmp_path / "cli.sqlite3"
    shutil.copy(_cli_mini_template, path)
    monkeypatch.setenv("DVDESK_DB", str(path))
    return path


def _build_bundled(path: Path) -> None:
    from dvdesk.storage.db import open_database

    open_database(path).close()  # fills from resources/directory on first open


@pytest.fixture(scope="session")
def _bundled_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_once(tmp_path_factory, "bundled.sqlite3", _build_bundled)


@pytest.fixture
def bundled_db(_bundled_template: Path, tmp_path: Path):
    """A private copy of a database filled from the shipped directory."""
    from dvdesk.storage.db import open_database

    path = tmp_path / "bundled.sqlite3"
    shutil.copy(_bundled_template, path)  # the template is closed: a plain copy is consistent
    db = open_database(path)
    yield db
    db.close()


def read_only_sqlite(template: Path, folder: Path):  # type: ignore[no-untyped-def]
    """One copy of ``template`` opened once and shared by the tests of a worker that only read it.

    Every connection has ``PRAGMA query_only``: a test that writes to it fails (StorageError
    "readonly database") instead of leaking its change into the next test."""
    from sqlalchemy import event

    from dvdesk.storage.db import open_database

    path = folder / template.name
    shutil.copy(template, path)
    db = open_database(path, fill=False)  # the template was filled and checked: nothing left to write
    db.engine.dispose()  # the connections made by the open go; every new one is read-only

    @event.listens_for(db.engine, "connect")
    def _query_only(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_conn.execute("PRAGMA query_only = ON")

    return db


def _digest(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextlib.contextmanager
def _shared_read_only(template: Path, folder: Path):  # type: ignore[no-untyped-def]
    db = read_only_sqlite(template, folder)
    before = _digest(db.path)
    yield db
    db.close()
    # Second guard, for a write that went around the engine (sqlite3 on db.path): the file is as it was.
    assert _digest(db.path) == before, f"a test wrote to the shared read-only database {db.path}"


@pytest.fixture(scope="session")
def mini_db_ro(_mini_template: Path, tmp_path_factory: pytest.TempPathFactory):
    """``mini_db`` for tests that only read: one per worker, writes refused (see ``read_only_sqlite``)."""
    with _shared_read_only(_mini_template, tmp_path_factory.mktemp("mini_ro")) as db:
        yield db


@pytest.fixture(scope="session")
def bundled_db_ro(_bundled_template: Path, tmp_path_factory: pytest.TempPathFactory):
    """``bundled_db`` for tests that only read: one per worker, writes refused."""
    with _shared_read_only(_bundled_template, tmp_path_factory.mktemp("bundled_ro")) as db:
        yield db


@pytest.fixture
def bundled_fonts_only(monkeypatch):  # type: ignore[no-untyped-def]
    """The print fonts' check (``qt_fonts.undrawable``) sees only the bundled fonts: a test's answer
    does not hang on the fonts the machine running it has (an emoji font on one, none on another)."""
    from dvdesk.printing import qt_fonts

    monkeypatch.setattr(qt_fonts, "_drawable", {}, raising=False)
    monkeypatch.setattr(qt_fonts, "_fonts", {"system": []}, raising=False)
