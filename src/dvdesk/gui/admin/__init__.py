"""The administration mode's windows (Qt). The logic lives in ``dvdesk.admin``."""

from dvdesk.gui.admin.window import AdminWindow, open_admin

__all__ = ["AdminWindow", "open_admin"]
