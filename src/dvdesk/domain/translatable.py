"""Labels the interface shows in its language, marked where the domain defines them.

``N_(context, text)`` returns ``text`` unchanged (the domain and the printouts stay Japanese),
and records it as a label of ``context``. Qt Linguist's ``lupdate`` reads the same calls: it is
run with ``-tr-function-alias QT_TRANSLATE_NOOP+=N_`` (``dvdesk.gui.i18n.update_ts``), so each
label is written once, where the thing is defined, and the window translates it when it shows
it (``QCoreApplication.translate(context, text)``). Both arguments must be plain string
literals for lupdate to see them.
"""

from __future__ import annotations

ADMIN = "AdminLabels"  # kinds of record, fields, choices, actions, report problems
CASEWORK = "CaseworkLabels"  # referral statuses, channels, statistics sources and rows
CIRCUMSTANCE = "Circumstances"  # what changes which procedures apply

_marked: dict[str, set[str]] = {}


def N_(context: str, text: str) -> str:  # the conventional gettext marker name
    """Mark ``text`` as a label of ``context`` for translation; returns it unchanged."""
    _marked.setdefault(context, set()).add(text)
    return text


def as_written(text: str) -> str:
    """A label as written, in Japanese: the ``tr`` of the command line, where no translator is."""
    return text


def marked(context: str) -> frozenset[str]:
    """Every label marked in ``context`` by the modules imported so far."""
    return frozenset(_marked.get(context, ()))
