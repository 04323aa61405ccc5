"""SQLite ``file:`` URIs built from paths, quoted, so that a folder named 「相談 #2」 or 「50%」 works;
and whether a ``--db`` / ``DVDESK_DB`` value is a PostgreSQL URL (``storage.server``) at all.

An unquoted ``#`` starts a URI fragment and ``?`` the query, and ``%41`` is read as ``A``: SQLite
then opens (or, read-only, fails to open) another file than the one meant. ``Path.as_uri`` of an
absolute path percent-encodes every such character (and non-ASCII as UTF-8), which SQLite decodes.
"""

from __future__ import annotations

import re
from pathlib import Path


def sqlite_uri(path: Path, *, read_only: bool = False) -> str:
    uri = Path(path).absolute().as_uri()
    return uri + "?mode=ro" if read_only else uri


SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):/")


def is_server_url(text: str | Path | None) -> bool:
    """Whether ``text`` is a PostgreSQL URL (not a path; "C:/…" has a one-letter scheme)."""
    if text is None or isinstance(text, Path):
        return False
    found = _SCHEME.match(text)
    return bool(found and found.group(1).lower() in SCHEMES)
