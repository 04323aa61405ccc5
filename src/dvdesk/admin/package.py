"""Data packages: the directory on a USB stick, from one isolated PC to another.

A package is one ZIP file (``*.dvdesk``) holding two members:

- ``manifest.json``: format name and version, the exporting PC's name, when, by whom, the scope
  (the whole directory or one municipality), record counts, the SHA-256 of the content, and an
  HMAC-SHA256 signature of all that with the city's key (``package_key``);
- ``directory.json``: every record as a snapshot (``dvdesk.admin.records``), UTF-8, with the
  records' translations for the client copy (``dvdesk.admin.translation_sync``).

Why a ZIP and not bare JSON: it is one file that Windows can open without tools, ZIP's own
CRC-32 catches a stick pulled out mid-copy before the checksum is even read, it is small, and
it is not something a colleague opens in Notepad and re-saves as Shift_JIS. The SHA-256 in the
manifest covers the content byte for byte; a package whose content does not match it is refused.
The SHA-256 alone has no key (anyone could re-seal an edited ZIP); the signature has one: a package
not signed with this PC's key is applied only when an administrator accepts it, having seen who
made it, and one that claims this PC's key with a wrong signature is refused.

Reading verifies everything (``read_package``) before the directory is touched; applying
(``apply_package``) backs the database up and then writes all of it in one transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import platform
import socket
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from dvdesk import __version__
from dvdesk.admin import package_key, translation_sync
from dvdesk.admin.history import Edit
from dvdesk.admin.kinds import KINDS, Kind
from dvdesk.admin.known import Known
from dvdesk.admin.records import RecordError, Snapshot, coerce_snapshot, snapshot
from dvdesk.admin.sync import ChangePlan, Incoming, apply_changes, check_references, plan_changes
from dvdesk.admin.validation import check
from dvdesk.domain import bounds
from dvdesk.domain.integrity import DirectoryRefused, shown
from dvdesk.domain.json_stream import JsonStream
from dvdesk.domain.models import Meta, Municipality, Synonym
from dvdesk.storage import translation_files
from dvdesk.storage.backup import Backup
from dvdesk.storage.backup import take as backup_database

if TYPE_CHECKING:
    from dvdesk.storage.database_protocol import DatabaseLike

FORMAT = "dvdesk-package"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CONTENT = "directory.json"
SUFFIX = ".dvdesk"


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


# --- export ---------------------------------------------------------------------------------


def collect(session: Session, municipality_code: str | None = None) -> tuple[Incoming, dict[str, list[str]]]:
    """Every record (retired ones included), or one municipality's with what they refer to."""
    records: Incoming = {name: [snapshot(k, o) for o in session.scalars(_every(k))] for name, k in KINDS.items()}
    for snaps in records.values():
        snaps.sort(key=lambda s: s["key"])
    synonyms: dict[str, list[str]] = {}
    for s in session.scalars(select(Synonym).order_by(Synonym.group_key, Synonym.id)):
        synonyms.setdefault(s.group_key, []).append(s.term)
    if municipality_code:
        records = _scoped(records, municipality_code)
    return records, synonyms


def _every(kind: Kind) -> Any:
    """Every record of ``kind`` with what its snapshot reads loaded a query per relationship, not
    a query per record (a national export made 350,000 × 4 of them), a chunk of rows at a time."""
    eager = [selectinload(getattr(kind.model, f.orm)) for f in kind.fields if f.type in ("ref", "refs", "items")]
    return select(kind.model).options(*eager).execution_options(yield_per=2000)


def _scoped(records: Incoming, code: str) -> Incoming:
    """The municipality's records, the taxonomy, and (transitively) everything they refer to."""
    index = {(name, s["key"]): s for name, snaps in records.items() for s in snaps}
    wanted = {("municipality", code)} | {("need", s["key"]) for s in records["need"]}
    wanted |= {(name, s["key"]) for name, snaps in records.items() for s in snaps if s.get("municipality") == code}
    todo = list(wanted)
    while todo:
        name, key = todo.pop()
        for target, ref in _references(name, index[(name, key)]):
            if target == "initiative":
                target, ref = "plan", ref.rpartition("#")[0]
            if ref and (target, ref) not in wanted and (target, ref) in index:
                wanted.add((target, ref))
                todo.append((target, ref))
    return {name: [s for s in snaps if (name, s["key"]) in wanted] for name, snaps in records.items()}


def _references(name: str, snap: Snapshot) -> Iterator[tuple[str, str]]:
    for f in KINDS[name].fields:
        if f.type == "ref":
            yield f.target, snap[f.name]
        elif f.type == "refs":
            for key in snap[f.name]:
                yield f.target, key
        elif f.type == "items":
            for item in snap[f.name]:
                for sub in f.items:
                    if sub.type == "refs":
                        for key in item[sub.name]:
                            yield sub.target, key


def export_package(
    db: DatabaseLike, path: Path, municipality_code: str | None = None, exported_by: str = ""
) -> Manifest:
    with db.read() as session:
        scope_name = ""
        if municipality_code:
            muni = session.scalar(select(Municipality).where(Municipality.code == municipality_code))
            if muni is None:
                raise PackageError(f"市区町村コード {municipality_code} はディレクトリにありません")
            scope_name = muni.name
        records, synonyms = collect(session, municipality_code)
        keys = {s["key"] for snaps in records.values() for s in snaps} if municipality_code else None
        translations = translation_sync.export_rows(session, keys)
    content = json.dumps(
        {"records": records, "synonyms": synonyms, "translations": translations},
        ensure_ascii=False,
        indent=1,
        sort_keys=True,
    ).encode("utf-8")
    key = package_key.load_safely() or package_key.create(f"{pc_name()} の鍵")
    unsigned = Manifest(
        format_version=FORMAT_VERSION,
        exported_at=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        pc_name=pc_name(),
        exported_by=exported_by,
        scope=municipality_code or "",
        scope_name=scope_name,
        app_version=__version__,
        sha256=hashlib.sha256(content).hexdigest(),
        counts={name: len(snaps) for name, snaps in records.items()}
        | {"synonym": len(synonyms)}
        | {"translation": len(translations)},
        key_id=key.key_id,
        key_name=key.name,
    )
    manifest = dataclasses.replace(unsigned, signature=package_key.sign(key, _signed_fields(unsigned)))
    head = json.dumps({"format": FORMAT, **manifest.__dict__}, ensure_ascii=False, indent=1).encode("utf-8")
    _write_zip(Path(path), {MANIFEST: head, CONTENT: content})
    return manifest


def _signed_fields(m: Manifest) -> dict[str, Any]:
    """What the signature covers: the whole manifest (with the content's SHA-256) but itself."""
    return {"format": FORMAT, **{k: v for k, v in m.__dict__.items() if k != "signature"}}


def _trust(m: Manifest) -> str:
    """TRUSTED, UNKNOWN_KEY or UNSIGNED; a package that claims this PC's key but whose signature
    does not match was changed after signing and is refused outright."""
    if not m.key_id or not m.signature:
        return UNSIGNED
    key = package_key.load_safely()
    if key is None or key.key_id != m.key_id:
        return UNKNOWN_KEY
    if not package_key.verify(key, _signed_fields(m), m.signature):
        raise PackageError(
            "署名が一致しません。パッケージが書き換えられています。書き出した PC でもう一度書き出してください。"
        )
    return TRUSTED


def _write_zip(path: Path, members: dict[str, bytes]) -> None:
    """Write beside the target, then rename: a half-written package never has the real name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".dvdesk-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in members.items():
                zf.writestr(name, data)
            zf.close()
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- reading --------------------------------------------------------------------------------


def read_package(path: Path) -> Package:
    """The package at ``path``, fully verified. Raises PackageError saying why not."""
    try:
        return _read_package(Path(path))
    except bounds.TooLarge as exc:
        raise PackageError(str(exc)) from None


def _read_package(path: Path) -> Package:
    try:
        size = bounds.check_size(path, bounds.NATIONAL_PACKAGE.file)
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
            missing = {MANIFEST, CONTENT} - set(zf.namelist())
            if missing:
                raise PackageError(f"パッケージの中身が足りません（{'、'.join(sorted(missing))} がありません）")
            manifest = _manifest(bounds.read_member(zf, MANIFEST, bounds.MAX_MANIFEST))
            trust = _trust(manifest)
            # A national package is read only when this PC's key signed it (docs/performance.md).
            limits = bounds.NATIONAL_PACKAGE if trust == TRUSTED else bounds.PACKAGE
            if size > limits.file:
                raise bounds.TooLarge(limits.refusal(f"ファイルが大きすぎます（{bounds.mb(size)}）"))
            bounds.check_zip(zf, limits.content + bounds.MAX_MANIFEST, limits)
            listed = sum(v for k, v in manifest.counts.items() if k in KINDS)
            if listed > limits.records:
                raise bounds.TooLarge(limits.refusal(f"パッケージの記録が多すぎます（{listed:,}件）"))
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
    return Package(manifest, records, synonyms, translations, trust=trust)


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
    records: Incoming = {}
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


def _read_kind(js: JsonStream, name: str, records: Incoming, limits: bounds.PackageLimits) -> None:
    """One kind's list, each record checked (and the raw one dropped) as it is read."""
    if name not in KINDS:
        raise PackageError(f"パッケージに知らない種類の記録があります: {shown(name)}")
    kind = KINDS[name]
    if name in records or js.peek() != "[":
        raise PackageError(f"{kind.label}の一覧の形が正しくありません")
    snaps: list[Snapshot] = []
    records[name] = snaps
    keys: set[str] = set()
    read_before = sum(map(len, records.values()))
    for i, _ in enumerate(js.items()):
        if read_before + i >= limits.records:
            raise bounds.TooLarge(limits.refusal(f"パッケージの記録が多すぎます（{limits.records:,}件を超えます）"))
        snaps.append(_snapshot(kind, i, js.value(), keys))


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


# --- importing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    plan: ChangePlan
    backup: Path | None


def preview(db: DatabaseLike, package: Package) -> ChangePlan:
    """What importing ``package`` would change. Refuses references that lead nowhere."""
    with db.read() as session:
        problems = check_references(session, package.records)
        if problems:
            raise PackageError(
                "参照先のない記録があります: "
                + shown(problems[0], 200)
                + (f" ほか{len(problems) - 1}件" if len(problems) > 1 else "")
            )
        plan = plan_changes(session, package.records, package.synonyms)
        _check_records(session, package.records, plan)
        return _with_translations(session, plan, package)


def _with_translations(session: Session, plan: ChangePlan, package: Package) -> ChangePlan:
    unknown = translation_sync.unknown_keys(session, list(package.translations), package.records)
    if unknown:
        raise PackageError(
            "翻訳の対象の記録がありません: " + unknown[0] + (f" ほか{len(unknown) - 1}件" if len(unknown) > 1 else "")
        )
    diffs, unchanged = translation_sync.plan(session, list(package.translations))
    return dataclasses.replace(ChangePlan.of([*plan.diffs, *diffs], plan.unchanged + unchanged), index=plan.index)


def _check_records(session: Session, records: Incoming, plan: ChangePlan) -> None:
    """Each added or changed record checked like an edit in the administration window."""
    known = {(name, s["key"]) for name, snaps in records.items() for s in snaps}
    known |= {
        ("initiative", f"{p['key']}#{i['number']}") for p in records.get("plan", []) for i in p.get("initiatives", [])
    }
    by_key = {(name, s["key"]): s for name, snaps in records.items() for s in snaps}
    # Once per kind, not per record: rebuilt for each of 350,000 services it was quadratic.
    parents = {name: {s["key"]: s.get("parent", "") for s in snaps} for name, snaps in records.items()}
    directory = Known(session)  # the database's side of the checks: one query per kind, not per record
    for d in plan.diffs:
        if d.kind not in KINDS:
            continue
        problems = check(
            session,
            KINDS[d.kind],
            by_key[(d.kind, d.key)],
            is_new=d.action == "added",
            known=known,
            parents=parents[d.kind],
            directory=directory,
        )
        if problems:
            raise PackageError(
                f"記録に誤りがあります: {KINDS[d.kind].label}「{shown(d.title)}」（{shown(d.key)}）: "
                + " / ".join(shown(p.message, 200) for p in problems[:3])
            )


def apply_package(
    db: DatabaseLike,
    package: Package,
    admin: str,
    backup: Backup | None = backup_database,
    *,
    accept_untrusted: bool = False,
) -> ImportResult:
    """Back up, then apply everything in one transaction (or nothing, on any error). A package not
    signed with this PC's key needs ``accept_untrusted``: an administrator who saw who made it."""
    if not package.trusted and not accept_untrusted:
        raise PackageError(package.untrusted_reason() + "。作成者を確かめてから、明示的に受け入れてください。")
    plan = preview(db, package)
    if plan.empty:
        return ImportResult(plan, None)
    copy = backup(db.path, "import") if backup and not db.is_server else None  # a server: pg_dump
    m = package.manifest
    edit = Edit(
        admin or "（管理者名なし）",
        "import",
        note=f"パッケージ: {m.pc_name}（{m.exported_at.replace('T', ' ')[:16]}書き出し、{m.scope_label}）",
    )
    try:
        with db.write() as session:
            plan = _with_translations(session, apply_changes(session, package.records, edit, package.synonyms), package)
            translation_files.apply(session, list(package.translations))
            session.merge(
                Meta(
                    key="last_package_import",
                    value=json.dumps(
                        {
                            "at": edit.at.isoformat(),
                            "from": m.pc_name,
                            "exported_at": m.exported_at,
                            "sha256": m.sha256,
                            "admin": edit.admin,
                        },
                        ensure_ascii=False,
                    ),
                )
            )
    except (RecordError, DirectoryRefused) as exc:
        raise PackageError(f"取り込めませんでした（何も変更していません）: {exc}") from None
    return ImportResult(plan, copy)
