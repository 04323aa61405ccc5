"""Imports into the shared server, as its administrator runs them: the command says what it did.

On a server no backup is taken by the PC (the server's own dump is the safety copy), and the
commands printed 「取り込みました。取り込み前のバックアップ: None」 (a package) or nothing at all after
the plan (a spreadsheet, HSDS), so the administrator could not tell whether it was applied."""

from __future__ import annotations

import pytest
from sqlalchemy import select

import pg_support
from dvdesk.admin.editing import Editor
from dvdesk.cli import main
from dvdesk.domain.models import Service
from dvdesk.storage.db import close_servers, open_database

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # as test_server_roles


@pytest.fixture
def server(pg_cluster):
    name = pg_cluster.new_database(pg_support.template_database(pg_cluster, "tpl_mini", pg_support._setup_mini))
    yield pg_cluster.url(name)
    close_servers()
    pg_cluster.drop_database(name)


@pytest.mark.parametrize(
    ("export", "imported", "extra"),
    [
        ("export", "import", ["--accept-untrusted"]),
        ("export-sheet", "import-sheet", []),
        ("export-hsds", "import-hsds", []),
    ],
)
def test_an_import_into_the_server_says_it_was_applied_and_where_its_safety_copy_is(
    server, tmp_path, capsys, export, imported, extra
):
    path = tmp_path / {"export": "d.dvdesk", "export-sheet": "d.csv", "export-hsds": "d.json"}[export]
    assert main(["--db", server, export, str(path), "--admin", "管理 花子"][: 4 if export != "export" else 6]) == 0
    capsys.readouterr()
    db = open_database(server)  # the server changed since the file was written: the import has work to do
    with db.write() as s:
        s.scalar(select(Service).where(Service.key == "test.svc.law")).cost = "有料"
    db.close()
    assert main(["--db", server, imported, str(path), "--admin", "管理 花子", *extra]) == 0
    out = capsys.readouterr().out
    assert "None" not in out
    assert "取り込みました" in out and "server-backup" in out, out


@pytest.mark.slow  # (the whole bundled directory loaded over the server's, twice)
def test_load_over_the_server_says_no_copy_was_taken_and_how_to_go_back(server, capsys):
    assert main(["--db", server, "load"]) == 0
    db = open_database(server)
    editor = Editor(db, "管理 花子")  # an administrator's edit of a bundled record, which the next load writes over
    proc = editor.load("procedure", "takaoka.proc.fujuri")
    editor.save("procedure", {**proc, "name": "不受理申出（窓口で確認）"}, base=proc)
    db.close()
    capsys.readouterr()
    assert main(["--db", server, "load"]) == 0
    captured = capsys.readouterr()
    assert "読み込みました" in captured.out and "上書きしました" in captured.out
    assert "バックアップはこの PC では取りません" in captured.out and "server-backup" in captured.out, captured.out
    # dvdesk restore refuses a server: the way back named is the server's dump
    assert "server-restore" in captured.err and "dvdesk restore" not in captured.err, captured.err
