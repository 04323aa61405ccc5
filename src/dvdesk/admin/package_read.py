"""Reading a data package, verified whole before the directory is touched: a ZIP (not a JSON
file, not empty, not cut short), both members there and within their bounds (a national-size
package only when this PC's key signed it: ``bounds.NATIONAL_PACKAGE``), the content read a
record at a time (``domain.json_stream``, never whole), a manifest of a
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
from collections import Counter
from pathlib import Path
from typing import IO, Any

from dvdesk.admin import package_index, translation_sync
from dvdesk.admin.collector import pausing
from dvdesk.admin.kinds import KINDS, Kind
from dvdesk.admin.package_format import (
    CONTENT,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    TRUSTED,
    Manifest,
    Package,
    PackageError,
    trust_of,
)
from dvdesk.admin.package_index import MEMBER as INDEX_MEMBER
from dvdesk.admin.package_index import ShippedIndex
from dvdesk.admin.packed import PackedSnapshots
from dvdesk.admin.records import RecordError, Snapshot, coerce_snapshot
from dvdesk.admin.sync import Incoming
from dvdesk.domain import bounds
from dvdesk.domain.integrity import shown
from dvdesk.domain.json_stream import JsonStream


@pausing  # (``admin.collector``)
def read_package(path: Path, *, extract: bool = True) -> Package:
    """The package at ``path``, fully verified. Raises PackageError saying why not.

    ``extract``: a package's own search index is extracted and checked in a background thread from
    the moment its manifest is verified (``ShippedIndex.start``), while the records are read and
    previewed; the caller ends it with ``Package.close`` (the import does). False (a dry run): it is
    extracted only if an import asks for it."""
    begun: list[ShippedIndex] = []
    try:
        return _read_package(Path(path), begun if extract else None)
    except BaseException as exc:
        for index in begun:  # the background work stopped, its file removed
            index.close()
        if isinstance(exc, bounds.TooLarge):
            raise PackageError(str(exc)) from None
        raise


def _read_package(path: Path, begun: list[ShippedIndex] | None) -> Package:
    try:
        size = bounds.check_size(path, bounds.NATIONAL_PACKAGE.file + bounds.MAX_INDEX)
        with open(path, "rb") as f:
            head = f.read(64)
    except OSError as exc:
        raise PackageError(f"ファイルを読めません: {path}（{exc.strerror or exc}）") from None
    if not size or not head:
        raise PackageError("ファイルが空です（0 バイト）。コピーが途中で失敗した可能性があります。")
    if not head.startswith(b"PK\x03\x04"):
        hint = "（JSON ファイルです。HSDS の取り込みを使ってください）" if head.lstrip()[:1] in (b"{", b"[") else ""
        raise PackageError(f"dvdesk のデータパッケージではありません（ZIP 形式ではありません）{hint}")
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            if twice := sorted(
                n for n, k in Counter(names).items() if k > 1 and n in (MANIFEST, CONTENT, INDEX_MEMBER)
            ):
                raise PackageError(  # one reader takes the first, dvdesk the last: which did she check? (h19)
                    f"パッケージの中に同じ名前のファイルが2つあります（{shown(twice[0])}）。"
                    "書き換えられた可能性があります。書き出した PC でもう一度書き出してください。"
                )
            missing = {MANIFEST, CONTENT} - set(names)
            if missing:
                raise PackageError(f"パッケージの中身が足りません（{'、'.join(sorted(missing))} がありません）")
            manifest = _manifest(bounds.read_member(zf, MANIFEST, bounds.MAX_MANIFEST))
            trust = trust_of(manifest)
            # A national package is read only when this PC's key signed it (docs/performance.md).
            limits = bounds.NATIONAL_PACKAGE if trust == TRUSTED else bounds.PACKAGE
            index = _index(zf, path, manifest) if trust == TRUSTED else None
            beside = zf.getinfo(INDEX_MEMBER).compress_size if index else 0  # bounded on its own
            if size - beside > limits.file:
                raise bounds.TooLarge(limits.refusal(f"ファイルが大きすぎます（{bounds.mb(size)}）"))
            bounds.check_zip(zf, limits.content + bounds.MAX_MANIFEST, limits, besides=INDEX_MEMBER if index else "")
            listed = sum(v for k, v in manifest.counts.items() if k in KINDS)
            if listed > limits.records:
                raise bounds.TooLarge(limits.refusal(f"パッケージの記録が多すぎます（{listed:,}件）"))
            if index is not None and begun is not None:
                begun.append(index)
                index.start()  # overlaps the records' read and the preview (both pure Python)
            with zf.open(CONTENT) as raw:
                records, synonyms, translations = _stream(raw, manifest, limits)
    except (PackageError, bounds.TooLarge):
        raise
    # A damaged central directory surfaces as any of these (a bad seek is an OSError).
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError, ValueError, RuntimeError) as exc:
        raise PackageError(
            "ファイルが途中で切れているか、壊れています（ZIP として読めません）。"
            f"USB メモリからもう一度コピーしてください。（{exc}）"
        ) from None
    counts = {name: len(snaps) for name, snaps in records.items()} | {"synonym": len(synonyms)}
    counts["translation"] = len(translations)
    if any(counts.get(k, 0) != v for k, v in manifest.counts.items()):
        raise PackageError("記録の件数がマニフェストと一致しません。パッケージが壊れています。")
    return Package(manifest, records, synonyms, translations, trust=trust, index=index)


def _index(zf: zipfile.ZipFile, path: Path, manifest: Manifest) -> ShippedIndex | None:
    """The package's own search index (format 2, this PC's key), when this dvdesk can use it: its
    member there, within ``bounds.MAX_INDEX``, of this index version. Anything else is ignored (the
    import builds the index itself, as for a format-1 package)."""
    if not manifest.index_sha256 or not package_index.usable(manifest.index_version):
        return None
    try:
        info = zf.getinfo(INDEX_MEMBER)
    except KeyError:  # the records are whole without it: the import builds the index
        return None
    if info.flag_bits & 0x1 or info.file_size > bounds.MAX_INDEX:
        return None
    return ShippedIndex(path, manifest.index_sha256)


Parsed = tuple[Incoming, dict[str, list[str]], tuple[translation_sync.TranslationRow, ...]]


def _stream(raw: IO[bytes], manifest: Manifest, limits: bounds.PackageLimits) -> Parsed:
    """The content read a record at a time (never whole), its SHA-256 taken as it streams by.
    A content that does not match the manifest's checksum says so before any other fault."""
    digest = hashlib.sha256()
    js = JsonStream(
        raw,
        what=CONTENT,
        max_bytes=limits.content,
        max_value=bounds.MAX_RECORD_CHARS,
        max_values=limits.values,
        on_bytes=digest.update,
    )
    try:
        parsed = _parse(js, limits)
        js.end()
    except (json.JSONDecodeError, UnicodeDecodeError, PackageError) as exc:
        js.drain()  # within the size limit: the checksum first, as when the content was read whole
        if digest.hexdigest() != manifest.sha256:
            raise _checksum_error() from None
        if isinstance(exc, UnicodeDecodeError):
            raise PackageError(
                f"{CONTENT} の文字コードが UTF-8 ではありません（Shift_JIS などで保存し直された可能性があります）"
            ) from None
        if isinstance(exc, json.JSONDecodeError):
            raise PackageError(
                f"{CONTENT} の形式が正しくありません（{exc.lineno}行目: JSON として読めません）"
            ) from None
        raise
    if digest.hexdigest() != manifest.sha256:
        raise _checksum_error()
    return parsed


def _checksum_error() -> PackageError:
    return PackageError(
        "チェックサムが一致しません。ファイルが壊れているか、書き換えられています。"
        "書き出した PC でもう一度書き出してください。"
    )


def _parse(js: JsonStream, limits: bounds.PackageLimits) -> Parsed:
    if js.peek() != "{":
        raise PackageError("パッケージの内容の形が正しくありません（records がありません）")
    records: dict[str, PackedSnapshots] = {}
    synonyms: Any = {}
    translations: list[Any] = []
    seen: set[str] = set()
    for top in js.members():
        if top in seen:
            raise PackageError(f"パッケージの内容の形が正しくありません（{shown(top)} が2回あります）")
        seen.add(top)
        if top == "records":
            if js.peek() != "{":
                raise PackageError("パッケージの内容の形が正しくありません（records がありません）")
            for name in js.members():
                _read_kind(js, name, records, limits)
        elif top == "translations" and js.peek() == "[":
            for _ in js.items():  # rows are counted: a million tiny ones would take minutes to refuse
                if len(translations) >= limits.records:
                    raise bounds.TooLarge(limits.refusal(f"翻訳が多すぎます（{limits.records:,}件を超えます）"))
                translations.append(js.value())
        elif top == "synonyms":
            synonyms = js.value()
        else:
            js.value()
    if "records" not in seen:
        raise PackageError("パッケージの内容の形が正しくありません（records がありません）")
    if not isinstance(synonyms, dict) or not all(
        isinstance(v, list) and all(isinstance(t, str) for t in v) for v in synonyms.values()
    ):
        raise PackageError("同義語の形が正しくありません")
    try:
        rows = tuple(translation_sync.parse(translations))
    except ValueError as exc:
        raise PackageError(str(exc)) from None
    return records, synonyms, rows


def _read_kind(js: JsonStream, name: str, records: dict[str, PackedSnapshots], limits: bounds.PackageLimits) -> None:
    """One kind's list, each record checked (and the raw one dropped) as it is read, then packed
    (``admin.packed``: a national package's records are tens of MB packed, ~900 MB as dicts)."""
    if name not in KINDS:
        raise PackageError(f"パッケージに知らない種類の記録があります: {shown(name)}")
    kind = KINDS[name]
    if name in records or js.peek() != "[":
        raise PackageError(f"{kind.label}の一覧の形が正しくありません")
    snaps = PackedSnapshots(title_field=kind.title_field)
    records[name] = snaps
    keys: set[str] = set()
    unwritten = {f.name for f in kind.fields}  # until a record carries it (dvdesk's export: the first does)
    read_before = sum(map(len, records.values()))
    for i, _ in enumerate(js.items()):
        if read_before + i >= limits.records:
            raise bounds.TooLarge(limits.refusal(f"パッケージの記録が多すぎます（{limits.records:,}件を超えます）"))
        item = js.value()
        if unwritten and isinstance(item, dict):
            unwritten.difference_update(item)
        snaps.append(_snapshot(kind, i, item, keys))
    snaps.seal()
    snaps.unwritten = frozenset(unwritten) if len(snaps) else frozenset()


def _snapshot(kind: Kind, i: int, item: Any, keys: set[str]) -> Snapshot:
    where = f"{kind.label}の{i + 1}件目"
    try:
        snap = coerce_snapshot(kind, item)
    except RecordError as exc:
        key = item.get("key") if isinstance(item, dict) else None
        named = f"（{shown(key)}）" if isinstance(key, str) and key else ""
        raise PackageError(f"記録に誤りがあります: {where}{named}: {shown(str(exc), 200)}") from None
    missing = [f.label for f in kind.fields if f.required and not str(snap[f.name]).strip()]
    if missing:
        raise PackageError(f"記録に誤りがあります: {where}（{shown(snap['key'])}）: 「{'」「'.join(missing)}」が空です")
    if snap["key"] in keys:
        raise PackageError(f"記録に誤りがあります: {where}: キー「{shown(snap['key'])}」が重複しています")
    keys.add(snap["key"])
    return snap


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
