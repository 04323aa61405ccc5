"""PySide's scan of every later import, made cheap.

PySide6 hooks ``import`` for its ``from __feature__ import …`` switches: every module imported
after it has its whole source read (``inspect.getsource``) and searched for "PySide6", to give
it a feature default — 0 ("uses PySide: no feature") or -1 ("ignore"). That read was ~55 ms of
CPU of a start from source (~110 modules: ours, the standard library's); a built bundle has no
source and skips it anyway. dvdesk selects no feature, so the answer only matters if some module
did: then 0 keeps a module on Qt's own names, which is what every module here expects. The scan
is replaced by that answer, without reading anything.
"""

from __future__ import annotations

import sys
from typing import Any


def _uses_pyside(module: object) -> bool:
    return True  # feature default 0: Qt's plain names, whatever another module selects


def skip_source_scan() -> bool:
    """Replace the scan if this PySide has it where we expect (False: left as it is)."""
    feature: Any = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = _uses_pyside  # PySide's private hook, checked above
    return True
