"""SHA-256 fingerprints without loading OpenSSL: Python's own implementation (``_sha256``, named
``_sha2`` from Python 3.12), whose digests are ``hashlib.sha256``'s. The first ``import hashlib``
loads OpenSSL's libcrypto (~10 M instructions, ~2 ms, every desk start) for what the window's start
hashes: the single-instance key and the vocabulary file's fingerprint, a few kilobytes. Everything
else (packages' keys, backups, translations) uses ``hashlib`` as before.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def _implementation() -> Callable[[bytes], Any]:
    for name in ("_sha2", "_sha256"):
        try:
            return importlib.import_module(name).sha256
        except (ImportError, AttributeError):
            continue
    import hashlib  # a Python built without its own SHA-256

    return hashlib.sha256


_SHA256 = _implementation()


def hexdigest(data: bytes) -> str:
    """``hashlib.sha256(data).hexdigest()``."""
    return str(_SHA256(data).hexdigest())
