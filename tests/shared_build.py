"""What the xdist workers of one run build once and share: the template databases.

Each worker used to migrate and fill its own copy of every template (mini, bundled, checklist,
desk, empty). The first worker that needs one builds it under a file lock in the run's folder
(the parent of the workers' base temp folders); the others wait for it and copy the same file.
Without xdist the template is built in the process's own temp folder as before.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

LOCK_WAIT_S = 600.0  # the longest a worker waits for another to finish a build


@contextlib.contextmanager
def locked(path: Path, wait_s: float = LOCK_WAIT_S) -> Iterator[None]:
    """An exclusive lock between the workers of a run (bounded: a stuck holder fails the waiter)."""
    import fcntl

    with open(path, "a+") as handle:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{path} held for more than {wait_s:.0f} s by another worker") from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]) -> Path:
    """The file ``name`` made by ``build(path)`` once per run; a closed file, safe to copy.

    ``build`` writes into a folder of its own; the file is moved into the shared folder only when
    ``build`` returned, so a worker never copies a half-built template."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None or os.name != "posix":
        path = tmp_path_factory.mktemp(name.split(".")[0]) / name
        build(path)
        return path
    shared = tmp_path_factory.getbasetemp().parent / "templates"
    shared.mkdir(exist_ok=True)
    target = shared / name
    with locked(shared / f"{name}.lock"):
        if not target.exists():
            scratch = tmp_path_factory.mktemp(name.split(".")[0]) / name
            build(scratch)
            wal = Path(f"{scratch}-wal")  # a closed SQLite file has none: its content is all in the file
            if wal.exists() and wal.stat().st_size:
                raise AssertionError(f"{scratch} was left open: its -wal holds what a copy would lose")
            os.replace(scratch, target)
    return target
