"""The administration mode's local passphrase, set on first use.

On a shared office PC this keeps a counselor from editing the directory by accident; it is not
a defence against someone with the PC's files. Only a salted scrypt hash is stored (in ``meta``,
key ``admin_passphrase``), never the passphrase.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from typing import TYPE_CHECKING

from dvdesk.domain.models import Meta

if TYPE_CHECKING:
    from dvdesk.storage.database_protocol import DatabaseLike

META_KEY = "admin_passphrase"
MIN_LENGTH = 6
_N, _R, _P = 2**14, 8, 1


class PassphraseError(ValueError):
    """``str()`` is a Japanese message."""


def _hash(passphrase: str, salt: bytes, n: int = _N, r: int = _R, p: int = _P) -> bytes:
    return hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32)


def is_set(db: DatabaseLike) -> bool:
    with db.read() as session:
        row = session.get(Meta, META_KEY)
        return bool(row and row.value)


def set_passphrase(db: DatabaseLike, passphrase: str, confirmation: str) -> None:
    if len(passphrase) < MIN_LENGTH:
        raise PassphraseError(f"パスフレーズは{MIN_LENGTH}文字以上にしてください")
    if passphrase != confirmation:
        raise PassphraseError("確認のパスフレーズが一致しません")
    salt = os.urandom(16)
    value = f"scrypt${_N}${_R}${_P}${salt.hex()}${_hash(passphrase, salt).hex()}"
    with db.write() as session:
        if (row := session.get(Meta, META_KEY)) is not None and row.value:
            raise PassphraseError("パスフレーズはすでに設定されています")
        session.merge(Meta(key=META_KEY, value=value))


def verify(db: DatabaseLike, passphrase: str) -> bool:
    with db.read() as session:
        row = session.get(Meta, META_KEY)
        stored = row.value if row is not None else ""
    if not stored:
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        actual = _hash(passphrase, bytes.fromhex(salt), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(actual, bytes.fromhex(digest))
