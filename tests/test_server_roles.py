"""Shared mode (issue #16): the administrator's commands, and roles enforced by the server itself."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess

import pytest
from sqlalchemy import func, select, text, update

from dvdesk.cli import main
from dvdesk.domain import referrals
from dvdesk.domain.casework_models import Referral
from dvdesk.domain.models import Service
from dvdesk.storage.db import close_servers, open_database
from dvdesk.storage.errors import PermissionRefused

# A psycopg connection of the CLI runs is collected after its database was dropped (not found in
# time for the deadline; the commands close what they open, see cli._closing_servers).
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


@pytest.fixture
def fresh_server(pg_cluster, pg_url, capsys):
    """An empty database set up by the administrator's command, as a city would."""
    assert main(["--db", pg_url, "server-setup"]) == 0
    out = capsys.readouterr().out
    assert "共有サーバーを準備しました" in out and "dvdesk_counselor" in out
    return pg_url


@pytest.fixture
def server(pg_cluster):
    """A copy of a database set up once per run as the administrator's command sets one up
    (``server_setup.prepare`` with the bundled directory; ``fresh_server`` runs the command itself
    for the tests of the command). It is the template of ``any_bundled_db`` too: the whole shipped
    directory is loaded once per worker, not twice."""
    import pg_support

    template = pg_support.template_database(pg_cluster, "tpl_bundled", pg_support._setup_bundled)
    name = pg_cluster.new_database(template)
    # CONNECT is granted per database, and a copy does not carry the template's grants on itself.
    pg_cluster.sql(f'GRANT CONNECT ON DATABASE "{name}" TO dvdesk_counselor, dvdesk_admin')
    yield pg_cluster.url(name)
    close_servers()
    pg_cluster.drop_database(name)


def login(pg_cluster, url, user, group):
    pg_cluster.sql(
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{user}') THEN "
        f"CREATE ROLE {user} LOGIN IN ROLE {group}; END IF; END $$"
    )
    return url.replace("postgresql://postgres@", f"postgresql://{user}@")


def test_setup_loads_the_bundled_directory_with_its_search(fresh_server, capsys):
    server = fresh_server
    assert main(["--db", server, "search", "住宅", "-m", "高岡市"]) == 0
    assert "住宅" in capsys.readouterr().out
    db = open_database(server)
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Service)) > 50
    db.close()


def test_setup_after_an_update_brings_the_shipped_vocabulary_to_the_server(server, capsys):
    """A server an older dvdesk set up: old group key, no digest. Running server-setup again renames
    the group (keeping the administrator's term) and re-indexes; a counselor's open changes nothing."""
    from dvdesk.storage import vocabulary

    db = open_database(server)
    with db.write() as session:
        session.execute(text("UPDATE synonyms SET group_key = 'shelter' WHERE group_key = 'safety.shelter'"))
        session.execute(text("INSERT INTO synonyms(group_key, term) VALUES ('shelter', 'かけこみ寺')"))
        session.execute(
            text("DELETE FROM meta WHERE key IN (:d, :f, :s)"),
            {"d": vocabulary.DIGEST_KEY, "f": vocabulary.FILE_KEY, "s": vocabulary.SHIPPED_KEY},
        )
        assert not vocabulary.is_current(session)
    db.close()
    assert main(["--db", server, "server-setup"]) == 0
    capsys.readouterr()
    db = open_database(server)
    with db.read() as session:
        assert vocabulary.is_current(session)
        terms = session.execute(text("SELECT term FROM synonyms WHERE group_key = 'safety.shelter'")).scalars().all()
        assert "かけこみ寺" in terms and "シェルター" in terms
        assert session.execute(text("SELECT 1 FROM synonyms WHERE group_key = 'shelter'")).first() is None
    db.close()


def test_a_counselor_reads_and_records_referrals_but_the_server_refuses_directory_edits(
    mini_server, pg_cluster, capsys, tmp_path
):
    server = mini_server  # the roles, not the size of the directory, are what is tested
    counselor_url = login(pg_cluster, server, "counselor1", "dvdesk_counselor")
    db = open_database(counselor_url)
    with db.read() as session:
        service_id, name = session.execute(select(Service.id, Service.name).order_by(Service.id)).first()
    with db.write() as session:  # a referral: allowed
        referrals.record_referral(
            session,
            case_ref="R3-0001",
            counselor="相談員A",
            service_ids=[service_id],
            referred_on=dt.date(2026, 12, 1),
            today=dt.date(2026, 12, 1),
        )
    with pytest.raises(PermissionRefused) as refused:  # the directory: refused by PostgreSQL, not by dvdesk
        with db.write() as session:
            session.execute(update(Service).where(Service.id == service_id).values(name="書き換え"))
    assert "権限" in refused.value.message and "\n" not in refused.value.message
    assert "permission denied" in refused.value.detail
    with pytest.raises(PermissionRefused):
        with db.write() as session:
            session.execute(text("DELETE FROM change_history"))
    with db.read() as session:
        assert session.scalar(select(Service.name).where(Service.id == service_id)) == name
        assert session.scalar(select(func.count()).select_from(Referral)) == 1
    db.close()
    # On the command line: one Japanese line, exit 1, no traceback.
    sheet = tmp_path / "directory.csv"
    assert main(["--db", server, "export-sheet", str(sheet)]) == 0
    capsys.readouterr()
    with sheet.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    column = rows[0].index(next(c for c in rows[0] if "schedule" in c or "受付時間" in c or "時間" in c))
    rows[1][column] = "月〜金 9:00〜17:00" if rows[1][column] != "月〜金 9:00〜17:00" else "24時間"
    with sheet.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    code = main(["--db", counselor_url, "import-sheet", str(sheet), "--admin", "相談員A"])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "権限" in err and "Traceback" not in err, err


def test_a_directory_edit_through_the_admin_role_keeps_who_made_it(mini_server, pg_cluster):
    server = mini_server
    from dvdesk.admin.editing import Editor

    db = open_database(login(pg_cluster, server, "admin1", "dvdesk_admin"))
    editor = Editor(db, "管理 花子")
    with db.read() as session:
        key = session.scalar(select(Service.key).order_by(Service.id))
    snap = editor.load("service", key)
    snap.update(schedule="月〜金 9:00〜17:00")
    editor.save("service", snap)
    with db.read() as session:
        rows = session.execute(
            text("SELECT admin, db_user FROM change_history WHERE record_key = :k"), {"k": key}
        ).all()
    assert rows and set(rows) == {("管理 花子", "admin1")}  # the server names the login role
    with pytest.raises(PermissionRefused):  # an administrator does not migrate: that is the owner's
        with db.write() as session:
            session.execute(text("UPDATE alembic_version SET version_num = 'x'"))
    db.close()


def test_server_backup_is_a_pg_dump_that_restores_every_row(mini_server, pg_cluster, tmp_path, capsys):
    server = mini_server  # every table's rows counted before and after; the mini directory fills them all
    db = open_database(server)
    with db.write() as session:
        service_id = session.scalar(select(Service.id).order_by(Service.id))
        referrals.record_referral(
            session,
            case_ref="R3-0002",
            counselor="相談員B",
            service_ids=[service_id],
            referred_on=dt.date(2026, 12, 1),
            today=dt.date(2026, 12, 1),
        )
    counts = _counts(db)
    db.close()
    target = tmp_path / "dvdesk.dump"
    assert main(["--db", server, "server-backup", str(target)]) == 0
    assert "バックアップしました" in capsys.readouterr().out and target.stat().st_size > 0
    restored = pg_cluster.new_database()
    from dvdesk.cli.server_commands import pg_tool

    subprocess.run([pg_tool("pg_restore"), "--no-owner", "-d", pg_cluster.url(restored), str(target)], check=True)
    copy = open_database(pg_cluster.url(restored))
    assert _counts(copy) == counts and counts["referrals"] == 1
    copy.close()
    pg_cluster.drop_database(restored)


def test_server_backup_refuses_a_sqlite_path(capsys, tmp_path):
    assert main(["--db", str(tmp_path / "x.sqlite3"), "server-backup", str(tmp_path / "b.dump")]) == 1
    assert "共有サーバーの URL" in capsys.readouterr().err


def _counts(db):
    tables = (
        "services",
        "organizations",
        "procedures",
        "referrals",
        "referral_events",
        "change_history",
        "search_pg_services",
        "search_pg_names",
    )
    with db.read() as session:
        return {t: session.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in tables}


@pytest.fixture
def mini_server(pg_cluster):
    """A copy of the mini directory set up on the server once per run (pg_support's template), as
    ``server_setup.prepare`` sets one up; ``server`` holds the whole shipped directory."""
    import pg_support

    name = pg_cluster.new_database(pg_support.template_database(pg_cluster, "tpl_mini", pg_support._setup_mini))
    pg_cluster.sql(f'GRANT CONNECT ON DATABASE "{name}" TO dvdesk_counselor, dvdesk_admin')  # as in ``server``
    yield pg_cluster.url(name)
    close_servers()
    pg_cluster.drop_database(name)


def test_hsds_and_sheets_travel_between_a_pc_and_the_server_mini(mini_server, _mini_template, tmp_path, capsys):
    """The quick tier's round trip: the same commands as below, on the small directory (a PC holding the
    same mini directory as the server); the whole shipped directory travels in the thorough tier."""
    import shutil

    _round_trip(mini_server, str(shutil.copy(_mini_template, tmp_path / "desk.sqlite3")), tmp_path, capsys)
    # What travelled is the directory, not an empty document: the mini directory's services are in both.
    assert "市営住宅の入居配慮" in (tmp_path / "directory.json").read_text("utf-8")
    assert "市営住宅の入居配慮" in (tmp_path / "server.csv").read_bytes().decode("utf-8-sig")


@pytest.mark.slow  # the whole shipped directory, four imports (~20 s of CPU): the thorough tier; quick: _mini above
def test_hsds_and_sheets_travel_between_a_pc_and_the_server(server, tmp_path, capsys):
    _round_trip(server, str(tmp_path / "desk.sqlite3"), tmp_path, capsys)  # a new PC: filled from the bundle


def _round_trip(server, local, tmp_path, capsys):
    hsds = tmp_path / "directory.json"
    assert main(["--db", server, "export-hsds", str(hsds)]) == 0
    assert main(["--db", local, "import-hsds", str(hsds), "--dry-run", "--admin", "管理 花子"]) == 0
    from_local = tmp_path / "local.json"
    assert main(["--db", local, "export-hsds", str(from_local)]) == 0
    # The same bundled directory, the same document (but for the time it was written).
    assert _without_time(hsds) == _without_time(from_local)
    assert main(["--db", server, "import-hsds", str(from_local), "--admin", "管理 花子"]) == 0
    sheet = tmp_path / "directory.csv"
    assert main(["--db", local, "export-sheet", str(sheet)]) == 0
    assert main(["--db", server, "import-sheet", str(sheet), "--admin", "管理 花子"]) == 0
    server_sheet = tmp_path / "server.csv"
    assert main(["--db", server, "export-sheet", str(server_sheet)]) == 0
    assert server_sheet.read_bytes() == sheet.read_bytes()
    capsys.readouterr()


def _without_time(path):
    import json
    import re

    return re.sub(r'"[^"]*(?:_at|date|time)[^"]*": "[^"]*"', "", json.dumps(json.loads(path.read_text("utf-8"))))


@pytest.mark.slow  # (a trigger of the roles' grants: the thorough tier)
def test_a_counselor_may_not_set_the_administrators_passphrase_or_the_case_pattern(mini_server, pg_cluster, capsys):
    """Every write bumps ``meta``'s change counter, so a counselor's role may write ``meta``: it set (or
    replaced) the one passphrase every administrator of the city enters the administration with."""
    from dvdesk.admin import passphrase

    counselor_url = login(pg_cluster, mini_server, "counselor2", "dvdesk_counselor")
    admin_url = login(pg_cluster, mini_server, "admin2", "dvdesk_admin")
    db = open_database(counselor_url)
    with pytest.raises(PermissionRefused) as refused:
        passphrase.set_passphrase(db, "a counselor's own words", "a counselor's own words")
    assert "権限" in refused.value.message
    assert not passphrase.is_set(db)
    with db.write() as session:  # her own writes still bump the counter
        service_id = session.scalar(select(Service.id).order_by(Service.id))
        referrals.record_referral(
            session,
            case_ref="R3-0001",
            counselor="相談員A",
            service_ids=[service_id],
            referred_on=dt.date(2026, 12, 1),
            today=dt.date(2026, 12, 1),
        )
    db.close()
    assert main(["--db", counselor_url, "referrals", "reminder-days", "21"]) == 0  # the log's reminder: hers
    assert main(["--db", counselor_url, "referrals", "case-pattern", "{n}"]) == 1
    assert "権限" in capsys.readouterr().err
    admin = open_database(admin_url)
    passphrase.set_passphrase(admin, "the administrators' words", "the administrators' words")
    assert passphrase.verify(admin, "the administrators' words")
    admin.close()
