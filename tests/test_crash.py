"""Crash tests: a child process is killed with SIGKILL at many points during a load, an edit and
a migration. After every kill the database opens, passes the integrity check, and holds either
all of the change or none of it."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dvdesk.storage import migrations
from dvdesk.storage.bundled import directory_dir, load_into
from dvdesk.storage.db import open_database, quick_check

pytestmark = pytest.mark.slow  # kills real processes at random points: the thorough tier (./dev.sh test-slow)

KILLS = int(os.environ.get("DVDESK_CRASH_KILLS", "12"))

CHILD = r"""
import sys, time
from sqlalchemy import text, update
from dvdesk.storage.db import open_database
from dvdesk.storage.bundled import load_into
from dvdesk.domain.models import Service
from dvdesk.storage import search_index
from pathlib import Path

path, op = sys.argv[1], sys.argv[2]
if op == "migrate":
    from dvdesk.storage import migrations
    from dvdesk.storage.db import _make_engine
    engine = _make_engine(Path(path))  # as open_database migrates: WAL, dvdesk's own BEGIN
    print("ready", flush=True)
    start = time.perf_counter()
    migrations.upgrade(engine)
    print(f"done {time.perf_counter() - start:.4f}", flush=True)
    sys.exit(0)
db = open_database(path, fill=False)
print("ready", flush=True)
start = time.perf_counter()
if op == "load":
    load_into(db, Path(sys.argv[3]))
elif op == "import":
    from dvdesk.admin import package
    package.apply_package(db, package.read_package(Path(sys.argv[3])), "crash-test")
elif op == "edit":
    with db.write() as s:
        for i, svc in enumerate(s.query(Service).all()):
            svc.description = f"edited {i}"
            svc.staff_note = "edited"
        search_index.rebuild(s)
print(f"done {time.perf_counter() - start:.4f}", flush=True)
"""


def run_child(path: Path, op: str, *extra: str, kill_after: float | None = None) -> float | None:
    """Run the operation in a child; SIGKILL it ``kill_after`` seconds after it is ready."""
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(path), op, *extra], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        if kill_after is None:
            line = proc.stdout.readline().strip()
            proc.wait(timeout=60)
            return float(line.split()[1])
        time.sleep(kill_after)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        return None
    finally:
        proc.stdout.close()


def fts_ok(path: Path) -> bool:
    con = sqlite3.connect(path)
    try:
        con.execute("INSERT INTO search_fts(search_fts) VALUES('integrity-check')")
        return True
    except sqlite3.DatabaseError:
        return False
    finally:
        con.close()


def kill_points(duration: float) -> list[float]:
    """Spread kills over the operation, a little before and after it too."""
    return [duration * (i / (KILLS - 1)) * 1.1 for i in range(KILLS)]


def copy_db(src: Path, dst: Path) -> None:
    con, out = sqlite3.connect(src), sqlite3.connect(dst)
    con.backup(out)
    con.close()
    out.close()


def kill_repeatedly(tmp_path, template, op: str, *args: str, applied) -> dict[str, int]:
    """Run ``op`` on copies of ``template``, SIGKILLed at spread-out points. After each kill the
    file must pass quick_check and the FTS integrity check, open in dvdesk, and ``applied(con)``
    must say all (True) or nothing (False) of the change is there — it raises on a half."""
    calib = tmp_path / "calib.sqlite3"
    copy_db(template, calib)
    duration = run_child(calib, op, *args)
    outcomes = {"none": 0, "all": 0}
    for n, delay in enumerate(kill_points(duration)):
        path = tmp_path / f"{op}{n}.sqlite3"
        copy_db(template, path)
        run_child(path, op, *args, kill_after=delay)
        assert quick_check(path) == "ok", f"kill at {delay:.3f}s"
        con = sqlite3.connect(path)
        try:
            outcomes["all" if applied(con) else "none"] += 1
        finally:
            con.close()
        assert fts_ok(path)
        open_database(path, fill=False).close()
    print(f"{op}: {KILLS} kills over {duration:.3f}s -> {outcomes}")
    return outcomes


def loaded_template(tmp_path) -> Path:
    template = tmp_path / "t.sqlite3"
    db = open_database(template, fill=False)
    load_into(db, directory_dir())
    db.close()
    return template


def all_or_none(con, sql: str) -> bool:
    """``sql`` yields one truth value per row; they must all agree."""
    values = {r[0] for r in con.execute(sql)}
    assert len(values) == 1, f"half-applied change: {values}"
    return values == {1}


@pytest.mark.slow
def test_kill_during_first_load_leaves_all_or_nothing(tmp_path):
    template = tmp_path / "empty.sqlite3"
    open_database(template, fill=False).close()
    full = sqlite3.connect(loaded_template(tmp_path)).execute("SELECT count(*) FROM services").fetchone()[0]

    def applied(con) -> bool:
        count = con.execute("SELECT count(*) FROM services").fetchone()[0]
        assert count in (0, full), f"a kill left {count} of {full} services"
        return count == full

    kill_repeatedly(tmp_path, template, "load", str(directory_dir()), applied=applied)


@pytest.mark.slow
def test_kill_during_an_edit_leaves_all_or_nothing(tmp_path):
    kill_repeatedly(
        tmp_path,
        loaded_template(tmp_path),
        "edit",
        applied=lambda con: all_or_none(con, "SELECT staff_note = 'edited' FROM services"),
    )


@pytest.mark.slow
def test_kill_during_a_package_import_leaves_all_or_nothing(tmp_path):
    from sqlalchemy import update

    from dvdesk.admin import package
    from dvdesk.domain.models import Service

    template = loaded_template(tmp_path)
    changed = tmp_path / "changed.sqlite3"
    copy_db(template, changed)
    other = open_database(changed, fill=False)
    with other.write() as s:
        s.execute(update(Service).values(staff_note="from the package"))
    pkg = tmp_path / "all.dvdesk"
    package.export_package(other, pkg)
    other.close()
    kill_repeatedly(
        tmp_path,
        template,
        "import",
        str(pkg),
        applied=lambda con: all_or_none(con, "SELECT staff_note = 'from the package' FROM services"),
    )


def older_revisions():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrations.config())
    return [s.revision for s in script.walk_revisions()][1:]  # all but head


@pytest.mark.slow
@pytest.mark.parametrize("start", older_revisions())
def test_kill_during_a_migration_leaves_the_old_or_the_new_schema(tmp_path, start):
    from dvdesk.storage.db import _make_engine

    template = tmp_path / "old.sqlite3"
    engine = _make_engine(template)  # WAL, like every file dvdesk has written
    migrations.upgrade(engine, start)
    engine.dispose()
    con = sqlite3.connect(template)
    con.execute(
        "INSERT INTO municipalities (id, code, name, prefecture, source, source_note, "
        "verified_by, retired) VALUES (1, '162027', '高岡市', '富山県', 'test', '', '', 0)"
    )
    con.commit()
    con.close()
    calib = tmp_path / "calib.sqlite3"
    copy_db(template, calib)
    duration = run_child(calib, "migrate")
    for n, delay in enumerate(kill_points(duration)):
        path = tmp_path / f"mig{n}.sqlite3"
        copy_db(template, path)
        run_child(path, "migrate", kill_after=delay)
        assert quick_check(path) == "ok"
        con = sqlite3.connect(path)
        revision = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        assert revision in (start, migrations.head_revision())
        assert con.execute("SELECT name FROM municipalities").fetchall() == [("高岡市",)]
        con.close()
        db = open_database(path, fill=False)  # finishes the upgrade
        assert migrations.current_revision(db.engine) == migrations.head_revision()
        db.close()
