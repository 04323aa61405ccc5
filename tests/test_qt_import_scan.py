"""PySide's per-import source scan is replaced (gui.qt_import_scan) without changing what it decides."""

from __future__ import annotations

import inspect
import sys
import types

import pytest

import dvdesk.gui  # noqa: F401  # applies the replacement
from dvdesk.gui import qt_import_scan


def test_a_module_imported_after_qt_gets_the_no_feature_default_without_its_source_read(tmp_path, monkeypatch):
    (tmp_path / "scan_probe_mod.py").write_text(
        "from PySide6.QtCore import QObject\nNAME = QObject().objectName()\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))

    def no_read(*_a, **_k):
        raise AssertionError("PySide read a module's source")

    monkeypatch.setattr(inspect, "getsource", no_read)
    feature = sys.modules["shibokensupport.feature"]
    namespace: dict = {}
    exec("import scan_probe_mod", namespace)  # an import statement: what PySide hooks (not importlib)
    module = namespace["scan_probe_mod"]
    try:
        assert module.NAME == ""  # Qt's own names (objectName, not a snake_case feature)
        assert feature.pyside_feature_dict["scan_probe_mod"] == 0  # what PySide gives a module using it
    finally:
        sys.modules.pop("scan_probe_mod", None)


def test_the_replacement_is_installed_once_qt_is_imported_through_dvdesk_gui():
    feature = sys.modules["shibokensupport.feature"]
    assert feature._mod_uses_pyside is qt_import_scan._uses_pyside


@pytest.mark.parametrize("present", [False, True])
def test_a_pyside_without_the_hook_is_left_alone(monkeypatch, present):
    fake = types.ModuleType("shibokensupport.feature")
    if present:
        fake._mod_uses_pyside = "not a function"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "shibokensupport.feature", fake)
    assert qt_import_scan.skip_source_scan() is False
    assert getattr(fake, "_mod_uses_pyside", None) == ("not a function" if present else None)
