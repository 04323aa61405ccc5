"""A full disk is told by the error number, never by the path: a folder named "full" is just a folder."""

import errno
import os
import sqlite3
from pathlib import Path

import pytest

from dvdesk import files


def test_a_missing_folder_named_full_is_a_missing_folder_not_a_full_disk(tmp_path):
    target = tmp_path / "full" / "統計.csv"
    with pytest.raises(files.WriteFailed) as err:
        files.atomic_write(target, b"a,b\n")
    assert not err.value.disk_full
    assert "空き" not in err.value.message and "保存先のフォルダがありません" in err.value.message
    assert not (tmp_path / "full").exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions and a non-root user")
def test_a_read_only_folder_named_full_is_not_a_full_disk(tmp_path):
    folder = tmp_path / "full"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(files.WriteFailed) as err:
            files.atomic_write(folder / "x.csv", b"x")
    finally:
        folder.chmod(0o700)
    assert not err.value.disk_full and "空き" not in err.value.message


def test_an_error_whose_text_says_full_is_judged_by_its_number():
    assert not files.is_disk_full(PermissionError(errno.EACCES, "Permission denied", "/home/a/full/x.csv"))
    assert not files.is_disk_full(OSError("the queue is full"))
    assert not files.is_disk_full(ValueError("disk full"))


def _real_enospc() -> OSError:
    # the kernel's own ENOSPC: /dev/full refuses every write with it
    with open("/dev/full", "wb", buffering=0) as f:
        try:
            f.write(b"x")
        except OSError as exc:
            return exc
    raise AssertionError("/dev/full accepted a write")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_real_enospc_is_a_full_disk_with_the_clear_message(tmp_path):
    exc = _real_enospc()
    assert exc.errno == errno.ENOSPC and files.is_disk_full(exc)

    def fill(_f):
        raise exc

    with pytest.raises(files.WriteFailed) as err:
        files.atomic_write_with(tmp_path / "統計.csv", fill)
    assert err.value.disk_full and "ディスクの空きがない" in err.value.message
    assert list(tmp_path.iterdir()) == []  # no partial file left


def test_enospc_and_quota_by_number_in_a_folder_named_full():
    assert files.is_disk_full(OSError(errno.ENOSPC, "No space left on device", "/srv/full/x.csv"))
    if hasattr(errno, "EDQUOT"):
        assert files.is_disk_full(OSError(errno.EDQUOT, "Disk quota exceeded"))


@pytest.mark.parametrize("winerror, full", [(112, True), (39, True), (5, False), (3, False)])
def test_windows_tells_a_full_disk_by_winerror(winerror, full):
    exc = OSError(None, "何かのエラー", r"C:\Users\a\full\x.csv")
    exc.winerror = winerror  # what Windows sets; the errno it maps to is not always ENOSPC
    assert files.is_disk_full(exc) is full


def test_sqlite_says_full_by_its_result_code():
    con = sqlite3.connect(":memory:")
    con.execute("PRAGMA max_page_count = 1")
    with pytest.raises(sqlite3.Error) as err:
        con.execute("CREATE TABLE t (x)")
        con.execute("INSERT INTO t VALUES (randomblob(100000))")
    assert files.is_disk_full(err.value)
    assert not files.is_disk_full(sqlite3.OperationalError("no such table: full"))


@pytest.mark.parametrize(
    "error",
    [
        OSError(errno.EIO, "Input/output error"),
        OSError(errno.ENODEV, "No such device"),
        OSError(errno.ENXIO, "No such device or address"),
        OSError(errno.ESTALE, "Stale file handle"),
    ],
    ids=["EIO", "ENODEV", "ENXIO", "ESTALE"],
)
def test_a_usb_stick_pulled_out_mid_write_is_named_in_japanese(tmp_path, error):
    # It said 「… に保存できませんでした（Input/output error）。」: the system's English, no next step.
    def fill(_f):
        raise error

    with pytest.raises(files.WriteFailed) as err:
        files.atomic_write_with(tmp_path / "連絡票.pdf", fill)
    message = err.value.message
    assert "USB メモリ" in message and "もう一度" in message and "連絡票.pdf" in message
    assert error.strerror not in message and not err.value.disk_full


def test_windows_device_not_ready_is_named_in_japanese(tmp_path):
    gone = OSError(errno.EINVAL, "デバイスの準備ができていません。")
    gone.winerror = 21  # type: ignore[attr-defined]  # ERROR_NOT_READY: a removed USB stick on Windows

    def fill(_f):
        raise gone

    with pytest.raises(files.WriteFailed) as err:
        files.atomic_write_with(tmp_path / "統計.csv", fill)
    assert "USB メモリ" in err.value.message
