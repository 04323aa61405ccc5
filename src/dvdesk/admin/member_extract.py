"""A package's index member extracted in a child process (``package_index.ShippedIndex``): inflate,
SHA-256 and writes, gigabytes at national size, where they cannot contend for the GIL with the
records' read and preview (in a thread, zipfile's Python loop and the main thread's pure Python
handed the GIL back and forth: 35 s of wall for 12–16 s of work).

The child is this same program: ``python -m dvdesk --extract-member …`` from source, the
executable itself with the same first argument when frozen (``cli.main`` hands it here before
anything else is imported). It writes the member to the file it is given, at most ``limit``
bytes, and answers, in a file beside it, ``{"sha256": …, "unreadable": ""}`` or, for a member
that cannot be read (the import sets the shipped index aside, as before), ``{"sha256": "",
"unreadable": why}``. Anything else (a crash, a kill) is an exit without an answer: the parent
removes the file and fails the import with a Japanese ``PackageError``. The parent's checks stay
the parent's: the SHA-256 against the signed manifest, ``plain``. The child reads its stdin and
exits when it closes (the parent gone or stopping), so a killed import leaves no extraction
running.

Only the standard library here: the child starts in ~50 ms.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path

FLAG = "--extract-member"
BLOCK = 8 << 20  # bytes per read: in the child, a handful of Python steps per block
UNREADABLE = (OSError, zipfile.BadZipFile, KeyError, EOFError, ValueError)  # what set the member aside before
_STDIN_GONE = 4  # the child's exit code when its parent closed the pipe (stopped or killed)


class ExtractionFailed(Exception):
    """The child ended without an answer (killed, crashed, could not start)."""


def extract(
    package: Path, member: str, out: Path, limit: int, stop: Callable[[], bool] = lambda: False
) -> tuple[str, str]:
    """Write ``member`` of the ZIP ``package`` to ``out``: (its SHA-256, "") or ("", why it cannot
    be read), or ("", "") when ``stop`` said so mid-way. At most ``limit`` bytes are written."""
    digest = hashlib.sha256()
    written = 0
    try:
        with zipfile.ZipFile(package) as zf, zf.open(member) as src, open(out, "wb") as dst:
            while block := src.read(BLOCK):
                if stop():
                    return "", ""
                written += len(block)
                if written > limit:
                    return "", f"{limit:,} バイトを超えています"
                digest.update(block)
                dst.write(block)
    except UNREADABLE as exc:
        return "", str(exc)
    return digest.hexdigest(), ""


def command(package: Path, member: str, out: Path, limit: int) -> list[str]:
    """The child's command line: this program again, first argument ``FLAG``. OSError when there
    is no program to start (an embedded interpreter): then the caller extracts in its thread."""
    if not sys.executable:
        raise FileNotFoundError("sys.executable")
    head = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "dvdesk"]
    return [*head, FLAG, str(package), member, str(out), str(limit)]


def _environment() -> dict[str, str]:
    """The child imports the same dvdesk as this process (from source: its folder first on the
    path, whatever put it on this process's path)."""
    env = dict(os.environ)
    if not getattr(sys, "frozen", False):
        here = str(Path(__file__).resolve().parents[2])  # the folder holding the dvdesk package
        env["PYTHONPATH"] = os.pathsep.join(p for p in (here, env.get("PYTHONPATH", "")) if p)
    return env


def run_child(
    package: Path, member: str, out: Path, limit: int, started: Callable[[subprocess.Popen[bytes]], None]
) -> tuple[str, str]:
    """``extract`` in a child process: what it answered. ``started`` is given the child as soon as
    it runs (so that ``ShippedIndex.close`` can kill it). Raises ``ExtractionFailed`` when the child
    ended without an answer, ``out`` then removed; OSError when it could not be started."""
    answer_file = _answer_file(out)
    answer_file.unlink(missing_ok=True)
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # Windows: no console window for it
    child = subprocess.Popen(
        command(package, member, out, limit),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        creationflags=flags,
        env=_environment(),
    )
    try:
        started(child)
        assert child.stdout is not None
        said = child.stdout.read()  # nothing, or a traceback (a few kB): the pipe never fills
        code = child.wait()
    finally:
        if child.poll() is None:  # interrupted here (never expected): not left running
            child.kill()
            child.wait()
        for pipe in (child.stdin, child.stdout):
            if pipe is not None:
                pipe.close()
    answer = _answer(answer_file) if code == 0 else None
    answer_file.unlink(missing_ok=True)
    if answer is None:
        out.unlink(missing_ok=True)
        last = said.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        why = f"終了コード {code}" + (f": {last[0][:200]}" if last[0] else "")
        raise ExtractionFailed(f"取り出す処理が異常終了しました（{why}）")
    return answer


def _answer_file(out: Path) -> Path:
    return out.with_name(out.name + ".answer.json")


def _answer(path: Path) -> tuple[str, str] | None:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(doc, dict) and isinstance(doc.get("sha256"), str) and isinstance(doc.get("unreadable"), str):
        return doc["sha256"], doc["unreadable"]
    return None


def child_main(argv: list[str]) -> int:
    """The child: ``FLAG PACKAGE MEMBER OUT LIMIT`` (``command``). Its answer goes to a file beside
    ``OUT`` (a windowed program may have no ``sys.stdout``); it exits when its stdin closes."""
    package, member, out, limit = Path(argv[0]), argv[1], Path(argv[2]), int(argv[3])
    threading.Thread(target=_exit_when_stdin_closes, daemon=True).start()
    sha256, unreadable = extract(package, member, out, limit)
    answer = _answer_file(out)
    written = answer.with_name(answer.name + ".part")
    written.write_text(json.dumps({"sha256": sha256, "unreadable": unreadable}), encoding="utf-8")
    os.replace(written, answer)  # whole or absent
    return 0


def _exit_when_stdin_closes() -> None:
    """EOF on stdin: the parent closed the pipe or died; nothing waits for the file any more. A
    stdin that cannot be read at all (no such descriptor) is not watched."""
    try:
        while os.read(0, 4096):
            pass
    except OSError:
        return
    os._exit(_STDIN_GONE)


if __name__ == "__main__":
    raise SystemExit(child_main(sys.argv[2:] if sys.argv[1:2] == [FLAG] else sys.argv[1:]))
