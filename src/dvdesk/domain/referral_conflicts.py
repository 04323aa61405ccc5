"""A referral step from a screen older than the referral: refused in words, never applied unseen.

Several desks of a shared server change one referral: the referring desk's log (a status, a note, a
delete) and the receiving desk's queue (``app.referral_queue``). Each step carries the row version
its screen showed (``ReferralView.version``); a newer one means another desk changed the referral
since, and the step is refused with what it is now. Two steps at the same moment both pass that
check; the slower one's UPDATE then finds the version moved (SQLAlchemy's ``version_id_col``
raises ``StaleDataError``), which is refused in the same words instead of reaching the counselor
as an unexpected error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from dvdesk.domain.input_errors import InputError

if TYPE_CHECKING:
    from dvdesk.domain.casework_models import Referral

# The highest referral id this database ever gave (``new_id``); the meta table's key
ID_GIVEN_KEY = "referrals.highest_id_given"


class ReferralError(InputError):
    """A referral that cannot be recorded or changed; ``message`` is shown to the counselor."""


class ReferralGone(ReferralError):
    """The referral is no longer in the log (deleted since it was shown)."""


class ReferralConflict(ReferralError):
    """Another desk changed the referral after this desk read it; ``message`` says what it is now."""


def check_seen(referral: Referral, seen_version: int | None) -> None:
    """Refuse a step from a screen that showed an older version of ``referral``."""
    if seen_version is not None and (referral.version or 1) != seen_version:
        from dvdesk.domain.casework_models import ReferralStatus

        now = ReferralStatus(referral.status).label
        raise ReferralConflict(
            f"{referral.case_ref} は他の窓口で更新されています（現在「{now}」）。"
            "表示を更新しました。内容を確かめてから、もう一度操作してください。"
        )


def flushed(session: Session, referral: Referral) -> None:
    """Flush the step; another desk's step committed between our read and our UPDATE is a conflict."""
    case_ref = referral.case_ref
    try:
        session.flush()
    except StaleDataError:
        raise ReferralConflict(
            f"{case_ref} は他の窓口で同時に更新されました。表示を更新してから、もう一度操作してください。"
        ) from None


def new_id(session: Session) -> int | None:
    """The id of a referral about to be recorded: above every id this database gave, not only above
    those still there. SQLite gives the highest id again once its row is deleted, and a new referral
    starts at version 1: a screen still showing the deleted one (a window that had not looked since:
    the log's change fingerprint, count and sums of ids and versions, comes out the same) would
    delete or move the new one under its number, ``check_seen`` passing. None on a server: its
    sequence never gives an id twice."""
    from dvdesk.domain.casework_models import Referral
    from dvdesk.domain.models import Meta

    if session.get_bind().dialect.name != "sqlite":
        return None
    given = session.get(Meta, ID_GIVEN_KEY)
    noted = int(given.value) if given is not None and given.value.isdigit() else 0
    return max(session.scalar(select(func.max(Referral.id))) or 0, noted) + 1


def note_given(session: Session, referral_id: int) -> None:
    """Remember ``referral_id`` as given (``new_id``), in the transaction that records it."""
    from dvdesk.domain.models import Meta

    if session.get_bind().dialect.name != "sqlite":
        return
    given = session.get(Meta, ID_GIVEN_KEY) or Meta(key=ID_GIVEN_KEY)
    given.value = str(referral_id)
    session.add(given)
