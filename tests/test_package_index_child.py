"""The shipped index member extracted in a child process (``admin.member_extract``): the import's
report and database as before; a child that dies, fails or is killed fails the import with a
Japanese ``PackageError``, the database unchanged and its partial file gone; ``close`` kills a
running child; a child whose parent is gone stops by itself."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import test_package_index as base
from db_support import dump
from dvdesk.admin import member_extract, package_index
from dvdesk.admin import package as pk
from test_package_index_background import index_folders, temp

fresh, shipped, whole, exporters_key = base.fresh, base.shipped, base.whole, base.exporters_key
__all__ = ["temp"]  # a fixture used here


def children(monkeypatch) -> list[list[str]]:
    """The command lines of the children started (the real ones run)."""
    seen: list[list[str]] = []
    real = member_extract.command
    monkeypatch.setattr(member_extract, "command", lambda *a: seen.append(real(*a)) or seen[-1])
    return seen


def child_running(script: str, monkeypatch) -> None:
    """Every child started runs ``script`` instead (``sys.argv[1]``: the file it is to write)."""
    monkeypatch.setattr(
        member_extract, "command", lambda package, member, out, limit: [sys.executable, "-c", script, str(out)]
    )


def test_the_member_is_extracted_by_a_child_process_with_the_same_result(whole, fresh, temp, monkeypatch):
    started = children(monkeypatch)
    a = fresh("a")
    report = pk.apply_package(a, pk.read_package(whole), "管理 花子", backup=None).plan.index
    assert "同梱の索引を検査して使いました" in report, report
    assert len(started) == 1 and started[0][1:4] == ["-m", "dvdesk", member_extract.FLAG]  # cli.main's first check
    assert index_folders(temp) == []


KILLED = "import os, signal, sys; open(sys.argv[1], 'wb').write(b'x' * 100000); os.kill(os.getpid(), signal.SIGKILL)"
FAILED = "import sys; open(sys.argv[1], 'wb').write(b'x' * 100000); raise SystemExit('disk gone')"
NO_ANSWER = "import sys; open(sys.argv[1], 'wb').write(b'x' * 100000)"  # exit 0, nothing said


@pytest.mark.parametrize(
    ("script", "said"), [(KILLED, "終了コード -9"), (FAILED, "終了コード 1: disk gone"), (NO_ANSWER, "終了コード 0")]
)
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_child_that_dies_fails_the_import_and_changes_nothing(script, said, whole, fresh, temp, monkeypatch):
    child_running(script, monkeypatch)
    a = fresh("a")
    before = dump(a)
    package = pk.read_package(whole)
    plan = pk.preview(a, package)
    with pytest.raises(pk.PackageError) as err:
        pk.apply_package(a, package, "管理 花子", backup=None, previewed=plan)
    message = str(err.value)
    assert message.startswith("取り込めませんでした（何も変更していません）: 同梱の索引を取り出せません（"), message
    assert said in message and "Traceback" not in message and "\n" not in message
    assert dump(a) == before
    assert index_folders(temp) == []


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_the_childs_partial_file_is_removed_at_once(tmp_path, monkeypatch):
    child_running(KILLED, monkeypatch)
    out = tmp_path / "member.sqlite3"
    with pytest.raises(member_extract.ExtractionFailed):
        member_extract.run_child(tmp_path / "none.dvdesk", "m", out, 10, lambda child: None)
    assert list(tmp_path.iterdir()) == []


def test_without_start_a_dying_child_is_the_same_japanese_error(whole, fresh, temp, monkeypatch):
    child_running(FAILED, monkeypatch)
    a = fresh("a")
    before = dump(a)
    with pytest.raises(pk.PackageError, match="何も変更していません.*同梱の索引を取り出せません.*disk gone"):
        pk.apply_package(a, pk.read_package(whole, extract=False), "管理 花子", backup=None)
    assert dump(a) == before
    assert index_folders(temp) == []


def test_close_kills_a_running_child_and_removes_its_file(whole, temp, monkeypatch):
    child_running("import sys, time; open(sys.argv[1], 'wb').write(b'x'); time.sleep(60)", monkeypatch)
    package = pk.read_package(whole)  # the read starts the child
    assert package.index is not None
    for _ in range(200):  # until the child runs
        if package.index._children:
            break
        time.sleep(0.02)
    child = package.index._children[0]
    began = time.monotonic()
    package.close()
    assert time.monotonic() - began < 10
    assert child.poll() is not None
    assert index_folders(temp) == []


def test_a_child_that_cannot_start_extracts_in_the_thread(whole, fresh, temp, monkeypatch):
    monkeypatch.setattr(member_extract, "command", lambda *a: [str(Path(temp) / "no-such-program")])
    a = fresh("a")
    report = pk.apply_package(a, pk.read_package(whole), "管理 花子", backup=None).plan.index
    assert "同梱の索引を検査して使いました" in report, report
    assert index_folders(temp) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="a named pipe holds the child in its read")
def test_the_child_stops_when_its_parent_is_gone(tmp_path):
    fifo = tmp_path / "package.dvdesk"
    os.mkfifo(fifo)  # never written: the child waits in its open() until stopped
    out = tmp_path / "member.sqlite3"
    command = member_extract.command(fifo, "m", out, 10)
    child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    assert child.poll() is None
    assert child.stdin is not None
    child.stdin.close()  # what the parent's death does to the pipe
    assert child.wait(timeout=20) == 4


def test_the_child_answers_unreadable_for_a_damaged_member(tmp_path):
    import zipfile

    package = tmp_path / "p.zip"
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("m", b"abc" * 100000)
    data = bytearray(package.read_bytes())
    data[60:80] = bytes(20)  # inside the deflated stream
    package.write_bytes(data)
    out = tmp_path / "m.out"
    sha256, unreadable = member_extract.run_child(package, "m", out, 10**6, lambda child: None)
    assert sha256 == "" and unreadable  # the import sets the index aside and builds it (as before)
    sha256, unreadable = member_extract.run_child(package, "m", out, 10, lambda child: None)
    assert sha256 == "" and unreadable


def test_the_child_extracts_within_its_limit(tmp_path):
    import hashlib
    import zipfile

    package = tmp_path / "p.zip"
    body = os.urandom(3 << 20)
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("m", body)
    out = tmp_path / "m.out"
    assert member_extract.run_child(package, "m", out, len(body), lambda c: None) == (
        hashlib.sha256(body).hexdigest(),
        "",
    )
    assert out.read_bytes() == body
    assert (
        member_extract.run_child(package, "m", out, len(body) - 1, lambda c: None)[1]
        == f"{len(body) - 1:,} バイトを超えています"
    )


def test_the_import_asks_for_the_ids_without_waiting_for_the_postings_check(whole, fresh, temp, monkeypatch):
    """The exporter's ids are wanted early in the apply; FTS5's check of the postings (16 s at
    national size) only at the index: waiting for the whole thread there cost the main thread
    ≈ 16 s of wall."""
    asked = threading.Event()
    while_checking: list[bool] = []
    real_check, real_preset = package_index.ShippedIndex._check_postings, package_index.ShippedIndex.preset

    def check(self):  # type: ignore[no-untyped-def]
        while_checking.append(asked.wait(timeout=15))  # the ids were asked for while this ran
        return real_check(self)

    def preset(self, kind):  # type: ignore[no-untyped-def]
        ids = real_preset(self, kind)
        asked.set()
        return ids

    monkeypatch.setattr(package_index.ShippedIndex, "_check_postings", check)
    monkeypatch.setattr(package_index.ShippedIndex, "preset", preset)
    a = fresh("a")
    report = pk.apply_package(a, pk.read_package(whole), "管理 花子", backup=None).plan.index
    assert "同梱の索引を検査して使いました" in report, report
    assert while_checking == [True]
    assert index_folders(temp) == []


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands for the built program")
def test_a_built_program_runs_itself_with_the_flag_first(tmp_path, monkeypatch):
    """Frozen (PyInstaller), the child is the executable itself: ``dvdesk --extract-member …``,
    which ``cli.main`` hands over before anything else (as the bundle's entry calls it)."""
    import hashlib
    import zipfile

    program = tmp_path / "dvdesk"
    program.write_text(
        f'#!/bin/sh\nexec "{sys.executable}" -c "import sys; from dvdesk.cli import main; sys.exit(main())" "$@"\n'
    )
    program.chmod(0o755)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(program))
    package = tmp_path / "p.zip"
    body = b"index rows " * 10000
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("m", body)
    out = tmp_path / "m.out"
    assert member_extract.command(package, "m", out, 1)[:2] == [str(program), member_extract.FLAG]
    assert member_extract.run_child(package, "m", out, len(body), lambda c: None) == (
        hashlib.sha256(body).hexdigest(),
        "",
    )
    assert out.read_bytes() == body


def test_the_child_imports_the_same_dvdesk_as_its_parent(monkeypatch):
    import dvdesk

    monkeypatch.setenv("PYTHONPATH", "/elsewhere")
    first, *rest = member_extract._environment()["PYTHONPATH"].split(os.pathsep)
    assert (Path(first) / "dvdesk" / "__init__.py").resolve() == Path(dvdesk.__file__).resolve()
    assert rest == ["/elsewhere"]


def test_no_program_to_start_extracts_in_the_thread(whole, fresh, temp, monkeypatch):
    monkeypatch.setattr(sys, "executable", None)  # an embedded interpreter may have none
    a = fresh("a")
    report = pk.apply_package(a, pk.read_package(whole), "管理 花子", backup=None).plan.index
    assert "同梱の索引を検査して使いました" in report, report
    assert index_folders(temp) == []
