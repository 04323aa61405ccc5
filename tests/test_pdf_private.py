"""A checklist or slip PDF is readable by the counselor alone: a staff copy holds staff notes and
every copy names a client's needs (other users of a shared PC must not read them)."""

from __future__ import annotations

import os
import stat

import pytest

from dvdesk.cli import main

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


@pytest.mark.parametrize("copy", ["staff", "client"])
def test_a_checklist_pdf_is_the_owners_only(qapp, bundled_db, tmp_path, monkeypatch, copy):
    monkeypatch.setenv("DVDESK_DB", str(bundled_db.path))
    old = os.umask(0o022)  # a usual desktop umask: files readable by every user
    try:
        out = tmp_path / f"{copy}.pdf"
        assert main(["checklist", "-m", "高岡市", "-n", "safety", "housing", "--copy", copy, "--pdf", str(out)]) == 0
    finally:
        os.umask(old)
    assert out.stat().st_size > 0
    assert stat.S_IMODE(out.stat().st_mode) & 0o077 == 0, oct(out.stat().st_mode)
