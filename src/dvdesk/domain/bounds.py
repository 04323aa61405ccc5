"""How much a file from outside may hold, checked while it is read, before it can fill the memory.

Data packages, spreadsheets, HSDS files and the bundled directory all read through these: a file's
size before it is opened, a ZIP member's size before (and while) it is inflated, the number of
values a JSON text would build before it is parsed, its nesting, and rows as they are iterated.
Each refusal is ``TooLarge`` with a one-line Japanese message; the caller turns it into its own
error. The limits are far above a real directory (the two bundled municipalities make a 270 KB
package of 12,000 JSON values) and keep a refused file under a few hundred MB and a few seconds.
"""

from __future__ import annotations

import json
import sys
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

MB = 1024 * 1024
MAX_FILE = 64 * MB  # a package, a CSV, an HSDS file; inflated package content
MAX_XLSX_INFLATED = 128 * MB  # all the XML inside an .xlsx (sheets, shared strings)
MAX_MANIFEST = 64 * 1024
MAX_JSON_VALUES = 4_000_000  # "{", "[", "," and ":" in the text: what json.loads would build
MAX_RECORDS = 200_000  # records in one package or HSDS file
MAX_ROWS = 50_000  # rows of one sheet
MAX_COLUMNS = 200
MAX_ZIP_MEMBERS = 1_000

T = TypeVar("T")
MAX_RECORD_CHARS = 1 * MB  # one record of a package, as JSON text (a real one is a few KB)


@dataclass(frozen=True)
class PackageLimits:
    """What a data package may hold. Its content is read a record at a time (``json_stream``), so
    memory follows what is kept (the records, bounded by ``records`` and ``values``), never the
    text; ``content`` bounds the inflating time."""

    who: str  # whose limits, in the refusal
    file: int  # the .dvdesk file on the stick
    content: int  # directory.json, inflated
    records: int
    values: int  # JSON values in all: what the records take in memory (about 60 bytes each)
    advice: str

    def refusal(self, what: str) -> str:
        limit = f"{_mb(self.content)}・{self.records:,}件・値 {self.values:,}個"
        return f"{what}。{self.who}の上限は {limit} です。{self.advice}"


# A package from anyone (unsigned, or signed with another PC's key): at most a few hundred MB of
# memory and a few seconds before a refusal, whatever the file holds.
PACKAGE = PackageLimits(
    "署名のないパッケージ（またはこの PC の鍵ではない鍵のもの）",
    MAX_FILE,
    MAX_FILE,
    MAX_RECORDS,
    MAX_JSON_VALUES,
    "全国規模のパッケージは、この PC と同じ鍵で署名して書き出したものだけを読みます"
    "（大きな偽のファイルで PC のメモリを使い切らせないため）。または市区町村ごとに分けてください。",
)
# A package signed with this PC's key (checked from the manifest before the content is read):
# a national directory (about 350,000 services) fits with room; the memory a file this size can
# take is what a real national import takes anyway (docs/performance.md, "Package limits").
NATIONAL_PACKAGE = PackageLimits(
    "この PC の鍵で署名されたパッケージ",
    512 * MB,
    2048 * MB,
    500_000,
    60_000_000,
    "都道府県ごとに分けて書き出してください。",
)


# A package's own search index (format 2), beside its content: read only from a package signed with
# this PC's key (from anyone else it counts as content, under ``PACKAGE``'s limits). It is copied
# to disk, never held in memory; the national index is ~2.7 GB inflated, ~1 GB in the ZIP.
MAX_INDEX = 8192 * MB


class TooLarge(ValueError):
    """A file beyond a limit; ``str()`` is one Japanese line."""


def _mb(n: int) -> str:
    return f"{n / MB:,.0f} MB" if n >= MB else f"{n // 1024} KB"


mb = _mb


def _sizes(n: int, limit: int) -> tuple[str, str]:
    """``n`` and ``limit`` as a refusal prints them: in bytes when MB would print the same figure
    twice (「展開すると 128 MB、上限 128 MB」 read as no reason at all: h19)."""
    if _mb(n) != _mb(limit):
        return _mb(n), _mb(limit)
    return f"{n:,} バイト", f"{limit:,} バイト"


def check_size(path: Path, limit: int = MAX_FILE) -> int:
    """The size of ``path``, refused above ``limit`` before a byte is read (an OSError passes)."""
    size = Path(path).stat().st_size
    if size > limit:
        raise TooLarge("ファイルが大きすぎます（{}、上限 {}）。分けて取り込んでください。".format(*_sizes(size, limit)))
    return size


def read_file(path: Path, limit: int = MAX_FILE) -> bytes:
    """At most ``limit`` bytes of ``path``; a file that grows while read is refused too."""
    check_size(path, limit)
    with open(path, "rb") as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"ファイルが大きすぎます（上限 {_mb(limit)}）。分けて取り込んでください。")
    return data


def check_zip(zf: zipfile.ZipFile, inflated_limit: int, limits: PackageLimits | None = None, besides: str = "") -> None:
    """Members, declared sizes and encryption, from the central directory, before inflating
    (``limits``: a package's, named in the refusal; ``besides``: a member bounded on its own)."""
    infos = [i for i in zf.infolist() if i.filename != besides or not besides]
    if len(infos) > MAX_ZIP_MEMBERS:
        raise TooLarge(f"ZIP の中のファイルが多すぎます（{len(infos)}個）")
    if any(i.flag_bits & 0x1 for i in infos):
        raise TooLarge("暗号化された ZIP は読めません。暗号化せずに書き出してください。")
    total = sum(i.file_size for i in infos)
    if total > inflated_limit and limits:
        raise TooLarge(limits.refusal(f"ZIP の中身が大きすぎます（展開すると {_mb(total)}）"))
    if total > inflated_limit:
        raise TooLarge(
            "ZIP の中身が大きすぎます（展開すると {}、上限 {}）。分けて書き出してください。".format(
                *_sizes(total, inflated_limit)
            )
        )


def read_member(zf: zipfile.ZipFile, name: str, limit: int = MAX_FILE) -> bytes:
    """One member, inflated in pieces and stopped at ``limit`` whatever its header claims."""
    info = zf.getinfo(name)
    if info.flag_bits & 0x1:
        raise TooLarge("暗号化された ZIP は読めません。暗号化せずに書き出してください。")
    if info.file_size > limit:
        raise TooLarge(
            "{} が大きすぎます（展開すると {}、上限 {}）。".format(name, *_sizes(info.file_size, limit))
            + "市区町村ごとに書き出して、分けて取り込んでください。"
        )
    with zf.open(info) as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(
            f"{name} が大きすぎます（上限 {_mb(limit)}）。市区町村ごとに書き出して、分けて取り込んでください。"
        )
    return data


def json_values(data: bytes | str) -> int:
    """An upper bound of the values ``json.loads`` would build (C-speed counts, no parsing)."""
    if isinstance(data, bytes):
        return sum(data.count(m) for m in (b"{", b"[", b",", b":"))
    return sum(data.count(m) for m in ("{", "[", ",", ":"))


def loads(text: str, what: str) -> Any:
    """``json.loads`` of a text already limited in size, refused first when it would build too
    many values (``{},{},…``) and when it nests too deeply. A JSONDecodeError passes."""
    values = json_values(text)
    if values > MAX_JSON_VALUES:
        raise TooLarge(
            f"{what} の値が多すぎます（約{values:,}個、上限 {MAX_JSON_VALUES:,}個）。分けて取り込んでください。"
        )
    try:
        return json.loads(text)
    except RecursionError:
        raise TooLarge(f"{what} の入れ子が深すぎます（JSON として読めません）") from None
    except json.JSONDecodeError:
        raise
    except ValueError:  # Python's own limit on an int's digits (sys.get_int_max_str_digits)
        raise TooLarge(
            f"{what} に桁が多すぎる数があります（{sys.get_int_max_str_digits():,}桁まで）。"
            "壊れたファイルか、書き出し元の誤りです"
        ) from None


def count_records(n: int, what: str) -> None:
    if n > MAX_RECORDS:
        raise TooLarge(f"{what}の記録が多すぎます（{n:,}件、上限 {MAX_RECORDS:,}件）。分けて取り込んでください。")


def rows(iterable: Iterable[T], what: str, limit: int = MAX_ROWS) -> Iterator[T]:
    """The rows of ``iterable``, stopping with TooLarge at row ``limit + 1`` (header included)."""
    for number, row in enumerate(iterable, start=1):
        if number > limit:
            raise TooLarge(f"{what}の行が多すぎます（上限 {limit:,}行）。分けて取り込んでください。")
        yield row
