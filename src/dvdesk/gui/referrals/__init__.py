"""Referral log and consultation statistics windows (相談記録 menu).

``ReferralLogWindow(db)`` and ``StatisticsWindow(db)`` open on their own; the main window only
needs to create and show them.
"""

from dvdesk.gui.referrals.log_window import ReferralLogWindow
from dvdesk.gui.referrals.stats_window import StatisticsWindow

__all__ = ["ReferralLogWindow", "StatisticsWindow"]
