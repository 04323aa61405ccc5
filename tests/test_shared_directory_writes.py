"""Two administrators changing the server's directory at the same time: one after the other, as on
SQLite, never one's import written over the other's in silence.

SQLite's write transaction takes the file's lock first, so an import starts after another's commit
and sees it. On the server both ran side by side: an import committed between the plan and the
writes of another was undone by it (the field set back to the value the second file carried),
both told 「取り込みました」, the second's report naming only its own change. Here the first
administrator's import runs exactly inside the second's transaction (after its plan was read), and
in a thread while another holds the directory."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import select

import pg_support
from dvdesk.admin import history, sheets, sync
from dvdesk.admin import package as pk
from dvdesk.admin.diff import FieldChange
from dvdesk.admin.editing import Editor
from dvdesk.admin.history import Edit
from dvdesk.admin.kinds import KINDS
from dvdesk.cli import main
from dvdesk.domain.models import Service
from dvdesk.storage import directory_lock
from dvdesk.storage.db import close_servers, open_database
from dvdesk.storage.errors import DirectoryBusy

pytestmark = [
    pytest.mark.slow,  # PostgreSQL's concurrency, twice a few imports: the thorough tier
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),  # as test_server_roles
]
LAW = "test.svc.law"
OLD_SCHEDULE, NEW_SCHEDULE = "毎月第4金曜日", "毎月第1月曜日"


@pytest.fixture
def server(pg_cluster):
    name = pg_cluster.new_database(pg_support.template_database(pg_cluster, "tpl_mini", pg_support._setup_mini))
    yield pg_cluster.url(name)
    close_servers()
    pg_cluster.drop_database(name)


@pytest.fixture(autouse=True)
def _short_wait(monkeypatch):
    monkeypatch.setattr(directory_lock, "WAIT_S", 0.5)  # the other administrator's import runs in this thread


def _law(db) -> tuple[str, str]:
    """The law service's (schedule, cost) on the server now."""
    with db.read() as s:
        return tuple(s.execute(select(Service.schedule, Service.cost).where(Service.key == LAW)).one())


def _set_law(db, **values) -> None:
    with db.write() as s:
        law = s.scalar(select(Service).where(Service.key == LAW))
        for name, value in values.items():
            setattr(law, name, value)


def _sheet_with(db, tmp_path: Path, name: str, **values) -> Path:
    """The directory as a sheet, the law service's fields changed as given (the rest as they are)."""
    path = tmp_path / name
    _set_law(db, **values)
    assert main(["--db", db.url, "export-sheet", str(path)]) == 0
    return path


def test_a_sheet_imported_during_another_administrators_import_is_not_undone_by_it(server, tmp_path, capsys):
    db = open_database(server)
    theirs = _sheet_with(db, tmp_path, "a.csv", schedule=NEW_SCHEDULE)
    mine = _sheet_with(db, tmp_path, "b.csv", schedule=OLD_SCHEDULE, cost="無料")
    _set_law(db, cost="")
    capsys.readouterr()
    first, second = open_database(server), open_database(server)
    mine_checked: list[bool] = []
    outcome: list[str] = []
    fired: list[bool] = []
    real_check, real_plan = sheets.check_sheet, sync.plan_changes

    def check(target, *args, **kwargs):
        checked = real_check(target, *args, **kwargs)
        mine_checked.append(target is second)
        return checked

    def plan(*args, **kwargs):
        planned = real_plan(*args, **kwargs)
        if mine_checked and mine_checked[-1] and not fired:  # inside her write, its plan read
            fired.append(True)
            try:
                report = sheets.import_sheet(first, theirs, "管理 一郎", backup=None)
                outcome.append("applied" if report.applied else "not applied")
            except DirectoryBusy as exc:
                assert "別の管理者" in exc.message and "何も変更していません" in exc.message
                outcome.append("busy")
        return planned

    sheets.check_sheet, sync.plan_changes = check, plan
    try:
        report = sheets.import_sheet(second, mine, "管理 花子", backup=None)
    finally:
        sheets.check_sheet, sync.plan_changes = real_check, real_plan
    assert report.applied and outcome, outcome
    schedule, cost = _law(db)
    assert cost == "無料"
    if outcome == ["applied"]:  # said 取り込みました: its change is there
        assert schedule == NEW_SCHEDULE, f"the other administrator's import was undone, unsaid: {schedule}"
    else:
        assert outcome == ["busy"] and schedule == OLD_SCHEDULE
        # Once hers is in, his sheet again: it carries the cost as it was, and says it sets it back.
        again = sheets.import_sheet(first, theirs, "管理 一郎", backup=None)
        assert again.applied and {(c.path, c.new) for d in again.plan.diffs for c in d.changes} == {
            ("schedule", NEW_SCHEDULE),
            ("cost", ""),
        }
    for d in (db, first, second):
        d.close()


def _packages(db, tmp_path: Path) -> tuple[Path, Path]:
    """Two packages of the same directory: theirs changes the schedule, hers the cost."""
    theirs, mine = tmp_path / "a.dvdesk", tmp_path / "b.dvdesk"
    _set_law(db, schedule=NEW_SCHEDULE)
    assert main(["--db", db.url, "export", str(theirs)]) == 0
    _set_law(db, schedule=OLD_SCHEDULE, cost="無料")
    assert main(["--db", db.url, "export", str(mine)]) == 0
    _set_law(db, cost="")
    return theirs, mine


def test_a_package_imported_during_another_administrators_import_does_not_write_over_it(server, tmp_path, capsys):
    db = open_database(server)
    theirs, mine = _packages(db, tmp_path)
    first, second = open_database(server), open_database(server)
    package = pk.read_package(mine)
    previewed = pk.preview(second, package)
    assert [(d.key, [c.path for c in d.changes]) for d in previewed.diffs] == [(LAW, ["cost"])]
    outcome: list[str] = []
    fired: list[bool] = []
    real_stamp = pk._stamp

    def stamp(session, which):
        seen = real_stamp(session, which)
        if which is package and not fired:  # inside her write, the stamp of her preview checked
            fired.append(True)
            try:
                pk.apply_package(first, pk.read_package(theirs), "管理 一郎", backup=None, accept_untrusted=True)
                outcome.append("applied")
            except DirectoryBusy as exc:
                assert "何も変更していません" in exc.message
                outcome.append("busy")
        return seen

    pk._stamp = stamp
    try:
        result = pk.apply_package(second, package, "管理 花子", backup=None, accept_untrusted=True, previewed=previewed)
    finally:
        pk._stamp = real_stamp
    schedule, cost = _law(db)
    assert [d.key for d in result.plan.diffs] == [LAW] and cost == "無料"
    if outcome == ["applied"]:
        assert schedule == NEW_SCHEDULE, "the other administrator's import was undone, her report naming the cost only"
    else:
        assert outcome == ["busy"] and schedule == OLD_SCHEDULE
    for d in (db, first, second):
        d.close()


def test_an_import_arriving_while_another_holds_the_directory_waits_then_sees_it(server, tmp_path, monkeypatch):
    monkeypatch.setattr(directory_lock, "WAIT_S", 30.0)
    db = open_database(server)
    theirs, mine = _packages(db, tmp_path)
    first, second = open_database(server), open_database(server)
    package = pk.read_package(mine)
    previewed = pk.preview(second, package)  # hers: the cost, over the directory before theirs
    errors: list[str] = []
    started = threading.Event()

    def hers() -> None:
        started.set()
        try:
            pk.apply_package(second, package, "管理 花子", backup=None, accept_untrusted=True, previewed=previewed)
            errors.append("applied")
        except pk.PackageError as exc:
            errors.append(str(exc))

    with first.write() as s:  # theirs is being written: the directory lock held
        directory_lock.take(s)
        thread = threading.Thread(target=hers, daemon=True)
        thread.start()
        started.wait(10)
        thread.join(1.0)
        assert thread.is_alive(), errors  # she waits; nothing of hers is written meanwhile
        law = s.scalar(select(Service).where(Service.key == LAW))
        law.schedule = NEW_SCHEDULE
        change = FieldChange("schedule", "日時・受付時間", OLD_SCHEDULE, NEW_SCHEDULE)
        history.record(s, Edit("管理 一郎", "import"), KINDS["service"], LAW, [change])
    thread.join(60)
    assert not thread.is_alive()
    # Her package carries the old schedule: written now it would undo theirs; she is told instead.
    assert errors and "プレビューの後に変更された記録" in errors[0] and "何も変更していません" in errors[0], errors
    assert _law(db) == (NEW_SCHEDULE, "")
    for d in (db, first, second):
        d.close()


def test_a_save_in_the_administration_window_during_an_import_is_not_undone_by_it(server, tmp_path):
    db = open_database(server)
    sheet = _sheet_with(db, tmp_path, "b.csv", cost="無料")  # the import: the cost; it carries the schedule as is
    _set_law(db, cost="")
    importing, editing = open_database(server), open_database(server)
    outcome: list[str] = []
    checked: list[bool] = []
    real_check, real_plan = sheets.check_sheet, sync.plan_changes

    def check(*args, **kwargs):
        done = real_check(*args, **kwargs)
        checked.append(True)
        return done

    def plan(*args, **kwargs):
        planned = real_plan(*args, **kwargs)
        if checked and not outcome:  # inside the import's transaction, its plan read
            outcome.append("…")
            editor = Editor(editing, "管理 一郎")
            law = editor.load("service", LAW)
            try:
                editor.save("service", {**law, "schedule": NEW_SCHEDULE}, base=law)
                outcome[:] = ["saved"]
            except DirectoryBusy as exc:
                assert "別の管理者" in exc.message
                outcome[:] = ["busy"]
        return planned

    sheets.check_sheet, sync.plan_changes = check, plan
    try:
        report = sheets.import_sheet(importing, sheet, "管理 花子", backup=None)
    finally:
        sheets.check_sheet, sync.plan_changes = real_check, real_plan
    schedule, cost = _law(db)
    if outcome == ["saved"]:  # the window said 保存しました: the save is there (or the import said it set it back)
        changed = {(c.path, c.new) for d in report.plan.diffs for c in d.changes}
        assert schedule == NEW_SCHEDULE or ("schedule", schedule) in changed, (schedule, changed)
    else:
        assert outcome == ["busy"] and schedule == OLD_SCHEDULE
    assert report.applied and cost == "無料"
    for d in (db, importing, editing):
        d.close()
