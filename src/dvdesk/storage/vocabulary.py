"""The search vocabulary (resources/directory/synonyms.toml) brought along by every update.

The bundled directory is loaded once, on first start; the synonyms are program behaviour (which
words find what, which words put the lines she can call now first, see ``app.safety_first``), so a
newer dvdesk must bring its own into a database an older one loaded. ``meta`` keeps the digest of
the shipped vocabulary the database last took (``DIGEST_KEY``) and that vocabulary itself
(``SHIPPED_KEY``, the base of a three-way merge):

- shipped groups and terms are added; groups named in the toml's ``[renamed]`` table (old → new)
  are renamed first, so an administrator's terms follow their group;
- terms an administrator added (data packages, ``admin.sync``) and groups of her own stay;
- a term a newer release removed is removed only when it was shipped and is still where it was
  shipped (in the group the last shipped vocabulary had it in). Anything else is kept: a term we
  cannot prove is ours may be hers, and an extra search word costs a few more hits, while a lost
  one is a search that silently finds nothing. A database loaded before the digest existed has no
  record of what was shipped, so nothing is removed from it.

``vocabulary_is_current`` is the start's check (one read of one ``meta`` row compared with the
sha256 of the shipped file's bytes, ``FILE_KEY``; plain ``sqlite3``, no SQLAlchemy, no TOML parse):
the quick start (``storage.start_open``) counts "vocabulary not current" as something due.
``update`` runs in the caller's transaction (SQLAlchemy session, SQLite or PostgreSQL).
"""

from __future__ import annotations

import functools
import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dvdesk import paths, sha256

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

DIGEST_KEY = "vocabulary_digest"
# The sha256 of the synonyms.toml bytes the database took: the start's check compares it with the
# file's (microseconds) instead of parsing the TOML; a change of comments only costs one tiny write.
FILE_KEY = "vocabulary_file"
SHIPPED_KEY = "vocabulary_shipped"
FILE_NAME = "synonyms.toml"
RENAMED_TABLE = "renamed"

Groups = dict[str, list[str]]


class VocabularyError(ValueError):
    """The shipped synonyms.toml is malformed (a packaging error, never a user's)."""


def groups_of(doc: dict[str, Any]) -> Groups:
    """The ``[[group]]`` tables of a parsed file, as the loader stores them (stripped, in order).
    Anything else in the file (``[renamed]``, comments) is not vocabulary."""
    groups: Groups = {}
    for table in doc.get("group", []):
        key = str(table.get("key", "")).strip()
        terms = [t.strip() for t in table.get("terms", []) if isinstance(t, str) and t.strip()]
        listed = groups.setdefault(key, [])
        listed += [t for t in terms if t not in listed]
    return groups


def renames_of(doc: dict[str, Any]) -> dict[str, str]:
    table = doc.get(RENAMED_TABLE, {})
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise VocabularyError(f"{FILE_NAME}: [{RENAMED_TABLE}] must map old group keys to new ones")
    return {old.strip(): new.strip() for old, new in table.items()}


def digest(groups: Groups) -> str:
    return sha256.hexdigest(_canonical(groups).encode("utf-8"))


def _canonical(groups: Groups) -> str:
    return json.dumps(groups, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@functools.cache
def _shipped(folder: Path) -> tuple[Groups, dict[str, str], str]:
    import tomllib  # not on the start's path: the start compares the file's hash only

    try:
        doc = tomllib.loads((folder / FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise VocabularyError(f"{FILE_NAME}: {exc}") from exc
    groups = groups_of(doc)
    return groups, renames_of(doc), digest(groups)


@functools.cache
def _file_hash(folder: Path) -> str:
    try:
        return sha256.hexdigest((folder / FILE_NAME).read_bytes())
    except OSError as exc:
        raise VocabularyError(f"{FILE_NAME}: {exc}") from exc


def shipped_file_hash(folder: Path | None = None) -> str:
    return _file_hash(folder or paths.resources_dir() / "directory")


def shipped(folder: Path | None = None) -> tuple[Groups, dict[str, str], str]:
    """(groups, renames old → new, digest) of the vocabulary this dvdesk ships; parsed once."""
    return _shipped(folder or paths.resources_dir() / "directory")


def vocabulary_is_current(conn: sqlite3.Connection) -> bool:
    """Whether the database took this dvdesk's vocabulary (one read of one ``meta`` row).
    Anything it cannot tell (no meta table, an unreadable shipped file) counts as 'no'."""
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (FILE_KEY,)).fetchone()
        return row is not None and row[0] == shipped_file_hash()
    except (sqlite3.Error, VocabularyError):
        return False


def is_current(session: Session) -> bool:
    """``vocabulary_is_current`` through a SQLAlchemy session (SQLite or PostgreSQL)."""
    from sqlalchemy import text

    stored = session.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": FILE_KEY}).scalar()
    return stored == shipped_file_hash()


def missing_terms(session: Session) -> int:
    """How many of the terms this dvdesk ships the database's vocabulary lacks (old group keys
    followed through ``[renamed]``). A shared server set up by an older dvdesk lacks them until its
    owner runs ``server-setup`` (a counselor's role may not write it); 0 when it is current, or
    newer (it holds every term of ours)."""
    from sqlalchemy import select

    from dvdesk.domain.models import Synonym

    if is_current(session):
        return 0
    new, renames, _ = shipped()
    held: Groups = {}
    for key, term in session.execute(select(Synonym.group_key, Synonym.term)):
        held.setdefault(key, []).append(term)
    have = {(key, term) for key, terms in _renamed(held, renames).items() for term in terms}
    return sum(1 for key, terms in new.items() for term in terms if (key, term) not in have)


def remember(session: Session, groups: Groups) -> None:
    """Note ``groups`` as the vocabulary this database took from a release (first fill, update)."""
    from sqlalchemy import text

    put = text("INSERT INTO meta(key, value) VALUES (:k, :v) ON CONFLICT(key) DO UPDATE SET value = :v")
    session.execute(put, {"k": DIGEST_KEY, "v": digest(groups)})
    session.execute(put, {"k": SHIPPED_KEY, "v": _canonical(groups)})
    if digest(groups) == shipped()[2]:
        session.execute(put, {"k": FILE_KEY, "v": shipped_file_hash()})
    else:  # loaded from another folder (``dvdesk load --dir``): the next open brings the shipped one
        session.execute(text("DELETE FROM meta WHERE key = :k"), {"k": FILE_KEY})


def merge(current: Groups, base: Groups | None, new: Groups, renames: dict[str, str]) -> Groups:
    """The database's groups brought up to ``new`` (see the module doc). ``base`` is the shipped
    vocabulary the database last took, None when it is not known (nothing is then removed)."""
    current, base = _renamed(current, renames), _renamed(base, renames) if base is not None else None
    result: Groups = {}
    for key in [*new, *(k for k in current if k not in new)]:
        shipped_terms = new.get(key, [])
        was_shipped = set(base.get(key, [])) if base is not None else set()
        kept = [t for t in current.get(key, []) if t not in shipped_terms and t not in was_shipped]
        terms = shipped_terms + kept
        if terms:
            result[key] = terms
    return result


def with_shipped(groups: Groups, current: Groups) -> Groups:
    """Groups from a data package, made on a PC that may run an older dvdesk, as they should replace
    the database's (``current``): an old group key this database no longer has is renamed, and the
    shipped terms the database's group holds stay in it. Importing a package therefore never takes
    the vocabulary back to an older release; the package's own terms are all kept."""
    new, renames, _ = shipped()
    # A database still keyed "shelter" keeps it; one with no vocabulary yet takes the package's as it is
    # (it has no digest either: its next open brings it up to this release's).
    live = {k: v for k, v in renames.items() if k not in current} if current else {}
    out: Groups = {}
    for key, terms in _renamed(groups, live).items():
        ours = [t for t in current.get(key, []) if t in new.get(key, []) and t not in terms]
        out[key] = terms + ours
    return out


def _renamed(groups: Groups, renames: dict[str, str]) -> Groups:
    out: Groups = {}
    for key, terms in groups.items():
        target, seen = key, {key}
        while target in renames and renames[target] not in seen:  # follows a → b → c; a cycle stops
            target = renames[target]
            seen.add(target)
        listed = out.setdefault(target, [])
        listed += [t for t in terms if t not in listed]
    return out


def update(session: Session) -> bool:
    """Bring the database's synonyms up to the shipped ones, in the caller's transaction (all or
    nothing); the search index needs no rebuild for it (synonyms are applied to the query). False
    when the groups were current already (the file changed in comments only): then only the
    file's hash is noted."""
    from sqlalchemy import delete, select, text

    from dvdesk.domain.models import Synonym

    new, renames, new_digest = shipped()
    rows = session.execute(
        text("SELECT key, value FROM meta WHERE key IN (:d, :s)"), {"d": DIGEST_KEY, "s": SHIPPED_KEY}
    ).all()
    stored = {key: value for key, value in rows}
    if stored.get(DIGEST_KEY) == new_digest:  # the file changed in comments or [renamed] only
        remember(session, new)
        return False
    current: Groups = {}
    for key, term in session.execute(select(Synonym.group_key, Synonym.term).order_by(Synonym.id)):
        current.setdefault(key, []).append(term)
    base = json.loads(stored[SHIPPED_KEY]) if stored.get(SHIPPED_KEY) else None
    merged = merge(current, base, new, renames)
    if merged != current:
        session.execute(delete(Synonym))
        session.add_all(Synonym(group_key=k, term=t) for k, terms in merged.items() for t in terms)
        session.flush()
    remember(session, new)
    # No re-index: synonyms widen the query (domain.search.SynonymTable), the index holds only the
    # records' own words. At national scale a rebuild here held the window for 17 minutes.
    return True
