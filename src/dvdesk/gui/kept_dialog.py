"""A dialog a window makes anew at each use and keeps on itself (``self.dialog``: for tests, and so
that Python does not drop an open dialog).

As the window's child it would live as long as the window: the referral log and the statistics
stay open all day, so each referral recorded or count entered left one more dialog behind. The
window lets the previous one go when it makes the next (``let_go``): at most one is kept, and the
one a test or a caller is still reading stays valid until then.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QWidget


def let_go(previous: QWidget | None) -> None:
    """Delete the dialog a window kept from its last use, unless it is still on screen."""
    if previous is not None and shiboken6.isValid(previous) and not previous.isVisible():
        previous.deleteLater()
