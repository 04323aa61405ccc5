"""A throw-away PostgreSQL cluster for the engine-dependent tests (shared mode, issue #16).

``pg_cluster`` (session) runs Debian's ``initdb`` into a temporary folder and starts ``postgres``
listening only on a Unix socket in that folder; it is stopped and the folder removed at the end.
Under xdist the workers share one cluster per run (the first to need it starts it under a file
lock; the controller stops it), and each template is filled once per run, not once per worker.
initdb and postgres refuse to run as root: as root they run as the ``postgres`` system user
(created by Debian's package) through ``runuser``, in a folder that user owns.

Each test gets its own database, copied from a template database that was set up once per run
(``CREATE DATABASE … TEMPLATE``), like the SQLite fixtures copy a template file.

Without PostgreSQL (no Debian package) the PostgreSQL half of a test is skipped on a developer's
PC, but with ``CI`` set it fails: nothing is skipped in CI.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from shared_build import locked

PG_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
SUPERUSER = "postgres"
ENGINES = ("sqlite", "postgresql")
_counter = itertools.count(1)


def pg_bin(name: str) -> str:
    for folder in PG_BIN_DIRS:
        if (folder / name).exists():
            return str(folder / name)
    found = shutil.which(name)
    if found:
        return found
    raise FileNotFoundError(f"{name} (Debian package postgresql)")


@dataclass
class Cluster:
    socket_dir: Path

    def url(self, dbname: str, user: str = SUPERUSER) -> str:
        return f"postgresql://{user}@/{dbname}?host={self.socket_dir}"

    def sql(self, statement: str, dbname: str = "postgres") -> None:
        """One statement in autocommit (CREATE DATABASE cannot run in a transaction)."""
        import psycopg

        with psycopg.connect(host=str(self.socket_dir), dbname=dbname, user=SUPERUSER, autocommit=True) as conn:
            if "CREATE ROLE" in statement.upper():
                # Roles belong to the cluster, which the xdist workers share: an "IF NOT EXISTS … CREATE
                # ROLE" of two workers at once would race. Bounded, like every wait in the tests.
                conn.execute("SET lock_timeout = '60s'")
                conn.execute("SELECT pg_advisory_lock(1515)")  # released when the connection closes
            conn.execute(statement)

    def new_database(self, template: str | None = None) -> str:
        name = f"t{os.getpid()}_{next(_counter)}"  # the pid: unique among the workers sharing the cluster
        # FILE_COPY copies the template's files (with fsync off, its checkpoint is cheap) instead of
        # writing every page to the WAL (PostgreSQL 15's default, WAL_LOG).
        copy = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
        self.sql(f'CREATE DATABASE "{name}"{copy}')
        return name

    def drop_database(self, name: str) -> None:
        self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _as_postgres_user() -> list[str]:
    return ["runuser", "-u", SUPERUSER, "--"] if os.geteuid() == 0 else []


def _new_root() -> Path:
    root = Path(tempfile.mkdtemp(prefix="dvpg-"))  # short: a socket path has ~100 bytes at most
    if os.geteuid() == 0:
        shutil.chown(root, user=SUPERUSER)
    return root


def _start(root: Path | None = None) -> tuple[Cluster, Path]:
    root = root or _new_root()
    data = root / "data"
    runas = _as_postgres_user()
    subprocess.run(
        [
            *runas,
            pg_bin("initdb"),
            "-D",
            str(data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "-N",
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,  # every wait in the tests is bounded (a stalled CI run showed nothing for an hour)
    )
    log = root / "postgres.log"
    subprocess.run(
        [
            *runas,
            pg_bin("pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(log),
            "-w",
            "-t",
            "60",
            "-o",
            f"-c listen_addresses='' -k {root} -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=300",
            "start",
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return Cluster(root), data


def _stop(cluster: Cluster, data: Path) -> None:
    subprocess.run(
        [*_as_postgres_user(), pg_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    shutil.rmtree(cluster.socket_dir, ignore_errors=True)


# One cluster for the whole run. Under xdist the controller makes an empty folder for it and
# names it to every worker (``pytest_configure_node``); the first worker that needs PostgreSQL
# starts the cluster there, under a file lock, and the controller stops it once every worker has
# finished (``pytest_unconfigure``). Each worker used to start its own cluster and fill its own
# templates: initdb, start and the template fills were paid once per worker.
SHARED_ROOT = "dvdesk_pg_root"


def _running(data: Path) -> bool:
    return (data / "postmaster.pid").exists()


@pytest.hookimpl(optionalhook=True)  # an xdist hook: without xdist each process has its own cluster
def pytest_configure_node(node) -> None:  # type: ignore[no-untyped-def]
    """xdist controller: one folder for the run's cluster, named to every worker."""
    config = node.config
    if not hasattr(config, "_dvdesk_pg_root") and hasattr(os, "geteuid"):
        config._dvdesk_pg_root = _new_root()
    root = getattr(config, "_dvdesk_pg_root", None)
    if root is not None:
        node.workerinput[SHARED_ROOT] = str(root)


def pytest_unconfigure(config: pytest.Config) -> None:
    """xdist controller: stop the run's cluster (if a worker started one) and remove its folder."""
    root = getattr(config, "_dvdesk_pg_root", None)
    if root is None:
        return
    if _running(root / "data"):
        _stop(Cluster(root), root / "data")
    shutil.rmtree(root, ignore_errors=True)


def _shared_root(config: pytest.Config) -> Path | None:
    workerinput = getattr(config, "workerinput", None)
    return Path(workerinput[SHARED_ROOT]) if workerinput and SHARED_ROOT in workerinput else None


def _start_shared(root: Path) -> Cluster:
    """The run's cluster, started by whichever worker comes first; ready once ``tpl_mini`` is filled
    (its ``server_setup.prepare`` creates the two group roles: no worker races another to create them)."""
    with locked(root / "start.lock"):
        if not _running(root / "data"):
            _start(root)
            _wait_for_socket(Cluster(root))
        cluster = Cluster(root)
        template_database(cluster, "tpl_mini", _setup_mini)
    return cluster


def _wait_for_socket(cluster: Cluster) -> None:
    deadline = time.monotonic() + 30
    while not (cluster.socket_dir / ".s.PGSQL.5432").exists() and time.monotonic() < deadline:
        time.sleep(0.1)


@pytest.fixture(scope="session")
def pg_cluster(pytestconfig: pytest.Config):
    shared = _shared_root(pytestconfig)
    try:
        if shared is not None:
            yield _start_shared(shared)  # the xdist controller stops it (pytest_unconfigure)
            return
        cluster, data = _start()
    except (FileNotFoundError, subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL could not start (CI runs every test on both engines): {detail}")
        pytest.skip(f"no PostgreSQL on this machine: {detail}")
    _wait_for_socket(cluster)
    yield cluster
    _stop(cluster, data)


_TEMPLATES: dict[str, str] = {}


def template_database(cluster: Cluster, name: str, fill) -> str:  # type: ignore[no-untyped-def]
    """A database set up once per run by ``fill(url)``; tests copy it. With the cluster shared by the
    workers, the first to need it fills it under a lock and leaves a mark the others find."""
    if name in _TEMPLATES:
        return _TEMPLATES[name]
    ready = cluster.socket_dir / f"{name}.ready"
    with locked(cluster.socket_dir / f"{name}.lock"):
        if not ready.exists():
            cluster.sql(f'DROP DATABASE IF EXISTS "{name}"')
            cluster.sql(f'CREATE DATABASE "{name}"')
            fill(cluster.url(name))
            ready.touch()  # only once filled and closed: a copy of it is whole
    _TEMPLATES[name] = name
    return name


@pytest.fixture
def pg_url(pg_cluster: Cluster):
    """The URL of a new, empty database on the throw-away cluster (dropped after the test)."""
    name = pg_cluster.new_database()
    yield pg_cluster.url(name)
    from dvdesk.storage.db import close_servers

    close_servers()  # what a test left open, closed before its database goes
    pg_cluster.drop_database(name)


def _setup_mini(url: str) -> None:
    from dvdesk.storage import server_setup
    from dvdesk.storage.bundled import load_into

    db = server_setup.prepare(url, fill=False)
    load_into(db, Path(__file__).parent / "data" / "mini")
    db.close()


def _setup_bundled(url: str) -> None:
    from dvdesk.storage import server_setup

    server_setup.prepare(url, fill=True).close()


def _server_copy(cluster: Cluster, template: str, fill):  # type: ignore[no-untyped-def]
    from dvdesk.storage.db import open_database

    name = cluster.new_database(template_database(cluster, template, fill))
    db = open_database(cluster.url(name))
    return db, name


def _read_only_server_copy(cluster: Cluster, template: str, fill):  # type: ignore[no-untyped-def]
    """A copy of the template whose every transaction is read-only: a test that writes to it fails
    ("cannot execute … in a read-only transaction") instead of changing what the next test reads."""
    from dvdesk.storage.db import open_database

    name = cluster.new_database(template_database(cluster, template, fill))
    cluster.sql(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
    return open_database(cluster.url(name)), name


@pytest.fixture(scope="session")
def _pg_mini_ro(pg_cluster: Cluster):
    db, name = _read_only_server_copy(pg_cluster, "tpl_mini", _setup_mini)
    yield db
    db.close()
    pg_cluster.drop_database(name)


@pytest.fixture(scope="session")
def _pg_bundled_ro(pg_cluster: Cluster):
    db, name = _read_only_server_copy(pg_cluster, "tpl_bundled", _setup_bundled)
    yield db
    db.close()
    pg_cluster.drop_database(name)


@pytest.fixture(params=ENGINES)
def engine_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def any_mini_db(engine_name: str, request: pytest.FixtureRequest):
    """``mini_db`` on each engine: the SQLite file, then the same directory on the PostgreSQL server."""
    if engine_name == "sqlite":
        yield request.getfixturevalue("mini_db")
        return
    cluster = request.getfixturevalue("pg_cluster")
    db, name = _server_copy(cluster, "tpl_mini", _setup_mini)
    yield db
    db.close()
    cluster.drop_database(name)


@pytest.fixture
def any_bundled_db(engine_name: str, request: pytest.FixtureRequest):
    """``bundled_db`` on each engine."""
    if engine_name == "sqlite":
        yield request.getfixturevalue("bundled_db")
        return
    cluster = request.getfixturevalue("pg_cluster")
    db, name = _server_copy(cluster, "tpl_bundled", _setup_bundled)
    yield db
    db.close()
    cluster.drop_database(name)


@pytest.fixture
def any_mini_db_ro(engine_name: str, request: pytest.FixtureRequest):
    """``any_mini_db`` for tests that only read: one database per engine and worker, shared; a write
    fails (SQLite ``query_only``, the server's ``default_transaction_read_only``)."""
    return request.getfixturevalue("mini_db_ro" if engine_name == "sqlite" else "_pg_mini_ro")


@pytest.fixture
def any_bundled_db_ro(engine_name: str, request: pytest.FixtureRequest):
    """``any_bundled_db`` for tests that only read, shared like ``any_mini_db_ro``."""
    return request.getfixturevalue("bundled_db_ro" if engine_name == "sqlite" else "_pg_bundled_ro")
