"""Reading a data package, verified whole before the directory is touched: a ZIP (not a JSON
file, not empty, not cut short), both members there and within their bounds, a manifest of a
format version this dvdesk reads, the content matching its SHA-256 and the manifest's counts,
every record well formed with no key twice, and the signature checked. Anything else is a
``PackageError`` saying, in one Japanese line, what is wrong and what to do.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import zipfile
import zlib
from pathlib import Path
from typing import Any

from dvdesk.admin import translation_sync
from dvdesk.admin.kinds import KINDS
from dvdesk.admin.package_format import (
    CONTENT,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MAX_CONTENT_BYTES,
    Manifest,
    Package,
    PackageError,
    trust_of,
)
from dvdesk.admin.records import RecordError, coerce_snapshot
from dvdesk.admin.sync import Incoming
from dvdesk.domain import bounds
from dvdesk.domain.integrity import shown


def read_package(path: Path) -> Package:
    """The package at ``path``, fully verified. Raises PackageError saying why not."""
    try:
        return _read_package(Path(path))
    except bounds.TooLarge as exc:
        raise PackageError(str(exc)) from None


def _read_package(path: Path) -> Package:
    try:
        data = bounds.read_file(path, MAX_CONTENT_BYTES)
    except OSError as exc:
        raise PackageError(f"ファイルを読めません: {path}（{exc.strerror or exc}）") from None
    if not data:
        raise PackageError("ファイルが空です（0 バイト）。コピーが途中で失敗した可能性があります。")
    if not data.startswith(b"PK\x03\x04"):
        hint = "（JSON ファイルです。HSDS の取り込みを使ってください）" if data.lstrip()[:1] in (b"{", b"[") else ""
        raise PackageError(f"dvdesk のデータパッケージではありません（ZIP 形式ではありません）{hint}")
    members = _unzip(path)
    manifest = _manifest(members[MANIFEST])
    content = members[CONTENT]
    if hashlib.sha256(content).hexdigest() != manifest.sha256:
        raise PackageError(
            "チェックサムが一致しません。ファイルが壊れているか、書き換えられています。"
            "書き出した PC でもう一度書き出してください。"
        )
    doc = _json(content, CONTENT)
    records, synonyms = _records(doc)
    try:
        translations = tuple(translation_sync.parse(doc.get("translations", [])))
    except ValueError as exc:
        raise PackageError(str(exc)) from None
    counts = {name: len(snaps) for name, snaps in records.items()} | {"synonym": len(synonyms)}
    counts["translation"] = len(translations)
    if any(counts.get(k, 0) != v for k, v in manifest.counts.items()):
        raise PackageError("記録の件数がマニフェストと一致しません。パッケージが壊れています。")
    return Package(manifest, records, synonyms, translations, trust=trust_of(manifest))


def _unzip(path: Path) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            missing = {MANIFEST, CONTENT} - names
            if missing:
                raise PackageError(f"パッケージの中身が足りません（{'、'.join(sorted(missing))} がありません）")
            bounds.check_zip(zf, MAX_CONTENT_BYTES + bounds.MAX_MANIFEST)
            return {
                MANIFEST: bounds.read_member(zf, MANIFEST, bounds.MAX_MANIFEST),
                CONTENT: bounds.read_member(zf, CONTENT, MAX_CONTENT_BYTES),
            }
    except (PackageError, bounds.TooLarge):
        raise
    # A damaged central directory surfaces as any of these (a bad seek is an OSError).
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError, ValueError, RuntimeError) as exc:
        raise PackageError(
            "ファイルが途中で切れているか、壊れています（ZIP として読めません）。"
            f"USB メモリからもう一度コピーしてください。（{exc}）"
        ) from None


def _json(data: bytes, name: str) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PackageError(
            f"{name} の文字コードが UTF-8 ではありません（Shift_JIS などで保存し直された可能性があります）"
        ) from None
    try:
        return bounds.loads(text, name)
    except json.JSONDecodeError as exc:
        raise PackageError(f"{name} の形式が正しくありません（{exc.lineno}行目: JSON として読めません）") from None


def _manifest(data: bytes) -> Manifest:
    doc = _json(data, MANIFEST)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise PackageError("dvdesk のデータパッケージではありません（マニフェストの形式が違います）")
    version = doc.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise PackageError("パッケージの形式の版が読み取れません。パッケージが壊れています。")
    if version > FORMAT_VERSION:
        raise PackageError(
            f"新しい版の dvdesk で作られたパッケージです（形式 {version}、この dvdesk は "
            f"{FORMAT_VERSION} まで読めます）。この PC の dvdesk を更新してください。"
        )
    optional = {f.name for f in dataclasses.fields(Manifest) if f.default is not dataclasses.MISSING}
    try:
        fields = {k: doc[k] for k in Manifest.__dataclass_fields__ if k in doc or k not in optional}
        manifest = Manifest(**fields)
    except (KeyError, TypeError):
        raise PackageError("マニフェストに必要な項目がありません。パッケージが壊れています。") from None
    texts = (
        "exported_at",
        "pc_name",
        "exported_by",
        "scope",
        "scope_name",
        "app_version",
        "sha256",
        "key_id",
        "key_name",
        "signature",
    )
    if (
        not all(isinstance(getattr(manifest, k), str) for k in texts)
        or not isinstance(manifest.counts, dict)
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in manifest.counts.values())
    ):
        raise PackageError("マニフェストの内容が正しくありません。パッケージが壊れています。")
    return manifest


def _records(doc: Any) -> tuple[Incoming, dict[str, list[str]]]:
    if not isinstance(doc, dict) or not isinstance(doc.get("records"), dict):
        raise PackageError("パッケージの内容の形が正しくありません（records がありません）")
    records: Incoming = {}
    bounds.count_records(sum(len(v) for v in doc["records"].values() if isinstance(v, list)), "パッケージ")
    for name, raw in doc["records"].items():
        if name not in KINDS:
            raise PackageError(f"パッケージに知らない種類の記録があります: {name}")
        kind = KINDS[name]
        if not isinstance(raw, list):
            raise PackageError(f"{kind.label}の一覧の形が正しくありません")
        seen: set[str] = set()
        records[name] = []
        for i, item in enumerate(raw):
            where = f"{kind.label}の{i + 1}件目"
            try:
                snap = coerce_snapshot(kind, item)
            except RecordError as exc:
                key = item.get("key") if isinstance(item, dict) else None
                named = f"（{shown(key)}）" if isinstance(key, str) and key else ""
                raise PackageError(f"記録に誤りがあります: {where}{named}: {shown(str(exc), 200)}") from None
            missing = [f.label for f in kind.fields if f.required and not str(snap[f.name]).strip()]
            if missing:
                raise PackageError(
                    f"記録に誤りがあります: {where}（{shown(snap['key'])}）: 「{'」「'.join(missing)}」が空です"
                )
            if snap["key"] in seen:
                raise PackageError(f"記録に誤りがあります: {where}: キー「{shown(snap['key'])}」が重複しています")
            seen.add(snap["key"])
            records[name].append(snap)
    synonyms = doc.get("synonyms", {})
    if not isinstance(synonyms, dict) or not all(
        isinstance(v, list) and all(isinstance(t, str) for t in v) for v in synonyms.values()
    ):
        raise PackageError("同義語の形が正しくありません")
    return records, synonyms
