"""What an administrator hides from clients reaches the PC's local copy before the server can leave.

The copy is retaken while the server answers at most every 10 minutes (a whole directory read).
An administrator who makes a location secret (or erases it, or makes the service staff-only) had
the desks keep the old copy for up to 10 minutes; a server gone away in that time left the desk
printing the client's copy from it, with the location. A narrowing of what a client may see is now
taken into the copy at the next probe, whatever the time since the last copy.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dvdesk.app import shared_mode
from dvdesk.app.checklists import Checklists
from dvdesk.app.shared_mode import SharedDatabase
from dvdesk.domain import checklist as cl
from dvdesk.domain.disclosure import Audience
from dvdesk.domain.models import Service
from test_shared_mode import Switch

PLACE = "駅前ビル3階 相談室"


def law(session):
    return session.scalar(select(Service).where(Service.key == "test.svc.law"))


HIDINGS = {
    "location made secret": lambda svc: setattr(svc, "location_confidentiality", "secret"),
    "location erased": lambda svc: setattr(svc, "location", ""),
    "service made staff-only": lambda svc: setattr(svc, "confidentiality", "staff"),
}


@pytest.mark.pg_quick("the copy's check of what a client may see, read from a real server")
@pytest.mark.parametrize("hiding", HIDINGS)
def test_a_location_hidden_on_the_server_is_not_printed_from_the_copy(any_mini_db, tmp_path, hiding):
    with any_mini_db.write() as s:  # a location a client could be given, until the administrator says no
        law(s).location, law(s).location_confidentiality = PLACE, "public"
    server = Switch(any_mini_db)
    db = SharedDatabase(server.connect, tmp_path / "copy" / "directory.sqlite3")
    try:
        assert db.probe()  # the desk has its copy; minutes later …
        with any_mini_db.write() as s:
            HIDINGS[hiding](law(s))  # … the administrator hides it
        assert db.probe()  # the desk asks the server, as it does every 5 seconds
        server.up = False  # and the server goes away
        assert not db.probe()
        desk = Checklists(db)
        item = desk.service_item("test.svc.law")
        paper = desk.render(
            cl.Checklist("162027", "高岡市", sections=(cl.Section(item.department, (item,)),)), Audience.CLIENT
        )
        assert PLACE not in paper.html
    finally:
        db.close()


def test_the_copy_is_not_retaken_for_a_change_a_client_never_sees(any_mini_db, tmp_path):
    """The 10-minute limit still holds for the rest (a staff note, a referral): a whole copy each time
    would read the directory at every desk after every save."""
    server = Switch(any_mini_db)
    db = SharedDatabase(server.connect, tmp_path / "copy" / "directory.sqlite3")
    try:
        taken = db.copy_path.stat().st_mtime_ns
        with any_mini_db.write() as s:
            law(s).staff_note = "担当: 相談係"
        assert db.probe() and db.copy_path.stat().st_mtime_ns == taken
        assert shared_mode.COPY_EVERY_S == 600.0
    finally:
        db.close()
