"""The city's package key: data packages are signed with it, and only packages signed with it are
imported without an administrator's explicit yes.

A key is 32 random bytes (or derived from a passphrase with scrypt, so that typing the same
passphrase and city name on each PC gives the same key without copying a file). It lives in the
settings folder (``package-key.json``, readable by the user only). The administrator sets it up
once, exports it to a key file (``*.dvdesk-key``) on the city's approved USB medium and imports it
on the city's other PCs.

The signature is an HMAC-SHA256 (standard library ``hmac``/``hashlib``: no new dependency) over
the manifest, which carries the SHA-256 of the content, so it covers every byte of the package.
A shared secret rather than a public-key signature fits here: every PC that may import may also
export, and there is no one to verify a package but the city's own PCs.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dvdesk import paths

KEY_FILE = "package-key.json"
KEY_FORMAT = "dvdesk-package-key"
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
MIN_PASSPHRASE = 12


class PackageKeyError(ValueError):
    """A key that cannot be made, read or installed; ``str()`` is Japanese."""


@dataclass(frozen=True)
class CityKey:
    name: str  # whose key: 高岡市 男女平等推進課
    secret: bytes
    created: str

    @property
    def key_id(self) -> str:
        """Names the key in a manifest without revealing it."""
        return hashlib.sha256(b"dvdesk-key-id\0" + self.secret).hexdigest()[:16]

    @property
    def fingerprint(self) -> str:
        """For comparing by eye on two PCs: 1a2b-3c4d-5e6f-7a8b."""
        return "-".join(self.key_id[i : i + 4] for i in range(0, 16, 4))


def key_path() -> Path:
    return paths.config_dir() / KEY_FILE


def load() -> CityKey | None:
    """This PC's key, or None when none has been set up."""
    path = key_path()
    if not path.exists():
        return None
    return _parse(path.read_bytes(), path.name)


def _parse(data: bytes, name: str) -> CityKey:
    try:
        doc = json.loads(data.decode("utf-8"))
        if doc.get("format") != KEY_FORMAT:
            raise ValueError
        secret = base64.b64decode(doc["secret"], validate=True)
        if len(secret) != 32 or not isinstance(doc["name"], str):
            raise ValueError
        return CityKey(doc["name"], secret, str(doc.get("created", "")))
    except (ValueError, KeyError, TypeError, AttributeError, binascii.Error, UnicodeDecodeError, RecursionError):
        raise PackageKeyError(f"鍵のファイルとして読めません: {name}") from None


def _dump(key: CityKey) -> bytes:
    return json.dumps(
        {
            "format": KEY_FORMAT,
            "name": key.name,
            "created": key.created,
            "secret": base64.b64encode(key.secret).decode("ascii"),
        },
        ensure_ascii=False,
    ).encode("utf-8")


def _save(key: CityKey, path: Path) -> None:
    """Readable by the user only, written whole or not at all (``files.atomic_write``). A failure (a
    full disk, a USB stick pulled out, a read-only folder) is a PackageKeyError in Japanese, no file left."""
    from dvdesk import files

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        files.atomic_write(path, _dump(key), private=True)
    except files.WriteFailed as exc:
        raise PackageKeyError(f"鍵のファイルを書けません。{exc.message}") from None
    except OSError as exc:  # the folder could not be made
        raise PackageKeyError(f"鍵のファイルを書けません。{files.explain(path, exc).message}") from None


def _name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 100 or any(ord(c) < 32 for c in name):
        raise PackageKeyError("鍵の名前（市区町村名・課の名前）を100文字以内で入力してください")
    return name


def create(name: str, *, passphrase: str | None = None, replace: bool = False) -> CityKey:
    """Set up this PC's key: random, or from ``passphrase`` (the same on every PC of the city)."""
    if load_safely() is not None and not replace:
        raise PackageKeyError(
            "この PC にはすでに鍵があります（作り直すと、今の鍵で署名したパッケージは確認が必要になります）"
        )
    name = _name(name)
    if passphrase is None:
        secret = secrets.token_bytes(32)
    else:
        if len(passphrase) < MIN_PASSPHRASE:
            raise PackageKeyError(f"合言葉は{MIN_PASSPHRASE}文字以上にしてください")
        secret = hashlib.scrypt(
            passphrase.encode("utf-8"), salt=b"dvdesk-package-key\0" + name.encode("utf-8"), dklen=32, **_SCRYPT
        )
    key = CityKey(name, secret, dt.date.today().isoformat())
    _save(key, key_path())
    return key


def load_safely() -> CityKey | None:
    try:
        return load()
    except PackageKeyError:
        return None


def export_key(path: Path) -> CityKey:
    key = load()
    if key is None:
        raise PackageKeyError("この PC にはまだ鍵がありません。先に鍵を作ってください")
    _save(key, Path(path))
    return key


def import_key(path: Path, *, replace: bool = False) -> CityKey:
    try:
        with open(path, "rb") as f:
            data = f.read(4096)  # a key file is a few hundred bytes
    except OSError as exc:
        raise PackageKeyError(f"ファイルを読めません: {Path(path).name}（{exc.strerror or exc}）") from None
    key = _parse(data, Path(path).name)
    current = load_safely()
    if current is not None and current.secret != key.secret and not replace:
        raise PackageKeyError(f"この PC にはすでに別の鍵（{current.name}、{current.fingerprint}）があります")
    _save(key, key_path())
    return key


# --- signing -------------------------------------------------------------------------------


def _canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sign(key: CityKey, fields: dict[str, Any]) -> str:
    return hmac.new(key.secret, _canonical(fields), hashlib.sha256).hexdigest()


def verify(key: CityKey, fields: dict[str, Any], signature: str) -> bool:
    return isinstance(signature, str) and hmac.compare_digest(sign(key, fields), signature)
