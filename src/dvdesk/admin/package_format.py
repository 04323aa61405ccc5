"""What a data package is: its format (a ZIP holding ``manifest.json`` and ``directory.json``,
``*.dvdesk``), the ``Manifest`` (who made it, where, when, what it holds, the content's SHA-256
and the signature over all that), the verified ``Package`` read from one, how far it is trusted
(signed with this PC's key, with another, or not at all; a signature that claims this PC's key
and does not match is refused), and ``PackageError``, the one-line Japanese reason a package
cannot be used. Writing one is ``package_export``, reading one ``package_read``, applying one
``package``.
"""

from __future__ import annotations

import platform
import socket
from dataclasses import dataclass
from typing import Any

from dvdesk.admin import package_key, translation_sync
from dvdesk.admin.package_index import ShippedIndex
from dvdesk.admin.sync import Incoming
from dvdesk.domain import bounds
from dvdesk.domain.integrity import shown

FORMAT = "dvdesk-package"
# 1: manifest + directory; 2: also the search index (``package_index``), written only with it.
FORMAT_VERSION = 2
INDEX_FORMAT_VERSION = 2
MANIFEST = "manifest.json"
CONTENT = "directory.json"
SUFFIX = ".dvdesk"
MAX_CONTENT_BYTES = bounds.MAX_FILE  # far above any directory (see dvdesk.domain.bounds)


class PackageError(ValueError):
    """A package that cannot be used. ``str()`` is a Japanese sentence saying why."""


@dataclass(frozen=True)
class Manifest:
    format_version: int
    exported_at: str
    pc_name: str
    exported_by: str
    scope: str  # "" = the whole directory, else a municipality code
    scope_name: str
    app_version: str
    sha256: str
    counts: dict[str, int]
    key_id: str = ""  # the signing key (``package_key``); "" in an unsigned package
    key_name: str = ""
    signature: str = ""
    index_sha256: str = ""  # format 2: the search index member's SHA-256 (``package_index``)
    index_version: str = ""  # and the index version it was built with

    @property
    def scope_label(self) -> str:
        return f"{self.scope_name}（{self.scope}）" if self.scope else "ディレクトリ全体"

    @property
    def fingerprint(self) -> str:
        return "-".join(self.key_id[i : i + 4] for i in range(0, len(self.key_id), 4))

    @property
    def origin(self) -> str:
        """Who made it, as an administrator checks it before accepting an unknown package."""
        who = f"（{shown(self.exported_by)}）" if self.exported_by else ""
        key = f"鍵「{shown(self.key_name)}」（{shown(self.fingerprint, 24)}）" if self.key_id else "署名なし"
        return f"{shown(self.pc_name)}{who}、{shown(self.exported_at.replace('T', ' ')[:16])}、{key}"


TRUSTED, UNKNOWN_KEY, UNSIGNED = "trusted", "unknown_key", "unsigned"


@dataclass(frozen=True)
class Package:
    manifest: Manifest
    records: Incoming
    synonyms: dict[str, list[str]]
    translations: tuple[translation_sync.TranslationRow, ...] = ()
    trust: str = UNSIGNED  # TRUSTED: signed with this PC's key
    index: ShippedIndex | None = None  # its own search index (trusted, of this index version)

    def close(self) -> None:
        """Let go of the package's search index (its background work stopped, its extracted file
        removed): after an import (``apply_package`` does it), or a preview that is not applied."""
        if self.index is not None:
            self.index.close()

    @property
    def trusted(self) -> bool:
        return self.trust == TRUSTED

    def untrusted_reason(self) -> str:
        """Why an administrator must accept this package explicitly (Japanese, one line)."""
        m = self.manifest
        what = (
            "署名がありません"
            if self.trust == UNSIGNED
            else "この PC の鍵ではない鍵で署名されています"
            if package_key.load_safely()
            else "この PC にはまだ鍵がないため、署名を確かめられません"
        )
        return f"このパッケージは{what}（作成: {m.origin}）"


def pc_name() -> str:
    return socket.gethostname() or platform.node() or "（不明）"


# Fields added after format 1: signed only when set, so a format-1 package's signature still holds.
_LATER_FIELDS = ("index_sha256", "index_version")


def signed_fields(m: Manifest) -> dict[str, Any]:
    """What the signature covers: the whole manifest (with the content's SHA-256) but itself."""
    return {
        "format": FORMAT,
        **{k: v for k, v in m.__dict__.items() if k != "signature" and not (k in _LATER_FIELDS and not v)},
    }


def trust_of(m: Manifest) -> str:
    """TRUSTED, UNKNOWN_KEY or UNSIGNED; a package that claims this PC's key but whose signature
    does not match was changed after signing and is refused outright."""
    if not m.key_id or not m.signature:
        return UNSIGNED
    key = package_key.load_safely()
    if key is None or key.key_id != m.key_id:
        return UNKNOWN_KEY
    if not package_key.verify(key, signed_fields(m), m.signature):
        raise PackageError(
            "署名が一致しません。パッケージが書き換えられています。書き出した PC でもう一度書き出してください。"
        )
    return TRUSTED
