"""The Qt views. Only this package imports Qt.

Qt is imported here, first, so that PySide's scan of every later import is made cheap before
any other module loads (``qt_import_scan``).
"""

import PySide6.QtCore  # noqa: F401  # loads shibokensupport.feature

from dvdesk.gui.qt_import_scan import skip_source_scan

skip_source_scan()
