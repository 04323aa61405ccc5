"""The referral slip names the window she goes to, never a staff-only one (h15-print).

The slip is addressed to a department but travels in her hand ("the client may carry the slip to
the window", slip_html), discreet or not. It names the department's window beside its name; it took
the first contact with a window whatever its confidentiality, so a staff-only contact (a back
office, the staff entrance) listed first printed its window on a paper she carries.
"""

import dataclasses
import datetime as dt

import pytest

from checklist_support import compact
from dvdesk.domain import checklist as cl
from dvdesk.domain.disclosure import Audience, checklist_for
from dvdesk.domain.record_kinds import Confidentiality
from dvdesk.printing.slip_html import Counselor, build_slip

STAFF_WINDOW = "3階 職員通用口の奥の面談室"


def _with_staff_window_first(checklist_db) -> cl.Checklist:
    with checklist_db.read() as s:
        c = cl.propose(s, "高岡市", ["safety", "children", "protection_order"], ["school", "moving_out"])
    section = next(s for s in c.sections if s.department.key == "test.shimin")
    org = section.department.organization
    assert org is not None
    public = org.contacts[0]
    staff_only = dataclasses.replace(
        public, label="職員用", phone="", extension="", window=STAFF_WINDOW, confidentiality=Confidentiality.STAFF
    )
    department = dataclasses.replace(
        section.department, organization=dataclasses.replace(org, contacts=(staff_only, *org.contacts))
    )
    items = tuple(dataclasses.replace(i, department=department) for i in section.items)
    return cl.Checklist(c.municipality_code, c.municipality_name, sections=(cl.Section(department, items),))


@pytest.mark.parametrize("discreet", [False, True], ids=["slip", "discreet-slip"])
def test_a_staff_only_window_is_not_on_the_slip(checklist_db, discreet):
    one = _with_staff_window_first(checklist_db)
    doc = build_slip(checklist_for(one, Audience.STAFF, discreet=discreet), Counselor(), dt.date(2026, 12, 3))
    text = compact(doc.plain_text())
    assert compact(STAFF_WINDOW) not in text
    assert compact("（1階 2番窓口）") in text  # the public window she goes to
