import contextlib
import shutil

from disk_support import small_tmpfs, unmount
from dvdesk.gui import app as gui_app
from test_gui_app import answer_dialogs, restore_app_font  # noqa: F401


def test_window_on_full_disk(tmp_path, monkeypatch, restore_app_font):  # noqa: F811
    src = "/tmp/h15r/home/data/dvdesk.sqlite3"
    mount = small_tmpfs(tmp_path, "small", "3000k")
    try:
        (mount / "data").mkdir()
        shutil.copy(src, mount / "data" / "dvdesk.sqlite3")
        with contextlib.suppress(OSError), (mount / "filler").open("wb") as f:
            while True:
                f.write(b"\0" * 4096)
                f.flush()
        monkeypatch.setenv("DVDESK_HOME", str(mount))
        monkeypatch.delenv("DVDESK_DB", raising=False)
        seen: list[str] = []
        timer = answer_dialogs(seen)
        code = gui_app.run([])
        timer.stop()
        print("\nCODE", code, "SEEN", seen)
    finally:
        unmount(mount)
