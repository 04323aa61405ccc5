"""The Qt binding itself must not corrupt Python's reference counts (PySide6 6.12.0 on 3.11 did)."""

import sys

from PySide6.QtWidgets import QLineEdit


def test_calling_qt_methods_leaves_none_alive(qapp):
    line = QLineEdit()
    before = sys.getrefcount(None)
    for _ in range(5000):
        line.setText("x")  # a method returning void hands None back to Python
    assert sys.getrefcount(None) >= before - 100  # a leak-free binding keeps it where it was
