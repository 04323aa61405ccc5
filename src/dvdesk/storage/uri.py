"""SQLite ``file:`` URIs built from paths, quoted, so that a folder named 「相談 #2」 or 「50%」 works.

An unquoted ``#`` starts a URI fragment and ``?`` the query, and ``%41`` is read as ``A``: SQLite
then opens (or, read-only, fails to open) another file than the one meant. ``Path.as_uri`` of an
absolute path percent-encodes every such character (and non-ASCII as UTF-8), which SQLite decodes.
"""

from __future__ import annotations

from pathlib import Path


def sqlite_uri(path: Path, *, read_only: bool = False) -> str:
    uri = Path(path).absolute().as_uri()
    return uri + "?mode=ro" if read_only else uri
