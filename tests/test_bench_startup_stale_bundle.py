"""benchmarks/bench_startup.py with a dist/ built before the newest migration: said at once, the
bundle left out, instead of every bundle start waiting in the old app's refusal dialog.

Found in session 17: the bundle starts on a copy of the database this checkout made; an older build
refuses a schema newer than its own in a modal dialog, so the benchmark sat out the probe's 300-s
timeout (or, a build from before the probe had one, the 600-s subprocess timeout and a traceback).
"""

import shutil
import sys

import pytest
from benchmarks import bench_startup

from dvdesk.storage.schema_revision import VERSIONS, head_revision


def _bundle(tmp_path, scripts):
    exe = tmp_path / "dist" / "dvdesk" / "dvdesk"
    versions = exe.parent / "_internal" / "dvdesk" / "storage" / "migrations" / "versions"
    versions.mkdir(parents=True)
    exe.write_text("")
    for script in scripts:
        shutil.copy(script, versions / script.name)
    return exe


def test_a_bundle_built_before_the_newest_migration_is_left_out_and_said(tmp_path, monkeypatch, capsys):
    scripts = sorted(VERSIONS.glob("*.py"))
    monkeypatch.setattr(bench_startup, "BUNDLE", _bundle(tmp_path, scripts[:-1]))
    skipped: list[str] = []
    found = bench_startup.targets(skipped=skipped)
    assert set(found) == {"bare (source)", "dvdesk (source)"}
    [why] = skipped
    previous = head_revision(bench_startup.BUNDLE.parent / bench_startup.BUNDLED_VERSIONS[0])
    assert f"built at schema revision {previous}, this checkout is at {head_revision()}" in why
    assert "rebuild it (packaging/build.sh)" in why
    assert why in capsys.readouterr().err


def test_a_bundle_of_this_schema_is_measured(tmp_path, monkeypatch):
    monkeypatch.setattr(bench_startup, "BUNDLE", _bundle(tmp_path, sorted(VERSIONS.glob("*.py"))))
    skipped: list[str] = []
    found = bench_startup.targets(skipped=skipped)
    assert {"bare (bundle)", "dvdesk (bundle)"} <= set(found) and skipped == []


def test_a_start_that_never_ends_is_said_with_its_name(tmp_path, monkeypatch):
    monkeypatch.setattr(bench_startup, "RUN_TIMEOUT_S", 1)
    command = [sys.executable, "-c", "import sys, time; print('waiting', file=sys.stderr, flush=True); time.sleep(60)"]
    with pytest.raises(RuntimeError, match=r"^dvdesk \(bundle\) did not end within 1 s .*waiting"):
        bench_startup.one_run("dvdesk (bundle)", command, tmp_path)
