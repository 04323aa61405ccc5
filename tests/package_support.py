"""Re-sealing a package in tests: the checksum and the signature of this PC's key, so that what a
test changed inside the package is what gets checked (not the seal)."""

from __future__ import annotations

import hashlib

from dvdesk.admin import package_key


def reseal(manifest: dict, content: bytes, key: package_key.CityKey | None = None, *, sha256: str = "") -> dict:
    """``sha256``: the content's digest when the content was written in pieces (not passed whole)."""
    key = key or package_key.load_safely() or package_key.create("テスト市の鍵")
    sealed = {
        **manifest,
        "sha256": sha256 or hashlib.sha256(content).hexdigest(),
        "key_id": key.key_id,
        "key_name": key.name,
    }
    sealed.pop("signature", None)
    return {**sealed, "signature": package_key.sign(key, sealed)}
