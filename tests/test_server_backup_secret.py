"""``server-backup`` never puts the server's password on pg_dump's command line.

A URL with a password (``postgresql://sato:…@db/dvdesk``, README: a full URL also works) went to
pg_dump as its argument, readable by every user of the PC for as long as the dump ran (``ps``,
the process list). The password now travels in pg_dump's environment (``PGPASSWORD``)."""

from __future__ import annotations

import subprocess

import pytest

import pg_support
from dvdesk.cli import main, server_commands
from dvdesk.storage.db import close_servers

pytestmark = [
    pytest.mark.slow,  # a pg_dump of the server: the thorough tier
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),  # as test_server_roles
]
SECRET = "s3cret-Pw"


@pytest.fixture
def server(pg_cluster):
    name = pg_cluster.new_database(pg_support.template_database(pg_cluster, "tpl_mini", pg_support._setup_mini))
    yield pg_cluster.url(name)
    close_servers()
    pg_cluster.drop_database(name)


def test_the_password_goes_to_pg_dump_in_its_environment_not_its_command_line(server, tmp_path, monkeypatch, capsys):
    with_password = server.replace("postgresql://postgres@", f"postgresql://postgres:{SECRET}@", 1)
    assert SECRET in with_password
    seen: list[tuple[list[str], dict | None]] = []
    real_run = subprocess.run

    def run(args, **kwargs):
        seen.append((list(args), kwargs.get("env")))
        return real_run(args, **kwargs)

    monkeypatch.setattr(server_commands.subprocess, "run", run)
    target = tmp_path / "dvdesk.dump"
    assert main(["--db", with_password, "server-backup", str(target)]) == 0  # the test server trusts the socket
    out = capsys.readouterr().out
    assert "バックアップしました" in out and SECRET not in out and target.stat().st_size > 0
    dump_args, dump_env = next((a, e) for a, e in seen if "pg_dump" in a[0])
    assert not any(SECRET in a for a in dump_args), dump_args
    assert dump_env is not None and dump_env.get("PGPASSWORD") == SECRET
