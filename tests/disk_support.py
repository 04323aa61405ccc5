"""A real full disk for a test: a small tmpfs (root only; the test is skipped elsewhere)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest


def small_tmpfs(tmp_path: Path, name: str, size: str, *options: str) -> Path:
    """A folder on a tmpfs of ``size`` (e.g. "64k"): a real full disk. Skips the test where no
    tmpfs can be mounted (not root, no mount(8), a container without the capability)."""
    mount = tmp_path / name
    mount.mkdir()
    try:
        made = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", ",".join([f"size={size}", *options]), "tmpfs", str(mount)],
            capture_output=True,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        made = None
    if made is None or made.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    return mount


def unmount(mount: Path) -> None:
    subprocess.run(["umount", "-l", str(mount)], check=False, timeout=60)
